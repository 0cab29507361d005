"""A contact sheet of a video variant's framing: frames across the trim, the window drawn.

A person should see what the reframing keeps before publishing: eight frames spread over the
part of the video the variant uses, each with the crop window at that moment (blue) and the
rest dimmed, and its time. Frames come from one small ffmpeg decode; a source shared by several
targets is decoded once when the caller passes the same ``frames`` to each sheet.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..variant.crop_path import position
from ..variant.geometry import fit_inside
from ..variant.video_ops import Frame, VideoOp

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["COUNT", "contact_sheet_jpeg", "sample_frames", "sheet_jpeg"]

COUNT = 8
EDGE = 192  # long side of each frame in the sheet
COLUMNS = 4
BOX = (9, 105, 218)  # the window (blue), as in the image previews
TIMEOUT = 60.0

Frames = list[tuple[float, "Image.Image"]]


def sample_frames(source: Path, width: int, height: int, start: float, end: float,
                  count: int = COUNT) -> Frames:
    """``count`` frames spread over ``start..end`` (source seconds) of the displayed video,
    ``EDGE`` pixels on the long side, with their source times."""
    import numpy as np
    from PIL import Image

    from ..media.ffmpeg import input_args, stream_ffmpeg

    span = max(end - start, 1e-3)
    rate = count / span
    scale = EDGE / max(width, height)
    w, h = max(2, round(width * scale)), max(2, round(height * scale))
    args = ["-ss", f"{start:.3f}", "-t", f"{span:.3f}", *input_args(source), "-map", "0:V:0",
            "-an", "-sn", "-vf", f"fps={rate:.6f},scale={w}:{h}:flags=area,setsar=1",
            "-frames:v", str(count), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
    frames: Frames = []
    for k, raw in enumerate(stream_ffmpeg(args, chunk=w * h * 3, timeout=TIMEOUT)):
        pixels = np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3)
        frames.append((start + k / rate, Image.fromarray(pixels)))
    return frames


def _window(frame: Frame, t: float) -> tuple[float, float, float, float]:
    """The part of the source the output shows at ``t``: left, top, right, bottom (pixels)."""
    if frame.fit == "crop" and frame.path is not None:
        x, y = position(frame.path, t)
        return x, y, x + frame.path.w, y + frame.path.h
    if frame.fit == "crop" and frame.crop is not None:
        c = frame.crop
        return c.x, c.y, c.x + c.w, c.y + c.h
    return 0, 0, frame.source_width, frame.source_height


def sheet_jpeg(frames: Frames, frame: Frame) -> bytes:
    """The sheet of ``frames`` with ``frame``'s window drawn on each, as a JPEG."""
    from PIL import Image, ImageDraw

    if not frames:
        raise ValueError("no frames for a contact sheet")
    w, h = frames[0][1].size
    rows = -(-len(frames) // COLUMNS)
    gap, label = 4, 14
    sheet = Image.new("RGB", (COLUMNS * (w + gap) + gap, rows * (h + label + gap) + gap),
                      (246, 248, 250))
    scale = w / frame.source_width
    for k, (t, picture) in enumerate(frames):
        left, top, right, bottom = (v * scale for v in _window(frame, t))
        dimmed = Image.eval(picture, lambda v: v // 3)
        box = (round(left), round(top), round(right), round(bottom))
        dimmed.paste(picture.crop(box), box[:2])
        draw = ImageDraw.Draw(dimmed)
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), outline=BOX, width=2)
        x = gap + (k % COLUMNS) * (w + gap)
        y = gap + (k // COLUMNS) * (h + label + gap)
        sheet.paste(dimmed, (x, y))
        ImageDraw.Draw(sheet).text((x, y + h + 1), f"{t:.1f} s", fill=(36, 41, 47))
    if frame.fit == "pad":  # the whole picture is kept: say so on the sheet
        inside = fit_inside(frame.source_width, frame.source_height, frame.width, frame.height)
        ImageDraw.Draw(sheet).text((gap, sheet.height - label), f"padded: whole frame kept "
                                   f"at {inside.w}x{inside.h}", fill=(36, 41, 47))
    out = io.BytesIO()
    sheet.save(out, "JPEG", quality=75, optimize=True)
    return out.getvalue()


def contact_sheet_jpeg(source: Path, op: VideoOp) -> bytes:
    """The contact sheet of a plan's video operation over ``source``."""
    frames = sample_frames(source, op.frame.source_width, op.frame.source_height, op.start,
                           op.end)
    return sheet_jpeg(frames, op.frame)
