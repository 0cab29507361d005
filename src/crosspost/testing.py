"""Helpers for tests of crosspost and of code built on it.

``FakeProber`` answers media questions from hand-made facts (no file is opened);
``FakeRenderer`` stands in for Pillow and ffmpeg when a test is about saving, manifests or
up-to-date checks (it writes a small file naming each plan and records the jobs); ``encode``
makes small real media with the same ffmpeg binary crosspost uses, from ``lavfi`` sources, so a
test suite needs no fixture files and no system ffmpeg.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from .media.prober import FakeProber
from .render.renderer import FakeRenderer

__all__ = ["FakeProber", "FakeRenderer", "encode", "ffmpeg_path", "pid_gone"]


def ffmpeg_path() -> str:
    """The ffmpeg binary that ships with imageio-ffmpeg (the one crosspost runs)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def encode(ffmpeg: str, out: Path, *args: str) -> Path:
    """Run ffmpeg directly with ``args`` and write ``out``, e.g. a 1 s lavfi test video:
    ``encode(ffmpeg_path(), path, "-f", "lavfi", "-i", "testsrc2=d=1", "-c:v", "libx264")``."""
    cmd = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args, str(out)]
    subprocess.run(cmd, check=True, timeout=60, stdin=subprocess.DEVNULL)
    return out


def pid_gone(pid: int, wait: float = 5.0) -> bool:
    """True once ``pid`` no longer runs (a zombie waiting for its reaper counts as gone); for
    tests that prove a timeout or a signal really stopped ffmpeg (Linux: reads /proc)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False
