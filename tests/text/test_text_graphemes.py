"""Grapheme segmentation: the same clusters as plain ``\\X``, in linear time."""

from __future__ import annotations

import importlib
import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text.graphemes import LONG_TEXT, grapheme_boundaries, grapheme_count, graphemes

# The module, not the function of the same name that crosspost.text exports.
G = importlib.import_module("crosspost.text.graphemes")

PIECES = [
    "a", "Z", " ", "\n", "\r", "\r\n", "\t", "\x00", "\x7f", "é", "e\u0301", "\u0301",
    "\u200d", "\ufe0f", "👨", "👩", "🏽", "🇳", "🇱", "🇧", "\U000e0067", "\U000e007f",
    "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "क", "\u094d", "ष", "\u093f", "\u0600",
    "日", "ก", "\u0e33", "\u0903",
    # the long path's mask characters, and what it treats apart: C0/C1 and format controls,
    # a lone surrogate, ZWNJ, a pictograph that is text-default, a virama of class Other,
    # a spacing mark between a pictograph and a joiner, a family, a keycap, a tag flag
    "\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x85", "\u200b", "\u202e", "\ud800",
    "\u200c", "©", "\u1cf5", "\U0001192c", "👨\u0903\u200d👩", "👨\u200d👩\u200d👧",
    "1\ufe0f\u20e3", "🏴\U000e0067\U000e0062\U000e007f",
]  # fmt: skip


def _plain_x(text: str) -> list[int]:
    return [0, *(m.end() for m in regex.finditer(r"\X", text))]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_clusters_as_plain_x(text: str) -> None:
    expected = regex.findall(r"\X", text)
    assert graphemes(text) == expected
    assert grapheme_count(text) == len(expected)
    assert grapheme_boundaries(text)[-1] == len(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_plain_runs_give_the_clusters_of_plain_x(text: str) -> None:
    """The long-text path (plain runs with a mask, ``\\X`` between them) on short texts, so
    that every combination of the pieces is tried at each position."""
    expected = _plain_x(text)
    assert G._long_boundaries(text) == expected
    assert G._long_count(text) == len(expected) - 1


def _class_chars(pattern: str) -> list[str]:
    planes = "".join(map(chr, range(0x30000))) + "".join(map(chr, range(0xE0000, 0xE1000)))
    return regex.findall(pattern, planes)


# Every break class UAX #29 knows, and the Indic conjunct classes, as pools of characters.
_CLASSES = [_class_chars(rf"\p{{{name}}}") for name in (
    "GCB=Extend", "GCB=SpacingMark", "GCB=Prepend", "GCB=Control", "GCB=CR", "GCB=LF",
    "GCB=ZWJ", "GCB=Regional_Indicator", "GCB=L", "GCB=V", "GCB=T", "GCB=LV", "GCB=LVT",
    "Extended_Pictographic", "InCB=Consonant", "InCB=Linker", "InCB=Extend")]
_CLASSES.append(list("aZ .日"))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(range(len(_CLASSES))).flatmap(
    lambda i: st.sampled_from(_CLASSES[i])), max_size=40).map("".join))
def test_plain_runs_on_characters_of_every_break_class(text: str) -> None:
    expected = _plain_x(text)
    assert G._long_boundaries(text) == expected
    assert G._long_count(text) == len(expected) - 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_plain_runs_on_any_text(text: str) -> None:
    assert G._long_boundaries(text) == _plain_x(text)


@pytest.mark.parametrize("piece", ["e\u0301", "🇳🇱a.nl ", "👨\u200d👩\u200d👧 ", "क्षि ",
                                   "\u1100\u1161\u11a8", "\u0600a", "a\u094d", "\r\n\u0301"])
def test_long_texts_take_the_long_path_with_the_same_clusters(piece: str) -> None:
    text = piece * (LONG_TEXT // len(piece) + 3)
    assert len(text) > LONG_TEXT
    expected = _plain_x(text)
    assert grapheme_boundaries(text) == expected
    assert grapheme_count(text) == len(expected) - 1


def test_the_mask_table_knows_every_character_it_must() -> None:
    """The table scans planes 0, 1 and 14 only: no mark, joiner, control, indicator or
    pictograph lies elsewhere in the Unicode version of ``regex``."""
    everything = "".join(map(chr, range(0x110000)))
    wanted = regex.findall(r"[\p{Extended_Pictographic}\p{GCB=Regional_Indicator}"
                           r"\p{GCB=Control}\p{GCB=SpacingMark}\p{GCB=Extend}\p{GCB=ZWJ}]",
                           everything)
    assert set(G._mask_table()) == set(map(ord, wanted))


def test_flags_are_linear() -> None:
    text = "🇳🇱" * 125_000
    start = time.process_time()
    assert grapheme_count(text) == 125_000
    assert len(grapheme_boundaries(text)) == 125_001
    assert time.process_time() - start < 2.0  # plain \X needs minutes here
