"""A container's stated frame size against the frames the codec's own header describes.

An MP4 states the size twice outside the bitstream (the track header ``tkhd``, the display
size, and the sample description ``stsd``, the coded size); a Matroska track entry states
``PixelWidth``/``PixelHeight``. Decoders ignore them and use the codec's parameter sets, but a
player may lay out the video by them, and a compliant video is published byte for byte. A
header that claims 9,000 x 9,000 for 320 x 240 frames is therefore an error, not a detail.
"""

from __future__ import annotations

from crosspost.media.container.codecs import Picture
from crosspost.media.container.common import Contradiction

__all__ = ["SIZE_SLACK", "check_stated_size"]

#: Pixels a stated size may differ by: encoders may state the size before cropping to whole
#: macroblocks (1920 x 1088 for 1080p video) or round an anamorphic display width.
SIZE_SLACK = 16


def check_stated_size(where: str, stated: tuple[float, float], picture: Picture, *,
                      display: bool = False) -> None:
    """Raise Contradiction unless ``stated`` (0 x 0: nothing stated) fits ``picture``.

    ``display``: the size is the display size (the track header), so the picture's width with
    its sample aspect applied also fits, and either orientation does (writers differ on
    whether the size is stated before or after the rotation)."""
    width, height = stated
    if width <= 0 and height <= 0:
        return
    fits: list[tuple[float, float]] = [(picture.width, picture.height)]
    if display:
        if picture.sar is not None and picture.sar[1]:
            fits.append((picture.width * picture.sar[0] / picture.sar[1], picture.height))
        fits += [(h, w) for w, h in fits]
    if any(abs(width - w) < SIZE_SLACK and abs(height - h) < SIZE_SLACK for w, h in fits):
        return
    raise Contradiction(
        f"{where} says {_size(width)}x{_size(height)}, but the video's frames are "
        f"{picture.width}x{picture.height}")


def _size(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))
