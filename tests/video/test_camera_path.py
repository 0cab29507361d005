"""The camera path's promises: inside the frame, bounded speed and acceleration, still when
one window keeps the subject, and a pan that keeps a walking subject in view."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost.transforms.video.camera import (
    Motion,
    corridor,
    follow,
    plan_axis,
    still_at,
    stop_speed,
)

EPS = 1e-6


def _speeds(positions: list[float] | tuple[float, ...], dt: float) -> list[float]:
    return [(b - a) / dt for a, b in itertools.pairwise(positions)]


def _check_bounds(positions: tuple[float, ...] | list[float], top: float, dt: float,
                  motion: Motion) -> None:
    assert all(-EPS <= x <= top + EPS for x in positions)
    speeds = _speeds(positions, dt)
    assert all(abs(v) <= motion.speed * (1 + EPS) + EPS for v in speeds)
    accels = [(b - a) / dt for a, b in zip([0.0, *speeds], speeds, strict=False)]
    assert all(abs(a) <= motion.accel * (1 + EPS) + EPS for a in accels)


frames = st.floats(200, 4000)
shares = st.floats(0.1, 1.0)
rates = st.sampled_from([0.1, 0.2, 0.25, 1 / 3, 0.5])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-500, 5000), min_size=1, max_size=120), frames, shares, rates,
       st.floats(10, 2000), st.floats(10, 4000), st.integers(0, 5))
def test_follow_stays_in_frame_within_speed_and_acceleration(
        targets: list[float], length: float, share: float, dt: float, speed: float,
        accel: float, lead: int) -> None:
    top = length - length * share
    motion = Motion(speed, accel)
    positions = follow(targets, dt, top, motion, lead)
    assert len(positions) == len(targets)
    _check_bounds(positions, top, dt, motion)


subjects = st.lists(
    st.one_of(st.none(), st.tuples(st.floats(0, 1), st.floats(0, 0.6))), min_size=1,
    max_size=80)


@settings(max_examples=300, deadline=None)
@given(subjects, frames, shares, rates)
def test_shot_path_promises(raw: list[tuple[float, float] | None], length: float,
                            share: float, dt: float) -> None:
    window = length * share
    spans = [None if s is None else (s[0] * length, min(length, (s[0] + s[1]) * length))
             for s in raw]
    centres = [length / 2 if s is None else (s[0] + s[1]) / 2 for s in spans]
    lanes = corridor(spans, window, length, margin=window * 0.05)
    motion = Motion(speed=window * 0.6, accel=window * 1.2)
    path = plan_axis(lanes, centres, window, length, dt, motion)
    assert len(path.positions) == len(spans)
    top = length - window
    _check_bounds(path.positions, top, dt, motion)
    if path.motion == "still":
        assert len(set(path.positions)) == 1
        # still only when one window keeps every subject that fits
        x = path.positions[0]
        assert all(lo - EPS <= x <= hi + EPS for lo, hi in lanes)
    else:
        assert still_at(lanes, 0.0) is None


def test_corridor_keeps_subject_with_margin() -> None:
    [(lo, hi)] = corridor([(400.0, 500.0)], 300.0, 1920.0, margin=20.0)
    assert lo == pytest.approx(220.0)
    assert hi == pytest.approx(380.0)
    [(lo, hi)] = corridor([(0.0, 1000.0)], 300.0, 1920.0)  # too wide: centred on it
    assert lo == hi == pytest.approx(350.0)
    [(lo, hi)] = corridor([None], 300.0, 1920.0)
    assert (lo, hi) == (0.0, 1620.0)


def test_still_when_one_window_keeps_the_subject() -> None:
    spans = [(1200.0 + 10 * math.sin(k), 1400.0 + 10 * math.sin(k)) for k in range(40)]
    lanes = corridor(spans, 608.0, 1920.0, margin=30.0)
    path = plan_axis(lanes, [(a + b) / 2 for a, b in spans], 608.0, 1920.0, 0.25,
                     Motion(360.0, 720.0))
    assert path.motion == "still"
    x = path.positions[0]
    assert x <= 1200 - 10
    assert x + 608 >= 1410


def test_pan_keeps_a_walking_subject_inside() -> None:
    dt, window, length = 0.25, 608.0, 1920.0
    spans = []
    for k in range(41):  # 10 s walk from left to right at 150 px/s
        left = 100 + 150 * k * dt
        spans.append((left, left + 160))
    lanes = corridor(spans, window, length, margin=30.0)
    motion = Motion(window * 0.6, window * 1.2)
    path = plan_axis(lanes, [(a + b) / 2 for a, b in spans], window, length, dt, motion)
    assert path.motion == "pan"
    inside = [x <= a and x + window >= b for x, (a, b) in zip(path.positions, spans, strict=False)]
    assert sum(inside) / len(inside) >= 0.98
    _check_bounds(path.positions, length - window, dt, motion)


def test_stop_speed_is_exact_at_whole_steps() -> None:
    # from 3 steps of deceleration: 3+2+1 = 6 units of accel*dt**2
    assert stop_speed(6.0, 1.0, 1.0) == pytest.approx(3.0)
    assert stop_speed(0.0, 1.0, 1.0) == 0.0
    assert stop_speed(1.0, 1.0, 1.0) == pytest.approx(1.0)
    assert 1.0 < stop_speed(2.0, 1.0, 1.0) < 2.0
