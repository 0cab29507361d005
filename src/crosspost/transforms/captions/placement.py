"""Where burned captions go: at the bottom, or at the top when the subject fills the bottom.

Captions belong at the bottom of the safe area, where viewers look for them; but a subject
that fills the lower part of a reframed frame (a speaker filmed from above, hands showing an
object) would be covered. The scene's salient mass (a coarse 2D map per sample, so only what
the window shows counts) is mapped into the output frame (through the crop window or the
padded layout) over the trimmed part of the video, and the captions move to the top when the
band they would cover at the bottom holds clearly more of the subject than the band at the top
and is denser than the picture on average.

When the post gives the focal point, the author has said where the subject is, as for the
crop (``video.reframe``): the captions then avoid that point, and the video is not decoded to
look for the subject (the crop does not need it either).
"""

from __future__ import annotations

from typing import Literal

from ...media.scene.model import Scene, SceneSample
from ...variant.crop_path import position
from ...variant.geometry import fit_inside
from ...variant.video_ops import Frame

__all__ = ["LINE_HEIGHT", "caption_position", "focus_caption_position"]

#: Height of a caption line in font sizes (libass with DejaVu Sans and an outline).
LINE_HEIGHT = 1.3
#: The bottom band must hold this many times the top band's salient mass to move the captions.
DOMINANCE = 2.0


def _window(frame: Frame, t: float) -> tuple[float, float, float, float]:
    """Left, top, width, height of the part of the source the output shows at ``t``."""
    if frame.fit == "crop" and frame.path is not None:
        x, y = position(frame.path, t)
        return x, y, float(frame.path.w), float(frame.path.h)
    if frame.fit == "crop" and frame.crop is not None:
        c = frame.crop
        return float(c.x), float(c.y), float(c.w), float(c.h)
    return 0.0, 0.0, float(frame.source_width), float(frame.source_height)


def _mass_in_output(frame: Frame, t: float, sample: SceneSample) -> list[tuple[float, float]]:
    """(output y as a share of the height, mass) for the salience the output shows at ``t``:
    per cell of the sample's coarse map (only cells inside the window), else per row."""
    src_w, src_h = frame.source_width, frame.source_height
    left, top, width, height = _window(frame, t)
    cells = sample.blocks or tuple((mass,) for mass in sample.rows)
    out: list[tuple[float, float]] = []
    for i, row in enumerate(cells):
        y = (i + 0.5) / len(cells) * src_h
        for j, mass in enumerate(row):
            x = (j + 0.5) / len(row) * src_w
            if frame.fit == "pad":
                box = fit_inside(src_w, src_h, frame.width, frame.height)
                out.append(((box.y + y / src_h * box.h) / frame.height, mass))
            elif top <= y < top + height and (len(row) == 1 or left <= x < left + width):
                out.append(((y - top) / height, mass))
    return out


def caption_position(scene: Scene, frame: Frame, start: float, end: float, *,
                     margin_bottom: int, margin_top: int, lines: int, font_size: int
                     ) -> tuple[Literal["bottom", "top"], str]:
    """Bottom or top for the captions of ``frame`` between ``start`` and ``end`` (source
    seconds), and why, from the salient mass in the two bands the text would cover."""
    text = lines * font_size * LINE_HEIGHT / frame.height
    low = (1 - margin_bottom / frame.height - text, 1 - margin_bottom / frame.height)
    high = (margin_top / frame.height, margin_top / frame.height + text)
    bottom = top = seen = 0.0
    for sample in scene.samples_in(start, end):
        for y, mass in _mass_in_output(frame, sample.t, sample):
            seen += mass
            bottom += mass if low[0] <= y < low[1] else 0.0
            top += mass if high[0] <= y < high[1] else 0.0
    if seen <= 0 or bottom <= DOMINANCE * top or bottom / seen < 1.2 * text:
        return "bottom", "the bottom of the safe area"
    return "top", (f"the top of the safe area: the subject fills the lower part "
                   f"({bottom / seen:.0%} of the salience shown is in the bottom caption band)")


def focus_caption_position(focus: tuple[float, float], frame: Frame, start: float, *,
                           margin_bottom: int, lines: int, font_size: int
                           ) -> tuple[Literal["bottom", "top"], str]:
    """Bottom, or top when the post's focal point (x, y as shares of the source) shows in the
    band the captions would cover at the bottom."""
    text = lines * font_size * LINE_HEIGHT / frame.height
    low = (1 - margin_bottom / frame.height - text, 1 - margin_bottom / frame.height)
    rows = [0.0] * _FOCUS_ROWS
    rows[min(_FOCUS_ROWS - 1, max(0, int(focus[1] * _FOCUS_ROWS)))] = 1.0
    point = SceneSample(t=start, centre=focus, columns=(1.0,), rows=tuple(rows))
    if any(mass and low[0] <= y < low[1] for y, mass in _mass_in_output(frame, start, point)):
        return "top", ("the top of the safe area: the focal point in the post is in the "
                       "bottom caption band")
    return "bottom", "the bottom of the safe area"


#: Rows the focal point is placed in (1% of the height each).
_FOCUS_ROWS = 100
