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
from typing import BinaryIO

from crosspost.media.container.audio import aac_config, opus_channels
from crosspost.media.container.codecs import Picture, avc_picture, hevc_picture, mpeg4_picture
from crosspost.media.container.common import (
    Contradiction,
    Unsure,
    printed_bitrate,
    printed_duration,
    printed_rate,
    rotation_of,
)
from crosspost.media.container.inband import check_inband_sps, check_inband_vol
from crosspost.media.container.sample_table import SampleTable, sample_table, spread, sync_samples
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
#: Key frames whose parameter sets are read, spread over the video's time (and the first and
#: the last): enough to find a stretch of another frame size longer than 1/64 of the video.
KEY_FRAMES = 64


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
            counts.append(sample_table(moov, _boxes(moov, *stbl), size).count)
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
    boxes = _boxes(moov, *stbl)
    samples = sample_table(moov, boxes, size)
    if samples.count == 0 and kind == "Video":
        raise Unsure("video track without samples")
    entries = _sample_entries(moov, *_child(moov, *stbl, b"stsd"))
    if kind == "Audio":
        if len(entries) != 1 or samples.descriptions - {1}:
            raise Unsure("not exactly one sample description")
        codec, rate, channels = _audio(moov, *entries[0])
        info = StreamInfo(index=index, kind=kind, codec=codec, details=(), sample_rate=rate,
                          channels=channels)
        return info, located
    if scale <= 0:
        raise Unsure("media header without a time scale")
    stts = _child(moov, *stbl, b"stts")
    frames, ticks = _stts(moov, *stts)
    if frames <= 0 or ticks <= 0:
        raise Unsure("video track without timing")
    codec, picture, coded, nal_length = _video(moov, *entries[0])
    _other_descriptions(moov, entries, samples, picture)
    check_stated_size("the sample description (stsd)", coded, picture)
    keys = spread(sync_samples(moov, boxes, samples.count), samples.count, KEY_FRAMES)
    key_frames = [(key, *samples.locate(key)) for key in keys]
    if nal_length:
        check_inband_sps(handle, key_frames, length_size=nal_length, hevc=codec == "hevc",
                         described=picture, where="the sample description's parameter set",
                         when=lambda key: _seconds(moov, *stts, key, scale))
    else:
        check_inband_vol(handle, key_frames, described=picture,
                         where="the sample description's VOL header (esds)",
                         when=lambda key: _seconds(moov, *stts, key, scale))
    check_stated_size("the track header (tkhd)", (displayed[0] / 65536, displayed[1] / 65536),
                      picture, display=True)
    info = StreamInfo(index=index, kind=kind, codec=codec, details=(), width=picture.width,
                      height=picture.height, pixel_format=picture.pixel_format,
                      fps=printed_rate(scale * frames / ticks), rotation=rotation,
                      sar=picture.sar)
    return info, located


def _sample_entries(moov: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """The entries of a sample description box ``stsd``: (type, payload start, end)."""
    if end - start < 8:
        raise Unsure("sample description cut short")
    count = struct.unpack(">I", moov[start + 4 : start + 8])[0]
    entries = list(_children(moov, start + 8, end))
    if count < 1 or len(entries) != count:
        raise Unsure("sample description count out of step with its entries")
    return entries


def _other_descriptions(moov: bytes, entries: list[tuple[bytes, int, int]],
                        samples: SampleTable, picture: Picture) -> None:
    """A video's samples may name another sample description than the first (whose frame
    size ffmpeg reports): Contradiction if one they name has another frame size; Unsure for
    any file with several (ffmpeg then reads it, as before)."""
    if len(entries) == 1 and samples.descriptions <= {1}:
        return
    if not samples.descriptions <= set(range(1, len(entries) + 1)):
        raise Unsure("samples name a sample description that is not there")
    for number in sorted(samples.descriptions - {1}):
        other = _video(moov, *entries[number - 1])[1]
        if (other.width, other.height) != (picture.width, picture.height):
            raise Contradiction(
                f"the sample description (stsd) says {picture.width}x{picture.height}, but "
                f"some samples use a second description (entry {number}) of "
                f"{other.width}x{other.height} (streams of different sizes joined, or a "
                "header altered)")
    raise Unsure("samples use several sample descriptions")


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


def _boxes(moov: bytes, start: int, end: int) -> dict[bytes, tuple[int, int]]:
    return {kind: (s, e) for kind, s, e in _children(moov, start, end)}


def _seconds(moov: bytes, start: int, end: int, index: int, scale: int) -> str:
    """When sample ``index`` is decoded, from the time-to-sample table, as ``12.34 s``."""
    ticks = 0
    whole = start + 8 + (end - start - 8) // 8 * 8
    for samples, delta in struct.iter_unpack(">II", moov[start + 8 : whole]):
        step = min(samples, index)
        ticks += step * delta
        index -= step
        if not index:
            break
    return f"{ticks / scale:.2f} s"


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
