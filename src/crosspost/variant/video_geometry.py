"""Frame geometry for reframing: target aspect, crop box, pad layout and output size.

Pure integer maths on displayed pixels (after rotation and sample aspect), kept apart from
ffmpeg so that property tests can hold it to its promises: a crop box lies inside the frame,
has the target aspect and contains the focal point; an output size is even (4:2:0 chroma needs
it), within the hard limits and within a rounding pixel of the target aspect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The aspect rule's tolerance: a ratio one rounding pixel off is accepted.
from ..specs.constraints import ASPECT_TOLERANCE

__all__ = [
    "ASPECT_TOLERANCE",
    "Box",
    "SizeLimits",
    "crop_box",
    "fit_inside",
    "kept_share",
    "output_size",
    "pad_canvas",
    "pick_aspect",
]

@dataclass(frozen=True)
class Box:
    """A rectangle in source pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class SizeLimits:
    """What the target takes and prefers for the frame size; None means no bound.

    ``preferred_long`` is the longer side of the frame the platform shows best: X recommends
    1280x720 (and so 720x1280 upright), Instagram 1080x1920 for its 9:16 reels.
    """

    preferred_long: int | None = None
    min_width: int | None = None
    min_height: int | None = None
    max_width: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None
    max_upscale: float = 1.0


def _matches(ratio: float, other: float) -> bool:
    return abs(ratio / other - 1) <= ASPECT_TOLERANCE


def pick_aspect(
    source: float, low: float | None, high: float | None, preferred: Sequence[float] = ()
) -> float:
    """The aspect to produce: the source's when it is preferred (or nothing is) and allowed,
    else the preferred ratio closest to it that the limits allow, else the nearest allowed."""
    def allowed(r: float) -> bool:
        return (low is None or r >= low * (1 - ASPECT_TOLERANCE)) and (
            high is None or r <= high * (1 + ASPECT_TOLERANCE))

    if allowed(source) and (not preferred or any(_matches(source, p) for p in preferred)):
        return source
    candidates = [p for p in preferred if allowed(p)]
    if candidates:
        return min(candidates, key=lambda p: abs(math.log(p / source)))
    clamped = source if low is None else max(source, low)
    return clamped if high is None else min(clamped, high)


def kept_share(source: float, target: float) -> float:
    """Share of the picture a crop from ``source`` to ``target`` aspect keeps (0..1]."""
    return min(source / target, target / source)


def crop_box(width: int, height: int, aspect: float,
             focus: tuple[float, float] = (0.5, 0.5)) -> Box:
    """The largest box of ``aspect`` inside the frame, centred on ``focus`` where it can be."""
    if width * 1.0 / height > aspect:
        h = height
        w = min(width, max(1, round(height * aspect)))
    else:
        w = width
        h = min(height, max(1, round(width / aspect)))
    x = _place(focus[0] * width, w, width)
    y = _place(focus[1] * height, h, height)
    return Box(x, y, w, h)


def _place(centre: float, size: int, total: int) -> int:
    return int(min(max(round(centre - size / 2), 0), total - size))


def pad_canvas(width: int, height: int, aspect: float) -> tuple[float, float]:
    """The smallest frame of ``aspect`` that holds the whole source at 1:1 (before scaling)."""
    return max(width, height * aspect), max(height, width / aspect)


def fit_inside(width: int, height: int, out_w: int, out_h: int) -> Box:
    """The source scaled to fit inside ``out_w x out_h``, even-sized and centred."""
    scale = min(out_w / width, out_h / height)
    w = min(out_w, max(2, 2 * round(width * scale / 2)))
    h = min(out_h, max(2, 2 * round(height * scale / 2)))
    return Box(2 * ((out_w - w) // 4), 2 * ((out_h - h) // 4), w, h)


def output_size(natural_w: float, aspect: float, limits: SizeLimits) -> tuple[int, int]:
    """Even width and height of ``aspect`` for a picture with ``natural_w`` pixels of detail.

    The preferred size is reached by scaling down, or up by at most ``max_upscale``; hard
    minimums are met even by upscaling further; hard maximums win over everything.
    """
    w = float(natural_w)
    if limits.preferred_long is not None:
        natural_long = w if aspect >= 1 else w / aspect
        scale = min(limits.preferred_long / natural_long, max(limits.max_upscale, 1.0))
        w *= scale
    floors = [limits.min_width, limits.min_height and limits.min_height * aspect]
    w = max([w, *[float(f) for f in floors if f]])
    caps = [limits.max_width, limits.max_height and limits.max_height * aspect,
            limits.max_pixels and math.sqrt(limits.max_pixels * aspect)]
    w = min([w, *[float(c) for c in caps if c]])
    width = max(2, 2 * round(w / 2))
    while True:
        height = max(2, 2 * round(width / aspect / 2))
        if width <= 2 or not _over(width, height, limits):
            return width, height
        width -= 2


def _over(width: int, height: int, limits: SizeLimits) -> bool:
    return bool(
        (limits.max_width and width > limits.max_width)
        or (limits.max_height and height > limits.max_height)
        or (limits.max_pixels and width * height > limits.max_pixels)
    )
