"""Video fixtures: tiny lavfi encodes made once per session, and posts that use them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.testing import encode

SRT = """\
1
00:00:00,200 --> 00:00:01,300
Hallo allemaal.

2
00:00:01,400 --> 00:00:02,900
Dit is een tweede ondertitel die veel te lang is voor een smal beeld.
"""


@pytest.fixture(scope="session")
def video_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("video")


@pytest.fixture(scope="session")
def wide_mp4(ffmpeg_exe: str, video_dir: Path) -> Path:
    """3 s, 320x180 (16:9), 25 fps H.264 + stereo AAC, with a location tag like a phone's."""
    return encode(
        ffmpeg_exe, video_dir / "wide.mp4",
        *("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3"),
        *("-f", "lavfi", "-i", "sine=frequency=440:duration=3:sample_rate=44100", "-ac", "2"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-b:a", "48k", "-shortest"),
        *("-metadata", "location=+52.0907+005.1214/"),
    )


@pytest.fixture(scope="session")
def silent_mp4(ffmpeg_exe: str, video_dir: Path) -> Path:
    """2 s, 320x180, 50 fps, no audio: exercises the frame-rate cap and the video-only path."""
    return encode(
        ffmpeg_exe, video_dir / "silent.mp4",
        *("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=50:duration=2"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
    )


@pytest.fixture(scope="session")
def rotated_mp4(ffmpeg_exe: str, video_dir: Path, wide_mp4: Path) -> Path:
    """A phone clip: coded 320x180 with a display matrix that turns it to 180x320."""
    return encode(ffmpeg_exe, video_dir / "portrait.mp4",
                  *("-display_rotation", "-90", "-i", str(wide_mp4), "-c", "copy"))


@pytest.fixture(scope="session")
def dark_then_sharp_mp4(ffmpeg_exe: str, video_dir: Path) -> Path:
    """2 s of black, then 2 s of test pattern: a cover must come from the second half."""
    return encode(
        ffmpeg_exe, video_dir / "dark.mp4",
        *("-f", "lavfi", "-i", "color=black:size=320x180:rate=25:duration=2"),
        *("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=2"),
        *("-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
    )


PostFactory = Callable[..., Path]


@pytest.fixture
def make_post(tmp_path: Path) -> PostFactory:
    """``make_post(video, targets, captions=SRT, name=...)`` writes a post in a fresh root."""

    def make(video: Path, targets: list[str], *, captions: str | None = SRT,
             name: str = "clip.mp4", subs_name: str = "clip.nl.srt", folder: str = "content",
             extra: str = "") -> Path:
        root = tmp_path / folder
        media = root / "media"
        media.mkdir(parents=True, exist_ok=True)
        (root / "crosspost.toml").write_text("", encoding="utf-8")
        (media / name).write_bytes(video.read_bytes())
        lines = [f"  - path: {_quote('media/' + name)}", "    alt: Een testbeeld"]
        if captions is not None:
            (media / subs_name).write_text(captions, encoding="utf-8")
            lines.append(f"    captions: {_quote('media/' + subs_name)}")
        post = root / "post.md"
        post.write_text(textwrap.dedent("""\
            ---
            id: clip
            language: nl
            targets: [{targets}]
            media:
            {media}
            {extra}---
            Een korte uitleg in beeld.
            """).format(targets=", ".join(targets), media="\n".join(lines), extra=extra),
            encoding="utf-8")
        return post

    return make


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An environment in which fontconfig knows no font at all (like a slim CI container)."""
    conf = tmp_path / "fonts-empty.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    "<fontconfig></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.delenv("FONTCONFIG_PATH", raising=False)
    return conf
