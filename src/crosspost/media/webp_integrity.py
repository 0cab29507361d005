"""Does a WebP's data hold what its headers claim? Its RIFF chunks walked, nothing decoded.

libwebp refuses a WebP cut short of its RIFF size when Pillow opens it, but a file whose
canvas, frame or bitstream sizes were altered opens and fails only when ``adapt`` loads its
pixels, or decodes into a picture of mostly nothing. ``check`` refuses these from the
structure:

* The RIFF size must fit in the file and every chunk inside the RIFF size.
* Each picture's bitstream header (VP8 frame header, VP8L header) must state the size of
  the canvas (a still image) or of its frame (an animation), and the frames of an animation
  must lie inside the canvas (libwebp refuses others). Where in the canvas they lie is not
  judged: libwebp's own encoder crops each frame to what changed, so an animation of a
  sprite in one corner has only small frames in that corner, and is a legitimate file.
* A lossy (VP8) key frame codes every 16x16 macroblock's prediction modes in its first
  partition with fixed probabilities: at least 1.65 bits a macroblock (RFC 6386, 11.2:
  ``kf_ymode_prob`` and ``kf_uv_mode_prob``). A first partition smaller than that, or one
  that the chunk does not hold with room for the coefficient data after it, cannot be the
  picture its header claims.

What the structure cannot show is a lossless (VP8L) bitstream, or a lossy one's coefficient
data, cut and given matching chunk sizes again: only a full decode tells, and the probe makes
one after these checks (``probe_decode``).
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from crosspost.errors import MediaError

__all__ = ["check_webp"]

_AGAIN = "; export it again"
#: Fewest bits a VP8 key frame's first partition spends on one macroblock (0.82 for the
#: likeliest luma mode, 0.85 for the likeliest chroma mode), with a margin below.
_BITS_PER_MACROBLOCK = 1.5


@dataclass(frozen=True)
class _Rect:
    left: int
    top: int
    width: int
    height: int


def check_webp(path: str) -> None:
    """Raise MediaError when the WebP at ``path`` is cut, or its sizes disagree."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as data:
        _check(path, data)


def _check(path: str, data: mmap.mmap) -> None:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise MediaError("WebP header is missing or cut short" + _AGAIN, path=path)
    riff_end = 8 + struct.unpack("<I", data[4:8])[0]
    if riff_end > len(data):
        raise MediaError(
            f"image is truncated: the WebP's RIFF header says {riff_end:,} bytes, but the file "
            f"has {len(data):,} (the upload or copy stopped half-way)" + _AGAIN, path=path)
    chunks = list(_chunks(path, data, 12, riff_end))
    if not chunks:
        raise MediaError("WebP has no image data" + _AGAIN, path=path)
    kind, start, end = chunks[0]
    if kind in (b"VP8 ", b"VP8L"):
        _bitstream(path, data, kind, start, end, None, "WebP image")
        return
    if kind != b"VP8X" or end - start < 10:
        raise MediaError(f"WebP starts with a {_name(kind)} chunk, not its image header"
                         + _AGAIN, path=path)
    animated = bool(data[start] & 0x02)
    canvas = (_u24(data, start + 4) + 1, _u24(data, start + 7) + 1)
    if animated:
        _animation(path, data, chunks, canvas)
        return
    images = [(k, s, e) for k, s, e in chunks if k in (b"VP8 ", b"VP8L")]
    if not images:
        raise MediaError("WebP has a header but no image data" + _AGAIN, path=path)
    _bitstream(path, data, *images[0], canvas, "WebP image")


def _animation(path: str, data: mmap.mmap, chunks: list[tuple[bytes, int, int]],
               canvas: tuple[int, int]) -> None:
    frames: list[_Rect] = []
    for kind, start, end in chunks:
        if kind != b"ANMF":
            continue
        number = len(frames) + 1
        if end - start < 16:
            raise MediaError(f"WebP frame {number}'s header is cut short" + _AGAIN, path=path)
        rect = _Rect(2 * _u24(data, start), 2 * _u24(data, start + 3),
                     _u24(data, start + 6) + 1, _u24(data, start + 9) + 1)
        if rect.left + rect.width > canvas[0] or rect.top + rect.height > canvas[1]:
            raise MediaError(
                f"WebP frame {number} ({rect.width}x{rect.height} at {rect.left},{rect.top}) "
                f"lies outside the {canvas[0]}x{canvas[1]} canvas (the file is damaged)"
                + _AGAIN, path=path)
        inner = [(k, s, e) for k, s, e in _chunks(path, data, start + 16, end)
                 if k in (b"VP8 ", b"VP8L")]
        if not inner:
            raise MediaError(f"WebP frame {number} has no image data" + _AGAIN, path=path)
        _bitstream(path, data, *inner[0], (rect.width, rect.height), f"WebP frame {number}")
        frames.append(rect)
    if not frames:
        raise MediaError("animated WebP has no frames" + _AGAIN, path=path)


def _chunks(path: str, data: mmap.mmap, pos: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(fourcc, payload start, payload end) of the chunks between ``pos`` and ``end``."""
    while pos + 8 <= end:
        kind = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        start = pos + 8
        if start + size > end:
            raise MediaError(
                f"image is truncated: the WebP's {_name(kind)} chunk at byte {pos:,} runs past "
                f"the end of its container ({start + size:,} of {end:,} bytes; the file was cut, "
                "or its sizes altered)" + _AGAIN, path=path)
        yield kind, start, start + size
        pos = start + size + (size & 1)


def _bitstream(path: str, data: mmap.mmap, kind: bytes, start: int, end: int,
               expected: tuple[int, int] | None, what: str) -> None:
    """The bitstream's own size must be ``expected`` (when given) and fit its data."""
    if kind == b"VP8L":
        if end - start < 5 or data[start] != 0x2F:
            raise MediaError(f"{what}'s lossless header is damaged" + _AGAIN, path=path)
        bits = struct.unpack("<I", data[start + 1:start + 5])[0]
        size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    else:
        size = _vp8(path, data, start, end, what)
    if expected is not None and size != expected:
        raise MediaError(
            f"image data disagrees with its header: the header says {expected[0]}x{expected[1]} "
            f"pixels for the {what}, but its picture data is {size[0]}x{size[1]} (the header "
            "was altered)" + _AGAIN, path=path)


def _vp8(path: str, data: mmap.mmap, start: int, end: int, what: str) -> tuple[int, int]:
    if end - start < 10 or data[start + 3:start + 6] != b"\x9d\x01\x2a":
        raise MediaError(f"{what}'s lossy frame header is damaged" + _AGAIN, path=path)
    tag = data[start] | data[start + 1] << 8 | data[start + 2] << 16
    if tag & 1:
        raise MediaError(f"{what} is not a key frame (the file is damaged)" + _AGAIN, path=path)
    first = (tag >> 5) & 0x7FFFF
    width, height = (v & 0x3FFF for v in struct.unpack("<HH", data[start + 6:start + 10]))
    macroblocks = -(-width // 16) * -(-height // 16)
    held = end - start - 10
    if first >= held or first * 8 + 32 < _BITS_PER_MACROBLOCK * macroblocks:
        raise MediaError(
            f"image data disagrees with its header: the {what} says {width}x{height} pixels "
            f"({macroblocks:,} macroblocks), but its data ({held:,} bytes, {first:,} of them for "
            "the prediction modes) cannot hold them (the file was cut, or its header altered)"
            + _AGAIN, path=path)
    return width, height


def _u24(data: mmap.mmap, pos: int) -> int:
    return int(data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16)


def _name(kind: bytes) -> str:
    text = kind.decode("latin-1").strip()
    return text if text.isalnum() else repr(kind)
