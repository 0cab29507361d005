"""Content-aware reframing against a centre crop and padding, on generated scenes.

For each scene (a subject walking across a textured 16:9 scene; two shots with the subject on
opposite sides; a static talking head off-centre; nothing salient) and each target aspect
(9:16, 4:5, 1:1) it reports, per method:

- inside: share of frames with a subject that show it wholly (goal: >= 98%);
- jump: largest frame-to-frame window move inside a shot, as a share of the window width;
- padded: share of frames padded (a small horizontal picture in a vertical frame).

Then the analysis time (one decode for every target) as a share of the encode time of one
9:16 target at 1080x1920 (goal: at most 0.25), both as whole ffmpeg runs.

    python benchmarks/bench_reframe.py [--seconds 10] [--width 1280] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "video"))

import scenes  # noqa: E402  (the generated scenes with ground truth, shared with the tests)

from crosspost.media.scene.analyse import analyse_video  # noqa: E402
from crosspost.testing import ffmpeg_path  # noqa: E402
from crosspost.transforms.video.reframe import plan_path  # noqa: E402
from crosspost.variant.crop_path import CropPath, ShotWindow  # noqa: E402
from crosspost.variant.geometry import crop_rect  # noqa: E402

ASPECTS = {"9:16": 9 / 16, "4:5": 4 / 5, "1:1": 1.0}


def centre_path(width: int, box_w: int, box_h: int, duration: float) -> CropPath:
    still = ShotWindow(start=0.0, end=duration, motion="still",
                       keys=[(0.0, (width - box_w) / 2)], kept=0.0)
    return CropPath(axis="x", w=box_w, h=box_h, source="focus", shots=[still])


def quality_table(folder: Path, width: int, height: int, fps: float, seconds: float) -> None:
    print(f"\nQuality on {width}x{height}, {fps:g} fps, {seconds:g} s scenes")
    print(f"{'scene':13} {'aspect':6} {'method':8} {'inside':>7} {'jump':>6} {'padded':>7}")
    for name in scenes.SCENES:
        video = folder / f"{name}.mp4"
        truth = scenes.make_video(name, video, width=width, height=height, fps=fps,
                                  seconds=seconds)
        scene = analyse_video(video, width, height, seconds, fps, timeout=600)
        for label, aspect in ASPECTS.items():
            box = crop_rect(width, height, aspect)
            framing = plan_path(scene, box.w, box.h, speed=1.0, accel=2.0)
            rows = []
            if framing.path is not None:
                rows.append(("aware", framing.path, 0.0))
            else:
                rows.append(("aware", None, 1.0))
            rows.append(("centre", centre_path(width, box.w, box.h, seconds), 0.0))
            rows.append(("pad", None, 1.0))
            for method, path, padded in rows:
                if path is None:  # padding shows everything, small
                    inside, jump = 1.0, 0.0
                else:
                    result = scenes.measure(path, truth.boxes, truth.shots, truth.fps)
                    inside, jump = result.inside, result.largest_jump / box.w
                shown = "-" if name == "empty" else f"{inside:.1%}"
                print(f"{name:13} {label:6} {method:8} {shown:>7} {jump:>6.1%} {padded:>7.0%}")


def _ffmpeg(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([ffmpeg_path(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    *args], check=True, timeout=600)
    return time.perf_counter() - started


def timing(folder: Path, width: int, height: int, fps: float, seconds: float,
           repeat: int) -> None:
    video = folder / "timing.mp4"
    scenes.make_video("walk", video, width=width, height=height, fps=fps, seconds=seconds)
    box = crop_rect(width, height, 9 / 16)
    encode_args = ["-i", str(video), "-vf", f"crop={box.w}:{box.h}:{box.x}:0,"
                   "scale=1080:1920:flags=bicubic", "-c:v", "libx264", "-preset", "veryfast",
                   "-crf", "23", "-pix_fmt", "yuv420p", str(folder / "encode.mp4")]
    analyses, encodes = [], []
    for _ in range(repeat):  # alternate, so drift in machine load hits both
        started = time.perf_counter()
        analyse_video(video, width, height, seconds, fps, timeout=600)
        analyses.append(time.perf_counter() - started)
        encodes.append(_ffmpeg(encode_args))
    analysis, encode = statistics.median(analyses), statistics.median(encodes)
    print(f"\nTiming on {width}x{height}, {seconds:g} s (median of {repeat})")
    print(f"analysis (one decode for every target): {analysis:6.2f} s")
    print(f"one 9:16 target encoded at 1080x1920:    {encode:6.2f} s")
    print(f"analysis / encode: {analysis / encode:.2f} (goal <= 0.25)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    height = round(args.width * 9 / 16 / 2) * 2
    with tempfile.TemporaryDirectory(prefix="crosspost-bench-reframe-") as tmp:
        folder = Path(tmp)
        quality_table(folder, args.width, height, args.fps, args.seconds)
        timing(folder, args.width, height, args.fps, args.seconds, args.repeat)


if __name__ == "__main__":
    main()
