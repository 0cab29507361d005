"""`check` and `plan` in a read-only checkout: they work and create nothing.

The checkout is a git repository on a tmpfs remounted read-only, so any write (a temporary file,
a cache, an ffmpeg log) fails loudly, even as root. Where mounting is not allowed, the checkout
is made read-only with chmod, which root ignores: then the test still proves that nothing was
created or changed (the file listing, every hash and ``git status`` are compared), but not that
a refused write would be handled.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import FAST_POLICY, Media, post_text
from .helpers import listing, remount_read_only, run_cli, tmpfs, tree

pytestmark = pytest.mark.reliability

GIT = shutil.which("git")


@dataclass(frozen=True)
class Checkout:
    root: Path
    mounted: bool  # really read-only (a read-only mount), or only chmod-ed


def _git(root: Path, *args: str) -> str:
    assert GIT is not None
    return subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.fsmonitor=false",
         "-c", f"safe.directory={root}", *args],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout


def _fill(root: Path, media: Media) -> None:
    (root / "posts" / "media").mkdir(parents=True)
    (root / "posts" / "media" / "photo.jpg").write_bytes(media.photo)
    (root / "posts" / "media" / "clip.mp4").write_bytes(media.clip)
    (root / "posts" / "media" / "clip.nl.srt").write_text(
        "1\n00:00:00,100 --> 00:00:00,900\nHallo.\n", encoding="utf-8")
    (root / "crosspost.toml").write_text('policy = "policy.yaml"\ntargets = ["x.post"]\n')
    (root / "policy.yaml").write_text(FAST_POLICY)
    (root / "posts" / "beeld.md").write_text(
        post_text("beeld", ["x.post", "mastodon.post"], [("media/photo.jpg", None)]))
    (root / "posts" / "clip.md").write_text(
        post_text("clip", ["x.post"], [("media/clip.mp4", "media/clip.nl.srt")]))
    if GIT:
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "content")


@pytest.fixture
def checkout(tmp_path: Path, media: Media) -> Iterator[Checkout]:
    root = tmp_path / "checkout"
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(tmpfs(root, "16m"))
        except PermissionError:
            pass
        else:
            _fill(root, media)
            remount_read_only(root)
            with pytest.raises(OSError, match="Read-only file system"):
                (root / "probe").write_text("x")
            yield Checkout(root, mounted=True)
            return
    root.mkdir(exist_ok=True)
    _fill(root, media)
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield Checkout(root, mounted=False)
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.mark.parametrize("cache", ["writable", "read-only"])
def test_check_and_plan_work_and_leave_the_checkout_clean(
    checkout: Checkout, tmp_path: Path, subprocess_env: Callable[..., dict[str, str]],
    cache: str,
) -> None:
    if cache == "read-only" and not checkout.mounted:
        pytest.skip("root writes through chmod; needs a read-only mount")
    before = (listing(checkout.root), tree(checkout.root))
    # The probe cache lives in the user's cache folder; where that cannot be written either,
    # crosspost works without it.
    folder = tmp_path / "cache" if cache == "writable" else checkout.root / ".cache"
    env = subprocess_env(CROSSPOST_CACHE_DIR=str(folder), HOME=str(tmp_path / "home"),
                         TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    for verb in ("check", "plan"):
        done = run_cli([verb], checkout.root, env)
        assert done.code == 0, done.text
        assert done.err == ""
        assert "beeld" in done.out
        assert "clip" in done.out
    assert (listing(checkout.root), tree(checkout.root)) == before
    if GIT:
        assert _git(checkout.root, "status", "--porcelain", "--ignored") == ""
    assert os.listdir(tmp_path / "tmp") == []  # ffmpeg's and crosspost's temporary files
    if cache == "writable":
        assert list(folder.iterdir())  # the cache was used, outside the checkout


def test_adapt_into_a_read_only_checkout_says_it_could_not_write(
    checkout: Checkout, subprocess_env: Callable[..., dict[str, str]],
) -> None:
    if not checkout.mounted:
        pytest.skip("root writes through chmod; needs a read-only mount")
    before = listing(checkout.root)
    done = run_cli(["adapt"], checkout.root, subprocess_env())
    assert done.code == 2
    assert done.err.startswith(f"crosspost: error: could not write {checkout.root / 'out'}")
    assert "Read-only file system" in done.err
    assert listing(checkout.root) == before
