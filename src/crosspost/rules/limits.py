"""Shared helpers for rules that hold a measured number to a tier's min/max value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..report import Finding
from ..specs.resolve import Tiers
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
    reaches: Callable[[float], bool] | None = None,
    cuts_to: float | None = None,
    said: str | None = None,
) -> Iterator[Finding]:
    """Findings for ``measured`` below ``block.low`` or above ``block.high``, per tier.

    ``reaches(limit)`` says whether adapt's output meets a lower bound (the planner's own
    decision, so that `fixable` is what the re-check will find); without it, ``fixable_low``.
    ``said``: the measured value in words, where "{what} is {value} {unit}" reads badly
    ("the post has 1 photo").
    ``cuts_to``: the value adapt brings an upper bound down to (a trim to the enforced
    maximum), so a stricter norm is not fixable.
    """
    # Counts read with thousands separators, as the limit does; other values are shown as
    # measured (rounding 140.4 s to "140" would hide why it is over a limit of 140).
    shown = show if show is not None else measured
    value_text = f"{shown:,}" if type(shown) is int else shown
    for field, table, fixable, over in ((high, TIER_MAX, fixable_high, True),
                                        (low, TIER_MIN, fixable_low, False)):
        if field is None:
            continue
        for tier, value in ctx.tiers.each(block, field):
            limit = value.value
            if (measured > limit + 1e-9) if over else (measured < limit - 1e-9):
                fixed = (cuts_to is None or cuts_to <= limit + 1e-9) and fixable if over else (
                    fixable if reaches is None else reaches(limit))
                yield ctx.limit_finding(
                    rule, tier, value, f"{said or f'{what} is {value_text} {_unit(shown, unit)}'}; "
                    f"{table[tier]} is {_fmt(limit)} {_unit(limit, unit)}", key=key, block=None,
                    measured=_num(measured), limit=_num(limit), unit=unit, fixable=fixed, hint=hint,
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


def within_ranges(ctx_tiers: Tiers, block: str, ratio: float, tolerance: float) -> bool:
    """``ratio`` lies inside every tier's min/max aspect of ``block`` (so no `*.aspect`
    finding): a reframe of such a medium is adapt's choice, reported as `*.reframe`."""
    for field, over in (("max_aspect", True), ("min_aspect", False)):
        for _, value in ctx_tiers.each(block, field):
            limit = value.value
            if (ratio > limit * (1 + tolerance)) if over else (ratio < limit * (1 - tolerance)):
                return False
    return True


#: Count units read in the singular after a one ("the platform's maximum is 1 video").
_SINGULAR = {"videos": "video", "images": "image", "media": "medium", "links": "link",
             "characters": "character", "bytes": "byte", "pixels": "pixel"}


def _unit(value: Any, unit: str) -> str:
    return _SINGULAR.get(unit, unit) if value == 1 else unit


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


def reframe_text(path: str, ratio: float, planned: float, action: str) -> str:
    """The words of `image.reframe` and `video.reframe`, the same in check and in the plan."""
    return (f"{path} is {ratio_text(ratio)}; the format prefers {ratio_text(planned)}: "
            f"adapt {action}")
