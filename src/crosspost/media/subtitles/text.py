"""Cue text markup: what a viewer sees, and how markup changes between SRT and WebVTT.

Cue lines keep their source markup. SRT knows ``<i> <b> <u> <font>`` and ``{\\an8}`` position
codes and shows ``&`` literally; WebVTT has its own tags (``<v Name>``, ``<c.class>``, ruby,
timestamps) and requires ``&amp; &lt; &gt;``. Counting characters or converting a file must
treat both right, or ``<i>`` counts as three letters and ``AT&T`` breaks a VTT file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosspost.media.facts import SubtitleFormat

__all__ = ["Word", "split_words", "to_srt_markup", "to_vtt_markup", "visible_text"]

_SRT_TAG = re.compile(r"</?(?:i|b|u|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}", re.IGNORECASE)
_VTT_TAG = re.compile(r"<[^<>]*>")
_SIMPLE = re.compile(r"^<(/?)(i|b|u)(?:[.\s][^<>]*)?>$", re.IGNORECASE)


def _tag_pattern(fmt: SubtitleFormat) -> re.Pattern[str]:
    return _SRT_TAG if fmt == "srt" else _VTT_TAG


def visible_text(line: str, fmt: SubtitleFormat) -> str:
    """The characters a viewer sees on this line (tags removed, VTT entities decoded)."""
    text = _tag_pattern(fmt).sub("", line)
    if fmt != "vtt":
        return text
    import html  # entities are WebVTT's; an SRT file never needs the table

    return html.unescape(text)


def to_vtt_markup(line: str, source: SubtitleFormat) -> str:
    """Rewrite one cue line as WebVTT: keep i/b/u, drop font and position codes, escape text."""
    if source == "vtt":
        return line
    out: list[str] = []
    last = 0
    for match in _SRT_TAG.finditer(line):
        out.append(_vtt_escape(line[last : match.start()]))
        simple = _SIMPLE.match(match.group(0))
        if simple:
            out.append(f"<{simple.group(1)}{simple.group(2).lower()}>")
        last = match.end()
    out.append(_vtt_escape(line[last:]))
    return "".join(out)


def to_srt_markup(line: str, source: SubtitleFormat) -> str:
    """Rewrite one cue line as SRT: keep i/b/u (without classes), decode entities."""
    if source == "srt":
        return line
    import html

    out: list[str] = []
    last = 0
    for match in _VTT_TAG.finditer(line):
        out.append(html.unescape(line[last : match.start()]))
        simple = _SIMPLE.match(match.group(0))
        if simple:
            out.append(f"<{simple.group(1)}{simple.group(2).lower()}>")
        last = match.end()
    out.append(html.unescape(line[last:]))
    return "".join(out)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Word:
    """A whitespace-separated word with the tags attached to it and its visible length."""

    raw: str
    width: int


def split_words(lines: tuple[str, ...] | list[str], fmt: SubtitleFormat) -> list[Word]:
    """Split cue text into words; tags (even ``<v Bob>`` with its space) stay inside a word."""
    pattern = _tag_pattern(fmt)
    words: list[str] = []
    current = ""
    for line in lines:
        pos = 0
        for match in pattern.finditer(line):
            current = _add_text(line[pos : match.start()], current, words)
            current += match.group(0)
            pos = match.end()
        current = _add_text(line[pos:], current, words)
        current = _flush(current, words)
    _flush(current, words)
    merged: list[str] = []
    pending = ""
    for raw in words:  # a word that is only tags joins the next word (or the previous one)
        if not visible_text(raw, fmt).strip():
            pending += raw
            continue
        merged.append(pending + raw)
        pending = ""
    if pending:
        if merged:
            merged[-1] += pending
        else:
            merged.append(pending)
    return [Word(raw, len(visible_text(raw, fmt))) for raw in merged]


def _add_text(text: str, current: str, words: list[str]) -> str:
    parts = re.split(r"(\s+)", text)
    for part in parts:
        if not part:
            continue
        if part.isspace():
            current = _flush(current, words)
        else:
            current += part
    return current


def _flush(current: str, words: list[str]) -> str:
    if current:
        words.append(current)
    return ""
