"""``split_thread``: numbering, manual markers, never splitting entities."""

from __future__ import annotations

import re

import pytest
from crosspost_text_strategies import limits, posts
from hypothesis import assume, given, settings

from crosspost.text import DEFAULT_MARKER, CountMethod, count, entities, graphemes, split_thread

SUFFIX = re.compile(r" (\d+)/(\d+)\Z")


def _fits(part: str, wanted: dict[CountMethod, int]) -> bool:
    return all(count(part, m) <= v for m, v in wanted.items())


def test_text_that_fits_is_one_unnumbered_part() -> None:
    text = "Korte post met https://example.com"
    assert split_thread(text, {"twitter": 280}) == [text]


def test_sentences_are_packed_and_numbered() -> None:
    text = "Eerste zin is hier. Tweede zin komt erna. Derde zin sluit af."
    parts = split_thread(text, {"graphemes": 45})
    assert parts == [
        "Eerste zin is hier. Tweede zin komt erna. 1/2",
        "Derde zin sluit af. 2/2",
    ]
    assert all(count(p, "graphemes") <= 45 for p in parts)


def test_numbering_width_follows_the_total() -> None:
    text = " ".join(f"Zin nummer {i}." for i in range(1, 13))
    parts = split_thread(text, {"codepoints": 20})
    assert len(parts) == 12
    assert parts[0] == "Zin nummer 1. 1/12"
    assert parts[-1] == "Zin nummer 12. 12/12"
    assert all(count(p, "codepoints") <= 20 for p in parts)


def test_long_sentence_falls_back_to_words_and_keeps_urls_whole() -> None:
    url = "https://example.com/een/lang/pad"
    text = f"Dit is een hele lange zin met een link {url} en nog veel meer woorden erachter."
    parts = split_thread(text, {"graphemes": 50})
    assert all(count(p, "graphemes") <= 50 for p in parts)
    assert sum(url in p for p in parts) == 1
    assert " ".join(SUFFIX.sub("", p) for p in parts).split() == text.split()


def test_manual_marker_wins() -> None:
    text = "Deel een.\n---\nDeel twee.\n  ---  \nDeel drie."
    assert split_thread(text, {"twitter": 280}) == [
        "Deel een. 1/3",
        "Deel twee. 2/3",
        "Deel drie. 3/3",
    ]
    assert split_thread(text, {"twitter": 280}, numbering=False) == [
        "Deel een.",
        "Deel twee.",
        "Deel drie.",
    ]
    # "---" inside a line, or the 🧵 emoji, is ordinary text
    assert split_thread("a --- b 🧵 c", {"twitter": 280}) == ["a --- b 🧵 c"]


def test_custom_marker() -> None:
    assert split_thread("een\n🧵\ntwee", {"graphemes": 100}, marker_regex=r"^🧵$") == [
        "een 1/2",
        "twee 2/2",
    ]


def test_an_entity_longer_than_a_part_raises() -> None:
    with pytest.raises(ValueError, match="longer than a limit"):
        split_thread("zie https://example.com/" + "x" * 80 + " nu", {"graphemes": 40})


@settings(max_examples=60, deadline=None)
@given(posts(max_fragments=60), limits(minimum=80, maximum=300))
def test_thread_properties(text: str, wanted: dict[CountMethod, int]) -> None:
    assume(not re.search(DEFAULT_MARKER, text, re.MULTILINE))
    try:
        parts = split_thread(text, wanted)
    except ValueError:
        # only allowed when some entity or grapheme cannot fit a part even on its own
        widest = f" {len(text)}/{len(text)}"
        atoms = [e.text for e in entities(text)] + graphemes(text)
        assert any(not _fits(atom + widest, wanted) for atom in atoms)
        return
    assert parts == split_thread(text, wanted)  # deterministic
    assert all(_fits(p, wanted) for p in parts)
    if _fits(text, wanted):
        assert parts == [text]
        return
    bodies = parts
    if len(parts) > 1:
        suffixes = [SUFFIX.search(p) for p in parts]
        assert all(m is not None for m in suffixes)
        assert [(int(m[1]), int(m[2])) for m in suffixes if m] == [
            (i, len(parts)) for i in range(1, len(parts) + 1)
        ]
        bodies = [SUFFIX.sub("", p) for p in parts]
    # nothing is lost or reordered; words stay whole unless one cannot fit a part alone (or
    # a CJK full stop, which ends a sentence without a space, sits inside a "word")
    assert "".join("".join(b.split()) for b in bodies) == "".join(text.split())
    widest = f" {len(parts)}/{len(parts)}"
    cjk_stop = any(ch in text for ch in "。！？｡")
    if not cjk_stop and all(_fits(word + widest, wanted) for word in text.split()):
        assert " ".join(bodies).split() == text.split()
    # no entity is split: each entity of the text lies inside a single part
    for e in entities(text):
        if not e.text.isspace():
            assert any(e.text in body for body in bodies), e


def test_thread_split_says_where_each_part_was_cut() -> None:
    """A summary must not claim sentence boundaries for a sentence cut between words."""
    from crosspost.text.thread import thread_split

    sentences = thread_split("Dit is de eerste zin. " * 40, {"graphemes": 280})
    assert set(sentences.cuts) == {"sentence"}
    assert sentences.where == "at sentence boundaries"
    assert len(sentences.cuts) == len(sentences.parts) - 1
    long = thread_split("Een korte zin. " * 30 + "woord " * 200, {"graphemes": 280})
    assert "word" in long.cuts
    assert long.where == (f"at {long.cuts.count('sentence')} sentence ends and "
                          f"{long.cuts.count('word')} points between words")
    marked = thread_split("Kort een.\n---\nKort twee.", {"graphemes": 280})
    assert (marked.cuts, marked.where) == (("marker",), "at the marker in the text")
    glued = thread_split("a" * 700, {"graphemes": 280})
    assert glued.where == "at 2 points inside a word"
    assert thread_split("Past.", {"graphemes": 280}).cuts == ()
