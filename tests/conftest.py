"""Fixtures shared by every test folder; keep this small (folder fixtures live in their folder)."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples on every run (derandomize): a property test that passes here
# passes there, and a failure is reproducible from the log. Locally examples stay random, so
# new cases keep being found; a failure found that way becomes an explicit @example.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The suite never reads or fills the user's own cache (~/.cache/crosspost): an entry left there
# by another version could hide a bug, and a test run should leave nothing behind. One folder
# for the whole run keeps the probe cache's speed-up between tests; tests of the cache itself
# point it at their own folder.
_CACHE = tempfile.mkdtemp(prefix="crosspost-tests-cache-")
os.environ["CROSSPOST_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)

WriteFile = Callable[..., Path]

# A small, valid platform spec that tests change one line at a time. It uses no bundled
# platform id, so it loads next to the built-ins, and its numbers are the tests' own.
DEMO_SPEC = """\
# yaml-language-server: $schema=schema/platform-spec.schema.json
id: demo
name: Demo
verified: "2026-01-15"
default_format: post
sources:
  docs: {url: https://example.org/docs, title: Demo docs, kind: primary}
  blog: {url: https://example.org/blog, title: Demo blog, kind: secondary}
formats:
  post:
    name: Post
    kind: post
    media: [text, image, video]
    source: docs
    limits:
      text:
        max_length: {graphemes: 500}
        max_hashtags: 30
      images:
        max_count: 4
      video:
        max_duration: 140
        containers: [mp4]
    recommended:
      text:
        max_hashtags: 3
  reel:
    name: Reel
    kind: reel
    media: [text, video]
    source: docs
    limits:
      video:
        min_aspect: "9:16"
        max_aspect: "4:5"
"""


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """``write("a/b.yaml", text)`` writes dedented text (or bytes as given) under tmp_path."""

    def _write(name: str, content: str | bytes = "", *, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if dedent else content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def demo_spec() -> str:
    """The text of a valid spec file for platform ``demo`` (formats ``post`` and ``reel``)."""
    return DEMO_SPEC


@pytest.fixture(scope="session")
def ffmpeg_exe() -> str:
    """The ffmpeg crosspost runs, for making test media directly."""
    from crosspost.testing import ffmpeg_path

    return ffmpeg_path()


@pytest.fixture(autouse=True)
def _no_ci_output_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs do not depend on the CI the suite runs in: `--format auto` picks `github`
    under GitHub Actions, and FORCE_COLOR / NO_COLOR change colour."""
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
