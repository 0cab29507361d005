"""What the planner learns from the pixels of a source: a thumbnail, saliency, format hints.

Planning needs pixels for one thing: where the subject is. The source is decoded once, at the
size the renderer will most likely need (long edge ``KEEP_EDGE`` or more, DCT-scaled), a
thumbnail and its saliency are taken from it, and the decode is returned with them so that
the prober's ``PixelStore`` can keep it for the renderer. The store caches results by the
file's identity, so planning ten targets analyses a source once and every target gets the
same focal point.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...specs.adapt_settings import DEFAULTS
from ..probe_image import probe_image
from .decode import Decoded, decode

if TYPE_CHECKING:
    from PIL import Image

    from ..facts import ImageFacts
    from ..image_limits import ImageLimits
    from .saliency import Saliency

THUMB_EDGE = 320  # analysis and preview thumbnail, long edge in pixels
KEEP_EDGE = DEFAULTS.image.max_edge  # decode at least this long edge for the renderer
_RESIZABLE = {"RGB", "RGBA", "L", "LA", "CMYK"}  # modes Pillow resizes as they are


@dataclass(frozen=True)
class Analysis:
    """What the planner learns from the pixels of one source, once for every target."""

    thumb: Image.Image | None  # upright sRGB, RGB or RGBA, long edge THUMB_EDGE at most
    saliency: Saliency | None  # None: no pixels were read (a fake prober), plan from the centre
    alpha_used: bool
    png_smaller: bool  # a lossless PNG of the thumbnail is smaller than a JPEG of it


def analyse(path: str | Path, limits: ImageLimits | None = None,
            facts: ImageFacts | None = None) -> tuple[Analysis, Decoded]:
    """Thumbnail, saliency and format hints of ``path``, and the decode they came from.

    ``facts``: the file's probe, when the caller has it (a prober's cache): not probed again,
    which for a large JPEG means not scanning its data twice."""
    from PIL import Image as PILImage

    from .colour import to_srgb
    from .saliency import saliency

    facts = facts or probe_image(path, limits=limits)
    decoded = decode(path, scale=min(1.0, KEEP_EDGE / max(facts.width, facts.height)),
                     limits=limits, facts=facts)
    source = decoded.image
    box = _fit(source.size, THUMB_EDGE)
    if source.mode in _RESIZABLE:  # shrink first: converting 320 pixels beats 6 million
        thumb = to_srgb(source.resize(box, PILImage.Resampling.BILINEAR, reducing_gap=2.0))
    else:
        thumb = to_srgb(source).resize(box, PILImage.Resampling.BILINEAR, reducing_gap=2.0)
    alpha_used = thumb.mode == "RGBA" and _min_value(thumb.getchannel("A")) < 255
    flat = thumb.convert("RGB")
    png_smaller = False
    if facts.format not in ("JPEG", "MPO"):  # a JPEG never becomes a PNG
        png, jpeg = io.BytesIO(), io.BytesIO()
        flat.save(png, "PNG", optimize=True)
        flat.save(jpeg, "JPEG", quality=85, optimize=True)
        png_smaller = png.tell() <= jpeg.tell()
    return Analysis(thumb, saliency(flat), alpha_used, png_smaller), decoded


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    scale = min(1.0, edge / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _min_value(band: Image.Image) -> float:
    low = band.getextrema()[0]
    return float(low) if isinstance(low, (int, float)) else 0.0

