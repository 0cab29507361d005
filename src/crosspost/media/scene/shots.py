"""Shot boundaries: where the picture changes at once, not by motion or a slow fade.

Each decoded frame (small, RGB) is reduced to a colour histogram (4x4x4 bins) and a tiny grey
image. Between two frames a cut changes both: the histogram distance (L1, 0..2) jumps and so
does the mean pixel difference, far above the shot's own level. Motion moves pixels but keeps
the colours; a fade changes both a little on every frame. So a cut is a frame pair whose
histogram distance passes ``HARD`` outright, or passes ``SOFT`` while being several times the
distances around it. Shots shorter than ``MIN_SHOT`` seconds are merged into their neighbour
(a flash is not a shot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FrameSignature", "cuts", "distance", "signature"]

HARD = 0.9
SOFT = 0.35
#: A soft cut stands this many times above the median distance of its neighbourhood.
PEAK = 4.0
NEIGHBOURS = 8
MIN_SHOT = 0.5


@dataclass(frozen=True)
class FrameSignature:
    """What shot detection keeps of a frame: normalised histogram and a grey thumbnail."""

    histogram: Any  # float64 (64,), sums to 1
    grey: Any  # float32 (h, w), 0..1


def signature(frame: Any) -> FrameSignature:
    """Signature of one uint8 RGB frame (h x w x 3)."""
    import numpy as np

    small = frame[::2, ::2]
    q = (small >> 6).astype(np.int64)
    codes = (q[..., 0] << 4) | (q[..., 1] << 2) | q[..., 2]
    hist = np.bincount(codes.ravel(), minlength=64).astype(np.float64)
    hist /= max(1.0, float(hist.sum()))
    grey = small.astype(np.float32).mean(axis=2) / 255.0
    return FrameSignature(hist, grey)


def distance(a: FrameSignature, b: FrameSignature) -> float:
    """How different two frames look: histogram L1 (0..2), raised by pixel difference."""
    import numpy as np

    hist = float(np.abs(a.histogram - b.histogram).sum())
    pixels = float(np.abs(a.grey - b.grey).mean())
    return hist * (0.5 + min(1.0, 4 * pixels))


def cuts(distances: Sequence[float], times: Sequence[float]) -> list[float]:
    """Times of the cuts, given ``distances[i]`` between frame ``i`` and frame ``i+1`` and
    the frames' ``times``; a cut's time is halfway between the two frames."""
    if len(times) != len(distances) + 1:
        raise ValueError("one distance between each pair of frames")
    found: list[float] = []
    n = len(distances)
    for i, d in enumerate(distances):
        if d < SOFT:
            continue
        around = sorted(distances[j] for j in range(max(0, i - NEIGHBOURS),
                                                     min(n, i + NEIGHBOURS + 1)) if j != i)
        level = around[len(around) // 2] if around else 0.0
        if d >= HARD or d >= PEAK * max(level, 0.02):
            t = (times[i] + times[i + 1]) / 2
            if found and t - found[-1] < MIN_SHOT:
                continue
            if t - times[0] < MIN_SHOT or times[-1] - t < MIN_SHOT:
                continue
            found.append(t)
    return found
