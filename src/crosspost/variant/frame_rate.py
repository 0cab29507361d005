"""The output frame rate: one decision for the video planner and for check's `video.fps`.

check marks a frame rate under a minimum fixable exactly where the rate adapt encodes at
reaches it, so the rule and the planner call this one function.
"""

from __future__ import annotations

__all__ = ["STANDARD_RATES", "target_fps"]

#: Frame rates players and platforms handle without judder, for raising a too-low rate.
STANDARD_RATES = (24.0, 25.0, 30.0, 48.0, 50.0, 60.0)


def target_fps(fps: float, min_fps: float | None, max_fps: float | None) -> float | None:
    """The frame rate to encode at, or None to keep the source's.

    Too fast: divide by the smallest whole number that fits (59.94 -> 29.97 keeps the motion
    cadence); too slow: the smallest standard rate that is allowed (frames are repeated).
    """
    if max_fps is not None and fps > max_fps * 1.001:
        for divisor in range(2, 11):
            rate = fps / divisor
            if rate <= max_fps * 1.001 and (min_fps is None or rate >= min_fps):
                return rate
        return max_fps
    if min_fps is not None and fps < min_fps * 0.999:
        for rate in STANDARD_RATES:
            if rate >= min_fps and (max_fps is None or rate <= max_fps):
                return rate
        return min_fps
    return None
