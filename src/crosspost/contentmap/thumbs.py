"""Small inline thumbnails: an image scaled down, or the first frame of a video.

The map must be one self-contained file, so thumbnails are JPEG data URIs of at most
``MAX_SIDE`` pixels; a map of a hundred posts stays a few megabytes.
"""

from __future__ import annotations

import base64
import io
import tempfile
from pathlib import Path

from ..errors import CrosspostError

MAX_SIDE = 200
QUALITY = 70
VIDEO_TIMEOUT = 30.0


def image_thumbnail(path: Path, max_side: int = MAX_SIDE) -> str | None:
    """A data URI of ``path`` scaled to ``max_side``, or None when it cannot be read."""
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as image:
            image.draft("RGB", (max_side * 2, max_side * 2))  # JPEG: decode at a fraction
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            return _data_uri(image.convert("RGB"))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def video_thumbnail(path: Path, max_side: int = MAX_SIDE, at: float = 1.0) -> str | None:
    """A data URI of a frame near ``at`` seconds, or None when ffmpeg cannot read it."""
    from ..media.ffmpeg import run_ffmpeg
    from ..media.ffmpeg_input import input_args

    scale = (f"scale='min({max_side},iw)':'min({max_side},ih)'"
             ":force_original_aspect_ratio=decrease")
    with tempfile.TemporaryDirectory(prefix="crosspost-thumb-") as folder:
        frame = Path(folder) / "frame.jpg"
        try:
            run_ffmpeg(
                ["-loglevel", "error", "-ss", f"{at:g}", *input_args(path), "-frames:v", "1",
                 "-vf", scale, "-c:v", "mjpeg", "-q:v", "5", "-f", "image2", str(frame)],
                timeout=VIDEO_TIMEOUT,
            )
            data = frame.read_bytes()
        except (CrosspostError, OSError):
            return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii") if data else None


def thumbnail(path: Path, kind: str) -> str | None:
    if kind == "image":
        return image_thumbnail(path)
    if kind == "video":
        return video_thumbnail(path)
    return None


def _data_uri(image: object) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, optimize=True)  # type: ignore[attr-defined]
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
