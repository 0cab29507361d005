"""Generated test videos for reframing, with the subject's true box in every frame.

A textured 16:9 scene (low- and high-frequency noise in muted colours, camera grain on every
frame) and a person-like subject: a skin-toned head over a coloured body. Four scenes:

- ``walk``: the subject walks from the left edge to the right edge;
- ``two_shots``: a cut halfway; the subject stands left in the first shot, right in the second
  (another background, another jacket);
- ``talking_head``: the subject stands still off-centre, the head bobbing a little;
- ``empty``: the texture alone, nothing salient.

Used by the tests and by ``benchmarks/bench_reframe.py`` (frames are piped to the ffmpeg that
imageio-ffmpeg ships; no file fixtures).
"""

from __future__ import annotations

import math
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SCENES = ("walk", "two_shots", "talking_head", "empty")
SKIN = (224, 172, 140)
JACKETS = ((30, 70, 200), (200, 40, 40))


@dataclass(frozen=True)
class Truth:
    """Where the subject is in each frame (pixels; None: no subject) and the shot per frame."""

    boxes: list[tuple[int, int, int, int] | None]
    shots: list[int]
    fps: float


def _texture(width: int, height: int, seed: int, tint: tuple[float, float, float]) -> Any:
    from PIL import Image

    rng = np.random.default_rng(seed)
    coarse = rng.random((max(2, height // 24), max(2, width // 24), 3))
    image = Image.fromarray((coarse * 255).astype(np.uint8))
    low = np.asarray(image.resize((width, height), Image.Resampling.BICUBIC), np.float64)
    fine = rng.normal(0, 22, (height, width, 1))
    grey = low.mean(axis=2, keepdims=True) * 0.6 + 50
    base = grey * np.array(tint) + fine
    return np.clip(base, 0, 255)


def _person(frame: Any, cx: float, width: int, height: int, jacket: tuple[int, int, int],
            bob: float) -> tuple[int, int, int, int]:
    body_w, head_r = width * 0.085, height * 0.075
    top = height * 0.28 + bob
    head_cy = top + head_r
    body_top, body_bottom = head_cy + head_r * 1.05, height * 0.95
    ys, xs = np.ogrid[:height, :width]
    head = ((xs - cx) / (head_r * 0.85)) ** 2 + ((ys - head_cy) / head_r) ** 2 <= 1
    body = (abs(xs - cx) <= body_w / 2) & (ys >= body_top) & (ys <= body_bottom)
    frame[body] = jacket
    frame[head] = SKIN
    left = math.floor(min(cx - body_w / 2, cx - head_r * 0.85))
    right = math.ceil(max(cx + body_w / 2, cx + head_r * 0.85))
    return max(0, left), max(0, math.floor(top)), min(width, right), min(height,
                                                                         math.ceil(body_bottom))


def frames(scene: str, width: int, height: int, fps: float,
           seconds: float) -> Iterator[tuple[Any, tuple[int, int, int, int] | None, int]]:
    """Frames (uint8 RGB), the subject's box and the shot index, one per frame."""
    if scene not in SCENES:
        raise ValueError(scene)
    rng = np.random.default_rng(7)
    backs = [_texture(width, height, 1, (1.0, 0.95, 0.8)), _texture(width, height, 2,
                                                                     (0.75, 0.9, 1.05))]
    n = round(seconds * fps)
    for i in range(n):
        t = i / fps
        shot = 1 if scene == "two_shots" and i >= n // 2 else 0
        frame = backs[shot] + rng.normal(0, 3, (height, width, 1))
        frame = np.clip(frame, 0, 255).astype(np.uint8)
        box = None
        if scene == "walk":
            progress = 0.5 - 0.5 * math.cos(math.pi * t / seconds)
            box = _person(frame, width * (0.1 + 0.8 * progress), width, height, JACKETS[0],
                          4 * math.sin(2 * math.pi * 1.6 * t))
        elif scene == "two_shots":
            cx = width * (0.22 if shot == 0 else 0.8) + width * 0.01 * math.sin(2 * t)
            box = _person(frame, cx, width, height, JACKETS[shot], 0.0)
        elif scene == "talking_head":
            box = _person(frame, width * 0.74, width, height, JACKETS[0],
                          3 * math.sin(2 * math.pi * 0.8 * t))
        yield frame, box, shot


def make_video(scene: str, out: Path, *, width: int = 640, height: int = 360,
               fps: float = 25.0, seconds: float = 4.0) -> Truth:
    """Encode ``scene`` to ``out`` (H.264 MP4) and return its ground truth."""
    from crosspost.testing import ffmpeg_path

    cmd = [ffmpeg_path(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", f"{fps:g}",
           "-i", "pipe:0", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18",
           "-pix_fmt", "yuv420p", str(out)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    boxes, shots = [], []
    try:
        for frame, box, shot in frames(scene, width, height, fps, seconds):
            proc.stdin.write(frame.tobytes())
            boxes.append(box)
            shots.append(shot)
    finally:
        proc.stdin.close()
        proc.wait(timeout=120)
    if proc.returncode:
        raise RuntimeError(f"ffmpeg failed encoding {scene}")
    return Truth(boxes, shots, fps)


@dataclass(frozen=True)
class Quality:
    """How a crop path frames a generated scene."""

    inside: float  # share of frames with a subject that show it wholly
    largest_jump: float  # largest frame-to-frame window move inside a shot, source pixels


def measure(path: Any, boxes: list[tuple[int, int, int, int] | None], shots: list[int],
            fps: float) -> Quality:
    """Evaluate ``path`` (a ``CropPath``) at every frame against the true boxes."""
    from crosspost.variant.crop_path import position

    inside = judged = 0
    jump = 0.0
    previous: tuple[float, float] | None = None
    for i, box in enumerate(boxes):
        x, y = position(path, i / fps)
        if previous is not None and shots[i] == shots[i - 1]:
            jump = max(jump, abs(x - previous[0]), abs(y - previous[1]))
        previous = (x, y)
        if box is None:
            continue
        judged += 1
        left, top = math.floor(x), math.floor(y)  # ffmpeg's crop truncates
        inside += (left <= box[0] and left + path.w >= box[2] and top <= box[1]
                   and top + path.h >= box[3])
    return Quality(inside / judged if judged else 1.0, jump)
