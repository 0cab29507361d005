"""Shared helpers for rules that hold a measured number to a tier's min/max value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..report import Finding
from .context import Key, TargetContext

TIER_MAX = {"limits": "the platform's maximum", "recommended": "the recommended maximum",
            "policy": "the policy's maximum"}
TIER_MIN = {"limits": "the platform's minimum", "recommended": "the recommended minimum",
            "policy": "the policy's minimum"}


def bounds(
    ctx: TargetContext,
    rule: str,
    block: str,
    measured: float,
    *,
    low: str | None,
    high: str | None,
    what: str,
    unit: str,
    key: Key,
    fixable_high: bool,
    fixable_low: bool = False,
    show: Any = None,
    hint: str | None = None,
) -> Iterator[Finding]:
    """Findings for ``measured`` below ``block.low`` or above ``block.high``, per tier."""
    shown = show if show is not None else measured
    for field, table, fixable, over in ((high, TIER_MAX, fixable_high, True),
                                        (low, TIER_MIN, fixable_low, False)):
        if field is None:
            continue
        for tier, value in ctx.tiers.each(block, field):
            limit = value.value
            if (measured > limit + 1e-9) if over else (measured < limit - 1e-9):
                yield ctx.limit_finding(
                    rule, tier, value, f"{what} is {shown} {unit}; {table[tier]} is "
                    f"{_fmt(limit)} {unit}", key=key, block=None, measured=_num(measured),
                    limit=_num(limit), unit=unit, fixable=fixable, hint=hint,
                )


def aspect(
    ctx: TargetContext, rule: str, block: str, ratio: float, *, path: str, key: Key, hint: str
) -> Iterator[Finding]:
    """Findings for a width/height ``ratio`` outside ``block``'s min/max aspect, per tier."""
    for field, over in (("max_aspect", True), ("min_aspect", False)):
        for tier, value in ctx.tiers.each(block, field):
            limit = value.value
            margin = ctx.spec.aspect_tolerance
            off = ratio > limit * (1 + margin) if over else ratio < limit * (1 - margin)
            if off:
                yield ctx.limit_finding(
                    rule, tier, value,
                    f"{path} is {ratio_text(ratio)}; the format takes "
                    f"{'at most' if over else 'at least'} {ratio_text(limit)}",
                    key=key, measured=round(ratio, 4), limit=round(limit, 4),
                    unit="width/height", fixable=True, hint=hint,
                )


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if value < 10 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _num(value: Any) -> float | str:
    return round(value, 4) if isinstance(value, float) else value


def ratio_text(ratio: float) -> str:
    """A readable aspect ratio: 0.8 is `4:5`, 1.7778 is `16:9`, otherwise `1.91:1`."""
    for w, h in ((1, 1), (4, 5), (5, 4), (9, 16), (16, 9), (3, 4), (4, 3), (2, 3), (3, 2),
                 (1, 2), (2, 1)):
        if abs(ratio - w / h) < 0.005:
            return f"{w}:{h}"
    return f"{ratio:.2f}:1"
