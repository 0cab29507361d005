"""The crop path of a video variant, as planned: per shot, where the window stands and moves.

Part of the typed plan and the manifest. Within a shot the window moves linearly between
keyframes (samples of the analysis), so its speed is constant between two keys and changes
by a bounded step at each; across a cut it jumps. ``position`` evaluates the path at a time;
``segments`` gives the same function as a start value, steps and ramps, which the renderer
writes as one flat ffmpeg expression (``render.video.filters.crop_expression``)::

    x(t) = x0 + sum(jump_j * (t >= cut_j)) + sum(v_i * clip(t - t_i, 0, d_i))
"""

from __future__ import annotations

import itertools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CropPath", "ShotWindow", "position", "segments"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ShotWindow(_Frozen):
    """The window during one shot."""

    start: float = Field(ge=0, description="Source seconds.")
    end: float = Field(gt=0)
    motion: Literal["still", "pan"]
    keys: list[tuple[float, float]] = Field(
        min_length=1, description="(source seconds, window left or top in source pixels); "
        "linear in between, held before the first and after the last.")
    kept: float = Field(ge=0, le=1, description="Mean share of the salient mass inside.")
    inside: float | None = Field(
        None, ge=0, le=1, description="Share of samples with the subject wholly inside; None: "
        "nothing stands out in this shot.")


class CropPath(_Frozen):
    """A window of fixed size moving along one axis of the displayed source."""

    axis: Literal["x", "y"] = Field(description="The axis the window moves along.")
    w: int = Field(ge=1, description="Window width in source pixels.")
    h: int = Field(ge=1, description="Window height in source pixels.")
    source: Literal["subject", "focus"] = Field(
        description="subject: found in the pixels; focus: the author's focus points.")
    shots: list[ShotWindow] = Field(min_length=1)

    @property
    def moves(self) -> bool:
        return len(self.shots) > 1 or any(s.motion == "pan" for s in self.shots)

    def first(self) -> tuple[int, int]:
        """The window's top-left at the start (a still picture such as the cover's default)."""
        return self.corner(self.shots[0].keys[0][1])

    def corner(self, value: float) -> tuple[int, int]:
        """The window's top-left for a position ``value`` along the path's axis."""
        v = round(value)
        return (v, 0) if self.axis == "x" else (0, v)


def segments(path: CropPath) -> tuple[float, list[tuple[float, float]],
                                         list[tuple[float, float, float]]]:
    """Start value, jumps (time, size) and ramps (start, duration, speed) of the path."""
    x0 = path.shots[0].keys[0][1]
    jumps: list[tuple[float, float]] = []
    ramps: list[tuple[float, float, float]] = []
    last = x0
    for k, shot in enumerate(path.shots):
        keys = shot.keys
        if k > 0 and abs(keys[0][1] - last) > 1e-9:
            jumps.append((shot.start, keys[0][1] - last))
        for (ta, xa), (tb, xb) in itertools.pairwise(keys):
            if tb > ta and abs(xb - xa) > 1e-9:
                ramps.append((ta, tb - ta, (xb - xa) / (tb - ta)))
        last = keys[-1][1]
        # after the last key: keep the speed up to the cut (the planner's bounds allow it)
        if len(keys) > 1 and shot.end > keys[-1][0]:
            (ta, xa), (tb, xb) = keys[-2], keys[-1]
            speed = (xb - xa) / (tb - ta) if tb > ta else 0.0
            if abs(speed) > 1e-9:
                ramps.append((tb, shot.end - tb, speed))
                last = xb + speed * (shot.end - tb)
    return x0, jumps, ramps


def position(path: CropPath, t: float) -> tuple[float, float]:
    """The window's top-left at source time ``t``, as ffmpeg will place it (before rounding)."""
    x0, jumps, ramps = segments(path)
    value = x0 + sum(size for at, size in jumps if t >= at)
    value += sum(v * min(max(t - at, 0.0), d) for at, d, v in ramps)
    return (value, 0.0) if path.axis == "x" else (0.0, value)

