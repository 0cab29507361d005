"""Encode an output image under a byte limit: the best quality that fits, never below a floor.

JPEG and WebP search the quality downwards from the plan's starting quality (a binary search:
four or five encodes of a 1.5 MP image take about 0.1 s); PNG is encoded losslessly and, when
that is too large, quantised to 256 colours, which is the fallback the plan's size bound
assumes. A file that cannot fit raises ``EncodeError``: nothing is written then.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...specs.adapt_settings import DEFAULTS

if TYPE_CHECKING:
    from PIL import Image

    from .metadata import Kept

_PILLOW = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
#: libjpeg's base luminance table (ITU T.81 Annex K), row by row as Pillow reports it.
_BASE_LUMA = (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24,
              40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77,
              24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95,
              98, 112, 100, 103, 99)


class EncodeError(Exception):
    """The image does not fit the byte limit at the quality floor."""


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str
    quality: int | None  # JPEG/WebP quality used; None for lossless
    palette: bool = False  # PNG quantised to 256 colours to fit


def encode(
    image: Image.Image,
    fmt: str,
    *,
    quality: int = DEFAULTS.image.quality,
    floor: int = DEFAULTS.image.quality_floor,
    max_bytes: int | None = None,
    kept: Kept | None = None,
) -> Encoded:
    """Encode ``image`` (RGB or RGBA, sRGB) as ``fmt`` within ``max_bytes``."""
    if image.info:  # Pillow's encoders copy some info keys (comment, ICC): write none of them
        image = image.copy()
        image.info = {}
    extra = _metadata(fmt, kept)
    if fmt in ("jpeg", "webp"):
        if fmt == "jpeg" and image.mode != "RGB":
            image = image.convert("RGB")
        return _search(image, fmt, quality, min(floor, quality), max_bytes, extra)
    if fmt == "png":
        data = _save(image, "png", extra, optimize=True)
        if max_bytes is None or len(data) <= max_bytes:
            return Encoded(data, fmt, None)
        quantised = _quantise(image)
        data = _save(quantised, "png", extra, optimize=True)
        if len(data) <= max_bytes:
            return Encoded(data, fmt, None, palette=True)
        raise EncodeError(f"a PNG of {image.width}x{image.height} takes {len(data):,} bytes "
                          f"even with 256 colours; the limit is {max_bytes:,}")
    raise ValueError(f"cannot encode still images as {fmt!r}")


def _search(
    image: Image.Image, fmt: str, start: int, floor: int, max_bytes: int | None,
    extra: dict[str, Any],
) -> Encoded:
    best = _save(image, fmt, extra, quality=start)
    if max_bytes is None or len(best) <= max_bytes:
        return Encoded(best, fmt, start)
    low, high, found = floor, start - 1, None  # highest quality in [low, high] that fits
    while low <= high:
        middle = (low + high) // 2
        data = _save(image, fmt, extra, quality=middle)
        if len(data) <= max_bytes:
            found, low = (data, middle), middle + 1
        else:
            high = middle - 1
    if found is None:
        raise EncodeError(f"{image.width}x{image.height} {fmt.upper()} does not fit "
                          f"{max_bytes:,} bytes at the quality floor {floor}")
    return Encoded(found[0], fmt, found[1])


def _save(image: Image.Image, fmt: str, extra: dict[str, Any], **options: Any) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        options.setdefault("optimize", True)
    if fmt == "webp":
        options.setdefault("method", 4)
    image.save(buffer, _PILLOW[fmt], **options, **extra)
    return buffer.getvalue()


def _quantise(image: Image.Image) -> Image.Image:
    from PIL import Image as PILImage

    method = PILImage.Quantize.FASTOCTREE if image.mode == "RGBA" else (
        PILImage.Quantize.MEDIANCUT)
    return image.quantize(256, method=method, dither=PILImage.Dither.NONE)


def _metadata(fmt: str, kept: Kept | None) -> dict[str, Any]:
    """Encoder arguments that write exactly the kept metadata (and never an ICC profile)."""
    if kept is None or not (kept.exif or kept.xmp):
        return {}
    extra: dict[str, Any] = {}
    if kept.exif:
        extra["exif"] = kept.exif
    if kept.xmp and fmt in ("jpeg", "webp"):
        extra["xmp"] = kept.xmp
    elif kept.xmp and fmt == "png":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", kept.xmp.decode("utf-8"), zip=False)
        extra["pnginfo"] = info
    return extra


def jpeg_quality(image: Image.Image) -> int | None:
    """The libjpeg quality that made this JPEG's luminance table (None if not a JPEG)."""
    tables = getattr(image, "quantization", None)
    if not tables or 0 not in tables:
        return None
    luma = list(tables[0])
    if len(luma) != len(_BASE_LUMA):
        return None
    best, best_error = None, float("inf")
    for quality in range(1, 101):
        scale = 5000 // quality if quality < 50 else 200 - 2 * quality
        expected = [min(255, max(1, (v * scale + 50) // 100)) for v in _BASE_LUMA]
        error = sum(abs(a - b) for a, b in zip(luma, expected, strict=True))
        if error < best_error:
            best, best_error = quality, error
    return best
