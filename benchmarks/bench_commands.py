"""Whole commands, as users run them, side by side with what they would run instead.

Every contender is a separate process started by this script; its CPU time (user + system, of
the process and every child it waited for: ffmpeg included) and peak memory come from the
kernel's accounting of that process (``wait4``), so start-up, imports, spec loading and
writing are all counted. Contenders of one comparison run in turn, ``--repeat`` times; each
row gives the minimum and the median, and the ratio of medians against the baseline. The
goals are those of issue #12. crosspost's bytecode is compiled before the first run, as
``pip install`` does: otherwise, under ``PYTHONDONTWRITEBYTECODE`` (set in some containers and
CI images), every run of an editable install would also pay for compiling crosspost's sources.
Each table's title gives the load average over its runs: on a shared machine CPU seconds grow
with load, Python start-up more than encoding, so compare ratios measured together.

Two video cases: 8 s of 720p made into a 360x640 reel (the policy allows no enlargement), where
crosspost's fixed cost (start-up, probing, planning, cover choice) weighs heavily against a
2 s encode; and 30 s of 1080p made into a 1080x1920 reel, a realistic post. Each prints what
crosspost adds to the hand-written command in seconds.

    python benchmarks/bench_commands.py [--repeat 5] [--posts 1000]
        [--only startup|check|photo|video|video-1080p ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PYTHON = sys.executable
CROSSPOST = str(Path(sys.executable).with_name("crosspost"))
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

READ_AND_PARSE = """
import sys, yaml
from pathlib import Path
for post in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = post.read_text("utf-8")
    yaml.safe_load(text.split("---", 2)[1])
"""
NAIVE_PILLOW = """
import json, sys
from PIL import Image, ImageOps
photo, out, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
for i, (box, size) in enumerate(jobs):
    with Image.open(photo) as image:  # a full decode per variant
        upright = ImageOps.exif_transpose(image).convert("RGB")
        upright.crop(box).resize(size, Image.Resampling.LANCZOS).save(
            f"{out}/naive-{i}.jpg", "JPEG", quality=85)
"""
TUNED_PILLOW = """
import json, sys
from PIL import Image
photo, out, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with Image.open(photo) as image:
    # DCT-scaled decode, once, to the smallest scale every output still fits
    need = max(max(s[0] / (b[2] - b[0]), s[1] / (b[3] - b[1])) for b, s in jobs)
    full = image.size
    image.draft("RGB", (int(full[0] * need) + 1, int(full[1] * need) + 1))
    decoded = image.convert("RGB")
scale = decoded.size[0] / full[0]
for i, (box, size) in enumerate(jobs):
    b = [round(v * scale) for v in box]
    decoded.crop(b).resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0).save(
        f"{out}/tuned-{i}.jpg", "JPEG", quality=85, optimize=True)
"""


@dataclass
class Run:
    cpu: float
    rss_mb: float


def measure(cmd: Sequence[str], *, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Run:
    """CPU seconds and peak resident memory of one process and the children it waited for.

    CPU comes from ``wait4``. The peak does not: Linux starts a child's peak at its parent's
    size, so it is taken by GNU time (a small process) around the command; without
    ``/usr/bin/time`` it is not reported (0).
    """
    with tempfile.NamedTemporaryFile("r") as peak:
        wrapper = [GNU_TIME, "-f", "%M", "-o", peak.name] if GNU_TIME else []
        proc = subprocess.Popen([*wrapper, *cmd], cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):  # 1: findings, which a check may well have
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                               f"{err.decode()[-2000:]}")
        kilobytes = peak.read().strip().splitlines()[-1:] if GNU_TIME else []
    rss = int(kilobytes[0]) / 1024 if kilobytes and kilobytes[0].isdigit() else 0.0
    return Run(usage.ru_utime + usage.ru_stime, rss)


Contender = tuple[str, Callable[[], Run]]


def compare(title: str, repeat: int, baseline: Contender | None, contenders: list[Contender],
            goals: dict[str, str], runs: dict[str, list[Run]] | None = None) -> list[str]:
    """Markdown rows: contenders run in turn ``repeat`` times; min, median, ratio to baseline.
    ``runs``, when given, receives every run by contender."""
    everyone = ([baseline] if baseline else []) + contenders
    runs = {} if runs is None else runs
    runs.update({name: [] for name, _ in everyone})
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):
        for name, fn in everyone:
            runs[name].append(fn())
        loads.append(os.getloadavg()[0])
    base = statistics.median(r.cpu for r in runs[baseline[0]]) if baseline else None
    rows = [f"**{title}** (load average {min(loads):.1f} to {max(loads):.1f})", "",
            "| contender | CPU min (s) | CPU median (s) | ratio | goal | peak memory (MB) |",
            "| --- | ---: | ---: | ---: | --- | ---: |"]
    for name, _ in everyone:
        cpus = [r.cpu for r in runs[name]]
        median = statistics.median(cpus)
        ratio = f"{median / base:.2f}x" if base and baseline and name != baseline[0] else ""
        rows.append(f"| {name} | {min(cpus):.3f} | {median:.3f} | {ratio} | "
                    f"{goals.get(name, '')} | {max(r.rss_mb for r in runs[name]):.0f} |")
    print("\n".join(rows), flush=True)
    return [*rows, ""]


# -- scenarios ---------------------------------------------------------------------------------


SMALL_POST = ("---\nid: klein\nlanguage: nl\ntargets: [x.post, bluesky.post, mastodon.post]\n"
              "---\nKom naar de informatieavond {word} over het warmtenet in buurthuis De "
              "Linde. #warmtenet\n")


def spec_cache(work: Path) -> Callable[[], dict[str, str]]:
    """A fresh cache folder for each run holding only the validated specs, as a machine has
    after any earlier crosspost command: no facts or results of the files measured."""
    template = work / "spec-cache-template"
    post = work / "warm-up" / "post.md"
    post.parent.mkdir(parents=True)
    post.write_text(SMALL_POST.format(word="vooraf"), "utf-8")
    measure([CROSSPOST, "check", "post.md"], env={"CROSSPOST_CACHE_DIR": str(template)},
            cwd=post.parent)
    counter = iter(range(10**6))

    def fresh() -> dict[str, str]:
        folder = work / f"spec-cache-{next(counter)}"
        shutil.copytree(template, folder, ignore=lambda _, names: [
            n for n in names if n.endswith((".sqlite", ".sqlite-wal", ".sqlite-shm"))])
        return {"CROSSPOST_CACHE_DIR": str(folder)}

    return fresh


def startup(repeat: int, work: Path) -> list[str]:
    post = work / "small" / "post.md"
    post.parent.mkdir(parents=True)
    (post.parent / "crosspost.toml").write_text("", "utf-8")
    post.write_text(SMALL_POST.format(word="vandaag"), "utf-8")
    cache = {"CROSSPOST_CACHE": "off"}
    warm = spec_cache(work)
    edits = iter(range(10**6))

    def edited() -> Run:
        """The post edited (so no result is cached for it), the specs cached by an earlier
        command: a pre-commit run after an edit."""
        post.write_text(SMALL_POST.format(word=f"nummer {next(edits)}"), "utf-8")
        return measure([CROSSPOST, "check", "post.md"], env=warm(), cwd=post.parent)

    small = "crosspost check post.md (3 targets, 60 letters)"
    return compare(
        "Start-up and one small post", repeat,
        ("python -c pass (the interpreter alone)", lambda: measure([PYTHON, "-c", "pass"])),
        [("python -c 'import crosspost'", lambda: measure([PYTHON, "-c", "import crosspost"])),
         ("crosspost --version", lambda: measure([CROSSPOST, "--version"])),
         (f"{small}, no cache (--no-cache: a first run)",
          lambda: measure([CROSSPOST, "check", "--no-cache", "post.md"], env=cache,
                          cwd=post.parent)),
         (f"{small}, edited, specs cached by an earlier command", edited)],
        {"python -c 'import crosspost'": "< 0.05 s above the interpreter",
         "crosspost --version": "<= 0.1 s",
         f"{small}, no cache (--no-cache: a first run)": "<= 0.3 s",
         f"{small}, edited, specs cached by an earlier command": "<= 0.3 s"},
    )


def check_repository(repeat: int, work: Path, posts: int) -> list[str]:
    from bench_check import make_repo

    root = work / "repo"
    make_repo(root, posts, posts // 2, 0)  # half the posts with a photo, no video
    warm = work / "cache-warm"
    measure([CROSSPOST, "check", "--format", "json"], env={"CROSSPOST_CACHE_DIR": str(warm)},
            cwd=root)
    counter = iter(range(10**6))

    def cold() -> Run:
        folder = work / f"cache-cold-{next(counter)}"
        try:
            return measure([CROSSPOST, "check", "--format", "json"],
                           env={"CROSSPOST_CACHE_DIR": str(folder)}, cwd=root)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return compare(
        f"check of {posts} posts ({posts // 2} with a photo), JSON report", repeat,
        ("read and YAML-parse every post (python + PyYAML)",
         lambda: measure([PYTHON, "-c", READ_AND_PARSE, str(root)])),
        [("crosspost check, cold (empty cache: probes every photo)", cold),
         ("crosspost check, re-check of the unchanged repository",
          lambda: measure([CROSSPOST, "check", "--format", "json"],
                          env={"CROSSPOST_CACHE_DIR": str(warm)}, cwd=root))],
        {"crosspost check, cold (empty cache: probes every photo)": "<= 10x",
         "crosspost check, re-check of the unchanged repository": "<= 3x"},
    )


PHOTO_TARGETS = ("instagram.feed", "instagram.story", "linkedin.post", "x.post",
                 "facebook.post")


def photo_adapt(repeat: int, work: Path) -> list[str]:
    from bench_images import make_photo

    folder = work / "photo"
    (folder / "media").mkdir(parents=True)
    photo = make_photo(folder / "media" / "foto.jpg")
    (folder / "crosspost.toml").write_text("", "utf-8")
    (folder / "post.md").write_text(
        "---\nid: foto\nlanguage: nl\ntargets: [" + ", ".join(PHOTO_TARGETS) + "]\nmedia:\n"
        "  - path: media/foto.jpg\n    alt: Een foto van de wijk\n---\nDe wijk.\n", "utf-8")
    plan = subprocess.run([CROSSPOST, "plan", "post.md", "--format", "json"], cwd=folder,
                          capture_output=True, text=True, env={**os.environ,
                                                               "CROSSPOST_CACHE": "off"})
    jobs = []
    for source in json.loads(plan.stdout):
        for variant in source["variants"]:
            for media in variant.get("media", []):
                op = media["operations"][0]
                if op.get("op") == "image" and op.get("crop") and op.get("resize"):
                    jobs.append([op["crop"], op["resize"]])
    out = work / "photo-out"
    out.mkdir()
    spec = json.dumps(jobs)
    env = {"CROSSPOST_CACHE": "off"}

    warm = spec_cache(work / "photo-cache")

    def crosspost(cached: bool = False) -> Run:
        target = work / "photo-crosspost"
        shutil.rmtree(target, ignore_errors=True)  # every run writes every file
        return measure([CROSSPOST, "adapt", "post.md", "--out", str(target)],
                       env=warm() if cached else env, cwd=folder)

    return compare(
        f"adapt of one 24 MP photo ({photo.stat().st_size / 1e6:.1f} MB JPEG) to "
        f"{len(PHOTO_TARGETS)} targets ({len(jobs)} distinct image variants)", repeat,
        ("naive Pillow script: full decode per variant, crop, LANCZOS, save",
         lambda: measure([PYTHON, "-c", NAIVE_PILLOW, str(photo), str(out), spec])),
        [("tuned Pillow script: one draft (DCT-scaled) decode, crop, LANCZOS, save",
          lambda: measure([PYTHON, "-c", TUNED_PILLOW, str(photo), str(out), spec])),
         ("crosspost adapt (whole command: text, checks, photos, manifests), no cache",
          crosspost),
         ("crosspost adapt, specs cached by an earlier command", lambda: crosspost(True))],
        {"crosspost adapt (whole command: text, checks, photos, manifests), no cache":
         "<= 0.5x naive, <= 1.3x tuned; peak <= 150 MB",
         "crosspost adapt, specs cached by an earlier command":
         "<= 0.5x naive, <= 1.3x tuned; peak <= 150 MB"},
    )


VIDEO_TARGETS = ("instagram.reel", "facebook.reel", "x.post", "linkedin.video")
SRT_TEXT = ("1\n00:00:00,500 --> 00:00:03,000\nZo werkt een warmtepomp.\n\n"
            "2\n00:00:03,500 --> 00:00:07,500\nHij haalt warmte uit de buitenlucht.\n")
LINES = ("Zo werkt een warmtepomp.", "Hij haalt warmte uit de buitenlucht.",
         "Ook als het vriest.", "En verwarmt zo het hele huis.")


def _srt(seconds: float) -> str:
    """A cue every 4 s (3.5 s long) over ``seconds``."""
    cues = []
    for n, start in enumerate(range(0, int(seconds) - 3, 4)):
        begin, end = start + 0.5, start + 4.0
        cues.append(f"{n + 1}\n{_clock(begin)} --> {_clock(end)}\n{LINES[n % len(LINES)]}\n")
    return "\n".join(cues)


def _clock(seconds: float) -> str:
    return f"00:{int(seconds) // 60:02d}:{int(seconds) % 60:02d},{round(seconds % 1 * 1000):03d}"


def captioned_video_post(work: Path, seconds: float = 8, size: str = "1280x720",
                         max_upscale: float | None = 1, name: str = "video") -> Path:
    """The folder of a video post with Dutch subtitles (``bench_video``'s source): by default
    8 s of 720p with a policy that allows no enlargement (360x640 reels)."""
    from bench_video import make_source

    folder = work / name
    src = make_source(folder, seconds, size, max_upscale)
    (src.parent / "source.nl.srt").write_text(SRT_TEXT if seconds == 8 else _srt(seconds),
                                              "utf-8")
    post = folder / "post.md"
    post.write_text(post.read_text("utf-8").replace(
        "    focus: [0.5, 0.5]\n", "    focus: [0.5, 0.5]\n    captions: media/source.nl.srt\n"),
        "utf-8")
    return folder


def video_adapt(repeat: int, work: Path) -> list[str]:
    """The small case: so short and small that crosspost's fixed start-up weighs heavily."""
    return _video_case(repeat, work, "adapt of one 8 s 720p video to instagram.reel (9:16, "
                       "captions burned in; the policy allows no enlargement: 360x640)",
                       captioned_video_post(work), everything=True)


def video_1080p(repeat: int, work: Path) -> list[str]:
    """A realistic case: a 30 s Full HD clip made into a Full HD reel."""
    return _video_case(repeat, work, "adapt of one 30 s 1080p video to instagram.reel (9:16, "
                       "captions burned in; the default policy: 1080x1920)",
                       captioned_video_post(work, 30, "1920x1080", None, "video-1080p"))


def _video_case(repeat: int, work: Path, title: str, folder: Path, *,
                everything: bool = False) -> list[str]:
    """One target by hand and by crosspost (with and without cached specs) and what crosspost
    adds in seconds; ``everything`` also compares all of ``VIDEO_TARGETS``."""
    from bench_video import ffmpeg

    env = {"CROSSPOST_CACHE": "off"}
    plan = subprocess.run([CROSSPOST, "plan", "post.md", "--format", "json", "--policy",
                           "policy.yaml"], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, **env})
    ops: dict[str, list[dict[str, Any]]] = {}
    for source in json.loads(plan.stdout):
        for variant in source["variants"]:
            for media in variant.get("media", []):
                if media["operations"] and media["operations"][0]["op"] == "video":
                    ops[variant["target"]] = media["operations"]
    out = work / f"{folder.name}-out"
    out.mkdir()
    # Targets the source already fits are copied or remuxed, by hand as by crosspost: no encode.
    encoded = [t for t in VIDEO_TARGETS if t in ops and not ops[t][0]["remux"]]

    def by_hand(target: str) -> list[str]:
        """One ffmpeg command per output, as an engineer would write it: same frame, same
        x264 and AAC settings, captions burned with the subtitles filter where planned."""
        video = ops[target][0]
        frame, enc = video["frame"], video["encoder"]
        chain = f"scale={frame['width']}:{frame['height']}"
        if frame["fit"] == "crop" and frame["crop"]:
            c = frame["crop"]
            chain = f"crop={c['w']}:{c['h']}:{c['x']}:{c['y']}," + chain
        if any(op["op"] == "burn_captions" for op in ops[target][1:]):
            chain += ",subtitles=media/source.nl.srt"
        return [ffmpeg(), "-nostdin", "-y", "-loglevel", "error", "-ss", f"{video['start']}",
                "-t", f"{video['end'] - video['start']}", "-i", "media/source.mp4",
                "-vf", chain, "-c:v", "libx264", "-preset", enc["preset"],
                "-crf", f"{enc['crf']:g}", "-maxrate", str(enc["maxrate"]),
                "-bufsize", str(enc["bufsize"]), "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-b:a", str(enc["audio_bitrate"]), "-movflags", "+faststart",
                str(out / f"{target}.mp4")]

    def hand(targets: Sequence[str]) -> Run:
        runs = [measure(by_hand(t), cwd=folder) for t in targets if t in encoded]
        return Run(sum(r.cpu for r in runs), max(r.rss_mb for r in runs))

    warm = spec_cache(work / f"{folder.name}-cache")

    def crosspost(targets: Sequence[str], cached: bool = False) -> Run:
        target = work / f"{folder.name}-crosspost"
        shutil.rmtree(target, ignore_errors=True)
        args = [a for t in targets for a in ("--target", t)]
        return measure([CROSSPOST, "adapt", "post.md", "--policy", "policy.yaml", "--out",
                        str(target), *args], env=warm() if cached else env, cwd=folder)

    one = ("instagram.reel",)
    size = ops["instagram.reel"][0]["frame"]
    by_hand_name = (f"hand-written ffmpeg command (same frame, {size['width']}x{size['height']}, "
                    "x264 and AAC settings)")
    no_cache = "crosspost adapt (probe, plan, encode, cover, re-probe, manifests), no cache"
    cached = "crosspost adapt, specs cached by an earlier command"
    runs: dict[str, list[Run]] = {}
    rows = compare(title, repeat, (by_hand_name, lambda: hand(one)),
                   [(no_cache, lambda: crosspost(one)), (cached, lambda: crosspost(one, True))],
                   {no_cache: "<= 1.10x", cached: "<= 1.10x"}, runs)
    base = statistics.median(r.cpu for r in runs[by_hand_name])
    added = [f"{label}: {statistics.median(r.cpu for r in runs[name]) - base:+.3f} s"
             for label, name in (("no cache", no_cache), ("specs cached", cached))]
    line = ("What crosspost adds to the hand-written command (difference of medians): "
            + "; ".join(added) + ".")
    print("\n" + line + "\n", flush=True)
    rows += [line, ""]
    if everything:
        rows += compare(
            f"adapt of the same video to {len(VIDEO_TARGETS)} targets "
            f"({len(encoded)} encoded outputs)", repeat,
            ("one hand-written ffmpeg command per encoded output", lambda: hand(VIDEO_TARGETS)),
            [("crosspost adapt (one decode for every output, covers)",
              lambda: crosspost(VIDEO_TARGETS))],
            {"crosspost adapt (one decode for every output, covers)": "<= 1.15x"},
        )
    return rows


def compile_bytecode() -> None:
    """Write crosspost's .pyc files, which an installed wheel has (compileall ignores
    PYTHONDONTWRITEBYTECODE; the interpreter still reads what it finds)."""
    import compileall

    import crosspost

    compileall.compile_dir(str(Path(crosspost.__file__).parent), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--only", choices=("startup", "check", "photo", "video", "video-1080p"),
                        action="append")
    args = parser.parse_args()
    chosen = args.only or ["startup", "check", "photo", "video", "video-1080p"]
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="crosspost-commands-"))
    try:
        for name in chosen:
            if name == "startup":
                startup(args.repeat, work)
            elif name == "check":
                check_repository(args.repeat, work, args.posts)
            elif name == "photo":
                photo_adapt(args.repeat, work)
            elif name == "video":
                video_adapt(args.repeat, work)
            else:
                video_1080p(args.repeat, work)
            print()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
