"""Decode a source image once, small when small will do, upright, with one clear error.

``decode`` is what the renderer calls: it asks libjpeg for a DCT-scaled decode (``draft``:
1/2, 1/4 or 1/8 of the pixels) when every output of the image is that much smaller, then
turns the image upright. ``analyse`` is what the planner calls: a thumbnail and its saliency,
kept in a small LRU cache keyed by the file's identity (path, size, mtime), so planning ten
targets decodes a source once. Every failure of a file (empty, not an image, truncated,
decompression bomb, HEIC) becomes a ``MediaError`` naming it; sources are only ever read.
"""

from __future__ import annotations

import math
import os
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MediaError
from ..media.probe_image import DEFAULT_MAX_IMAGE_PIXELS, IMAGE_FORMATS, probe_image

if TYPE_CHECKING:
    from PIL import Image

    from ..media.facts import ImageFacts
    from .saliency import Saliency

THUMB_EDGE = 320  # analysis and preview thumbnail, long edge in pixels
_TRANSPOSE = {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}  # orientation -> Image.Transpose value


@dataclass(frozen=True)
class Decoded:
    """An upright image and how many of its pixels one source pixel became (1, 1/2 ... 1/8)."""

    image: Image.Image
    scale: float
    facts: ImageFacts


def decode(
    path: str | Path,
    *,
    scale: float = 1.0,
    max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    frame: int = 0,
) -> Decoded:
    """Decode ``path`` at no less than ``scale`` of its size (JPEG only shrinks by DCT scaling),
    upright; ``MediaError`` names the file when it cannot be decoded."""
    from PIL import Image

    facts = probe_image(path, max_pixels=max_pixels)
    text = os.fspath(path)
    try:
        with warnings.catch_warnings():
            # crosspost's own pixel budget was checked by the probe above.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(text, formats=_formats())
            got = 1.0
            if image.format == "JPEG" and scale < 0.5:
                stored = image.size
                wanted = (max(1, math.ceil(stored[0] * scale)),
                          max(1, math.ceil(stored[1] * scale)))
                result = image.draft(image.mode, wanted)
                if result is not None:
                    got = result[1][2] / stored[0]
            if frame:
                image.seek(frame)
            image.load()
    except MediaError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise MediaError(f"image is truncated or corrupt ({exc}); export it again",
                         path=text) from None
    return Decoded(upright(image, facts.orientation), got, facts)


def upright(image: Image.Image, orientation: int) -> Image.Image:
    """Apply the EXIF orientation to the pixels (the output carries no orientation tag)."""
    from PIL import Image as PILImage

    method = _TRANSPOSE.get(orientation)
    if method is None:
        return image
    turned = image.transpose(PILImage.Transpose(method))
    turned.info = dict(image.info)
    return turned


def _formats() -> list[str]:
    from PIL import Image

    Image.init()
    return [name for name in IMAGE_FORMATS if name in Image.OPEN]


@dataclass(frozen=True)
class Analysis:
    """What the planner learns from the pixels of one source, once for every target."""

    thumb: Image.Image  # upright sRGB, RGB or RGBA, long edge THUMB_EDGE at most
    saliency: Saliency
    alpha_used: bool
    png_smaller: bool  # a lossless PNG of the thumbnail is smaller than a JPEG of it


def analyse(path: str | Path) -> Analysis:
    """Thumbnail, saliency and format hints of ``path`` (cached by path, size and mtime)."""
    stat = os.stat(path)
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    result = _analyse(path)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


_CACHE: OrderedDict[tuple[str, int, int], Analysis] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _analyse(path: str | Path) -> Analysis:
    import io

    from PIL import Image

    from .colour import to_srgb
    from .saliency import saliency

    facts = probe_image(path)
    decoded = decode(path, scale=THUMB_EDGE / max(facts.width, facts.height))
    thumb = to_srgb(decoded.image)
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    alpha_used = thumb.mode == "RGBA" and _min_value(thumb.getchannel("A")) < 255
    flat = thumb.convert("RGB")
    png_smaller = False
    if decoded.facts.format not in ("JPEG", "MPO"):  # a JPEG never becomes a PNG
        png, jpeg = io.BytesIO(), io.BytesIO()
        flat.save(png, "PNG", optimize=True)
        flat.save(jpeg, "JPEG", quality=85, optimize=True)
        png_smaller = png.tell() <= jpeg.tell()
    return Analysis(thumb, saliency(flat), alpha_used, png_smaller)


def _min_value(band: Image.Image) -> float:
    low = band.getextrema()[0]
    return float(low) if isinstance(low, (int, float)) else 0.0


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
