"""A full disk, a file size limit, a read-only output folder: "could not write", exit 2.

Nothing partial is left in the output, no temporary file either, and the sources keep every
byte. A small tmpfs is a real full file system (ENOSPC, from Python and from ffmpeg alike);
where mounting is not allowed those tests skip, and ``RLIMIT_FSIZE`` (EFBIG) still runs.
"""

from __future__ import annotations

import contextlib
import errno
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import CliRunner, Media, Project, ProjectFactory, post_text
from .helpers import assert_consistent, remount_read_only, tmpfs, tree

pytestmark = pytest.mark.reliability


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KiB file system: room for the folders and a lock file, not for a photo."""
    with contextlib.ExitStack() as stack:
        try:
            mounted = stack.enter_context(tmpfs(tmp_path / "small-disk", "16k"))
        except PermissionError as exc:
            pytest.skip(str(exc))
        yield mounted


def _project(make_project: ProjectFactory, media: Media) -> Project:
    posts = {"beeld.md": post_text("beeld", ["x.post"], [("media/photo.jpg", None)]),
             "clip.md": post_text("clip", ["x.post"], [("media/clip.mp4", None)])}
    return make_project(files={"media/photo.jpg": media.photo, "media/clip.mp4": media.clip},
                        posts=posts)


@pytest.mark.parametrize("post", ["beeld.md", "clip.md"])
def test_full_disk_is_could_not_write_exit_2_and_nothing_partial(
    make_project: ProjectFactory, media: Media, cli: CliRunner, small_disk: Path, post: str,
) -> None:
    project = _project(make_project, media)
    sources = tree(project.root)
    done = cli("adapt", post, "--out", small_disk / "out", cwd=project.root)
    assert done.code == 2
    assert done.err.startswith("crosspost: error: could not write ")
    assert "No space left on device" in done.err
    assert_consistent(small_disk / "out")
    assert not list((small_disk / "out").rglob("01-*"))
    assert tree(project.root) == sources


def _fill(disk: Path) -> None:
    """Fill ``disk`` to the last byte."""
    with open(disk / "filler", "wb", buffering=0) as filler:
        while True:
            try:
                filler.write(b"\0" * 1024)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                return


def test_full_disk_for_a_report_file(make_project: ProjectFactory, media: Media,
                                     cli: CliRunner, small_disk: Path) -> None:
    project = _project(make_project, media)
    _fill(small_disk)
    report = small_disk / "report.html"
    done = cli("check", "--format", "html", "--output", report, cwd=project.root)
    assert done.code == 2
    assert f"could not write {report}: No space left on device" in done.err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_read_only_output_folder(make_project: ProjectFactory, media: Media, cli: CliRunner,
                                 small_disk: Path) -> None:
    project = _project(make_project, media)
    remount_read_only(small_disk)
    done = cli("adapt", "--out", small_disk / "out", cwd=project.root)
    assert done.code == 2
    assert done.err.startswith("crosspost: error: could not write ")
    assert "Read-only file system" in done.err
    assert list(small_disk.iterdir()) == []


def test_file_size_limit_is_could_not_write(
    make_project: ProjectFactory, media: Media, tmp_path: Path,
    subprocess_env: Callable[..., dict[str, str]],
) -> None:
    """RLIMIT_FSIZE: works without mount rights. Python ignores SIGXFSZ, so the write fails
    with EFBIG ("File too large") instead of killing the process."""
    project = _project(make_project, media)
    sources = tree(project.root)
    out = tmp_path / "limited-out"

    def limit() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "crosspost", "adapt", "beeld.md", "--out", str(out)],
        cwd=project.root, env=subprocess_env(), capture_output=True, text=True, timeout=60,
        preexec_fn=limit, check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("crosspost: error: could not write ")
    assert "File too large" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert_consistent(out)
    assert not list(out.rglob("01-*"))
    assert tree(project.root) == sources
