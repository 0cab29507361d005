"""Sentence boundaries: a small, language-agnostic rule, good enough to shorten posts.

A sentence ends

* after a run of ``. ! ? … ‼ ⁇ ⁈ ⁉`` (plus closing quotes or brackets) that is followed by
  whitespace or the end of the text, so ``3.5``, ``example.com`` and ``v1.2`` never end one;
* after a run of the full-width CJK terminators ``。 ！ ？ ｡`` (plus closing brackets), even
  without a following space, because CJK text does not put spaces between sentences;
* at a paragraph break (a blank line).

A single ``.`` does not end a sentence after a known abbreviation (Dutch and English, such as
``bijv.``, ``o.a.``, ``d.w.z.``, ``e.g.``, ``Dr.``, ``etc.``) or after a dotted run of single
letters (initials such as ``J.`` or ``U.S.``). The end of the text always ends the last
sentence. Offsets are code points; a boundary is the offset just after the terminator.
"""

from __future__ import annotations

import regex

__all__ = ["ABBREVIATIONS", "sentence_ends", "sentence_spans", "sentences"]

ABBREVIATIONS = frozenset(
    {
        # Dutch
        "bijv.", "bv.", "bijv", "o.a.", "d.w.z.", "m.b.t.", "i.p.v.", "t.a.v.", "t.o.v.",
        "m.a.w.", "o.b.v.", "z.s.m.", "a.u.b.", "e.a.", "e.d.", "enz.", "ca.", "resp.",
        "evt.", "incl.", "excl.", "max.", "min.", "nr.", "blz.", "dhr.", "mevr.", "mr.",
        "dr.", "drs.", "ir.", "ing.", "prof.", "jl.", "zgn.", "vgl.", "gem.", "tel.", "afd.",
        # English
        "e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "no.", "mrs.", "ms.", "sr.", "jr.",
        "st.", "inc.", "ltd.", "co.", "fig.", "p.", "pp.", "vol.", "dept.", "est.",
    }
)  # fmt: skip

_CLOSERS = "\"'”’»›)\\]}」』）】〕〉》"
_LATIN_END = regex.compile(rf"[.!?…‼⁇⁈⁉]+[{_CLOSERS}]*(?=\s|\Z)")
_CJK_END = regex.compile(rf"[。！？｡]+[{_CLOSERS}]*")
_PARAGRAPH = regex.compile(r"\n[^\S\n]*\n")
_INITIALS = regex.compile(r"(?:\p{L}\.)+")
_OPENERS = "([{\"'“‘«‹¿¡"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the ``.`` at ``dot`` closes an abbreviation or initials, not a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start : dot + 1].lstrip(_OPENERS).lower()
    return token in ABBREVIATIONS or _INITIALS.fullmatch(token) is not None


def sentence_ends(text: str) -> list[int]:
    """Sorted offsets where a sentence ends, always including the end of the stripped text."""
    ends = set()
    for m in _LATIN_END.finditer(text):
        dot = m.start()
        # A lone "." after a space or at the start closes no abbreviation (its token is ".").
        if (dot and not text[dot - 1].isspace() and m.group().rstrip(_CLOSERS) == "."
                and _is_abbreviation(text, dot)):
            continue
        ends.add(m.end())
    ends.update(m.end() for m in _CJK_END.finditer(text))
    ends.update(m.start() for m in _PARAGRAPH.finditer(text))
    last = len(text.rstrip())
    ends.add(last)
    return sorted(e for e in ends if 0 < e <= last) or [last]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, without surrounding whitespace; none if blank."""
    spans = []
    start = 0
    for end in sentence_ends(text):
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        start = end
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see the module docstring for the rule)."""
    return [text[start:end] for start, end in sentence_spans(text)]
