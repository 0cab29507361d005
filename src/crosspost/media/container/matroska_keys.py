"""Key frames of a Matroska/WebM video track, sampled over the file, must keep its frame size.

A decoder takes the frame size from each key frame: an H.264/HEVC key frame may carry its
own parameter sets (ahead of its first slice), a VP8 or VP9 key frame states its size in its
header. Two streams of different sizes joined into one file keep the first one's track entry
and first frame, so the probe describes the first size while the later frames are another;
the file would be published as it is. So key frames spread over the file are read: the first
video block of each Cluster when it is a key frame, and the blocks the Cues list for the
track (``CueRelativePosition``), at most ``KEY_FRAMES`` of them one per 1/64 of the
Clusters' bytes, plus the first and the last Cluster and the last listed key frame. Only each
frame's first bytes are read.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from crosspost.media.container.codecs import Picture, vp9_pixel_format
from crosspost.media.container.common import Contradiction, Unsure
from crosspost.media.container.ebml import children, element_at, header, uint, vint
from crosspost.media.container.inband import check_inband_sps, frame_size_differs

__all__ = ["KEY_FRAMES", "Cluster", "KeyFrame", "check_key_frames", "key_frames", "vp8_size"]

#: Key frames read, spread over the file's bytes (and the first and the last).
KEY_FRAMES = 64
#: Elements at the start of a Cluster looked through for the video track's first block.
_FIRST_ELEMENTS = 8
#: Cues larger than this are not read (about 40,000 key frames); Clusters are still sampled.
_MAX_CUES = 1 << 20
_MAX_CUE_POINTS = 1 << 17
_SIMPLE_BLOCK, _BLOCK_GROUP, _BLOCK, _REFERENCE, _TIMESTAMP = 0xA3, 0xA0, 0xA1, 0xFB, 0xE7
_CUE_POINT, _CUE_TIME, _CUE_POSITIONS = 0xBB, 0xB3, 0xB7
_CUE_TRACK, _CUE_CLUSTER, _CUE_RELATIVE = 0xF7, 0xF1, 0xF0


@dataclass(frozen=True)
class Cluster:
    at: int  # where its element starts (what Cues point at, from the Segment's start)
    data: int
    end: int


@dataclass(frozen=True)
class KeyFrame:
    offset: int  # where the frame's data starts in the file
    size: int
    seconds: float | None
    first: bool  # the first frame of the track


def key_frames(handle: BinaryIO, track: int, clusters: list[Cluster],
               cues: tuple[int, int] | None, segment_start: int, scale: int) -> list[KeyFrame]:
    """Key frames of track number ``track`` sampled over ``clusters`` (and the Cues)."""
    if not clusters:
        return []
    places: list[tuple[int, Cluster, float | None]] = [(c.at, c, None) for c in clusters]
    if cues is not None and cues[1] - cues[0] <= _MAX_CUES:
        starts = {c.at - segment_start: c for c in clusters}
        try:
            listed = _cue_points(handle, *cues, track)
        except Unsure:
            listed = []  # Cues that cannot be read: the Clusters are still sampled
        places += [(cluster.data + relative, cluster, ticks * scale / 1e9)
                   for ticks, at, relative in listed
                   if (cluster := starts.get(at)) is not None]
        places.sort(key=lambda place: place[0])
    step = max(1, (clusters[-1].end - clusters[0].at) // KEY_FRAMES)
    last_cue = max((p for p in places if p[2] is not None), default=None, key=lambda p: p[0])
    chosen, due = [], -1
    for place in places:
        wanted = place is last_cue or (place[2] is None and place[1] in (clusters[0],
                                                                         clusters[-1]))
        if place[0] >= due or wanted:
            chosen.append(place)
            due = place[0] + step
    frames: dict[int, KeyFrame] = {}  # by where the block starts
    for at, cluster, seconds in chosen:
        if at in frames:
            continue  # a Cluster's first block that the Cues list as well
        found = (_cluster_key_frame(handle, cluster, track, scale, cluster is clusters[0])
                 if seconds is None else _listed_key_frame(handle, at, cluster, track, seconds))
        if found is not None:
            frames.setdefault(found[0], found[1])
    return sorted(frames.values(), key=lambda frame: frame.offset)


def check_key_frames(handle: BinaryIO, frames: list[KeyFrame], *, codec: str, private: bytes,
                     described: Picture) -> None:
    """Raise Contradiction if one of ``frames`` of a track of ``codec`` (Matroska's name)
    brings another frame size than ``described``."""
    def when(index: int) -> str:
        seconds = frames[index - 1].seconds
        return "an unknown time" if seconds is None else f"{seconds:.2f} s"

    if codec in ("V_MPEG4/ISO/AVC", "V_MPEGH/ISO/HEVC"):
        hevc = codec.startswith("V_MPEGH")
        at = 21 if hevc else 4
        if len(private) <= at:
            raise Unsure("codec private data cut short")
        check_inband_sps(handle, [(0 if f.first else n + 1, f.offset, f.size)
                                  for n, f in enumerate(frames)],
                         length_size=(private[at] & 3) + 1, hevc=hevc, described=described,
                         where="the track's parameter set (CodecPrivate)", when=when)
        return
    size_of: Callable[[bytes], tuple[int, int]]
    if codec == "V_VP9":
        size_of = lambda head: vp9_pixel_format(head)[1:]  # noqa: E731
    elif codec == "V_VP8":
        size_of = vp8_size
    else:
        return
    sizes: dict[bytes, tuple[int, int]] = {}
    for number, frame in enumerate(frames):
        handle.seek(frame.offset)
        head = handle.read(min(frame.size, 16))
        found = sizes.get(head) or sizes.setdefault(head, size_of(head))
        if found != (described.width, described.height):
            said = f"the first frame is {described.width}x{described.height}, but "
            raise Contradiction(frame_size_differs(said, when(number + 1), found))


def vp8_size(frame: bytes) -> tuple[int, int]:
    """Width and height from a VP8 key frame's header (RFC 6386, 9.1)."""
    if len(frame) < 10 or frame[0] & 1 or frame[3:6] != b"\x9d\x01\x2a":
        raise Unsure("VP8 frame that is not a key frame")
    width, height = struct.unpack("<HH", frame[6:10])
    if width >> 14 or height >> 14:
        raise Unsure("VP8 frame with upscaling")
    return width & 0x3FFF, height & 0x3FFF


def _cue_points(handle: BinaryIO, start: int, end: int,
                track: int) -> list[tuple[int, int, int]]:
    """(time in ticks, Cluster position, position in the Cluster) of the track's key frames
    the Cues list with a relative position."""
    handle.seek(start)
    cues = handle.read(end - start)
    found: list[tuple[int, int, int]] = []
    pos = 0
    for _ in range(_MAX_CUE_POINTS):
        if pos >= len(cues):
            break
        ident, inner, size = header(cues, pos)
        if size is None or inner + size > len(cues):
            raise Unsure("CuePoint outside the Cues")
        pos = inner + size
        if ident != _CUE_POINT:
            continue
        fields = list(children(cues, inner, pos))
        ticks = next((uint(v) for k, v in fields if k == _CUE_TIME), None)
        for key, value in fields:
            if key != _CUE_POSITIONS or ticks is None:
                continue
            position = dict(children(value))
            if (_CUE_RELATIVE in position and _CUE_CLUSTER in position
                    and uint(position.get(_CUE_TRACK, b"")) == track):
                found.append((ticks, uint(position[_CUE_CLUSTER]),
                              uint(position[_CUE_RELATIVE])))
    return found


def _cluster_key_frame(handle: BinaryIO, cluster: Cluster, track: int, scale: int,
                       first: bool) -> tuple[int, KeyFrame] | None:
    """Where the track's first block in ``cluster`` starts, and its frame, when it is a key
    frame (and among the Cluster's first elements)."""
    timestamp = None
    pos = cluster.data
    for _ in range(_FIRST_ELEMENTS):
        if pos >= cluster.end:
            return None
        handle.seek(pos)
        head = handle.read(32)
        ident, inner, size = header(head, 0)
        if size is None or pos + inner + size > cluster.end:
            raise Unsure("Cluster element of unknown size or outside its Cluster")
        if ident == _TIMESTAMP:
            timestamp = uint(head[inner : inner + size]) if inner + size <= len(head) else None
        elif ident in (_SIMPLE_BLOCK, _BLOCK_GROUP):
            block = _block(handle, ident, pos + inner, size)
            if block is not None and block[0] == track:
                _, ticks, key, offset, length = block
                seconds = None if timestamp is None else (timestamp + ticks) * scale / 1e9
                return (pos, KeyFrame(offset, length, seconds, first)) if key else None
        pos += inner + size
    return None


def _listed_key_frame(handle: BinaryIO, at: int, cluster: Cluster, track: int,
                      seconds: float) -> tuple[int, KeyFrame] | None:
    """The block the Cues put at ``at``, when it is a key frame of the track."""
    if not cluster.data <= at < cluster.end:
        return None
    ident, data, end = element_at(handle, at, cluster.end)
    if ident not in (_SIMPLE_BLOCK, _BLOCK_GROUP):
        return None
    block = _block(handle, ident, data, end - data)
    if block is None or block[0] != track or not block[2]:
        return None
    return at, KeyFrame(block[3], block[4], seconds, False)


def _block(handle: BinaryIO, ident: int,
           data: int, size: int) -> tuple[int, int, bool, int, int] | None:
    """(track, ticks after the Cluster's timestamp, key frame, frame offset, frame size) of a
    SimpleBlock or a BlockGroup (a key frame when no ReferenceBlock is among its first
    children)."""
    if ident == _BLOCK_GROUP:
        pos, end, found, reference = data, data + size, None, False
        for _ in range(_FIRST_ELEMENTS):
            if pos >= end:
                break
            key, inner, stop = element_at(handle, pos, end)
            if key == _BLOCK:
                found = (inner, stop - inner)
            reference = reference or key == _REFERENCE
            pos = stop
        if found is None:
            return None
        data, size = found
        key_flag = not reference
    else:
        key_flag = True
    handle.seek(data)
    head = handle.read(min(size, 16))
    track, pos, _ = vint(head, 0, keep_marker=False)
    if len(head) < pos + 3:
        raise Unsure("block cut short")
    ticks = int.from_bytes(head[pos : pos + 2], "big", signed=True)
    flags = head[pos + 2]
    if ident == _SIMPLE_BLOCK:
        key_flag = bool(flags & 0x80)
    if flags & 0x06:
        if key_flag:
            raise Unsure("laced video key frame")
        return track, ticks, False, 0, 0
    return track, ticks, key_flag, data + pos + 3, size - pos - 3
