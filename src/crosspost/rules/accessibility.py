"""Accessibility of the text: what screen readers make of hashtags, fancy letters and emoji."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import ItemContext
from .meta import RuleMeta

CAMELCASE = RuleMeta(
    id="hashtags.camelcase",
    name="Hashtag not in CamelCase",
    summary="A long hashtag written in one case; screen readers cannot find the words in it.",
    why="A screen reader reads #energietransitienu as one garbled word; #EnergietransitieNu is "
    "read word by word. Capitalise each word of a multi-word hashtag.",
    failing=("#klimaatakkoordutrecht", "#ENERGIETRANSITIE"),
    passing=("#KlimaatakkoordUtrecht", "#wonen"),
)
FANCY = RuleMeta(
    id="text.fancy_unicode",
    name="Fancy Unicode letters",
    summary="Bold, italic or script letters made of mathematical or enclosed Unicode symbols.",
    why="𝗩𝗲𝘁𝘁𝗲 letters are symbols, not letters: screen readers spell them out or skip them, "
    "and search does not find them.",
    failing=("𝗕𝗲𝗹𝗮𝗻𝗴𝗿𝗶𝗷𝗸 nieuws",),
    passing=("Belangrijk nieuws", "accented letters: café, één"),
)
EMOJI_DENSITY = RuleMeta(
    id="text.emoji_density",
    name="Many emoji",
    summary="Many emoji for the amount of text.",
    why="Screen readers read each emoji's full name; a row of emoji becomes a long list of "
    "words that hides the message.",
    failing=("Feest 🎉🎉🎉 vandaag 🥳🥳",),
    passing=(
        "Koningsdag 🎉 De vrijmarkt begint om 9 uur op het Marktplein.",
        "five emoji in an announcement of 40 words",
    ),
)

MIN_CAMELCASE_LETTERS = 12
MAX_EMOJI_PER_WORD = 0.3
MIN_EMOJI_FOR_DENSITY = 5


# Fancy letters: Mathematical Alphanumeric Symbols, circled Latin letters, squared and
# negative circled Latin letters, fullwidth Latin letters. One class: a scan in C.
_FANCY = re.compile("[\U0001D400-\U0001D7FF\u24B6-\u24E9\U0001F130-\U0001F189\uFF21-\uFF5A]")


def _texts(ctx: ItemContext) -> Iterator[tuple[tuple[str | int, ...], str]]:
    yield ("text",), ctx.item.text
    for target, text in ctx.item.overrides.items():
        yield ("overrides", target), text


def one_case(body: str) -> bool:
    """A hashtag long enough to hold several words, written in one case."""
    letters = [c for c in body if c.isalpha()]
    if len(letters) < MIN_CAMELCASE_LETTERS:
        return False
    return all(c.islower() for c in letters) or all(c.isupper() for c in letters)


def check_camelcase(ctx: ItemContext) -> Iterator[Finding]:
    from ..text import extract_hashtags

    for key, text in _texts(ctx):
        for tag in extract_hashtags(text):
            if one_case(tag.text.lstrip("#＃")):
                better = ctx.settings.text.spelling(tag.text)
                fixable = better is not None and not one_case(better)
                yield ctx.finding(
                    CAMELCASE.id,
                    f"hashtag {tag.text} is in one case; write each word with a capital "
                    "(CamelCase) so screen readers can read it",
                    severity="info",
                    key=key,
                    span=(tag.start, tag.end),
                    measured=tag.text,
                    fixable=fixable,
                    hint=f"adapt writes #{better} (the policy's camelcase table)" if fixable
                    else "add the spelling to the policy's adapt.text.camelcase table",
                )


def check_fancy(ctx: ItemContext) -> Iterator[Finding]:
    for key, text in _texts(ctx):
        at = [m.start() for m in _FANCY.finditer(text)] if not text.isascii() else []
        fancy = [text[i] for i in at]
        if fancy:
            sample = "".join(fancy[:12])
            plain = unicodedata.normalize("NFKC", sample)
            yield ctx.finding(
                FANCY.id,
                f"{len(fancy)} fancy Unicode letters ({sample!s} reads as {plain!r} only to "
                "sighted readers); use plain letters",
                severity="warning",
                key=key,
                span=(at[0], at[0] + 1),
                measured=len(fancy),
                limit=0,
                unit="characters",
            )


def check_emoji_density(ctx: ItemContext) -> Iterator[Finding]:
    from ..text import extract_emoji

    for key, text in _texts(ctx):
        emoji = extract_emoji(text)
        words = len(text.split())
        if len(emoji) >= MIN_EMOJI_FOR_DENSITY and len(emoji) > MAX_EMOJI_PER_WORD * words:
            yield ctx.finding(
                EMOJI_DENSITY.id,
                f"{len(emoji)} emoji in {words} words; screen readers read every emoji's name",
                severity="info",
                key=key,
                measured=len(emoji),
                unit="emoji",
            )


RULES = (
    Rule(CAMELCASE, "item", check_camelcase),
    Rule(FANCY, "item", check_fancy),
    Rule(EMOJI_DENSITY, "item", check_emoji_density),
)
