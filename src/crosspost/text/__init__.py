"""Text measurement and shortening for one post on many platforms.

* :func:`count` measures a text in a platform's unit (X's weighted length, Mastodon's
  validator, Threads, graphemes, UTF-16, code points, UTF-8 bytes);
* the ``extract_*`` functions and :func:`entities` find URLs, hashtags, mentions and emoji
  as twitter-text does, with code point offsets (:func:`utf16_offset` converts);
* :func:`fit` shortens a text to meet several limits at once without breaking entities;
* :func:`split_thread` cuts a text into numbered thread parts.

Importing this package is cheap: the large regexes (TLD lists, emoji) compile on first use.
"""

from __future__ import annotations

from .counting import CountMethod, Limits, count, threads_length
from .emoji import extract_emoji
from .entities import entities
from .entity import Entity, EntityKind, utf16_length, utf16_offset, utf16_span
from .fit import CutKind, FitResult, fit, strip_trailing_hashtags
from .graphemes import grapheme_count, grapheme_spans, graphemes
from .hashtags import extract_hashtags
from .mastodon_length import mastodon_length
from .mentions import extract_mentions
from .sentences import sentence_spans, sentences
from .thread import DEFAULT_MARKER, split_thread
from .twitter_length import twitter_weighted_length
from .urls import extract_urls

__all__ = [
    "DEFAULT_MARKER",
    "CountMethod",
    "CutKind",
    "Entity",
    "EntityKind",
    "FitResult",
    "Limits",
    "count",
    "entities",
    "extract_emoji",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "fit",
    "grapheme_count",
    "grapheme_spans",
    "graphemes",
    "mastodon_length",
    "sentence_spans",
    "sentences",
    "split_thread",
    "strip_trailing_hashtags",
    "threads_length",
    "twitter_weighted_length",
    "utf16_length",
    "utf16_offset",
    "utf16_span",
]
