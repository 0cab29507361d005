"""Media fixtures made on the fly: tiny ffmpeg encodes (session-scoped) and FIFO tripwires."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crosspost.testing import encode


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def mp4(ffmpeg_exe: str, media_dir: Path) -> Path:
    """1 s, 160x90, 25 fps H.264 + mono AAC."""
    return encode(
        ffmpeg_exe,
        media_dir / "clip.mp4",
        *("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=1"),
        *("-f", "lavfi", "-i", "sine=frequency=440:duration=1"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-b:a", "32k", "-shortest"),
    )


@pytest.fixture(scope="session")
def mp4_with_location(ffmpeg_exe: str, media_dir: Path, mp4: Path) -> Path:
    return encode(
        ffmpeg_exe,
        media_dir / "located.mp4",
        *("-i", str(mp4), "-c", "copy", "-metadata", "location=+48.8577+002.2950/"),
    )


@pytest.fixture(scope="session")
def rotated_mp4(ffmpeg_exe: str, media_dir: Path, mp4: Path) -> Path:
    """Like a portrait phone clip: display matrix -90 (a player turns it 90 degrees clockwise)."""
    return encode(
        ffmpeg_exe,
        media_dir / "portrait.mp4",
        *("-display_rotation", "-90", "-i", str(mp4), "-c", "copy"),
    )


@pytest.fixture(scope="session")
def audio_only_mp4(ffmpeg_exe: str, media_dir: Path) -> Path:
    return encode(
        ffmpeg_exe,
        media_dir / "voice.mp4",
        *("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", "-b:a", "32k"),
    )


@pytest.fixture(scope="session")
def webm(ffmpeg_exe: str, media_dir: Path) -> Path:
    return encode(
        ffmpeg_exe,
        media_dir / "clip.webm",
        *("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=1"),
        *("-f", "lavfi", "-i", "sine=duration=1:sample_rate=48000", "-ac", "2"),
        *("-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus", "-shortest"),
    )


@pytest.fixture(scope="session")
def eleven_hour_mp4(ffmpeg_exe: str, media_dir: Path) -> Path:
    """Two frames 40000 s apart: an 11 h video in about 1.5 KB."""
    return encode(
        ffmpeg_exe,
        media_dir / "long.mp4",
        *("-f", "lavfi", "-i", "color=size=16x16:rate=1/20000:duration=40000"),
        *("-c:v", "libx264", "-preset", "ultrafast"),
    )


@pytest.fixture
def copy_of(tmp_path: Path) -> Callable[[Path, str], Path]:
    """Copy a file to a new name in a fresh directory: ``copy_of(src, "weird name.mp4")``."""

    def make(src: Path, name: str) -> Path:
        target = tmp_path / name
        shutil.copyfile(src, target)
        return target

    return make


class Tripwire:
    """A FIFO that records whether anything opened it for reading.

    Opening a FIFO for writing blocks until a reader appears, so a background writer proves
    (without timing guesses) whether ffmpeg followed a playlist entry to this path.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._wait, daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)
        if not self._stop:
            self.opened.set()
        os.close(fd)

    def close(self) -> None:
        self._stop = True
        if not self.opened.is_set():
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # release the writer
            self._thread.join(5)
            os.close(fd)
        self._thread.join(5)


@pytest.fixture
def tripwire(tmp_path: Path) -> Iterator[Tripwire]:
    wire = Tripwire(tmp_path / "secret.ts")
    yield wire
    wire.close()
