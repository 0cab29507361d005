"""Tie each exported result row to the post and target it measures.

Exact first: the post's address or platform id as recorded in `published.yaml`. Without a
record, by text and date: the post's text for that platform against the exported text, and the
planned publication time against the exported one. A row without text (a story) matches only
the one post of that type planned within two hours of it. Those matches are marked uncertain,
with their score, because two similar posts in one week can swap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal
from urllib.parse import urlsplit

from ..content.item import SourceItem
from .records import Publication
from .results import ResultRow

How = Literal["link", "id", "text and date", "time and type"]
#: Text similarity (0..1) a match by text and date needs at least.
MIN_TEXT_SCORE = 0.6
#: How far the exported time may lie from the planned one, for a match by text and date.
MAX_DRIFT = dt.timedelta(days=2)
#: For rows without text (stories): how close the times must be, and the only candidate.
MAX_DRIFT_UNTEXTED = dt.timedelta(hours=2)
_URL = re.compile(r"https?://\S+")
_HOST_ALIASES = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "m.facebook.com":
                 "facebook.com"}


@dataclass(frozen=True)
class Match:
    """A result row and what it measures; ``item`` is None when nothing matched."""

    row: ResultRow
    item: str | None = None
    target: str | None = None
    how: How | None = None
    score: float = 0.0

    @property
    def certain(self) -> bool:
        return self.how in ("link", "id")


def normalise_url(url: str) -> str:
    """Scheme, ``www.``, query, fragment and a trailing slash do not make another post."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    host = _HOST_ALIASES.get(host, host)
    return f"{host}{parts.path.rstrip('/')}"


def _plain(text: str) -> str:
    return " ".join(_URL.sub(" ", text).casefold().split())


def match_results(
    rows: Iterable[ResultRow],
    items: Sequence[SourceItem],
    targets: Mapping[str, Sequence[str]],
    published: Sequence[Publication] = (),
) -> list[Match]:
    """One ``Match`` per row, in the rows' order."""
    by_url = {normalise_url(p.url): p for p in published if p.url}
    by_id = {(p.target.split(".", 1)[0], p.id): p for p in published if p.id}
    return [_match(row, items, targets, by_url, by_id) for row in rows]


def _match(row: ResultRow, items: Sequence[SourceItem], targets: Mapping[str, Sequence[str]],
           by_url: Mapping[str, Publication],
           by_id: Mapping[tuple[str, str], Publication]) -> Match:
    if row.link and (pub := by_url.get(normalise_url(row.link))):
        return Match(row, pub.item, pub.target, "link", 1.0)
    if row.post_id and (pub := by_id.get((row.platform, row.post_id))):
        return Match(row, pub.item, pub.target, "id", 1.0)
    if not row.text:
        return _match_untexted(row, items, targets)
    exported = _plain(row.text)
    best: Match = Match(row)
    for item in items:
        on_platform = [t for t in targets.get(item.id, ()) if t.split(".", 1)[0] == row.platform]
        if not on_platform:
            continue
        if item.publish_at is not None and abs(item.publish_at - row.published) > MAX_DRIFT:
            continue
        target = _format_for(on_platform, row.kind)
        ours = _plain(item.text_for(target))
        matcher = SequenceMatcher(None, ours, exported, autojunk=False)
        if matcher.real_quick_ratio() < MIN_TEXT_SCORE or matcher.quick_ratio() < MIN_TEXT_SCORE:
            continue
        score = matcher.ratio()
        if score >= MIN_TEXT_SCORE and score > best.score:
            best = Match(row, item.id, target, "text and date", round(score, 3))
    return best


def _match_untexted(row: ResultRow, items: Sequence[SourceItem],
                    targets: Mapping[str, Sequence[str]]) -> Match:
    found = []
    for item in items:
        if item.publish_at is None or abs(item.publish_at - row.published) > MAX_DRIFT_UNTEXTED:
            continue
        on_platform = [t for t in targets.get(item.id, ()) if t.split(".", 1)[0] == row.platform]
        if on_platform and (row.kind is None or _format_for(on_platform, row.kind, strict=True)):
            found.append((item.id, _format_for(on_platform, row.kind)))
    if len(found) != 1:
        return Match(row)
    return Match(row, found[0][0], found[0][1], "time and type", 0.5)


def _format_for(targets: Sequence[str], kind: str | None, *, strict: bool = False) -> str:
    """The target a row of post type ``kind`` (``Reel``, ``IG story``) most likely is; with
    ``strict``, only a target the type names (else an empty string)."""
    if kind:
        word = kind.casefold()
        for target in targets:
            if target.split(".", 1)[-1] in word:
                return target
    return "" if strict else targets[0]
