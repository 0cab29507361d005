"""All entities of a text at once, overlaps resolved the way twitter-text does.

twitter-text ``extractEntitiesWithIndices`` concatenates URLs, hashtags (without the URL
overlap check) and mentions, sorts them by start and drops any entity overlapping an earlier
one (js/src/extractEntitiesWithIndices.js, removeOverlappingEntities.js). Emoji are added
last, so an emoji inside a URL's domain (``http://☃.net``) belongs to the URL.
"""

from __future__ import annotations

from .emoji import extract_emoji
from .entity import Entity
from .hashtags import extract_hashtags, remove_overlapping
from .mentions import extract_mentions
from .urls import extract_urls

__all__ = ["entities"]


def entities(text: str) -> list[Entity]:
    """URLs, hashtags, mentions and emoji of ``text``, sorted, never overlapping."""
    found = (
        extract_urls(text)
        + extract_hashtags(text, check_url_overlap=False)
        + extract_mentions(text)
        + extract_emoji(text)
    )
    return remove_overlapping(found)
