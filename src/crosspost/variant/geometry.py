"""Reframe maths for images and video, in source pixels: aspect, crop, pad, output size.

Pure functions over integers and floats, no Pillow and no ffmpeg, so that a plan states the
exact box before any pixel is decoded and property tests can hold the arithmetic to its
promises: a crop lies inside the source, has the target aspect within a rounding pixel and
holds the focus; a pad canvas holds the whole source inside its safe area; an output size stays
within the hard limits (and, for video, is even: 4:2:0 chroma needs it).

Two ways of writing a rectangle, one maths: a ``Box`` is ``(left, top, right, bottom)`` (image
plans; a pad box reaches outside the source, negative left/top, and the outside is filled when
rendering); a ``Rect`` is ``x, y, w, h`` (video windows, as ffmpeg's crop filter takes them).
Both are in pixels of the upright, displayed source. How far an aspect may be off and still
count as the target's (``tolerance``) is the format's ``aspect_tolerance``, passed in: the
check and the planners read the same value from the spec.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..specs.resolve import Tiers

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Rect:
    """A rectangle in source pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def of(cls, box: Box) -> Rect:
        return cls(box[0], box[1], box[2] - box[0], box[3] - box[1])


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


# --- aspect ---------------------------------------------------------------------------------


def same_ratio(width: int, height: int, ratio: float, *, tolerance: float) -> bool:
    """True when ``width/height`` is ``ratio`` within ``tolerance`` or within one pixel."""
    if abs(width / height / ratio - 1) <= tolerance:
        return True
    return abs(width - ratio * height) <= 1 or abs(height - width / ratio) <= 1


def pick_aspect(source: float, low: float | None, high: float | None,
                preferred: Sequence[float] = (), *, tolerance: float) -> float:
    """The aspect to produce: the source's when it is allowed and preferred (or nothing is
    preferred), else the allowed preferred ratio nearest it (in log space; earlier entries win
    ties), else the source clamped into ``low..high``."""
    def allowed(r: float) -> bool:
        return (low is None or r >= low * (1 - tolerance)) and (
            high is None or r <= high * (1 + tolerance))

    if allowed(source) and (not preferred or any(
            abs(source / p - 1) <= tolerance for p in preferred)):
        return source
    candidates = [p for p in preferred if allowed(p)]
    if candidates:
        return min(candidates, key=lambda p: abs(math.log(p / source)))
    clamped = source if low is None else max(source, low)
    return clamped if high is None else min(clamped, high)


@dataclass(frozen=True)
class AspectAim:
    """What a format asks of a picture's aspect, resolved over its tiers (``aspect_aim``):
    the range to aim within (the limits, tightened by the norms), its preferred ratios,
    whether it fills the screen (``display.full_screen``) and its ``aspect_tolerance``."""

    low: float | None = None
    high: float | None = None
    preferred: tuple[float, ...] = ()
    fill: bool = False
    tolerance: float = 0.01

    def target(self, source: float) -> float:
        """The aspect a picture of ``source`` becomes: the one decision for images and video.

        A format that fills the screen, or gives no range, gets a preferred ratio (the
        source's own where it is one), so a 16:9 video becomes 9:16 on a reel. A format with
        a range keeps the source's own ratio where it lies inside (a 4:3 photo stays 4:3 in a
        feed that takes 4:5..1.91:1, a 4:3 video stays 4:3 on X), clamped into the range
        otherwise: reframing loses picture or adds bars, so it happens only where needed."""
        ranged = self.low is not None or self.high is not None
        preferred = self.preferred if self.fill or not ranged else ()
        return pick_aspect(source, self.low, self.high, preferred, tolerance=self.tolerance)


def aspect_aim(tiers: Tiers, block: Literal["images", "video"]) -> AspectAim:
    """The ``AspectAim`` of a format's ``images`` or ``video`` block, from the one resolver:
    what the image and video planners and the `image.reframe` and `video.reframe` rules ask."""
    low, high = tiers.aim_range(block, "min_aspect", "max_aspect")
    return AspectAim(low=low, high=high,
                     preferred=tuple(tiers.preferred(block, "preferred_aspects") or ()),
                     fill=tiers.fmt.shows("full_screen"), tolerance=tiers.fmt.aspect_tolerance)


# --- crop and pad ---------------------------------------------------------------------------


def crop_box(
    width: int,
    height: int,
    ratio: float,
    focus: tuple[float, float] = (0.5, 0.5),
    anchor: tuple[float, float] = (0.5, 0.5),
) -> Box:
    """The largest box of ``ratio`` inside the source, with ``focus`` (0..1 of the source)
    placed at ``anchor`` (0..1 of the box) as far as the source's edges allow."""
    if width / height > ratio:
        box_h = height
        box_w = min(width, max(1, round(height * ratio)))
    else:
        box_w = width
        box_h = min(height, max(1, round(width / ratio)))
    left = _place(focus[0] * width, anchor[0] * box_w, box_w, width)
    top = _place(focus[1] * height, anchor[1] * box_h, box_h, height)
    return left, top, left + box_w, top + box_h


def crop_rect(width: int, height: int, ratio: float,
              focus: tuple[float, float] = (0.5, 0.5)) -> Rect:
    """``crop_box`` as a ``Rect``, the focus in the middle of the window where it can be."""
    return Rect.of(crop_box(width, height, ratio, focus))


def _place(point: float, offset: float, size: int, limit: int) -> int:
    return min(max(0, round(point - offset)), limit - size)


def kept_share(box: Box, width: int, height: int) -> float:
    """Share of the source's area inside the box (1.0 for a pad box)."""
    left, top = max(0, box[0]), max(0, box[1])
    right, bottom = min(width, box[2]), min(height, box[3])
    if right <= left or bottom <= top:
        return 0.0
    return (right - left) * (bottom - top) / (width * height)


def crop_share(source: float, target: float) -> float:
    """Share of the picture a crop from ``source`` to ``target`` aspect keeps (0..1]."""
    return min(source / target, target / source)


def pad_canvas(width: int, height: int, ratio: float) -> tuple[float, float]:
    """The smallest frame of ``ratio`` that holds the whole source at 1:1 (before scaling)."""
    return max(width, height * ratio), max(height, width / ratio)


def pad_box(width: int, height: int, ratio: float, insets: Insets = Insets()) -> Box:
    """The smallest canvas of ``ratio`` whose safe area holds the whole source, as a box in
    source pixels; the source sits in the middle of the safe area."""
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


def place_in_pad(crop: Box, pad: Box, out: tuple[int, int]) -> Rect:
    """Where the cropped source lands in a padded output of ``out`` pixels: the pad box is
    the whole output, so the crop's offset and size scale by the output's width over the
    pad's; the result stays inside the output and is at least a pixel."""
    factor = out[0] / (pad[2] - pad[0])
    left = min(max(0, round((crop[0] - pad[0]) * factor)), out[0] - 1)
    top = min(max(0, round((crop[1] - pad[1]) * factor)), out[1] - 1)
    width = max(1, min(out[0] - left, round((crop[2] - crop[0]) * factor)))
    height = max(1, min(out[1] - top, round((crop[3] - crop[1]) * factor)))
    return Rect(left, top, width, height)


def fit_inside(width: int, height: int, out_w: int, out_h: int) -> Rect:
    """The source scaled to fit inside ``out_w x out_h``, even-sized and centred (a padded
    video frame's picture)."""
    scale = min(out_w / width, out_h / height)
    w = min(out_w, max(2, 2 * round(width * scale / 2)))
    h = min(out_h, max(2, 2 * round(height * scale / 2)))
    return Rect(2 * ((out_w - w) // 4), 2 * ((out_h - h) // 4), w, h)


# --- output size ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeLimits:
    """What bounds an image's output size; ``None`` means no bound of that kind."""

    preferred_width: int | None = None
    max_edge: int | None = None  # long edge when the format names no preferred width
    max_width: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None
    byte_pixels: int | None = None  # most pixels that surely fit the byte limit
    memory_pixels: int | None = None  # most pixels an animation's frames may each take


def output_size(box_w: int, box_h: int, ratio: float, limits: SizeLimits) -> tuple[int, int, str]:
    """Pixel size of an image output for a box of ``box_w`` x ``box_h`` source pixels.

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
    for name, pixels in (("max_pixels", limits.max_pixels), ("bytes", limits.byte_pixels),
                         ("memory", limits.memory_pixels)):
        if pixels:
            scales.append((math.sqrt(pixels / (box_w * box_h)), name))
    scale, reason = min(scales, key=lambda s: s[0])
    width = max(1, min(box_w, math.floor(box_w * scale + 1e-9)))
    height = max(1, round(width / ratio))
    while width > 1 and _image_over(width, height, limits, box_h):
        width -= 1
        height = max(1, round(width / ratio))
    return width, height, reason


def _image_over(width: int, height: int, limits: SizeLimits, box_h: int) -> bool:
    """Rounding the height may push it one pixel past a bound: step the width down then."""
    if height > box_h or (limits.max_height and height > limits.max_height):
        return True
    pixels = min(p for p in (limits.max_pixels, limits.byte_pixels, limits.memory_pixels,
                             1 << 62) if p)
    return width * height > pixels


@dataclass(frozen=True)
class FrameLimits:
    """What a video target takes and prefers for the frame size; None means no bound.

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


def frame_size(natural_w: float, aspect: float, limits: FrameLimits) -> tuple[int, int]:
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
        if width <= 2 or not _frame_over(width, height, limits):
            return width, height
        width -= 2


def _frame_over(width: int, height: int, limits: FrameLimits) -> bool:
    return bool(
        (limits.max_width and width > limits.max_width)
        or (limits.max_height and height > limits.max_height)
        or (limits.max_pixels and width * height > limits.max_pixels)
    )
