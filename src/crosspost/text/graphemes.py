"""Extended grapheme clusters (UAX #29), the unit Bluesky and Mastodon count in.

Python's ``unicodedata`` lags behind Unicode, so segmentation uses the ``regex`` module's
``\\X``, which follows a recent Unicode version (ZWJ emoji, flags, Indic conjuncts).
"""

from __future__ import annotations

from functools import cache

import regex

__all__ = ["grapheme_boundaries", "grapheme_count", "grapheme_spans", "graphemes"]


@cache
def _cluster() -> regex.Pattern[str]:
    return regex.compile(r"\X")


def grapheme_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code point offsets of each grapheme cluster, in order."""
    return [m.span() for m in _cluster().finditer(text)]


def graphemes(text: str) -> list[str]:
    """The grapheme clusters of ``text``: ``"".join(graphemes(t)) == t``."""
    return [m.group() for m in _cluster().finditer(text)]


def grapheme_count(text: str) -> int:
    """Number of grapheme clusters (what Bluesky's ``graphemeLength`` reports)."""
    return sum(1 for _ in _cluster().finditer(text))


def grapheme_boundaries(text: str) -> list[int]:
    """Every offset where a cut leaves whole clusters on both sides, including 0 and len."""
    return [0, *(end for _, end in grapheme_spans(text))] if text else [0]
