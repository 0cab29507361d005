"""EBML, the element syntax of Matroska and WebM: bounded reads of IDs, sizes and children.

An element is an ID and a size (variable-length integers, RFC 8794) and its payload. Every read
is checked against the parent's end and the file; a size that does not fit, an unknown size
where a known one is needed, or too many children raise ``Unsure`` (the probe then asks
ffmpeg), never IndexError or an endless loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from crosspost.media.container.common import Unsure

__all__ = ["EBML_MAGIC", "children", "element_at", "group_prefix", "header", "read_payload",
           "uint", "vint"]

#: The ID of the EBML header element, the first bytes of every Matroska and WebM file.
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
MAX_ELEMENT = 16 << 20
_MAX_CHILDREN = 4096


def vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int, bool]:
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


def header(data: bytes, pos: int) -> tuple[int, int, int | None]:
    ident, pos, _ = vint(data, pos, keep_marker=True)
    size, pos, unknown = vint(data, pos, keep_marker=False)
    return ident, pos, None if unknown else size


def element_at(handle: BinaryIO, pos: int, limit: int) -> tuple[int, int, int]:
    handle.seek(pos)
    ident, data, size = header(handle.read(12), 0)
    if size is None:
        raise Unsure("element of unknown size")
    if pos + data + size > limit:
        raise Unsure("element larger than its parent")
    return ident, pos + data, pos + data + size


def read_payload(handle: BinaryIO, start: int, end: int) -> bytes:
    if end - start > MAX_ELEMENT:
        raise Unsure("oversized header element")
    handle.seek(start)
    payload = handle.read(end - start)
    if len(payload) != end - start:
        raise Unsure("element cut short")
    return payload


def children(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[int, bytes]]:
    pos, stop = start, len(data) if end is None else end
    for _ in range(_MAX_CHILDREN):
        if pos >= stop:
            return
        ident, inner, size = header(data, pos)
        if size is None or inner + size > stop:
            raise Unsure("child element outside its parent")
        yield ident, data[inner : inner + size]
        pos = inner + size
    raise Unsure("too many child elements")


def uint(payload: bytes) -> int:
    if len(payload) > 8:
        raise Unsure("integer element too long")
    return int.from_bytes(payload, "big")


def group_prefix(group: bytes) -> int:
    """Length of the whole child elements at the start of a (possibly clipped) BlockGroup."""
    pos = 0
    while pos < len(group):
        try:
            _, inner, size = header(group, pos)
        except Unsure:
            break
        if size is None or inner + size > len(group):
            break
        pos = inner + size
    return pos
