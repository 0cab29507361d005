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

__all__ = ["PILLOW_TEXT_CHUNK", "PILLOW_TEXT_MEMORY", "ImageLimits", "decoded_bytes"]

#: Pillow's defaults for PNG text chunks (``PngImagePlugin.MAX_TEXT_CHUNK``/``MAX_TEXT_MEMORY``).
PILLOW_TEXT_CHUNK = 1024 * 1024
PILLOW_TEXT_MEMORY = 64 * PILLOW_TEXT_CHUNK


@dataclass(frozen=True)
class ImageLimits:
    """Bounds on reading one image; see docs/security.md for why each default."""

    max_pixels: int = 120_000_000
    max_decoded_bytes: int = 256 * 2**20
    max_text_chunk_bytes: int = PILLOW_TEXT_CHUNK
    max_text_bytes: int = 8 * PILLOW_TEXT_CHUNK

    def key(self) -> str:
        """What facts probed under these limits depend on (probe cache keys)."""
        return (f"{self.max_pixels}:{self.max_decoded_bytes}:{self.max_text_chunk_bytes}:"
                f"{self.max_text_bytes}")


#: Bytes a pixel takes in the working form: every image is turned into 8-bit sRGB (RGB or
#: RGBA: four bytes a pixel in Pillow's storage, whatever the file's mode); 16-bit and float
#: grey go through a float64 array (eight bytes a pixel) on the way.
_WIDE = frozenset({"I", "F", "I;16", "I;16L", "I;16B", "I;16N"})


def decoded_bytes(width: int, height: int, mode: str) -> int:
    """Memory one decoded copy of a ``width`` x ``height`` image in ``mode`` takes once it is
    in the working form; a render holds about two such copies at its peak."""
    return width * height * (8 if mode in _WIDE else 4)
