"""Where burned captions go: at the bottom, or at the top when the subject fills the bottom.

Captions belong at the bottom of the safe area, where viewers look for them; but a subject
that fills the lower part of a reframed frame (a speaker filmed from above, hands showing an
object) would be covered. The scene's salient mass per source row is mapped into the output
frame (through the crop window or the padded layout) over the trimmed part of the video, and
the captions move to the top when the band they would cover at the bottom holds clearly more
of the subject than the band at the top.
"""

from __future__ import annotations

from typing import Literal

from ...media.scene.model import Scene
from ...variant.crop_path import position
from ...variant.video_geometry import fit_inside
from ...variant.video_ops import Frame

__all__ = ["LINE_HEIGHT", "caption_position"]

#: Height of a caption line in font sizes (libass with DejaVu Sans and an outline).
LINE_HEIGHT = 1.3
#: The bottom band must hold this many times the top band's salient mass to move the captions.
DOMINANCE = 2.0


def _rows_in_output(scene: Scene, frame: Frame, t: float, rows: tuple[float, ...]
                    ) -> list[tuple[float, float]]:
    """(output y as a share of the height, mass) for each source row visible at ``t``."""
    n = len(rows)
    src_h = frame.source_height
    out: list[tuple[float, float]] = []
    top, height = 0.0, float(src_h)
    if frame.fit == "crop" and frame.path is not None and frame.path.axis == "y":
        top, height = position(frame.path, t)[1], float(frame.path.h)
    elif frame.fit == "crop" and frame.crop is not None:
        top, height = float(frame.crop.y), float(frame.crop.h)
    for i, mass in enumerate(rows):
        y = (i + 0.5) / n * src_h
        if frame.fit == "pad":
            box = fit_inside(frame.source_width, src_h, frame.width, frame.height)
            out.append(((box.y + y / src_h * box.h) / frame.height, mass))
        elif top <= y < top + height:
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
    bottom = top = 0.0
    samples = scene.samples_in(start, end)
    for sample in samples:
        for y, mass in _rows_in_output(scene, frame, sample.t, sample.rows):
            bottom += mass if low[0] <= y < low[1] else 0.0
            top += mass if high[0] <= y < high[1] else 0.0
    if not samples or bottom <= DOMINANCE * top or bottom / len(samples) < 1.2 * text:
        return "bottom", "the bottom of the safe area"
    return "top", (f"the top of the safe area: the subject fills the lower part "
                   f"({bottom / len(samples):.0%} of its salience in the bottom caption band)")
