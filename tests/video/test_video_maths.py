"""Property tests of the pure planning maths: crop, pad, output size, trim, frame rate, rates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.specs.platform import DEFAULT_ASPECT_TOLERANCE
from crosspost.transforms.video import timing
from crosspost.transforms.video.bitrate import MIN_VIDEO_BITRATE, plan_rates
from crosspost.variant import geometry
from crosspost.variant.geometry import FrameLimits

sides = st.integers(min_value=16, max_value=8192)
aspects = st.floats(min_value=0.2, max_value=5.0)
units = st.floats(min_value=0.0, max_value=1.0)


@given(sides, sides, aspects, units, units)
def test_crop_box_is_inside_has_the_aspect_and_holds_the_focus(
    w: int, h: int, aspect: float, fx: float, fy: float
) -> None:
    box = geometry.crop_rect(w, h, aspect, (fx, fy))
    assert box.x >= 0
    assert box.x + box.w <= w
    assert box.y >= 0
    assert box.y + box.h <= h
    assert box.w == w or box.h == h  # the largest box: it touches two sides
    assert abs(box.w / box.h - aspect) <= 1 / box.h + aspect / box.h + 1e-9  # a rounding pixel
    assert box.x - 1 <= fx * w <= box.x + box.w + 1
    assert box.y - 1 <= fy * h <= box.y + box.h + 1


@given(sides, sides, aspects)
def test_pad_canvas_holds_the_whole_source(w: int, h: int, aspect: float) -> None:
    cw, ch = geometry.pad_canvas(w, h, aspect)
    assert cw >= w
    assert ch >= h
    assert cw / ch == pytest.approx(aspect, rel=1e-9)


@given(sides, sides, st.integers(2, 4000).map(lambda v: 2 * v), aspects)
def test_fit_inside_is_even_centred_and_inside(w: int, h: int, out_w: int, aspect: float) -> None:
    out_h = max(2, 2 * round(out_w / aspect / 2))
    box = geometry.fit_inside(w, h, out_w, out_h)
    assert box.w % 2 == 0
    assert box.h % 2 == 0
    assert box.x % 2 == 0
    assert box.y % 2 == 0
    assert box.x + box.w <= out_w
    assert box.y + box.h <= out_h
    assert abs((out_w - box.w) - 2 * box.x) <= 2
    assert abs((out_h - box.h) - 2 * box.y) <= 2


limits = st.builds(
    FrameLimits,
    preferred_long=st.none() | st.integers(200, 4000),
    max_width=st.none() | st.integers(1000, 4096),
    max_height=st.none() | st.integers(1000, 4096),
    max_pixels=st.none() | st.integers(2_000_000, 20_000_000),
    min_width=st.none() | st.integers(32, 400),
    min_height=st.none() | st.integers(32, 400),
    max_upscale=st.floats(1.0, 4.0),
)


@given(st.floats(100, 8000), st.floats(0.3, 3.0), limits)
@settings(max_examples=300)
def test_output_size_is_even_within_limits_and_keeps_the_aspect(
    natural: float, aspect: float, lim: FrameLimits
) -> None:
    w, h = geometry.frame_size(natural, aspect, lim)
    assert w % 2 == 0
    assert h % 2 == 0
    assert lim.max_width is None or w <= lim.max_width
    assert lim.max_height is None or h <= lim.max_height
    assert lim.max_pixels is None or w * h <= lim.max_pixels
    assert abs(w / h / aspect - 1) <= DEFAULT_ASPECT_TOLERANCE + 2 / min(w, h)
    if lim.preferred_long is None and lim.min_width is None and lim.min_height is None:
        assert w <= natural + 2  # never enlarged without a reason


def test_output_size_reaches_minimums_by_upscaling() -> None:
    lim = FrameLimits(min_width=540, min_height=960)
    assert geometry.frame_size(202, 9 / 16, lim) == (540, 960)


@pytest.mark.parametrize(("source", "low", "high", "preferred", "expected"), [
    (16 / 9, None, None, [9 / 16], 9 / 16),          # reel: the preferred ratio
    (16 / 9, None, 1.0, [], 1.0),                     # a maximum only: the nearest allowed
    (16 / 9, 1 / 3, 3.0, [16 / 9, 1.0, 9 / 16], 16 / 9),  # already preferred: kept
    (4 / 3, None, None, [], 4 / 3),                   # no opinion: kept
    (4 / 3, None, None, [16 / 9, 9 / 16], 16 / 9),    # the closest preferred ratio
])
def test_pick_aspect(source: float, low: float | None, high: float | None,
                     preferred: list[float], expected: float) -> None:
    assert geometry.pick_aspect(source, low, high, preferred, tolerance=0.01) == pytest.approx(
        expected)


cue_lists = st.lists(
    st.tuples(st.floats(0, 500), st.floats(0.1, 8), st.sampled_from(["Zin.", "half", "Vraag?"])),
    max_size=40,
).map(lambda raw: [timing.Cue(s, s + d, t) for s, d, t in sorted(raw)])


@given(st.floats(0.5, 600), st.none() | st.floats(1, 300), cue_lists)
@settings(max_examples=300)
def test_trim_window_fits_the_limit_and_stays_in_the_source(
    duration: float, limit: float | None, cues: list[timing.Cue]
) -> None:
    window = timing.trim_window(duration, limit, cues)
    assert 0 <= window.start < window.end <= duration
    if limit is None or duration <= limit:
        assert (window.start, window.end, window.reason) == (0, duration, "full")
    else:
        assert window.duration <= limit
        assert window.duration >= limit * 0.9 * timing.MIN_KEPT_SHARE - 1e-9
        if window.reason in ("sentence", "cue"):
            assert any(c.end == window.end for c in cues)


def test_trim_ends_at_the_last_sentence_before_the_limit() -> None:
    cues = [timing.Cue(0, 20, "Eerste zin."), timing.Cue(20, 50, "Tweede zin."),
            timing.Cue(50, 58, "en dan"), timing.Cue(58, 70, "Te laat.")]
    window = timing.trim_window(80, 60, cues)
    assert (window.end, window.reason) == (50, "sentence")
    assert timing.trim_window(80, 60, cues[2:3]).reason == "cue"
    assert timing.trim_window(80, 60).end == pytest.approx(60 - timing.LIMIT_MARGIN)


def test_configured_window() -> None:
    window = timing.trim_window(30, None, start=5, end=12)
    assert (window.start, window.end, window.reason) == (5, 12, "configured")
    with pytest.raises(ValueError, match="empty trim window"):
        timing.trim_window(30, None, start=40)


@pytest.mark.parametrize(("fps", "low", "high", "expected"), [
    (25.0, 23.0, 60.0, None),
    (120.0, None, 60.0, 60.0),
    (59.94, None, 30.0, 29.97),
    (50.0, 24.0, 30.0, 25.0),
    (15.0, 23.0, 60.0, 24.0),
    (90.0, 61.0, 70.0, 70.0),
])
def test_target_fps(fps: float, low: float | None, high: float | None,
                    expected: float | None) -> None:
    got = timing.target_fps(fps, low, high)
    assert got == (None if expected is None else pytest.approx(expected, abs=0.01))


@given(st.floats(1, 3600), st.integers(64, 1920).map(lambda v: 2 * v),
       st.integers(64, 1920).map(lambda v: 2 * v), st.floats(10, 60),
       st.sampled_from([0, 64_000, 128_000]), st.integers(2_000_000, 10_000_000_000),
       st.floats(0, 0.3))
@settings(max_examples=300)
def test_rates_promise_a_size_under_the_limit(
    duration: float, w: int, h: int, fps: float, audio: int, max_bytes: int, margin: float
) -> None:
    rates = plan_rates(duration, w, h, fps, audio_bitrate=audio, max_bytes=max_bytes,
                       margin=margin)
    assert rates.bufsize > 0
    assert rates.maxrate >= MIN_VIDEO_BITRATE
    if rates.fits:
        assert rates.max_bytes <= max_bytes * (1 - margin) + 1
    else:
        assert rates.max_bytes > max_bytes * (1 - margin) * 0.99
