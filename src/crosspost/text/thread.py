"""``split_thread``: cut a long post into numbered parts for platforms that thread replies.

* A line holding only ``---`` (spaces around it allowed) is a manual split: the text before
  and after it always go to different parts. It is the one marker; ``🧵`` is ordinary text.
* Text that fits in one part (and has no marker) comes back as ``[text]``, unnumbered.
* Otherwise parts are filled greedily with whole sentences; a sentence longer than a part is
  split at word boundaries, and a word longer than a part at grapheme boundaries. URLs,
  hashtags, mentions and emoji sequences are never split.
* With ``numbering`` each part ends with `` i/n``, and that suffix counts against every limit.
  Its width depends on ``n``, so packing is repeated with the count found until it is stable
  (more parts never make the suffix shorter, so this converges).
* Deterministic: the same input always gives the same parts. An entity or grapheme that
  cannot fit in a part even on its own raises ``ValueError``.

``thread_split`` returns the parts with how each was cut (at a marker, a sentence end,
between words or inside a word), so that a summary says where the text was really cut.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from .counting import Limits, Method, fits, normalize_limits
from .cuts import Cuts, largest_fitting
from .sentences import sentence_ends

__all__ = ["DEFAULT_MARKER", "ThreadSplit", "split_thread", "thread_split"]

DEFAULT_MARKER = r"^[ \t]*---[ \t]*\r?$"
_MAX_ROUNDS = 64
# Characters per unit of the largest limit in the first window a part is searched in.
_FIRST_WINDOW = 2


Cut = str  # "marker", "sentence", "word" or "grapheme": where a part ends


@dataclass(frozen=True)
class ThreadSplit:
    """The parts of a thread and where each part but the last was cut."""

    parts: list[str]
    cuts: tuple[Cut, ...] = ()

    @property
    def where(self) -> str:
        """Where the text was cut, in words: "at sentence boundaries" where every cut is a
        sentence end, else each kind counted ("at 2 sentence ends and 1 point between
        words"), so a summary never claims sentence boundaries for a cut inside one."""
        if set(self.cuts) <= {"sentence"}:
            return "at sentence boundaries"
        said = []
        for kind, one, many in (
                ("marker", "the marker in the text", "the markers in the text"),
                ("sentence", "1 sentence end", "{} sentence ends"),
                ("word", "1 point between words", "{} points between words"),
                ("grapheme", "1 point inside a word", "{} points inside a word")):
            n = self.cuts.count(kind)
            if n:
                said.append(one if n == 1 else many.format(n))
        return "at " + (said[0] if len(said) == 1 else
                        ", ".join(said[:-1]) + " and " + said[-1])


@dataclass(frozen=True)
class _Segment:
    text: str
    cuts: Cuts
    sentence_ends: tuple[int, ...]


def split_thread(
    text: str,
    limits: Limits,
    *,
    numbering: bool = True,
    marker_regex: str | regex.Pattern[str] = DEFAULT_MARKER,
) -> list[str]:
    """Split ``text`` into parts that each meet every limit (see module doc)."""
    return thread_split(text, limits, numbering=numbering, marker_regex=marker_regex).parts


def thread_split(
    text: str,
    limits: Limits,
    *,
    numbering: bool = True,
    marker_regex: str | regex.Pattern[str] = DEFAULT_MARKER,
) -> ThreadSplit:
    """``split_thread``'s parts, with where each part but the last was cut."""
    wanted = normalize_limits(limits)
    marker = (
        regex.compile(marker_regex, regex.MULTILINE)
        if isinstance(marker_regex, str)
        else marker_regex
    )
    pieces = _split_on(marker, text)
    if len(pieces) == 1 and fits(text, wanted):
        return ThreadSplit([text])
    stripped = [p.strip() for p in pieces]
    segments = [_segment(s) for s in stripped if s]
    if not segments:
        return ThreadSplit([])
    if len(segments) == 1 and fits(segments[0].text, wanted):
        return ThreadSplit([segments[0].text])
    if not numbering:
        parts, cuts = _pack(segments, wanted, 0)
        return ThreadSplit(parts, tuple(cuts[:-1]))
    total = 1
    for _ in range(_MAX_ROUNDS):
        parts, cuts = _pack(segments, wanted, total)
        if len(parts) <= total:
            break
        total = len(parts)
    if len(parts) == 1:
        return ThreadSplit(parts)
    return ThreadSplit([f"{part} {i}/{len(parts)}" for i, part in enumerate(parts, 1)],
                       tuple(cuts[:-1]))


def _split_on(marker: regex.Pattern[str], text: str) -> list[str]:
    pieces, last = [], 0
    for m in marker.finditer(text):
        pieces.append(text[last : m.start()])
        last = m.end()
    pieces.append(text[last:])
    return pieces


def _segment(text: str) -> _Segment:
    cuts = Cuts(text)
    ends = tuple(e for e in sentence_ends(text) if cuts.allowed(e))
    return _Segment(text, cuts, ends)


def _pack(segments: list[_Segment], wanted: dict[Method, int], total: int
          ) -> tuple[list[str], list[Cut]]:
    """Greedy packing; ``total`` is the part count the suffixes claim (0: no numbering).
    Returns the parts and how each ends (a segment's end is a marker)."""
    parts: list[str] = []
    cuts: list[Cut] = []
    for seg in segments:
        pos = 0
        while True:
            while pos < len(seg.text) and seg.text[pos].isspace():
                pos += 1
            if pos >= len(seg.text):
                break
            suffix = f" {len(parts) + 1}/{total}" if total else ""
            end, cut = _next_end(seg, pos, suffix, wanted)
            parts.append(seg.text[pos:end].rstrip())
            cuts.append("marker" if not seg.text[end:].strip() else cut)
            pos = end
    return parts, cuts


def _next_end(seg: _Segment, pos: int, suffix: str, wanted: dict[Method, int]
              ) -> tuple[int, Cut]:
    """End of the part starting at ``pos``: sentences, else words, else graphemes.

    Only candidates inside a window after ``pos`` are measured, and the window grows (x4)
    while all of it still fits, so a part costs time in proportion to its own length and
    splitting stays n log n on megabyte texts (measuring every remaining candidate made it
    quadratic).
    """

    def ok(end: int) -> bool:
        return fits(seg.text[pos:end].rstrip() + suffix, wanted)

    text = seg.text
    window = _FIRST_WINDOW * max(1, *wanted.values())
    stop = min(len(text), pos + window)
    while stop < len(text) and ok(stop):
        window *= 4
        stop = min(len(text), pos + window)
    ends = seg.sentence_ends
    after = bisect_right(ends, pos)
    sentence = list(ends[after : bisect_right(ends, stop)])
    end = largest_fitting(sentence, ok)
    if end is not None:
        return end, "sentence"
    first = min(ends[after] if after < len(ends) else len(text), stop)
    words = seg.cuts.word_ends(pos, first)
    end = largest_fitting(words, ok)
    if end is not None:
        return end, "word"
    limit = words[0] if words else first
    bounds = seg.cuts.boundaries
    graphemes = bounds[bisect_right(bounds, pos) : bisect_right(bounds, limit)]
    end = largest_fitting(graphemes, ok)
    if end is not None:
        return end, "grapheme"
    piece = text[pos:limit]
    raise ValueError(f"cannot fit {piece[:40]!r} in one thread part: it is longer than a limit")
