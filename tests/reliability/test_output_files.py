"""Written files are ordinary files: the user's umask decides their mode.

Atomic writes go through ``mkstemp``, which creates files readable by their owner only (0600);
a scheduler or a web server running as another user could not read a variant.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliRunner, Media, ProjectFactory, post_text
from .helpers import assert_consistent

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_follow_the_umask(make_project: ProjectFactory, media: Media, tmp_path: Path,
                                  subprocess_env: Callable[..., dict[str, str]],
                                  umask: int) -> None:
    project = make_project(
        files={"media/photo.jpg": media.photo},
        posts={"beeld.md": post_text("beeld", ["x.post"], [("media/photo.jpg", None)])})
    report = tmp_path / "report.json"

    def setup() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.umask(umask)

    for args in (["adapt", "--out", str(project.out)],
                 ["check", "--format", "json", "--output", str(report)]):
        done = subprocess.run([sys.executable, "-m", "crosspost", *args], cwd=project.root,
                              env=subprocess_env(), capture_output=True, text=True, timeout=60,
                              preexec_fn=setup, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    assert_consistent(project.out)
    written = [p for p in project.out.rglob("*") if p.is_file()] + [report]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written if p.name != ".crosspost.lock"} \
        == {0o666 & ~umask}


def test_a_policy_edited_between_two_runs_in_one_process_is_read_again(
    make_project: ProjectFactory, cli: CliRunner,
) -> None:
    """A notebook or a long-lived process runs adapt twice; the policy changed in between.
    (The batch caches loaded specs per process: by path alone, the old policy stayed.)"""
    project = make_project(posts={"tekst.md": post_text("tekst", ["x.post"])})
    assert "target.disabled" not in cli("plan", cwd=project.root).out
    (project.root / "policy.yaml").write_text("name: Test\ndisabled: [x]\n")
    assert "x.post                 off by policy" in cli("plan", cwd=project.root).out
