"""Pixels travel with the prober: no analysis or decode is shared between two probers."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from crosspost.media.facts import ImageFacts
from crosspost.media.prober import FakeProber, FileProber


def _photo(path: Path) -> Path:
    Image.radial_gradient("L").convert("RGB").resize((400, 300)).save(path, "JPEG")
    return path


def test_each_prober_keeps_its_own_pixels(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "a.jpg")
    first, second = FileProber(), FileProber()
    analysis = first.analyse(photo)
    assert first.analyse(photo) is analysis  # analysed once per prober
    assert second.analyse(photo) is not analysis  # never shared between probers
    kept = first.pixels.take(photo, 0.5)
    assert kept is not None
    assert kept.image.size == (400, 300)
    assert first.pixels.take(photo, 0.5) is None  # handed over once
    assert second.pixels.take(photo, 0.5) is not None


def test_an_edited_file_is_analysed_again(tmp_path: Path) -> None:
    import os

    photo = _photo(tmp_path / "a.jpg")
    prober = FileProber()
    before = prober.analyse(photo)
    Image.new("RGB", (200, 200), "white").save(photo, "JPEG")
    os.utime(photo, ns=(1, 1))
    assert prober.analyse(photo) is not before


def test_the_fake_prober_answers_without_reading_pixels(tmp_path: Path) -> None:
    path = tmp_path / "missing.png"  # no file at all: only facts
    prober = FakeProber({path: ImageFacts(path=str(path), format="PNG", width=10, height=10,
                                          bytes=100, mode="RGBA")})
    analysis = prober.analyse(path)
    assert analysis.saliency is None
    assert analysis.thumb is None
    assert analysis.alpha_used
    assert ("analyse", str(path)) in prober.calls
