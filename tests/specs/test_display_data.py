"""Display facts, safe areas, expected captions and link shortening come from the spec data.

`display.full_screen`, `display.cover` and `display.captions_burned_in` replaced kind lists in
the code; each test below plans or checks a post and looks at what the data decided.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost import check, plan
from crosspost.media.facts import VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.media.subtitles.parse import load_subtitles
from crosspost.rules.platform_text import short_form_for
from crosspost.specs.adapt_settings import AdaptSettings
from crosspost.specs.platform import FormatSpec
from crosspost.specs.policy import Policy
from crosspost.specs.registry import SpecRegistry, load_specs
from crosspost.specs.resolve import Tiers
from crosspost.text.short_links import ShortLinkForm
from crosspost.variant.plan import VariantPlan

SRT = ("1\n00:00:00,500 --> 00:00:03,000\nHallo allemaal.\n\n"
       "2\n00:00:03,500 --> 00:00:06,000\nTot ziens.\n")


@pytest.fixture(scope="module")
def bundled() -> SpecRegistry:
    return load_specs()


def _post(tmp_path: Path, targets: list[str], *, captions: bool = True) -> tuple[Path, FakeProber]:
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    clip = tmp_path / "clip.mp4"
    clip.touch()
    extra = ""
    if captions:
        (tmp_path / "clip.nl.srt").write_text(SRT, "utf-8")
        extra = ", captions: clip.nl.srt"
    post = tmp_path / "post.md"
    post.write_text(f"---\nid: p\nlanguage: nl\ntargets: [{', '.join(targets)}]\nmedia:\n"
                    f"  - {{path: clip.mp4, alt: Uitleg{extra}}}\n---\nTekst.\n", "utf-8")
    facts = VideoFacts(path=str(clip), container="mov,mp4,m4a,3gp,3g2,mj2", duration=8.0,
                       width=1080, height=1920, fps=30, video_codec="h264", audio_codec="aac",
                       bytes=5_000_000)
    prober = FakeProber({clip.resolve(): facts})
    if captions:
        subs = tmp_path / "clip.nl.srt"
        prober.add(subs.resolve(), load_subtitles(subs))
    return post, prober


def _cover(variant: VariantPlan) -> bool:
    return any(m.output.endswith(".cover.jpg") for m in variant.media)


def _burned(variant: VariantPlan) -> bool:
    return any(getattr(op, "op", None) == "burn_captions" for m in variant.media
               for op in m.operations)


def test_cover_and_burned_captions_follow_the_display_data(tmp_path: Path) -> None:
    targets = ["instagram.reel", "instagram.story", "youtube.short", "youtube.video"]
    post, prober = _post(tmp_path, targets)
    plans = {t: plan(post, t, prober=prober) for t in targets}
    # instagram.reel: cover_url in the API, no caption file: a cover and burned captions.
    assert (_cover(plans["instagram.reel"]), _burned(plans["instagram.reel"])) == (True, True)
    # A story takes no cover; it takes no caption file either.
    assert (_cover(plans["instagram.story"]), _burned(plans["instagram.story"])) == (False, True)
    # YouTube shows the uploaded subtitle file: no burn-in; a Short has no cover in the data.
    short = plans["youtube.short"]
    assert (_cover(short), _burned(short)) == (False, False)
    assert [s.format for s in short.sidecars] == ["srt"]
    assert _cover(plans["youtube.video"])  # thumbnails.set


def test_a_policy_adds_kinds_to_what_the_data_says(tmp_path: Path) -> None:
    post, prober = _post(tmp_path, ["instagram.story", "youtube.short"])
    policy = Policy(adapt=AdaptSettings(video={"cover_kinds": ["story"]},
                                        captions={"burn_kinds": ["short"]}))
    assert _cover(plan(post, "instagram.story", prober=prober, policy=policy))
    short = plan(post, "youtube.short", prober=prober, policy=policy)
    assert _burned(short)
    assert short.sidecars


def test_full_screen_formats_in_the_data(bundled: SpecRegistry) -> None:
    full = {t for t in bundled.targets() if bundled.resolve(t).shows("full_screen")}
    assert {"instagram.reel", "instagram.story", "facebook.reel", "facebook.story",
            "snapchat.spotlight", "snapchat.story", "youtube.short", "tiktok.video"} <= full
    assert not full & {"x.post", "youtube.video", "linkedin.post", "instagram.feed"}


def test_safe_areas_are_sourced_data_where_found(bundled: SpecRegistry) -> None:
    reel = Tiers(bundled.resolve("instagram.reel"))
    assert [reel.aim("safe_area", s) for s in ("top", "bottom", "left", "right")] == [
        0.14, 0.35, 0.06, 0.06]
    ((tier, bottom),) = reel.each("safe_area", "bottom")
    assert (tier, bottom.confidence) == ("recommended", "low")
    # No source for Shorts: the policy's default applies (adapt settings), not a number here.
    assert Tiers(bundled.resolve("youtube.short")).aim("safe_area", "bottom") is None


def test_a_reel_without_captions_gets_the_expected_captions_warning(tmp_path: Path) -> None:
    post, prober = _post(tmp_path, ["instagram.reel", "x.post"], captions=False)
    found = [f for f in check(post, prober=prober) if f.rule == "captions.missing"]
    assert [(f.target, f.severity) for f in found] == [("instagram.reel", "warning")]
    assert any("about.instagram.com" in s for s in found[0].sources)


def test_link_shortening_lengths_are_read_from_the_data(bundled: SpecRegistry) -> None:
    assert short_form_for(bundled.resolve("bluesky.post")) == ShortLinkForm(path=15, kept=13)
    assert short_form_for(bundled.resolve("x.post")) is None
    other = FormatSpec.model_validate({
        "id": "demo.post", "name": "Post", "kind": "post", "media": ["text"],
        "limits": {"text": {"shortened_links": True, "shortened_link_path": 20,
                            "shortened_link_kept": 10}}})
    form = short_form_for(other)
    assert form is not None
    assert form.short("https://example.org/1234567890123456") == "example.org/1234567890123456"
    cut = form.short("https://example.org/123456789012345678901")
    assert cut == "example.org/123456789..."  # "/" and 9 characters: 10 kept
