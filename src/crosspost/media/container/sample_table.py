"""Where an MP4 track's samples lie: its sample tables read once, every sample inside the file.

The tables (``stsz`` sizes, ``stsc`` samples per chunk, ``stco``/``co64`` chunk offsets) are
turned into one row per chunk that holds samples (its offset and first sample) and the sizes
summed up to each sample, so any sample is found with one bisection (``locate``) and the
check that every sample lies inside the file costs a few passes at C speed (``array``,
``map``), not a Python loop per sample: a 30 s clip has about a thousand chunks.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import add, eq, le, lt, mul, sub

from crosspost.media.container.common import Unsure

__all__ = ["SampleTable", "chunk_offsets", "sample_table", "spread", "sync_samples"]

Boxes = dict[bytes, tuple[int, int]]


@dataclass(frozen=True)
class SampleTable:
    """A track's samples: ``count`` of them, each inside the file."""

    count: int
    chunks: list[int]  # offset of each chunk that holds samples, in table order
    firsts: list[int]  # the first sample of each of those chunks, then ``count``
    prefix: Sequence[int] | None  # bytes of the samples before each sample (None: uniform)
    uniform: int  # the size of every sample when the table gives one size
    descriptions: frozenset[int]  # the sample description indices (1-based) chunks use

    def locate(self, index: int) -> tuple[int, int]:
        """Offset and size of sample ``index`` (0-based)."""
        if not 0 <= index < self.count:
            raise Unsure("sample outside the track")
        chunk = bisect_right(self.firsts, index) - 1
        first = self.firsts[chunk]
        if self.prefix is None:
            return self.chunks[chunk] + (index - first) * self.uniform, self.uniform
        before = self.prefix[index] - self.prefix[first]
        return self.chunks[chunk] + before, self.prefix[index + 1] - self.prefix[index]


def _numbers(data: bytes, code: str, count: int) -> Sequence[int]:
    """``count`` big-endian unsigned integers (``code``: ``I`` or ``Q``) at C speed."""
    values = array(code)
    if values.itemsize != struct.calcsize(">" + code):
        return [v for (v,) in struct.iter_unpack(">" + code, data[: count * values.itemsize])]
    values.frombytes(data[: count * values.itemsize])
    if sys.byteorder == "little":
        values.byteswap()
    return values


def sample_table(moov: bytes, boxes: Boxes, size: int) -> SampleTable:
    """The sample table of an ``stbl`` whose children are ``boxes`` (type: payload range in
    ``moov``); Unsure when a table is missing, cut short, or a sample lies past ``size``."""
    if b"stsz" not in boxes or b"stsc" not in boxes:
        raise Unsure("track without a sample size or sample-to-chunk table")
    s, e = boxes[b"stsz"]
    if e - s < 12:
        raise Unsure("stsz cut short")
    uniform, count = struct.unpack(">II", moov[s + 4 : s + 12])
    prefix: list[int] | None = None
    if not uniform:
        if s + 12 + 4 * count > e:
            raise Unsure("stsz cut short")
        prefix = [0, *accumulate(_numbers(moov[s + 12 : s + 12 + 4 * count], "I", count))]
    offsets = chunk_offsets(moov, boxes)
    s, e = boxes[b"stsc"]
    runs = struct.unpack(">I", moov[s + 4 : s + 8])[0] if e - s >= 8 else 0
    if s + 8 + 12 * runs > e:
        raise Unsure("stsc cut short")
    if not runs:
        if count:
            raise Unsure("chunks hold fewer samples than the track has")
        return SampleTable(0, [], [0], prefix, uniform, frozenset())
    table = _numbers(moov[s + 8 : s + 8 + 12 * runs], "I", 3 * runs)
    starts, per_chunk, described = table[0::3], table[1::3], table[2::3]
    # a run lasts from its first chunk (1-based) to the next run's; the last, to the last chunk
    if (starts[0] < 1 or starts[-1] > len(offsets) + 1
            or not all(map(le, starts, starts[1:]))):
        raise Unsure("stsc out of step with the chunk offsets")
    lengths = list(map(sub, [*starts[1:], len(offsets) + 1], starts))
    skipped = starts[0] - 1  # chunks before the first run hold no samples
    if max(offsets[skipped:], default=0) > size:
        raise Unsure("chunk past the end of the file")
    firsts = [0, *accumulate(chain.from_iterable(map(repeat, per_chunk, lengths)))]
    if firsts[-1] < count:
        raise Unsure("chunks hold fewer samples than the track has")
    holding = bisect_left(firsts, count)  # chunks from here on hold none of the samples
    del firsts[holding:]
    firsts.append(count)
    chunks = offsets[skipped : skipped + holding]
    at = (list(map(mul, firsts, repeat(uniform))) if prefix is None
          else list(map(prefix.__getitem__, firsts)))
    if max(map(add, chunks, map(sub, at[1:], at[:-1])), default=0) > size:
        raise Unsure("samples past the end of the file")
    return SampleTable(int(count), chunks, firsts, prefix, uniform,
                       _descriptions(described, per_chunk, lengths))


def _descriptions(described: Sequence[int], per_chunk: Sequence[int],
                  lengths: list[int]) -> frozenset[int]:
    """The sample description indices of the runs that hold samples."""
    if all(map(eq, described, repeat(described[0]))):
        return frozenset(described[:1])
    return frozenset(d for d, n, c in zip(described, per_chunk, lengths, strict=True) if n and c)


def chunk_offsets(moov: bytes, boxes: Boxes) -> list[int]:
    kind, code = (b"stco", "I") if b"stco" in boxes else (b"co64", "Q")
    if kind not in boxes:
        raise Unsure("track without chunk offsets")
    s, e = boxes[kind]
    count = struct.unpack(">I", moov[s + 4 : s + 8])[0] if e - s >= 8 else 0
    step = 4 if code == "I" else 8
    if s + 8 + step * count > e:
        raise Unsure("chunk offsets cut short")
    return list(_numbers(moov[s + 8 : s + 8 + step * count], code, count))


def sync_samples(moov: bytes, boxes: Boxes, count: int) -> Sequence[int]:
    """The key frames (0-based sample indices, ascending) the sync sample table ``stss``
    lists; every sample when there is none (then every sample is a key frame)."""
    if b"stss" not in boxes:
        return range(count)
    s, e = boxes[b"stss"]
    entries = struct.unpack(">I", moov[s + 4 : s + 8])[0] if e - s >= 8 else 0
    if s + 8 + 4 * entries > e:
        raise Unsure("stss cut short")
    numbers = _numbers(moov[s + 8 : s + 8 + 4 * entries], "I", entries)
    if entries and (numbers[0] < 1 or numbers[-1] > count
                    or not all(map(lt, numbers, numbers[1:]))):
        raise Unsure("stss not ascending or outside the track")
    return [n - 1 for n in numbers]


def spread(keys: Sequence[int], count: int, wanted: int) -> list[int]:
    """The first sample, then the first key frame at or after each of ``wanted`` points spaced
    evenly over the ``count`` samples, and the last key frame: at most ``wanted + 2`` samples
    spread over the track's time, found by bisection (``keys`` ascending)."""
    picked = {0}
    for step in range(wanted):
        at = bisect_left(keys, step * count // wanted)
        if at < len(keys):
            picked.add(keys[at])
    if keys:
        picked.add(keys[-1])
    return sorted(picked)
