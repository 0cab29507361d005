"""Probing a video: the Python container reader against ffmpeg, per file, side by side.

Files are generated (lavfi) in the containers and codecs users bring: H.264/AAC MP4 with the
moov at the end (ffmpeg's default) and at the front, a phone-like HEVC MOV, VP9/Opus WebM and
H.264 MKV, each 30 s at 1280x720 30 fps so the sample tables have the size of real clips.
Three contenders per file, measured in turn in this one process:

* ``ffmpeg -i`` alone: one bare ffmpeg process reading the header (the least a probe that
  starts ffmpeg pays);
* ``probe_video`` through ffmpeg (``native=False``): what crosspost paid before;
* ``probe_video`` through the Python reader (the default for these containers): for MP4/MOV
  the facts and the data check come from the boxes; for Matroska from the header elements
  and the Clusters (walked to the end of the Segment, the last one's blocks read).

CPU time is user plus system time of this process and of every ffmpeg it waited for.

    python benchmarks/bench_probe.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

SOURCE = ("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=30",
          "-f", "lavfi", "-i", "sine=duration=30")
FILES = [
    ("H.264/AAC MP4, moov at the end", "a.mp4",
     ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac")),
    ("H.264/AAC MP4, faststart", "b.mp4",
     ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-movflags", "+faststart")),
    ("HEVC/AAC MOV (phone-like)", "c.mov",
     ("-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-c:a", "aac")),
    ("VP9/Opus WebM", "d.webm",
     ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k",
      "-c:a", "libopus")),
    ("H.264/AAC MKV", "e.mkv", ("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac")),
]


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(action: Callable[[], object], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = cpu()
        action()
        runs.append(cpu() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from crosspost.media.probe_video import probe_video
    from crosspost.testing import ffmpeg_path

    ffmpeg = ffmpeg_path()
    print("| file | bytes | `ffmpeg -i` alone: CPU ms (min / median) | probe via ffmpeg: "
          "CPU ms | probe via the Python reader: CPU ms | reader / ffmpeg probe | same facts |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory(prefix="crosspost-bench-probe-") as tmp:
        for label, name, options in FILES:
            path = Path(tmp) / name
            subprocess.run([ffmpeg, "-nostdin", "-loglevel", "error", "-y", *SOURCE, *options,
                            "-shortest", str(path)], check=True)
            bare = measure(lambda p=path: subprocess.run(  # type: ignore[misc]
                [ffmpeg, "-hide_banner", "-i", str(p)], capture_output=True), args.repeat)
            via_ffmpeg = measure(lambda p=path: probe_video(p, native=False), args.repeat)
            # The reader is fast enough that one call is below the clock's resolution: time
            # 50 calls per run and divide.
            native = [t / 50 for t in measure(
                lambda p=path: [probe_video(p) for _ in range(50)], args.repeat)]
            same = probe_video(path) == probe_video(path, native=False)
            ratio = statistics.median(native) / statistics.median(via_ffmpeg)
            print(f"| {label} | {path.stat().st_size:,} | {fmt(bare)} | {fmt(via_ffmpeg)} | "
                  f"{fmt(native, 3)} | {ratio:.3f}x | {'yes' if same else 'NO'} |")


def fmt(runs: list[float], digits: int = 1) -> str:
    return f"{min(runs) * 1000:.{digits}f} / {statistics.median(runs) * 1000:.{digits}f}"


if __name__ == "__main__":
    main()
