"""The TLD lists twitter-text matches URLs against, loaded from bundled package data.

twitter-text only treats ``foo.bar`` as a URL when ``bar`` is a known TLD (or punycode), so
the list is part of the counting rules of X and Mastodon. ``twitter_tlds.txt`` holds the lists
of twitter-text 3.1.0 verbatim (origin in its header). Loading is lazy: ``import
crosspost.text`` must stay cheap.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["country_tlds", "generic_tlds", "tld_alternation"]

_DATA_FILE = "twitter_tlds.txt"


@cache
def _sections() -> dict[str, tuple[str, ...]]:
    # beside this module, as every data file of crosspost (importlib.resources costs
    # tens of milliseconds of imports on a command's start)
    text = Path(__file__).with_name(_DATA_FILE).read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is None:
            raise ValueError(f"{_DATA_FILE}: TLD {line!r} before any [section]")
        current.append(line)
    return {name: tuple(items) for name, items in sections.items()}


def generic_tlds() -> tuple[str, ...]:
    """gTLDs in twitter-text's order (regexp/validGTLD.js)."""
    return _sections()["generic"]


def country_tlds() -> tuple[str, ...]:
    """ccTLDs in twitter-text's order (regexp/validCCTLD.js)."""
    return _sections()["country"]


def tld_alternation(tlds: tuple[str, ...]) -> str:
    """``(?:(?:a|b|...)(?=[^0-9a-zA-Z@+-]|\\Z))``, twitter-text's TLD pattern shape.

    The look-ahead is what stops ``foo.community`` matching TLD ``com``; JavaScript's ``$``
    (end of input) is spelled ``\\Z`` in Python.
    """
    body = "|".join(_escape(t) for t in tlds)
    return rf"(?:(?:{body})(?=[^0-9a-zA-Z@+\-]|\Z))"


def _escape(tld: str) -> str:
    # TLDs are letters, digits and hyphens; escape the hyphen for clarity only.
    return tld.replace("-", r"\-")
