"""Sequence parameter sets carried in a video's key frames, ahead of each one's first slice.

An H.264 or HEVC decoder takes the frame size from the parameter set that precedes a slice in
the stream when there is one, not from the copy in the sample description (``avcC``/``hvcC``
in MP4, ``CodecPrivate`` in Matroska). A file whose description says 1920 x 1080 while its
first frame brings a parameter set of 16 x 16 would be checked as the one and decode as the
other; two streams of different sizes joined into one file keep the first one's description
while a later key frame brings the other size. So the readers compare the parameter sets of
the first frame and of key frames sampled over the file with the description. Only the NAL
unit headers before each frame's first slice are read, each bounded, and a parameter set seen
once is not parsed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from crosspost.media.container.codecs import Picture, mpeg4_frame_size, sps_picture
from crosspost.media.container.common import Contradiction, Unsure

__all__ = ["check_inband_sps", "check_inband_vol", "frame_size_differs"]

_MAX_UNITS = 64
_MAX_SPS = 4096
#: Bytes read at once from a frame: its first NAL units (x264's first frame starts with a
#: SEI of about 700 bytes) in one read; a unit past them costs another.
_WINDOW = 4096
#: Bytes of an MPEG-4 Part 2 frame looked at for a VOL header (VOS, VO and VOL headers are a
#: few dozen bytes).
_VOL_HEAD = 256


def check_inband_sps(handle: BinaryIO, frames: Iterable[tuple[int, int, int]], *,
                     length_size: int, hevc: bool, described: Picture, where: str,
                     when: Callable[[int], str]) -> None:
    """Raise Contradiction if an SPS ahead of the first slice of one of ``frames`` (index, file
    offset, size; index 0: the first frame) gives another frame size than ``described`` (from
    ``where``); ``when(index)`` names a later frame's time. Unsure if a frame's NAL units
    cannot be walked."""
    if length_size not in (1, 2, 4):
        raise Unsure("unusual NAL length size")
    sizes: dict[bytes, tuple[int, int]] = {}
    for index, offset, size in frames:
        for sps in _leading_sps(handle, offset, size, length_size, hevc):
            found = sizes.get(sps)
            if found is None:
                picture = sps_picture(sps, hevc=hevc)
                found = sizes[sps] = (picture.width, picture.height)
            if found != (described.width, described.height):
                said = f"{where} says {described.width}x{described.height}, but "
                if index == 0:
                    raise Contradiction(f"{said}the first frame's own parameter set makes it "
                                        f"{found[0]}x{found[1]}")
                raise Contradiction(frame_size_differs(said, when(index), found))


def check_inband_vol(handle: BinaryIO, frames: Iterable[tuple[int, int, int]], *,
                     described: Picture, where: str, when: Callable[[int], str]) -> None:
    """The same for MPEG-4 Part 2: a VOL header ahead of a frame's first VOP (ffmpeg's
    decoder takes the frame size from it) must state the size ``described``."""
    for index, offset, size in frames:
        handle.seek(offset)
        found = mpeg4_frame_size(handle.read(min(size, _VOL_HEAD)))
        if found is not None and found != (described.width, described.height):
            said = f"{where} says {described.width}x{described.height}, but "
            if index == 0:
                raise Contradiction(f"{said}the first frame's own VOL header makes it "
                                    f"{found[0]}x{found[1]}")
            raise Contradiction(frame_size_differs(said, when(index), found))


def frame_size_differs(said: str, when: str, found: tuple[int, int]) -> str:
    """The reason given when a key frame later in the stream brings another frame size."""
    return (f"{said}its key frame at {when} starts a stretch of {found[0]}x{found[1]} frames "
            "(streams of different sizes joined, or a header altered)")


def _leading_sps(handle: BinaryIO, offset: int, size: int, length_size: int,
                 hevc: bool) -> Iterator[bytes]:
    """The SPS NAL units ahead of the first slice of the frame at ``offset``."""
    pos, end = offset, offset + size
    window_at, window = offset, b""
    for _ in range(_MAX_UNITS):
        if pos + length_size + 2 > end:
            return
        need = pos + length_size + 2 - window_at
        if pos < window_at or need > len(window):
            handle.seek(pos)
            window_at, window = pos, handle.read(min(_WINDOW, end - pos))
            need = length_size + 2
            if len(window) < need:
                raise Unsure("video frame cut short")
        head = window[pos - window_at : need]
        length = int.from_bytes(head[:length_size], "big")
        start = pos + length_size
        if length < 2 or start + length > end:
            raise Unsure("NAL unit outside its frame")
        kind = (head[length_size] >> 1) & 0x3F if hevc else head[length_size] & 0x1F
        if (kind < 32) if hevc else (1 <= kind <= 5):
            return  # the first slice: parameter sets after it do not decide this frame
        if kind == (33 if hevc else 7):
            if length > _MAX_SPS:
                raise Unsure("oversized sequence parameter set")
            if start + length <= window_at + len(window):
                yield window[start - window_at : start + length - window_at]
            else:
                handle.seek(start)
                sps = handle.read(length)
                if len(sps) != length:
                    raise Unsure("video frame cut short")
                yield sps
        pos = start + length
    raise Unsure("too many NAL units before the first slice")
