"""Where the subject of a video frame is: a saliency map from the photo features and motion.

A still frame's saliency (edges, skin tones, saturation; ``media.pixels.saliency``) finds a face
or a coloured object, but on a textured scene the texture has as much detail as the subject.
Video knows more: what moves against the shot's background (the per-pixel median of the
shot's samples) is almost always what the viewer follows. The two maps are mixed, and the
subject is taken as the span of columns (and rows) that hold the salient mass: the runs of
columns well above the frame's level, keeping every run with a fair share of the mass, so
two people on opposite sides make one wide span (which no narrow window can keep).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Subject", "background", "salient_map", "span", "subject_of"]

#: Share of the map given to motion when something moves against the shot's background.
MOTION_WEIGHT = 0.6
#: A column belongs to the subject when its mass is this share of the way from the frame's
#: median column to the peak column.
RUN_LEVEL = 0.35
#: Runs with less than this share of the strongest run's mass are background, not subject.
RUN_SHARE = 0.3
#: The subject must be this many times denser than the frame on average, or nothing stands
#: out (a landscape, a texture, a slide of text across the frame).
CONTRAST = 1.4
#: Cells (rows, columns) of the coarse 2D map kept per sample.
BLOCKS = (9, 16)
#: Median of at most this many frames makes the background of a shot.
BACKGROUND_FRAMES = 48


@dataclass(frozen=True)
class Subject:
    """What one sample shows: the subject's span per axis (fractions 0..1, None when nothing
    stands out along that axis), its centre, and the salient mass per column and per row."""

    x: tuple[float, float] | None
    y: tuple[float, float] | None
    centre: tuple[float, float]
    columns: tuple[float, ...]
    rows: tuple[float, ...]
    blocks: tuple[tuple[float, ...], ...] = ()  # coarse 2D map: BLOCKS rows of columns


def background(frames: list[Any]) -> Any:
    """Per-pixel median of a shot's frames (uint8 arrays h x w x 3), from at most
    ``BACKGROUND_FRAMES`` spread evenly over the shot."""
    import numpy as np

    step = max(1, len(frames) // BACKGROUND_FRAMES)
    stack = np.stack(frames[::step][:BACKGROUND_FRAMES]).astype(np.int16)
    return np.median(stack, axis=0)


def salient_map(frame: Any, back: Any | None) -> Any:
    """A map (h x w, sums to 1) mixing the still saliency and the motion against ``back``."""
    import numpy as np
    from PIL import Image

    from ..pixels.saliency import box_blur, saliency

    still = saliency(Image.fromarray(frame))
    grid = np.asarray(still.grid, dtype=np.float64)
    if back is None:
        return grid
    moving = np.abs(frame.astype(np.int16) - back).sum(axis=2) / (3 * 255.0)
    floor = 2.0 * float(np.median(moving)) + 0.02  # grain and compression are not motion
    moving = box_blur(np.clip(moving - floor, 0.0, None), max(1, round(min(moving.shape) * 0.04)))
    total = float(moving.sum())
    if total < 1e-3 * moving.size * 0.01:
        return grid
    return (1 - MOTION_WEIGHT) * grid + MOTION_WEIGHT * moving / total


def span(mass: Any) -> tuple[float, float] | None:
    """The subject's span along one axis as fractions, from the mass per column (or row)."""
    import numpy as np

    values = np.asarray(mass, dtype=np.float64)
    n = len(values)
    total = float(values.sum())
    if n == 0 or total <= 0:
        return None
    peak = float(values.max())
    if peak < CONTRAST * total / n:
        return None
    middle = float(np.median(values))
    above = values >= middle + RUN_LEVEL * (peak - middle)
    runs: list[tuple[int, int, float]] = []
    start = None
    for i, flag in enumerate([*above.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i, float(values[start:i].sum())))
            start = None
    strongest = max(m for _, _, m in runs)
    kept = [(a, b) for a, b, m in runs if m >= RUN_SHARE * strongest]
    return min(a for a, _ in kept) / n, max(b for _, b in kept) / n


def subject_of(grid: Any) -> Subject:
    """The subject of a salient map (h x w, sums to 1)."""
    import numpy as np

    columns = grid.sum(axis=0)
    rows = grid.sum(axis=1)
    h, w = grid.shape
    cx = float((columns * (np.arange(w) + 0.5)).sum() / max(columns.sum(), 1e-12)) / w
    cy = float((rows * (np.arange(h) + 0.5)).sum() / max(rows.sum(), 1e-12)) / h
    x, y = span(columns), span(rows)
    if x is not None:  # the centre of the subject, not of the whole frame's mass
        cx = _centre_in(columns, x)
    if y is not None:
        cy = _centre_in(rows, y)
    return Subject(x, y, (cx, cy), tuple(round(float(v), 5) for v in columns),
                   tuple(round(float(v), 5) for v in rows), _blocks(grid))


def _blocks(grid: Any) -> tuple[tuple[float, ...], ...]:
    """The map summed into ``BLOCKS`` (rows, columns) cells: where the mass is in 2D, small
    enough to keep per sample (captions avoid the subject inside the window)."""
    import numpy as np

    h, w = grid.shape
    rows, cols = min(BLOCKS[0], h), min(BLOCKS[1], w)
    row_edges = np.linspace(0, h, rows + 1).round().astype(int)[:-1]
    col_edges = np.linspace(0, w, cols + 1).round().astype(int)[:-1]
    summed = np.add.reduceat(np.add.reduceat(grid, row_edges, axis=0), col_edges, axis=1)
    return tuple(tuple(round(float(v), 5) for v in row) for row in summed)


def _centre_in(mass: Any, part: tuple[float, float]) -> float:
    import numpy as np

    n = len(mass)
    a, b = round(part[0] * n), max(round(part[0] * n) + 1, round(part[1] * n))
    piece = mass[a:b]
    total = float(piece.sum())
    if total <= 0:
        return (part[0] + part[1]) / 2
    return float((piece * (np.arange(a, b) + 0.5)).sum() / total) / n

