"""Facts of a Matroska/WebM file from its EBML header elements, without starting a process.

Reads the Segment's level-1 elements in order until the first Cluster, then follows the
SeekHead to Info, Tracks and Tags it has not seen; for VP8/VP9 it reads the first frame of
the track (ffmpeg reports the decoder's view of the pixels). Element sizes are checked against
their parents, reads are bounded, nesting follows fixed paths; anything else is ``Unsure``.

It also says where the data ends, which ffmpeg would learn by reading every packet: the
Clusters are walked by their headers to the end of the Segment (each must be whole), and the
blocks of the last one are read (``_data_seconds``): about 0.2 ms for a 30 s WebM, 1 ms for an
MKV whose last Cluster holds 5 s of frames and audio.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from crosspost.media.container.audio import aac_config, opus_channels
from crosspost.media.container.codecs import (
    Picture,
    avc_picture,
    hevc_picture,
    vp9_pixel_format,
)
from crosspost.media.container.common import (
    Unsure,
    printed_bitrate,
    printed_duration,
    printed_rate,
)
from crosspost.media.container.stated import check_stated_size
from crosspost.media.ffmpeg_dump import InputDump, StreamInfo

__all__ = ["EBML_MAGIC", "matroska_data_seconds", "read_matroska"]

EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_CONTAINER = "matroska,webm"
_SEGMENT, _SEEKHEAD, _INFO, _TRACKS, _TAGS, _CLUSTER = (
    0x18538067, 0x114D9B74, 0x1549A966, 0x1654AE6B, 0x1254C367, 0x1F43B675)
_MAX_ELEMENT = 16 << 20
_MAX_LEVEL1 = 1024
_MAX_CHILDREN = 4096
_MAX_BLOCKS = 256
_MAX_TAG_DEPTH = 8
#: Clusters walked for the data check (5 s each: about 90 hours), and elements in the last one.
_MAX_CLUSTERS = 1 << 16
_MAX_CLUSTER_ELEMENTS = 1 << 16
_TIMESTAMP, _SIMPLE_BLOCK, _BLOCK_GROUP, _BLOCK, _BLOCK_DURATION = 0xE7, 0xA3, 0xA0, 0xA1, 0x9B
_LOCATION = ("location", "gps")


@dataclass
class _Track:
    number: int = 0
    kind: int = 0
    codec: str = ""
    private: bytes = b""
    default_duration: int = 0
    width: int = 0
    height: int = 0
    rate: float = 8000.0
    channels: int | None = None
    unsure: list[str] = field(default_factory=list)


def read_matroska(handle: BinaryIO, size: int) -> tuple[InputDump, dict[str, str], float]:
    """The input summary and global tags ffmpeg would report for this MKV/WebM, and the
    seconds its data holds (``data_seconds``)."""
    layout = _layout(handle, size)
    micros, _ = _duration(layout.found[_INFO])
    location = _has_location(layout.found.get(_TAGS, b""))
    streams = [_stream(handle, track, index, layout.first_cluster)
               for index, track in enumerate(layout.tracks)]
    dump = InputDump(_CONTAINER, printed_duration(micros), printed_bitrate(size, micros),
                     tuple(streams))
    seconds = _data_seconds(handle, layout)
    return dump, ({"location": "present"} if location else {}), seconds


def matroska_data_seconds(handle: BinaryIO, size: int) -> float:
    """Seconds the data of this MKV/WebM holds, whatever its codecs (``Unsure``: not known)."""
    return _data_seconds(handle, _layout(handle, size))


@dataclass
class _Layout:
    found: dict[int, bytes]  # Info, Tracks and Tags payloads
    tracks: list[_Track]  # those ffmpeg lists, in its order
    scale: int  # nanoseconds a timestamp tick
    segment_end: int
    clusters_at: int  # where the first Cluster's header starts
    first_cluster: tuple[int, int]  # its payload


def _layout(handle: BinaryIO, size: int) -> _Layout:
    handle.seek(0)
    _doc_type(handle, size)
    segment_start, segment_end = _segment(handle, size)
    found: dict[int, bytes] = {}
    seeks: dict[int, int] = {}
    cluster: tuple[int, int] | None = None
    pos = segment_start
    for _ in range(_MAX_LEVEL1):
        if pos >= segment_end:
            break
        ident, data, end = _element_at(handle, pos, segment_end)
        if ident == _CLUSTER:
            cluster = (data, end)
            break
        if ident in (_SEEKHEAD, _INFO, _TRACKS, _TAGS):
            payload = _read(handle, data, end)
            if ident == _SEEKHEAD:
                seeks.update((k, v) for k, v in _seek_entries(payload) if k not in seeks)
            elif ident in found and ident != _TAGS:
                raise Unsure("repeated Info or Tracks")
            else:
                found[ident] = found.get(ident, b"") + payload
        pos = end
    else:
        raise Unsure("too many level-1 elements")
    for ident in (_INFO, _TRACKS, _TAGS):
        if ident not in found and ident in seeks:
            ident_found, data, end = _element_at(handle, segment_start + seeks[ident], segment_end)
            if ident_found != ident:
                raise Unsure("SeekHead points at the wrong element")
            found[ident] = _read(handle, data, end)
    if _INFO not in found or _TRACKS not in found:
        raise Unsure("no Info or Tracks")
    if cluster is None:
        raise Unsure("no Cluster")
    _, scale = _duration(found[_INFO])
    # ffmpeg lists the tracks of the types it knows (video, audio, subtitle, metadata).
    tracks = [track for track in _tracks(found[_TRACKS]) if track.kind in (1, 2, 17, 33)]
    return _Layout(found, tracks, scale, segment_end, pos, cluster)


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-size integer at ``pos``: (value, next position, all ones)."""
    if pos >= len(data):
        raise Unsure("EBML element cut short")
    first = data[pos]
    if first & 0x80:  # one byte, the most common length: no slicing
        value = first if keep_marker else first & 0x7F
        return value, pos + 1, not keep_marker and value == 0x7F
    length = 9 - first.bit_length() if first else 9
    if length > (4 if keep_marker else 8) or pos + length > len(data):
        raise Unsure("invalid EBML number")
    value = int.from_bytes(data[pos : pos + length], "big")
    if keep_marker:
        return value, pos + length, False
    value &= (1 << (7 * length)) - 1
    return value, pos + length, value == (1 << (7 * length)) - 1


def _header(data: bytes, pos: int) -> tuple[int, int, int | None]:
    ident, pos, _ = _vint(data, pos, keep_marker=True)
    size, pos, unknown = _vint(data, pos, keep_marker=False)
    return ident, pos, None if unknown else size


def _element_at(handle: BinaryIO, pos: int, limit: int) -> tuple[int, int, int]:
    handle.seek(pos)
    ident, data, size = _header(handle.read(12), 0)
    if size is None:
        raise Unsure("element of unknown size")
    if pos + data + size > limit:
        raise Unsure("element larger than its parent")
    return ident, pos + data, pos + data + size


def _read(handle: BinaryIO, start: int, end: int) -> bytes:
    if end - start > _MAX_ELEMENT:
        raise Unsure("oversized header element")
    handle.seek(start)
    payload = handle.read(end - start)
    if len(payload) != end - start:
        raise Unsure("element cut short")
    return payload


def _children(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[int, bytes]]:
    pos, stop = start, len(data) if end is None else end
    for _ in range(_MAX_CHILDREN):
        if pos >= stop:
            return
        ident, inner, size = _header(data, pos)
        if size is None or inner + size > stop:
            raise Unsure("child element outside its parent")
        yield ident, data[inner : inner + size]
        pos = inner + size
    raise Unsure("too many child elements")


def _uint(payload: bytes) -> int:
    if len(payload) > 8:
        raise Unsure("integer element too long")
    return int.from_bytes(payload, "big")


def _float(payload: bytes) -> float:
    if len(payload) == 4:
        return float(struct.unpack(">f", payload)[0])
    if len(payload) == 8:
        return float(struct.unpack(">d", payload)[0])
    raise Unsure("float element of odd size")


def _doc_type(handle: BinaryIO, size: int) -> None:
    ident, data, end = _element_at(handle, 0, size)
    if ident != 0x1A45DFA3:
        raise Unsure("no EBML header")
    header = _read(handle, data, end)
    doc = dict(_children(header))
    if doc.get(0x4282, b"matroska").rstrip(b"\0") not in (b"matroska", b"webm"):
        raise Unsure("EBML document that is not Matroska")
    if _uint(doc.get(0x4285, b"\x01")) > 4:
        raise Unsure("Matroska version newer than the reader knows")


def _segment(handle: BinaryIO, size: int) -> tuple[int, int]:
    handle.seek(0)
    first = handle.read(12)
    _, data, header_size = _header(first, 0)
    assert header_size is not None
    pos = data + header_size
    handle.seek(pos)
    ident, inner, segment_size = _header(handle.read(12), 0)
    if ident != _SEGMENT:
        raise Unsure("no Segment after the EBML header")
    start = pos + inner
    end = size if segment_size is None else start + segment_size
    if end > size:
        raise Unsure("Segment larger than the file")
    return start, end


def _seek_entries(payload: bytes) -> Iterator[tuple[int, int]]:
    for ident, seek in _children(payload):
        if ident != 0x4DBB:
            continue
        fields = dict(_children(seek))
        if 0x53AB in fields and 0x53AC in fields:
            target, _, _ = _vint(fields[0x53AB], 0, keep_marker=True)
            yield target, _uint(fields[0x53AC])


def _duration(info: bytes) -> tuple[int, int]:
    """The stated duration in microseconds, and the timestamp scale (nanoseconds a tick)."""
    fields = dict(_children(info))
    scale = _uint(fields.get(0x2AD7B1, b"\x0f\x42\x40"))
    if 0x4489 not in fields or scale <= 0:
        raise Unsure("Info without a duration")
    duration = _float(fields[0x4489])
    micros = duration * scale * 1000 / 1_000_000
    if not 0 < micros < 1e15:
        raise Unsure("implausible duration")
    return int(micros), scale


def _tracks(payload: bytes) -> list[_Track]:
    tracks: list[_Track] = []
    for ident, entry in _children(payload):
        if ident == 0xAE:
            track = _Track()
            _fill(track, entry, _TRACK_ENTRY)
            tracks.append(track)
    return tracks


_Setter = Callable[[_Track, bytes], None]


def _fill(track: _Track, payload: bytes, fields: dict[int, _Setter]) -> None:
    """Set ``track``'s attributes from the child elements of ``payload`` that ``fields`` maps
    (one table per level: TrackEntry, and its Video and Audio elements)."""
    for key, value in _children(payload):
        setter = fields.get(key)
        if setter is not None:
            setter(track, value)


def _set(name: str, decode: Callable[[bytes], object]) -> _Setter:
    return lambda track, value: setattr(track, name, decode(value))


def _unsure(reason: str, *, when_set: bool = False) -> _Setter:
    """Mark the track as one the reader cannot vouch for (``when_set``: only if non-zero)."""
    def mark(track: _Track, value: bytes) -> None:
        if not when_set or _uint(value):
            track.unsure.append(reason)
    return mark


_VIDEO: dict[int, _Setter] = {
    0xB0: _set("width", _uint),
    0xBA: _set("height", _uint),
    **dict.fromkeys((0x54AA, 0x54BB, 0x54CC, 0x54DD), _unsure("cropped video", when_set=True)),
    0x7670: _unsure("projection (rotation) metadata"),
    0x53C0: _unsure("video with an alpha channel", when_set=True),
}
_AUDIO: dict[int, _Setter] = {
    0xB5: _set("rate", _float),
    0x9F: _set("channels", _uint),
    0x78B5: _unsure("audio with an output sampling frequency"),
}
_TRACK_ENTRY: dict[int, _Setter] = {
    0xD7: _set("number", _uint),
    0x83: _set("kind", _uint),
    0x86: _set("codec", lambda value: value.rstrip(b"\0").decode("ascii", "replace")),
    0x63A2: _set("private", bytes),
    0x23E383: _set("default_duration", _uint),
    0xE0: lambda track, value: _fill(track, value, _VIDEO),
    0xE1: lambda track, value: _fill(track, value, _AUDIO),
    0x6D80: _unsure("encoded or translated track"),  # ContentEncodings
    0x6624: _unsure("encoded or translated track"),  # TrackTranslate
}


def _stream(handle: BinaryIO, track: _Track, index: int,
            cluster: tuple[int, int] | None) -> StreamInfo:
    if track.unsure:
        raise Unsure(track.unsure[0])
    if track.kind == 2:
        codec, rate, channels = _audio(track)
        return StreamInfo(index=index, kind="Audio", codec=codec, details=(),
                          sample_rate=rate, channels=channels)
    if track.kind != 1:
        return StreamInfo(index=index, kind="Subtitle" if track.kind == 17 else "Data",
                          codec="", details=())
    if not track.default_duration:
        raise Unsure("video track without a default frame duration")
    fps = printed_rate(1e9 / track.default_duration)
    if track.codec in ("V_MPEG4/ISO/AVC", "V_MPEGH/ISO/HEVC"):
        hevc = track.codec.startswith("V_MPEGH")
        picture = (hevc_picture if hevc else avc_picture)(track.private)
        check_stated_size("the track entry (PixelWidth/PixelHeight)",
                          (track.width, track.height), picture)
        return StreamInfo(index=index, kind="Video", codec="hevc" if hevc else "h264",
                          details=(), width=picture.width, height=picture.height,
                          pixel_format=picture.pixel_format, fps=fps, sar=picture.sar)
    if track.codec in ("V_VP8", "V_VP9"):
        frame = _first_frame(handle, track.number, cluster)
        if track.codec == "V_VP8":
            width, height = _vp8_size(frame)
            pixel_format = "yuv420p"
        else:
            pixel_format, width, height = vp9_pixel_format(frame)
        check_stated_size("the track entry (PixelWidth/PixelHeight)",
                          (track.width, track.height), Picture(width, height, pixel_format, None))
        return StreamInfo(index=index, kind="Video", codec=track.codec[2:].lower(), details=(),
                          width=width, height=height, pixel_format=pixel_format, fps=fps)
    raise Unsure(f"video codec {track.codec}")


def _audio(track: _Track) -> tuple[str, int, int]:
    if track.codec == "A_OPUS":
        return "opus", 48000, opus_channels(track.private, track.channels or 1)
    if track.codec == "A_VORBIS" and track.rate.is_integer() and track.rate > 0:
        return "vorbis", int(track.rate), track.channels or 1
    if track.codec.startswith("A_AAC") and track.private:
        rate, channels = aac_config(track.private)
        return "aac", rate, channels
    raise Unsure(f"audio codec {track.codec}")


def _first_frame(handle: BinaryIO, number: int, cluster: tuple[int, int] | None) -> bytes:
    """The start of the first block of track ``number`` in the first Cluster."""
    if cluster is None:
        raise Unsure("no Cluster")
    pos, end = cluster
    for _ in range(_MAX_BLOCKS):
        if pos >= end:
            break
        ident, data, stop = _element_at(handle, pos, end)
        if ident == 0xA0:  # BlockGroup: its Block is among the first children
            handle.seek(data)
            group = handle.read(min(stop - data, 4096))
            for key, value in _children(group[: _group_prefix(group)]):
                if key == 0xA1 and (frame := _block_frame(value, number)) is not None:
                    return frame
        elif ident == 0xA3:
            handle.seek(data)
            frame = _block_frame(handle.read(min(stop - data, 64)), number)
            if frame is not None:
                return frame
        pos = stop
    raise Unsure("no frame of the video track in the first Cluster")


def _group_prefix(group: bytes) -> int:
    """Length of the whole child elements at the start of a (possibly clipped) BlockGroup."""
    pos = 0
    while pos < len(group):
        try:
            _, inner, size = _header(group, pos)
        except Unsure:
            break
        if size is None or inner + size > len(group):
            break
        pos = inner + size
    return pos


def _block_frame(block: bytes, number: int) -> bytes | None:
    track, pos, _ = _vint(block, 0, keep_marker=False)
    if track != number:
        return None
    if len(block) < pos + 4 or block[pos + 2] & 0x06:
        raise Unsure("laced or cut video block")
    return block[pos + 3 :]


def _vp8_size(frame: bytes) -> tuple[int, int]:
    if len(frame) < 10 or frame[0] & 1 or frame[3:6] != b"\x9d\x01\x2a":
        raise Unsure("VP8 stream not starting with a key frame")
    width, height = struct.unpack("<HH", frame[6:10])
    if width >> 14 or height >> 14:
        raise Unsure("VP8 frame with upscaling")
    return width & 0x3FFF, height & 0x3FFF


def _has_location(tags: bytes) -> bool:
    found = False
    for ident, tag in _children(tags):
        if ident != 0x7373:
            continue
        for key, simple in _children(tag):
            if key == 0x67C8:
                found = _simple_tag(simple, 0) or found
    return found


def _simple_tag(simple: bytes, depth: int) -> bool:
    """True for a location-like name whose value (or a nested value) is not empty."""
    if depth > _MAX_TAG_DEPTH:
        raise Unsure("tags nested too deeply")
    name = ""
    value = b""
    nested = False
    for key, payload in _children(simple):
        if key == 0x45A3:
            name = payload.decode("utf-8", "replace").lower()
        elif key == 0x4487:
            value = payload.rstrip(b"\0")
        elif key == 0x67C8:
            _simple_tag(payload, depth + 1)  # for its checks; ffmpeg names it PARENT-CHILD
            nested = nested or _any_value(payload, depth + 1)
    if name == "rotate":
        raise Unsure("rotate tag")
    return name.startswith(_LOCATION) and (bool(value.strip()) or nested)


def _any_value(simple: bytes, depth: int) -> bool:
    if depth > _MAX_TAG_DEPTH:
        raise Unsure("tags nested too deeply")
    for key, payload in _children(simple):
        if key == 0x4487 and payload.rstrip(b"\0").strip():
            return True
        if key == 0x67C8 and _any_value(payload, depth + 1):
            return True
    return False


def _data_seconds(handle: BinaryIO, layout: _Layout) -> float:
    """Seconds from the first Cluster to the end of the last block of the first video and
    audio track: what ffmpeg's packet scan (``video_integrity``) reports, without a process.

    Every level-1 element from the first Cluster to the end of the Segment must have a known
    size inside it (a file cut short, or a Segment size rewritten to fit, is ``Unsure``); only
    the last Cluster's blocks are read: Clusters are in time order. The video track needs a
    block in the first or the last Cluster.
    """
    tracks, scale, first = layout.tracks, layout.scale, layout.first_cluster
    video = next((t for t in tracks if t.kind == 1), None)
    audio = next((t for t in tracks if t.kind == 2), None)
    if video is None:
        raise Unsure("no video track")
    pos, last = layout.clusters_at, first
    for _ in range(_MAX_CLUSTERS):
        if pos >= layout.segment_end:
            break
        ident, data, end = _element_at(handle, pos, layout.segment_end)
        if ident == _CLUSTER:
            last = (data, end)
        pos = end
    else:
        raise Unsure("too many Clusters for the data check")
    # the ticks a block lasts when its BlockGroup does not say (a frame's DefaultDuration)
    wanted = {track.number: track.default_duration // scale for track in (video, audio) if track}
    ends: dict[int, int] = {}
    start = _cluster_ends(handle, *first, wanted, None)
    if start is None:
        raise Unsure("first Cluster without a timestamp")
    _cluster_ends(handle, *last, wanted, ends)
    if video.number not in ends:
        found: dict[int, int] = {}
        _cluster_ends(handle, *first, wanted, found)
        if video.number not in found:
            raise Unsure("no video block in the first or the last Cluster")
        ends[video.number] = found[video.number]
    return (max(ends.values()) - start) * scale / 1e9


def _cluster_ends(handle: BinaryIO, start: int, end: int, wanted: dict[int, int],
                  ends: dict[int, int] | None) -> int | None:
    """The Cluster's timestamp (None: none before its first block); ``ends`` gets, per track
    of ``wanted`` (track number: ticks of a block without a BlockDuration), the tick where its
    last block in this Cluster ends (``ends`` None: only the timestamp is wanted)."""
    timestamp: int | None = None
    pos = start
    for _ in range(_MAX_CLUSTER_ELEMENTS):
        if pos >= end:
            return timestamp
        handle.seek(pos)
        head = handle.read(32)
        ident, inner, size = _header(head, 0)
        if size is None or pos + inner + size > end:
            raise Unsure("Cluster element of unknown size or outside its Cluster")
        if ident == _TIMESTAMP:
            timestamp = _uint(_read(handle, pos + inner, pos + inner + size))
        elif ident in (_SIMPLE_BLOCK, _BLOCK_GROUP):
            if timestamp is None or ends is None:
                return timestamp
            track, ticks, duration = _block_time(handle, ident, pos + inner, size, head[inner:])
            if track in wanted:
                length = duration if duration is not None else wanted[track]
                ends[track] = max(ends.get(track, 0), timestamp + ticks + length)
        pos += inner + size
    raise Unsure("too many elements in a Cluster")


def _block_time(handle: BinaryIO, ident: int, data: int, size: int,
                head: bytes) -> tuple[int, int, int | None]:
    """(track, ticks after the Cluster's timestamp, BlockDuration or None) of a block."""
    if ident == _SIMPLE_BLOCK:
        return (*_block_header(head[:size]), None)
    handle.seek(data)
    group = handle.read(min(size, 4096))
    block: tuple[int, int] | None = None
    duration: int | None = None
    for key, value in _children(group[: _group_prefix(group)]):
        if key == _BLOCK:
            block = _block_header(value)
        elif key == _BLOCK_DURATION:
            duration = _uint(value)
    if block is None:
        raise Unsure("BlockGroup without its Block in the first 4 KiB")
    return (*block, duration)


def _block_header(block: bytes) -> tuple[int, int]:
    """(track number, signed ticks after the Cluster's timestamp) of a (Simple)Block."""
    track, pos, _ = _vint(block, 0, keep_marker=False)
    if len(block) < pos + 3:
        raise Unsure("block cut short")
    return track, int.from_bytes(block[pos : pos + 2], "big", signed=True)
