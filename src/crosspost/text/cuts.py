"""Where a text may be cut, shared by :func:`.fit` and :func:`.split_thread`.

A cut is allowed at a grapheme cluster boundary that is not strictly inside an entity (URL,
hashtag, mention, emoji sequence) or a caller-protected span, so a shortened post never
carries half a link, half a flag or a base letter without its accent.

A :class:`Cuts` may cover only the offsets up to ``upto``: shortening a megabyte post to 280
characters needs the cuts of its first few kilobytes, not a million of them, and only the
entities found there.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from itertools import chain, compress, filterfalse
from operator import itemgetter
from typing import TypeVar

from .emoji import emoji_spans
from .entities import URL, entity_spans
from .graphemes import grapheme_boundaries
from .hashtags import hashtag_spans
from .mentions import mention_spans
from .urls import url_spans

__all__ = ["Cuts", "Protected", "largest_fitting"]

Protected = Iterable["str | tuple[int, int]"]
T = TypeVar("T")

# regex's \s (White_Space), spelled out for the faster standard ``re`` (a test compares).
_WORD_GAP = re.compile("[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Trailing characters that dangle once the text after them is gone: opening brackets and
# quotes, dashes, and separators. Closing punctuation and . ! ? stay.
_DANGLING_CATEGORIES = frozenset({"Ps", "Pi", "Pd"})
_DANGLING = frozenset(",;:")
_DANGLING_AFTER_SPACE = frozenset("\"'#@&/\\|+=*~<^_")


class Cuts:
    """The allowed cut offsets of one text (all of them, or those up to ``upto``)."""

    def __init__(self, text: str, protected: Protected | None = None,
                 upto: int | None = None) -> None:
        self.text = text
        #: Offsets beyond this are not covered: ``boundaries`` stops here.
        self.upto = len(text) if upto is None else min(len(text), max(0, upto))
        # Grapheme boundaries of a prefix are those of the text, except the prefix's end: a
        # break depends on the characters before it and the one after, so cover one more.
        window = min(len(text), self.upto + 1)
        starts, ends, urls, wide = _entity_spans(_entity_scope(text, window))
        count = bisect.bisect_left(starts, window)
        self.url_ends = frozenset(urls[: bisect.bisect_left(urls, window)]) if urls else frozenset()
        extra = [s for s in _spans_of(text, protected) if s[0] < window]
        # The spans that may hold a grapheme boundary: an emoji sequence never does (it
        # lies inside one cluster; the tests check it), nor a span of one character.
        wide_starts, wide_ends = wide
        wide_count = bisect.bisect_left(wide_starts, window)
        cut_starts = wide_starts[:wide_count] + [start for start, _ in extra]
        cut_ends = wide_ends[:wide_count] + [end for _, end in extra]
        # The entities' spans are sorted and disjoint; protected spans are merged in.
        self._starts: list[int] = starts[:count]
        self._ends: list[int] = ends[:count]
        if extra:
            self._starts, self._ends = [], []
            spans = list(zip(starts[:count], ends[:count], strict=True))
            for start, end in sorted(spans + extra):
                if self._ends and start < self._ends[-1]:
                    self._ends[-1] = max(self._ends[-1], end)
                else:
                    self._starts.append(start)
                    self._ends.append(end)
        bounds = grapheme_boundaries(text if window == len(text) else text[:window])
        if window < len(text):
            bounds.pop()  # the prefix's end, not necessarily a boundary of the text
        self.boundaries = _outside(bounds, cut_starts, cut_ends)

    @cached_property
    def _boundary_set(self) -> frozenset[int]:
        return frozenset(self.boundaries)

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
        stop = min(len(self.text), self.upto + 1) if stop is None else stop
        gaps = [m.start() for m in _WORD_GAP.finditer(self.text, start, stop)]
        if gaps and gaps[0] == start:
            del gaps[0]  # whitespace at the start follows no word
        return list(filter(self._boundary_set.__contains__, gaps)) if gaps else gaps

    def protected_end_before(self, offset: int) -> int:
        """End of the last protected span ending at or before ``offset`` (0 if none)."""
        i = bisect.bisect_right(self._ends, offset) - 1
        return self._ends[i] if i >= 0 else 0

    def clean_ends(self, offsets: Iterable[int], start: int = 0) -> list[int]:
        """Each of the sorted allowed ``offsets`` moved back over trailing whitespace and
        dangling punctuation: never into a protected span (a URL may end in ``-`` or ``/``)
        nor below ``start``; each result is an allowed cut.

        Linear in the text overall: a walk back that reaches the previous offset takes
        that one's result, so a run of a million commas is walked once, not a million times.
        """
        text = self.text
        out: list[int] = []
        prev, prev_run, prev_floor, prev_out = -1, start, -1, start
        for offset in offsets:
            if offset > start and not _dangles(text, offset - 1, start):
                prev = prev_run = prev_out = offset  # an allowed cut after a kept character
                prev_floor = -1
                out.append(offset)
                continue
            run = offset  # the start of the dangling run ending at offset
            while run > start and _dangles(text, run - 1, start):
                if run == prev:
                    run = prev_run
                    break
                run -= 1
            floor = max(start, self.protected_end_before(offset))
            if run == prev_run and floor == prev_floor:
                result = prev_out  # the same run and span as the offset before: the same cut
            else:
                end = max(floor, run)
                result = max(start, self.floor(end)) if end > start else start
            prev, prev_run, prev_floor, prev_out = offset, run, floor, result
            out.append(result)
        return out

    def first_clean_after(self, offset: int) -> int | None:
        """The first allowed cut after ``offset`` that follows a character which never
        dangles: :meth:`clean_ends` moves no later cut back to ``offset`` or before."""
        bounds = self.boundaries
        for after in bounds[bisect.bisect_right(bounds, offset):]:
            if not _dangles(self.text, after - 1, 0):
                return after
        return None


_GAP = re.compile(r"[\t\n\r ]")


def _entity_scope(text: str, window: int) -> str:
    """The shortest prefix of ``text`` whose entities are the text's entities that start
    before ``window``: up to and including the first ASCII space or line break from there.

    No entity holds one (URL, hashtag, mention and emoji patterns all stop at it), and
    each extractor looks at most a few characters past an entity's end, so an entity that
    ends before the space is found as in the whole text and none runs across it."""
    if window >= len(text):
        return text
    gap = _GAP.search(text, window)
    return text if gap is None else text[: gap.end()]


def _outside(offsets: list[int], starts: list[int], ends: list[int]) -> list[int]:
    """The sorted ``offsets`` that are not strictly inside a span: one set of the inside
    offsets (at most one per code point), not a bisection per span."""
    inside = set(chain.from_iterable(map(range, map((1).__add__, starts), ends)))
    return list(filterfalse(inside.__contains__, offsets)) if inside else offsets


@lru_cache(maxsize=16)
def _entity_spans(text: str) -> tuple[list[int], list[int], list[int],
                                      tuple[list[int], list[int]]]:
    """Starts and ends of the text's entities (sorted, disjoint), the ends of its URLs, and
    the starts and ends of its entities that are no emoji and longer than one character.

    Memoised: a post shortened for every target has the same text, and targets share
    windows (see ``fit._window``)."""
    if not (url_spans(text) or hashtag_spans(text, check_url_overlap=False)
            or mention_spans(text)):  # emoji alone (a megabyte of flags): none overlap
        emoji = emoji_spans(text)
        return list(map(_first, emoji)), list(map(_second, emoji)), [], ([], [])
    found = entity_spans(text)
    starts, ends = list(map(_first, found)), list(map(_third, found))
    urls = list(compress(ends, map(URL.__eq__, map(_second, found))))
    return starts, ends, urls, (starts, ends)  # (emoji among them: they remove nothing)


_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)


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


def largest_fitting(candidates: Sequence[T], fits: Callable[[T], bool], probe: int = 3) -> T | None:
    """The last candidate (in order of growing length) for which ``fits`` holds.

    Lengths grow with the cut offset almost always, so this bisects; a shorter prefix can
    measure longer only when cutting creates an entity (``a.co`` becomes a 23-character
    URL), so the ``probe`` candidates after the bisection result are tried as well. Only
    candidates that were measured to fit are ever returned.
    """
    lo, hi, best = 0, len(candidates) - 1, -1
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(candidates[mid]):
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    for i in range(min(len(candidates) - 1, best + probe), best, -1):
        if fits(candidates[i]):
            return candidates[i]
    return candidates[best] if best >= 0 else None
