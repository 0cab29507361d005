"""The pre-commit hook on a content repository laid out like examples/, through the real
`pre-commit try-repo` (it installs crosspost from this checkout into its own environment).

Media and subtitle files next to the posts are never taken for posts; a commit that changes
only a photo re-checks the post that shows it; a `files:` of the user's narrows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("content")
    for name in ("crosspost.toml", "policy.yaml", "handles.yaml", "canvas.yaml", "posts"):
        source = ROOT / "examples" / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy2(source, repo / name)
    (repo / "posts" / "README.md").write_text("# Posts\n\nHier staan de berichten.\n", "utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "posts")
    return repo


def _try_repo(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(content.parent / "pre-commit-home"),
           "CROSSPOST_CACHE": "off", "PATH": f"{PRE_COMMIT.parent}:{os.environ['PATH']}"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "crosspost-check", "--verbose", *args],
        cwd=content, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


def test_all_files_checks_posts_never_media_or_readme(content: Path) -> None:
    done = _try_repo(content, "--all-files")
    out = done.stdout + done.stderr
    assert "crosspost check" in out, out
    assert "Traceback" not in out
    for wrong in ("post.invalid", "unsupported post file type", "not UTF-8", "README"):
        assert wrong not in out, out
    for post in ("zonnepanelen", "warmtepomp", "informatieavond", "besparing"):
        assert f"posts/{post}." in out, out


def test_a_changed_photo_rechecks_the_post_that_shows_it(content: Path) -> None:
    done = _try_repo(content, "--files", "posts/media/zonnepanelen.jpg")
    out = done.stdout + done.stderr
    assert "posts/zonnepanelen.md" in out, out
    assert "posts/warmtepomp.md" not in out
    subtitles = _try_repo(content, "--files", "posts/media/warmtepomp-uitleg.nl.srt")
    out = subtitles.stdout + subtitles.stderr
    assert "posts/warmtepomp.md" in out, out
    assert "posts/zonnepanelen.md" not in out
