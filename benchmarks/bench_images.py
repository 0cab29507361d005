"""Image adapt speed side by side with a naive Pillow pipeline, with a quality check.

One run measures, on one generated 24-megapixel photo (6000x4000 JPEG with EXIF and GPS, or
``--photo`` for your own), four variants: 4:5 at 1080x1350, 9:16 at 1080x1920, 1.91:1 at
1200x628 and 1:1 at 1080x1080:

* naive: for each variant, open and fully decode the photo, apply EXIF orientation, crop, LANCZOS
  resize, save as JPEG quality 85 (what a hand-written script does);
* crosspost: plan the four variants (thumbnail decode and saliency, once) and render them with
  the batch renderer (one DCT-scaled decode, sRGB once, ``reduce()`` then Lanczos, quality
  search, metadata stripped).

Both use the same crop boxes (crosspost's plan), so the outputs are comparable: each output's
PSNR against a reference (full decode, crop, LANCZOS, no encode) is reported, and the run fails
when crosspost's frames fall below ``--psnr-floor`` dB. Each contender runs in a fresh process
(``--repeat`` times, alternating; medians), which also gives its peak memory above the baseline
of the imports.

    python benchmarks/bench_images.py [--repeat 3] [--photo PATH] [--write-docs]
    python benchmarks/bench_images.py --worst-case   # the JPEG size bounds of imaging/budget.py
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VARIANTS = (("4:5", 0.8, 1080), ("9:16", 9 / 16, 1080), ("1.91:1", 1.91, 1200), ("1:1", 1.0, 1080))
DOCS = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def make_photo(path: Path, size: tuple[int, int] = (6000, 4000)) -> Path:
    """A photo-like 24 MP JPEG: smooth colour fields, shapes, a face-toned subject, grain."""
    import numpy as np
    from PIL import Image, ImageDraw

    w, h = size
    rng = np.random.default_rng(7)
    low = rng.integers(30, 225, (h // 250, w // 250, 3), dtype=np.uint8)
    image = Image.fromarray(low).resize((w, h), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    draw.ellipse((int(w * .62), int(h * .22), int(w * .72), int(h * .5)), fill=(224, 172, 140))
    draw.rectangle((int(w * .1), int(h * .6), int(w * .3), int(h * .9)), fill=(30, 60, 160))
    for _ in range(40):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        draw.line((x, y, x + 400, y + int(rng.integers(-200, 200))), fill=(20, 20, 20), width=6)
    grain = rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    pixels = np.clip(np.asarray(image, dtype=np.float32) + grain, 0, 255).astype(np.uint8)
    exif = Image.Exif()
    exif[0x0110] = "Benchcam"
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
    Image.fromarray(pixels).save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def plan_ops(photo: Path, pixels: Any = None) -> list[Any]:
    """crosspost's plan for the four variants (thumbnail and saliency decoded once); the
    decode stays in ``pixels`` (a PixelStore, as a FileProber holds) for the renderer."""
    from crosspost.media.pixels.store import PixelStore
    from crosspost.media.probe_image import probe_image
    from crosspost.transforms.image.decide import Choices, Rules, Source, decide

    facts = probe_image(photo)
    analysis = (pixels or PixelStore()).analyse(photo)
    source = Source(photo.name, facts.width, facts.height, "jpeg", facts.bytes,
                    saliency=analysis.saliency, reframe="crop")
    return [decide(source, Rules(preferred=(ratio,), preferred_width=width,
                                 max_bytes=8_000_000), Choices()).op
            for _, ratio, width in VARIANTS]


def run_crosspost(photo: Path, out: Path) -> dict[str, float]:
    """Plan, then render; returns the clocks at the end of planning."""
    from crosspost.media.pixels.store import PixelStore
    from crosspost.render.image.render import render_group

    pixels = PixelStore()
    ops = plan_ops(photo, pixels)
    planned = {"plan_seconds": time.perf_counter(), "plan_cpu": _cpu()}
    render_group(photo, photo.name, [(op, out / f"cp-{i}.jpg") for i, op in enumerate(ops)],
                 pixels=pixels)
    return planned


def run_naive(photo: Path, out: Path, boxes: list[list[int]], sizes: list[list[int]]) -> None:
    from PIL import Image, ImageOps

    for i, (box, size) in enumerate(zip(boxes, sizes, strict=True)):
        with Image.open(photo) as image:
            upright = ImageOps.exif_transpose(image).convert("RGB")
            left, top, right, bottom = box
            frame = upright.crop((left, top, right, bottom)).resize(
                (size[0], size[1]), Image.Resampling.LANCZOS)
            frame.save(out / f"naive-{i}.jpg", "JPEG", quality=85)


def child(args: argparse.Namespace) -> None:
    """One contender in a fresh process: seconds and peak memory above the import baseline."""
    import numpy  # noqa: F401  (both contenders pay for their imports before the clock)
    from PIL import Image, ImageOps  # noqa: F401

    # A long-running adapt has these loaded after its first image: import them off the clock.
    import crosspost.media.pixels.analysis
    import crosspost.media.pixels.colour
    import crosspost.media.pixels.decode
    import crosspost.media.pixels.saliency
    import crosspost.render.image.compose
    import crosspost.render.image.encode
    import crosspost.render.image.metadata
    import crosspost.render.image.render
    import crosspost.transforms.image.decide  # noqa: F401

    baseline = _reset_peak()
    start, cpu = time.perf_counter(), _cpu()
    result: dict[str, float] = {}
    if args.child == "naive":
        spec = json.loads(args.ops)
        run_naive(Path(args.photo), Path(args.out), spec["boxes"], spec["sizes"])
    else:
        planned = run_crosspost(Path(args.photo), Path(args.out))
        result = {"plan_seconds": planned["plan_seconds"] - start,
                  "plan_cpu": planned["plan_cpu"] - cpu}
    result.update(seconds=time.perf_counter() - start, cpu=_cpu() - cpu,
                  peak_mb=(_peak_kb() - baseline) / 1024)
    print(json.dumps(result))


def _cpu() -> float:
    """CPU seconds of this process, all threads: what other load on the machine cannot inflate."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> int:
    """Reset the peak-RSS mark (Linux; exec keeps the parent's ru_maxrss) and return the RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    rss = _status_kb("VmRSS")
    return rss if rss is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    peak = _status_kb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def contender(name: str, photo: Path, out: Path, ops: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", name, "--photo", str(photo), "--out", str(out),
           "--ops", ops]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def psnr(a: Any, b: Any) -> float:
    import numpy as np

    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    mse = float((diff**2).mean())
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def quality(photo: Path, ops: list[Any], out: Path) -> list[dict[str, float]]:
    """PSNR of crosspost's frame, its JPEG and the naive JPEG against the full reference."""
    from PIL import Image, ImageOps

    from crosspost.media.pixels.colour import to_srgb
    from crosspost.media.pixels.decode import decode
    from crosspost.render.image.compose import compose
    from crosspost.render.image.render import needed_scale

    with Image.open(photo) as image:
        full = ImageOps.exif_transpose(image).convert("RGB")
    decoded = decode(photo, scale=max(needed_scale(op) for op in ops))
    small = to_srgb(decoded.image)
    rows = []
    for i, op in enumerate(ops):
        reference = full.crop(op.crop).resize(op.resize, Image.Resampling.LANCZOS)
        frame = compose(small, decoded.scale, op, keep_alpha=False)
        with Image.open(out / f"cp-{i}.jpg") as mine, Image.open(out / f"naive-{i}.jpg") as theirs:
            rows.append({"frame": psnr(frame, reference), "crosspost_jpeg": psnr(mine, reference),
                         "naive_jpeg": psnr(theirs, reference),
                         "crosspost_bytes": (out / f"cp-{i}.jpg").stat().st_size,
                         "naive_bytes": (out / f"naive-{i}.jpg").stat().st_size})
    return rows


def worst_case() -> None:
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    noise = Image.fromarray((rng.integers(0, 2, (512, 512, 3)) * 255).astype(np.uint8))
    print("quality  bits/pixel (binary noise, 512x512, optimised Huffman tables)")
    for q in (1, 30, 60, 70, 85, 90, 95, 100):
        buffer = io.BytesIO()
        noise.save(buffer, "JPEG", quality=q, optimize=True)
        print(f"{q:7d}  {buffer.tell() * 8 / 512**2:.2f}")


def report(args: argparse.Namespace, photo: Path, times: dict[str, list[dict[str, float]]],
           rows: list[dict[str, float]], decoded_mb: float) -> str:
    naive, ours = times["naive"], times["crosspost"]
    phases = {
        "naive Pillow: full decode per variant, crop, LANCZOS, save": (
            [r["seconds"] for r in naive], [r["cpu"] for r in naive]),
        "crosspost plan: one decode (kept for rendering), thumbnail, saliency, 4 decisions": (
            [r["plan_seconds"] for r in ours], [r["plan_cpu"] for r in ours]),
        "crosspost render: four outputs from the plan's decode (same boxes as naive)": (
            [r["seconds"] - r["plan_seconds"] for r in ours],
            [r["cpu"] - r["plan_cpu"] for r in ours]),
        "crosspost plan + render": ([r["seconds"] for r in ours], [r["cpu"] for r in ours]),
    }
    lines = [
        "## Images", "",
        f"`python benchmarks/bench_images.py --repeat {args.repeat}` on {platform.machine()}, "
        f"Python {platform.python_version()}, Pillow {_pillow()}: one "
        f"{photo.stat().st_size / 1e6:.1f} MB 24-megapixel JPEG (6000x4000, generated) into "
        "four variants (4:5 1080x1350, 9:16 1080x1920, 1.91:1 1200x628, 1:1 1080x1080). "
        f"Each contender runs in a fresh process, {args.repeat} times, alternating; {_load()}. "
        "Wall time is the best run (other load only adds to it); CPU time counts every thread "
        "and is what a busy machine cannot inflate.", "",
        "| pipeline | wall, best (s) | wall, median (s) | CPU, best (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (wall, cpu) in phases.items():
        lines.append(f"| {name} | {min(wall):.2f} | {statistics.median(wall):.2f} | "
                     f"{min(cpu):.2f} |")
    n_wall, n_cpu = phases[next(iter(phases))]
    r_wall, _ = list(phases.values())[2]
    t_wall, t_cpu = list(phases.values())[3]
    mem = {k: statistics.median(r["peak_mb"] for r in v) for k, v in times.items()}
    lines += [
        "", f"Speed-up over the naive pipeline, planning and rendering together: "
        f"**{min(n_wall) / min(t_wall):.1f}x** wall, {min(n_cpu) / min(t_cpu):.1f}x CPU "
        f"(target: 4x; rendering alone {min(n_wall) / min(r_wall):.1f}x). The photo is decoded "
        "once: planning decodes it (DCT-scaled) for the saliency thumbnail and keeps the decode, "
        "rendering takes it. Rendering uses up to four threads for the outputs of that one "
        "image (Pillow releases the GIL while it resizes and encodes).", "",
        f"Peak memory above the imports: naive {mem['naive']:.0f} MB, crosspost "
        f"{mem['crosspost']:.0f} MB. One decoded 24 MP RGB image takes {decoded_mb:.0f} MB; "
        "crosspost decodes the photo once at 1/2 scale (DCT scaling: a 2048-pixel long edge "
        "is enough for every output here), so its peak stays below one full decode.", "",
        "Quality: PSNR (dB) against a reference made from the full decode (crop, LANCZOS, "
        "no encode), and file sizes:", "",
        "| variant | crosspost frame | crosspost JPEG | naive JPEG | crosspost bytes "
        "| naive bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (name, _, _), row in zip(VARIANTS, rows, strict=True):
        lines.append(f"| {name} | {row['frame']:.1f} | {row['crosspost_jpeg']:.1f} | "
                     f"{row['naive_jpeg']:.1f} | {row['crosspost_bytes']:,} | "
                     f"{row['naive_bytes']:,} |")
    lines += ["", "The frame column is crosspost's pixels before encoding (DCT-scaled decode, "
              "`reduce()`, then Lanczos for shrinks over 2x and bicubic below): nothing visible "
              f"is lost against the full decode (floor {args.psnr_floor:.0f} dB, checked by the "
              "benchmark; JPEG at quality 85 itself costs more). Both JPEGs are quality 85 "
              "(the quality search keeps 85 when the file fits the 8 MB limit); crosspost "
              "also optimises the Huffman tables, hence its smaller files."]
    gap, worst = max((row["naive_jpeg"] - row["crosspost_jpeg"], name)
                     for (name, _, _), row in zip(VARIANTS, rows, strict=True))
    lines += ["", f"Weakest spot: {worst}, {gap:.1f} dB below the naive JPEG. Its output is "
              "48% of the source's width across, just under the 1/2 of the DCT-scaled decode, "
              "so the decode drops some of the finest grain that a full decode keeps; the "
              "generated photo is deliberately grainy, which also makes entropy decoding (not "
              "scaling) the larger part of every decode.", ""]
    return "\n".join(lines)


def _load() -> str:
    """Other work on the machine slows both contenders; say how busy it was."""
    try:
        import os

        one, _, _ = os.getloadavg()
        return f"load average {one:.1f} on {os.cpu_count()} CPUs"
    except (AttributeError, OSError):
        return "load unknown"


def _pillow() -> str:
    import PIL

    return str(PIL.__version__)


def write_docs(section: str) -> None:
    """Replace the ``## Images`` section of docs/performance.md (other sections stay)."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    start = text.find("## Images")
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1:] if end >= 0 else "")
    DOCS.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--photo", type=Path, help="your own photo instead of the generated one")
    parser.add_argument("--psnr-floor", type=float, default=40.0)
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    parser.add_argument("--worst-case", action="store_true")
    parser.add_argument("--child", choices=("naive", "crosspost"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--ops", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    if args.worst_case:
        worst_case()
        return 0
    cache = Path(tempfile.gettempdir()) / "crosspost-bench-24mp.jpg"
    photo = args.photo or (cache if cache.exists() else make_photo(cache))
    ops = plan_ops(photo)
    spec = json.dumps({"boxes": [list(op.crop) for op in ops],
                       "sizes": [list(op.resize) for op in ops]})
    times: dict[str, list[dict[str, float]]] = {"naive": [], "crosspost": []}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for _ in range(args.repeat):
            for name in ("naive", "crosspost"):
                times[name].append(contender(name, photo, out, spec))
        rows = quality(photo, ops, out)
    from crosspost.media.probe_image import probe_image

    facts = probe_image(photo)
    section = report(args, photo, times, rows, facts.width * facts.height * 3 / 2**20)
    print(section)
    if args.write_docs:
        write_docs(section)
    low = min(r["frame"] for r in rows)
    if low < args.psnr_floor:
        print(f"FAIL: a crosspost frame is at {low:.1f} dB, below {args.psnr_floor} dB")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
