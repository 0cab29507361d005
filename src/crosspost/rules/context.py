"""What a rule sees: one item, one target's format, the probe, and helpers to report findings."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..report import TIER_SEVERITY, Finding, Severity, Tier
from ..specs.platform import FormatSpec, PlatformSpec
from ..specs.resolve import Tiers, tiers_for
from ..specs.sourced import Sourced

if TYPE_CHECKING:
    from ..content.handles import HandleMap
    from ..content.item import MediaAsset, SourceItem
    from ..media.prober import Prober
    from ..specs.adapt_settings import AdaptSettings
    from ..specs.policy import Policy
    from .platform_text import PlatformText

B = TypeVar("B")
Key = tuple[str | int, ...]


@dataclass(frozen=True)
class ItemContext:
    """Inputs of a rule that looks at the item once, whatever the targets."""

    item: SourceItem
    prober: Prober
    policy: Policy | None = None
    facts: dict[int, Any] = field(default_factory=dict)
    subtitles: dict[int, Any] = field(default_factory=dict)
    handles: HandleMap | None = None  # None: no handle map, every `@{key}` is unknown

    def finding(
        self,
        rule: str,
        message: str,
        *,
        severity: Severity = "error",
        key: Key | None = None,
        target: str | None = None,
        span: tuple[int, int] | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding located at ``key`` in the post file; ``span`` (start and end offsets in
        that field's text) adds the columns of the characters it is about."""
        line = self.item.line_of(key) if key else None
        position = self.item.position_of(key, *span) if key and span else None
        if position is not None:
            line = position.line
            extra.update(column=position.column, end_line=position.end_line,
                         end_column=position.end_column)
        return Finding(
            rule=rule,
            severity=severity,
            message=message,
            item=self.item.id,
            target=target,
            path=self.item.source_path,
            line=line,
            field=_dotted(key) if key else None,
            **extra,
        )

    def first_written(self, *keys: Key) -> Key:
        """The first of ``keys`` that the post file spells out, else the last one.

        ``model_fields_set`` cannot tell: loading fills in fields (media paths, source path)
        with ``model_copy``, which marks them set although the author never wrote them.
        """
        doc = getattr(self.item, "_doc", None)
        for key in keys:
            if doc is not None and key in doc.lines:
                return key
        return keys[-1]

    @property
    def settings(self) -> AdaptSettings:
        """The adapt settings in force (``specs.policy.adapt_settings``), as the plan has them."""
        from ..specs.policy import adapt_settings

        return adapt_settings(self.policy)

    def media_facts(self, index: int) -> Any:
        """Probed facts of media ``index``, or None when probing failed (reported elsewhere)."""
        return self.facts.get(index)


@dataclass(frozen=True)
class TargetContext(ItemContext):
    """Inputs of a rule that judges the item for one target."""

    target: str = ""
    fmt: FormatSpec | None = None
    platform: PlatformSpec | None = None

    @property
    def spec(self) -> FormatSpec:
        assert self.fmt is not None
        return self.fmt

    @property
    def text(self) -> str:
        return self.item.text_for(self.target)

    @functools.cached_property
    def counted(self) -> PlatformText:
        """The text as the platform will count it: mentions written, links in the app's short
        form (``platform_text``); ``adapt`` measures the same before it changes anything
        else."""
        from .platform_text import platform_text, short_form

        return platform_text(self.text, self.handles, self.target.split(".", 1)[0],
                             short_form(self.tiers))

    @property
    def text_key(self) -> Key:
        platform = self.target.split(".", 1)[0]
        for key in (self.target, platform):
            if key in self.item.overrides:
                return ("overrides", key)
        return ("text",)

    def severity(self, tier: Tier) -> Severity:
        if tier == "policy":
            return self.policy.severity if self.policy else "warning"
        return TIER_SEVERITY[tier]

    @functools.cached_property
    def tiers(self) -> Tiers:
        """Which tier's value applies for this target and post (the one resolver)."""
        return tiers_for(self.spec, self.policy, has_media=bool(self.item.media))

    def sources_of(self, value: Sourced, block: Any = None) -> tuple[str, ...]:
        """Addresses (or titles) of the sources behind a value, inherited as the spec file
        says: the value's own `source`, else its block's, its tier's or its format's."""
        if self.platform is None:
            return ()
        refs = self.tiers.source_ids(value)
        if refs is None:
            refs = tuple(value.source) or tuple(getattr(block, "source", ()) or ())
        out = []
        for ref in refs:
            src = self.platform.sources.get(ref)
            if src is not None:
                out.append(src.url or src.title)
        return tuple(out)

    def limit_finding(
        self,
        rule: str,
        tier: Tier,
        value: Sourced,
        message: str,
        *,
        key: Key | None = None,
        block: Any = None,
        severity: Severity | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding against a tier's value, with severity and sources filled in."""
        if tier == "policy" and self.policy is not None:
            extra.setdefault("sources", (f"policy: {self.policy.name}",))
        else:
            extra.setdefault("sources", self.sources_of(value, block))
        assumed = self.tiers.assumption(value)
        if assumed:
            message = f"{message} ({assumed})"
        return self.finding(
            rule,
            message,
            severity=severity or self.severity(tier),
            key=key,
            target=self.target,
            tier=tier,
            **extra,
        )

    def media_of(self, kind: Literal["image", "video", "document"]) -> list[tuple[int, MediaAsset]]:
        return [(i, m) for i, m in enumerate(self.item.media) if m.kind == kind]


def _dotted(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


TIER_WORDS: dict[str, str] = {
    "limits": "the platform's limit",
    "recommended": "the recommended maximum",
    "policy": "the policy's limit",
}
