"""Decide one image's output for one target: ratio, crop or pad, pixel size, format, bytes.

Pure decisions over plain values (the target's resolved rules, the organisation's choices,
what the source is), so the planner step stays glue and the decisions are testable without
a spec registry. The result is an ``ImageOp``, the numbers the history records, the predicted
facts of the output (what the plan's re-check judges) and any findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from ...media.image_limits import ImageLimits, animation_bytes, reader_bytes
from ...media.pixels.saliency import Saliency
from ...rules.images import ANIMATION
from ...specs.adapt_settings import DEFAULTS
from ...specs.platform import DEFAULT_ASPECT_TOLERANCE
from ...variant.geometry import (
    AspectAim,
    Box,
    Insets,
    SizeLimits,
    box_size,
    crop_box,
    kept_share,
    output_size,
    pad_box,
    same_ratio,
)
from ...variant.image_ops import WHITE, ImageOp
from .budget import pixels_within, worst_bytes

Mode = Literal["keep", "crop", "pad"]
Note = tuple[str, str, str]  # rule, severity, message
PILLOW_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
LOSSLESS_SOURCES = {"png", "gif", "bmp", "tiff", "webp"}


@dataclass(frozen=True)
class Rules:
    """A target's image constraints, already resolved over its tiers."""

    low: float | None = None
    high: float | None = None
    preferred: tuple[float, ...] = ()
    fill: bool = False  # the format fills the screen: a preferred ratio wins over the range
    preferred_width: int | None = None
    max_width: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None
    min_width: int | None = None  # hard minimums (limits and policy)
    min_height: int | None = None
    least_width: int | None = None  # minimums of every tier, norms included (what adapt aims at)
    least_height: int | None = None
    max_bytes: int | None = None
    formats: tuple[str, ...] | None = None  # None: any format
    safe: Insets = field(default_factory=Insets)
    tolerance: float = DEFAULT_ASPECT_TOLERANCE  # the format's aspect_tolerance


@dataclass(frozen=True)
class Choices:
    """The organisation's adapt settings that concern images."""

    quality: int = DEFAULTS.image.quality
    floor: int = DEFAULTS.image.quality_floor
    max_salient_loss: float = DEFAULTS.image.max_salient_loss
    pad_colour: str | None = DEFAULTS.image.pad_colour
    max_edge: int = DEFAULTS.image.max_edge
    keep_metadata: tuple[str, ...] = ()
    gif: str = DEFAULTS.image.gif
    background: str = WHITE
    # bounds of the run's [limits] on an animation kept animated (``crosspost.limits``)
    decoded_bytes: int = ImageLimits().max_decoded_bytes
    max_frames: int = ImageLimits().max_frames


@dataclass(frozen=True)
class Source:
    """What the planner knows about the source image."""

    path: str
    width: int
    height: int
    format: str  # spec name: jpeg, png...
    bytes: int = 0
    frames: int = 1
    focus: tuple[float, float] | None = None  # the author's
    reframe: str = "auto"
    saliency: Saliency | None = None
    alpha: bool = False
    png_smaller: bool = False


@dataclass(frozen=True)
class Decision:
    op: ImageOp
    ratio: float
    mode: Mode
    kept: float
    lost: float | None
    size_reason: str
    predicted: dict[str, object]
    notes: tuple[Note, ...] = ()
    why: str = ""  # why a pad rather than a crop


def target_ratio(src: Source, rules: Rules) -> float:
    aim = AspectAim(rules.low, rules.high, rules.preferred, rules.fill, rules.tolerance)
    return aim.target(src.width / src.height)


def decide(src: Source, rules: Rules, choices: Choices, *, ratio: float | None = None) -> Decision:
    """Everything about one output; ``ratio`` forces a ratio (one ratio per carousel)."""
    ratio = ratio if ratio is not None else target_ratio(src, rules)
    focus, focus_from = _focus(src)
    fmt, frames, notes = _format(src, rules, choices)
    if frames == "all" and src.frames > choices.max_frames:
        fmt, frames, note = _not_animated(src, rules, choices, (
            f"{src.path} has {src.frames:,} frames, more than the {choices.max_frames:,} an "
            "animation may have (limits.animation_frames)"))
        notes += (note,)
    elif frames == "all" and _animation(src).reserved >= choices.decoded_bytes:
        fmt, frames, note = _not_animated(src, rules, choices, (
            f"{src.path} has frames of {src.width}x{src.height}: reading them one by one "
            f"takes more than the decoded-image budget of "
            f"{choices.decoded_bytes / 2**20:,.0f} MiB (limits.image_decoded_bytes)"))
        notes += (note,)
    mode, crop, pad, lost = _reframe(src, rules, choices, ratio, focus, fmt)
    canvas = pad if pad is not None else crop
    out_ratio = ratio if mode != "keep" else src.width / src.height
    width, height, reason = _size(canvas, out_ratio, rules, choices, fmt, _animation(src))
    if fmt == "png" and reason == "bytes" and _ok(rules, "jpeg") and not src.alpha:
        fmt = "jpeg"  # a photo-like PNG would have to shrink: JPEG keeps the pixels instead
        width, height, reason = _size(canvas, out_ratio, rules, choices, fmt)
    smaller: Note | None = None  # kept animated, made smaller to fit the budget
    if reason == "memory":
        budget = f"{choices.decoded_bytes / 2**20:,.0f} MiB (limits.image_decoded_bytes)"
        short = _short((width, height, reason), rules) - _short(
            _size(canvas, out_ratio, rules, choices, fmt), rules)  # what only the budget costs
        if short:
            fmt, frames, note = _not_animated(src, rules, choices, (
                f"{src.path} has {src.frames:,} frames: to fit them all in the decoded-image "
                f"budget of {budget} they would be {width}x{height}, under the "
                f"{' and '.join(sorted(short))} the target asks for"))
            notes += (note,)
            width, height, reason = _size(canvas, out_ratio, rules, choices, fmt)
        else:
            smaller = (ANIMATION_RULE, "info", f"{src.path} stays animated at "
                       f"{width}x{height}: its {src.frames:,} frames fit the decoded-image "
                       f"budget of {budget} at that size")
    if fmt == "gif" and rules.max_bytes is not None and _gif_bytes(src, width, height) > (
            rules.max_bytes):
        fmt, frames, smaller = _still(src, rules), "first", None
        notes += (("image.bytes", "info", f"{src.path} would stay animated, but an animated GIF "
                   f"of {width}x{height} may pass {rules.max_bytes:,} bytes: the first frame is "
                   "used"),)
        width, height, reason = _size(canvas, out_ratio, rules, choices, fmt)
    notes += (smaller,) if smaller is not None else ()
    notes += _size_notes(src, rules, choices, width, height, reason)
    op = ImageOp(
        source_size=(src.width, src.height), crop=crop, resize=(width, height), format=fmt,
        pad=pad, fill=choices.pad_colour or "blur", quality=choices.quality,
        quality_floor=min(choices.floor, choices.quality), max_bytes=rules.max_bytes,
        frames=frames, keep_metadata=choices.keep_metadata, background=choices.background,
        focus=focus, focus_from=focus_from, safe_area=rules.safe,
    )
    kept = kept_share(crop, src.width, src.height)
    why = ""
    if mode == "pad":
        short = _short(_size(crop, ratio, rules, choices, fmt, _animation(src)), rules)
        why = "the post asks for padding (reframe: pad)" if src.reframe == "pad" else (
            f"a crop would lose {lost or 0:.0%} of the salient area"
            if lost is not None and lost > choices.max_salient_loss else
            f"a crop would leave it under the {' and '.join(short)} the target asks for")
    return Decision(op, ratio, mode, kept, lost, reason, _predicted(src, op), notes, why)


def _focus(src: Source) -> tuple[tuple[float, float], str]:
    if src.focus is not None:
        return src.focus, "author"
    if src.saliency is not None and not src.saliency.flat:
        return src.saliency.focus, "saliency"
    return (0.5, 0.5), "centre"


def _reframe(
    src: Source, rules: Rules, choices: Choices, ratio: float, focus: tuple[float, float],
    fmt: str,
) -> tuple[Mode, Box, Box | None, float | None]:
    """Keep, crop or pad. `reframe: auto` pads where a crop would lose too much of the
    salient area, or would leave the output under a minimum size that padding meets (a
    decision without pixels, so ``check`` previews it exactly: ``preview.image_plan_preview``)."""
    whole: Box = (0, 0, src.width, src.height)
    if same_ratio(src.width, src.height, ratio, tolerance=rules.tolerance):
        return "keep", whole, None, 0.0
    box = crop_box(src.width, src.height, ratio, focus, rules.safe.anchor)
    padded = pad_box(src.width, src.height, ratio, rules.safe)
    lost = None
    if src.saliency is not None:
        fractions = (box[0] / src.width, box[1] / src.height, box[2] / src.width,
                     box[3] / src.height)
        lost = max(0.0, 1.0 - src.saliency.share(fractions))
    too_much = lost is not None and lost > choices.max_salient_loss
    if src.reframe == "pad" or (src.reframe == "auto" and (too_much or _pad_fits_better(
            box, padded, ratio, rules, choices, fmt, _animation(src)))):
        return "pad", whole, padded, lost
    return "crop", box, None, lost


def _pad_fits_better(crop: Box, pad: Box, ratio: float, rules: Rules, choices: Choices,
                     fmt: str, anim: Animation) -> bool:
    """Whether the cropped output misses a minimum size that the padded output meets."""
    cropped = _short(_size(crop, ratio, rules, choices, fmt, anim), rules)
    return bool(cropped - _short(_size(pad, ratio, rules, choices, fmt, anim), rules))


def _short(size: tuple[int, int, str], rules: Rules) -> set[str]:
    """The minimums (of every tier) an output of ``size`` misses, in words."""
    width, height, _ = size
    missed = set()
    if rules.least_width and width < rules.least_width:
        missed.add(f"{rules.least_width} px width")
    if rules.least_height and height < rules.least_height:
        missed.add(f"{rules.least_height} px height")
    return missed


def _ok(rules: Rules, fmt: str) -> bool:
    return rules.formats is None or fmt in rules.formats


def _format(src: Source, rules: Rules, choices: Choices) -> tuple[str, Literal["first", "all"],
                                                                   tuple[Note, ...]]:
    if src.frames > 1:
        if _ok(rules, "gif") and choices.gif != "first_frame":
            return "gif", "all", ()
        if choices.gif == "finding":
            # Kept as it is: the re-check finds the format the target refuses (check's
            # `image.format`, not fixable), and the variant is not publishable.
            return "gif", "all", (("image.format", "info",
                f"{src.path} stays an animated GIF: the policy asks for a finding instead of "
                "the first frame (adapt.image.gif)"),)
        return _still(src, rules), "first", (("image.format", "info",
            f"{src.path} is animated; the target takes still images, so the first frame is "
            "used"),)
    fmt = _still(src, rules)
    notes: tuple[Note, ...] = ()
    if not any(_ok(rules, f) for f in ("jpeg", "png", "webp")):
        notes = (("image.format", "error", f"{src.path}: the target takes only "
                  f"{', '.join(rules.formats or ())}, which crosspost cannot write"),)
    return fmt, "first", notes


#: The rule of an animation adapt makes smaller or does not keep animated, because of a bound
#: of the run's ``[limits]`` (``check`` previews it: ``preview.image_plan_preview``).
ANIMATION_RULE = ANIMATION.id


def _not_animated(src: Source, rules: Rules, choices: Choices, why: str
                  ) -> tuple[str, Literal["first"], Note]:
    """The first frame as a still, and the note saying why (an error where policy asks for a
    finding instead of the first frame)."""
    if choices.gif == "finding":
        return _still(src, rules), "first", (ANIMATION_RULE, "error", f"{why}; policy asks "
                                             "for a finding instead of the first frame")
    return _still(src, rules), "first", (ANIMATION_RULE, "warning",
                                         f"{why}: the first frame is used")


def _still(src: Source, rules: Rules) -> str:
    keep_png = src.format in LOSSLESS_SOURCES and (src.alpha or src.png_smaller)
    if keep_png and _ok(rules, "png"):
        return "png"
    for fmt in ("jpeg", "png", "webp"):
        if _ok(rules, fmt):
            return fmt
    return "jpeg"


class Animation(NamedTuple):
    """What an animation's output must fit beside in the byte budget: its frame count and
    the bytes reading it holds at the source's size (``reader_bytes``)."""

    frames: int = 1
    reserved: int = 0


_STILL = Animation()


def _animation(src: Source) -> Animation:
    return Animation(src.frames, reader_bytes(src.width, src.height) if src.frames > 1 else 0)


def _size(canvas: Box, ratio: float, rules: Rules, choices: Choices,
          fmt: str, anim: Animation = _STILL) -> tuple[int, int, str]:
    """Output size; a GIF's frames also fit in the byte budget, beside what reading it holds."""
    byte_pixels = memory_pixels = None
    if rules.max_bytes is not None and fmt != "gif":
        byte_pixels = max(1, pixels_within(fmt, rules.max_bytes, quality=choices.floor))
    if fmt == "gif":
        room = max(0, choices.decoded_bytes - anim.reserved)
        memory_pixels = max(1, room // animation_bytes(max(anim.frames, 1), 1, 1))
    limits = SizeLimits(
        preferred_width=rules.preferred_width, max_edge=choices.max_edge,
        max_width=rules.max_width, max_height=rules.max_height, max_pixels=rules.max_pixels,
        byte_pixels=byte_pixels, memory_pixels=memory_pixels,
    )
    width, height = box_size(canvas)
    return output_size(width, height, ratio, limits)


def _size_notes(src: Source, rules: Rules, choices: Choices, width: int, height: int,
                reason: str) -> tuple[Note, ...]:
    notes: list[Note] = []
    wanted = rules.preferred_width
    if reason == "source" and wanted and width < wanted:
        notes.append(("image.size", "info", f"{src.path} gives {width} px across after "
                      f"reframing; the target shows {wanted} px (not upscaled)"))
    if reason == "bytes":
        floor = min(choices.floor, choices.quality)
        short = (rules.min_width and width < rules.min_width) or (
            rules.min_height and height < rules.min_height)
        notes.append(("image.bytes", "warning" if short else "info",
                      f"{src.path} is scaled to {width}x{height} so that it fits "
                      f"{rules.max_bytes:,} bytes at JPEG quality {floor} or better"))
    return tuple(notes)


def _gif_bytes(src: Source, width: int, height: int) -> int:
    """An estimate (no bound exists for GIF): the source's bytes per pixel, plus a fifth."""
    return int(src.bytes * width * height / (src.width * src.height) * 1.2)


def _predicted(src: Source, op: ImageOp) -> dict[str, object]:
    """Facts of the output for the re-check; bytes is an upper bound, not a guess."""
    pixels = op.resize[0] * op.resize[1]
    alpha = src.alpha and op.format in ("png", "webp", "gif")
    if op.format == "gif":
        upper = _gif_bytes(src, *op.resize)
    else:
        upper = worst_bytes(op.format, pixels, quality=op.quality, channels=4 if alpha else 3)
        if op.max_bytes is not None:
            upper = min(upper, op.max_bytes)
    animated = op.frames == "all"
    return {
        "width": op.resize[0], "height": op.resize[1], "format": PILLOW_NAMES[op.format],
        "bytes": upper, "has_location": False, "has_icc": False,
        "icc_description": None, "orientation": 1, "mode": "RGBA" if alpha else "RGB",
        "bits": 8, "animated": animated, "frames": src.frames if animated else 1,
        "mislabelled": False,
    }
