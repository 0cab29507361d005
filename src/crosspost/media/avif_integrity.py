"""Does an AVIF's data hold what its boxes claim? The boxes walked, the AV1 headers read.

libavif refuses most cut files when Pillow opens them, with a message that does not say why
("cannot identify image file"), and it decodes a file whose image size property (``ispe``)
was altered to claim 9000x9000 around a 200x150 picture without a word. ``check`` refuses
both with a message that says what is wrong, from the structure alone:

* Every top-level box must end inside the file.
* Every AV1 image item's data (its ``iloc`` extents) must lie inside the file (or its
  ``idat``) and be a chain of AV1 OBUs whose sizes end exactly where the data ends: a cut
  extent whose length was patched leaves an OBU running past it.
* An item's ``ispe`` may not claim more than its AV1 sequence header allows
  (``max_frame_width``/``max_frame_height``): the decoder never makes a bigger picture.
* An image sequence's tracks must have every sample inside the file (as an MP4's must).

What the structure cannot show is AV1 tile data cut inside an OBU whose size was patched
too; the probe's full decode after these checks finds it (``probe_decode``).
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from crosspost.errors import MediaError
from crosspost.media.container.bits import BitReader
from crosspost.media.container.common import Unsure

__all__ = ["check_avif"]

_AGAIN = "; export it again"
_MAX_BOXES = 4096
_MAX_ITEMS = 4096
_OBU_SEQUENCE_HEADER = 1
_OBU_FRAME_KINDS = frozenset({3, 4, 6})  # frame header, tile group, frame


@dataclass
class _Item:
    kind: bytes = b""
    method: int = 0
    extents: list[tuple[int, int]] = field(default_factory=list)
    properties: list[int] = field(default_factory=list)


def check_avif(path: str) -> None:
    """Raise MediaError when the AVIF at ``path`` is cut, or its boxes disagree with its
    AV1 data."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as data:
        boxes = list(_boxes(path, data, 0, len(data), "file"))
        for kind, start, end in boxes:
            if kind == b"meta":
                _meta(path, data, start + 4, end)
            elif kind == b"moov":
                _tracks(path, bytes(data[start:end]), len(data))


def _boxes(path: str, data: mmap.mmap | bytes, pos: int, end: int,
           where: str) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``data[pos:end]``."""
    for _ in range(_MAX_BOXES):
        if end - pos < 8:
            return
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if end - pos < 16:
                raise _cut(path, kind, where)
            size, header = struct.unpack(">Q", data[pos + 8:pos + 16])[0], 16
        elif size == 0:
            size = end - pos
        if size < header:
            raise MediaError(f"AVIF box {_name(kind)} has an impossible size" + _AGAIN,
                             path=path)
        if pos + size > end:
            raise _cut(path, kind, where)
        yield kind, pos + header, pos + size
        pos += size
    raise MediaError("AVIF has too many boxes" + _AGAIN, path=path)


def _cut(path: str, kind: bytes, where: str) -> MediaError:
    return MediaError(f"image is truncated: the AVIF's {_name(kind)} box runs past the end of "
                      f"the {where} (the upload or copy stopped half-way)" + _AGAIN, path=path)


def _meta(path: str, data: mmap.mmap, start: int, end: int) -> None:
    children = {kind: (s, e) for kind, s, e in _boxes(path, data, start, end, "meta box")}
    items: dict[int, _Item] = {}
    properties: list[tuple[bytes, int, int]] = []
    if b"iinf" in children:
        _item_types(path, data, *children[b"iinf"], items)
    if b"iloc" in children:
        _locations(path, data, *children[b"iloc"], items)
    if b"iprp" in children:
        iprp = {kind: (s, e) for kind, s, e in _boxes(path, data, *children[b"iprp"], "iprp")}
        if b"ipco" in iprp:
            properties = list(_boxes(path, data, *iprp[b"ipco"], "ipco box"))
        if b"ipma" in iprp:
            _associations(data, *iprp[b"ipma"], items)
    idat = children.get(b"idat")
    for ident, item in items.items():
        if item.kind == b"av01":
            _av1_item(path, data, ident, item, properties, idat)


def _item_types(path: str, data: mmap.mmap, start: int, end: int,
                items: dict[int, _Item]) -> None:
    version = data[start]
    pos = start + (6 if version == 0 else 8)
    for kind, s, e in _boxes(path, data, pos, end, "iinf box"):
        if kind != b"infe" or e - s < 12 or data[s] < 2:
            continue
        if data[s] == 2:
            ident, type_at = struct.unpack(">H", data[s + 4:s + 6])[0], s + 8
        else:
            ident, type_at = struct.unpack(">I", data[s + 4:s + 8])[0], s + 10
        items.setdefault(ident, _Item()).kind = bytes(data[type_at:type_at + 4])


def _locations(path: str, data: mmap.mmap, start: int, end: int,
               items: dict[int, _Item]) -> None:
    reader = _Reader(path, data, start, end)
    version = reader.uint(1)
    reader.uint(3)
    sizes = reader.uint(2)
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 15
    base_size, index_size = (sizes >> 4) & 15, (sizes & 15 if version in (1, 2) else 0)
    count = reader.uint(2 if version < 2 else 4)
    if count > _MAX_ITEMS:
        raise MediaError("AVIF lists too many items" + _AGAIN, path=path)
    for _ in range(count):
        item = items.setdefault(reader.uint(2 if version < 2 else 4), _Item())
        item.method = reader.uint(2) & 15 if version in (1, 2) else 0
        reader.uint(2)  # data reference index
        base = reader.uint(base_size)
        for _ in range(reader.uint(2)):
            reader.uint(index_size)
            offset = base + reader.uint(offset_size)
            item.extents.append((offset, reader.uint(length_size)))


def _associations(data: mmap.mmap, start: int, end: int, items: dict[int, _Item]) -> None:
    version, wide = data[start], data[start + 3] & 1
    reader = _Reader("", data, start + 4, end)
    for _ in range(min(reader.uint(4), _MAX_ITEMS)):
        item = items.setdefault(reader.uint(2 if version < 1 else 4), _Item())
        for _ in range(reader.uint(1)):
            value = reader.uint(2 if wide else 1)
            item.properties.append(value & (0x7FFF if wide else 0x7F))


def _av1_item(path: str, data: mmap.mmap, ident: int, item: _Item,
              properties: list[tuple[bytes, int, int]], idat: tuple[int, int] | None) -> None:
    base, limit, where = 0, len(data), "file"
    if item.method == 1:
        if idat is None:
            raise MediaError(f"AVIF item {ident} points into an idat box it lacks" + _AGAIN,
                             path=path)
        base, limit, where = idat[0], idat[1], "idat box"
    elif item.method != 0:
        return  # data made of other items: their own extents are checked
    pieces = []
    for offset, length in item.extents:
        start = base + offset
        stop = limit if length == 0 else start + length
        if stop > limit or start > limit:
            raise MediaError(
                f"image is truncated: the AVIF's image data (item {ident}) reaches byte "
                f"{stop - base:,} of the {where}, which has {limit - base:,} (the upload or copy "
                "stopped half-way)" + _AGAIN, path=path)
        pieces.append(bytes(data[start:stop]))
    payload = b"".join(pieces)
    sequence = _obus(path, ident, payload)
    found = {kind: (s, e) for index in item.properties if 0 < index <= len(properties)
             for kind, s, e in [properties[index - 1]]}
    if b"av1C" in found:
        s, e = found[b"av1C"]
        sequence = _obus(path, ident, bytes(data[s + 4:e]), config=True) or sequence
    if b"ispe" in found and sequence is not None:
        s, _ = found[b"ispe"]
        claimed = struct.unpack(">II", data[s + 4:s + 12])
        largest = _max_frame(sequence)
        if largest is not None and (claimed[0] > largest[0] or claimed[1] > largest[1]):
            raise MediaError(
                f"image data disagrees with its header: the AVIF's size property says "
                f"{claimed[0]}x{claimed[1]} pixels, but its AV1 data makes pictures of at most "
                f"{largest[0]}x{largest[1]} (the header was altered)" + _AGAIN, path=path)


def _obus(path: str, ident: int, payload: bytes, *, config: bool = False) -> bytes | None:
    """Walk the OBUs of ``payload``: their sizes must end exactly at its end; the first
    sequence header's payload, if any."""
    pos, sequence, frames = 0, None, 0
    while pos < len(payload):
        head = payload[pos]
        kind, extension, sized = (head >> 3) & 15, head & 4, head & 2
        pos += 2 if extension else 1
        if sized:
            length, pos = _leb128(payload, pos)
        else:
            length = len(payload) - pos  # the last OBU may leave its size out
        if pos + length > len(payload) or head & 0x80:
            what = "configuration" if config else f"image data (item {ident})"
            raise MediaError(
                f"image data disagrees with its header: the AVIF's {what} ends inside an AV1 "
                f"unit that needs {pos + length - len(payload):,} more bytes (the data was cut, "
                "or its sizes altered)" + _AGAIN, path=path)
        if kind == _OBU_SEQUENCE_HEADER and sequence is None:
            sequence = payload[pos:pos + length]
        frames += kind in _OBU_FRAME_KINDS
        pos += length
    if not config and not frames:
        raise MediaError(f"the AVIF's image data (item {ident}) holds no AV1 frame" + _AGAIN,
                         path=path)
    return sequence


def _leb128(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        if pos >= len(data):
            return 1 << 40, pos  # runs past the end: reported by the caller
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            break
    return value, pos


def _max_frame(sequence: bytes) -> tuple[int, int] | None:
    """max_frame_width/height of an AV1 sequence header (AV1 spec 5.5), or None if it is not
    one we can read."""
    bits = BitReader(sequence)
    try:
        bits.skip(3)  # seq_profile
        bits.skip(1)  # still_picture
        if bits.flag():  # reduced_still_picture_header
            bits.skip(5)
        else:
            _operating_points(bits)
        width_bits, height_bits = bits.u(4) + 1, bits.u(4) + 1
        return bits.u(width_bits) + 1, bits.u(height_bits) + 1
    except Unsure:
        return None


def _operating_points(bits: BitReader) -> None:
    model, buffer_delay = False, 0
    if bits.flag():  # timing_info_present_flag
        bits.skip(64)
        if bits.flag():  # equal_picture_interval: num_ticks_per_picture_minus_1, uvlc()
            zeros = 0
            while not bits.flag():
                zeros += 1
            bits.skip(zeros)
        model = bits.flag()
        if model:
            buffer_delay = bits.u(5) + 1
            bits.skip(32 + 5 + 5)
    initial_delay = bits.flag()
    for _ in range(bits.u(5) + 1):
        bits.skip(12)  # operating_point_idc
        if bits.u(5) > 7:  # seq_level_idx
            bits.skip(1)  # seq_tier
        if model and bits.flag():
            bits.skip(2 * buffer_delay + 1)
        if initial_delay and bits.flag():
            bits.skip(4)


def _tracks(path: str, moov: bytes, size: int) -> None:
    from crosspost.media.container.isobmff import track_sample_counts

    try:
        counts = track_sample_counts(moov, size)
    except Unsure as exc:
        raise MediaError(
            f"image data disagrees with its header: the AVIF image sequence's frames are not "
            f"all in the file ({exc}; the upload or copy stopped half-way, or its tables were "
            "altered)" + _AGAIN, path=path) from None
    if counts and not all(counts):
        raise MediaError("the AVIF image sequence has a track without frames" + _AGAIN,
                         path=path)


class _Reader:
    """Big-endian unsigned integers of any byte width, read in order from a box."""

    def __init__(self, path: str, data: mmap.mmap, pos: int, end: int) -> None:
        self._path, self._data, self._pos, self._end = path, data, pos, end

    def uint(self, width: int) -> int:
        if self._pos + width > self._end:
            raise MediaError("AVIF item table is cut short" + _AGAIN, path=self._path)
        value = int.from_bytes(self._data[self._pos:self._pos + width], "big")
        self._pos += width
        return value


def _name(kind: bytes) -> str:
    text = kind.decode("latin-1")
    return text if text.isalnum() else repr(kind)
