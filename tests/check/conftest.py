"""A small content repository on disk for check tests: the test platform ``t`` and posts."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.media.facts import ImageFacts
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import SpecRegistry, load_specs

SPEC_DIR = Path(__file__).resolve().parent.parent / "cases" / "spec"


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    """A copy of the test platform spec (`t.post`, `t.reel`, `t.feed`, `t.textonly`)."""
    target = tmp_path / "specs"
    shutil.copytree(SPEC_DIR, target)
    return target


@pytest.fixture
def specs(spec_dir: Path) -> SpecRegistry:
    return load_specs([spec_dir], builtin=False)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content root (it holds a crosspost.toml, so it is the root of its posts)."""
    root = tmp_path / "content"
    (root / "posts").mkdir(parents=True)
    (root / "crosspost.toml").write_text("", "utf-8")
    return root


PostWriter = Callable[[str, str], Path]


@pytest.fixture
def post(content: Path) -> PostWriter:
    """``post("a.md", text)`` writes a post under ``content/posts``."""

    def write(name: str, text: str) -> Path:
        path = content / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture
def image_prober() -> Callable[..., FakeProber]:
    """``image_prober(*paths)``: a FakeProber knowing each path as a 1080x1080 JPEG."""

    def make(*paths: Path) -> FakeProber:
        prober = FakeProber()
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            prober.add(path.resolve(), ImageFacts(path=str(path), format="JPEG", width=1080,
                                                  height=1080, bytes=1000))
        return prober

    return make
