"""The state a plan is built from, and the context every transform reads.

Transforms are pure functions ``(state, ctx) -> state``: each returns a new state with its
changes and one or more ``Change`` entries in the history, so a plan says what happened and why.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..media.image_limits import ImageLimits
from ..report import Tier
from ..specs.resolve import Tiers, tiers_for
from ..variant.change import Change

if TYPE_CHECKING:
    from ..content.handles import HandleMap
    from ..content.item import SourceItem
    from ..media.prober import Prober
    from ..media.scene.model import Scene
    from ..report import Finding
    from ..specs.adapt_settings import AdaptSettings
    from ..specs.platform import FormatSpec, PlatformSpec
    from ..specs.policy import Policy
    from ..specs.registry import SpecRegistry
    from ..variant.plan import MediaPlan, SidecarPlan
    from .rewrite import Rewriter


@dataclass(frozen=True)
class PlanContext:
    """Inputs shared by every transform of one item and target."""

    item: SourceItem
    target: str
    fmt: FormatSpec
    platform: PlatformSpec
    settings: AdaptSettings
    policy: Policy | None = None
    handles: HandleMap | None = None
    rewriter: Rewriter | None = None
    facts: dict[int, Any] = field(default_factory=dict)
    subtitles: dict[int, Any] = field(default_factory=dict)
    prober: Prober | None = None  # pixels are read through it (``analyse``, ``scene``)
    image_limits: ImageLimits = field(default_factory=ImageLimits)  # the run's [limits]

    def scene(self, index: int) -> tuple[Scene | None, str]:
        """What video ``index`` shows (shots, subjects), or None and why there is none; the
        prober analyses a video once for every target."""
        from ..errors import CrosspostError
        from ..media.prober import SceneProber

        resolved = self.item.media[index].resolved
        if not isinstance(self.prober, SceneProber) or resolved is None:
            return None, "the subject was not analysed"
        try:
            return self.prober.scene(resolved), ""
        except CrosspostError as exc:
            return None, f"the subject could not be analysed ({exc})"

    @functools.cached_property
    def tiers(self) -> Tiers:
        """Which tier's value applies for this target and post (the one resolver)."""
        return tiers_for(self.fmt, self.policy, has_media=bool(self.item.media))

    @classmethod
    def of(cls, item: SourceItem, target: str, specs: SpecRegistry, *,
           handles: HandleMap | None = None, rewriter: Rewriter | None = None,
           facts: dict[int, Any] | None = None, subtitles: dict[int, Any] | None = None,
           prober: Prober | None = None,
           image_limits: ImageLimits | None = None) -> PlanContext:
        """The context of ``item`` on ``target`` under ``specs`` (its policy's adapt
        settings): what ``plan`` builds, and ``check`` for its preview. ``image_limits``
        default to ``prober``'s, so a plan and a preview decide under the same budget."""
        from ..media.prober import image_limits_of
        from ..specs.policy import adapt_settings

        target = specs.normalise(target)
        policy = specs.policy
        return cls(item=item, target=target, fmt=specs.resolve(target),
                   platform=specs.platform_of(target),
                   settings=adapt_settings(policy), policy=policy,
                   handles=handles, rewriter=rewriter, facts=facts or {},
                   subtitles=subtitles or {}, prober=prober,
                   image_limits=image_limits or image_limits_of(prober))


@dataclass(frozen=True)
class PlanState:
    """The variant as built so far."""

    text: str
    title: str | None = None
    thread: tuple[str, ...] = ()
    first_comment: str | None = None
    suffix: str | None = None  # kept whole at the end when fitting (the AI disclosure)
    links: tuple[str, ...] = ()
    fields: tuple[tuple[str, Any], ...] = ()
    media: tuple[MediaPlan, ...] = ()
    dropped: tuple[int, ...] = ()  # media indexes left out of this variant (carousel cap)
    sidecars: tuple[SidecarPlan, ...] = ()
    history: tuple[Change, ...] = ()
    # (rule, severity, message, tier) found while planning: what adapt did that the reader
    # should know (a cut text, a soft upscale), reported with the re-check's findings
    # and the index of the medium it is about (None: the variant as a whole)
    notes: tuple[Note, ...] = ()

    def evolve(self, *changes: Change, **updates: Any) -> PlanState:
        """A new state with ``updates`` applied and ``changes`` added to the history."""
        return dataclasses.replace(self, history=self.history + changes, **updates)

    def note_reframe(self, rule: str, path: str, ratio: float, planned: float, done: str,
                     index: int) -> PlanState:
        """An accepted ratio ``done`` ("cropped", "padded") to the preferred one, in the words
        check used (``rules.limits.reframe_text``)."""
        from ..rules.limits import reframe_text

        return self.note(rule, "warning", reframe_text(path, ratio, planned, f"{done} it"),
                         tier="recommended", index=index)

    def note(self, rule: str, severity: str, message: str, *,
             tier: Tier | None = None, index: int | None = None) -> PlanState:
        """Record a finding of planning; ``index`` names the medium it is about."""
        return dataclasses.replace(
            self, notes=(*self.notes, (rule, severity, message, tier, index)))


Note = tuple[str, str, str, Tier | None, int | None]


def note_finding(item: SourceItem, target: str, note: Note) -> Finding:
    """A note of planning as the finding ``plan``, ``adapt`` and ``check`` report, at the
    medium's line when it is about one."""
    from ..report import Finding

    rule, severity, message, tier, index = note
    where = ("media", index, "path") if index is not None else None
    return Finding(rule=rule, severity=severity, message=message,
                   tier=tier, item=item.id, target=target, path=item.source_path,
                   field=f"media[{index}].path" if where else None,
                   line=item.line_of(where) if where else None)
