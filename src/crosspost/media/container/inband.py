"""Sequence parameter sets carried in a video's first sample, ahead of its first slice.

An H.264 or HEVC decoder takes the frame size from the parameter set that precedes a slice in
the stream when there is one, not from the copy in the sample description (``avcC``/``hvcC``).
A file whose description says 1920 x 1080 while its first frame brings a parameter set of
16 x 16 would be checked as the one and decode as the other, so the reader compares them.
Only the NAL unit headers before the first slice are read, each bounded.
"""

from __future__ import annotations

from typing import BinaryIO

from crosspost.media.container.codecs import Picture, sps_picture
from crosspost.media.container.common import Contradiction, Unsure

__all__ = ["check_inband_sps"]

_MAX_UNITS = 64
_MAX_SPS = 4096


def check_inband_sps(handle: BinaryIO, offset: int, size: int, *, length_size: int,
                     hevc: bool, described: Picture, where: str) -> None:
    """Raise Contradiction if an SPS in the sample at ``offset`` gives another frame size than
    ``described`` (from ``where``); Unsure if the sample's NAL units cannot be walked."""
    if length_size not in (1, 2, 4):
        raise Unsure("unusual NAL length size")
    pos, end = offset, offset + size
    for _ in range(_MAX_UNITS):
        if pos + length_size + 2 > end:
            return
        handle.seek(pos)
        head = handle.read(length_size + 2)
        if len(head) != length_size + 2:
            raise Unsure("first video sample cut short")
        length = int.from_bytes(head[:length_size], "big")
        start = pos + length_size
        if length < 2 or start + length > end:
            raise Unsure("NAL unit outside its sample")
        kind = (head[length_size] >> 1) & 0x3F if hevc else head[length_size] & 0x1F
        if (kind < 32) if hevc else (1 <= kind <= 5):
            return  # the first slice: parameter sets after it do not decide this frame
        if kind == (33 if hevc else 7):
            if length > _MAX_SPS:
                raise Unsure("oversized sequence parameter set")
            handle.seek(start)
            found = sps_picture(handle.read(length), hevc=hevc)
            if (found.width, found.height) != (described.width, described.height):
                raise Contradiction(
                    f"{where} says {described.width}x{described.height}, but the first "
                    f"frame's own parameter set makes it {found.width}x{found.height}")
        pos = start + length
    raise Unsure("too many NAL units before the first slice")
