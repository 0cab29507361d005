"""Reframe maths in source pixels: target ratio, crop box, pad box, output size.

Pure functions over integers and floats, no Pillow, so that a plan can state the exact box
before any pixel is decoded and property tests can hammer the arithmetic. A box is
``(left, top, right, bottom)`` in pixels of the upright source (after EXIF orientation); a pad
box reaches outside the image (negative left/top, right/bottom past the size) and the outside
is filled when rendering.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[int, int, int, int]

#: A ratio this close to the target needs no reframing: platforms accept a rounding pixel.
RATIO_TOLERANCE = 0.005


@dataclass(frozen=True)
class Insets:
    """Share of the frame UI overlays cover on each side (a format's safe area), 0..0.5."""

    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    left: float = 0.0

    @property
    def anchor(self) -> tuple[float, float]:
        """Where the subject goes: the centre of the visible (safe) part of the frame."""
        x = self.left + (1.0 - self.left - self.right) / 2
        y = self.top + (1.0 - self.top - self.bottom) / 2
        return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)

    @property
    def inner(self) -> tuple[float, float]:
        """Share of the width and of the height that no overlay covers (a tenth at least:
        insets that cover everything are a mistake in a spec, not a reason to divide by 0)."""
        return max(0.1, 1.0 - self.left - self.right), max(0.1, 1.0 - self.top - self.bottom)

    def __bool__(self) -> bool:
        return any((self.top, self.right, self.bottom, self.left))


def box_size(box: Box) -> tuple[int, int]:
    return box[2] - box[0], box[3] - box[1]


def same_ratio(width: int, height: int, ratio: float, tolerance: float = RATIO_TOLERANCE) -> bool:
    """True when ``width/height`` is ``ratio`` within ``tolerance`` or within one pixel."""
    if abs(width / height / ratio - 1) <= tolerance:
        return True
    return abs(width - ratio * height) <= 1 or abs(height - width / ratio) <= 1


def choose_ratio(
    source: float,
    *,
    low: float | None = None,
    high: float | None = None,
    preferred: Sequence[float] = (),
) -> float:
    """The ratio to reframe to.

    With a range (``low``..``high``) the allowed ratio nearest the source wins, so a 4:3 photo
    stays 4:3 in a feed that takes 4:5..1.91:1. Without one, the preferred ratio nearest the
    source (in log space; earlier entries win ties); without either, the source ratio.
    """
    if low is not None or high is not None:
        ratio = source
        if low is not None:
            ratio = max(ratio, low)
        if high is not None:
            ratio = min(ratio, high)
        return ratio
    if preferred:
        return min(preferred, key=lambda r: abs(math.log(r / source)))
    return source


def crop_box(
    width: int,
    height: int,
    ratio: float,
    focus: tuple[float, float] = (0.5, 0.5),
    anchor: tuple[float, float] = (0.5, 0.5),
) -> Box:
    """The largest box of ``ratio`` inside the image, with ``focus`` (0..1 of the image) placed
    at ``anchor`` (0..1 of the box) as far as the image edges allow."""
    if width / height > ratio:
        box_h = height
        box_w = min(width, max(1, round(height * ratio)))
    else:
        box_w = width
        box_h = min(height, max(1, round(width / ratio)))
    left = _place(focus[0] * width, anchor[0] * box_w, box_w, width)
    top = _place(focus[1] * height, anchor[1] * box_h, box_h, height)
    return left, top, left + box_w, top + box_h


def _place(point: float, offset: float, size: int, limit: int) -> int:
    return min(max(0, round(point - offset)), limit - size)


def pad_box(width: int, height: int, ratio: float, insets: Insets = Insets()) -> Box:
    """The smallest canvas of ``ratio`` whose safe area holds the whole image, as a box in
    source pixels; the image sits in the middle of the safe area."""
    inner_w, inner_h = insets.inner
    canvas_h = max(height / inner_h, width / (inner_w * ratio))
    canvas_h_px = max(height, round(canvas_h))
    canvas_w_px = max(width, round(canvas_h_px * ratio))
    if canvas_w_px * inner_w < width - 1e-9:  # rounding ate the margin: widen by a pixel
        canvas_w_px = math.ceil(width / inner_w)
        canvas_h_px = max(canvas_h_px, round(canvas_w_px / ratio))
    x = round(insets.left * canvas_w_px + (inner_w * canvas_w_px - width) / 2)
    y = round(insets.top * canvas_h_px + (inner_h * canvas_h_px - height) / 2)
    x = min(max(0, x), canvas_w_px - width)
    y = min(max(0, y), canvas_h_px - height)
    return -x, -y, canvas_w_px - x, canvas_h_px - y


def kept_share(box: Box, width: int, height: int) -> float:
    """Share of the image's area inside the box (1.0 for a pad box)."""
    left, top = max(0, box[0]), max(0, box[1])
    right, bottom = min(width, box[2]), min(height, box[3])
    if right <= left or bottom <= top:
        return 0.0
    return (right - left) * (bottom - top) / (width * height)


@dataclass(frozen=True)
class SizeLimits:
    """What bounds the output's pixel size; ``None`` means no bound of that kind."""

    preferred_width: int | None = None
    max_edge: int | None = None  # long edge when the format names no preferred width
    max_width: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None
    byte_pixels: int | None = None  # most pixels that surely fit the byte limit


def output_size(box_w: int, box_h: int, ratio: float, limits: SizeLimits) -> tuple[int, int, str]:
    """Pixel size of the output for a box of ``box_w`` x ``box_h`` source pixels.

    Never upscales past the source; the result has ``ratio`` within one pixel. Returns the
    width, the height and what decided the scale (``source``, ``preferred_width``...).
    """
    scales: list[tuple[float, str]] = [(1.0, "source")]
    if limits.preferred_width:
        scales.append((limits.preferred_width / box_w, "preferred_width"))
    elif limits.max_edge:
        scales.append((limits.max_edge / max(box_w, box_h), "max_edge"))
    if limits.max_width:
        scales.append((limits.max_width / box_w, "max_width"))
    if limits.max_height:
        scales.append((limits.max_height / box_h, "max_height"))
    for name, pixels in (("max_pixels", limits.max_pixels), ("bytes", limits.byte_pixels)):
        if pixels:
            scales.append((math.sqrt(pixels / (box_w * box_h)), name))
    scale, reason = min(scales, key=lambda s: s[0])
    width = max(1, min(box_w, math.floor(box_w * scale + 1e-9)))
    height = max(1, round(width / ratio))
    while width > 1 and _over(width, height, limits, box_h):
        width -= 1
        height = max(1, round(width / ratio))
    return width, height, reason


def _over(width: int, height: int, limits: SizeLimits, box_h: int) -> bool:
    """Rounding the height may push it one pixel past a bound: step the width down then."""
    if height > box_h or (limits.max_height and height > limits.max_height):
        return True
    pixels = min(p for p in (limits.max_pixels, limits.byte_pixels, 1 << 62) if p)
    return width * height > pixels
