"""Videos that once stopped every post's report, and a post that lists one video 2,000 times.

An MPEG-TS file (its streams start at about 1.4 s, which once gave "ffmpeg wrote no cover
frame") is legitimate input: it is checked, converted and given a cover from its first
decodable frames. A 2x2 video is that post's findings, not the run's end. A post listing more
videos than any format takes renders only what the format takes (issue 17, item 4 and 5)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import Image

from .conftest import Repo, Run, lavfi_video

GOOD = "---\nid: goed\n---\nHallo allemaal.\n"


def _targets(repo: Repo, *targets: str) -> None:
    listed = ", ".join(f'"{t}"' for t in targets)
    (repo.root / "crosspost.toml").write_text(f"targets = [{listed}]\n", "utf-8")


def _logged_ffmpeg(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every ffmpeg run goes through a wrapper that logs one line of arguments."""
    log = repo.outside / "ffmpeg-args.log"
    wrapper = repo.outside / "ffmpeg"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{get_ffmpeg_exe()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("CROSSPOST_FFMPEG", str(wrapper))
    return log


def _runs(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_an_mpeg_ts_video_is_converted_with_a_cover(repo: Repo, run: Run) -> None:
    _targets(repo, "x.post", "instagram.reel")
    data = lavfi_video(repo.root / "bron", "sine=frequency=440:duration=3", seconds=3,
                       size="180x320", fmt="ts")
    clip = repo.file("posts/media/uitzending.ts", data)
    probe = subprocess.run([get_ffmpeg_exe(), "-hide_banner", "-i", str(clip)],
                           capture_output=True, text=True)
    assert "start: 1.4" in probe.stderr  # the streams do not start at 0
    repo.post("ts.md", "---\nid: ts\nmedia:\n  - {path: media/uitzending.ts, alt: Film}\n"
                       "---\nKijk.\n")
    repo.post("goed.md", GOOD)
    checked = run("check")
    assert "media.unreadable" not in checked.out
    assert "video.codec" in checked.out  # MPEG-TS is converted to MP4: adapt can fix
    assert "goed (posts/goed.md)" in checked.out
    adapted = run("adapt")
    assert "could not be adapted" not in adapted.out
    reel = repo.out / "ts" / "instagram.reel"
    with Image.open(reel / "01-uitzending.cover.jpg") as cover:
        assert cover.size[0] >= 180
        assert max(cover.convert("L").getextrema()) > 64  # a frame of the test pattern
    assert (reel / "01-uitzending.mp4").stat().st_size > 10_000
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()


def test_a_2x2_video_is_its_posts_finding_and_the_others_go_on(repo: Repo, run: Run) -> None:
    repo.file("posts/media/klein.mp4",
              lavfi_video(repo.root / "bron", size="2x2", pix_fmt="yuv444p"))
    repo.post("klein.md", "---\nid: klein\nmedia:\n  - {path: media/klein.mp4, alt: Film}\n"
                          "---\nKijk.\n")
    repo.post("goed.md", GOOD)
    checked = run("check")
    assert checked.code == 1
    assert "width is 2 px" in checked.out
    assert "goed (posts/goed.md)" in checked.out
    adapted = run("adapt")
    assert adapted.code in (0, 1)
    assert "klein" in adapted.out
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
    mapped = run("map", "--output", repo.root / "map.html")
    assert mapped.code in (0, 1)
    html = (repo.root / "map.html").read_text("utf-8")
    assert "klein" in html
    assert "goed" in html


def test_one_video_listed_2000_times_is_probed_once_and_rendered_once(
        repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.file("posts/c.mp4", lavfi_video(repo.root / "bron"))
    listed = ", ".join(["{path: c.mp4}"] * 2000)
    repo.post("veel.md", f"---\nid: veel\nmedia: [{listed}]\n---\nKijk.\n")
    log = _logged_ffmpeg(repo, monkeypatch)
    checked = run("check")
    assert checked.code == 1
    assert "video.count" in checked.out
    assert _runs(log) == 0  # an MP4's facts and sample tables are read in Python
    adapted = run("adapt")
    assert adapted.code == 1
    assert "only the first is rendered" in adapted.out
    assert "NOT publishable" in adapted.out  # which video a format gets is the author's call
    # The source probed once, one scene analysis, one encode per distinct output, each
    # output probed to verify it: about ten runs, not thousands.
    assert _runs(log) <= 14
    for target in ("x.post", "bluesky.post"):
        videos = sorted(p.name for p in (repo.out / "veel" / target).glob("*.mp4"))
        assert videos == ["01-c.mp4"]
