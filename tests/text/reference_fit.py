"""The plain ``fit`` before it was windowed (issue #17 item 4): every candidate cut of the
whole text, each moved back over dangling punctuation. Quadratic-ish on megabyte texts, so
used only as the oracle the windowed ``fit`` is compared with on generated posts."""

# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable

import regex

from crosspost.text.counting import Limits, fits, measure, normalize_limits
from crosspost.text.cuts import largest_fitting
from crosspost.text.entities import entities
from crosspost.text.fit import CutKind, FitResult
from crosspost.text.graphemes import grapheme_boundaries
from crosspost.text.sentences import sentence_ends

Protected = Iterable["str | tuple[int, int]"]

_WORD_GAP = regex.compile(r"\s+")
# Trailing characters that dangle once the text after them is gone: opening brackets and
# quotes, dashes, and separators. Closing punctuation and . ! ? stay.
_DANGLING_CATEGORIES = frozenset({"Ps", "Pi", "Pd"})
_DANGLING = frozenset(",;:")
_DANGLING_AFTER_SPACE = frozenset("\"'#@&/\\|+=*~<^_")


class Cuts:
    """The allowed cut offsets of one text."""

    def __init__(self, text: str, protected: Protected | None = None) -> None:
        self.text = text
        found = entities(text)
        self.url_ends = frozenset(e.end for e in found if e.kind == "url")
        spans = [(e.start, e.end) for e in found] + _spans_of(text, protected)
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):  # merge into disjoint spans
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)
        self.boundaries = self._outside(grapheme_boundaries(text))
        self._boundary_set = frozenset(self.boundaries)

    def _outside(self, offsets: list[int]) -> list[int]:
        """The sorted ``offsets`` that are not strictly inside a span (slices, not a loop)."""
        kept: list[int] = []
        at = 0
        for start, end in zip(self._starts, self._ends, strict=True):
            cut = bisect.bisect_right(offsets, start, at)
            kept += offsets[at:cut]
            at = max(cut, bisect.bisect_left(offsets, end, cut))
        kept += offsets[at:]
        return kept

    def inside(self, offset: int) -> bool:
        """True when ``offset`` falls strictly inside a protected span."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and self._starts[i] < offset < self._ends[i]

    def allowed(self, offset: int) -> bool:
        return offset in self._boundary_set

    def floor(self, offset: int) -> int:
        """The largest allowed cut <= ``offset``."""
        return self.boundaries[bisect.bisect_right(self.boundaries, offset) - 1]

    def word_ends(self, start: int = 0, stop: int | None = None) -> list[int]:
        """Allowed offsets in ``(start, stop]`` where whitespace follows a non-space."""
        stop = len(self.text) if stop is None else stop
        return [
            m.start()
            for m in _WORD_GAP.finditer(self.text, start, stop)
            if m.start() > start and self.allowed(m.start())
        ]

    def protected_end_before(self, offset: int) -> int:
        """End of the last protected span ending at or before ``offset`` (0 if none)."""
        i = bisect.bisect_right(self._ends, offset) - 1
        return self._ends[i] if i >= 0 else 0

    def clean_end(self, end: int, start: int = 0) -> int:
        """Move ``end`` back over trailing whitespace and dangling punctuation.

        Never into a protected span (a URL may end in ``-`` or ``/``) and never below
        ``start``; the result is an allowed cut.
        """
        floor = max(start, self.protected_end_before(end))
        text = self.text
        while end > floor and _dangles(text, end - 1, start):
            end -= 1
        return max(start, self.floor(end)) if end > start else start


def _dangles(text: str, i: int, start: int) -> bool:
    """Whether ``text[i]`` is pointless as the last character of a shortened text."""
    ch = text[i]
    if ch.isspace() or ch in _DANGLING or unicodedata.category(ch) in _DANGLING_CATEGORIES:
        return True
    # "#", "@", "/" ... alone after a space; "C#" or "and/or" keep theirs.
    return ch in _DANGLING_AFTER_SPACE and (i == start or text[i - 1].isspace())


def _spans_of(text: str, protected: Protected | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for item in protected or ():
        if isinstance(item, str):
            if not item:
                continue
            at = text.find(item)
            while at >= 0:
                spans.append((at, at + len(item)))
                at = text.find(item, at + len(item))
        else:
            start, end = item
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"protected span {item!r} outside 0..{len(text)}")
            spans.append((start, end))
    return spans



def reference_fit(
    text: str,
    limits: Limits,
    *,
    ellipsis: str = "…",
    protected: Protected | None = None,
) -> FitResult:
    """Shorten ``text`` to meet every ``{method: max}`` in ``limits`` (see module doc).

    ``protected`` lists substrings (every occurrence) or ``(start, end)`` code point spans
    that must stay whole, in addition to the entities found in the text.
    """
    wanted = normalize_limits(limits)
    if fits(text, wanted):
        return FitResult(text, False, 0, "none", measure(text, wanted))
    cuts = Cuts(text, protected)

    def result(end: int, suffix: str, kind: CutKind) -> FitResult:
        out = text[:end] + suffix
        return FitResult(out, True, len(text) - end, kind, measure(out, wanted))

    # A paragraph break may follow trailing spaces: a sentence cut drops them too.
    sentence = sorted({len(text[:e].rstrip()) for e in sentence_ends(text) if cuts.allowed(e)})
    sentence = [e for e in sentence if e > 0 and cuts.allowed(e)]
    end = largest_fitting(sentence, lambda e: fits(text[:e], wanted))
    if end is not None:
        return result(end, "", "sentence")

    def with_ellipsis(end: int) -> str:
        head = text[:end]
        if not ellipsis or head.endswith(ellipsis):
            return ""
        # A URL followed directly by "…" would swallow it on Mastodon (any non-space
        # character may end a path there), so keep them apart.
        return (" " if end in cuts.url_ends else "") + ellipsis

    stages: tuple[tuple[CutKind, list[int]], ...] = (
        ("word", cuts.word_ends()),
        ("grapheme", cuts.boundaries),
    )
    for kind, offsets in stages:
        ends = sorted({cuts.clean_end(o) for o in offsets} - {0})
        end = largest_fitting(ends, lambda e: fits(text[:e] + with_ellipsis(e), wanted))
        if end is not None:
            return result(end, with_ellipsis(end), kind)
    return result(0, "", "grapheme")


