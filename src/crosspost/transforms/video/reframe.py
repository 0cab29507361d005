"""Plan one target's crop path from the scene: per shot, still or pan, or pad with a reason.

The window has the target's aspect and the full height (or width) of the source; it moves
along the other axis only, so nothing is zoomed and the output keeps one sharpness. Per shot,
the subject's span at every sample becomes a lane of window positions that keep it inside
(with a little air), and ``path.plan_axis`` finds the still position or the bounded pan.

Padding is chosen only when no window can keep what matters: when the subject is wider than
the window (two people on opposite sides, text across the frame) for more than
``PAD_SHARE`` of the samples. An author's focus points replace the subject: the window
follows them (with the same bounds), and is never padded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...media.scene.model import Scene, SceneSample
from ...variant.crop_path import CropPath, ShotWindow
from .camera import Motion, corridor, plan_axis

__all__ = ["PAD_SHARE", "FocusKey", "Reframing", "plan_path", "timeline"]

#: Share of samples whose subject no window can hold before the variant is padded instead.
PAD_SHARE = 0.2
#: Air kept around the subject, as a share of the window.
MARGIN = 0.04
#: A gap without a subject shorter than this keeps the last place seen (seconds).
HOLD = 2.0
#: A pan that still loses the subject in more than half of the samples follows noise, not a
#: subject: the shot gets a still window instead.
UNSTEADY = 0.5

FocusKey = tuple[float, float, float]  # source seconds, x, y (0..1)


@dataclass(frozen=True)
class Reframing:
    """The crop path, or None with the reason the variant is padded instead."""

    path: CropPath | None
    pad_reason: str | None = None


def _focus_at(track: Sequence[FocusKey], t: float, axis: int) -> float:
    """The author's focus at ``t``: each point holds from its time until the next one."""
    value = track[0][1 + axis]
    for at, x, y in track:
        if at <= t + 1e-9:
            value = (x, y)[axis]
    return value


def _spans(samples: Sequence[SceneSample], axis: int, length: float
           ) -> list[tuple[float, float] | None]:
    """Subject spans in pixels; a sample without one keeps the nearest seen within HOLD s."""
    raw = [s.x if axis == 0 else s.y for s in samples]
    out: list[tuple[float, float] | None] = []
    for k, sample in enumerate(samples):
        found = raw[k]
        if found is None:
            near = [(abs(o.t - sample.t), raw[j]) for j, o in enumerate(samples)
                    if raw[j] is not None and abs(o.t - sample.t) <= HOLD]
            found = min(near, key=lambda n: n[0])[1] if near else None
        out.append(None if found is None else (found[0] * length, found[1] * length))
    return out


def _inside(spans: Sequence[tuple[float, float] | None], positions: Sequence[float],
            window: float) -> float | None:
    """Share of the samples with a subject that the window holds wholly (None: no subject)."""
    judged = [(sp, x) for sp, x in zip(spans, positions, strict=True) if sp is not None]
    if not judged:
        return None
    return sum(1 for (a, b), x in judged if x <= a + 0.5 and x + window >= b - 0.5) / len(judged)


def _kept(sample: SceneSample, axis: int, start: float, window: float, length: float) -> float:
    mass = sample.columns if axis == 0 else sample.rows
    n = len(mass)
    a, b = start / length * n, (start + window) / length * n
    total = 0.0
    for i, value in enumerate(mass):
        overlap = min(b, i + 1) - max(a, i)
        if overlap > 0:
            total += value * overlap
    return min(1.0, total / max(sum(mass), 1e-12))


def timeline(width: int, height: int, duration: float, interval: float = 0.25) -> Scene:
    """A scene without pixels (one shot, nothing salient) for following focus points alone."""
    count = max(1, int(duration / interval) + 1)
    samples = tuple(SceneSample(t=round(k * interval, 4), centre=(0.5, 0.5), columns=(1.0,),
                                rows=(1.0,)) for k in range(count))
    return Scene(width=width, height=height, duration=duration, interval=interval,
                 samples=samples)


def plan_path(scene: Scene, box_w: int, box_h: int, *, speed: float, accel: float,
              focus: Sequence[FocusKey] | None = None, allow_pad: bool = True) -> Reframing:
    """The crop path of a ``box_w`` x ``box_h`` window over ``scene``; ``speed`` and
    ``accel`` are in window sizes per second (and per second squared). ``allow_pad=False``
    returns a path even where no window keeps the subject (the author asked for a crop)."""
    axis = 0 if box_w < scene.width else 1
    window = float(box_w if axis == 0 else box_h)
    length = float(scene.width if axis == 0 else scene.height)
    motion = Motion(speed * window, accel * window)
    shots: list[ShotWindow] = []
    wide = total = 0
    for start, end in scene.shots():
        samples = scene.samples_in(start, end)
        if not samples:  # a shot shorter than the sampling interval: the nearest sample
            nearest = min(scene.samples, key=lambda s: abs(s.t - start), default=None)
            samples = [nearest.model_copy(update={"t": start})] if nearest else []
        if focus:
            centres = [_focus_at(focus, s.t, axis) * length for s in samples]
            spans: list[tuple[float, float] | None] = [(c - 1, c + 1) for c in centres]
        else:
            spans = _spans(samples, axis, length)
            centres = [s.centre[axis] * length if sp is not None else length / 2
                       for s, sp in zip(samples, spans, strict=True)]
        total += sum(1 for s in spans if s is not None)
        wide += sum(1 for s in spans if s is not None and s[1] - s[0] > window)
        if not samples:
            keys = [(start, (length - window) / 2)]
            shots.append(ShotWindow(start=start, end=end, motion="still", keys=keys, kept=1.0))
            continue
        top = length - window
        lanes = ([(min(max(c - window / 2, 0.0), top),) * 2 for c in centres] if focus
                 else corridor(spans, window, length, margin=MARGIN * window))
        path = plan_axis(lanes, centres, window, length, scene.interval, motion)
        positions, kind = path.positions, path.motion
        inside = None if focus else _inside(spans, positions, window)
        if kind == "pan" and inside is not None and inside < UNSTEADY:
            # the "subject" jumps about faster than any camera may follow: no stable subject
            # (moving patterns, graphics); a still window on its average place
            fixed = min(max(sum(centres) / len(centres) - window / 2, 0.0), top)
            positions, kind = (fixed,) * len(samples), "still"
            inside = _inside(spans, positions, window)
        keys = ([(start, positions[0])] if kind == "still"
                else list(zip([s.t for s in samples], positions, strict=True)))
        kept = sum(_kept(s, axis, x, window, length) for s, x in
                   zip(samples, positions, strict=True)) / len(samples)
        shots.append(ShotWindow(start=round(start, 4), end=round(end, 4), motion=kind,
                                keys=[(round(t, 4), round(x, 2)) for t, x in keys],
                                kept=round(kept, 3),
                                inside=None if inside is None else round(inside, 3)))
    if allow_pad and not focus and total and wide / total > PAD_SHARE:
        share = wide / total
        return Reframing(None, f"the subject is wider than the {box_w}x{box_h} window in "
                         f"{share:.0%} of the analysed frames (people or text far apart)")
    return Reframing(CropPath(axis="x" if axis == 0 else "y", w=box_w, h=box_h,
                              source="focus" if focus else "subject", shots=shots))
