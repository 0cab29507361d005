"""Honest output sizes for video: the platform's preferred frame or an exact scaling of it.

A 202-pixel-wide crop blown up to 1080x1920 is not a better video, only a softer one; a
404x718 frame is what no platform recommends. So the output is picked from a ladder: the
preferred frame (1080x1920 for a 9:16 reel) and its exact scalings (720x1280, 540x960,
360x640...), the largest one the source reaches without enlarging it more than the bound
(``adapt.video.max_upscale``). A hard minimum is still met (the platform refuses smaller frames),
and then the choice says which size the source cannot give honestly and by what factor, so
`check` and the plan can tell the author before anything is encoded.

The same functions serve the planner and the `video.upscale` rule: one verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .geometry import FrameLimits, crop_rect, frame_size, pad_canvas

if TYPE_CHECKING:
    from ..specs.resolve import Tiers

__all__ = ["LADDER", "SEVERITY", "SizeChoice", "describe", "honest_size", "ladder",
           "natural_width", "size_limits"]

#: Exact scalings of the preferred frame that are still common sizes (1080 -> 900, 810, 720,
#: 540, 360, 270, 180 pixels wide).
LADDER = (1.0, 5 / 6, 3 / 4, 2 / 3, 1 / 2, 1 / 3, 1 / 4, 1 / 6)

Fit = Literal["scale", "crop", "pad"]


#: How much a shortfall matters: below the platform's minimum the enlargement is forced
#: (warning); below its recommended frame a smaller exact size is chosen (info).
SEVERITY: dict[str, Literal["warning", "info"]] = {"minimum": "warning", "recommended": "info"}


@dataclass(frozen=True)
class SizeChoice:
    """The output frame, the enlargement it takes, and what the source falls short of."""

    width: int
    height: int
    upscale: float  # output width over the natural width (below 1: scaled down)
    short_of: Literal["minimum", "recommended"] | None = None
    wanted: tuple[int, int] | None = None  # the size the source cannot honestly give
    needs: float | None = None  # the enlargement that size would take


def size_limits(tiers: Tiers, max_upscale: float) -> FrameLimits:
    """The target's size bounds and preferred frame, from the one tier resolver."""
    preferred = tiers.preferred("video", "preferred_aspects") or []
    width = tiers.preferred("video", "preferred_width")
    long = None
    if width is not None:
        aspect = preferred[0] if preferred else 1.0
        long = round(max(width, width / aspect))
    return FrameLimits(
        preferred_long=long,
        min_width=tiers.enforced("video", "min_width"),
        min_height=tiers.enforced("video", "min_height"),
        max_width=tiers.enforced("video", "max_width"),
        max_height=tiers.enforced("video", "max_height"),
        max_pixels=tiers.enforced("video", "max_pixels"),
        max_upscale=max_upscale,
    )


def natural_width(width: int, height: int, aspect: float, fit: Fit) -> float:
    """Source pixels across the output's width: the crop's width, the padded canvas's, or
    the frame's."""
    if fit == "crop":
        return float(crop_rect(width, height, aspect).w)
    if fit == "pad":
        return pad_canvas(width, height, aspect)[0]
    return float(width)


def _even(value: float) -> int | None:
    """``value`` when it is a whole, even number of pixels (an exact scaling), else None."""
    rounded = round(value)
    if abs(value - rounded) > 1e-6 or rounded % 2 or rounded < 2:
        return None
    return rounded


def ladder(preferred_long: int, aspect: float) -> list[tuple[int, int]]:
    """The preferred frame of ``aspect`` and its exact even scalings, largest first."""
    long_w = aspect >= 1
    raw_w = preferred_long if long_w else preferred_long * aspect
    raw_h = preferred_long / aspect if long_w else preferred_long
    base = (2 * round(raw_w / 2), 2 * round(raw_h / 2))
    sizes = []
    for step in LADDER:
        w, h = _even(base[0] * step), _even(base[1] * step)
        if w is not None and h is not None:
            sizes.append((w, h))
    return sizes


def _allowed(size: tuple[int, int], limits: FrameLimits) -> bool:
    w, h = size
    return not ((limits.max_width and w > limits.max_width)
                or (limits.max_height and h > limits.max_height)
                or (limits.max_pixels and w * h > limits.max_pixels))


def _meets_minimum(size: tuple[int, int], limits: FrameLimits) -> bool:
    return (limits.min_width is None or size[0] >= limits.min_width) and (
        limits.min_height is None or size[1] >= limits.min_height)


def honest_size(natural: float, aspect: float, limits: FrameLimits) -> SizeChoice:
    """The output frame for ``natural`` source pixels across, at ``aspect``.

    With a preferred frame: the largest ladder size within the upscale bound that meets the
    hard minimum (``short_of="recommended"`` when that is below the preferred frame), else
    the smallest ladder size that meets the minimum (``short_of="minimum"``). Without one,
    the natural size within the limits.
    """
    bound = max(limits.max_upscale, 1.0)
    natural = max(natural, 1.0)
    sizes = ([s for s in ladder(limits.preferred_long, aspect) if _allowed(s, limits)]
             if limits.preferred_long else [])
    if not sizes:
        plain = FrameLimits(min_width=limits.min_width, min_height=limits.min_height,
                           max_width=limits.max_width, max_height=limits.max_height,
                           max_pixels=limits.max_pixels, max_upscale=1.0)
        w, h = frame_size(natural, aspect, plain)
        factor = w / natural
        if factor > bound + 1e-6:
            return SizeChoice(w, h, factor, "minimum", (w, h), factor)
        return SizeChoice(w, h, factor)
    honest = [s for s in sizes if s[0] <= natural * bound + 1e-6 and _meets_minimum(s, limits)]
    top = sizes[0]
    if honest:
        w, h = honest[0]
        if (w, h) != top:
            return SizeChoice(w, h, w / natural, "recommended", top, top[0] / natural)
        return SizeChoice(w, h, w / natural)
    reaching = [s for s in sizes if _meets_minimum(s, limits)]
    w, h = reaching[-1] if reaching else sizes[0]
    return SizeChoice(w, h, w / natural, "minimum", (w, h), w / natural)


def describe(choice: SizeChoice, bound: float) -> str | None:
    """A sentence on what the source falls short of, or None when it gives the size."""
    if choice.short_of is None or choice.wanted is None or choice.needs is None:
        return None
    w, h = choice.wanted
    if choice.short_of == "minimum":
        return (f"reaching the minimum {w}x{h} takes a {choice.needs:.2f}x enlargement (more "
                f"than {bound:g}x): it will look soft; use a sharper or wider source")
    return (f"the recommended {w}x{h} would take a {choice.needs:.2f}x enlargement (more than "
            f"{bound:g}x): {choice.width}x{choice.height} instead, an exact scaling of it")

