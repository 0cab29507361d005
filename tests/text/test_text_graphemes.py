"""Grapheme segmentation: the same clusters as plain ``\\X``, in linear time."""

from __future__ import annotations

import time

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text.graphemes import grapheme_boundaries, grapheme_count, graphemes

PIECES = [
    "a", "Z", " ", "\n", "\r", "\r\n", "\t", "\x00", "\x7f", "é", "e\u0301", "\u0301",
    "\u200d", "\ufe0f", "👨", "👩", "🏽", "🇳", "🇱", "🇧", "\U000e0067", "\U000e007f",
    "\u1100", "\u1161", "\u11a8", "\uac00", "क", "\u094d", "ष", "\u093f", "\u0600",
    "日", "ก", "\u0e33", "\u0903",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_clusters_as_plain_x(text: str) -> None:
    expected = regex.findall(r"\X", text)
    assert graphemes(text) == expected
    assert grapheme_count(text) == len(expected)
    assert grapheme_boundaries(text)[-1] == len(text)


def test_flags_are_linear() -> None:
    text = "🇳🇱" * 125_000
    start = time.process_time()
    assert grapheme_count(text) == 125_000
    assert len(grapheme_boundaries(text)) == 125_001
    assert time.process_time() - start < 2.0  # plain \X needs minutes here
