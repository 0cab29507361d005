"""ffmpeg hanging, crashing or missing, through the CLI and the API.

A fake ffmpeg (``fakes/ffmpeg.py``, named by ``$CROSSPOST_FFMPEG``) passes probes to the real one
and misbehaves when it encodes, after writing the start of its output. Probing faults use an
AVI clip: crosspost reads MP4/MOV and Matroska/WebM headers itself, without ffmpeg. A hang is
killed at the policy's timeout together with everything it started; every failure is one
clear message and exit code 2 (crosspost could not run), with no partial or temporary file
and the sources as they were.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import crosspost
from crosspost.errors import ToolError
from crosspost.media.prober import FileProber
from crosspost.testing import pid_gone

from .conftest import CliRunner, FakeFactory, Media, Project, ProjectFactory, post_text
from .helpers import assert_consistent, manifest_hashes, tree

pytestmark = pytest.mark.reliability

#: ffmpeg may take 1 s plus 0.1 s per second of video (the clip lasts 1 s).
QUICK_TIMEOUT = "name: Test\nadapt:\n  video:\n    preset: ultrafast\n    timeout: 1\n" \
    "    timeout_per_second: 0.1\n"


@pytest.fixture
def project(make_project: ProjectFactory, media: Media) -> Project:
    post = post_text("clip", ["x.post"], [("media/clip.mp4", None)])
    return make_project(files={"media/clip.mp4": media.clip}, posts={"clip.md": post})


@pytest.fixture
def avi_project(make_project: ProjectFactory, media: Media) -> Project:
    """A post whose video only ffmpeg can probe."""
    post = post_text("clip", ["x.post"], [("media/clip.avi", None)])
    return make_project(files={"media/clip.avi": media.avi}, posts={"clip.md": post})


def test_hanging_ffmpeg_is_killed_with_its_group_at_the_timeout(
    project: Project, media: Media, cli: CliRunner, fake_ffmpeg: FakeFactory,
    monkeypatch: pytest.MonkeyPatch, reap: list[int],
) -> None:
    assert cli("adapt", "--out", project.out, cwd=project.root).code == 0
    before = manifest_hashes(project.out)
    (project.root / "media" / "clip.mp4").write_bytes(media.clip2)  # to be encoded again
    (project.root / "policy.yaml").write_text(QUICK_TIMEOUT)
    sources = tree(project.root)
    fake = fake_ffmpeg("hang")
    for name, value in fake.env.items():
        monkeypatch.setenv(name, value)

    done = cli("adapt", "--out", project.out, cwd=project.root)
    state = fake.read_state()
    reap += [state["pid"], state["child"]]

    assert done.code == 2
    assert done.err.startswith("crosspost: error: ffmpeg timed out after 1.1 s and was killed")
    assert pid_gone(state["pid"])
    assert pid_gone(state["child"])  # started by ffmpeg, in its process group
    assert_consistent(project.out)
    assert manifest_hashes(project.out) == before  # the previous output is untouched
    assert tree(project.root) == sources


def test_crashing_ffmpeg_is_a_clear_error(
    project: Project, cli: CliRunner, fake_ffmpeg: FakeFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = tree(project.root)
    fake = fake_ffmpeg("crash")
    for name, value in fake.env.items():
        monkeypatch.setenv(name, value)
    done = cli("adapt", "--out", project.out, cwd=project.root)
    assert done.code == 2
    assert done.err.startswith("crosspost: error: ffmpeg failed (crashed with SIGSEGV)")
    assert fake.read_state()["outs"]  # it had begun writing
    assert_consistent(project.out)
    assert not list(project.out.rglob("*.mp4"))
    assert not list(project.out.rglob("*"))  # no folder left holding only its lock
    assert tree(project.root) == sources


def test_hanging_probe_through_the_api_is_a_tool_error(
    avi_project: Project, fake_ffmpeg: FakeFactory, monkeypatch: pytest.MonkeyPatch,
    reap: list[int],
) -> None:
    fake = fake_ffmpeg("hang-all")
    for name, value in fake.env.items():
        monkeypatch.setenv(name, value)
    # The timeout leaves the fake (a Python script) time to start and write its state on a
    # loaded CI machine: at 0.5 s it was sometimes killed before it got that far.
    with pytest.raises(ToolError, match=r"ffmpeg timed out after 4 s and was killed"):
        crosspost.check(avi_project.posts["clip.md"], prober=FileProber(timeout=4))
    state = fake.read_state()
    reap += [state["pid"], state["child"]]
    assert pid_gone(state["pid"])
    assert pid_gone(state["child"])


@pytest.mark.parametrize("verb", ["check", "plan", "adapt"])
def test_a_configured_ffmpeg_that_is_not_there_exits_2_naming_it(
    avi_project: Project, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    verb: str,
) -> None:
    project = avi_project
    missing = tmp_path / "no" / "ffmpeg"
    monkeypatch.setenv("CROSSPOST_FFMPEG", str(missing))
    args = ["--out", project.out] if verb == "adapt" else []
    done = cli(verb, *args, cwd=project.root)
    assert done.code == 2
    assert done.err == (f"crosspost: error: $CROSSPOST_FFMPEG '{missing}' is not an executable "
                        "file (looked: configured ffmpeg: not set)\n")
    assert not project.out.exists()


def test_no_ffmpeg_anywhere_exits_2_saying_where_it_looked(
    avi_project: Project, tmp_path: Path, subprocess_env: Callable[..., dict[str, str]],
) -> None:
    """The real CLI in a fresh process, with imageio-ffmpeg's binary pointed at nothing."""
    project = avi_project
    missing = str(tmp_path / "no" / "ffmpeg")
    sources = tree(project.root)
    done = subprocess.run(
        [sys.executable, "-m", "crosspost", "check"], cwd=project.root, capture_output=True,
        text=True, timeout=60, check=False, env=subprocess_env(IMAGEIO_FFMPEG_EXE=missing),
    )
    assert done.returncode == 2
    assert done.stderr == (
        "crosspost: error: ffmpeg not found; looked at: configured ffmpeg: not set; "
        f"$CROSSPOST_FFMPEG: not set; imageio-ffmpeg: '{missing}' is not executable. "
        "Install imageio-ffmpeg or set CROSSPOST_FFMPEG to an ffmpeg binary.\n")
    assert tree(project.root) == sources


def test_a_crash_while_probing_says_ffmpeg_crashed(
    avi_project: Project, cli: CliRunner, fake_ffmpeg: FakeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = fake_ffmpeg("crash-all")
    for name, value in fake.env.items():
        monkeypatch.setenv(name, value)
    done = cli("check", cwd=avi_project.root)
    assert "SIGSEGV" in done.text


def test_check_of_an_mp4_needs_no_ffmpeg_but_adapt_does(
    project: Project, tmp_path: Path, subprocess_env: Callable[..., dict[str, str]],
) -> None:
    """MP4 headers are read in Python: without any ffmpeg, check still reports on the post;
    adapt, which encodes, stops with the message that says where it looked."""
    missing = str(tmp_path / "no" / "ffmpeg")
    env = subprocess_env(IMAGEIO_FFMPEG_EXE=missing)
    checked = subprocess.run(
        [sys.executable, "-m", "crosspost", "check", "--format", "json"], cwd=project.root,
        capture_output=True, text=True, timeout=60, check=False, env=env)
    assert checked.returncode in (0, 1), checked.stderr
    assert "ffmpeg" not in checked.stdout + checked.stderr  # no probe failed for want of it
    adapted = subprocess.run(
        [sys.executable, "-m", "crosspost", "adapt", "--out", str(project.out)],
        cwd=project.root, capture_output=True, text=True, timeout=60, check=False, env=env)
    assert adapted.returncode == 2
    assert "ffmpeg not found" in adapted.stderr
