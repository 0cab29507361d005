"""Caption files are bounded before they reach ffmpeg and libass: cue count, cues on screen at
once, line length. A 2 MB SRT with 100,000 overlapping cues once drove libass to 2.5 GB and
the render timeout; now it is an error finding of its post in ``check`` and ``adapt`` never
hands it to ffmpeg. Each bound is a ``[limits]`` setting with a ceiling (issue 17, item 4)."""

from __future__ import annotations

import time

import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from crosspost.errors import SubtitleError
from crosspost.media.subtitles.bounds import SubtitleLimits, check_subtitle_bounds
from crosspost.media.subtitles.parse import parse_srt

from .conftest import Repo, Run, lavfi_video

GOOD = "---\nid: goed\n---\nHallo allemaal.\n"


def _time(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _srt(cues: int, *, overlapping: bool, text: str = "Hallo") -> str:
    """Cues that all show from 0 to 59 minutes, or one a second for 0.9 s."""
    parts = []
    for n in range(1, cues + 1):
        start, end = (0, 3_540_000) if overlapping else (n * 1000, n * 1000 + 900)
        parts.append(f"{n}\n{_time(start)} --> {_time(end)}\n{text}\n")
    return "\n".join(parts)


def _film(repo: Repo, srt: str) -> None:
    repo.file("posts/media/film.mp4", lavfi_video(repo.root / "src"))
    repo.file("posts/media/film.srt", srt)
    repo.post("film.md", "---\nid: film\nmedia:\n  - {path: media/film.mp4, alt: Film,\n"
                         "     captions: media/film.srt}\n---\nKijk.\n")
    repo.post("goed.md", GOOD)


def _refused(repo: Repo, run: Run, *phrases: str, monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.process_time()
    checked = run("check")
    assert time.process_time() - start < 10
    assert checked.code == 1
    for phrase in phrases:
        assert phrase in checked.out, checked.out
    assert "goed (posts/goed.md)" in checked.out
    # Every ffmpeg run of adapt goes through a wrapper that logs its arguments.
    log = repo.outside / "ffmpeg-args.log"
    wrapper = repo.outside / "ffmpeg"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{get_ffmpeg_exe()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("CROSSPOST_FFMPEG", str(wrapper))
    adapted = run("adapt")
    assert adapted.code == 1
    assert phrases[0] in adapted.out
    assert not (repo.out / "film" / "x.post" / "film.mp4").exists()
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
    ran = log.read_text() if log.exists() else ""
    for sign in ("film.srt", "subtitles", ".ass"):
        assert sign not in ran


def test_100000_overlapping_cues_are_refused_before_ffmpeg(
        repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    srt = _srt(100_000, overlapping=True)
    assert len(srt) > 2_000_000
    _film(repo, srt)
    _refused(repo, run, "100,000 cues", "limits.caption_cues", monkeypatch=monkeypatch)


def test_cues_on_screen_at_once_are_bounded(repo: Repo, run: Run,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _film(repo, _srt(50, overlapping=True))
    _refused(repo, run, "cues on screen at once", "limits.caption_overlap",
             monkeypatch=monkeypatch)


def test_a_line_of_a_megabyte_is_refused(repo: Repo, run: Run,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _film(repo, _srt(1, overlapping=False, text="ha " * 300_000))
    _refused(repo, run, "899,999 characters", "limits.caption_line_chars",
             monkeypatch=monkeypatch)


def test_the_bounds_are_settings_a_repository_may_tighten(repo: Repo, run: Run,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    (repo.root / "crosspost.toml").write_text(
        'targets = ["x.post", "bluesky.post"]\n[limits]\ncaption_overlap = 2\n', "utf-8")
    _film(repo, _srt(3, overlapping=True))
    _refused(repo, run, "3 cues on screen at once", "more than the 2",
             monkeypatch=monkeypatch)


def test_a_repository_cannot_loosen_a_bound_past_its_ceiling(repo: Repo, run: Run) -> None:
    (repo.root / "crosspost.toml").write_text("[limits]\ncaption_cues = 10000000\n", "utf-8")
    repo.post("goed.md", GOOD)
    done = run("check")
    assert done.code == 2
    assert "limits.caption_cues" in done.err
    assert "50000" in done.err


def test_ordinary_captions_pass() -> None:
    subs = parse_srt(_srt(2_000, overlapping=False))
    check_subtitle_bounds(subs, SubtitleLimits(), "film.srt")
    with pytest.raises(SubtitleError, match=r"limits\.caption_cues"):
        check_subtitle_bounds(subs, SubtitleLimits(max_cues=1_999), "film.srt")
