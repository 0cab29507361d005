"""Strict SRT/WebVTT parsing: good files parse, every malformed one names file, cue and line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from crosspost.errors import MediaError, SubtitleError
from crosspost.media import load_subtitles, parse_srt, parse_vtt

SRT = """1
00:00:01,000 --> 00:00:02,500
Hello <i>world</i>

2
00:00:03,000 --> 00:00:04,000
Two
lines
"""

VTT = """WEBVTT - demo captions
Kind: captions

STYLE
::cue { color: yellow }

NOTE this is a comment
spanning two lines

intro
00:01.000 --> 00:02.500 align:start   position:10%
<v Ann>Hello &amp; welcome

01:00:03.000 --> 01:00:04.000
Second
"""


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_parse_srt(tmp_path: Path) -> None:
    subs = load_subtitles(_write(tmp_path, "a.srt", SRT))
    assert subs.format == "srt"
    assert subs.path == str(tmp_path / "a.srt")
    first, second = subs.cues
    assert (first.index, first.start_ms, first.end_ms) == (1, 1000, 2500)
    assert first.lines == ("Hello <i>world</i>",)
    assert (first.line, first.identifier) == (2, "1")
    assert (second.start, second.end, second.lines) == (3.0, 4.0, ("Two", "lines"))


def test_parse_vtt_skips_style_and_notes_and_keeps_ids_and_settings(tmp_path: Path) -> None:
    subs = load_subtitles(_write(tmp_path, "a.vtt", VTT))
    assert subs.format == "vtt"
    assert subs.header == "- demo captions"
    first, second = subs.cues
    assert (first.identifier, first.start_ms, first.end_ms) == ("intro", 1000, 2500)
    assert first.settings == "align:start position:10%"
    assert first.lines == ("<v Ann>Hello &amp; welcome",)
    assert first.line == 11
    assert (second.identifier, second.start_ms) == (None, 3_603_000)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + SRT.replace("\n", "\r\n").encode()
    subs = load_subtitles(_write(tmp_path, "bom.srt", data))
    assert [c.lines for c in subs.cues] == [("Hello <i>world</i>",), ("Two", "lines")]
    vtt = codecs.BOM_UTF8 + b"WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n"
    assert load_subtitles(_write(tmp_path, "bom.vtt", vtt)).cues[0].lines == ("Hi",)


def test_utf16_with_bom_is_accepted(tmp_path: Path) -> None:
    data = SRT.replace("Two", "Zwei Grüße").encode("utf-16")
    subs = load_subtitles(_write(tmp_path, "wide.srt", data))
    assert subs.cues[1].lines == ("Zwei Grüße", "lines")


def test_latin1_bytes_name_the_line_and_the_fix(tmp_path: Path) -> None:
    data = SRT.replace("Two", "Café").encode("latin-1")
    path = _write(tmp_path, "latin.srt", data)
    with pytest.raises(SubtitleError) as info:
        load_subtitles(path)
    assert info.value.path == str(path)
    assert info.value.line == 7
    message = str(info.value)
    assert message.startswith(f"{path}:7: is not UTF-8 text (byte 0xE9")
    assert "Latin-1/Windows-1252" in message
    assert "re-save the file as UTF-8" in message


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            SRT.replace("00:00:03,000", "00:00:03.000"),
            6,
            r"cue 2: bad start time '00:00:03\.000'; expected HH:MM:SS,mmm",
        ),
        (SRT.replace("00:00:02,500", "00:00:02,5"), 2, r"cue 1: bad end time '00:00:02,5'"),
        (SRT.replace("00:00:02,500", "00:61:02,500"), 2, r"cue 1: bad end time"),
        (SRT.replace(" --> ", " -> ", 1), 2, r"cue 1: expected a timing line 'START --> END'"),
        (SRT.replace("\n\n2\n", "\n2\n"), 5, r"cue 1: missing blank line: cue 1's text runs into"),
        (SRT.replace("1\n", "one\n", 1), 1, r"cue 1: expected a cue number, found 'one'"),
        (
            SRT.replace("1\n", "", 1),
            1,
            r"cue 1: expected a cue number, .*the cue number is missing",
        ),
        ("1\n", 2, r"cue 1: expected a timing line"),
        (
            SRT.replace("Two\n", "Two\n\n"),
            9,
            r"cue 3: expected a cue number, found 'lines' \(a blank",
        ),
    ],
)
def test_malformed_srt_is_an_error_with_file_cue_and_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = _write(tmp_path, "bad.srt", text)
    with pytest.raises(SubtitleError, match=rf"^{path}:{line}: {expected}") as info:
        load_subtitles(path)
    assert info.value.line == line


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", 1, r"expected 'WEBVTT' as the first line"),
        ("WEBVTTX\n", 1, r"expected 'WEBVTT'"),
        ("WEBVTT\n00:01.000 --> 00:02.000\nHi\n", 2, r"missing blank line between the WEBVTT"),
        ("WEBVTT\n\n00:01,000 --> 00:02.000\nHi\n", 3, r"cue 1: bad start time '00:01,000'"),
        ("WEBVTT\n\n1:02.000 --> 00:03.000\nHi\n", 3, r"cue 1: bad start time '1:02\.000'"),
        ("WEBVTT\n\nid\nnot timing\n", 4, r"cue 1: expected a timing line .* after the cue id"),
        (
            "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n",
            5,
            r"cue 1: missing blank line",
        ),
        ("WEBVTT\n\nNOTE x\n00:01.000 --> 00:02.000\n", 4, r"missing blank line after the NOTE"),
    ],
)
def test_malformed_vtt_is_an_error_with_file_cue_and_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = _write(tmp_path, "bad.vtt", text)
    with pytest.raises(SubtitleError, match=rf"^{path}:{line}: {expected}"):
        load_subtitles(path)


def test_vtt_content_in_srt_file_is_read_as_vtt(tmp_path: Path) -> None:
    subs = load_subtitles(_write(tmp_path, "mislabelled.srt", VTT))
    assert subs.format == "vtt"


def test_binary_and_oversized_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(SubtitleError, match=r"nul\.srt:1: contains NUL bytes"):
        load_subtitles(_write(tmp_path, "nul.srt", b"1\x00\x00\x00"))
    big = _write(tmp_path, "big.srt", SRT)
    with pytest.raises(SubtitleError, match=r"big\.srt: is \d+ bytes, more than the 10 bytes"):
        load_subtitles(big, max_bytes=10)
    with pytest.raises(MediaError, match=r"none\.srt: subtitle file does not exist"):
        load_subtitles(tmp_path / "none.srt")
    with pytest.raises(MediaError, match=r"empty\.vtt: is empty \(0 bytes\)"):
        load_subtitles(_write(tmp_path, "empty.vtt", b""))


def test_parse_functions_without_a_file() -> None:
    assert parse_srt("").cues == ()
    assert parse_vtt("WEBVTT\n").cues == ()
    with pytest.raises(SubtitleError, match=r"^cue 1: bad end time '2'") as info:
        parse_vtt("WEBVTT\n\n00:01.000 --> 2\n")
    assert info.value.line == 3
