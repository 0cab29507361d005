"""Emoji sequence extraction in the shape of twemoji-parser, which twitter-text v3 counts with.

twitter-text 3.1.0 ``parseTweet`` weighs every emoji its dependency ``twemoji-parser``
(``^11.0.2``) finds at 200, i.e. 2 characters, however many code points it has. That regex
(src/lib/regex.js in https://github.com/twitter/twemoji-parser, generated from the template
src/scala/generator/src/main/resources/codegen/regex.js.mustache) lists Emoji 11 sequences
literally. This module keeps its structure but uses Unicode properties, so newer emoji
(🫠, 🐦‍🔥) are found too:

1. tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿),
2. ZWJ sequences of pictographs, each with an optional skin tone or VS16 (👨‍👩‍👧‍👦, 🏳️‍⚧️),
3. keycaps ``[#*0-9] VS16? U+20E3`` (1️⃣),
4. flags: a pair of regional indicators (🇳🇱),
5. modifier sequences (👍🏽, ☝🏽),
6. a text-default emoji followed by VS16 (©️, ❤️; not ``1️`` without keycap), and the
   few presentation-default ones twemoji also takes with VS16 (⌚️),
7. twemoji's text-default "variants" that it shows as emoji even without VS16 (❤, ☺, ✈),
   unless VS15 (text style) follows, and
8. any single ``Emoji_Presentation`` character (😷, a lone 🇳, a lone 🏽).

ZWJ sequences are recognised as twemoji-parser recognises them, from a list: the
fully-qualified sequences of the current Unicode emoji set (``emoji_zwj.txt``, Emoji 17, made
by ``tools/build_emoji_zwj.py``). A chain of pictographs joined by ZWJ that is not on the list
(🍕‍🍔, 👨‍💻‍🚀, or 🏌‍♂ without its VS16s) is taken apart as twemoji's regex takes it: from each
part on, the longest listed sequence, else the part alone; the ZWJs between them are text. So
👨‍💻‍🚀 is 👨‍💻, a ZWJ and 🚀: 5 for X, as twitter-text counts it.

Differences from twemoji-parser 11 (documented, deliberate): emoji newer than Emoji 11 are
found (X's current parser knows them; the npm package still ships the 2018 list); any two
regional indicators form a flag; a stray VS16 is not an emoji (for the weighted length it
weighs 200 either way).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from .entity import Entity

__all__ = ["emoji_spans", "extract_emoji"]

# The text-default characters twemoji-parser 11.0.2 matches without VS16 (found by running
# its regex over every \p{Emoji} code point; they are the "variants" of its template).
TWEMOJI_VARIANTS = (
    r"\u203C\u2049\u2139\u2194-\u2199\u21A9-\u21AA\u2328\u23CF\u23ED-\u23EF\u23F1-\u23F2"
    r"\u23F8-\u23FA\u24C2\u25AA-\u25AB\u25B6\u25C0\u25FB-\u25FC\u2600-\u2604\u260E\u2611"
    r"\u2618\u261D\u2620\u2622-\u2623\u2626\u262A\u262E-\u262F\u2638-\u263A\u2640\u2642"
    r"\u2660\u2663\u2665-\u2666\u2668\u267B\u267E\u2692\u2694-\u2697\u2699\u269B-\u269C"
    r"\u26A0\u26B0-\u26B1\u26C8\u26CF\u26D1\u26D3\u26E9\u26F0-\u26F1\u26F4\u26F7-\u26F9"
    r"\u2702\u2708-\u2709\u270C-\u270D\u270F\u2712\u2714\u2716\u271D\u2721\u2733-\u2734"
    r"\u2744\u2747\u2763-\u2764\u27A1\u2934-\u2935\u2B05-\u2B07\u3030\u303D\u3297\u3299"
    r"\U0001F170-\U0001F171\U0001F17E-\U0001F17F\U0001F202\U0001F237\U0001F321"
    r"\U0001F324-\U0001F32C\U0001F336\U0001F37D\U0001F396-\U0001F397\U0001F399-\U0001F39B"
    r"\U0001F39E-\U0001F39F\U0001F3CB-\U0001F3CE\U0001F3D4-\U0001F3DF\U0001F3F3\U0001F3F5"
    r"\U0001F3F7\U0001F43F\U0001F441\U0001F4FD\U0001F549-\U0001F54A\U0001F56F-\U0001F570"
    r"\U0001F573-\U0001F579\U0001F587\U0001F58A-\U0001F58D\U0001F590\U0001F5A5\U0001F5A8"
    r"\U0001F5B1-\U0001F5B2\U0001F5BC\U0001F5C2-\U0001F5C4\U0001F5D1-\U0001F5D3"
    r"\U0001F5DC-\U0001F5DE\U0001F5E1\U0001F5E3\U0001F5E8\U0001F5EF\U0001F5F3\U0001F5FA"
    r"\U0001F6CB\U0001F6CD-\U0001F6CF\U0001F6E0-\U0001F6E5\U0001F6E9\U0001F6F0\U0001F6F3"
)

# Emoji_Presentation characters that twemoji-parser 11.0.2 also accepts with a VS16 (they
# have emoji variation sequences); any other Emoji_Presentation character followed by VS16
# is counted by twemoji as the emoji plus a stray VS16.
TWEMOJI_PRESENTATION_WITH_VS16 = (
    r"\u231A\u231B\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB"
    r"\u26BD\u26BE\u26C4\u26C5\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2757\u2B1B"
    r"\u2B1C\u2B50\u2B55\U0001F004\U0001F21A\U0001F22F"
)

_VS16 = "\ufe0f"
_VS15 = "\ufe0e"


_ZWJ = "\u200d"
_ZWJ_FILE = "emoji_zwj.txt"


@cache
def _zwj_sequences() -> tuple[frozenset[str], int]:
    """The recognised ZWJ sequences and the most parts one has."""
    # beside this module, as every data file of crosspost (importlib.resources costs
    # tens of milliseconds of imports on a command's start)
    text = Path(__file__).with_name(_ZWJ_FILE).read_text(encoding="utf-8")
    found = frozenset(
        "".join(chr(int(code, 16)) for code in line.split())
        for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    return found, max((s.count(_ZWJ) + 1 for s in found), default=1)


@cache
def _pattern(zwj: bool = True) -> regex.Pattern[str]:
    """The emoji alternatives in twemoji's order; ``zwj=False`` leaves out ZWJ chains (to
    find the emoji inside one part of a chain)."""
    pict = rf"\p{{Extended_Pictographic}}(?:\p{{Emoji_Modifier}}|{_VS16})?"
    alternatives = [
        # 4. flags, a run of them in one match (no earlier alternative starts with two
        # indicators: an indicator is no pictograph and needs tags to start a tag sequence)
        r"(?:\p{Regional_Indicator}\p{Regional_Indicator})+",
        r"\p{Emoji}[\U000E0020-\U000E007E]+\U000E007F",  # 1. tag sequence
        rf"(?P<zwj>{pict}(?:\u200D{pict})+)" if zwj else "(?!)",  # 2. ZWJ chain
        rf"[#*0-9]{_VS16}?\u20E3",  # 3. keycap
        r"\p{Emoji_Modifier_Base}\p{Emoji_Modifier}",  # 5. modifier sequence
        # 6. presentation sequence of a text-default emoji (not a bare digit, # or *)
        rf"(?:(?![#*0-9\p{{Emoji_Presentation}}])\p{{Emoji}}|[{TWEMOJI_PRESENTATION_WITH_VS16}])"
        rf"{_VS16}",
        rf"[{TWEMOJI_VARIANTS}](?!{_VS15})",  # 7. twemoji variants
        rf"\p{{Emoji_Presentation}}(?!{_VS15})",  # 8. single emoji
    ]
    return regex.compile(_GATE + "(?:" + "|".join(f"(?:{a})" for a in alternatives) + ")")


# Every alternative starts with an Emoji or Extended_Pictographic character; an ASCII one
# (# * 0-9) only in a keycap or tag sequence. Testing that first lets the regex pass over
# other characters at once instead of trying eight alternatives at each (a megabyte of CJK
# or combining marks: 0.17 s -> 0.01 s).
_GATE = (r"(?=[#*0-9][\ufe0f\u20e3\U000E0020-\U000E007E]"
         r"|(?![\x00-\x7f])[\p{Emoji}\p{Extended_Pictographic}])")


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each emoji sequence, left to right, non-overlapping.

    Memoised: X's and Threads' lengths and the cuts of one text each ask for them."""
    if text.isascii():
        return []  # keycaps need U+20E3, so pure ASCII has no emoji
    return list(_emoji_spans(text))


@lru_cache(maxsize=16)
def _emoji_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_found(text, zwj=True))


def _found(text: str, zwj: bool) -> list[tuple[int, int]]:
    if not zwj or _ZWJ not in text:  # no chain to take apart
        spans = [match.span() for match in _pattern(zwj).finditer(text)]
        return _flags_apart(text, spans) if _FLAG_RUN.search(text) else spans
    spans = []
    for match in _pattern(zwj).finditer(text):
        if match.lastgroup is None:  # "zwj" is the pattern's only group
            spans.append(match.span())
        else:
            spans.extend(_chain_spans(text, *match.span()))
    return _flags_apart(text, spans) if _FLAG_RUN.search(text) else spans


# Two flags in a row: only then does a match hold more than one.
_FLAG_RUN = regex.compile(r"\p{Regional_Indicator}{4}")


def _flags_apart(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each run of flags (a match longer than one flag whose second
    character is an indicator: no other alternative starts so) split into its pairs."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start > 2 and "\U0001f1e6" <= text[start + 1] <= "\U0001f1ff":
            out += zip(range(start, end, 2), range(start + 2, end + 1, 2), strict=True)
        else:
            out.append((start, end))
    return out


def _chain_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A chain of pictographs joined by ZWJ, taken apart as twemoji-parser's regex takes it:
    from each part on, the longest recognised sequence, else the emoji in that part alone.

    Linear in the chain: the listed sequences are walked as a trie of parts (a step per part
    while a listed sequence can still continue), and a part that starts none is scanned once
    per distinct part."""
    trie = _zwj_trie()
    parts = text[start:end].split(_ZWJ)
    starts = [start]
    for part in parts[:-1]:
        starts.append(starts[-1] + len(part) + 1)
    alone: dict[str, list[tuple[int, int]]] = {}
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(parts):
        node: dict[str, Any] = trie
        j, longest = i, 0
        while j < len(parts) and (child := node.get(parts[j])) is not None:
            node = child
            j += 1
            if _LISTED in node and j - i > 1:
                longest = j
        if longest:
            spans.append((starts[i], starts[longest - 1] + len(parts[longest - 1])))
            i = longest
            continue
        found = alone.get(parts[i])
        if found is None:
            found = alone[parts[i]] = _found(parts[i], zwj=False)
        spans += [(starts[i] + a, starts[i] + b) for a, b in found]
        i += 1
    return spans


#: Marks a trie node where a listed sequence ends (no part is empty, so "" is free).
_LISTED = ""


@cache
def _zwj_trie() -> dict[str, Any]:
    """The listed ZWJ sequences as a trie keyed by their parts."""
    root: dict[str, Any] = {}
    for sequence in _zwj_sequences()[0]:
        node = root
        for part in sequence.split(_ZWJ):
            node = node.setdefault(part, {})
        node[_LISTED] = {}
    return root


def extract_emoji(text: str) -> list[Entity]:
    """Each emoji sequence as an entity; a family or a flag is one entity."""
    return [Entity(s, e, "emoji", text[s:e]) for s, e in emoji_spans(text)]
