"""FileProber with its cache, FakeProber for other tests, and a light package import."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from crosspost.errors import MediaError, SubtitleError
from crosspost.media import FakeProber, FileProber, ImageFacts, ProbeCache, Prober, VideoFacts
from crosspost.media.probe_video import probe_video as real_probe_video

# The module, not the function of the same name that crosspost.media exports.
probe_video_mod = importlib.import_module("crosspost.media.probe_video")


def test_file_prober_probes_each_kind(mp4: Path, tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (8, 4)).save(image)
    subs = tmp_path / "a.srt"
    subs.write_text("1\n00:00:00,000 --> 00:00:01,000\nhi\n")
    prober = FileProber()
    assert isinstance(prober, Prober)
    assert prober.image(image).width == 8
    assert prober.video(mp4).width == 160
    assert prober.subtitles(subs).cues[0].lines == ("hi",)


def test_cache_hits_until_the_file_changes(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (8, 4)).save(image)
    prober = FileProber()
    first = prober.image(image)
    assert prober.image(str(image)) is first
    assert (prober.cache.hits, prober.cache.misses) == (1, 1)
    Image.new("RGB", (16, 4)).save(image)
    os.utime(image, ns=(1, 1))  # a different mtime even on coarse clocks
    assert prober.image(image).width == 16
    assert prober.cache.misses == 2


def test_cache_key_follows_symlinks_and_budgets(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (8, 4)).save(image)
    link = tmp_path / "link.png"
    link.symlink_to(image)
    cache = ProbeCache()
    loose, strict = FileProber(cache=cache), FileProber(cache=cache, max_image_pixels=10)
    assert loose.image(image) is loose.image(link)
    with pytest.raises(MediaError, match="more than the budget"):
        strict.image(image)


def test_errors_are_not_cached(tmp_path: Path) -> None:
    subs = tmp_path / "a.srt"
    subs.write_text("1\n00:00:00.000 --> 00:00:01,000\nhi\n")
    prober = FileProber()
    with pytest.raises(SubtitleError):
        prober.subtitles(subs)
    subs.write_text("1\n00:00:00,000 --> 00:00:01,000\nhi!\n")
    assert prober.subtitles(subs).cues[0].lines == ("hi!",)


def test_concurrent_requests_probe_once(mp4: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = real_probe_video
    gate = threading.Barrier(8)

    def counting(path: str | Path, **kwargs: object) -> VideoFacts:
        calls.append(str(path))
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(probe_video_mod, "probe_video", counting)
    prober = FileProber()
    results: list[VideoFacts] = []

    def work() -> None:
        gate.wait()
        results.append(prober.video(mp4))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 8
    assert len(calls) == 1
    assert all(result is results[0] for result in results)


def test_fake_prober_for_other_tests() -> None:
    photo = ImageFacts(path="media/a.jpg", format="JPEG", width=1080, height=1350)
    fake = FakeProber({"media/a.jpg": photo, "media/b.mp4": MediaError("broken", path="b.mp4")})
    assert isinstance(fake, Prober)
    assert fake.image(Path("media/a.jpg")) is photo
    assert fake.image("media/./a.jpg") is photo
    with pytest.raises(MediaError, match="broken"):
        fake.video("media/b.mp4")
    with pytest.raises(MediaError, match=r"media/a\.jpg: is a ImageFacts, not a video file"):
        fake.video("media/a.jpg")
    with pytest.raises(MediaError, match=r"c\.srt: subtitles file does not exist"):
        fake.subtitles("c.srt")
    assert fake.calls[0] == ("image", "media/a.jpg")
    assert len(fake.calls) == 5


def test_facts_are_frozen_and_strict() -> None:
    photo = ImageFacts(path="a.jpg", format="JPEG", width=4, height=3)
    with pytest.raises(ValueError, match="frozen"):
        photo.width = 5
    with pytest.raises(ValueError, match="Extra inputs"):
        ImageFacts.model_validate({"path": "a", "format": "PNG", "width": 1, "height": 1, "x": 0})
    assert photo.aspect_ratio == pytest.approx(4 / 3)
    assert ImageFacts.model_validate_json(photo.model_dump_json()) == photo


def test_importing_the_package_stays_light() -> None:
    code = (
        "import sys, crosspost.media\n"
        "heavy = [m for m in ('PIL', 'numpy', 'moviepy', 'imageio_ffmpeg') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == ""
