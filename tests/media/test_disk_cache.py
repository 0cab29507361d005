"""The persistent probe cache: unchanged files are not probed again in a new process."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from PIL import Image

from crosspost.media.facts import ImageFacts
from crosspost.media.prober import FileProber

# The module, not the function of the same name that crosspost.media exports.
probe_image_mod = importlib.import_module("crosspost.media.probe_image")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "foto.jpg"
    Image.new("RGB", (64, 48), (10, 120, 200)).save(path)
    return path


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = probe_image_mod.probe_image

    def counting(path: str | Path, **kwargs: int) -> ImageFacts:
        calls.append(str(path))
        return real(path, **kwargs)

    monkeypatch.setattr(probe_image_mod, "probe_image", counting)
    return calls


def test_facts_survive_the_process(photo: Path, tmp_path: Path, counted: list[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    first = FileProber(persistent=True).image(photo)
    again = FileProber(persistent=True).image(photo)  # a new prober: as in the next CI run
    assert again == first
    assert len(counted) == 1
    assert list((tmp_path / "cache").glob("probes-*.sqlite"))


def test_a_changed_file_is_probed_again(photo: Path, tmp_path: Path, counted: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    FileProber(persistent=True).image(photo)
    Image.new("RGB", (80, 40)).save(photo)
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    facts = FileProber(persistent=True).image(photo)
    assert (facts.width, facts.height) == (80, 40)
    assert len(counted) == 2


def test_an_unwritable_cache_is_skipped(photo: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(blocker / "cache"))
    assert FileProber(persistent=True).image(photo).width == 64


def test_cache_can_be_switched_off(photo: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    FileProber(persistent=True).image(photo)
    assert not (tmp_path / "cache").exists()
