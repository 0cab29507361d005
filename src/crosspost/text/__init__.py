"""Text measurement and shortening for one post on many platforms.

* :func:`count` measures a text in a platform's unit (X's weighted length, Mastodon's
  validator, Threads, graphemes, UTF-16, code points, UTF-8 bytes);
* the ``extract_*`` functions and :func:`entities` find URLs, hashtags, mentions and emoji
  as twitter-text does, with code point offsets (:func:`utf16_offset` converts);
* :func:`fit` shortens a text to meet several limits at once without breaking entities;
* :func:`split_thread` cuts a text into numbered thread parts.

Importing this package is cheap: its names are imported from their modules on first use
(PEP 562, as ``crosspost.media`` does), so a command that counts no text (the adapt of a
video) loads none of the scanners, and the large regexes (TLD lists, emoji) compile on first
use.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "CountMethod": "crosspost.text.counting",
    "CutKind": "crosspost.text.fit",
    "DEFAULT_MARKER": "crosspost.text.thread",
    "Entity": "crosspost.text.entity",
    "EntityKind": "crosspost.text.entity",
    "FitResult": "crosspost.text.fit",
    "Limits": "crosspost.text.counting",
    "count": "crosspost.text.counting",
    "entities": "crosspost.text.entities",
    "extract_emoji": "crosspost.text.emoji",
    "extract_hashtags": "crosspost.text.hashtags",
    "extract_mentions": "crosspost.text.mentions",
    "extract_urls": "crosspost.text.urls",
    "fit": "crosspost.text.fit",
    "grapheme_count": "crosspost.text.graphemes",
    "grapheme_spans": "crosspost.text.graphemes",
    "graphemes": "crosspost.text.graphemes",
    "mastodon_length": "crosspost.text.mastodon_length",
    "sentence_spans": "crosspost.text.sentences",
    "sentences": "crosspost.text.sentences",
    "split_thread": "crosspost.text.thread",
    "strip_trailing_hashtags": "crosspost.text.hashtags",
    "threads_length": "crosspost.text.counting",
    "twitter_weighted_length": "crosspost.text.twitter_length",
    "utf16_length": "crosspost.text.entity",
    "utf16_offset": "crosspost.text.entity",
    "utf16_span": "crosspost.text.entity",
}


class _Package(types.ModuleType):
    """``entities``, ``graphemes`` and ``sentences`` are also the names of their modules:
    importing a submodule sets the package attribute of the same name, which would hide the
    function from ``from crosspost.text import graphemes``. This package keeps the function
    instead, as the eager imports it replaces did."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value



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
