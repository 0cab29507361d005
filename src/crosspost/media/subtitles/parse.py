"""Strict SRT and WebVTT parsing: every malformed cue is an error naming file, cue and line.

Players silently drop cues they cannot read, so a typo in a timestamp means captions that
vanish on one platform only. crosspost refuses instead and says where. Problems that do not
make the file ambiguous (overlaps, long lines, ...) are left to ``lint_subtitles``.
Accepted encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM; anything else, for
example Latin-1 bytes, is an error that points at the first bad byte's line.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from crosspost.errors import SubtitleError
from crosspost.media.facts import SubtitleCue, SubtitleFormat, Subtitles
from crosspost.media.files import check_media_file
from crosspost.media.subtitles.bounds import (
    SubtitleLimits,
    check_cue_count,
    check_subtitle_bounds,
)
from crosspost.media.subtitles.timecode import EXAMPLE, parse_timestamp

__all__ = [
    "DEFAULT_MAX_SUBTITLE_BYTES",
    "decode_subtitle_bytes",
    "load_subtitles",
    "parse_srt",
    "parse_subtitles",
    "parse_vtt",
]

#: 10 MB of text is days of dialogue; a bigger "subtitle" file is something else.
DEFAULT_MAX_SUBTITLE_BYTES = SubtitleLimits().max_bytes

_ARROW = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$")


def load_subtitles(path: str | Path, *, max_bytes: int | None = None,
                   limits: SubtitleLimits | None = None) -> Subtitles:
    """Read and parse a subtitle file; WebVTT if it starts with ``WEBVTT`` or ends in .vtt.
    A file over ``limits`` (cues, cues at once, line length) is a SubtitleError."""
    limits = limits or SubtitleLimits()
    max_bytes = limits.max_bytes if max_bytes is None else max_bytes
    text_path = os.fspath(path)
    size = check_media_file(text_path, kind="subtitle file")
    if size > max_bytes:
        raise SubtitleError(
            f"is {size} bytes, more than the {max_bytes} bytes a subtitle file may have",
            path=text_path,
        )
    with open(text_path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    text = decode_subtitle_bytes(data, path=text_path)
    fmt: SubtitleFormat = "srt"
    if text.startswith("WEBVTT") or Path(text_path).suffix.lower() == ".vtt":
        fmt = "vtt"
    check_cue_count(text, limits, text_path)
    subtitles = parse_subtitles(text, fmt, path=text_path)
    check_subtitle_bounds(subtitles, limits, text_path)
    return subtitles


def decode_subtitle_bytes(data: bytes, *, path: str | None = None) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; refuse everything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SubtitleError(f"is not valid UTF-16 text ({exc.reason})", path=path) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            offset = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
            line = data.count(b"\n", 0, offset) + 1
            raise SubtitleError(
                f"is not UTF-8 text (byte 0x{data[offset]:02X} at byte offset {offset}); "
                f"{_guess(data)} re-save the file as UTF-8",
                path=path,
                line=line,
            ) from None
    text = text.removeprefix("\ufeff")
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise SubtitleError("contains NUL bytes; expected SRT or WebVTT text", path=path, line=line)
    return text


def _guess(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "the encoding is unknown;"
    return "it looks like Latin-1/Windows-1252:"


def parse_subtitles(text: str, fmt: SubtitleFormat, *, path: str | None = None) -> Subtitles:
    """Parse already-decoded text as ``fmt``."""
    return parse_srt(text, path=path) if fmt == "srt" else parse_vtt(text, path=path)


def _lines(text: str) -> list[str]:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_srt(text: str, *, path: str | None = None) -> Subtitles:
    """Parse SRT: blocks of number, timing line, text lines, separated by blank lines."""
    lines = _lines(text)
    cues: list[SubtitleCue] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        number = len(cues) + 1
        first = lines[i].strip()
        if not (first.isascii() and first.isdigit()):
            hint = ""
            if "-->" in first:
                hint = " (the cue number is missing)"
            elif cues:
                hint = f" (a blank line inside cue {number - 1}'s text?)"
            raise SubtitleError(
                f"expected a cue number, found {_show(first)}{hint}",
                path=path,
                line=i + 1,
                field=f"cue {number}",
            )
        i += 1
        if i >= len(lines) or not lines[i].strip():
            raise SubtitleError(
                f"expected a timing line '{EXAMPLE['srt']} --> ...' after the cue number",
                path=path,
                line=i + 1,
                field=f"cue {number}",
            )
        cue, i = _cue(lines, i, "srt", path, number, first)
        cues.append(cue)
    return Subtitles(format="srt", cues=tuple(cues), path=path)


def _cue(
    lines: list[str], i: int, fmt: SubtitleFormat, path: str | None, number: int,
    identifier: str | None,
) -> tuple[SubtitleCue, int]:
    """The cue whose timing line is ``lines[i]``; returns it and the index after its text."""
    start, end, settings = _timing(lines[i], fmt, path, i + 1, number)
    body, after = _body(lines, i + 1, path, number)
    cue = SubtitleCue(index=number, start_ms=start, end_ms=end, lines=tuple(body), line=i + 1,
                      identifier=identifier, settings=settings)
    return cue, after


def parse_vtt(text: str, *, path: str | None = None) -> Subtitles:
    """Parse WebVTT: header, then NOTE/STYLE/REGION blocks and cues separated by blank lines."""
    lines = _lines(text)
    first = lines[0]
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise SubtitleError(
            f"expected 'WEBVTT' as the first line, found {_show(first)}", path=path, line=1
        )
    header = first[6:].strip() or None
    i = 1
    while i < len(lines) and lines[i].strip():
        if "-->" in lines[i]:
            raise SubtitleError(
                "missing blank line between the WEBVTT header and the first cue",
                path=path,
                line=i + 1,
            )
        i += 1
    cues: list[SubtitleCue] = []
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        head = lines[i].strip()
        keyword = head.split(None, 1)[0] if head else ""
        if keyword == "NOTE" or (keyword in ("STYLE", "REGION") and not cues):
            i += 1
            while i < len(lines) and lines[i].strip():
                if "-->" in lines[i]:
                    raise SubtitleError(
                        f"missing blank line after the {keyword} block",
                        path=path,
                        line=i + 1,
                    )
                i += 1
            continue
        number = len(cues) + 1
        identifier: str | None = None
        if "-->" not in lines[i]:
            identifier = head
            i += 1
            if i >= len(lines) or "-->" not in lines[i]:
                raise SubtitleError(
                    f"expected a timing line '{EXAMPLE['vtt']} --> ...' after the cue "
                    f"identifier {_show(head)}",
                    path=path,
                    line=i + 1 if i < len(lines) else block_start + 1,
                    field=f"cue {number}",
                )
        cue, i = _cue(lines, i, "vtt", path, number, identifier)
        cues.append(cue)
    return Subtitles(format="vtt", cues=tuple(cues), path=path, header=header)


def _timing(
    line: str, fmt: SubtitleFormat, path: str | None, line_no: int, number: int
) -> tuple[int, int, str | None]:
    field = f"cue {number}"
    match = _ARROW.match(line.strip())
    if match is None:
        raise SubtitleError(
            f"expected a timing line 'START --> END' with times as {EXAMPLE[fmt]}, "
            f"found {_show(line)}",
            path=path,
            line=line_no,
            field=field,
        )
    times: list[int] = []
    for label, raw in (("start", match.group(1)), ("end", match.group(2))):
        value = parse_timestamp(raw, fmt)
        if value is None:
            raise SubtitleError(
                f"bad {label} time {_show(raw)}; expected {EXAMPLE[fmt]}",
                path=path,
                line=line_no,
                field=field,
            )
        times.append(value)
    settings = " ".join(match.group(3).split()) if match.group(3) else None
    return times[0], times[1], settings


def _body(lines: list[str], i: int, path: str | None, number: int) -> tuple[list[str], int]:
    body: list[str] = []
    while i < len(lines) and lines[i].strip():
        if "-->" in lines[i]:
            raise SubtitleError(
                f"missing blank line: cue {number}'s text runs into a timing line",
                path=path,
                line=i + 1,
                field=f"cue {number}",
            )
        body.append(lines[i].rstrip())
        i += 1
    return body, i


def _show(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
