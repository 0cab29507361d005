"""Analyse a video for reframing in one low-resolution decode: shots, then subjects per shot.

ffmpeg decodes the video once and pipes small RGB frames (long edge ``EDGE`` pixels, at most
``SHOT_FPS`` per second); the loop keeps a 64-number signature of every frame for shot
detection and a copy of one frame every ``INTERVAL`` seconds for saliency, at most
``MAX_SAMPLES`` of them, so memory is bounded (about 20 MB) whatever the video's length.
The loop filter is skipped while decoding: its artefacts vanish at 128 pixels, its time
does not. The result serves every target of the source.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

from .model import Scene, SceneSample

__all__ = ["ANALYSIS_VERSION", "EDGE", "INTERVAL", "MAX_SAMPLES", "analyse_video", "analysis_size",
           "scene_of"]

#: Bump when the analysis changes, so cached scenes of older versions are not reused.
ANALYSIS_VERSION = 2
EDGE = 128
SHOT_FPS = 30.0
INTERVAL = 0.25
MAX_SAMPLES = 720


def analysis_size(width: int, height: int) -> tuple[int, int]:
    """Frame size of the analysis: long edge ``EDGE`` (never enlarged), aspect kept."""
    scale = min(1.0, EDGE / max(width, height))
    return max(2, round(width * scale)), max(2, round(height * scale))


def analyse_video(path: str | Path, width: int, height: int, duration: float, fps: float, *,
                  timeout: float, ffmpeg: str | None = None) -> Scene:
    """The ``Scene`` of the video at ``path`` (displayed ``width`` x ``height``)."""
    import numpy as np

    from ..ffmpeg import input_args, stream_ffmpeg
    from .shots import distance, signature

    started = time.monotonic()
    aw, ah = analysis_size(width, height)
    rate = min(fps, SHOT_FPS)
    interval = max(INTERVAL, duration / MAX_SAMPLES)
    args = ["-skip_loop_filter", "all", *input_args(path), "-map", "0:V:0", "-an", "-sn",
            "-vf", f"fps={rate:.6f},scale={aw}:{ah}:flags=area,setsar=1", "-f", "rawvideo",
            "-pix_fmt", "rgb24", "pipe:1"]
    times: list[float] = []
    distances: list[float] = []
    kept: list[tuple[float, Any]] = []
    previous = None
    for index, raw in enumerate(stream_ffmpeg(args, chunk=aw * ah * 3, timeout=timeout,
                                              ffmpeg=ffmpeg)):
        t = index / rate
        frame = np.frombuffer(raw, dtype=np.uint8).reshape(ah, aw, 3)
        current = signature(frame)
        if previous is not None:
            distances.append(distance(previous, current))
        previous = current
        times.append(t)
        if len(kept) < MAX_SAMPLES and t + 1e-9 >= len(kept) * interval:
            kept.append((t, frame))
    length = max(duration, times[-1] + 1 / rate) if times else duration
    return scene_of(kept, distances, times, width, height, length, interval,
                    time.monotonic() - started)


def scene_of(kept: list[tuple[float, Any]], distances: list[float], times: list[float],
             width: int, height: int, duration: float, interval: float,
             seconds: float = 0.0) -> Scene:
    """Assemble the scene from sampled frames and the frame-to-frame distances."""
    from .shots import cuts
    from .subject import background, salient_map, subject_of

    found = tuple(round(c, 4) for c in cuts(distances, times)) if len(times) > 1 else ()
    edges = [0.0, *found, float("inf")]
    samples: list[SceneSample] = []
    for start, end in itertools.pairwise(edges):
        frames = [(t, f) for t, f in kept if start <= t < end]
        back = background([f for _, f in frames]) if len(frames) >= 3 else None
        for t, frame in frames:
            subject = subject_of(salient_map(frame, back))
            samples.append(SceneSample(t=round(t, 4), x=subject.x, y=subject.y,
                                       centre=subject.centre, columns=subject.columns,
                                       rows=subject.rows, blocks=subject.blocks))
    return Scene(width=width, height=height, duration=duration, interval=interval,
                 cuts=found, samples=tuple(samples), seconds=round(seconds, 3))
