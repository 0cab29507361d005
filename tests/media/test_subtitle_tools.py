"""Writers, lint, retime and rewrap: what a user sees after crosspost adapts subtitles."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.media import (
    SubtitleCue,
    Subtitles,
    lint_subtitles,
    parse_srt,
    parse_vtt,
    retime,
    rewrap,
    to_srt,
    to_vtt,
)
from crosspost.media.subtitles.text import visible_text


def _subs(fmt: str, *cues: tuple[int, int, tuple[str, ...]]) -> Subtitles:
    return Subtitles.model_validate(
        {
            "format": fmt,
            "cues": [
                {"index": n, "start_ms": a, "end_ms": b, "lines": lines}
                for n, (a, b, lines) in enumerate(cues, start=1)
            ],
        }
    )


# ---------------------------------------------------------------- writers


def test_to_srt_and_to_vtt_text() -> None:
    subs = _subs("srt", (1000, 2500, ("Hello", "<i>world</i>")), (3_600_000, 3_601_001, ("x",)))
    assert to_srt(subs) == (
        "1\n00:00:01,000 --> 00:00:02,500\nHello\n<i>world</i>\n\n"
        "2\n01:00:00,000 --> 01:00:01,001\nx\n"
    )
    assert to_vtt(subs) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n<i>world</i>\n\n"
        "01:00:00.000 --> 01:00:01.001\nx\n"
    )


def test_srt_to_vtt_escapes_text_and_drops_srt_only_markup() -> None:
    subs = parse_srt("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=red>AT&T</font> 1<2\n")
    vtt = to_vtt(subs)
    assert "AT&amp;T 1&lt;2" in vtt
    assert parse_vtt(vtt).cues[0].lines == ("AT&amp;T 1&lt;2",)
    assert visible_text("AT&amp;T 1&lt;2", "vtt") == "AT&T 1<2"


def test_vtt_to_srt_keeps_styling_drops_voices_and_settings() -> None:
    vtt = "WEBVTT\n\nid1\n00:01.000 --> 00:02.000 align:start\n<v Ann><i.loud>Hi</i> &amp; bye\n"
    srt = to_srt(parse_vtt(vtt))
    assert srt == "1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i> & bye\n"


def test_vtt_round_trip_keeps_ids_settings_and_header() -> None:
    text = "WEBVTT head\n\nintro\n00:00:01.000 --> 00:00:02.000 line:0\n<v Ann>Hi\n"
    assert to_vtt(parse_vtt(text)) == text


_line = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="<>&\r"
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "" and "-->" not in s and s == s.rstrip())
_cue = st.tuples(
    st.integers(0, 10 * 3600 * 1000),
    st.integers(0, 60_000),
    st.lists(_line, min_size=1, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_cue, max_size=8), st.sampled_from(["srt", "vtt"]))
def test_write_then_parse_gives_the_same_cues(
    raw: list[tuple[int, int, list[str]]], fmt: str
) -> None:
    subs = _subs(fmt, *((start, start + length, tuple(lines)) for start, length, lines in raw))
    for write, parse in ((to_srt, parse_srt), (to_vtt, parse_vtt)):
        again = parse(write(subs))
        assert [(c.start_ms, c.end_ms, c.lines) for c in again.cues] == [
            (c.start_ms, c.end_ms, c.lines) for c in subs.cues
        ]


# ---------------------------------------------------------------- lint


def test_lint_reports_soft_problems_with_cue_and_line() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:04,000\nfine\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\noverlaps the first cue\n\n"
        "3\n00:00:07,000 --> 00:00:06,000\nends first\n\n"
        "4\n00:00:08,000 --> 00:00:09,000\n" + "x" * 50 + "\nb\nc\n\n"
        "5\n00:00:09,000 --> 00:00:12,000\n<i></i>\n"
    )
    report = lint_subtitles(parse_srt(text, path="a.srt"), video_duration=10.0)
    found = {(issue.code, issue.cue) for issue in report.issues}
    assert found == {
        ("overlap", 2),
        ("end_before_start", 3),
        ("line_too_long", 4),
        ("too_many_lines", 4),
        ("empty_cue", 5),
        ("after_video_end", 5),
    }
    overlap = next(i for i in report.issues if i.code == "overlap")
    assert overlap.line == 6
    assert overlap.message == "cue 2 starts 1.000 s before an earlier cue ends"
    assert report.max_line_chars == 50
    assert (report.first_start, report.last_end, report.cue_count) == (1.0, 12.0, 5)
    # covered: 1-5 (4 s) + 8-9 (1 s) + 9-10 (clipped to the video) = 6 s of 10
    assert report.covered_seconds == pytest.approx(6.0)
    assert report.coverage == pytest.approx(0.6)
    assert not report.ok


def test_lint_clean_file_and_tag_aware_counting() -> None:
    subs = parse_vtt("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Bob>" + "a" * 42 + "\n")
    report = lint_subtitles(subs, max_chars_per_second=30)
    assert report.ok
    assert report.max_line_chars == 42
    assert report.coverage is None
    fast = lint_subtitles(subs, max_chars_per_second=10)
    assert [i.code for i in fast.issues] == ["too_fast"]


def test_lint_empty_file_and_out_of_order() -> None:
    assert [i.code for i in lint_subtitles(parse_srt("")).issues] == ["no_cues"]
    swapped = _subs("srt", (5000, 6000, ("b",)), (1000, 2000, ("a",)))
    assert [i.code for i in lint_subtitles(swapped).issues] == ["out_of_order"]


# ---------------------------------------------------------------- retime


def test_retime_shifts_vtt_karaoke_timestamps() -> None:
    subs = parse_vtt(
        "WEBVTT\n\n00:00:10.000 --> 00:00:14.000\n"
        "one<00:00:11.000><c> two</c><00:00:13.500><c> three</c>\n"
    )
    (cue,) = retime(subs, 10.5, 13.0).cues
    assert (cue.start_ms, cue.end_ms) == (0, 2500)
    assert cue.lines == ("one<00:00:00.500><c> two</c><00:00:02.500><c> three</c>",)
    assert parse_vtt(to_vtt(retime(subs, 10.5, 13.0))).cues == (cue.model_copy(update={"line": 3}),)


def test_retime_drops_clips_and_shifts() -> None:
    subs = _subs(
        "srt", (0, 1000, ("a",)), (1500, 3000, ("b",)), (4000, 5000, ("c",)), (9000, 9500, ("d",))
    )
    trimmed = retime(subs, 2.0, 4.5)
    assert [(c.index, c.start_ms, c.end_ms, c.lines) for c in trimmed.cues] == [
        (1, 0, 1000, ("b",)),
        (2, 2000, 2500, ("c",)),
    ]
    assert [c.start_ms for c in retime(subs, 4.0).cues] == [0, 5000]
    with pytest.raises(ValueError, match="trim window"):
        retime(subs, 3.0, 2.0)


# ---------------------------------------------------------------- rewrap


def test_rewrap_leaves_fitting_cues_alone() -> None:
    subs = _subs("srt", (0, 1000, ("- Hi.", "- Hello.")))
    assert rewrap(subs, 20, 2) == subs


def test_rewrap_rebalances_lines_at_word_boundaries() -> None:
    subs = _subs("srt", (0, 2000, ("The quick brown fox jumps over the lazy dog",)))
    (cue,) = rewrap(subs, 30, 2).cues
    assert cue.lines == ("The quick brown fox", "jumps over the lazy dog")
    assert (cue.start_ms, cue.end_ms) == (0, 2000)


def test_rewrap_splits_long_cue_in_time_by_text_length() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve"
    subs = _subs("vtt", (10_000, 16_000, (f"<i>{words}</i>",)))
    out = rewrap(subs, 12, 2).cues
    assert len(out) == 4  # greedy needs 7 lines of at most 12 characters: 4 cues of 2 lines
    assert out[0].start_ms == 10_000
    assert out[-1].end_ms == 16_000
    assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(out))
    for cue in out:
        visible = [visible_text(line, "vtt") for line in cue.lines]
        assert len(visible) <= 2
        assert all(len(line) <= 12 for line in visible)
        text = " ".join(cue.lines)
        assert text.startswith("<i>")
        assert text.endswith("</i>")  # styling closed in each part and reopened in the next
        weight = sum(len(v) for v in visible)
        assert (cue.end_ms - cue.start_ms) == pytest.approx(6000 * weight / 60, abs=500)
    assert " ".join(visible_text(" ".join(c.lines), "vtt") for c in out) == words
    assert [c.index for c in out] == [1, 2, 3, 4]
    assert lint_subtitles(parse_vtt(to_vtt(subs.model_copy(update={"cues": out})))).ok


def test_rewrap_repeats_srt_position_code_in_every_part() -> None:
    subs = parse_srt("1\n00:00:01,000 --> 00:00:05,000\n{\\an8}top of the screen please now\n")
    out = rewrap(subs, 10, 1).cues
    assert len(out) == 3
    assert all(cue.lines[0].startswith("{\\an8}") for cue in out)


def test_rewrap_keeps_an_overlong_word_whole() -> None:
    url = "https://example.org/a/very/long/path"
    (cue,) = rewrap(_subs("srt", (0, 1000, (f"see {url}",))), 10, 2).cues
    assert cue.lines == ("see", url)


def test_rewrap_validates_limits() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        rewrap(_subs("srt"), 0, 2)


def test_cue_helpers() -> None:
    cue = SubtitleCue(index=1, start_ms=1500, end_ms=4000, lines=("a", "b"))
    assert (cue.start, cue.end, cue.duration, cue.text) == (1.5, 4.0, 2.5, "a\nb")


def test_retime_keeps_only_the_words_inside_the_window() -> None:
    subs = _subs("srt", (0, 4000, ("Goedemorgen allemaal, welkom", "bij de informatieavond.")))
    # words timed by length: "Goedemorgen" takes 0-0.91 s, "allemaal," 0.91-1.66 s
    (cue,) = retime(subs, 1.0).cues
    assert cue.lines == ("allemaal, welkom", "bij de informatieavond.")
    assert cue.start_ms == 0
    (cue,) = retime(subs, 0.0, 2.2).cues  # cut at the end: the last words go
    assert cue.lines == ("Goedemorgen allemaal, welkom",)
    assert cue.end_ms <= 2200
    assert retime(subs, 3.8).cues == ()  # too little left: dropped


def test_retime_carries_tags_of_dropped_words() -> None:
    subs = _subs("srt", (0, 3000, ("<i>een twee drie vier</i>",)))
    (cue,) = retime(subs, 1.0).cues
    assert cue.lines[0].startswith("<i>")
    assert cue.lines[0].endswith("</i>")
    assert "een" not in cue.lines[0]
