"""The sentence rule that ``fit`` and ``split_thread`` cut at."""

from __future__ import annotations

import pytest

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
