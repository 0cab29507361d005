"""Choose and write a cover frame: sharp, not black, in the variant's own framing.

Platforms show the first frame when no cover is given, and explainers often open on a black or
faded frame. We sample small grey frames across the trim window (one cheap ffmpeg run), score
them for sharpness and exposure, and extract the best one at full size.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from ...variant.video_ops import CoverOp
from .filters import display_chain, frame_chain

__all__ = ["SAMPLES", "best_frame", "frame_score", "write_cover"]

#: Frames sampled across the window; enough to skip fades, cheap at 160 pixels wide.
SAMPLES = 24
THUMB_WIDTH = 160
#: Mean luma below this (0..255) is a black frame, above ``_WHITE`` a white flash.
_BLACK = 28.0
_WHITE = 235.0


def frame_score(gray: Sequence[int] | bytes, width: int, height: int) -> float:
    """Sharpness (mean absolute Laplacian) times an exposure weight; black frames score ~0."""
    import numpy as np

    pixels = np.frombuffer(bytes(gray), dtype=np.uint8).reshape(height, width).astype(np.float32)
    mean = float(pixels.mean())
    if mean < _BLACK or mean > _WHITE or float(pixels.std()) < 4.0:
        return 0.0
    lap = (4 * pixels[1:-1, 1:-1] - pixels[:-2, 1:-1] - pixels[2:, 1:-1]
           - pixels[1:-1, :-2] - pixels[1:-1, 2:])
    exposure = 1.0 - abs(mean - 128.0) / 160.0
    return float(np.abs(lap).mean()) * exposure


def best_frame(scores: Sequence[float]) -> int:
    """Index of the best score; ties go to the earliest frame (closest to the opening)."""
    if not scores:
        raise ValueError("no frames to choose from")
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


def _choose_time(source: Path, op: CoverOp, ffmpeg: str | None) -> float:
    from ...media.ffmpeg import input_args, run_ffmpeg

    span = op.end - op.start
    rate = SAMPLES / span
    w = THUMB_WIDTH
    h = max(2, 2 * round(w * op.frame.height / op.frame.width / 2))
    chain = (f"{display_chain(op.frame)},fps={rate:.6f},{frame_chain(op.frame, 'c', op.start)},"
             f"scale={w}:{h},format=gray")
    with tempfile.TemporaryDirectory(prefix="crosspost-cover-") as tmp:
        raw = Path(tmp) / "frames.gray"
        args = ["-ss", f"{op.start:.3f}", "-t", f"{span:.3f}", *input_args(source),
                "-filter_complex", f"[0:V:0]{chain}[c]", "-map", "[c]", "-an",
                "-f", "rawvideo", "file:" + str(raw)]
        run_ffmpeg(args, timeout=op.timeout, ffmpeg=ffmpeg)
        data = raw.read_bytes()
    size = w * h
    frames = [data[i:i + size] for i in range(0, len(data) - size + 1, size)]
    if not frames:
        return op.start
    index = best_frame([frame_score(f, w, h) for f in frames])
    return min(op.start + (index + 0.5) / rate, op.end - 0.001)


def write_cover(source: Path, op: CoverOp, dest: Path, ffmpeg: str | None = None) -> float:
    """Write the cover JPEG to ``dest`` (atomically); returns the source time used."""
    from ...media.ffmpeg import input_args, run_ffmpeg
    from ...output.atomic import atomic_path

    at = op.at if op.at is not None else _choose_time(source, op, ffmpeg)
    at = min(max(at, op.start), max(op.end - 0.001, op.start))
    at = round(at, 3)  # the seek below is written with 3 decimals; the crop path's clock too
    chain = f"{display_chain(op.frame)},{frame_chain(op.frame, 'c', at)},format=yuvj420p"
    with atomic_path(dest) as temp:
        args = ["-y", "-ss", f"{at:.3f}", *input_args(source),
                "-filter_complex", f"[0:V:0]{chain}[c]", "-map", "[c]", "-frames:v", "1",
                "-an", "-map_metadata", "-1", "-c:v", "mjpeg", "-q:v", "3",
                "-f", "image2pipe", "file:" + str(temp.resolve())]
        run_ffmpeg(args, timeout=op.timeout, ffmpeg=ffmpeg)
        if temp.stat().st_size == 0:
            from ...errors import OutputError

            raise OutputError(f"ffmpeg wrote no cover frame at {at:.3f} s of {source}")
    return at
