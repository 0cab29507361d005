"""Bit-level reading of codec headers (H.264/HEVC parameter sets, MPEG-4 VOL, VP9, AV1).

Every read is bounded by the buffer: running past its end raises ``Unsure`` (the caller then
lets ffmpeg decide), never IndexError or an endless loop.
"""

from __future__ import annotations

from crosspost.media.container.common import Unsure

__all__ = ["BitReader", "unescape_nal"]


def unescape_nal(data: bytes) -> bytes:
    """Remove H.264/HEVC emulation prevention bytes (``00 00 03`` -> ``00 00``)."""
    if b"\x00\x00\x03" not in data:
        return data
    out = bytearray()
    zeros = 0
    for byte in data:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


class BitReader:
    """MSB-first reader over bytes, with the Exp-Golomb codes of H.264/HEVC."""

    def __init__(self, data: bytes) -> None:
        self._value = int.from_bytes(data, "big")
        self._size = len(data) * 8
        self.pos = 0

    def u(self, count: int) -> int:
        """``count`` bits as an unsigned integer."""
        if count == 0:
            return 0
        end = self.pos + count
        if end > self._size:
            raise Unsure("codec header ends early")
        self.pos = end
        return (self._value >> (self._size - end)) & ((1 << count) - 1)

    def flag(self) -> bool:
        return self.u(1) == 1

    def skip(self, count: int) -> None:
        if self.pos + count > self._size:
            raise Unsure("codec header ends early")
        self.pos += count

    def ue(self) -> int:
        """Unsigned Exp-Golomb code (at most 32 leading zeros, as the standards allow)."""
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 32:
                raise Unsure("invalid Exp-Golomb code")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self) -> int:
        """Signed Exp-Golomb code."""
        value = self.ue()
        return (value + 1) // 2 if value % 2 else -(value // 2)
