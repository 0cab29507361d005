"""Caption edits, sidecar files, the ASS script for burn-in and filter escaping (no encoding)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosspost.content.load import load_item
from crosspost.errors import SubtitleError
from crosspost.media.subtitles.parse import load_subtitles, parse_srt, parse_vtt
from crosspost.render.captions import write_sidecar
from crosspost.render.video.ass import ass_text, to_ass
from crosspost.render.video.filters import filter_value
from crosspost.transforms.captions.layout import CaptionLayout, apply_edits, caption_layout
from crosspost.variant.geometry import Insets
from crosspost.variant.plan import SidecarPlan
from crosspost.variant.video_ops import CaptionEdit

from .conftest import SRT, PostFactory


def test_edits_retime_rewrap_and_convert_in_order() -> None:
    subs = parse_srt(SRT)
    edits = [CaptionEdit(op="retime", start=1.0, end=2.5),
             CaptionEdit(op="rewrap", max_chars_per_line=20, max_lines=2),
             CaptionEdit(op="convert", to="vtt")]
    out = apply_edits(subs, edits)
    assert out.format == "vtt"
    # "Hallo allemaal." (0.2-1.3 s) was spoken before the cut at 1.0 s but for the tail of its
    # last word: it is dropped (it used to show from 0 to 0.3 s); the next cue starts at 0.4 s.
    assert "Hallo" not in " ".join(line for cue in out.cues for line in cue.lines)
    assert out.cues[0].start_ms == 400
    # the second cue is cut at 2.5 s: it ends with its last word spoken before the cut
    assert 1300 <= out.cues[-1].end_ms <= 1500
    assert all(len(line) <= 20 for cue in out.cues for line in cue.lines)
    assert all(len(cue.lines) <= 2 for cue in out.cues)


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_write_sidecar_converts_and_the_result_parses(
    fmt: str, make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    item = load_item(make_post(wide_mp4, ["bluesky.post"]))
    plan = SidecarPlan(kind="captions", index=0, output=f"x.{fmt}", format=fmt,
                       source="media/clip.nl.srt",
                       operations=[{"op": "rewrap", "max_chars_per_line": 30, "max_lines": 2},
                                   {"op": "convert", "to": fmt}])
    dest = tmp_path / "out" / f"x.{fmt}"
    write_sidecar(plan, item, dest)
    text = dest.read_text(encoding="utf-8")
    parsed = parse_vtt(text) if fmt == "vtt" else parse_srt(text)
    assert len(parsed.cues) >= 2
    assert text.startswith("WEBVTT" if fmt == "vtt" else "1\n")
    assert not list(dest.parent.glob(".crosspost-tmp-*"))


def test_broken_subtitle_timestamps_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.srt"
    bad.write_text("1\n00:00:01.000 --> 00:00:02,000\nHallo\n", encoding="utf-8")
    with pytest.raises(SubtitleError) as info:
        load_subtitles(bad)
    assert "kapot.srt:2" in str(info.value)
    assert "bad start time" in str(info.value)


def test_layout_fits_min_chars_inside_the_safe_area() -> None:
    safe = Insets(top=0.12, bottom=0.2, left=0.06, right=0.14)
    layout = caption_layout(1080, 1920, safe, size_share=0.045, min_chars=20, max_chars=42,
                            max_lines=2, box=False)
    usable = 1080 - layout.margin_left - layout.margin_right
    assert layout.chars_per_line >= 20
    assert layout.font_size * 0.62 * 20 <= usable
    assert layout.margin_bottom >= 0.2 * 1920
    wide = caption_layout(1280, 720, Insets(), size_share=0.045, min_chars=20, max_chars=42,
                          max_lines=2, box=True)
    assert wide.font_size == round(0.045 * 720)
    assert wide.chars_per_line == 42
    assert wide.outline == 0
    assert wide.box


def test_ass_script_escapes_text_and_keeps_italics() -> None:
    assert ass_text("<i>let op</i> {\\an8}a\\Nb {x}", "srt") == (
        "{\\i1}let op{\\i0} a\\\u2060Nb (x)")
    assert ass_text("<v Anna>AT&amp;T</v>", "vtt") == "AT&T"
    layout = CaptionLayout(40, 20, 2, 10, 20, 30, 3, False)
    script = to_ass(parse_srt(SRT), 720, 1280, layout, "DejaVu Sans")
    assert "PlayResX: 720" in script
    assert "PlayResY: 1280" in script
    assert "Style: Default,DejaVu Sans,40," in script
    assert ",2,10,20,30,1" in script
    assert "Dialogue: 0,0:00:00.20,0:00:01.30,Default,,0,0,0,,Hallo allemaal." in script


@given(st.text(st.characters(blacklist_characters="\0\n", blacklist_categories=("Cs",)),
               min_size=1, max_size=40))
def test_filter_value_round_trips_through_both_parsers(text: str) -> None:
    """Undo the two escaping levels the way ffmpeg's av_get_token does: one per level."""
    assert _unescape(_unescape(filter_value(text))) == text


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        out.append(next(chars) if char == "\\" else char)
    return "".join(out)


def test_filter_value_survives_ffmpeg(tmp_path: Path, ffmpeg_exe: str) -> None:
    """A real graph: a drawbox-free ``ass`` filter reading a script from an awkward folder."""
    folder = tmp_path / "a' b:c,[d];e\\f%g"
    folder.mkdir()
    script = folder / "s.ass"
    layout = CaptionLayout(12, 20, 2, 4, 4, 4, 1, False)
    script.write_text(to_ass(parse_srt(SRT), 64, 36, layout, "DejaVu Sans"), encoding="utf-8")
    graph = f"ass=filename={filter_value(str(script))}"
    run = subprocess.run([ffmpeg_exe, "-nostdin", "-hide_banner", "-f", "lavfi", "-i",
                          "color=size=64x36:duration=0.1", "-vf", graph, "-f", "null", "-"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr[-500:]
