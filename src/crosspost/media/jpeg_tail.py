"""Was a JPEG cut and closed again? Reduced decodes answer, with and without filler bytes.

A sequential (baseline) JPEG cut part-way and given its end marker again still opens, and
libjpeg fills every block it finds no data for with zero coefficients: the lower part of the
picture decodes flat grey, and Pillow says nothing. The marker walk of ``image_integrity``
cannot tell, since what is left still spends more than a bit per block. Only the entropy
decoder knows whether the data ran out before the last block, so libjpeg is asked, at 1/8 of
the size and in grey for colour photos (DC coefficients of the luma only: a 12 MP photo
decodes to 0.2 MP in a few tens of milliseconds, and memory stays at 1/64 of the picture's):

* A block without data decodes to mid-grey (128), so a file whose last block is not mid-grey
  was decoded to its end: one decode, the usual case.
* Otherwise the file is decoded a second time with bytes inserted where its data ends. An
  honest file never reaches them (libjpeg skips bytes after the last block), so both decodes
  agree; a cut file decodes them into the blocks it lacked, and the pictures differ.

A progressive file has no grey to look for (a short scan only leaves its blocks less
refined), so it is always decoded twice, at 1/4 (``check_progressive_tail``).
"""

from __future__ import annotations

import io
import mmap
import warnings
from typing import Any

from PIL import Image

from crosspost.errors import MediaError

__all__ = ["check_jpeg_tail", "check_progressive_tail"]

#: What the second decode finds where the data ended: bytes that decode to coefficients other
#: than zero with any Huffman table (no 0xFF, so no marker), then the data's own marker.
_FILLER = bytes(range(1, 255)) * 4
_GREY = range(126, 131)  # 128 in the decoder's colour space; 127 for inverted (Adobe) CMYK


def check_jpeg_tail(path: str, data: mmap.mmap, data_end: int, height: int) -> None:
    """Raise MediaError when the sequential JPEG in ``data`` (its last scan's entropy data ends
    at byte ``data_end``) runs out of data before its last block (``height``: rows)."""
    data_end = _before_fill(data, data_end)
    plain = _reduced(path, _Stream(data, data_end, b""))
    last = plain.getpixel((plain.width - 1, plain.height - 1))
    channels = last if isinstance(last, tuple) else (last,)
    if not all(isinstance(c, int) and c in _GREY for c in channels):
        return
    filled = _reduced(path, _Stream(data, data_end, _FILLER))
    _refuse_if_different(path, plain, filled, height,
                         "the JPEG's data ends before its last block", "are in the file", "grey")


#: Filler for a progressive file's scans: longer, and without the period of ``_FILLER``, so
#: that what a cut scan decodes from it changes coefficients everywhere in its missing blocks.
_SCAN_FILLER = bytes(((i * 2654435761) >> 13) % 255 for i in range(8192))


def check_progressive_tail(path: str, data: mmap.mmap, stops: list[int],
                           height: int) -> None:
    """Raise MediaError when a scan of the progressive JPEG in ``data`` (its scans' entropy
    data end at the offsets ``stops``) runs out of data before its last block.

    Every scan of a progressive file refines coefficients the earlier ones left coarse, so a
    short one leaves no grey to look for: the missing part only decodes softer. The file is
    decoded twice at 1/4 of its size (the 2x2 inverse DCT of each block, which uses 25 of its
    64 coefficients), once as it is and once with bytes inserted at the end of every scan's
    data. An honest file never reads them (libjpeg skips bytes between a scan's last block and
    the next marker), so the pictures are identical; a cut scan decodes them into the blocks
    it lacks, and the pictures differ."""
    stops = [_before_fill(data, stop) for stop in stops]
    plain = _reduced(path, _Stream(data, stops, b""), scale=4, mode="YCbCr")
    filled = _reduced(path, _Stream(data, stops, _SCAN_FILLER), scale=4, mode="YCbCr")
    _refuse_if_different(path, plain, filled, height,
                         "a scan of the progressive JPEG ends before its last block",
                         "are complete", "blurred")


def _refuse_if_different(path: str, plain: Image.Image, filled: Image.Image, height: int,
                         problem: str, kept: str, rest: str) -> None:
    """The decode with filler differs from the plain one only where data is missing: name
    the rows before the first difference."""
    if plain.tobytes() == filled.tobytes():
        return
    row = _first_changed_row(plain, filled)
    shown = min(height, round(row * height / plain.height))
    raise MediaError(
        f"image data disagrees with its header: {problem}, so only about the top {shown:,} "
        f"of its {height:,} rows {kept} and the rest decodes {rest} (the file was cut and "
        "closed again); export it again", path=path)


def _before_fill(data: mmap.mmap, end: int) -> int:
    """Where inserted bytes go for entropy data that ends at ``end``: before any 0xFF there.
    Those are fill bytes before the marker, or the half of a stuffed 0xFF 0x00 left by a cut:
    entropy data never ends in 0xFF, and bytes inserted after one would read as a marker."""
    while end > 0 and data[end - 1] == 0xFF:
        end -= 1
    return end


def _reduced(path: str, stream: _Stream, *, scale: int = 8,
             mode: str = "L") -> Image.Image:
    try:
        with warnings.catch_warnings():  # the size was judged by the probe's own budget
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BufferedReader(stream), formats=["JPEG", "MPO"])
        with image:
            # By default libjpeg's largest reduction (1/8), and luma alone for colour: the grey
            # of a block without data is exact there, chroma upsampling would blur it.
            width, height = image.size
            image.draft(mode if image.mode == "RGB" else image.mode,
                        (max(1, width // scale), max(1, height // scale)))
            image.load()
            return image.copy()
    except (OSError, ValueError, SyntaxError) as exc:
        raise MediaError(f"JPEG data could not be decoded ({exc}); export it again",
                         path=path) from None


def _first_changed_row(a: Image.Image, b: Image.Image) -> int:
    stride = len(a.tobytes()) // a.height
    one, two = a.tobytes(), b.tobytes()
    return next((y for y in range(a.height)
                 if one[y * stride:(y + 1) * stride] != two[y * stride:(y + 1) * stride]),
                a.height)


class _Stream(io.RawIOBase):
    """``data`` with ``insert`` placed at each offset of ``at``, read without copying the
    file."""

    def __init__(self, data: mmap.mmap | bytes, at: int | list[int], insert: bytes) -> None:
        self._data = data  # slices are copies: no view keeps the caller's mmap open
        self._at = sorted(set([at] if isinstance(at, int) else at)) if insert else []
        self._insert = insert
        self._size = len(data) + len(insert) * len(self._at)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        done = 0
        while done < len(out) and self._pos < self._size:
            piece = self._piece(self._pos, len(out) - done)
            out[done:done + len(piece)] = piece
            done += len(piece)
            self._pos += len(piece)
        return done

    def _piece(self, pos: int, most: int) -> bytes:
        """The longest run from ``pos`` inside one part (file, insert, file, insert, ...)."""
        shift = 0  # inserted bytes before the current part
        for at in self._at:
            if pos < at + shift:
                break
            inside = pos - at - shift
            if inside < len(self._insert):
                return self._insert[inside:inside + most]
            shift += len(self._insert)
        back = pos - shift
        following = [at for at in self._at if at > back]
        end = following[0] if following else len(self._data)
        return self._data[back:min(end, back + most)]
