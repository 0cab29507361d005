"""All entities of a text at once, overlaps resolved the way twitter-text does.

twitter-text ``extractEntitiesWithIndices`` concatenates URLs, hashtags (without the URL
overlap check) and mentions, sorts them by start and drops any entity overlapping an earlier
one (js/src/extractEntitiesWithIndices.js, removeOverlappingEntities.js). Emoji are added
last, so an emoji inside a URL's domain (``http://☃.net``) belongs to the URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, islice, repeat
from operator import ge, itemgetter

from .emoji import emoji_spans
from .entity import Entity, EntityKind
from .hashtags import hashtag_spans
from .mentions import mention_spans
from .urls import url_spans

__all__ = ["EMOJI", "URL", "entities", "entity_spans"]

#: The extractors' order: where two entities start at one offset, the earlier kind wins.
_KINDS: tuple[EntityKind, ...] = ("url", "hashtag", "mention", "emoji")
#: The ``kind`` of a URL and of an emoji in :func:`entity_spans`.
URL, EMOJI = _KINDS.index("url"), _KINDS.index("emoji")


def entities(text: str) -> list[Entity]:
    """URLs, hashtags, mentions and emoji of ``text``, sorted, never overlapping."""
    return [Entity(start, end, _KINDS[kind], text[start:end])
            for start, kind, end in entity_spans(text)]


def entity_spans(text: str, *, emoji: bool = True) -> list[tuple[int, int, int]]:
    """``(start, kind, end)`` of each of :func:`entities` (``kind`` indexes ``_KINDS``),
    without making an entity each: a megabyte of flags holds 500,000 of them.

    ``emoji=False`` leaves the emoji out of the result (they still take their place: an
    emoji kept before a URL that overlaps it drops the URL, as in :func:`entities`)."""
    found = [
        url_spans(text),
        hashtag_spans(text, check_url_overlap=False),
        mention_spans(text),
    ]
    others = sum(1 for spans in found if spans)
    if not emoji and not others:
        return []
    found.append(emoji_spans(text))
    if others == 0 or (others == 1 and not found[EMOJI]):
        # One extractor's spans: already sorted and disjoint.
        kind, spans = next(((k, s) for k, s in enumerate(found) if s), (0, []))
        return _triples(kind, spans)
    # Each list is sorted, so the sort merges them; (start, kind) orders as the stable sort
    # by start of the concatenation in the extractors' order.
    merged = sorted(chain.from_iterable(
        _triples(kind, spans) for kind, spans in enumerate(found)))
    if all(map(ge, map(_first, islice(merged, 1, None)), map(_third, merged))):
        kept = merged  # nothing overlaps (checked without a Python step per entity)
        return kept if emoji else [item for item in kept if item[1] != EMOJI]
    kept = []
    last = 0
    for item in merged:
        if item[0] >= last:
            kept.append(item)
            last = item[2]
    if not emoji:
        return [item for item in kept if item[1] != EMOJI]
    return kept


_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)


def _triples(kind: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    # (repeat is endless: zip stops with the spans)
    return list(zip(map(_first, spans), repeat(kind), map(_second, spans), strict=False))
