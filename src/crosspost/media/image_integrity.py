"""Does an image's data hold what its header claims? Answered from the structure.

``check`` must refuse an image that ``adapt`` would publish broken: a JPEG whose header claims
9000x9000 but whose data holds a 16x16 picture (libjpeg pads the rest with grey and Pillow
says nothing), a progressive JPEG whose later scans were cut off and the file re-closed (it
decodes, blurred), a PNG whose compressed data ends rows early, or a PNG with a text chunk
that inflates to 200 MB (Pillow only refuses it when the pixels are loaded, in ``adapt``).
A full decode would answer the first question for only some of these files and costs what a
render costs; the structure answers all of them for a fraction of that:

* JPEG: the markers are walked (the entropy-coded data is skipped with one C-level search per
  marker). Each scan that carries DC coefficients spends at least one bit per 8x8 block with
  Huffman coding, so a file whose DC scans are shorter than the header's block count cannot
  hold the image it claims. A progressive file must bring every coefficient of every
  component to full precision; one that does not had scans cut off. A sequential file cut
  part-way and closed again is found by one decode at 1/8 of its size (``jpeg_tail``), a
  progressive file with a scan cut short by two decodes at 1/4 (``jpeg_tail`` too).
* Arithmetic-coded JPEG (SOF9, SOF10 and their differential forms) is refused: its decoder
  reads zeros where data is missing, exactly as it does at the end of an honest scan (the
  encoder leaves trailing zeros out), so a copy cut and closed again decodes without any
  error and no decode can tell. Chrome and Firefox do not display such files either.
* PNG: the chunks are walked with their CRCs; compressed text and colour-profile chunks
  (zTXt, iTXt, iCCP) are inflated in bounded steps and refused past ``max_text_chunk_bytes``
  each or ``max_text_bytes`` in all; the image data is inflated as a stream (never kept:
  memory stays at a few hundred kilobytes) and must fill every row the header claims.

* TIFF and uncompressed BMP: every strip or tile the header points at, or every row, must lie
  inside the file (a copy cut half-way points past its end).

* GIF, WebP and AVIF: their own modules (``gif_integrity``, ``webp_integrity``,
  ``avif_integrity``) walk blocks, chunks or boxes; a GIF's LZW data is also run through
  Pillow's decoder one frame at a time.
"""

from __future__ import annotations

import mmap
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from crosspost.errors import MediaError
from crosspost.media.image_limits import ImageLimits

__all__ = ["check_extent", "check_image_data"]

_AGAIN = "; export it again"


def check_image_data(path: str, fmt: str, limits: ImageLimits) -> None:
    """Raise MediaError when the data of the image at ``path`` disagrees with its header."""
    if fmt in ("JPEG", "MPO"):
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                   access=mmap.ACCESS_READ) as data:
            _check_jpeg(path, data, limits)
    elif fmt == "PNG":
        with open(path, "rb") as handle:
            _check_png(path, handle, limits)
    elif fmt == "GIF":
        from crosspost.media.gif_integrity import check_gif

        check_gif(path, limits)
    elif fmt == "WEBP":
        from crosspost.media.webp_integrity import check_webp

        check_webp(path)
    elif fmt == "AVIF":
        from crosspost.media.avif_integrity import check_avif

        check_avif(path)


def check_extent(path: str, size: int, image: object) -> None:
    """Raise MediaError when an opened TIFF or raw BMP points at data past the file's end."""
    fmt = getattr(image, "format", None)
    ends: list[int] = []
    tags = getattr(image, "tag_v2", None)
    if fmt == "TIFF" and tags is not None:
        for offsets_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
            offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
            if isinstance(offsets, int):
                offsets = (offsets,)
            if isinstance(counts, int):
                counts = (counts,)
            if isinstance(offsets, tuple) and isinstance(counts, tuple):
                ends += [int(o) + int(c) for o, c in zip(offsets, counts, strict=False)]
    elif fmt == "BMP":
        for tile in getattr(image, "tile", None) or ():
            stride = tile.args[1] if tile.codec_name == "raw" and len(tile.args) > 1 else 0
            if isinstance(stride, int) and stride:
                rows = tile.extents[3] - tile.extents[1]
                ends.append(tile.offset + abs(stride) * rows)
    if ends and max(ends) > size:
        raise MediaError(
            f"image is truncated: the {fmt} header points at data up to byte {max(ends):,}, "
            f"but the file has {size:,} bytes (the upload or copy stopped half-way)" + _AGAIN,
            path=path)


# --- JPEG -------------------------------------------------------------------------------

#: A marker inside entropy-coded data: 0xFF not followed by a stuffed zero, a restart marker
#: or another fill byte.
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
_ARITHMETIC = frozenset({0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_LOSSLESS = frozenset({0xC3, 0xC7, 0xCB, 0xCF})
_HUFFMAN_SEQUENTIAL = frozenset({0xC0, 0xC1})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_RESTART = re.compile(rb"\xff[\xd0-\xd7]")


@dataclass(frozen=True)
class _Frame:
    marker: int
    width: int
    height: int
    components: dict[int, tuple[int, int]]  # id -> (horizontal, vertical) sampling

    def blocks(self, ids: list[int]) -> int:
        """8x8 blocks a scan of ``ids`` codes (interleaved scans code whole MCUs)."""
        hmax = max(h for h, _ in self.components.values())
        vmax = max(v for _, v in self.components.values())
        if len(ids) == 1:
            h, v = self.components[ids[0]]
            return _up(_up(self.width * h, hmax), 8) * _up(_up(self.height * v, vmax), 8)
        mcus = _up(self.width, 8 * hmax) * _up(self.height, 8 * vmax)
        return mcus * sum(h * v for h, v in (self.components[i] for i in ids))


def _up(a: int, b: int) -> int:
    """a / b rounded up."""
    return -(-a // b)


@dataclass(frozen=True)
class _Scan:
    ids: list[int]
    start: int  # spectral selection Ss..Se
    end: int
    high: int  # successive approximation Ah, Al
    low: int
    data_bytes: int
    stop: int  # offset of the marker that ends the scan's entropy-coded data
    restarts: int  # restart markers in the scan's data
    interval: int  # MCUs between restart markers (DRI in effect), 0 for none


def _check_jpeg(path: str, data: mmap.mmap, limits: ImageLimits) -> None:
    frame: _Frame | None = None
    scans: list[_Scan] = []
    interval = 0
    for marker, segment, after in _jpeg_segments(path, data):
        if marker in _SOF and frame is None:
            frame = _frame(path, marker, segment)
        elif marker == 0xDD and len(segment) >= 2:
            interval = (segment[0] << 8) | segment[1]
        elif marker == 0xDA:
            if frame is None:
                raise MediaError("JPEG has image data before its frame header" + _AGAIN,
                                 path=path)
            scans.append(_scan(path, frame, segment, data, after, interval))
    if frame is None or frame.marker in _LOSSLESS:
        return  # Pillow names a missing frame header; lossless JPEG is not ours to judge
    if frame.marker in _ARITHMETIC:
        raise MediaError(
            f"is an arithmetic-coded JPEG (SOF{frame.marker - 0xC0}), which crosspost refuses: "
            "a copy cut short and closed again decodes without any error (the decoder reads "
            "zeros where data is missing), so its data cannot be checked, and Chrome and Firefox "
            "do not display such files; expected a JPEG with standard (Huffman) coding: "
            "convert it without loss with 'jpegtran -copy all', or export it again", path=path)
    if not scans:
        raise MediaError("JPEG has a header but no image data" + _AGAIN, path=path)
    _enough_data(path, frame, scans)
    _complete(path, frame, scans)
    _refuse_coefficients(path, frame, scans, limits)
    if frame.marker in _HUFFMAN_SEQUENTIAL:
        _all_restarts(path, frame, scans)
        from crosspost.media.jpeg_tail import check_jpeg_tail

        check_jpeg_tail(path, data, scans[-1].stop, frame.height)
    elif frame.marker == 0xC2:
        from crosspost.media.jpeg_tail import check_progressive_tail

        check_progressive_tail(path, data, [scan.stop for scan in scans], frame.height)


def _refuse_coefficients(path: str, frame: _Frame, scans: list[_Scan],
                         limits: ImageLimits) -> None:
    """A JPEG in several scans (progressive, or sequential with its components apart) is
    held whole by libjpeg as DCT coefficients while it decodes, at whatever size it is
    decoded: a 1 MB progressive file of 100 MP takes 572 MiB even for a 1/8 draft. That
    memory must fit the byte budget too."""
    if frame.marker not in _PROGRESSIVE and len(scans) < 2:
        return  # one interleaved scan: decoded a row of blocks at a time
    held = _coefficient_bytes(frame)
    if held <= limits.max_decoded_bytes:
        return
    kind = "progressive" if frame.marker in _PROGRESSIVE else f"in {len(scans)} scans"
    raise MediaError(
        f"JPEG is {frame.width}x{frame.height} and {kind}: decoding it at any size holds all "
        f"its DCT coefficients, {held / 2**20:,.0f} MiB, more than the budget of "
        f"{limits.max_decoded_bytes / 2**20:,.0f} MiB (limits.image_decoded_bytes); export it "
        "as a baseline (not progressive) JPEG, or scale it down", path=path)


def _coefficient_bytes(frame: _Frame) -> int:
    """Memory libjpeg keeps for a progressive file's coefficients: two bytes for each of the
    64 coefficients of every block of every component, whatever the output size."""
    return 128 * sum(frame.blocks([ident]) for ident in frame.components)


def _jpeg_segments(path: str, data: mmap.mmap) -> Iterator[tuple[int, bytes, int]]:
    """(marker, segment payload, offset after it) up to the first EOI; entropy data skipped."""
    size = len(data)
    if data[:2] != b"\xff\xd8":
        raise MediaError("JPEG does not start with its start-of-image marker" + _AGAIN,
                         path=path)
    pos = 2
    while pos < size:
        if data[pos] != 0xFF:
            found = _MARKER.search(data, pos)  # entropy-coded data (or junk) until a marker
            if found is None:
                return
            pos = found.start()
            continue
        while pos + 1 < size and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 1 >= size:
            return
        marker = data[pos + 1]
        pos += 2
        if marker == 0xD9:
            return
        if marker in _STANDALONE or marker == 0x00:
            continue
        if pos + 2 > size:
            return
        length = (data[pos] << 8) | data[pos + 1]
        if length < 2 or pos + length > size:
            raise MediaError(f"JPEG segment 0x{marker:02X} at byte {pos - 2} runs past the end "
                             "of the file" + _AGAIN, path=path)
        yield marker, bytes(data[pos + 2:pos + length]), pos + length
        pos += length


def _frame(path: str, marker: int, segment: bytes) -> _Frame:
    if len(segment) < 6:
        raise MediaError("JPEG frame header is cut short" + _AGAIN, path=path)
    height, width, count = struct.unpack(">HHB", segment[1:6])
    if len(segment) < 6 + 3 * count or count == 0:
        raise MediaError("JPEG frame header is cut short" + _AGAIN, path=path)
    components = {}
    for i in range(count):
        ident, sampling = segment[6 + 3 * i], segment[7 + 3 * i]
        h, v = sampling >> 4, sampling & 15
        if not (1 <= h <= 4 and 1 <= v <= 4):
            raise MediaError(f"JPEG component {ident} has sampling {h}x{v}; "
                             "expected 1 to 4" + _AGAIN, path=path)
        components[ident] = (h, v)
    return _Frame(marker, width, height, components)


def _scan(path: str, frame: _Frame, segment: bytes, data: mmap.mmap, after: int,
          interval: int) -> _Scan:
    count = segment[0] if segment else 0
    if count == 0 or len(segment) < 1 + 2 * count + 3:
        raise MediaError("JPEG scan header is cut short" + _AGAIN, path=path)
    ids = [segment[1 + 2 * i] for i in range(count)]
    unknown = [i for i in ids if i not in frame.components]
    if unknown:
        raise MediaError(f"JPEG scan names component {unknown[0]}, which the frame header "
                         "does not have" + _AGAIN, path=path)
    start, end, approx = segment[1 + 2 * count:4 + 2 * count]
    found = _MARKER.search(data, after)
    stop = found.start() if found is not None else len(data)
    restarts = len(_RESTART.findall(data, after, stop)) if interval else 0
    return _Scan(ids, start, end, approx >> 4, approx & 15, stop - after, stop, restarts,
                 interval)


def _enough_data(path: str, frame: _Frame, scans: list[_Scan]) -> None:
    """Every DC scan codes each block in at least one bit: fewer bytes cannot hold the image."""
    for scan in scans:
        if scan.start != 0:
            continue
        blocks = frame.blocks(scan.ids)
        if scan.data_bytes * 8 < blocks:
            held = scan.data_bytes * 8 * 64
            raise MediaError(
                f"image data disagrees with its header: the JPEG header says "
                f"{frame.width}x{frame.height} pixels, but its data can hold at most "
                f"{held:,} pixels ({scan.data_bytes:,} bytes for {blocks:,} blocks); the file "
                "was cut or its header altered" + _AGAIN, path=path)


def _all_restarts(path: str, frame: _Frame, scans: list[_Scan]) -> None:
    """A sequential scan with a restart interval has a marker after every interval but the
    last: fewer means its data was cut (libjpeg decodes the rest grey)."""
    for scan in scans:
        if not scan.interval:
            continue
        blocks = frame.blocks(scan.ids)
        mcus = blocks if len(scan.ids) == 1 else blocks // sum(
            h * v for h, v in (frame.components[i] for i in scan.ids))
        needed = _up(mcus, scan.interval) - 1
        if scan.restarts < needed:
            raise MediaError(
                f"image data disagrees with its header: the JPEG's data ends before its last "
                f"block: it has {scan.restarts:,} of the {needed:,} restart markers its "
                f"{frame.width}x{frame.height} pixels need, and the rest decodes grey (the "
                "file was cut and closed again)" + _AGAIN, path=path)


def _complete(path: str, frame: _Frame, scans: list[_Scan]) -> None:
    """Every component appears in a scan; a progressive file brings every coefficient of
    every component to full precision (successive approximation down to bit 0)."""
    if frame.marker not in _PROGRESSIVE:
        missing = set(frame.components) - {i for s in scans for i in s.ids}
        if missing:
            raise MediaError(f"JPEG has no data for component {min(missing)}" + _AGAIN,
                             path=path)
        return
    lowest: dict[int, list[int]] = {i: [99] * 64 for i in frame.components}
    for scan in scans:
        for ident in scan.ids:
            bits = lowest[ident]
            for k in range(scan.start, min(scan.end, 63) + 1):
                bits[k] = min(bits[k], scan.low)
    for ident, bits in lowest.items():
        short = [k for k, bit in enumerate(bits) if bit != 0]
        if short:
            what = "never arrive" if bits[short[0]] == 99 else "never reach full precision"
            raise MediaError(
                f"progressive JPEG is missing scans: coefficients {short[0]}-{short[-1]} of "
                f"component {ident} {what} (the file was cut and closed again, so it decodes "
                "blurred)" + _AGAIN, path=path)


# --- PNG --------------------------------------------------------------------------------

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_STEP = 256 * 1024  # inflate in steps of this many bytes: memory stays bounded
#: Adam7 passes: (x start, y start, x step, y step).
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def _check_png(path: str, handle: object, limits: ImageLimits) -> None:
    read = handle.read  # type: ignore[attr-defined]
    if read(8) != _SIGNATURE:
        raise MediaError("PNG signature is wrong" + _AGAIN, path=path)
    expected = 0
    pixels: zlib._Decompress | None = None
    inflated = 0
    text_total = 0
    while True:
        head = read(8)
        if len(head) < 8:
            raise MediaError("PNG ends before its IEND chunk" + _AGAIN, path=path)
        length, kind = struct.unpack(">I4s", head)
        texty = kind in (b"zTXt", b"iTXt", b"iCCP", b"tEXt")
        if texty and length > limits.max_text_chunk_bytes + _STEP:
            raise MediaError(
                f"PNG {_name(kind)} chunk takes {length:,} bytes, more than "
                f"{_mib(limits.max_text_chunk_bytes)} (limits.png_text_chunk_bytes); export it "
                "again without that metadata", path=path)
        checksum = zlib.crc32(kind)
        kept: list[bytes] = []
        left = length
        while left:
            piece = read(min(left, _STEP))
            if not piece:
                raise MediaError(f"PNG {_name(kind)} chunk runs past the end of the file"
                                 + _AGAIN, path=path)
            left -= len(piece)
            checksum = zlib.crc32(piece, checksum)
            if kind == b"IDAT" and pixels is not None:
                inflated += _inflate(path, pixels, piece, expected - inflated)
            elif texty or kind == b"IHDR":
                kept.append(piece)
        crc = read(4)
        if len(crc) < 4:
            raise MediaError(f"PNG {_name(kind)} chunk runs past the end of the file" + _AGAIN,
                             path=path)
        if checksum != struct.unpack(">I", crc)[0]:
            raise MediaError(f"PNG {_name(kind)} chunk is corrupt (its checksum does not "
                             "match)" + _AGAIN, path=path)
        if kind == b"IHDR":
            expected = _raw_size(path, b"".join(kept))
            pixels = zlib.decompressobj()
        elif texty:
            text_total += _text_size(path, kind, b"".join(kept), limits)
            if text_total > limits.max_text_bytes:
                raise MediaError(
                    f"PNG text and profile chunks hold more than {_mib(limits.max_text_bytes)} "
                    "in all (limits.png_text_bytes); export it again without that metadata",
                    path=path)
        elif kind == b"IEND":
            break
    if pixels is None:
        raise MediaError("PNG has no IHDR header chunk" + _AGAIN, path=path)
    if inflated < expected:
        raise MediaError(
            f"image data disagrees with its header: the PNG's data holds {inflated:,} of the "
            f"{expected:,} bytes its header's size needs (the file was cut or its header "
            "altered)" + _AGAIN, path=path)


def _raw_size(path: str, header: bytes) -> int:
    """Bytes the inflated image data must have: rows of filter byte plus samples."""
    if len(header) < 13:
        raise MediaError("PNG header chunk is cut short" + _AGAIN, path=path)
    width, height, depth, colour, _, _, interlace = (
        int(v) for v in struct.unpack(">IIBBBBB", header[:13]))
    bits = depth * _CHANNELS.get(colour, 1)
    if interlace != 1:
        return height * (1 + -(-width * bits // 8))
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        across = -(-(width - x0) // dx) if width > x0 else 0
        down = -(-(height - y0) // dy) if height > y0 else 0
        if across and down:
            total += down * (1 + -(-across * bits // 8))
    return total


def _inflate(path: str, stream: zlib._Decompress, data: bytes, wanted: int) -> int:
    """Inflate ``data`` into the void, at most ``wanted`` bytes; how many came out."""
    try:
        return _drain(stream, data, wanted)
    except zlib.error as exc:
        raise MediaError(f"PNG image data is corrupt ({exc})" + _AGAIN, path=path) from None


def _drain(stream: zlib._Decompress, data: bytes, wanted: int) -> int:
    """Bytes ``data`` inflates to, counted in bounded steps and never past ``wanted``."""
    got = 0
    while data and got < wanted:
        out = stream.decompress(data, min(_STEP, wanted - got))
        got += len(out)
        data = stream.unconsumed_tail
        if not out and not data:
            break
    return got


def _text_size(path: str, kind: bytes, body: bytes, limits: ImageLimits) -> int:
    """Bytes a text or profile chunk takes once read; compressed ones inflated in bounded
    steps and refused past the per-chunk limit."""
    name, _, rest = body.partition(b"\0")
    label = f"PNG {_name(kind)} chunk {name[:40].decode('latin-1')!r}"
    if kind == b"tEXt":
        packed, compressed = rest, False
    elif kind == b"iTXt":
        compressed = rest[:1] == b"\x01"
        # flag, method, language tag NUL, translated keyword NUL, text
        parts = rest[2:].split(b"\0", 2)
        packed = parts[2] if len(parts) == 3 else b""
    else:  # zTXt and iCCP: method byte, then the compressed data
        packed, compressed = rest[1:], True
    inflated = _inflated_size(packed, limits.max_text_chunk_bytes + 1) if compressed else len(
        packed)
    if inflated is None:
        raise MediaError(f"{label} is not valid compressed data" + _AGAIN, path=path)
    size = inflated
    if size > limits.max_text_chunk_bytes:
        raise MediaError(
            f"{label} holds more than {_mib(limits.max_text_chunk_bytes)} of text once "
            "inflated (limits.png_text_chunk_bytes; a compressed text bomb); export it again "
            "without that metadata", path=path)
    return size


def _inflated_size(packed: bytes, cap: int) -> int | None:
    try:
        return _drain(zlib.decompressobj(), packed, cap)
    except zlib.error:
        return None


def _name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalpha() else repr(kind)


def _mib(size: int) -> str:
    return f"{size / 2**20:g} MiB"
