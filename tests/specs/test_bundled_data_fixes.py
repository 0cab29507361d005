"""Problems found in the bundled data (issue 13), each pinned by what a user runs: `check`.

These tests depend on the bundled numbers on purpose: each one is a value that was wrong and
hurt users (valid videos refused, one-item carousels passed, an AI field said not to exist).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost import check
from crosspost.media.facts import ImageFacts, VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.report import Report
from crosspost.specs.registry import SpecRegistry, load_specs


@pytest.fixture(scope="module")
def bundled() -> SpecRegistry:
    return load_specs()


def _post(tmp_path: Path, target: str, media: list[str], extra: str = "") -> Path:
    """A post file on disk (media resolve against it), with one line per media file."""
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    lines = "".join(f"  - {{path: {name}, alt: Beeld}}\n" for name in media)
    path = tmp_path / "post.md"
    path.write_text(f"---\nid: p\ntargets: [{target}]\n{extra}media:\n{lines}---\nTekst.\n",
                    "utf-8")
    return path


def _video(tmp_path: Path, seconds: float) -> tuple[Path, FakeProber]:
    clip = tmp_path / "clip.mp4"
    clip.touch()
    facts = VideoFacts(path=str(clip), container="mov,mp4,m4a,3gp,3g2,mj2", duration=seconds,
                       width=1920, height=1080, fps=30, video_codec="h264", audio_codec="aac",
                       bytes=50_000_000)
    return _post(tmp_path, "bluesky.post", ["clip.mp4"]), FakeProber({clip.resolve(): facts})


def _rules(report: Report, target: str) -> set[str]:
    return {f.rule for f in report if f.target == target}


@pytest.mark.parametrize("minutes", [3.5, 9.9])
def test_bluesky_takes_videos_up_to_ten_minutes(
    bundled: SpecRegistry, tmp_path: Path, minutes: float
) -> None:
    post, prober = _video(tmp_path, minutes * 60)
    report = check(post, specs=bundled, prober=prober)
    assert prober.calls, "the video was probed"
    assert "video.duration" not in _rules(report, "bluesky.post")


def test_bluesky_refuses_a_video_over_ten_minutes(bundled: SpecRegistry, tmp_path: Path) -> None:
    post, prober = _video(tmp_path, 601)
    found = [f for f in check(post, specs=bundled, prober=prober) if f.rule == "video.duration"]
    assert [(f.severity, f.limit) for f in found] == [("error", 600)]
    assert any("social-app" in s for s in found[0].sources)


def _photos(tmp_path: Path, target: str, count: int, extra: str = "") -> tuple[Path, FakeProber]:
    prober = FakeProber()
    names = []
    for n in range(count):
        path = tmp_path / f"foto{n}.jpg"
        path.touch()
        prober.add(path.resolve(), ImageFacts(path=str(path), format="JPEG", width=1080,
                                              height=1350, bytes=1000))
        names.append(path.name)
    return _post(tmp_path, target, names, extra), prober


def test_instagram_carousel_of_one_item_is_refused(bundled: SpecRegistry, tmp_path: Path) -> None:
    post, prober = _photos(tmp_path, "instagram.carousel", 1)
    found = [f for f in check(post, specs=bundled, prober=prober) if f.rule == "media.count"]
    assert [(f.severity, f.measured, f.limit, f.fixable) for f in found] == [
        ("error", 1, 2, False)]
    assert found[0].hint
    assert "feed post" in found[0].hint


def test_instagram_carousel_of_two_items_passes_the_count(
    bundled: SpecRegistry, tmp_path: Path
) -> None:
    post, prober = _photos(tmp_path, "instagram.carousel", 2)
    assert "media.count" not in _rules(check(post, specs=bundled, prober=prober),
                                       "instagram.carousel")


@pytest.mark.parametrize("fmt", ["feed", "carousel", "reel", "story"])
def test_instagram_has_the_is_ai_generated_field(bundled: SpecRegistry, fmt: str) -> None:
    block = bundled.resolve(f"instagram.{fmt}").limits.ai_disclosure
    assert block is not None
    assert block.api_field is not None
    assert block.api_field.value == "is_ai_generated"
    platform = bundled.platforms["instagram"]
    assert not any("AI" in gap and "field" in gap for gap in platform.unsourced)


def test_ai_generated_instagram_post_is_told_to_set_the_field(
    bundled: SpecRegistry, tmp_path: Path
) -> None:
    extra = "ai_generated: true\napproved_by: Sanne\n"
    post, prober = _photos(tmp_path, "instagram.feed", 1, extra)
    found = [f for f in check(post, specs=bundled, prober=prober) if f.rule == "ai.disclosure"]
    assert len(found) == 1
    assert "is_ai_generated" in found[0].message


@pytest.mark.parametrize("target", ["x.post", "bluesky.post", "mastodon.post"])
def test_photos_and_a_video_together_are_refused(
    bundled: SpecRegistry, tmp_path: Path, target: str
) -> None:
    prober = FakeProber()
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).touch()
        prober.add((tmp_path / name).resolve(), ImageFacts(
            path=name, format="JPEG", width=1080, height=1080, bytes=1000))
    clip = tmp_path / "clip.mp4"
    clip.touch()
    prober.add(clip.resolve(), VideoFacts(
        path="clip.mp4", container="mov,mp4,m4a,3gp,3g2,mj2", duration=10, width=1280,
        height=720, fps=30, video_codec="h264", audio_codec="aac", bytes=1000))
    post = _post(tmp_path, target, ["a.jpg", "b.jpg", "clip.mp4"])
    found = [f for f in check(post, specs=bundled, prober=prober)
             if f.rule == "media.combination"]
    assert [(f.severity, f.fixable) for f in found] == [("error", True)]
    assert "2 photos and 1 video" in found[0].message


def _video_for(tmp_path: Path, target: str, seconds: float) -> tuple[Path, FakeProber]:
    post, prober = _video(tmp_path, seconds)
    post.write_text(post.read_text("utf-8").replace("bluesky.post", target), "utf-8")
    return post, prober


def test_x_premium_video_length_follows_the_configured_account(tmp_path: Path) -> None:
    from crosspost.specs.policy import Policy

    post, prober = _video_for(tmp_path, "x.post", 30 * 60)
    found = [f for f in check(post, specs=load_specs(), prober=prober)
             if f.rule == "video.duration"]
    assert [(f.severity, f.limit) for f in found] == [("error", 1200)]
    assert "with account: premium (set in the policy) it is 7500" in found[0].message
    premium = load_specs(policy=Policy(accounts={"x": "premium"}))
    assert not [f for f in check(post, specs=premium, prober=prober)
                if f.rule == "video.duration"]


def test_linkedin_video_takes_the_stricter_path_until_the_policy_names_one(
    tmp_path: Path
) -> None:
    from crosspost.specs.policy import Policy

    post, prober = _video_for(tmp_path, "linkedin.post", 20 * 60)
    found = [f for f in check(post, specs=load_specs(), prober=prober)
             if f.rule == "video.duration"]
    assert [(f.severity, f.limit) for f in found] == [("error", 900)]
    assert "assuming publishing: app" in found[0].message
    api = load_specs(policy=Policy(publishing={"linkedin": "api"}))
    assert not [f for f in check(post, specs=api, prober=prober) if f.rule == "video.duration"]


def test_x_text_finding_names_the_premium_limit_it_did_not_assume(tmp_path: Path) -> None:
    from crosspost.specs.policy import Policy

    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    post = tmp_path / "post.md"
    post.write_text("---\nid: p\ntargets: [x.post]\n---\n" + "Woorden. " * 40 + "\n", "utf-8")
    found = [f for f in check(post, specs=load_specs()) if f.rule == "text.length"]
    assert [f.limit for f in found] == [280]
    assert "with account: premium (set in the policy) it is 25000" in found[0].message
    premium = load_specs(policy=Policy(accounts={"x": "premium"}))
    assert not [f for f in check(post, specs=premium) if f.rule == "text.length"]
