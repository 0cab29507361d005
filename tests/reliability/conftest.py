"""Fixtures of the reliability suite: tiny media, content projects, the CLI, fake tools.

Every test runs with its own probe cache folder and without a configured ffmpeg, so that
nothing leaks between tests or into the user's cache.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crosspost.testing import encode

from .helpers import Finished, cli_env, group_members, kill_ours, stop_started

FAKES = Path(__file__).resolve().parent / "fakes"
FAST_POLICY = "name: Test\nadapt:\n  video:\n    preset: ultrafast\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("CROSSPOST_FFMPEG", "CROSSPOST_CACHE", "IMAGEIO_FFMPEG_EXE", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield
    stop_started()
    # A fake ffmpeg that outlived a failed test, and the sleeper it started.
    log = tmp_path / "fake-ffmpeg-state.json.log"
    if log.exists():
        fakes = [int(pid) for pid in log.read_text().split()]
        kill_ours([*fakes, *(p for pid in fakes for p in group_members(pid))], str(tmp_path))


@pytest.fixture
def reap(tmp_path: Path) -> Iterator[list[int]]:
    """Pids to SIGKILL after the test, whatever happened (if they still run this test's
    commands: fake ffmpeg, its sleeping child, crosspost's workers)."""
    pids: list[int] = []
    yield pids
    kill_ours(pids, str(tmp_path))


# ------------------------------------------------------------------------------ media


def _encode(ffmpeg: str, out: Path, *args: str) -> bytes:
    """Run the real ffmpeg directly (not through the code under test)."""
    return encode(ffmpeg, out, *args).read_bytes()


def _photo(seed: int, size: tuple[int, int] = (640, 480)) -> bytes:
    """A noisy photo: a few hundred KB of JPEG (more than a small tmpfs holds)."""
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@dataclass(frozen=True)
class Media:
    photo: bytes
    photo2: bytes
    clip: bytes
    clip2: bytes
    portrait: bytes
    audio_only: bytes
    no_frames: bytes
    #: The first clip in AVI: a container crosspost leaves to ffmpeg to probe (MP4/MOV and
    #: Matroska/WebM are read in Python).
    avi: bytes


@pytest.fixture(scope="session")
def media(ffmpeg_exe: str, tmp_path_factory: pytest.TempPathFactory) -> Media:
    folder = tmp_path_factory.mktemp("media")

    def clip(name: str, pattern: str, *extra: str) -> bytes:
        return _encode(
            ffmpeg_exe, folder / name,
            *("-f", "lavfi", "-i", f"{pattern}=size=160x90:rate=25:duration=1"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=1"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            *("-c:a", "aac", "-b:a", "32k", "-shortest"), *extra,
        )

    first = clip("clip.mp4", "testsrc2")
    return Media(
        photo=_photo(1),
        photo2=_photo(2),
        clip=first,
        clip2=clip("clip2.mp4", "smptebars"),
        # A phone clip: stored 160x90, shown 90x160 (display matrix -90).
        portrait=_encode(ffmpeg_exe, folder / "portrait.mp4", "-display_rotation", "-90",
                         "-i", str(folder / "clip.mp4"), "-c", "copy"),
        audio_only=_encode(ffmpeg_exe, folder / "voice.mp4", "-f", "lavfi", "-i",
                           "sine=duration=1", "-c:a", "aac", "-b:a", "32k"),
        no_frames=_encode(ffmpeg_exe, folder / "empty.mp4", "-f", "lavfi", "-i",
                          "testsrc2=s=64x36", "-frames:v", "0", "-c:v", "libx264"),
        avi=_encode(ffmpeg_exe, folder / "clip.avi", "-i", str(folder / "clip.mp4"), "-c",
                    "copy"),
    )


# --------------------------------------------------------------------------- projects


@dataclass
class Project:
    """A content repository: ``root`` with crosspost.toml, posts and media; ``out`` beside it."""

    root: Path
    out: Path
    posts: dict[str, Path] = field(default_factory=dict)

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path


def post_text(pid: str, targets: list[str], media: list[tuple[str, str | None]] = (),
              text: str = "Een korte tekst over isolatie.") -> str:
    """A Markdown post; ``media`` holds ``(path, captions or None)`` pairs."""
    lines = [f"id: {pid}", "language: nl", f"targets: [{', '.join(targets)}]"]
    if media:
        lines.append("media:")
        for path, captions in media:
            lines += [f"  - path: '{path}'", "    alt: Een testbeeld"]
            if captions:
                lines.append(f"    captions: '{captions}'")
    return "---\n" + "\n".join(lines) + "\n---\n" + text + "\n"


ProjectFactory = Callable[..., Project]


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """``make_project(files={"media/a.jpg": bytes}, posts={"a.md": text}, config=...)``."""

    def make(files: dict[str, str | bytes] | None = None,
             posts: dict[str, str] | None = None, *, name: str = "content",
             config: str = 'policy = "policy.yaml"\n', policy: str = FAST_POLICY) -> Project:
        root = tmp_path / name
        root.mkdir(parents=True)
        project = Project(root=root, out=tmp_path / f"{name}-out")
        project.write("crosspost.toml", config)
        if policy:
            project.write("policy.yaml", policy)
        for rel, content in (files or {}).items():
            project.write(rel, content)
        for rel, content in (posts or {}).items():
            project.posts[rel] = project.write(rel, content)
        return project

    return make


# ------------------------------------------------------------------------------ the CLI


CliRunner = Callable[..., Finished]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``crosspost ARGS`` in this process (the real argument parser and exit codes)."""
    from crosspost.cli import main

    def run(*args: str | Path, cwd: Path | None = None) -> Finished:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Finished(code, out, err)

    return run


# --------------------------------------------------------------------------- fake tools


@dataclass(frozen=True)
class FakeFfmpeg:
    exe: Path
    state: Path
    env: dict[str, str]

    def read_state(self) -> dict[str, Any]:
        return dict(json.loads(self.state.read_text()))


FakeFactory = Callable[[str], FakeFfmpeg]


@pytest.fixture
def fake_ffmpeg(tmp_path: Path, ffmpeg_exe: str) -> FakeFactory:
    """``fake_ffmpeg("hang"|"crash")``: an executable ffmpeg stand-in (see fakes/ffmpeg.py)."""

    def make(mode: str) -> FakeFfmpeg:
        exe = tmp_path / "fake-bin" / "ffmpeg"
        exe.parent.mkdir(exist_ok=True)
        exe.write_text(f"#!{sys.executable}\n" + (FAKES / "ffmpeg.py").read_text())
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        state = tmp_path / "fake-ffmpeg-state.json"
        env = {"CROSSPOST_FFMPEG": str(exe), "FAKE_FFMPEG_REAL": ffmpeg_exe,
               "FAKE_FFMPEG_MODE": mode, "FAKE_FFMPEG_STATE": str(state)}
        return FakeFfmpeg(exe, state, env)

    return make


@pytest.fixture
def subprocess_env(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """The environment for a CLI subprocess, with this test's cache folder."""

    def make(**extra: str) -> dict[str, str]:
        return cli_env(**{"CROSSPOST_CACHE_DIR": str(tmp_path / "cache"), **extra})

    return make


def stall_env(state: Path, at: int = 1, seconds: float = 600) -> dict[str, str]:
    """Environment that makes the ``at``-th image write stall half-way for ``seconds``
    (see fakes/sitecustomize.py)."""
    path = os.pathsep.join(p for p in (str(FAKES), os.environ.get("PYTHONPATH")) if p)
    return {"PYTHONPATH": path, "RELIABILITY_STALL_STATE": str(state),
            "RELIABILITY_STALL_AT": str(at), "RELIABILITY_STALL_SECONDS": str(seconds)}
