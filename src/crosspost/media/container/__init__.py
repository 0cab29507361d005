"""Read MP4/MOV/M4V and Matroska/WebM headers in Python: probing without starting ffmpeg.

``read_container`` returns what ffmpeg's input summary would say (an ``InputDump`` and the
global tags), so ``probe_video`` applies the same budgets and rules to either source. It
returns None for other containers and whenever a reader is not sure of a fact; ffmpeg then
probes the file as before.

Whether the data holds what the header claims is part of a probe (``video_integrity``). The
MP4 reader answers that from the sample tables (every sample inside the file); the Matroska
reader walks the Clusters to the end of the Segment and reads where the last one's blocks end
(``data_seconds``), which ``video_integrity`` holds against the stated duration as it does
ffmpeg's packet scan.
"""

from __future__ import annotations

from typing import BinaryIO, NamedTuple

from crosspost.media.container.common import Contradiction, Unsure
from crosspost.media.container.ebml import EBML_MAGIC
from crosspost.media.container.isobmff import MP4_FIRST_BOXES, read_mp4
from crosspost.media.ffmpeg_dump import InputDump

__all__ = ["Contradiction", "Described", "Unsure", "read_container"]


class Described(NamedTuple):
    dump: InputDump
    tags: dict[str, str]
    data_checked: bool  # True: every packet the header lists is in the file
    data_seconds: float | None = None  # where the packets end, when the reader walked them


def read_container(handle: BinaryIO, size: int, head: bytes) -> Described | None:
    """Facts of the open file ``handle`` (``head``: its first bytes), or None to ask ffmpeg.

    Raises Contradiction when the container states a frame size its codec header denies, or
    a key frame sampled over the file brings another frame size."""
    try:
        if head[4:8] in MP4_FIRST_BOXES:
            return Described(*read_mp4(handle, size), data_checked=True)
        if head[:4] == EBML_MAGIC:
            # Imported here: its tables cost more to load than reading an MP4 header.
            from crosspost.media.container.matroska import read_matroska

            dump, tags, seconds = read_matroska(handle, size)
            return Described(dump, tags, data_checked=True, data_seconds=seconds)
    except Unsure:
        return None
    return None
