"""Fixtures of the hostile-repository suite: a content repository a stranger controls.

Every test builds a small repository (text posts against the bundled specs, tiny Pillow
images), a folder *outside* it with a secret in it, and runs the real CLI in-process. The
attacks are those of issue 17 and the families they stand for; docs/security.md says which
promise each test holds crosspost to.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from crosspost.cli import main

SECRET = "GEHEIM-wachtwoord-van-de-beheerder"


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


@dataclass
class Repo:
    root: Path
    outside: Path

    @property
    def posts(self) -> Path:
        return self.root / "posts"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def post(self, name: str, text: str) -> Path:
        path = self.posts / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path

    def file(self, name: str, data: bytes | str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, "utf-8")
        else:
            path.write_bytes(data)
        return path

    def link(self, name: str, to: Path) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(to)
        return path

    def outside_tree(self) -> dict[str, bytes]:
        """Every file outside the repository the attacks aim at, to prove none changed."""
        return {str(p.relative_to(self.outside)): p.read_bytes()
                for p in sorted(self.outside.rglob("*")) if p.is_file()}


Run = Callable[..., Done]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "crosspost.toml").write_text('targets = ["x.post", "bluesky.post"]\n', "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    (outside / "secret.jpg").write_bytes(jpeg(seed=7))
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return Repo(root, outside)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI; a traceback or an internal error is never an acceptable answer."""

    def _run(*args: str | Path) -> Done:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert "internal error" not in out + err
        return Done(code, out, err)

    return _run


def jpeg(seed: int = 1, size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, ((seed * 40) % 256, (seed * 90) % 256, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def command_lines(text: str) -> list[str]:
    """Lines a CI runner would take as a command: GitHub/Azure ``::``/``##[`` at the start."""
    return [line for line in text.splitlines()
            if line.lstrip().startswith(("::", "##["))]


#: Raw control characters and bidi controls nothing crosspost prints may carry.
RAW = ("\x00", "\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2028")


def lavfi_video(dest: Path, *inputs: str, seconds: float = 1, size: str = "160x90",
                fmt: str = "mp4", pix_fmt: str = "yuv420p") -> bytes:
    """A real clip from ffmpeg's lavfi sources (imageio-ffmpeg's binary), as bytes: test
    pattern video, and the lavfi ``inputs`` given (``sine`` for sound), H.264 (+AAC)."""
    from imageio_ffmpeg import get_ffmpeg_exe

    from crosspost.testing import encode

    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}"]
    for source in inputs:
        args += ["-f", "lavfi", "-i", source]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pix_fmt]
    if inputs:
        args += ["-c:a", "aac", "-shortest"]
    if fmt == "ts":
        args += ["-f", "mpegts"]
    path = encode(get_ffmpeg_exe(), dest.with_suffix("." + fmt), *args)
    return path.read_bytes()


def media_post(repo: Repo, name: str, data: bytes) -> None:
    """A post with one medium ``posts/media/NAME`` (its id: the name's stem) and a good post."""
    repo.file(f"posts/media/{name}", data)
    stem = name.rsplit(".", 1)[0]
    repo.post(f"{stem}.md", f"---\nid: {stem}\nmedia:\n  - {{path: media/{name}, alt: Foto}}\n"
                            "---\nHallo.\n")
    repo.post("goed.md", "---\nid: goed\n---\nHallo allemaal.\n")


#: The files of a variant that hold no medium.
TEXT_FILES = {"post.txt", "first_comment.txt", "title.txt", "manifest.json", ".crosspost.lock"}


def refused(repo: Repo, run: Run, stem: str, *phrases: str) -> None:
    """check: an error finding of this post naming the problem, the other post reported;
    adapt: the same finding, the post's variants not publishable and holding no medium (an
    image and a video alike), the other post adapted."""
    checked = run("check")
    assert checked.code == 1
    assert "media.unreadable" in checked.out
    for phrase in phrases:
        assert phrase in checked.out, checked.out
    assert "goed (posts/goed.md)" in checked.out
    adapted = run("adapt")
    assert adapted.code == 1
    for phrase in phrases:
        assert phrase in adapted.out
    manifests = list((repo.out / stem).rglob("manifest.json"))
    assert manifests
    for manifest in manifests:
        assert json.loads(manifest.read_text("utf-8"))["publishable"] is False
    assert not [p for p in (repo.out / stem).rglob("*")
                if p.is_file() and p.name not in TEXT_FILES]
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()


def peak_of_adapt(root: Path) -> tuple[int, int, str]:
    """Exit code and peak resident memory (KiB) of a whole ``crosspost adapt`` in a fresh
    process (``ru_maxrss`` of the child), and its output."""
    measure = ("import resource, subprocess, sys\n"
               "done = subprocess.run([sys.executable, '-m', 'crosspost', 'adapt'],"
               " capture_output=True, text=True)\n"
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.stderr.write(done.stdout + done.stderr)\n")
    env = {**os.environ, "CROSSPOST_CACHE": "off", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", measure], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    code, peak = map(int, done.stdout.split())
    return code, peak, done.stderr
