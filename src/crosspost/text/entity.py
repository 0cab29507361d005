"""The entity record every extractor returns, and code point <-> UTF-16 offset helpers.

Offsets are Python string indices (code points) into the original text, because that is what
slicing uses. Platforms that speak UTF-16 (X's and Mastodon's JavaScript clients) need
UTF-16 offsets instead, hence :func:`utf16_offset`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Entity", "EntityKind", "utf16_length", "utf16_offset", "utf16_span"]

EntityKind = Literal["url", "hashtag", "mention", "emoji"]


@dataclass(frozen=True, order=True)
class Entity:
    """One URL, hashtag, mention or emoji sequence: ``text == source[start:end]``."""

    start: int
    end: int
    kind: EntityKind
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares at least one code point with this entity."""
        return self.start < end and start < self.end


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, i.e. JavaScript's ``String.prototype.length``."""
    # Every code point above the BMP is a surrogate pair in UTF-16; lone surrogates are one.
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 offset of code point ``index`` in ``text`` (``0 <= index <= len(text)``)."""
    if not 0 <= index <= len(text):
        raise IndexError(f"index {index} outside 0..{len(text)}")
    return utf16_length(text[:index])


def utf16_span(text: str, entity: Entity) -> tuple[int, int]:
    """``(start, end)`` of ``entity`` in UTF-16 code units, as JavaScript clients index."""
    start = utf16_offset(text, entity.start)
    return start, start + utf16_length(entity.text)
