"""Posts with generated images in a fresh content root, and the bundled specs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.specs.registry import SpecRegistry, load_specs

PostFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def specs() -> SpecRegistry:
    return load_specs()


@pytest.fixture
def make_post(tmp_path: Path) -> PostFactory:
    """``make_post(targets, media=[{"path": ..., "alt": ...}], files={"media/a.jpg": path})``."""

    def make(targets: list[str], media: list[dict[str, object]],
             files: dict[str, Path | bytes], *, text: str = "Een korte tekst.",
             folder: str = "content") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        (root / "crosspost.toml").write_text("", encoding="utf-8")
        for name, content in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.read_bytes())
        post = {"id": "beeld", "language": "nl", "targets": targets, "media": media,
                "text": text}
        path = root / "post.yaml"
        path.write_text(json.dumps(post, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        return path

    return make
