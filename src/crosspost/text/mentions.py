"""Mention extraction: twitter-text's ``@user`` plus fediverse ``@user@domain``.

``@user`` follows twitter-text v3 ``extractMentionsWithIndices`` (js/src/
extractMentionsOrListsWithIndices.js, regexp/validMentionOrList.js,
regexp/validMentionPrecedingChars.js, regexp/endMentionMatch.js): 1-20 of ``[A-Za-z0-9_]``,
not preceded by a letter, digit or one of ``_!#$%&*@``, not followed by ``@``, a Latin accented
letter or ``://``; list references (``@user/list``) are not mentions.

twitter-text rejects ``@user@domain`` (too close to an e-mail address). Mastodon accepts it:
``Account::MENTION_RE`` in app/models/account.rb,
``(?<![=/[:word:]])@((USERNAME_RE)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)`` with
``USERNAME_RE = [a-z0-9_]+([.-]+[a-z0-9_]+)*`` (case-insensitive), and app/lib/extractor.rb
then skips domains longer than 253 characters. Those are extracted here too, when the domain
contains a dot (``@a@b`` is left alone).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import regex

from ._twitter_classes import AT_SIGNS, LATIN_ACCENTS
from .entity import Entity

__all__ = ["extract_mentions"]

MAX_DOMAIN_LENGTH = 253  # app/lib/extractor.rb

_TWITTER = regex.compile(
    rf"(?P<before>(?:^|[^a-zA-Z0-9_!#$%&*{AT_SIGNS}]|(?:^|[^a-zA-Z0-9_+~.\-])(?:rt|RT|rT|Rt):?))"
    rf"(?P<at>[{AT_SIGNS}])(?P<name>[a-zA-Z0-9_]{{1,20}})(?P<list>/[a-zA-Z][a-zA-Z0-9_\-]{{0,24}})?"
)
_FEDIVERSE = regex.compile(
    rf"(?<![=/\w])[{AT_SIGNS}](?P<name>(?i:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*))"
    r"@(?P<domain>\w+(?:[.\-]+\w+)*)"
)
_END = regex.compile(rf"[{AT_SIGNS}{LATIN_ACCENTS}]|://")  # regexp/endMentionMatch.js


def _fediverse(text: str) -> list[tuple[int, int]]:
    found = []
    for m in _FEDIVERSE.finditer(text):
        domain = m.group("domain")
        if "." not in domain or len(domain) > MAX_DOMAIN_LENGTH or _END.match(text, m.end()):
            continue
        found.append(m.span())
    return found


#: A mention placeholder, `@{key}`: the handle map writes each platform's handle there.
PLACEHOLDER = re.compile(r"@\{([A-Za-z0-9][A-Za-z0-9_.-]*)\}")


def extract_mentions(text: str, *, fediverse: bool = True) -> list[Entity]:
    """``@user`` mentions (twitter-text rules) and, unless disabled, ``@user@domain`` ones.

    Memoised like ``extract_hashtags``: every target's rules ask for the same text's."""
    if "@" not in text and "\uff20" not in text:
        return []
    return list(_mentions(text, fediverse))


def mention_spans(text: str, *, fediverse: bool = True) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each mention :func:`extract_mentions` finds, without entities."""
    if "@" not in text and "\uff20" not in text:
        return ()
    return _mention_spans(text, fediverse)


@lru_cache(maxsize=16)
def _mentions(text: str, fediverse: bool) -> tuple[Entity, ...]:
    return tuple(Entity(start, end, "mention", text[start:end])
                 for start, end in _mention_spans(text, fediverse))


@lru_cache(maxsize=16)
def _mention_spans(text: str, fediverse: bool) -> tuple[tuple[int, int], ...]:
    remote = _fediverse(text) if fediverse else []
    # The remote mentions come from one finditer: sorted and disjoint, so the one a local
    # mention may overlap is the last starting before its end (a bisection, not a scan).
    remote_starts = [start for start, _ in remote]
    local = []
    end_match = _END.match
    for m in _TWITTER.finditer(text):
        if m.group("list") or end_match(text, m.end()):
            continue
        start, end = m.start("at"), m.end("name")
        i = bisect_left(remote_starts, end) - 1
        if i >= 0 and remote[i][0] < end and start < remote[i][1]:
            continue
        local.append((start, end))
    if not remote:
        return tuple(local)
    return tuple(sorted(remote + local))
