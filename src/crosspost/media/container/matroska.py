"""Facts of a Matroska/WebM file from its EBML header elements, without starting a process.

Reads the Segment's level-1 elements in order until the first Cluster, then follows the
SeekHead to Info, Tracks and Tags it has not seen; for VP8/VP9 it reads the first frame of
the track (ffmpeg reports the decoder's view of the pixels). Element sizes are checked against
their parents, reads are bounded, nesting follows fixed paths; anything else is ``Unsure``.

It also says where the data ends, which ffmpeg would learn by reading every packet: the
Clusters are walked by their headers to the end of the Segment (each must be whole), and the
blocks of the last one are read (``_data_seconds``): about 0.2 ms for a 30 s WebM, 1 ms for an
MKV whose last Cluster holds 5 s of frames and audio. The same walk gives the Clusters whose
key frames ``matroska_keys`` samples for a frame size that changes mid-stream.
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
from crosspost.media.container.ebml import (
    EBML_MAGIC,
    children,
    element_at,
    group_prefix,
    header,
    read_payload,
    uint,
    vint,
)
from crosspost.media.container.matroska_keys import (
    Cluster,
    check_key_frames,
    key_frames,
    vp8_size,
)
from crosspost.media.container.stated import check_stated_size
from crosspost.media.ffmpeg_dump import InputDump, StreamInfo

__all__ = ["EBML_MAGIC", "matroska_data_seconds", "read_matroska"]

_CONTAINER = "matroska,webm"
_SEGMENT, _SEEKHEAD, _INFO, _TRACKS, _TAGS, _CLUSTER, _CUES = (
    0x18538067, 0x114D9B74, 0x1549A966, 0x1654AE6B, 0x1254C367, 0x1F43B675, 0x1C53BB6B)
_MAX_LEVEL1 = 1024
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
    clusters, cues = _clusters(handle, layout)
    video = next(((t, s) for t, s in zip(layout.tracks, streams, strict=True) if t.kind == 1),
                 None)
    if video is not None:
        track, stream = video
        frames = key_frames(handle, track.number, clusters, cues, layout.segment_start,
                            layout.scale)
        check_key_frames(handle, frames, codec=track.codec, private=track.private,
                         described=Picture(stream.width or 0, stream.height or 0,
                                           stream.pixel_format or "", stream.sar))
    seconds = _data_seconds(handle, layout, clusters)
    return dump, ({"location": "present"} if location else {}), seconds


def matroska_data_seconds(handle: BinaryIO, size: int) -> float:
    """Seconds the data of this MKV/WebM holds, whatever its codecs (``Unsure``: not known)."""
    layout = _layout(handle, size)
    return _data_seconds(handle, layout, _clusters(handle, layout)[0])


@dataclass
class _Layout:
    found: dict[int, bytes]  # Info, Tracks and Tags payloads
    tracks: list[_Track]  # those ffmpeg lists, in its order
    scale: int  # nanoseconds a timestamp tick
    segment_start: int
    segment_end: int
    clusters_at: int  # where the first Cluster's header starts
    first_cluster: tuple[int, int]  # its payload
    cues: tuple[int, int] | None  # the payload of Cues before the first Cluster


def _layout(handle: BinaryIO, size: int) -> _Layout:
    handle.seek(0)
    _doc_type(handle, size)
    segment_start, segment_end = _segment(handle, size)
    found: dict[int, bytes] = {}
    seeks: dict[int, int] = {}
    cluster: tuple[int, int] | None = None
    cues: tuple[int, int] | None = None
    pos = segment_start
    for _ in range(_MAX_LEVEL1):
        if pos >= segment_end:
            break
        ident, data, end = element_at(handle, pos, segment_end)
        if ident == _CLUSTER:
            cluster = (data, end)
            break
        if ident == _CUES:
            cues = (data, end)
        if ident in (_SEEKHEAD, _INFO, _TRACKS, _TAGS):
            payload = read_payload(handle, data, end)
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
            ident_found, data, end = element_at(handle, segment_start + seeks[ident], segment_end)
            if ident_found != ident:
                raise Unsure("SeekHead points at the wrong element")
            found[ident] = read_payload(handle, data, end)
    if _INFO not in found or _TRACKS not in found:
        raise Unsure("no Info or Tracks")
    if cluster is None:
        raise Unsure("no Cluster")
    _, scale = _duration(found[_INFO])
    # ffmpeg lists the tracks of the types it knows (video, audio, subtitle, metadata).
    tracks = [track for track in _tracks(found[_TRACKS]) if track.kind in (1, 2, 17, 33)]
    return _Layout(found, tracks, scale, segment_start, segment_end, pos, cluster, cues)


def _float(payload: bytes) -> float:
    if len(payload) == 4:
        return float(struct.unpack(">f", payload)[0])
    if len(payload) == 8:
        return float(struct.unpack(">d", payload)[0])
    raise Unsure("float element of odd size")


def _doc_type(handle: BinaryIO, size: int) -> None:
    ident, data, end = element_at(handle, 0, size)
    if ident != 0x1A45DFA3:
        raise Unsure("no EBML header")
    header = read_payload(handle, data, end)
    doc = dict(children(header))
    if doc.get(0x4282, b"matroska").rstrip(b"\0") not in (b"matroska", b"webm"):
        raise Unsure("EBML document that is not Matroska")
    if uint(doc.get(0x4285, b"\x01")) > 4:
        raise Unsure("Matroska version newer than the reader knows")


def _segment(handle: BinaryIO, size: int) -> tuple[int, int]:
    handle.seek(0)
    first = handle.read(12)
    _, data, header_size = header(first, 0)
    assert header_size is not None
    pos = data + header_size
    handle.seek(pos)
    ident, inner, segment_size = header(handle.read(12), 0)
    if ident != _SEGMENT:
        raise Unsure("no Segment after the EBML header")
    start = pos + inner
    end = size if segment_size is None else start + segment_size
    if end > size:
        raise Unsure("Segment larger than the file")
    return start, end


def _seek_entries(payload: bytes) -> Iterator[tuple[int, int]]:
    for ident, seek in children(payload):
        if ident != 0x4DBB:
            continue
        fields = dict(children(seek))
        if 0x53AB in fields and 0x53AC in fields:
            target, _, _ = vint(fields[0x53AB], 0, keep_marker=True)
            yield target, uint(fields[0x53AC])


def _duration(info: bytes) -> tuple[int, int]:
    """The stated duration in microseconds, and the timestamp scale (nanoseconds a tick)."""
    fields = dict(children(info))
    scale = uint(fields.get(0x2AD7B1, b"\x0f\x42\x40"))
    if 0x4489 not in fields or scale <= 0:
        raise Unsure("Info without a duration")
    duration = _float(fields[0x4489])
    micros = duration * scale * 1000 / 1_000_000
    if not 0 < micros < 1e15:
        raise Unsure("implausible duration")
    return int(micros), scale


def _tracks(payload: bytes) -> list[_Track]:
    tracks: list[_Track] = []
    for ident, entry in children(payload):
        if ident == 0xAE:
            track = _Track()
            _fill(track, entry, _TRACK_ENTRY)
            tracks.append(track)
    return tracks


_Setter = Callable[[_Track, bytes], None]


def _fill(track: _Track, payload: bytes, fields: dict[int, _Setter]) -> None:
    """Set ``track``'s attributes from the child elements of ``payload`` that ``fields`` maps
    (one table per level: TrackEntry, and its Video and Audio elements)."""
    for key, value in children(payload):
        setter = fields.get(key)
        if setter is not None:
            setter(track, value)


def _set(name: str, decode: Callable[[bytes], object]) -> _Setter:
    return lambda track, value: setattr(track, name, decode(value))


def _unsure(reason: str, *, when_set: bool = False) -> _Setter:
    """Mark the track as one the reader cannot vouch for (``when_set``: only if non-zero)."""
    def mark(track: _Track, value: bytes) -> None:
        if not when_set or uint(value):
            track.unsure.append(reason)
    return mark


_VIDEO: dict[int, _Setter] = {
    0xB0: _set("width", uint),
    0xBA: _set("height", uint),
    **dict.fromkeys((0x54AA, 0x54BB, 0x54CC, 0x54DD), _unsure("cropped video", when_set=True)),
    0x7670: _unsure("projection (rotation) metadata"),
    0x53C0: _unsure("video with an alpha channel", when_set=True),
}
_AUDIO: dict[int, _Setter] = {
    0xB5: _set("rate", _float),
    0x9F: _set("channels", uint),
    0x78B5: _unsure("audio with an output sampling frequency"),
}
_TRACK_ENTRY: dict[int, _Setter] = {
    0xD7: _set("number", uint),
    0x83: _set("kind", uint),
    0x86: _set("codec", lambda value: value.rstrip(b"\0").decode("ascii", "replace")),
    0x63A2: _set("private", bytes),
    0x23E383: _set("default_duration", uint),
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
            width, height = vp8_size(frame)
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
        ident, data, stop = element_at(handle, pos, end)
        if ident == 0xA0:  # BlockGroup: its Block is among the first children
            handle.seek(data)
            group = handle.read(min(stop - data, 4096))
            for key, value in children(group[: group_prefix(group)]):
                if key == 0xA1 and (frame := _block_frame(value, number)) is not None:
                    return frame
        elif ident == 0xA3:
            handle.seek(data)
            frame = _block_frame(handle.read(min(stop - data, 64)), number)
            if frame is not None:
                return frame
        pos = stop
    raise Unsure("no frame of the video track in the first Cluster")


def _block_frame(block: bytes, number: int) -> bytes | None:
    track, pos, _ = vint(block, 0, keep_marker=False)
    if track != number:
        return None
    if len(block) < pos + 4 or block[pos + 2] & 0x06:
        raise Unsure("laced or cut video block")
    return block[pos + 3 :]


def _has_location(tags: bytes) -> bool:
    found = False
    for ident, tag in children(tags):
        if ident != 0x7373:
            continue
        for key, simple in children(tag):
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
    for key, payload in children(simple):
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
    for key, payload in children(simple):
        if key == 0x4487 and payload.rstrip(b"\0").strip():
            return True
        if key == 0x67C8 and _any_value(payload, depth + 1):
            return True
    return False


def _clusters(handle: BinaryIO, layout: _Layout) -> tuple[list[Cluster], tuple[int, int] | None]:
    """Every Cluster from the first to the end of the Segment, and the Cues' payload (None:
    no Cues). Every level-1 element on the way must have a known size inside the Segment (a
    file cut short, or a Segment size rewritten to fit, is ``Unsure``)."""
    clusters: list[Cluster] = []
    cues = layout.cues
    pos = layout.clusters_at
    for _ in range(_MAX_CLUSTERS):
        if pos >= layout.segment_end:
            return clusters, cues
        ident, data, end = element_at(handle, pos, layout.segment_end)
        if ident == _CLUSTER:
            clusters.append(Cluster(pos, data, end))
        elif ident == _CUES:
            cues = (data, end)
        pos = end
    raise Unsure("too many Clusters for the data check")


def _data_seconds(handle: BinaryIO, layout: _Layout, clusters: list[Cluster]) -> float:
    """Seconds from the first Cluster to the end of the last block of the first video and
    audio track: what ffmpeg's packet scan (``video_integrity``) reports, without a process.

    ``clusters``: all of them (``_clusters``); only the last one's blocks are read: Clusters
    are in time order. The video track needs a block in the first or the last Cluster.
    """
    tracks, scale, first = layout.tracks, layout.scale, layout.first_cluster
    video = next((t for t in tracks if t.kind == 1), None)
    audio = next((t for t in tracks if t.kind == 2), None)
    if video is None:
        raise Unsure("no video track")
    last = (clusters[-1].data, clusters[-1].end) if clusters else first
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
        ident, inner, size = header(head, 0)
        if size is None or pos + inner + size > end:
            raise Unsure("Cluster element of unknown size or outside its Cluster")
        if ident == _TIMESTAMP:
            timestamp = uint(read_payload(handle, pos + inner, pos + inner + size))
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
    for key, value in children(group[: group_prefix(group)]):
        if key == _BLOCK:
            block = _block_header(value)
        elif key == _BLOCK_DURATION:
            duration = uint(value)
    if block is None:
        raise Unsure("BlockGroup without its Block in the first 4 KiB")
    return (*block, duration)


def _block_header(block: bytes) -> tuple[int, int]:
    """(track number, signed ticks after the Cluster's timestamp) of a (Simple)Block."""
    track, pos, _ = vint(block, 0, keep_marker=False)
    if len(block) < pos + 3:
        raise Unsure("block cut short")
    return track, int.from_bytes(block[pos : pos + 2], "big", signed=True)
