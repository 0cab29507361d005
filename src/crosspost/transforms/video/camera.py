"""A virtual camera along one axis: where the crop window stands at each sample of a shot.

Pure maths on floats (window positions are the window's left or top edge in source pixels),
kept apart from ffmpeg and numpy so that property tests can hold it to its promises:

- the window always lies inside the frame;
- the camera stands still when one position keeps the subject inside for the whole shot;
- otherwise it pans, never faster than ``Motion.speed`` and never changing speed faster than
  ``Motion.accel``: inside a shot there is no jump, only at a cut.

The follower is a discrete bang-bang controller: at every step it picks the speed nearest the
one it wants among those from which it can still stop, with the allowed deceleration, before
each frame edge (``stop_speed``). That set is closed under the step, so the three bounds hold
together at every sample, not only approximately.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Motion", "ShotPath", "corridor", "follow", "plan_axis", "still_at", "stop_speed"]

#: Seconds the camera looks ahead (the lazy backward pass already anticipates a move).
LEAD = 0.0
#: Seconds in which the camera means to close the distance to where it should be.
RESPONSE = 0.3
#: Seconds over which the wanted position is averaged before the camera follows it.
SMOOTH = 1.0


@dataclass(frozen=True)
class Motion:
    """Bounds of the virtual camera in source pixels per second (and per second squared)."""

    speed: float
    accel: float

    def __post_init__(self) -> None:
        if not (self.speed > 0 and self.accel > 0):
            raise ValueError("speed and acceleration bounds must be positive")


@dataclass(frozen=True)
class ShotPath:
    """Window positions at the samples of one shot, and how the camera moves."""

    positions: tuple[float, ...]
    motion: str  # "still" or "pan"


def corridor(subject: Sequence[tuple[float, float] | None], window: float, length: float,
             margin: float = 0.0) -> list[tuple[float, float]]:
    """Per sample, the window positions that keep the subject ``(start, end)`` inside.

    ``margin`` pixels of air are kept on both sides where the window is wide enough. Without
    a subject (nothing salient) any position in the frame will do. A subject wider than the
    window cannot be kept: the single position centred on it is returned.
    """
    top = max(0.0, length - window)
    out = []
    for span in subject:
        if span is None:
            out.append((0.0, top))
            continue
        a, b = span
        room = max(0.0, min(margin, (window - (b - a)) / 2))
        lo, hi = max(0.0, b + room - window), min(top, a - room)
        if lo > hi:
            centre = min(max((a + b - window) / 2, 0.0), top)
            lo = hi = centre
        out.append((lo, hi))
    return out


def still_at(lanes: Sequence[tuple[float, float]], preferred: float) -> float | None:
    """The one position inside every lane nearest ``preferred``, or None when there is none."""
    if not lanes:
        return None
    lo = max(a for a, _ in lanes)
    hi = min(b for _, b in lanes)
    if lo > hi + 1e-9:
        return None
    return min(max(preferred, lo), hi)


def stop_speed(distance: float, accel: float, dt: float) -> float:
    """The highest speed from which the camera stops within ``distance`` pixels.

    The camera moves ``v*dt`` in the step it chose ``v`` and then slows by ``accel*dt`` each
    step; the covered distance for ``v = u*accel*dt`` is ``accel*dt**2 * (m*u - m*(m-1)/2)``
    with ``m = ceil(u)``. This inverts that piecewise-linear function exactly.
    """
    if distance <= 0:
        return 0.0
    unit = accel * dt * dt
    d = distance / unit
    m = max(1, math.ceil((math.sqrt(1 + 8 * d) - 1) / 2 - 1e-12))
    return (d + m * (m - 1) / 2) / m * accel * dt


def follow(targets: Sequence[float], dt: float, top: float, motion: Motion,
           lead: int = 0, lanes: Sequence[tuple[float, float]] | None = None) -> list[float]:
    """Camera positions chasing ``targets`` within ``[0, top]`` under ``motion``'s bounds.

    Starts at rest on the first target; ``lead`` samples of look-ahead. Where the bounds
    allow, each step also lands inside its lane (the positions that keep the subject).
    """
    if not targets:
        return []
    n = len(targets)
    x = min(max(targets[0], 0.0), top)
    v = 0.0
    out = [x]
    dv = motion.accel * dt
    for k in range(1, n):
        goal = min(max(targets[min(k + lead, n - 1)], 0.0), top)
        drift = (targets[min(k + lead, n - 1)] - targets[min(k - 1 + lead, n - 1)]) / dt
        error = goal - x
        catch_up = min(stop_speed(abs(error), motion.accel, dt), abs(error) / RESPONSE)
        wanted = max(-motion.speed, min(motion.speed, drift)) + math.copysign(catch_up, error)
        low = max(v - dv, -motion.speed, -stop_speed(x, motion.accel, dt))
        high = min(v + dv, motion.speed, stop_speed(top - x, motion.accel, dt))
        if low > high:  # cannot happen when the bounds held at the last step; stay safe
            low = high = min(max(v, low), high)
        if lanes is not None:  # narrow to the speeds that land in the lane, if any do
            lane_low, lane_high = ((lanes[k][0] - x) / dt, (lanes[k][1] - x) / dt)
            if max(low, lane_low) <= min(high, lane_high):
                low, high = max(low, lane_low), min(high, lane_high)
        v = min(max(wanted, low), high)
        x = min(max(x + v * dt, 0.0), top)
        out.append(x)
    return out


def _smooth(values: Sequence[float], radius: int) -> list[float]:
    """Moving average over ``2*radius+1`` samples (shorter at the ends)."""
    if radius <= 0:
        return list(values)
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    n = len(values)
    out = []
    for k in range(n):
        a, b = max(0, k - radius), min(n, k + radius + 1)
        out.append((sums[b] - sums[a]) / (b - a))
    return out


def _clip(values: Sequence[float], lanes: Sequence[tuple[float, float]]) -> list[float]:
    return [min(max(v, lo), hi) for v, (lo, hi) in zip(values, lanes, strict=True)]


def plan_axis(lanes: Sequence[tuple[float, float]], centres: Sequence[float], window: float,
              length: float, dt: float, motion: Motion) -> ShotPath:
    """The camera path of one shot along one axis.

    ``lanes`` come from ``corridor``; ``centres`` are where the subject's centre is (the
    window is centred on it where the lane allows). Still when one position fits every lane,
    else a smooth pan: the wanted positions (half lazy, half centred) are averaged over about
    ``SMOOTH`` seconds and kept in their lanes, then the bounded camera follows them.
    """
    if len(lanes) != len(centres):
        raise ValueError("one lane per centre")
    top = max(0.0, length - window)
    if not lanes:
        return ShotPath((), "still")
    mean = sum(centres) / len(centres) - window / 2
    fixed = still_at(lanes, min(max(mean, 0.0), top))
    if fixed is not None:
        return ShotPath(tuple(fixed for _ in lanes), "still")
    centred = _clip([c - window / 2 for c in centres], lanes)
    forward = [centred[0]]
    for lo, hi in lanes[1:]:
        forward.append(min(max(forward[-1], lo), hi))
    backward = [centred[-1]]
    for lo, hi in reversed(lanes[:-1]):
        backward.append(min(max(backward[-1], lo), hi))
    backward.reverse()
    wanted = [(f + b) / 4 + c / 2 for f, b, c in zip(forward, backward, centred, strict=True)]
    radius = max(1, round(SMOOTH / dt / 2))
    for _ in range(3):  # alternate smoothing and keeping to the lanes
        wanted = _clip(_smooth(wanted, radius), lanes)
    positions = follow(wanted, dt, top, motion, lead=max(0, round(LEAD / dt)), lanes=lanes)
    return ShotPath(tuple(positions), "pan")
