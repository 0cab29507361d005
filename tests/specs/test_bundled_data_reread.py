"""Values of the bundled data changed when they were read again at their source (issue 13,
item 1, for Instagram, Facebook, TikTok, YouTube, Pinterest and Snapchat).

Each test pins a change a user sees in `check`; the numbers are the bundled ones on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost import check
from crosspost.media.facts import ImageFacts
from crosspost.media.prober import FakeProber
from crosspost.specs.policy import Policy
from crosspost.specs.registry import load_specs


def _pin(tmp_path: Path, words: int) -> tuple[Path, FakeProber]:
    """An image Pin whose description is about 8 characters a word."""
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    image = tmp_path / "pin.jpg"
    image.touch()
    prober = FakeProber()
    prober.add(image.resolve(), ImageFacts(path=str(image), format="JPEG", width=1000,
                                           height=1500, bytes=1000))
    post = tmp_path / "post.md"
    post.write_text("---\nid: p\ntargets: [pinterest.pin]\ntitle: Isoleren\nmedia:\n"
                    "  - {path: pin.jpg, alt: Beeld}\n---\n" + "Woorden " * words + "\n",
                    "utf-8")
    return post, prober


def test_pinterest_description_takes_800_through_the_api_only(tmp_path: Path) -> None:
    post, prober = _pin(tmp_path, 75)  # 600 characters
    found = [f for f in check(post, specs=load_specs(), prober=prober)
             if f.rule == "text.length"]
    assert [(f.severity, f.limit) for f in found] == [("error", 500)]
    assert "publishing: api" in found[0].message
    api = load_specs(policy=Policy(publishing={"pinterest": "api"}))
    assert not [f for f in check(post, specs=api, prober=prober) if f.rule == "text.length"]


def test_pinterest_api_description_still_ends_at_800(tmp_path: Path) -> None:
    post, prober = _pin(tmp_path, 110)  # 880 characters
    api = load_specs(policy=Policy(publishing={"pinterest": "api"}))
    found = [f for f in check(post, specs=api, prober=prober) if f.rule == "text.length"]
    assert [(f.severity, f.limit) for f in found] == [("error", 800)]


def _spotlight(tmp_path: Path, words: int) -> tuple[Path, FakeProber]:
    from crosspost.media.facts import VideoFacts

    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    clip = tmp_path / "clip.mp4"
    clip.touch()
    facts = VideoFacts(path=str(clip), container="mov,mp4,m4a,3gp,3g2,mj2", duration=20.0,
                       width=1080, height=1920, fps=30, video_codec="h264", audio_codec="aac",
                       bytes=20_000_000)
    post = tmp_path / "post.md"
    post.write_text("---\nid: p\ntargets: [snapchat.spotlight]\nmedia:\n"
                    "  - {path: clip.mp4}\n---\n" + "Woorden " * words + "\n", "utf-8")
    return post, FakeProber({clip.resolve(): facts})


def test_snapchat_spotlight_description_ends_at_160(tmp_path: Path) -> None:
    post, prober = _spotlight(tmp_path, 25)  # 200 characters
    found = [f for f in check(post, specs=load_specs(), prober=prober)
             if f.rule == "text.length"]
    assert [(f.severity, f.limit) for f in found] == [("error", 160)]


def test_snapchat_spotlight_takes_a_short_description(tmp_path: Path) -> None:
    post, prober = _spotlight(tmp_path, 15)  # 120 characters
    assert not [f for f in check(post, specs=load_specs(), prober=prober)
                if f.rule == "text.length"]


def _photo_and_video(tmp_path: Path, target: str) -> tuple[Path, FakeProber]:
    from crosspost.media.facts import VideoFacts

    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    image, clip = tmp_path / "foto.jpg", tmp_path / "clip.mp4"
    image.touch()
    clip.touch()
    prober = FakeProber()
    prober.add(image.resolve(), ImageFacts(path=str(image), format="JPEG", width=1080,
                                           height=1920, bytes=1000))
    prober.add(clip.resolve(), VideoFacts(path=str(clip), container="mov,mp4,m4a,3gp,3g2,mj2",
                                          duration=10.0, width=1080, height=1920, fps=30,
                                          video_codec="h264", audio_codec="aac",
                                          bytes=1_000_000))
    post = tmp_path / "post.md"
    post.write_text(f"---\nid: p\ntargets: [{target}]\nmedia:\n  - {{path: foto.jpg, alt: Beeld}}\n"
                    "  - {path: clip.mp4}\n---\nTekst.\n", "utf-8")
    return post, prober


@pytest.mark.parametrize("target", ["instagram.story", "facebook.story", "snapchat.story",
                                    "facebook.post"])
def test_a_photo_and_a_video_do_not_go_together(tmp_path: Path, target: str) -> None:
    post, prober = _photo_and_video(tmp_path, target)
    found = [f for f in check(post, specs=load_specs(), prober=prober)
             if f.rule == "media.combination"]
    assert [(f.severity, f.fixable) for f in found] == [("error", True)]
    assert "1 photo and 1 video" in found[0].message
