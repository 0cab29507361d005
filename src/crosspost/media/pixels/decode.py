"""Decode a source image once, small when small will do, upright, with one clear error.

``decode`` asks libjpeg for a DCT-scaled decode (``draft``: 1/2, 1/4 or 1/8 of the pixels)
when every output of the image is that much smaller, then turns the image upright. Every
failure of a file (empty, not an image, truncated, decompression bomb, HEIC) becomes a
``MediaError`` naming it; sources are only ever read.

The planner decodes a source to analyse it and the renderer needs it again moments later;
``store.PixelStore`` (owned by the prober, handed to the renderer) keeps that decode so each
source is decoded once for planning and rendering every target.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import MediaError
from ..image_limits import ImageLimits, decoded_bytes
from ..probe_image import REDUCIBLE, available_formats, probe_image

if TYPE_CHECKING:
    from PIL import Image

    from ..facts import ImageFacts

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
    max_pixels: int | None = None,
    limits: ImageLimits | None = None,
    frame: int = 0,
    facts: ImageFacts | None = None,
) -> Decoded:
    """Decode ``path`` at no less than ``scale`` of its size (JPEG only shrinks by DCT scaling),
    upright; ``MediaError`` names the file when it cannot be decoded.

    The decode fits ``limits.max_decoded_bytes``: a JPEG too large for it at ``scale`` is
    decoded smaller (``Decoded.scale`` says how much; the renderer scales up what is left),
    anything else over it was refused by the probe. ``facts`` of a probe made moments ago
    under the same limits spare probing again."""
    from PIL import Image

    if facts is None:
        facts = probe_image(path, max_pixels=max_pixels, limits=limits)
    budget = (limits or ImageLimits()).max_decoded_bytes
    text = os.fspath(path)
    try:
        with warnings.catch_warnings():
            # crosspost's own pixel budget was checked by the probe above.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(text, formats=available_formats())
            got = 1.0
            fitting = scale
            if image.format in REDUCIBLE:
                fitting = _fitting(scale, decoded_bytes(*image.size, image.mode), budget)
            if image.format in REDUCIBLE and (fitting < 0.5 or fitting != scale):
                scale = fitting
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


def _fitting(scale: float, full: int, budget: int) -> float:
    """``scale``, or the largest DCT scale (1/2, 1/4, 1/8) whose decode fits ``budget`` bytes
    when a decode at ``scale`` (a full one from 1/2 up, where no draft is asked) would not."""
    if full * (1.0 if scale >= 0.5 else scale) ** 2 <= budget:
        return scale
    return next((step for step in (0.5, 0.25) if full * step * step <= budget), 0.125)


def upright(image: Image.Image, orientation: int) -> Image.Image:
    """Apply the EXIF orientation to the pixels (the output carries no orientation tag)."""
    from PIL import Image as PILImage

    method = _TRANSPOSE.get(orientation)
    if method is None:
        return image
    turned = image.transpose(PILImage.Transpose(method))
    turned.info = dict(image.info)
    return turned


Key = tuple[str, int, int]


def identity(path: str | Path) -> Key:
    """What makes a cached result valid: the resolved path, the size and the mtime."""
    stat = os.stat(path)
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns
