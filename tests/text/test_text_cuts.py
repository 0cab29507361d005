"""The cuts of a text against the plain definition kept in reference_fit.py: grapheme
boundaries of plain ``\\X`` that are not strictly inside an entity (emoji included) or a
protected span. The cuts leave emoji sequences out of that removal, because each lies inside
one grapheme cluster; these tests check that claim too."""

from __future__ import annotations

import re

import regex
from crosspost_text_strategies import posts
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_fit import Cuts as ReferenceCuts

from crosspost.text import cuts
from crosspost.text.cuts import Cuts
from crosspost.text.emoji import emoji_spans
from crosspost.text.entities import entities

PIECES = [
    "a", " ", "  ", "\n", "\r\n", "\u3000", "\xa0", ".", ",", "-", "(", "#a", "#tag", "@a",
    "@a@b.nl", "a.co", "https://x.org/p-", "http://☃.net", "🇳🇱", "🇳", "👨\u200d👩\u200d👧",
    "👨\u200d💻\u200d🚀", "👍🏽", "1\ufe0f\u20e3", "#\ufe0f\u20e3", "〰", "©\ufe0f", "e\u0301",
    "\u0301", "\u0600", "क्ष", "\u1100\u1161", "🏴\U000e0067\U000e0062\U000e007f", "\u200d",
    "\ufe0f", "😀",
]  # fmt: skip
texts = st.one_of(posts(), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))


@settings(max_examples=500, deadline=None)
@given(texts, st.lists(st.sampled_from(["a", "#tag", " a", "🇳🇱"]), max_size=2))
def test_cuts_are_those_of_the_plain_definition(text: str, protected: list[str]) -> None:
    mine, reference = Cuts(text, protected), ReferenceCuts(text, protected)
    assert mine.boundaries == reference.boundaries
    assert mine.word_ends() == reference.word_ends()
    for offset in range(len(text) + 1):
        assert mine.allowed(offset) == reference.allowed(offset)
        assert mine.inside(offset) == reference.inside(offset)
        assert mine.protected_end_before(offset) == reference.protected_end_before(offset)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_every_emoji_sequence_lies_inside_one_grapheme_cluster(text: str) -> None:
    clusters = [0, *(m.end() for m in regex.finditer(r"\X", text))]
    for start, end in emoji_spans(text):
        assert not [b for b in clusters if start < b < end], (start, end)
    for entity in entities(text):  # as the cuts see them, after overlaps are resolved
        if entity.kind == "emoji":
            assert not [b for b in clusters if entity.start < b < entity.end]


def test_word_gaps_are_the_white_space_of_regex() -> None:
    everything = "".join(map(chr, range(0x110000)))
    assert cuts._WORD_GAP.findall(everything) == regex.findall(r"\s+", everything)
    assert isinstance(cuts._WORD_GAP, re.Pattern)
