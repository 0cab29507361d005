"""Extended grapheme clusters (UAX #29), the unit Bluesky and Mastodon count in.

Python's ``unicodedata`` lags behind Unicode, so segmentation uses the ``regex`` module's
``\\X``, which follows a recent Unicode version (ZWJ emoji, flags, Indic conjuncts).

``\\X`` alone is slow on long texts (about half a microsecond per cluster, a Python match
object each) and quadratic on runs of regional indicators (125,000 flags took minutes). A
long text is therefore cut into *plain runs* that one regex match takes whole and whose
boundaries follow from each character alone, and only what lies between them goes to
``\\X``. A plain run is a sequence of these units (tests compare every boundary with plain
``\\X``):

* a base (break class Other, LV or LVT) with the marks after it (Extend or SpacingMark, no
  Indic virama) and zero-width joiners not followed by a pictograph (GB9, GB9a);
* a ZWJ emoji sequence: pictographs joined by zero-width joiners, each with its Extend
  characters, then marks as above (GB11);
* a pair of regional indicators with its marks (GB12, GB13: a run starts at a boundary);
* CR LF, and a CR, LF or control character that no mark follows (GB3 to GB5);

and ends where nothing after it can join (no mark, joiner or Hangul V or T jamo follows).
Inside a run a boundary lies before every character except marks, joiners, the second
indicator of a pair, LF after CR and a pictograph after a joiner: one ``str.translate`` and
two ``str.replace`` turn the run into a mask of those, so a megabyte of accented letters or
flags costs no Python object per cluster. Short texts use ``\\X`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import compress, pairwise

import regex

__all__ = ["grapheme_boundaries", "grapheme_count", "grapheme_spans", "graphemes"]

#: Texts up to this many code points are segmented with plain ``\X``: below it the mask's
#: one-time table (tens of milliseconds) costs more than it saves.
LONG_TEXT = 4096

# A plain run: any characters but Prepend, Hangul L, V and T jamo and Indic viramas (InCB
# Linker), which join what follows them or need the characters around them.
_RUN = regex.compile(r"(?>[^\p{GCB=Prepend}\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{InCB=Linker}]+)")
# A run ends at a boundary unless one of these follows (a mark, joiner, V or T jamo, virama).
_JOINS_NEXT = regex.compile(
    r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=V}\p{GCB=T}\p{InCB=Linker}]")
_CLUSTER = regex.compile(r"\X")

# Mask characters: NUL is "no boundary before"; anything else is a boundary, except the
# marks below until _run_mask has resolved them.
_NO_BREAK, _AFTER_CONTROL = "\x00", "\x01"
_INDICATOR, _JOINER, _PICTOGRAPH, _CONTROL, _SPACING = "\x02", "\x03", "\x04", "\x05", "\x06"
_GB11 = regex.compile(r"(?<=\x04\x00*)\x03\x04")  # pictograph Extend* ZWJ x pictograph
_MARK_AFTER_CONTROL = re.compile(r"(?<=[\r\n\x05])[\x00\x03\x06]")  # GB4 before GB9


@cache
def _mask_table() -> dict[int, int]:
    """``str.translate`` table to a run's mask: Extend -> NUL and the mark characters above
    for spacing marks, joiners, indicators, pictographs and controls; CR and LF stay."""
    # Every such character lies in planes 0, 1 and 14 (a test compares with all of
    # Unicode); scanning those is a few tens of milliseconds, once per process.
    chars = "".join(map(chr, range(0x20000))) + "".join(map(chr, range(0xE0000, 0xE1000)))
    table: dict[int, int] = {}
    classes = ((r"\p{Extended_Pictographic}", _PICTOGRAPH),
               (r"\p{GCB=Regional_Indicator}", _INDICATOR), (r"\p{GCB=Control}", _CONTROL),
               (r"\p{GCB=SpacingMark}", _SPACING), (r"\p{GCB=Extend}", _NO_BREAK),
               (r"\p{GCB=ZWJ}", _JOINER))
    for pattern, mark in classes:  # later classes win (none overlap today)
        for m in regex.finditer(rf"{pattern}+", chars):
            table.update(dict.fromkeys(map(ord, m.group()), ord(mark)))
    return table


def _run_mask(run: str) -> str:
    """``run`` (a plain run starting at a boundary) with NUL exactly where no boundary lies
    before the character; the first character is a boundary whatever its mask says."""
    mask = run.translate(_mask_table())
    if _JOINER + _PICTOGRAPH in mask:  # GB11, before anything else changes the mask
        mask = _GB11.sub(_NO_BREAK * 2, mask)
    if _CONTROL in mask or "\r" in mask or "\n" in mask:
        mask = _MARK_AFTER_CONTROL.sub(_AFTER_CONTROL, mask)
        mask = mask.replace("\r\n", "\r" + _NO_BREAK)  # GB3
    if _INDICATOR in mask:  # GB12, GB13: each run of indicators pairs from its start
        mask = mask.replace(_INDICATOR * 2, _INDICATOR + _NO_BREAK)
    if _JOINER in mask:  # GB9
        mask = mask.replace(_JOINER, _NO_BREAK)
    if _SPACING in mask:  # GB9a
        mask = mask.replace(_SPACING, _NO_BREAK)
    return mask


def _pieces(text: str) -> Iterator[tuple[int, int, str | None]]:
    """``(start, end, mask)`` covering ``text`` in order: a plain run with its mask, or one
    cluster of ``\\X`` (mask None)."""
    n = len(text)
    pos = 0
    run_at, cluster_at, joins = _RUN.match, _CLUSTER.match, _JOINS_NEXT.match
    while pos < n:
        run = run_at(text, pos)
        if run is not None:
            end = run.end()
            joined = end < n and joins(text, end) is not None
            if not joined or end - pos > 1:  # (one character joined to the next: \X's)
                mask = _run_mask(run.group())
                if joined:  # the run's last cluster goes on: leave that one to \X
                    end = pos + len(mask.rstrip(_NO_BREAK)) - 1
                    mask = mask[: end - pos]
                if end > pos:
                    yield pos, end, mask
                    pos = end
        cluster = cluster_at(text, pos)
        if cluster is None:  # at the end of the text
            return
        yield pos, cluster.end(), None
        pos = cluster.end()


def grapheme_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code point offsets of each grapheme cluster, in order."""
    return list(pairwise(grapheme_boundaries(text)))


def graphemes(text: str) -> list[str]:
    """The grapheme clusters of ``text``: ``"".join(graphemes(t)) == t``."""
    return [text[start:end] for start, end in grapheme_spans(text)]


def grapheme_count(text: str) -> int:
    """Number of grapheme clusters (what Bluesky's ``graphemeLength`` reports)."""
    if text.isascii():  # every ASCII character is a cluster of its own, except CR LF
        return len(text) - text.count("\r\n")
    if len(text) <= LONG_TEXT:
        return sum(1 for _ in regex.finditer(r"\X", text))
    return _long_count(text)


def grapheme_boundaries(text: str) -> list[int]:
    """Every offset where a cut leaves whole clusters on both sides, including 0 and len."""
    if text.isascii() and "\r" not in text:
        return list(range(len(text) + 1))
    if len(text) <= LONG_TEXT:
        return [0, *(m.end() for m in regex.finditer(r"\X", text))]
    return _long_boundaries(text)


def _long_count(text: str) -> int:
    total = 0
    for start, end, mask in _pieces(text):
        total += 1 if mask is None else end - start - mask.count(_NO_BREAK, 1)
    return total


def _long_boundaries(text: str) -> list[int]:
    bounds = [0]
    for start, end, mask in _pieces(text):
        if mask is not None:  # a plain run: the offsets its mask does not refuse
            selectors = memoryview(mask.encode("utf-32-le", "surrogatepass")).cast("I")
            bounds += compress(range(start + 1, end), selectors[1:])
        bounds.append(end)
    return bounds
