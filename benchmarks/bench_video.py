"""Video render speed side by side with hand-written ffmpeg and a naive moviepy pipeline.

One run measures, on the same generated source (1280x720, 30 fps, textured test pattern with
light temporal noise (camera grain) and a tone; 10 s by default):

1. crosspost rendering one variant (instagram.reel: crop to 9:16) against the equivalent
   hand-written ffmpeg command (target: within 1.15x);
2. crosspost rendering three variants in one call (one decode, ``split``) against three
   separate hand-written commands (target: faster);
3. crosspost's one variant against VideoFileClip -> cropped -> resized -> write_videofile with
   the same encoder settings (target: at least 1.5x faster);
4. a table of x264 presets: encode time, size, SSIM and VMAF against a lossless encode of the
   same reframed picture (the default preset is chosen from it: docs/performance.md).

The benchmark policy sets ``video: {max_upscale: 1}`` so that the three targets get three
different frames (9:16 at 406x720, Reels' minimum 540x960, and 1280x720); each figure is the
median of ``--repeat`` runs, alternating the contenders so drift hits both.

    python benchmarks/bench_video.py [--seconds 10] [--repeat 3] [--no-presets] [--no-moviepy]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium")
TARGETS = ("instagram.reel", "facebook.reel", "x.post")


def ffmpeg() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def run(args: list[str]) -> str:
    done = subprocess.run([ffmpeg(), "-nostdin", "-hide_banner", "-y", *args],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return done.stderr


def make_source(folder: Path, seconds: float, size: str = "1280x720",
                max_upscale: float | None = 1) -> Path:
    """A noisy test pattern with a tone, the post and a policy (``max_upscale`` None: the
    default policy, no limit of its own)."""
    media = folder / "media"
    media.mkdir(parents=True)
    src = media / "source.mp4"
    run(["-f", "lavfi", "-i", f"testsrc2=s={size}:r=30:d={seconds},noise=alls=6:allf=t+u,"
         "gblur=sigma=0.7", "-f", "lavfi", "-i", f"sine=frequency=300:d={seconds}",
         "-ac", "2", "-c:v", "libx264", "-preset", "veryfast", "-crf", "16",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-shortest", str(src)])
    (folder / "crosspost.toml").write_text("", encoding="utf-8")
    adapt = "" if max_upscale is None else f"adapt:\n  video:\n    max_upscale: {max_upscale:g}\n"
    (folder / "policy.yaml").write_text("name: Bench\n" + adapt, encoding="utf-8")
    (folder / "post.md").write_text(
        "---\nid: bench\ntargets: [" + ", ".join(TARGETS) + "]\nmedia:\n"
        "  - path: media/source.mp4\n    alt: Testbeeld\n    focus: [0.5, 0.5]\n---\nBench\n",
        encoding="utf-8")
    return src


def plans(folder: Path) -> tuple[Any, list[Any]]:
    from crosspost import plan
    from crosspost.content.load import load_item

    item = load_item(folder / "post.md")
    media = []
    for target in TARGETS:
        variant = plan(item, target, policy=folder / "policy.yaml")
        media.append(next(m for m in variant.media if m.kind == "video"))
    return item, media


def hand_written(src: Path, op: dict[str, Any], out: Path, preset: str | None = None) -> list[str]:
    """What an engineer would type for the same plan."""
    frame, enc = op["frame"], op["encoder"]
    chain = f"scale={frame['width']}:{frame['height']}"
    if frame["fit"] == "crop":
        c = frame["crop"]
        chain = f"crop={c['w']}:{c['h']}:{c['x']}:{c['y']}," + chain
    return ["-i", str(src), "-vf", chain, "-c:v", "libx264", "-preset", preset or enc["preset"],
            "-crf", str(enc["crf"]), "-maxrate", str(enc["maxrate"]),
            "-bufsize", str(enc["bufsize"]), "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", str(enc["audio_bitrate"]), "-movflags", "+faststart",
            str(out)]


def moviepy_naive(src: Path, op: dict[str, Any], out: Path, tmp: Path) -> None:
    from moviepy import VideoFileClip

    frame, enc = op["frame"], op["encoder"]
    with VideoFileClip(str(src)) as clip:
        if frame["fit"] == "crop":
            c = frame["crop"]
            clip = clip.cropped(x1=c["x"], y1=c["y"], x2=c["x"] + c["w"], y2=c["y"] + c["h"])
        clip = clip.resized((frame["width"], frame["height"]))
        clip.write_videofile(
            str(out), codec="libx264", preset=enc["preset"], audio_codec="aac",
            audio_bitrate=str(enc["audio_bitrate"]), temp_audiofile_path=str(tmp), logger=None,
            ffmpeg_params=["-crf", str(enc["crf"]), "-maxrate", str(enc["maxrate"]),
                           "-bufsize", str(enc["bufsize"]), "-pix_fmt", "yuv420p",
                           "-movflags", "+faststart"])


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process and its children: ffmpeg) of ``fn()``."""
    before = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    start = time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    after = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
              for a, b in zip(after, before, strict=True))
    return wall, cpu


def compare(repeat: int, **contenders: Callable[[], object]) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds per contender, running them in turn ``repeat`` times."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            times[name].append(timed(fn))
    return {name: (statistics.median(w for w, _ in values),
                   statistics.median(c for _, c in values))
            for name, values in times.items()}


def quality(out: Path, ref: Path) -> tuple[float, float]:
    ssim = run(["-i", str(out), "-i", str(ref), "-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"])
    vmaf = run(["-i", str(out), "-i", str(ref), "-lavfi", "[0:v][1:v]libvmaf=n_threads=2",
                "-f", "null", "-"])
    s = re.search(r"All:(\d\.\d+)", ssim)
    v = re.search(r"VMAF score: ([\d.]+)", vmaf)
    return (float(s.group(1)) if s else float("nan"), float(v.group(1)) if v else float("nan"))


def preset_table(src: Path, op: dict[str, Any], tmp: Path, repeat: int) -> list[str]:
    ref = tmp / "reference.mkv"
    args = hand_written(src, op, ref)
    vf = args[args.index("-vf") + 1]
    run(["-i", str(src), "-vf", vf, "-an", "-c:v", "libx264", "-preset", "ultrafast",
         "-qp", "0", str(ref)])
    rows = ["| preset | wall s | CPU s | size KB | SSIM | VMAF |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for preset in PRESETS:
        out = tmp / f"preset-{preset}.mp4"
        runs = [timed(lambda p=preset, o=out: run(hand_written(src, op, o, p)))
                for _ in range(repeat)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        ssim, vmaf = quality(out, ref)
        rows.append(f"| {preset} | {wall:.2f} | {cpu:.2f} | {out.stat().st_size / 1024:.0f} | "
                    f"{ssim:.4f} | {vmaf:.2f} |")
    return rows


def _row(what: str, ours: tuple[float, float], other: tuple[float, float], target: str) -> str:
    return (f"| {what} | {ours[0]:.2f} ({ours[1]:.2f}) | {other[0]:.2f} ({other[1]:.2f}) | "
            f"{ours[0] / other[0]:.2f}x ({ours[1] / other[1]:.2f}x) | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-presets", action="store_true")
    parser.add_argument("--no-moviepy", action="store_true")
    options = parser.parse_args()

    from crosspost.render.video.render import render_video, render_video_batch

    with tempfile.TemporaryDirectory(prefix="bench-video-") as name:
        tmp = Path(name)
        src = make_source(tmp / "content", options.seconds)
        item, media = plans(tmp / "content")
        reel = media[0]
        ops = [m.operations[0].model_dump(mode="json") for m in media]
        print(f"source 1280x720 30 fps {options.seconds:g} s; variants: "
              + ", ".join(f"{t} {o['frame']['width']}x{o['frame']['height']}"
                          for t, o in zip(TARGETS, ops, strict=True)))

        def batch() -> None:
            from crosspost.output.save import MediaJob

            jobs = [MediaJob(m, m.output, tmp / f"batch-{k}.mp4", "", "media")
                    for k, m in enumerate(media)]
            render_video_batch(jobs, item)

        contenders = {
            "crosspost": lambda: render_video(reel, item, tmp / "cp-one.mp4"),
            "ffmpeg": lambda: run(hand_written(src, ops[0], tmp / "ff-one.mp4")),
        }
        if not options.no_moviepy and importlib.util.find_spec("moviepy") is None:
            print("moviepy is not installed (pip install 'crosspost[bench]'); "
                  "comparing without it", file=sys.stderr)
        elif not options.no_moviepy:
            contenders["moviepy"] = lambda: moviepy_naive(src, ops[0], tmp / "mp.mp4", tmp)
        one = compare(options.repeat, **contenders)
        three = compare(
            options.repeat,
            crosspost=batch,
            ffmpeg=lambda: [run(hand_written(src, o, tmp / f"ff-{k}.mp4"))
                            for k, o in enumerate(ops)],
        )
        rows = ["| comparison | crosspost wall s (CPU s) | other wall s (CPU s) | "
                "ratio wall (CPU) | target |", "| --- | ---: | ---: | ---: | --- |",
                _row("1 variant vs hand-written ffmpeg", one["crosspost"], one["ffmpeg"],
                     "<= 1.15x"),
                _row("3 variants in one call vs 3 ffmpeg commands", three["crosspost"],
                     three["ffmpeg"], "< 1x")]
        if "moviepy" in one:
            rows.append(_row("1 variant vs naive moviepy", one["crosspost"], one["moviepy"],
                             "<= 0.67x (1.5x faster)"))
        print("\n".join(rows))
        if not options.no_presets:
            print()
            print("\n".join(preset_table(src, ops[0], tmp, options.repeat)))


if __name__ == "__main__":
    main()
