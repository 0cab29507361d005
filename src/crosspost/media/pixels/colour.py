"""Convert any decoded image to 8-bit sRGB (RGB, or RGBA when it has transparency).

Platforms show images as sRGB and many strip ICC profiles on upload, so a Display P3 or Adobe
RGB photo looks dull and a CMYK JPEG looks wrong unless its colours are converted first. Covers
embedded ICC profiles (RGB, grey and CMYK), CMYK without a profile, 16-bit greyscale, palette
images with a transparent colour, and the odd modes (LA, PA, 1, I, F, YCbCr, LAB, HSV).
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

_WITH_ALPHA = {"RGBA", "LA", "PA", "RGBa", "La"}


def to_srgb(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit sRGB (RGB, or RGBA if any pixel is not fully opaque): the image
    itself when it already is, else a new image without the old profile.

    Memory: at most one new full-size copy is made at a time (and a one-byte alpha band to
    test), so the caller, who drops ``image`` afterwards, holds two copies at the peak: an
    RGBA image with transparency and no profile to convert is returned as it is; colours
    are converted through a profile with the alpha band kept (RGBA to RGBA)."""
    original = image
    icc = image.info.get("icc_profile")
    image = _eight_bit(image)
    if image.mode in _WITH_ALPHA or (image.mode == "P" and "transparency" in image.info):
        image = image if image.mode == "RGBA" else image.convert("RGBA")
        if _opaque(image):
            image = image.convert("RGB")
    if isinstance(icc, bytes) and icc and image.mode in ("RGB", "RGBA", "L", "CMYK"):
        converted = _profile_to_srgb(image, icc)
        if converted is not None:
            image = converted
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    if image is not original:
        image.info.pop("icc_profile", None)
    return image


def _opaque(image: Image.Image) -> bool:
    low = image.getchannel("A").getextrema()[0]
    return isinstance(low, int | float) and low >= 255


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and float greyscale to 8-bit L; Pillow already reads 16-bit RGB as 8-bit."""
    if not (image.mode.startswith("I") or image.mode == "F"):
        return image
    import numpy as np
    from PIL import Image as PILImage

    values = np.asarray(image).astype(np.float64)
    if image.mode == "F" and float(values.max(initial=0.0)) <= 1.0:
        values = values * 255.0
    elif float(values.max(initial=0.0)) > 255.0:
        values = values / 257.0  # 16-bit range to 8-bit (65535 / 255 = 257)
    return PILImage.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))


def _profile_to_srgb(image: Image.Image, icc: bytes) -> Image.Image | None:
    """Convert through the embedded profile; None when it is sRGB already or unusable."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if _is_srgb(source):
            return None
        transform = _transform(icc, image.mode)
        return ImageCms.applyTransform(image, transform)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a broken profile: the pixels are shown as sRGB, as most viewers do


def _is_srgb(profile: Any) -> bool:
    description = str(getattr(profile.profile, "profile_description", "") or "")
    return "srgb" in description.lower().replace(" ", "")


@functools.lru_cache(maxsize=16)
def _transform(icc: bytes, mode: str) -> Any:
    from PIL import ImageCms

    source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    return ImageCms.buildTransform(
        source, _srgb(), mode, "RGBA" if mode == "RGBA" else "RGB",
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    )


@functools.lru_cache(maxsize=1)
def _srgb() -> Any:
    from PIL import ImageCms

    return ImageCms.createProfile("sRGB")
