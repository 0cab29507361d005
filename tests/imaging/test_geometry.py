"""Property tests of the reframe maths: boxes stay inside, ratios hold to a pixel, focus is kept."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.variant.geometry import (
    Insets,
    SizeLimits,
    box_size,
    crop_box,
    kept_share,
    output_size,
    pad_box,
    pick_aspect,
    place_in_pad,
    same_ratio,
)

sides = st.integers(min_value=1, max_value=12000)
ratios = st.floats(min_value=0.1, max_value=10.0, allow_nan=False)
units = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
insets = st.builds(Insets, st.floats(0, 0.3), st.floats(0, 0.3), st.floats(0, 0.3),
                   st.floats(0, 0.3))
# More examples than the default for the cropping maths, for this module only (a loaded
# profile would change every module imported after this one).
GEOMETRY = settings(max_examples=300, deadline=None)


def within_a_pixel(width: int, height: int, ratio: float) -> bool:
    return abs(width - ratio * height) <= 1 or abs(height - width / ratio) <= 1


@GEOMETRY
@given(sides, sides, ratios, units, units, units, units)
def test_crop_box_is_inside_with_the_ratio_and_the_focus(w, h, r, fx, fy, ax, ay):
    left, top, right, bottom = box = crop_box(w, h, r, (fx, fy), (ax, ay))
    assert 0 <= left < right <= w
    assert 0 <= top < bottom <= h
    bw, bh = box_size(box)
    assert bw == w or bh == h  # the largest box: it touches two opposite edges
    if min(w * 1.0 / r, h * r) >= 1:  # the ratio is reachable with whole pixels
        assert within_a_pixel(bw, bh, r)
    assert left - 1 <= fx * w <= right + 1
    assert top - 1 <= fy * h <= bottom + 1


@GEOMETRY
@given(sides, sides, ratios, units, units)
def test_crop_box_is_idempotent(w, h, r, fx, fy):
    box = crop_box(w, h, r, (fx, fy))
    bw, bh = box_size(box)
    assert crop_box(bw, bh, bw / bh, (fx, fy)) == (0, 0, bw, bh)


@GEOMETRY
@given(sides, sides, units, units)
def test_an_image_already_at_the_ratio_is_not_cropped(w, h, fx, fy):
    assert crop_box(w, h, w / h, (fx, fy)) == (0, 0, w, h)
    assert same_ratio(w, h, w / h, tolerance=0.0)


@GEOMETRY
@given(sides, sides, ratios, insets)
def test_pad_box_holds_the_image_inside_the_safe_area(w, h, r, safe):
    left, top, right, bottom = pad_box(w, h, r, safe)
    cw, ch = right - left, bottom - top
    assert left <= 0
    assert top <= 0
    assert right >= w
    assert bottom >= h
    assert within_a_pixel(cw, ch, r) or cw == w or ch == h
    inner_w, inner_h = safe.inner
    assert -left >= math.floor(safe.left * cw) - 1
    assert w <= math.ceil(inner_w * cw) + 1
    assert h <= math.ceil(inner_h * ch) + 1
    assert kept_share((left, top, right, bottom), w, h) == 1.0


@GEOMETRY
@given(sides, sides, ratios, insets, st.integers(16, 4000))
def test_the_source_placed_in_a_pad_stays_inside_the_output_and_keeps_its_ratio(
        w, h, r, safe, out_w):
    pad = pad_box(w, h, r, safe)
    cw, ch = box_size(pad)
    out = (out_w, max(1, round(out_w * ch / cw)))
    at = place_in_pad((0, 0, w, h), pad, out)
    assert at.x >= 0
    assert at.y >= 0
    assert at.x + at.w <= out[0]
    assert at.y + at.h <= out[1]
    scale = out[0] / cw
    # the source keeps its size (and so its ratio) to a rounding pixel, where it is not cut
    # to the output's last pixel
    assert abs(at.w - w * scale) <= 1 or at.x + at.w == out[0]
    assert abs(at.h - h * scale) <= 1 or at.y + at.h == out[1]


@GEOMETRY
@given(sides, sides, ratios)
def test_pad_box_without_insets_is_the_smallest_canvas(w, h, r):
    left, top, right, bottom = pad_box(w, h, r)
    cw, ch = right - left, bottom - top
    # at most a pixel more than the exact canvas (a pixel of height costs r of width)
    assert cw <= max(w, h * r) + max(1, r) + 1
    assert ch <= max(h, w / r) + max(1, 1 / r) + 1


@GEOMETRY
@given(st.integers(1, 8000), st.integers(1, 8000), st.one_of(st.none(), st.integers(16, 4000)),
       st.one_of(st.none(), st.integers(16, 4000)), st.one_of(st.none(), st.integers(256, 10**7)))
def test_output_size_never_upscales_and_keeps_limits(bw, bh, preferred, max_width, max_pixels):
    ratio = bw / bh
    limits = SizeLimits(preferred_width=preferred, max_edge=2048, max_width=max_width,
                        max_pixels=max_pixels)
    width, height, reason = output_size(bw, bh, ratio, limits)
    assert 1 <= width <= bw
    assert 1 <= height <= max(bh, 1)
    if width > 1 and height > 1:
        assert within_a_pixel(width, height, ratio)
        if max_width:
            assert width <= max_width
        if max_pixels:
            assert width * height <= max_pixels
    assert reason in {"source", "preferred_width", "max_edge", "max_width", "max_pixels"}


def test_output_size_names_what_decided():
    assert output_size(3000, 2000, 1.5, SizeLimits(preferred_width=1440)) == (
        1440, 960, "preferred_width")
    assert output_size(1000, 800, 1.25, SizeLimits(preferred_width=1440))[2] == "source"
    assert output_size(6000, 4000, 1.5, SizeLimits(max_edge=2048))[:2] == (2048, 1365)
    assert output_size(6000, 4000, 1.5, SizeLimits(byte_pixels=600_000))[2] == "bytes"


@GEOMETRY
@given(st.floats(0.1, 10), st.floats(0.1, 1), st.floats(1, 10), st.floats(0, 0.05))
def test_pick_aspect_in_a_range_is_the_nearest_allowed(source, low, high, tolerance):
    chosen = pick_aspect(source, low, high, tolerance=tolerance)
    assert low * (1 - tolerance) <= chosen <= high * (1 + tolerance)
    if low * (1 - tolerance) <= source <= high * (1 + tolerance):
        assert chosen == source  # inside the range (and its margin) nothing changes
    else:
        assert chosen in (low, high)


@pytest.mark.parametrize(("source", "preferred", "expected"), [
    (4 / 3, (0.8, 1.0, 1.91), 1.0),  # no range: the nearest preferred ratio
    (16 / 9, (0.5625,), 0.5625),  # a story is 9:16 whatever comes in
    (2.0, (), 2.0),  # nothing said: keep
    (0.805, (0.8,), 0.805),  # within the tolerance the source is the preferred ratio
])
def test_pick_aspect_without_range(source, preferred, expected):
    assert pick_aspect(source, None, None, preferred, tolerance=0.01) == pytest.approx(expected)


def test_a_four_by_three_photo_stays_four_by_three_in_a_range():
    """The image planner passes preferred ratios only where the format sets no range."""
    from crosspost.transforms.image.decide import Rules, Source, target_ratio

    rules = Rules(low=0.8, high=1.91, preferred=(0.8, 1.0))
    assert target_ratio(Source("a.jpg", 4000, 3000, "jpeg"), rules) == pytest.approx(4 / 3)


def test_safe_area_puts_the_subject_in_the_middle_of_what_shows():
    safe = Insets(top=0.1, bottom=0.2)
    _left, top, _right, bottom = crop_box(1000, 4000, 9 / 16, (0.5, 0.5), safe.anchor)
    plain = crop_box(1000, 4000, 9 / 16, (0.5, 0.5))
    assert top > plain[1]  # the box moves down, so the subject sits higher in it
    assert (2000 - top) / (bottom - top) == pytest.approx(safe.anchor[1], abs=1e-3)
    wide = crop_box(4000, 1000, 1.0, (0.3, 0.5), Insets(right=0.3).anchor)
    assert (1200 - wide[0]) / 1000 == pytest.approx(0.35)


def test_insets_that_cover_everything_do_not_break_padding():
    box = pad_box(800, 600, 9 / 16, Insets(top=0.5, bottom=0.5, left=0.5, right=0.5))
    assert box[0] <= 0
    assert box[2] >= 800
