"""The state a plan is built from, and the context every transform reads.

Transforms are pure functions ``(state, ctx) -> state``: each returns a new state with its
changes and one or more ``Change`` entries in the history, so a plan says what happened and why.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..variant.plan import Change, MediaPlan, SidecarPlan

if TYPE_CHECKING:
    from ..content.item import SourceItem
    from ..specs.adapt_settings import AdaptSettings
    from ..specs.platform import FormatSpec, PlatformSpec
    from ..specs.policy import Policy
    from .handles import HandleMap
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

    def values(self, block: str, name: str) -> list[Any]:
        """Values of ``block.name`` in the limits, recommended and policy tiers that set it."""
        found = []
        for tier in ("limits", "recommended", "policy"):
            constraints = getattr(self.fmt.tier(tier), block)
            value = getattr(constraints, name, None) if constraints is not None else None
            if value is not None:
                found.append(value.value)
        return found

    def strictest_max(self, block: str, name: str) -> Any:
        found = self.values(block, name)
        return min(found) if found else None

    def hard_max(self, block: str, name: str) -> Any:
        """The smallest maximum of the tiers that reject (limits) or that the policy enforces."""
        found = []
        for tier in ("limits", "policy"):
            constraints = getattr(self.fmt.tier(tier), block)
            value = getattr(constraints, name, None) if constraints is not None else None
            if value is not None:
                found.append(value.value)
        return min(found) if found else None

    def flag(self, block: str, name: str) -> bool | None:
        """A yes/no fact: the first tier that sets it, policy first (it may decide)."""
        for tier in ("policy", "limits", "recommended"):
            constraints = getattr(self.fmt.tier(tier), block)
            value = getattr(constraints, name, None) if constraints is not None else None
            if value is not None:
                return bool(value.value)
        return None


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
    notes: tuple[tuple[str, str, str], ...] = ()  # (rule, severity, message) found while planning

    def evolve(self, *changes: Change, **updates: Any) -> PlanState:
        """A new state with ``updates`` applied and ``changes`` added to the history."""
        return dataclasses.replace(self, history=self.history + changes, **updates)

    def note(self, rule: str, severity: str, message: str) -> PlanState:
        return dataclasses.replace(self, notes=(*self.notes, (rule, severity, message)))
