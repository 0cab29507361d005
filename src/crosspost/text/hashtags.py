"""Hashtag extraction following twitter-text v3.

Port of ``extractHashtagsWithIndices`` (js/src/extractHashtagsWithIndices.js) and the regexps
it uses (regexp/validHashtag.js, hashtagBoundary.js, hashtagAlpha.js,
hashtagAlphaNumeric.js, endHashtagMatch.js): a hashtag is ``#`` or ``＃`` followed by letters,
marks, decimal digits, ``_`` and a few joiners, containing at least one letter or mark (so
``#2024`` is not a hashtag), not preceded by a letter, digit or ``&``, and not followed by
another hash sign or ``://``. twitter-text enumerates the letters and digits of its Unicode
version; here ``\\p{L}``, ``\\p{M}`` and ``\\p{Nd}`` stand for the same categories in the
``regex`` module's (newer) Unicode.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from ._twitter_classes import HASH_SIGNS, HASHTAG_SPECIAL
from .entity import Entity
from .urls import url_spans

__all__ = ["extract_hashtags", "remove_overlapping", "strip_trailing_hashtags"]

_ALPHA = r"[\p{L}\p{M}]"
_ALNUM = rf"[\p{{L}}\p{{M}}\p{{Nd}}{HASHTAG_SPECIAL}]"
_END = regex.compile(rf"[{HASH_SIGNS}]|://")  # regexp/endHashtagMatch.js


@cache
def _pattern() -> regex.Pattern[str]:
    # regexp/hashtagBoundary.js: start, a variation selector, or any code point that is not
    # itself a hashtag character or "&" (so "&#39;" and "abc#tag" are not hashtags).
    boundary = rf"(?:^|\uFE0E|\uFE0F|\Z|(?!{_ALNUM}|&).)"
    return regex.compile(
        rf"(?P<before>{boundary})(?P<hash>[{HASH_SIGNS}])(?!\uFE0F|\u20E3)"
        rf"(?P<tag>{_ALNUM}*{_ALPHA}{_ALNUM}*)",
        regex.DOTALL,
    )


def remove_overlapping(entities: list[Entity]) -> list[Entity]:
    """twitter-text ``removeOverlappingEntities``: by start, drop any that overlaps an earlier.

    The sort is stable, so for equal starts the entity listed first wins.
    """
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        if kept and kept[-1].end > entity.start:
            continue
        kept.append(entity)
    return kept


def extract_hashtags(text: str, *, check_url_overlap: bool = True) -> list[Entity]:
    """Hashtags with their ``#``; ``check_url_overlap`` drops those inside a URL (default).

    Memoised like ``url_spans``: one post's text is scanned by several rules and steps for
    every target (a dozen scans of a 490 KB text of hashtags took seconds)."""
    if "#" not in text and "\uff03" not in text:
        return []
    return list(_hashtags(text, check_url_overlap))


def hashtag_spans(text: str, *, check_url_overlap: bool = True) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each hashtag :func:`extract_hashtags` finds, without entities."""
    if "#" not in text and "\uff03" not in text:
        return ()
    return _hashtag_spans(text, check_url_overlap)


@lru_cache(maxsize=64)
def _hashtags(text: str, check_url_overlap: bool) -> tuple[Entity, ...]:
    return tuple(Entity(start, end, "hashtag", text[start:end])
                 for start, end in _hashtag_spans(text, check_url_overlap))


@lru_cache(maxsize=64)
def _hashtag_spans(text: str, check_url_overlap: bool) -> tuple[tuple[int, int], ...]:
    """Memoised per flavour; the checked one filters the unchecked one, so a text whose
    hashtags are asked for both ways (by the rules, and among all entities) is scanned once."""
    if check_url_overlap:
        tags = _hashtag_spans(text, False)
        return tuple(_outside_urls(list(tags), url_spans(text))) if tags else tags
    end_match = _END.match
    return tuple([(m.start("hash"), m.end()) for m in _pattern().finditer(text)
                  if not end_match(text, m.end())])


def _outside_urls(tags: list[tuple[int, int]], urls: list[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """The hashtags :func:`remove_overlapping` keeps among hashtags and URLs (both sorted and
    disjoint): a linear merge, a hashtag first where both start at one offset."""
    if not urls:
        return tags
    kept: list[tuple[int, int]] = []
    last = -1  # end of the last entity kept, hashtag or URL
    i = 0
    for start, end in tags:
        while i < len(urls) and urls[i][0] < start:
            if urls[i][0] >= last:
                last = urls[i][1]
            i += 1
        if start >= last:
            kept.append((start, end))
            last = end
    return kept


_TRAILING_BLOCK_GAP = regex.compile(r"[\s,;]*")


def strip_trailing_hashtags(text: str) -> tuple[str, list[str]]:
    """Split off the block of hashtags that ends a post: ``("Body.", ["#a", "#b"])``.

    The block is the longest run of hashtags at the end separated only by whitespace,
    commas or semicolons; the hashtags keep their sign. The remaining text is stripped of
    trailing whitespace. A text with no trailing hashtag block is returned unchanged.

    Memoised: every target's hashtag step splits the same text (a post of hashtags only is
    one block of them all).
    """
    body, block = _strip_trailing_hashtags(text)
    return body, list(block)


@lru_cache(maxsize=8)
def _strip_trailing_hashtags(text: str) -> tuple[str, tuple[str, ...]]:
    tags = extract_hashtags(text)
    block: list[str] = []
    end = len(text)
    for tag in reversed(tags):
        if not _TRAILING_BLOCK_GAP.fullmatch(text, tag.end, end):
            break
        block.append(tag.text)
        end = tag.start
    if not block:
        return text, ()
    return text[:end].rstrip().rstrip(",;").rstrip(), tuple(block[::-1])
