"""ffmpeg filter chains for one target's picture: trim, reframe, frame rate, burned captions.

Every size and offset comes from the plan, so the graph is a plain transcription of it. Values
that come from outside (file paths) go through ``filter_value``, which escapes for both levels
ffmpeg parses a graph at: the option value (``\\ ' :``) and the graph (``\\ ' [ ] , ;``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ...variant.crop_path import CropPath, segments
from ...variant.video_ops import Frame

__all__ = ["crop_expression", "display_chain", "filter_value", "fps_value", "frame_chain",
           "subtitles_filter"]

_OPTION_SPECIAL = re.compile(r"([\\':])")
_GRAPH_SPECIAL = re.compile(r"([\\'\[\],;])")
#: The padded background is blurred at 1/8 of the frame: the same look, 1/64 of the work.
BACKGROUND_SCALE = 8


def filter_value(text: str) -> str:
    """``text`` as one filter option value inside a filter graph, whatever it contains."""
    if "\0" in text or "\n" in text:
        raise ValueError("a filter value cannot contain NUL or newline characters")
    return _GRAPH_SPECIAL.sub(r"\\\1", _OPTION_SPECIAL.sub(r"\\\1", text))


def fps_value(fps: float) -> str:
    """An exact rate for ffmpeg: NTSC rates as ``30000/1001``, others in decimals."""
    for base in (24, 30, 48, 60, 120):
        if abs(fps - base * 1000 / 1001) < 1e-3:
            return f"{base * 1000}/1001"
    return f"{fps:.6g}"


def display_chain(frame: Frame) -> str:
    """Square pixels at the displayed size (a no-op for ordinary files), like the probe saw."""
    return f"scale={frame.source_width}:{frame.source_height},setsar=1"


def frame_chain(frame: Frame, label: str, offset: float = 0.0) -> str:
    """Filters from the displayed source to the output frame; ``label`` keeps pads unique.
    ``offset`` is the source time of the chain's first frame (a moving crop needs it)."""
    w, h = frame.width, frame.height
    path = frame.path
    if frame.fit == "crop" and path is not None and path.moves:
        move = crop_expression(path, offset)
        x, y = (move, "0") if path.axis == "x" else ("0", move)
        return f"crop={path.w}:{path.h}:x={x}:y={y},scale={w}:{h}:flags=bicubic"
    if frame.fit == "crop" and frame.crop is not None:
        c = frame.crop
        return f"crop={c.w}:{c.h}:{c.x}:{c.y},scale={w}:{h}:flags=bicubic"
    if frame.fit != "pad":
        return f"scale={w}:{h}:flags=bicubic"
    from ...variant.geometry import fit_inside

    fg = fit_inside(frame.source_width, frame.source_height, w, h)
    bw = max(2, 2 * round(w / BACKGROUND_SCALE / 2))
    bh = max(2, 2 * round(h / BACKGROUND_SCALE / 2))
    sigma = max(1.0, min(bw, bh) / 12)
    return (
        f"split=2[bg{label}][fg{label}];"
        f"[bg{label}]scale={bw}:{bh}:force_original_aspect_ratio=increase,crop={bw}:{bh},"
        f"gblur=sigma={sigma:.2f},eq=brightness=-0.08,scale={w}:{h}:flags=bilinear[bb{label}];"
        f"[fg{label}]scale={fg.w}:{fg.h}:flags=bicubic[ff{label}];"
        f"[bb{label}][ff{label}]overlay={fg.x}:{fg.y}"
    )


def subtitles_filter(script: Path, fonts: Path) -> str:
    """Draw an ASS script with libass, using only the fonts in ``fonts``."""
    return (f"ass=filename={filter_value(str(script))}:fontsdir={filter_value(str(fonts))}"
            ":shaping=auto")


def crop_expression(path: CropPath, offset: float = 0.0) -> str:
    """The path's ``position`` as an ffmpeg expression of ``t``, where source time is
    ``t + offset`` (a trimmed branch's frames start at 0); commas escaped for a filter graph.
    One flat sum (no nesting), evaluated by ``crop`` for every frame."""
    x0, jumps, ramps = segments(path)
    # Enough decimals that rounding never shows: a ramp may climb 20,000 px/s (a pan over
    # 10 ms), where a microsecond is already 0.02 px, and a sum of many terms rounded to
    # 0.01 px each drifts by more than one of them.
    terms = [f"{x0:.6f}"]
    terms += [f"{size:+.6f}*gte(t\\,{at - offset:.9f})" for at, size in jumps]
    terms += [f"{v:+.6f}*clip(t{offset - at:+.9f}\\,0\\,{d:.9f})" for at, d, v in ramps]
    return "".join(terms)
