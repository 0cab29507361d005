"""Mastodon's status length: ``StatusLengthValidator`` applied to a post's text.

Port of app/validators/status_length_validator.rb (Mastodon 4.x, mastodon/mastodon):

* ``Status#prepare_contents`` (app/models/status.rb) first ``strip!``s the text (Ruby strips
  ASCII whitespace and NUL only);
* a blank text (only Unicode whitespace) counts 0;
* URLs found by the twitter-text gem's extractor with ``extract_url_without_protocol: false``
  (so only URLs with a scheme; Mastodon's config/initializers/twitter_regex.rb adds schemes
  such as ``gemini://`` and allows any non-space path character) become 23 characters;
* mentions matching ``Account::MENTION_RE`` count as ``@user`` without their ``@domain``
  (app/lib/extractor.rb, which ignores domains over 253 characters);
* overlapping entities are resolved as twitter-text's ``remove_overlapping_entities``;
* the result is measured in extended grapheme clusters (``each_grapheme_cluster.size``).

A content warning (spoiler text) counts towards the same limit; add its grapheme count.
"""

from __future__ import annotations

import regex

from ._twitter_classes import AT_SIGNS, LATIN_ACCENTS
from .graphemes import grapheme_count
from .urls import url_spans

__all__ = ["MASTODON_URL_LENGTH", "mastodon_length"]

MASTODON_URL_LENGTH = 23  # URL_PLACEHOLDER_CHARS
_MAX_DOMAIN_LENGTH = 253
# app/models/account.rb USERNAME_RE / MENTION_RE ([[:word:]] is \w in Unicode mode).
_MENTION = regex.compile(
    r"(?<![=/\w])@(?P<screen_name>(?P<user>(?i:[a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*))"
    r"(?:@(?P<domain>\w+(?:[.\-]+\w+)*))?)"
)
_END_MENTION = regex.compile(rf"[{AT_SIGNS}{LATIN_ACCENTS}]|://")  # end_mention_match
_RUBY_STRIP = " \t\n\v\f\r\0"
_BLANK = regex.compile(r"\p{White_Space}*")


def _countable_text(text: str, url_length: int) -> str:
    """``countable_text``: URLs -> ``url_length`` x "x", ``@user@domain`` -> ``@user``."""
    placeholder = "x" * url_length
    entities: list[tuple[int, int, str]] = [
        (start, end, placeholder) for start, end in url_spans(text, flavor="mastodon")
    ]
    if "@" in text:
        for m in _MENTION.finditer(text):
            domain = m.group("domain")
            if _END_MENTION.match(text, m.end()):
                continue
            if domain and len(domain) > _MAX_DOMAIN_LENGTH:
                continue
            entities.append((m.start(), m.end(), "@" + m.group("user")))
    # remove_overlapping_entities: by start, drop those overlapping the previous kept one.
    out: list[str] = []
    last = 0
    for start, end, replacement in sorted(entities, key=lambda e: e[0]):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def mastodon_length(text: str, url_length: int = MASTODON_URL_LENGTH) -> int:
    """Characters Mastodon's StatusLengthValidator counts for ``text`` (default limit 500).

    ``url_length`` is what a link counts as: 23 upstream; a server that changes it says so in
    ``configuration.statuses.characters_reserved_per_url`` of its /api/v2/instance.
    """
    text = text.strip(_RUBY_STRIP)
    if _BLANK.fullmatch(text):
        return 0
    return grapheme_count(_countable_text(text, url_length))
