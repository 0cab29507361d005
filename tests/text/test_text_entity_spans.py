"""Entities found as spans (no entity object each) are exactly those of the entity lists.

The extractors once built an :class:`Entity` per hashtag, mention and emoji and resolved
overlaps with ``remove_overlapping`` on those; a megabyte of flags made 500,000 of them for
every cut. These tests keep that way as the reference.
"""

from __future__ import annotations

from crosspost_text_strategies import posts
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text import hashtags, language, mentions
from crosspost.text.emoji import extract_emoji
from crosspost.text.entities import entities, entity_spans
from crosspost.text.entity import Entity
from crosspost.text.hashtags import extract_hashtags, remove_overlapping
from crosspost.text.mentions import extract_mentions
from crosspost.text.urls import extract_urls

# Pieces where entities touch and overlap: tags inside URLs, mentions in paths, emoji in
# domains and hashtags, fediverse handles next to local ones.
PIECES = [
    "#a", "#tag", "＃ｈａｓｈ", "a.co", "https://x.org/#frag", "http://☃.net", "@a", "@jan",
    "@a@b.nl", "@a@b", "/", " ", ".", "x", "🇳🇱", "👨\u200d👩", "#️⃣", "1\ufe0f\u20e3", "é",
    "://", "&", "_", "http://a.com/@user/", "#日本", "rt:@a", "@a/list", "\u0301", "😀",
    "#éa.com/#x",  # a URL inside a hashtag is dropped, and keeps no tag in its path
]  # fmt: skip
texts = st.one_of(posts(), st.lists(st.sampled_from(PIECES), max_size=25).map("".join))


def _old_hashtags(text: str, check_url_overlap: bool) -> list[Entity]:
    pattern = hashtags._pattern()
    tags = [
        Entity(m.start("hash"), m.end("tag"), "hashtag", text[m.start("hash"):m.end("tag")])
        for m in pattern.finditer(text) if not hashtags._END.match(text, m.end())
    ]
    if check_url_overlap and tags:
        urls = extract_urls(text)
        if urls:
            tags = [e for e in remove_overlapping(tags + urls) if e.kind == "hashtag"]
    return tags


def _old_mentions(text: str) -> list[Entity]:
    remote = [Entity(m.start(), m.end(), "mention", m.group())
              for m in mentions._FEDIVERSE.finditer(text)
              if "." in m.group("domain") and len(m.group("domain")) <= 253
              and not mentions._END.match(text, m.end())]
    local = []
    for m in mentions._TWITTER.finditer(text):
        if m.group("list") or mentions._END.match(text, m.end()):
            continue
        start, end = m.start("at"), m.end("name")
        if any(r.overlaps(start, end) for r in remote):
            continue
        local.append(Entity(start, end, "mention", text[start:end]))
    return sorted(remote + local)


def _old_entities(text: str) -> list[Entity]:
    found = (extract_urls(text) + _old_hashtags(text, False) + _old_mentions(text)
             + extract_emoji(text))
    return remove_overlapping(found)


def _old_plain(text: str) -> str:
    text = mentions.PLACEHOLDER.sub(" ", text)
    spans = sorted((e.start, e.end) for e in _old_entities(text) if e.kind != "emoji")
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        last = max(last, end)
    parts.append(text[last:])
    return " ".join(parts)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_entities_from_spans_are_the_entity_lists(text: str) -> None:
    assert entities(text) == _old_entities(text)
    assert [(e.start, e.end) for e in _old_entities(text) if e.kind != "emoji"] == [
        (start, end) for start, _, end in entity_spans(text, emoji=False)]
    assert language._plain(text) == _old_plain(text)


@settings(max_examples=500, deadline=None)
@given(texts, st.booleans())
def test_hashtags_and_mentions_from_spans_are_the_entity_lists(text: str, check: bool) -> None:
    assert extract_hashtags(text, check_url_overlap=check) == _old_hashtags(text, check)
    assert extract_mentions(text) == _old_mentions(text)


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=4))
def test_cuts_are_the_boundaries_outside_every_span(
        text: str, protected: list[tuple[int, int]]) -> None:
    """Cuts drops the grapheme boundaries strictly inside an entity or protected span (one
    set of inside offsets, where it once bisected per span)."""
    from crosspost.text.cuts import Cuts
    from crosspost.text.graphemes import grapheme_boundaries

    kept = [(s, min(len(text), s + n)) for s, n in protected if s <= len(text)]
    spans = kept + [(e.start, e.end) for e in _old_entities(text)]
    expected = [b for b in grapheme_boundaries(text)
                if not any(start < b < end for start, end in spans)]
    assert Cuts(text, kept or None).boundaries == expected
