"""Turn a decoded source into one output frame: crop, resize, pad, flatten.

The source may be decoded smaller than it is (JPEG DCT scaling), so boxes in source pixels
are scaled by ``scale`` first. Resizing passes a ``reducing_gap``: Pillow first shrinks by a
whole factor with ``reduce()`` (a cheap box filter) and only then resamples. What is left to do
after DCT scaling and ``reduce()`` is often a shrink by less than 2, where bicubic is as good as
Lanczos to the eye and a third cheaper; larger shrinks use Lanczos. The benchmark checks the
result against a full decode with Lanczos (PSNR floor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...variant.geometry import crop_box, place_in_pad
from ...variant.image_ops import ImageOp

if TYPE_CHECKING:
    from PIL import Image

REDUCING_GAP = 2.0  # Pillow: 2 is close to fair resampling, 3 indistinguishable


def compose(image: Image.Image, scale: float, op: ImageOp, *, keep_alpha: bool) -> Image.Image:
    """The output frame of ``op`` from ``image`` (upright sRGB, decoded at ``scale``; RGBA
    may come premultiplied, as ``RGBa``: see ``premultiplied``)."""
    left, top, right, bottom = (v * scale for v in op.crop)
    box = (max(0.0, left), max(0.0, top), min(float(image.width), right),
           min(float(image.height), bottom))
    if op.pad is None:
        out = _straight(image.resize(op.resize, resample(box[2] - box[0], op.resize[0]),
                                     box=box, reducing_gap=REDUCING_GAP))
    else:
        out = _padded(image, box, op)
    if out.mode == "RGBA" and not keep_alpha:
        out = flatten(out, op.background)
    out.info = {}  # encoders copy some info keys (comment, ICC): write only what we pass
    return out


def _padded(image: Image.Image, box: tuple[float, float, float, float], op: ImageOp) -> Image.Image:
    from PIL import Image as PILImage

    assert op.pad is not None
    at = place_in_pad(op.crop, op.pad, op.resize)
    content = _straight(image.resize((at.w, at.h), resample(box[2] - box[0], at.w), box=box,
                                     reducing_gap=REDUCING_GAP))
    if op.fill == "blur":
        canvas = blurred_cover(image, op.resize)
    else:
        canvas = PILImage.new("RGB", op.resize, op.fill)
    if content.mode == "RGBA":
        canvas = canvas.convert("RGBA")
        canvas.alpha_composite(content, (at.x, at.y))
    else:
        canvas.paste(content, (at.x, at.y))
    return canvas


def premultiplied(image: Image.Image) -> Image.Image:
    """``image`` ready for ``compose``: RGBA as ``RGBa`` (colours premultiplied by alpha).

    Pillow resizes RGBA by converting the whole image to RGBa first, a full-size copy per
    resize; converting once lets every output of the source (on several threads) resize
    it without one, and gives the same pixels."""
    return image.convert("RGBa") if image.mode == "RGBA" else image


def _straight(image: Image.Image) -> Image.Image:
    """An output made from a premultiplied source, back to RGBA (output-sized: cheap)."""
    return image.convert("RGBA") if image.mode == "RGBa" else image


def resample(source: float, output: int) -> Image.Resampling:
    """Lanczos for a real shrink, bicubic for the last factor below 2 (and for enlarging)."""
    from PIL import Image as PILImage

    if source / output > 2.0:
        return PILImage.Resampling.LANCZOS
    return PILImage.Resampling.BICUBIC


def blurred_cover(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A soft, slightly darkened copy of ``image`` filling ``size`` (for padding)."""
    from PIL import Image as PILImage
    from PIL import ImageEnhance, ImageFilter

    small = (max(1, size[0] // 16), max(1, size[1] // 16))
    box = crop_box(image.width, image.height, size[0] / size[1])  # the middle, at its ratio
    # shrink first, then convert: converting the source would copy all of it
    tiny = image.resize(small, PILImage.Resampling.BOX, box=box, reducing_gap=2.0)
    tiny = tiny.convert("RGB")
    tiny = tiny.filter(ImageFilter.GaussianBlur(radius=3))
    tiny = ImageEnhance.Brightness(tiny).enhance(0.8)
    return tiny.resize(size, PILImage.Resampling.BICUBIC)


def flatten(image: Image.Image, colour: str) -> Image.Image:
    """RGBA onto a solid colour, for formats without transparency (JPEG)."""
    from PIL import Image as PILImage

    base = PILImage.new("RGBA", image.size, colour)
    base.alpha_composite(image.convert("RGBA"))
    return base.convert("RGB")
