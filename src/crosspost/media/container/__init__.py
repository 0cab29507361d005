"""Read MP4/MOV/M4V and Matroska/WebM headers in Python: probing without starting ffmpeg.

``read_container`` returns what ffmpeg's input summary would say (an ``InputDump`` and the
global tags), so ``probe_video`` applies the same budgets and rules to either source. It
returns None for other containers and whenever a reader is not sure of a fact; ffmpeg then
probes the file as before.
"""

from __future__ import annotations

from typing import BinaryIO

from crosspost.media.container.common import Unsure
from crosspost.media.container.isobmff import MP4_FIRST_BOXES, read_mp4
from crosspost.media.container.matroska import EBML_MAGIC, read_matroska
from crosspost.media.ffmpeg_dump import InputDump

__all__ = ["Unsure", "read_container"]


def read_container(
    handle: BinaryIO, size: int, head: bytes
) -> tuple[InputDump, dict[str, str]] | None:
    """Facts of the open file ``handle`` (``head``: its first bytes), or None to ask ffmpeg."""
    try:
        if head[4:8] in MP4_FIRST_BOXES:
            return read_mp4(handle, size)
        if head[:4] == EBML_MAGIC:
            return read_matroska(handle, size)
    except Unsure:
        return None
    return None
