"""Faster counting and scanning give exactly the results of the plain per-character loops."""

from __future__ import annotations

import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.rules.unsafe_chars import _NAMES, unsafe_positions
from crosspost.text.emoji import emoji_spans
from crosspost.text.twitter_length import twitter_weighted_length
from crosspost.text.urls import url_spans

PIECES = [
    "a", " ", "é", "日本", "ー", "\u2014", "\u2032", "\u2038", "\u10ff", "\u1100", "😀",
    "👨\u200d👩", "\u200d", "🇳🇱", "©\ufe0f", "#", "example.com", "https://x.org/p", "\u0301",
    "\x00", "\x1b", "\x85", "\u200b", "\u202e", "\u2066", "\ufeff", "\n", "\t", "\r",
    # joiners after a pictograph's marks, after a spacing mark, before a pictograph
    "\u0903", "😀\u0301\u200d", "😀\u0903\u200d", "\u200d😀", "\ufe0f", "😀\n", "\r\n\u200d",
]  # fmt: skip


def _reference_weight(text: str) -> int:
    """The per-code-point loop of parseTweet.js, as crosspost ran it before."""
    normalized = unicodedata.normalize("NFC", text)
    urls = dict(url_spans(normalized))
    emoji = dict(emoji_spans(normalized))
    light = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
    total, i = 0, 0
    while i < len(normalized):
        if i in urls:
            total, i = total + 2300, urls[i]
        elif i in emoji:
            total, i = total + 200, emoji[i]
        else:
            code = ord(normalized[i])
            total += 100 if any(lo <= code <= hi for lo, hi in light) else 200
            i += 1
    return total // 100


def _reference_unsafe(text: str) -> list[tuple[int, str]]:
    """One regex search per grapheme cluster, as crosspost ran it before."""
    found, offset = [], 0
    for cluster in regex.findall(r"\X", text):
        pictographic = regex.search(r"\p{Extended_Pictographic}", cluster) is not None
        for index, char in enumerate(cluster):
            code = ord(char)
            name = _NAMES.get(code)
            if code == 0x200D and pictographic:
                name = None
            elif name is None and ((code < 0x20 and char not in "\n\t\r") or 0x7F <= code < 0xA0):
                name = f"control character U+{code:04X}"
            if name:
                found.append((offset + index, name))
        offset += len(cluster)
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_weighted_length_matches_the_loop(text: str) -> None:
    assert twitter_weighted_length(text) == _reference_weight(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_unsafe_positions_match_the_cluster_loop(text: str) -> None:
    assert unsafe_positions(text) == _reference_unsafe(text)


EMOJI_PIECES = [
    *PIECES, "0", "#", "*", "1\ufe0f\u20e3", "#\u20e3", "0\U000E0067\U000E007F",
    "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "❤", "❤\ufe0e", "⌚\ufe0f",
    "👍🏽", "🏽", "☝", "\ufe0f", "\U000E0020", "🇳", "✈", "™", "🫠",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(EMOJI_PIECES), max_size=30).map("".join))
def test_gated_emoji_pattern_matches_the_plain_alternation(text: str) -> None:
    """The emoji regex starts with a cheap test of the first character; the alternation
    without it finds the same sequences."""
    from crosspost.text.emoji import _GATE, _pattern

    for zwj in (True, False):
        gated = _pattern(zwj)
        plain = regex.compile(gated.pattern.removeprefix(_GATE))
        assert plain.pattern != gated.pattern
        assert [m.span() for m in gated.finditer(text)] == [
            m.span() for m in plain.finditer(text)]


FLAG_PIECES = [*EMOJI_PIECES, "🇳", "🇱", "🇧", "🇳🇱", "\U000E0067", "\u200d", "🏽", "\ufe0f",
               "\ufe0e", "👨"]


def _pair_by_pair(text: str) -> list[tuple[int, int]]:
    """Emoji spans with flags matched one pair per match, in twemoji's order (tag sequence,
    ZWJ chain, keycap, flag, ...), as crosspost matched them before runs of flags."""
    from crosspost.text.emoji import _chain_spans, _pattern

    run = r"(?:(?:\p{Regional_Indicator}\p{Regional_Indicator})+)|"
    modifier = r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier})"
    pattern = _pattern(True).pattern
    assert run in pattern
    assert modifier in pattern
    pattern = pattern.replace(run, "").replace(
        modifier, r"(?:\p{Regional_Indicator}\p{Regional_Indicator})|" + modifier)
    spans: list[tuple[int, int]] = []
    for m in regex.finditer(pattern, text):
        if m.lastgroup == "zwj":
            spans += _chain_spans(text, *m.span())
        else:
            spans.append(m.span())
    return spans


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FLAG_PIECES), max_size=40).map("".join))
def test_runs_of_flags_give_the_pairs_of_one_match_each(text: str) -> None:
    assert emoji_spans(text) == _pair_by_pair(text)
