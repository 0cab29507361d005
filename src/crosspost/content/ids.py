"""The id rule: an item's id names its output folder, so it must be a safe, unique file name.

An id is 1 to 100 characters (at most 200 bytes in UTF-8) of letters and digits of any script,
spaces, ``-``, ``_`` and ``.``, starting and ending with a letter or digit (a post file
``2026-03-12 avond.md`` gets the id ``2026-03-12 avond``). That keeps out path separators,
``..``, control characters (a newline that forges a CI command, a NUL that crashes a file call),
bidi overrides, and names no file system holds. Ids are unique per run regardless of case:
``Nieuws`` and ``nieuws`` would share one folder on macOS and Windows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_ID_CHARS = 100
MAX_ID_BYTES = 200
ID_RULE = (
    "letters, digits, spaces, '-', '_' and '.', starting and ending with a letter or digit, "
    f"at most {MAX_ID_CHARS} characters"
)


def _allowed(char: str) -> bool:
    return char.isalnum() or char in " -_." or unicodedata.category(char) in ("Mn", "Mc")


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or None when it is."""
    if not value:
        return "is empty"
    if len(value) > MAX_ID_CHARS or len(value.encode("utf-8", "replace")) > MAX_ID_BYTES:
        return f"is {len(value)} characters long; an id has at most {MAX_ID_CHARS}"
    bad = sorted({c for c in value if not _allowed(c)})
    if bad:
        shown = ", ".join(repr(c) for c in bad[:5])
        return f"contains {shown}; an id has {ID_RULE} (e.g. {suggest_id(value)!r})"
    if not value[0].isalnum():
        return f"starts with {value[0]!r}; an id has {ID_RULE}"
    if not (value[-1].isalnum() or unicodedata.category(value[-1]) in ("Mn", "Mc")):
        return f"ends with {value[-1]!r}; an id has {ID_RULE}"
    return None


def suggest_id(value: str) -> str:
    """A valid id close to ``value``: other characters become ``-``."""
    text = re.sub(r"-{2,}", "-", "".join(c if _allowed(c) else "-" for c in value))
    text = text.strip("-_. ")[:MAX_ID_CHARS].rstrip("-_. ")
    return text or "post"


def duplicate_ids(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``{source: [other sources with the same id]}`` for ``(id, source)`` pairs; ids are
    compared case-insensitively (one folder on case-insensitive file systems)."""
    by_id: dict[str, list[str]] = {}
    for item_id, source in pairs:
        by_id.setdefault(unicodedata.normalize("NFC", item_id).casefold(), []).append(source)
    clashes: dict[str, list[str]] = {}
    for sources in by_id.values():
        if len(sources) > 1:
            for source in sources:
                clashes[source] = [s for s in sources if s != source]
    return clashes
