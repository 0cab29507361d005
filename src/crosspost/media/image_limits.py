"""How much an image may cost to read: pixels, decoded bytes, and PNG text chunks.

One frozen value, made from the configuration's ``[limits]`` (``crosspost.limits.Limits``) or
left at its defaults, and handed to every probe and decode of a run, so that ``check`` refuses
exactly what ``adapt`` would. Nothing here changes Pillow's process-wide settings
(``Image.MAX_IMAGE_PIXELS``, ``ImageFile.LOAD_TRUNCATED_IMAGES``,
``PngImagePlugin.MAX_TEXT_CHUNK``/``MAX_TEXT_MEMORY``): crosspost checks the file itself with
these limits before Pillow reads it, and its text limits cannot be set above Pillow's own
defaults, so Pillow never fails on a file crosspost passed.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosspost.limits import DEFAULT_LIMITS, Limits

__all__ = ["ImageLimits", "animation_bytes", "decoded_bytes", "reader_bytes"]

_DEFAULT = DEFAULT_LIMITS


@dataclass(frozen=True)
class ImageLimits:
    """Bounds on reading one image; see docs/security.md for why each default."""

    max_pixels: int = _DEFAULT.image_pixels
    max_decoded_bytes: int = _DEFAULT.image_decoded_bytes
    max_text_chunk_bytes: int = _DEFAULT.png_text_chunk_bytes
    max_text_bytes: int = _DEFAULT.png_text_bytes
    max_frames: int = _DEFAULT.animation_frames

    @classmethod
    def of(cls, limits: Limits) -> ImageLimits:
        """The image part of the configuration's ``[limits]``."""
        return cls(max_pixels=limits.image_pixels, max_decoded_bytes=limits.image_decoded_bytes,
                   max_text_chunk_bytes=limits.png_text_chunk_bytes,
                   max_text_bytes=limits.png_text_bytes, max_frames=limits.animation_frames)

    def key(self) -> str:
        """What facts probed under these limits depend on (probe cache keys)."""
        return (f"{self.max_pixels}:{self.max_decoded_bytes}:{self.max_text_chunk_bytes}:"
                f"{self.max_text_bytes}:{self.max_frames}")


#: Bytes a pixel takes in the working form: every image is turned into 8-bit sRGB (RGB or
#: RGBA: four bytes a pixel in Pillow's storage, whatever the file's mode); 16-bit and float
#: grey go through a float64 array (eight bytes a pixel) on the way.
_WIDE = frozenset({"I", "F", "I;16", "I;16L", "I;16B", "I;16N"})


def decoded_bytes(width: int, height: int, mode: str) -> int:
    """Memory one decoded copy of a ``width`` x ``height`` image in ``mode`` takes once it is
    in the working form; a render holds about two such copies at its peak (the decode and
    one converted copy; ``render.image.render`` makes outputs in parallel only as far as
    they fit beside it)."""
    return width * height * (8 if mode in _WIDE else 4)


def animation_bytes(frames: int, width: int, height: int) -> int:
    """What an animation's output frames count against the byte budget: each at four bytes a
    pixel, the RGBA form it is composed in (adapt holds them as 256-colour frames, a byte a
    pixel, while it writes the GIF: the rest is room for the encoded file and the source
    frame being read)."""
    return frames * decoded_bytes(width, height, "RGBA")


#: Frames at the source's size Pillow holds while an animation is read frame by frame (the
#: frame being decoded, the composed screen and the previous one; measured: two 6,000 x 6,000
#: GIF frames took 2.9 times one RGBA frame above a tiny run).
READER_FRAMES = 3


def reader_bytes(width: int, height: int) -> int:
    """What reading a ``width`` x ``height`` animation frame by frame holds, whatever the
    output size: it counts against the byte budget beside the output frames."""
    return READER_FRAMES * decoded_bytes(width, height, "RGBA")
