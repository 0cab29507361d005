"""Time decisions: the trim window, and the output frame rate (``variant.frame_rate``, shared
with check).

A platform that takes 90 seconds cuts a longer upload at 90 seconds, mid-word. We cut ourselves,
at the end of the last subtitle cue that closes a sentence before the limit (else the last cue,
else the limit), so the variant ends on a finished thought. A small margin keeps the muxed
file, whose duration includes audio priming, under the limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...variant.frame_rate import STANDARD_RATES, target_fps

__all__ = ["LIMIT_MARGIN", "STANDARD_RATES", "Cue", "Window", "target_fps", "trim_window"]

#: Seconds kept free below a duration limit: AAC priming and the last frame's length.
LIMIT_MARGIN = 0.25
#: A cut at a cue boundary must keep at least this share of the allowed length; earlier
#: boundaries lose too much and the cut falls at the limit instead.
MIN_KEPT_SHARE = 0.5
_SENTENCE_END = (".", "!", "?", "…", '."', '?"', '!"')

Reason = Literal["full", "configured", "sentence", "cue", "limit"]


@dataclass(frozen=True)
class Cue:
    """What the trim needs of a subtitle cue: its end and whether its text ends a sentence."""

    start: float
    end: float
    text: str = ""

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip().endswith(_SENTENCE_END)


@dataclass(frozen=True)
class Window:
    """The part of the source to keep, in source seconds."""

    start: float
    end: float
    reason: Reason

    @property
    def duration(self) -> float:
        return self.end - self.start


def trim_window(
    duration: float,
    max_duration: float | None,
    cues: Sequence[Cue] = (),
    *,
    start: float | None = None,
    end: float | None = None,
    margin: float = LIMIT_MARGIN,
) -> Window:
    """The window to keep of a ``duration``-second source for a ``max_duration`` limit."""
    if duration <= 0:
        raise ValueError("duration must be positive")
    lo = min(max(start or 0.0, 0.0), duration)
    hi = duration if end is None else min(max(end, lo), duration)
    reason: Reason = "configured" if (start or end is not None) else "full"
    if hi - lo <= 0:
        raise ValueError(f"empty trim window {lo:g}..{hi:g} s")
    if max_duration is None or hi - lo <= max_duration:
        return Window(lo, hi, reason)
    allowed = max(max_duration - margin, max_duration * 0.9)
    limit = lo + allowed
    floor = lo + allowed * MIN_KEPT_SHARE
    inside = [c for c in cues if floor <= c.end <= limit and c.end > lo]
    sentences = [c.end for c in inside if c.ends_sentence]
    if sentences:
        return Window(lo, max(sentences), "sentence")
    if inside:
        return Window(lo, max(c.end for c in inside), "cue")
    return Window(lo, limit, "limit")
