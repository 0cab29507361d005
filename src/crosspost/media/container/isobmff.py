"""Facts of an MP4/MOV/M4V file from its boxes (ISO/IEC 14496-12 and QuickTime), no process.

Only the header boxes are read: the top-level box list (by seeking over ``mdat``), then the
``moov`` box, bounded in size. Nesting is walked along fixed paths, never recursively. Any box
that is cut short, oversized or outside what the reader maps exactly as ffmpeg does raises
``Unsure``; the probe then asks ffmpeg, so the reader is a shortcut and never a second opinion.

The sample tables also say whether the data is all there: every sample of the video and audio
tracks must lie inside the file (an upload cut half-way keeps a ``+faststart`` index that
points past its end), and the video must have samples; otherwise ffmpeg reads the packets and
says what is missing (``video_integrity``).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from itertools import accumulate
from typing import BinaryIO

from crosspost.media.container.audio import aac_config, opus_channels
from crosspost.media.container.codecs import Picture, avc_picture, hevc_picture, mpeg4_picture
from crosspost.media.container.common import (
    Unsure,
    printed_bitrate,
    printed_duration,
    printed_rate,
    rotation_of,
)
from crosspost.media.container.inband import check_inband_sps
from crosspost.media.container.stated import check_stated_size
from crosspost.media.ffmpeg_dump import InputDump, StreamInfo

__all__ = ["MP4_FIRST_BOXES", "read_mp4", "track_sample_counts"]

#: Boxes a real MP4/MOV starts with; anything else is left to ffmpeg's own probing.
MP4_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide")
_CONTAINER = "mov,mp4,m4a,3gp,3g2,mj2"
_MAX_MOOV = 64 << 20
_MAX_TOP_BOXES = 4096
_MAX_CHILDREN = 4096
_KINDS = {b"vide": "Video", b"soun": "Audio", b"subt": "Subtitle", b"text": "Subtitle",
          b"sbtl": "Subtitle", b"clcp": "Subtitle"}
_LOCATION_KEYS = (b"com.apple.quicktime.location", b"location", b"gps")


def read_mp4(handle: BinaryIO, size: int) -> tuple[InputDump, dict[str, str]]:
    """The input summary and global tags ffmpeg would report for this MP4/MOV."""
    moov, brand = _top_level(handle, size)
    movie_scale, movie_duration = _mvhd(moov)
    streams: list[StreamInfo] = []
    location = False
    for kind, start, end in _children(moov, 0, len(moov)):
        if kind == b"trak":
            stream, located = _track(handle, moov, (start, end), len(streams), size)
            streams.append(stream)
            location = location or located
        elif kind in (b"mvex", b"cmov"):
            raise Unsure("fragmented or compressed movie header")
        elif kind in (b"udta", b"meta"):
            location = location or _has_location(moov, kind, start, end)
    if movie_scale <= 0 or movie_duration <= 0:
        raise Unsure("movie header without a duration")
    micros = (movie_duration * 1_000_000 + movie_scale // 2) // movie_scale
    tags = {"major_brand": brand} if brand else {}
    if location:
        tags["location"] = "present"
    dump = InputDump(_CONTAINER, printed_duration(micros), printed_bitrate(size, micros),
                     tuple(streams))
    return dump, tags


def track_sample_counts(moov: bytes, size: int) -> list[int]:
    """Samples of each track of the movie box ``moov`` (its payload), every one of which lies
    inside the file of ``size`` bytes; Unsure when a table is missing or points past the end
    (an AVIF image sequence's frames are judged with this, as a video's are)."""
    counts = []
    for kind, start, end in _children(moov, 0, len(moov)):
        if kind == b"trak":
            mdia = _child(moov, start, end, b"mdia")
            stbl = _child(moov, *_child(moov, *mdia, b"minf"), b"stbl")
            counts.append(_samples_inside(moov, *stbl, size))
    return counts


def _top_level(handle: BinaryIO, size: int) -> tuple[bytes, str | None]:
    moov: bytes | None = None
    brand: str | None = None
    pos = 0
    for count in range(_MAX_TOP_BOXES + 1):
        if pos >= size:
            break
        if count == _MAX_TOP_BOXES:
            raise Unsure("too many top-level boxes")
        handle.seek(pos)
        head = handle.read(16)
        kind, header, box_size = _box_header(head, size - pos)
        if kind == b"moov":
            if moov is not None or box_size - header > _MAX_MOOV:
                raise Unsure("several or oversized movie boxes")
            handle.seek(pos + header)
            moov = handle.read(box_size - header)
            if len(moov) != box_size - header:
                raise Unsure("movie box cut short")
        elif kind == b"ftyp" and pos == 0:
            brand = head[header : header + 4].decode("latin-1") if box_size >= 12 else None
        elif kind in (b"moof", b"mfra"):
            raise Unsure("fragmented MP4")
        pos += box_size
    if moov is None:
        raise Unsure("no movie box")
    return moov, brand


def _box_header(head: bytes, room: int) -> tuple[bytes, int, int]:
    if len(head) < 8:
        raise Unsure("box header cut short")
    box_size, kind = struct.unpack(">I4s", head[:8])
    header = 8
    if box_size == 1:
        if len(head) < 16:
            raise Unsure("box header cut short")
        box_size = struct.unpack(">Q", head[8:16])[0]
        header = 16
    elif box_size == 0:
        box_size = room
    if box_size < header or box_size > room:
        raise Unsure("box size outside its parent")
    return kind, header, box_size


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``data[start:end]``."""
    pos = start
    for _ in range(_MAX_CHILDREN):
        if end - pos < 8:
            if pos != end and any(data[pos:end]):
                raise Unsure("trailing bytes in a box")
            return
        kind, header, box_size = _box_header(data[pos : pos + 16], end - pos)
        yield kind, pos + header, pos + box_size
        pos += box_size
    raise Unsure("too many boxes")


def _child(data: bytes, start: int, end: int, wanted: bytes) -> tuple[int, int]:
    found = [(s, e) for kind, s, e in _children(data, start, end) if kind == wanted]
    if len(found) != 1:
        raise Unsure(f"expected one {wanted.decode('latin-1')} box")
    return found[0]


def _mvhd(moov: bytes) -> tuple[int, int]:
    start, end = _child(moov, 0, len(moov), b"mvhd")
    body = moov[start:end]
    if body[:1] == b"\x01":
        if len(body) < 112:
            raise Unsure("movie header cut short")
        scale, duration = struct.unpack(">IQ", body[20:32])
        matrix_at = 32 + 4 + 2 + 10
    else:
        if len(body) < 100:
            raise Unsure("movie header cut short")
        scale, duration = struct.unpack(">II", body[12:20])
        matrix_at = 20 + 4 + 2 + 10
    if _matrix(body, matrix_at) != (1.0, 0.0, 0.0, 1.0):
        raise Unsure("movie-level display matrix")
    return int(scale), int(duration)


def _matrix(body: bytes, at: int) -> tuple[float, float, float, float]:
    a, b, u, c, d, v, x, y, w = struct.unpack(">9i", body[at : at + 36])
    if u or v or x or y or w != 1 << 30:
        raise Unsure("display matrix with a translation or perspective")
    return (a / 65536, b / 65536, c / 65536, d / 65536)


def _track(handle: BinaryIO, moov: bytes, trak: tuple[int, int], index: int,
           size: int) -> tuple[StreamInfo, bool]:
    start, end = trak
    tkhd_start, tkhd_end = _child(moov, start, end, b"tkhd")
    tkhd = moov[tkhd_start:tkhd_end]
    matrix_at = 52 if tkhd[:1] == b"\x01" else 40
    if len(tkhd) < matrix_at + 44:
        raise Unsure("track header cut short")
    rotation = rotation_of(_matrix(tkhd, matrix_at))
    displayed = struct.unpack(">II", tkhd[matrix_at + 36 : matrix_at + 44])
    mdia = _child(moov, start, end, b"mdia")
    mdhd_start, mdhd_end = _child(moov, *mdia, b"mdhd")
    mdhd = moov[mdhd_start:mdhd_end]
    scale_at = 20 if mdhd[:1] == b"\x01" else 12
    if len(mdhd) < scale_at + 4:
        raise Unsure("media header cut short")
    scale = struct.unpack(">I", mdhd[scale_at : scale_at + 4])[0]
    hdlr_start, _ = _child(moov, *mdia, b"hdlr")
    handler = moov[hdlr_start + 8 : hdlr_start + 12]
    kind = _KINDS.get(handler, "Data")
    located = any(_has_location(moov, k, s, e) for k, s, e in _children(moov, start, end)
                  if k in (b"udta", b"meta"))
    if kind not in ("Video", "Audio"):
        return StreamInfo(index=index, kind=kind, codec="", details=()), located
    stbl = _child(moov, *_child(moov, *mdia, b"minf"), b"stbl")
    entry, entry_start, entry_end = _sample_entry(moov, *_child(moov, *stbl, b"stsd"))
    if _samples_inside(moov, *stbl, size) == 0 and kind == "Video":
        raise Unsure("video track without samples")
    if kind == "Audio":
        codec, rate, channels = _audio(moov, entry, entry_start, entry_end)
        info = StreamInfo(index=index, kind=kind, codec=codec, details=(), sample_rate=rate,
                          channels=channels)
        return info, located
    if scale <= 0:
        raise Unsure("media header without a time scale")
    frames, ticks = _stts(moov, *_child(moov, *stbl, b"stts"))
    if frames <= 0 or ticks <= 0:
        raise Unsure("video track without timing")
    codec, picture, coded, nal_length = _video(moov, entry, entry_start, entry_end)
    check_stated_size("the sample description (stsd)", coded, picture)
    if nal_length:
        check_inband_sps(handle, *_first_sample(moov, *stbl), length_size=nal_length,
                         hevc=codec == "hevc", described=picture,
                         where="the sample description's parameter set")
    check_stated_size("the track header (tkhd)", (displayed[0] / 65536, displayed[1] / 65536),
                      picture, display=True)
    info = StreamInfo(index=index, kind=kind, codec=codec, details=(), width=picture.width,
                      height=picture.height, pixel_format=picture.pixel_format,
                      fps=printed_rate(scale * frames / ticks), rotation=rotation,
                      sar=picture.sar)
    return info, located


def _sample_entry(moov: bytes, start: int, end: int) -> tuple[bytes, int, int]:
    if end - start < 8 or struct.unpack(">I", moov[start + 4 : start + 8])[0] != 1:
        raise Unsure("not exactly one sample description")
    entries = list(_children(moov, start + 8, end))
    if len(entries) != 1:
        raise Unsure("not exactly one sample description")
    return entries[0]


def _video(moov: bytes, entry: bytes, start: int,
           end: int) -> tuple[str, Picture, tuple[int, int], int]:
    """Codec, picture, the sample entry's own (coded) width and height, and the size of the
    NAL unit lengths in the samples (0: not NAL units)."""
    if end - start < 78:
        raise Unsure("video sample entry cut short")
    width, height = struct.unpack(">HH", moov[start + 24 : start + 28])
    boxes = {kind: moov[s:e] for kind, s, e in _children(moov, start + 78, end)}
    if b"clap" in boxes or b"sinf" in boxes:
        raise Unsure("clean aperture or protected video")
    if entry in (b"avc1", b"avc3") and b"avcC" in boxes:
        avcc = boxes[b"avcC"]
        return "h264", avc_picture(avcc), (width, height), (avcc[4] & 3) + 1
    if entry in (b"hvc1", b"hev1") and b"hvcC" in boxes:
        hvcc = boxes[b"hvcC"]
        return "hevc", hevc_picture(hvcc), (width, height), (hvcc[21] & 3) + 1
    if entry == b"mp4v" and b"esds" in boxes:
        kind, config = _esds(boxes[b"esds"])
        if kind == 0x20:
            return "mpeg4", mpeg4_picture(config, width, height), (width, height), 0
    raise Unsure(f"video sample entry {entry!r}")


def _audio(moov: bytes, entry: bytes, start: int, end: int) -> tuple[str, int, int]:
    if end - start < 28:
        raise Unsure("audio sample entry cut short")
    version = struct.unpack(">H", moov[start + 8 : start + 10])[0]
    channels = struct.unpack(">H", moov[start + 16 : start + 18])[0]
    skip = {0: 28, 1: 44, 2: 64}.get(version)
    if skip is None or end - start < skip:
        raise Unsure("unknown audio sample entry version")
    boxes = {kind: (s, e) for kind, s, e in _children(moov, start + skip, end)}
    if entry == b"mp4a":
        if b"esds" not in boxes and b"wave" in boxes:
            boxes = {kind: (s, e) for kind, s, e in _children(moov, *boxes[b"wave"])}
        if b"esds" in boxes:
            kind, config = _esds(moov[slice(*boxes[b"esds"])])
            if kind in (0x40, 0x66, 0x67, 0x68):
                rate, count = aac_config(config)
                return "aac", rate, count
    if entry == b"Opus" and b"dOps" in boxes:
        dops = moov[slice(*boxes[b"dOps"])]
        count = opus_channels(b"OpusHead\x01" + dops[1:], channels if version == 0 else None)
        return "opus", 48000, count
    raise Unsure(f"audio sample entry {entry!r}")


def _esds(box: bytes) -> tuple[int, bytes]:
    """Object type and decoder specific info of an ``esds`` box (ISO/IEC 14496-1 descriptors)."""
    pos = 4
    tag, pos, size = _descriptor(box, pos)
    if tag != 3:
        raise Unsure("esds without an ES descriptor")
    flags = box[pos + 2] if pos + 2 < len(box) else 0
    pos += 3
    if flags & 0x80:
        pos += 2
    if flags & 0x40:
        pos += 1 + (box[pos] if pos < len(box) else 0)
    if flags & 0x20:
        pos += 2
    tag, pos, size = _descriptor(box, pos)
    if tag != 4 or pos + 13 > len(box):
        raise Unsure("esds without a decoder configuration")
    object_type = box[pos]
    tag, inner, size = _descriptor(box, pos + 13)
    if tag != 5:
        raise Unsure("esds without decoder specific info")
    return object_type, box[inner : inner + size]


def _descriptor(box: bytes, pos: int) -> tuple[int, int, int]:
    if pos >= len(box):
        raise Unsure("esds cut short")
    tag = box[pos]
    size = 0
    for offset in range(1, 5):
        if pos + offset >= len(box):
            raise Unsure("esds cut short")
        byte = box[pos + offset]
        size = (size << 7) | (byte & 0x7F)
        if not byte & 0x80:
            if pos + offset + 1 + size > len(box):
                raise Unsure("esds descriptor outside its box")
            return tag, pos + offset + 1, size
    raise Unsure("esds descriptor size too long")


def _samples_inside(moov: bytes, start: int, end: int, size: int) -> int:
    """The number of samples of a track, all of which lie inside the file (else Unsure)."""
    boxes = {kind: (s, e) for kind, s, e in _children(moov, start, end)}
    if b"stsz" not in boxes or b"stsc" not in boxes:
        raise Unsure("track without a sample size or sample-to-chunk table")
    s, e = boxes[b"stsz"]
    if e - s < 12:
        raise Unsure("stsz cut short")
    uniform, count = struct.unpack(">II", moov[s + 4 : s + 12])
    if uniform:
        sizes = None
    else:
        if s + 12 + 4 * count > e:
            raise Unsure("stsz cut short")
        sizes = [0, *accumulate(v for (v,) in struct.iter_unpack(
            ">I", moov[s + 12 : s + 12 + 4 * count]))]
    offsets = _chunk_offsets(moov, boxes)
    s, e = boxes[b"stsc"]
    runs = struct.unpack(">I", moov[s + 4 : s + 8])[0] if e - s >= 8 else 0
    if s + 8 + 12 * runs > e:
        raise Unsure("stsc cut short")
    table = list(struct.iter_unpack(">III", moov[s + 8 : s + 8 + 12 * runs]))
    sample = 0
    for run, (first, per_chunk, _) in enumerate(table):
        last = table[run + 1][0] - 1 if run + 1 < len(table) else len(offsets)
        if first < 1 or last > len(offsets) or last < first - 1:
            raise Unsure("stsc out of step with the chunk offsets")
        for chunk in range(first - 1, last):
            stop = min(sample + per_chunk, count)
            length = (stop - sample) * uniform if sizes is None else sizes[stop] - sizes[sample]
            if offsets[chunk] + length > size:
                raise Unsure("samples past the end of the file")
            sample = stop
    if sample != count:
        raise Unsure("chunks hold fewer samples than the track has")
    return int(count)


def _first_sample(moov: bytes, start: int, end: int) -> tuple[int, int]:
    """Offset and size of a track's first sample (the first of its first chunk)."""
    boxes = {kind: (s, e) for kind, s, e in _children(moov, start, end)}
    offsets = _chunk_offsets(moov, boxes)
    s, e = boxes[b"stsz"]
    uniform = struct.unpack(">I", moov[s + 4 : s + 8])[0]
    if not offsets or (not uniform and e - s < 16):
        raise Unsure("track without a first sample")
    return offsets[0], uniform or struct.unpack(">I", moov[s + 12 : s + 16])[0]


def _chunk_offsets(moov: bytes, boxes: dict[bytes, tuple[int, int]]) -> list[int]:
    kind, width = (b"stco", "I") if b"stco" in boxes else (b"co64", "Q")
    if kind not in boxes:
        raise Unsure("track without chunk offsets")
    s, e = boxes[kind]
    count = struct.unpack(">I", moov[s + 4 : s + 8])[0] if e - s >= 8 else 0
    step = 4 if width == "I" else 8
    if s + 8 + step * count > e:
        raise Unsure("chunk offsets cut short")
    return [v for (v,) in struct.iter_unpack(">" + width, moov[s + 8 : s + 8 + step * count])]


def _stts(moov: bytes, start: int, end: int) -> tuple[int, int]:
    if end - start < 8:
        raise Unsure("stts cut short")
    count = struct.unpack(">I", moov[start + 4 : start + 8])[0]
    if start + 8 + count * 8 > end:
        raise Unsure("stts cut short")
    frames = ticks = 0
    for samples, delta in struct.iter_unpack(">II", moov[start + 8 : start + 8 + count * 8]):
        if delta >= 1 << 31:
            raise Unsure("negative time-to-sample delta")
        frames += samples
        ticks += samples * delta
    return frames, ticks


def _has_location(moov: bytes, kind: bytes, start: int, end: int) -> bool:
    """A non-empty location in ``udta`` (``©xyz``, ``loci``) or ``meta`` (keys + ilst)."""
    if kind == b"udta":
        for child, s, e in _children(moov, start, end):
            if child == b"\xa9xyz" and e - s > 4:
                return True
            if child == b"loci":
                return True
            if child == b"meta" and _has_location(moov, b"meta", s, e):
                return True
        return False
    # QuickTime meta has no version/flags; ISO meta has 4 bytes of them before its children.
    offset = 0 if moov[start + 4 : start + 8] in (b"hdlr", b"keys", b"ilst") else 4
    boxes = list(_children(moov, start + offset, end))
    keys: list[bytes] = []
    for child, s, e in boxes:
        if child == b"keys":
            keys = _keys(moov, s, e)
    for child, s, e in boxes:
        if child != b"ilst":
            continue
        for item, item_start, item_end in _children(moov, s, e):
            number = int.from_bytes(item, "big")
            name = keys[number - 1] if 0 < number <= len(keys) else item
            located = item == b"\xa9xyz" or name.lower().startswith(_LOCATION_KEYS)
            if located and item_end - item_start > 16:
                return True
    return False


def _keys(moov: bytes, start: int, end: int) -> list[bytes]:
    count = struct.unpack(">I", moov[start + 4 : start + 8])[0] if end - start >= 8 else 0
    keys: list[bytes] = []
    pos = start + 8
    for _ in range(min(count, _MAX_CHILDREN)):
        if pos + 8 > end:
            raise Unsure("keys box cut short")
        size = struct.unpack(">I", moov[pos : pos + 4])[0]
        if size < 8 or pos + size > end:
            raise Unsure("keys box cut short")
        keys.append(moov[pos + 8 : pos + size])
        pos += size
    return keys
