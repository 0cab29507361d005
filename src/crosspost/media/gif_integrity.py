"""Does a GIF's data hold what its headers claim? Its blocks walked, each frame's LZW run.

A GIF cut part-way and closed again with its trailer byte (``;``) passes the probe's trailer
test, opens, and fails only when ``adapt`` loads its pixels; a logical screen patched to
9000x9000 around a 16x16 frame decodes without complaint into a picture of background.
``check`` refuses both, as one question with three parts:

* The blocks are walked from the header to the trailer: every extension and every frame's
  data is a chain of sub-blocks that must end (a zero-length block) inside the file, and the
  walk must reach the trailer. A cut lands the walk in the middle of compressed data, where
  the bytes read as lengths run past the end or as block types that do not exist.
* Each frame's LZW data is run through Pillow's own GIF decoder into a palette buffer the size
  of that one frame (one byte a pixel, reused by no other frame): the decoder that ``adapt``
  uses must finish the frame on the data the file holds. Memory is bounded by the largest
  frame, which must stay within the pixel budget; nothing is converted to colour.
* After the trailer, at most ``MAX_TRAILING_BYTES`` may follow: some tools pad a GIF or
  append a few bytes, which every decoder ignores; more is not picture and is refused.

Where the frames lie on the logical screen is not judged: an animation of a small sprite in
one corner of a large transparent screen is a legitimate file (and decodes to exactly that),
so no rule about how much of the screen the frames cover can tell it from an altered header.
What the header and data must agree on is what decodes: the blocks, and every frame's pixels.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass

from crosspost.errors import MediaError
from crosspost.media.image_limits import ImageLimits

__all__ = ["MAX_TRAILING_BYTES", "check_gif"]

_AGAIN = "; export it again"
#: Bytes accepted after the trailer: room for padding and the odd appended block, far less
#: than a hidden file.
MAX_TRAILING_BYTES = 64 * 1024


@dataclass(frozen=True)
class _Frame:
    left: int
    top: int
    width: int
    height: int
    interlaced: bool
    code_size: int
    data: int  # offset of the first sub-block of the LZW data
    end: int  # offset after the terminating zero-length block


def check_gif(path: str, limits: ImageLimits) -> None:
    """Raise MediaError when the GIF at ``path`` is cut, or holds less picture than its
    headers claim."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as data:
        frames = _walk(path, data)
        for number, frame in enumerate(frames, 1):
            _decode(path, data, frame, number, len(frames), limits)


def _walk(path: str, data: mmap.mmap) -> list[_Frame]:
    size = len(data)
    if size < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        raise MediaError("GIF header is missing or cut short" + _AGAIN, path=path)
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames: list[_Frame] = []
    while True:
        if pos >= size:
            raise _cut(path, pos, size)
        kind = data[pos]
        pos += 1
        if kind == 0x3B:  # trailer
            break
        if kind == 0x21:  # extension: label, then sub-blocks
            pos = _sub_blocks(path, data, pos + 1)
        elif kind == 0x2C:  # image descriptor
            if pos + 10 > size:
                raise _cut(path, pos, size)
            left, top, w, h, local = struct.unpack("<HHHHB", data[pos:pos + 9])
            pos += 9 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            if pos >= size:
                raise _cut(path, pos, size)
            code_size = data[pos]
            if not 1 <= code_size <= 11:
                raise MediaError(f"GIF frame {len(frames) + 1} has LZW code size {code_size}, "
                                 "which no GIF has (the file is damaged)" + _AGAIN, path=path)
            end = _sub_blocks(path, data, pos + 1)
            frames.append(_Frame(left, top, w, h, bool(local & 0x40), code_size, pos + 1, end))
            pos = end
        else:
            raise MediaError(
                f"GIF has an unknown block (0x{kind:02X}) at byte {pos - 1:,} where a frame, "
                "an extension or the trailer belongs (the file was cut and closed again, or "
                "damaged)" + _AGAIN, path=path)
    if not frames:
        raise MediaError("GIF has no frames" + _AGAIN, path=path)
    if size - pos > MAX_TRAILING_BYTES:
        raise MediaError(
            f"GIF has {size - pos:,} bytes after its end (the trailer at byte {pos - 1:,}); "
            f"at most {MAX_TRAILING_BYTES:,} are accepted (padding), more is not part of the "
            "picture" + _AGAIN, path=path)
    return frames


def _sub_blocks(path: str, data: mmap.mmap, pos: int) -> int:
    """The offset after the chain of sub-blocks starting at ``pos``."""
    size = len(data)
    while True:
        if pos >= size:
            raise _cut(path, pos, size)
        length = data[pos]
        pos += 1 + length
        if not length:
            return pos


def _cut(path: str, pos: int, size: int) -> MediaError:
    return MediaError(
        f"image is truncated: the GIF's blocks run past its end ({pos:,} of {size:,} bytes "
        "walked without reaching the trailer; the file was cut, or cut and closed again)"
        + _AGAIN, path=path)


def _decode(path: str, data: mmap.mmap, frame: _Frame, number: int, count: int,
            limits: ImageLimits) -> None:
    """Pillow's GIF decoder must finish the frame on the data the file holds."""
    from PIL import Image

    what = f"GIF frame {number} of {count}" if count > 1 else "GIF frame"
    if frame.width * frame.height == 0:
        raise MediaError(f"{what} is empty ({frame.width}x{frame.height})" + _AGAIN, path=path)
    if frame.width * frame.height > limits.max_pixels:
        raise MediaError(
            f"{what} is {frame.width}x{frame.height}, more than the budget of "
            f"{limits.max_pixels / 1e6:.1f} MP (possible decompression bomb)", path=path)
    image = Image.core.new("P", (frame.width, frame.height))  # type: ignore[attr-defined]
    decoder = Image._getdecoder("P", "gif", (frame.code_size, frame.interlaced, -1))
    try:
        decoder.setimage(image, (0, 0, frame.width, frame.height))
        status, error = decoder.decode(data[frame.data:frame.end])
    finally:
        decoder.cleanup()
    if status >= 0:  # the decoder asks for more data than the frame has
        raise MediaError(
            f"image data disagrees with its header: {what} says {frame.width}x{frame.height} "
            "pixels, but its data ends before the last of them (the file was cut, or its "
            "header altered)" + _AGAIN, path=path)
    if error < 0:
        raise MediaError(f"{what}'s data is corrupt (Pillow's decoder stopped with error "
                         f"{error})" + _AGAIN, path=path)
