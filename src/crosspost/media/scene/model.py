"""What the pixels of a video say for reframing, once for every target: shots and subjects.

A ``Scene`` is plain, serialisable data (it is cached like probe facts, and tests can build
one by hand): the cut times, and per sample the subject's span on each axis and the salient
mass per column and per row, all as fractions of the frame so that the numbers do not depend
on the analysis resolution.
"""

from __future__ import annotations

import itertools

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Scene", "SceneSample"]

Span = tuple[float, float]


class SceneSample(BaseModel):
    """One analysed frame."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    t: float = Field(ge=0, description="Source seconds.")
    x: Span | None = Field(None, description="Subject's horizontal span, 0..1; None: none.")
    y: Span | None = Field(None, description="Subject's vertical span, 0..1; None: none.")
    centre: tuple[float, float] = Field(description="Subject's centre, 0..1.")
    columns: tuple[float, ...] = Field(description="Salient mass per column (sums to ~1).")
    rows: tuple[float, ...] = Field(description="Salient mass per row (sums to ~1).")
    blocks: tuple[tuple[float, ...], ...] = Field(
        default=(), description="Salient mass in a coarse grid (rows of cells, top first).")


class Scene(BaseModel):
    """Shots and subjects of one video (displayed picture, after rotation)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    width: int = Field(ge=1, description="Displayed source width.")
    height: int = Field(ge=1)
    duration: float = Field(gt=0)
    interval: float = Field(gt=0, description="Seconds between samples.")
    cuts: tuple[float, ...] = Field(default=(), description="Source seconds of each cut.")
    samples: tuple[SceneSample, ...] = ()
    seconds: float = Field(0.0, description="Time the analysis took.")

    def shots(self) -> list[tuple[float, float]]:
        """Start and end of every shot, covering the whole video."""
        edges = [0.0, *self.cuts, self.duration]
        return [(a, b) for a, b in itertools.pairwise(edges) if b > a]

    def samples_in(self, start: float, end: float) -> list[SceneSample]:
        return [s for s in self.samples if start <= s.t < end]
