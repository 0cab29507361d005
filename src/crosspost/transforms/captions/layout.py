"""Caption planning maths: edits of a subtitle track and the layout of burned-in captions.

The same edit list drives the sidecar writer, the burn-in and the re-check, so what the plan
predicts is what is written. Layout sizes text from the frame height, then shrinks it until a
readable number of characters fits between the safe-area margins of narrow vertical frames.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...media.facts import Subtitles
from ...specs.adapt_settings import DEFAULTS
from ...variant.geometry import Insets
from ...variant.video_ops import CaptionEdit
from ..video.timing import Cue

__all__ = ["CHAR_WIDTH_EM", "CaptionLayout", "apply_edits", "caption_layout",
           "cues_of", "sidecar_text"]

#: Average advance of DejaVu Sans Bold in ems over Dutch and English text (measured: 0.58-0.62;
#: all capitals reach 0.72, and libass wraps what still does not fit).
CHAR_WIDTH_EM = 0.62
#: Space between the safe area and the text, as a share of the frame side.
PADDING = 0.02
#: Below the text at least this share of the height (the classic title-safe margin).
BOTTOM_MIN = 0.05
MIN_FONT_PX = 8


def apply_edits(subs: Subtitles, edits: Sequence[CaptionEdit]) -> Subtitles:
    """Apply ``edits`` in order; ``convert`` round-trips through the writer, as a file would."""
    from ...media.subtitles.edit import retime, rewrap
    from ...media.subtitles.parse import parse_subtitles

    for edit in edits:
        if edit.op == "retime":
            subs = retime(subs, edit.start or 0.0, edit.end)
        elif edit.op == "rewrap":
            subs = rewrap(subs, edit.max_chars_per_line or DEFAULTS.captions.max_chars_per_line,
                          edit.max_lines or DEFAULTS.captions.max_lines)
        elif edit.to is not None and edit.to != subs.format:
            subs = parse_subtitles(sidecar_text(subs, edit.to), edit.to, path=subs.path)
    return subs


def sidecar_text(subs: Subtitles, fmt: str) -> str:
    """The file text of ``subs`` as SRT or WebVTT."""
    from ...media.subtitles.write import to_srt, to_vtt

    return to_vtt(subs) if fmt == "vtt" else to_srt(subs)


def cues_of(subs: Subtitles) -> list[Cue]:
    """Cue times and visible text, for choosing a trim point."""
    from ...media.subtitles.text import visible_text

    return [Cue(c.start, c.end, " ".join(visible_text(line, subs.format) for line in c.lines))
            for c in subs.cues]


@dataclass(frozen=True)
class CaptionLayout:
    """Font size, wrapping and margins of burned-in captions, in output pixels."""

    font_size: int
    chars_per_line: int
    max_lines: int
    margin_left: int
    margin_right: int
    margin_bottom: int
    outline: int
    box: bool
    margin_top: int = 0
    position: str = "bottom"  # or "top", away from a subject in the lower part


def caption_layout(
    width: int,
    height: int,
    safe: Insets,
    *,
    size_share: float,
    min_chars: int,
    max_chars: int | None,
    max_lines: int,
    box: bool,
) -> CaptionLayout:
    """Text ``size_share`` of the frame height, smaller if ``min_chars`` would not fit a line."""
    left = math.ceil((safe.left + PADDING) * width)
    right = math.ceil((safe.right + PADDING) * width)
    bottom = math.ceil(max(safe.bottom + PADDING, BOTTOM_MIN) * height)
    top = math.ceil(max(safe.top + PADDING, BOTTOM_MIN) * height)
    usable = max(width - left - right, 1)
    font = min(round(size_share * height), math.floor(usable / (min_chars * CHAR_WIDTH_EM)))
    font = max(font, MIN_FONT_PX)
    chars = max(1, math.floor(usable / (font * CHAR_WIDTH_EM)))
    if max_chars is not None:
        chars = min(chars, max_chars)
    outline = 0 if box else max(1, round(font * 0.08))
    return CaptionLayout(font, chars, max_lines, left, right, bottom, outline, box, top)
