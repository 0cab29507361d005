"""Honest output sizes: the platform's preferred frame or an exact scaling of it, never odd
canvases; enlargement within the bound, or a stated shortfall with its factor."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crosspost
from crosspost.media.facts import VideoFacts
from crosspost.testing import FakeProber
from crosspost.transforms.video.reframe import timeline
from crosspost.variant.geometry import FrameLimits
from crosspost.variant.video_size import honest_size, ladder


def test_ladder_is_exact_scalings_of_the_preferred_frame() -> None:
    assert ladder(1920, 9 / 16) == [(1080, 1920), (900, 1600), (810, 1440), (720, 1280),
                                    (540, 960), (360, 640), (270, 480), (180, 320)]
    assert ladder(1350, 4 / 5)[0] == (1080, 1350)


REEL = FrameLimits(preferred_long=1920, max_upscale=2.0)
FB_REEL = FrameLimits(preferred_long=1920, min_width=540, min_height=960, max_upscale=2.0)


def test_small_crop_gets_a_smaller_exact_size_and_says_so() -> None:
    choice = honest_size(202, 9 / 16, REEL)  # 640x360 cropped to 9:16
    assert (choice.width, choice.height) == (360, 640)
    assert choice.short_of == "recommended"
    assert choice.wanted == (1080, 1920)
    assert choice.needs == pytest.approx(1080 / 202)


def test_minimum_is_met_by_enlarging_and_the_factor_is_stated() -> None:
    choice = honest_size(202, 9 / 16, FB_REEL)
    assert (choice.width, choice.height) == (540, 960)
    assert choice.short_of == "minimum"
    assert choice.needs == pytest.approx(540 / 202)


def test_enough_pixels_give_the_preferred_frame() -> None:
    choice = honest_size(607, 9 / 16, REEL)  # 1920x1080 cropped to 9:16
    assert (choice.width, choice.height, choice.short_of) == (1080, 1920, None)


@settings(max_examples=300, deadline=None)
@given(st.floats(2, 5000), st.sampled_from([9 / 16, 4 / 5, 1.0, 16 / 9]),
       st.sampled_from([None, 1280, 1350, 1920]), st.floats(1, 4),
       st.sampled_from([None, 360, 540]))
def test_sizes_are_on_the_ladder_even_and_honest(natural: float, aspect: float,
                                                 preferred: int | None, bound: float,
                                                 minimum: int | None) -> None:
    limits = FrameLimits(preferred_long=preferred, min_width=minimum, max_upscale=bound)
    choice = honest_size(natural, aspect, limits)
    assert choice.width % 2 == 0
    assert choice.height % 2 == 0
    if preferred is not None:
        assert (choice.width, choice.height) in ladder(preferred, aspect)
    if choice.short_of != "minimum":
        assert choice.width <= max(natural, 1.0) * bound + 1e-6 or preferred is None
    if minimum is not None and preferred is not None:
        assert choice.width >= minimum or all(w < minimum for w, _ in ladder(preferred, aspect))


def _facts(width: int, height: int) -> VideoFacts:
    return VideoFacts(path="v.mp4", container="mov,mp4,m4a,3gp,3g2,mj2", duration=10.0,
                      width=width, height=height, fps=30.0, video_codec="h264",
                      pixel_format="yuv420p", audio_codec="aac", audio_channels=2,
                      audio_sample_rate=48000, bitrate=2_000_000, bytes=2_500_000)


@pytest.mark.parametrize(("target", "size", "severity", "factor"), [
    ("instagram.reel", (360, 640), "info", "5.35x"),
    ("facebook.reel", (540, 960), "warning", "2.67x"),
])
def test_check_and_plan_say_the_same(tmp_path: Path, target: str, size: tuple[int, int],
                                     severity: str, factor: str) -> None:
    (tmp_path / "v.mp4").write_bytes(b"\0" * 64)
    post = tmp_path / "post.md"
    post.write_text(f"---\nid: p\ntargets: [{target}]\nmedia:\n  - path: v.mp4\n"
                    "    alt: Een video\n---\nTekst\n", encoding="utf-8")
    prober = FakeProber({tmp_path / "v.mp4": _facts(640, 360)})
    prober.add(tmp_path / "v.mp4", timeline(640, 360, 10.0))  # a scene: nothing salient
    report = crosspost.check(post, prober=prober)
    [found] = [f for f in report.findings if f.rule == "video.upscale"]
    assert found.severity == severity
    assert factor in found.message
    plan = crosspost.plan(post, target, prober=prober)
    frame = plan.media[0].operations[0].frame
    assert (frame.width, frame.height) == size
    [noted] = [f for f in plan.findings if f.rule == "video.upscale"]
    assert noted.severity == severity
    assert factor in noted.message
