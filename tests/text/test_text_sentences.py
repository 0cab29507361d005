"""The sentence rule that ``fit`` and ``split_thread`` cut at."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.text import sentence_spans, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Een. Twee! Drie? Vier… Vijf", ["Een.", "Twee!", "Drie?", "Vier…", "Vijf"]),
        ("Kijk bijv. hier. En o.a. daar.", ["Kijk bijv. hier.", "En o.a. daar."]),
        ("Dat is d.w.z. anders. Klaar.", ["Dat is d.w.z. anders.", "Klaar."]),
        ("See e.g. this. Dr. Smith agrees.", ["See e.g. this.", "Dr. Smith agrees."]),
        (
            "Versie 3.5 is uit. Zie example.com. Klaar",
            ["Versie 3.5 is uit.", "Zie example.com.", "Klaar"],
        ),
        ("J. Jansen schreef het. Echt.", ["J. Jansen schreef het.", "Echt."]),
        ('Hij zei: "Ja." Toen ging hij.', ['Hij zei: "Ja."', "Toen ging hij."]),
        ("Wat?! Echt?", ["Wat?!", "Echt?"]),
        ("日本語です。次の文！最後？", ["日本語です。", "次の文！", "最後？"]),
        ("Kop zonder punt\n\nTekst eronder", ["Kop zonder punt", "Tekst eronder"]),
        ("   ", []),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_offsets_into_the_text() -> None:
    text = "  Een.   Twee.  "
    assert sentence_spans(text) == [(2, 6), (9, 14)]


def _reference_ends(text: str) -> list[int]:
    """sentence_ends with every lone "." looked up as a possible abbreviation, as before a
    "." after a space was let through without the lookup."""
    module = importlib.import_module("crosspost.text.sentences")  # not the function

    ends = set()
    for m in module._LATIN_END.finditer(text):
        if m.group().rstrip(module._CLOSERS) == "." and module._is_abbreviation(text, m.start()):
            continue
        ends.add(m.end())
    ends.update(m.end() for m in module._CJK_END.finditer(text))
    ends.update(m.start() for m in module._PARAGRAPH.finditer(text))
    last = len(text.rstrip())
    ends.add(last)
    return sorted(e for e in ends if 0 < e <= last) or [last]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    [".", " ", "\n", "J", "bijv", "o.a", "(", "\"", ")", "!", "a", "e.g", "\u3000", "。"]),
    max_size=30).map("".join))
def test_a_lone_dot_after_a_space_is_no_abbreviation(text: str) -> None:
    from crosspost.text.sentences import sentence_ends

    assert sentence_ends(text) == _reference_ends(text)
