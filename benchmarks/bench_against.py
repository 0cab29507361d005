"""Whole commands of this checkout against another revision, side by side in one run.

    python benchmarks/bench_against.py REV [--repeat 9] [--only check --only photo ...]

What a change to start-up, imports or caching gains is a few percent of a command, less than
what a shared machine's load moves from one minute to the next; only runs of both versions
interleaved in one run can show it. The other revision's sources are exported with
``git archive`` into a temporary folder and run by the same interpreter and installed libraries
with ``PYTHONPATH`` pointing at them (an editable install puts this checkout's ``src`` after
``PYTHONPATH``); both trees are byte-compiled first, as an installed wheel is. The two versions
alternate (ABBA order); each run gets its own cache folder, copied fresh from a template that
one earlier command of that version made (its validated specs, as on any machine after a first
command; no result or facts of the files measured). CPU time is user plus system time of the
process and of the children it waited for (ffmpeg included), from ``wait4``, as in
``bench_commands.py``; each row gives the minimum and the median over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_commands import (  # noqa: E402  (after the path to this folder is set)
    PHOTO_TARGETS,
    PYTHON,
    SMALL_POST,
    VIDEO_TARGETS,
    captioned_video_post,
    measure,
)

CHECKOUT = HERE.parent
SCENARIOS = ("import", "version", "check", "check-no-cache", "photo", "video", "video-targets",
             "video-1080p")
#: Not run unless asked for (``--only``): minutes each on a shared machine.
DEFAULT = SCENARIOS[:6]


def export(rev: str, into: Path) -> Path:
    """The sources of ``rev`` (its ``src`` and ``platform_specs``) in ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(CHECKOUT), "archive", rev, "src",
                              "platform_specs"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def scenario(name: str, work: Path) -> tuple[Path, list[str], bool, Callable[[int], None]]:
    """Folder, crosspost arguments, whether the specs are cached, and what to do before run i."""
    def nothing(i: int) -> None:
        return None

    if name in ("import", "version"):
        return work, (["-c", "import crosspost"] if name == "import"
                      else ["-m", "crosspost", "--version"]), False, nothing
    if name.startswith("check"):
        folder = work / "small"
        folder.mkdir(exist_ok=True)
        (folder / "crosspost.toml").write_text("", "utf-8")

        def edit(i: int) -> None:  # a new text every run: no result is cached for it
            (folder / "post.md").write_text(SMALL_POST.format(word=f"nummer {i}"), "utf-8")

        args = ["-m", "crosspost", "check", *(["--no-cache"] if name != "check" else []),
                "post.md"]
        return folder, args, name == "check", edit
    if name == "photo":
        from bench_images import make_photo

        folder = work / "photo"
        (folder / "media").mkdir(parents=True)
        make_photo(folder / "media" / "foto.jpg")
        (folder / "crosspost.toml").write_text("", "utf-8")
        (folder / "post.md").write_text(
            "---\nid: foto\nlanguage: nl\ntargets: [" + ", ".join(PHOTO_TARGETS) + "]\n"
            "media:\n  - path: media/foto.jpg\n    alt: Een foto van de wijk\n---\nDe wijk.\n",
            "utf-8")
        out = work / "photo-out"
        return folder, ["-m", "crosspost", "adapt", "post.md", "--out", str(out)], True, \
            lambda i: shutil.rmtree(out, ignore_errors=True)
    # video: 8 s of 720p to one reel; video-targets: the same to bench_commands' four
    # targets; video-1080p: 30 s of 1080p to a 1080x1920 reel
    folder = (captioned_video_post(work, 30, "1920x1080", None, name) if name == "video-1080p"
              else captioned_video_post(work, name=name))
    out = work / f"{name}-out"
    targets = VIDEO_TARGETS if name == "video-targets" else ("instagram.reel",)
    return folder, ["-m", "crosspost", "adapt", "post.md", "--policy", "policy.yaml",
                    *(a for t in targets for a in ("--target", t)), "--out", str(out)], True, \
        lambda i: shutil.rmtree(out, ignore_errors=True)


def spec_template(src: Path, folder: Path, work: Path) -> Path:
    """A cache folder holding what one earlier command of this version leaves: the specs."""
    warm = work / f"warm-{folder.name}"
    warm.mkdir(exist_ok=True)
    (warm / "post.md").write_text(SMALL_POST.format(word="vooraf"), "utf-8")
    template = work / f"template-{src.parent.name}"
    measure([PYTHON, "-m", "crosspost", "check", "post.md"], cwd=warm,
            env={"PYTHONPATH": str(src), "CROSSPOST_CACHE_DIR": str(template)})
    return template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rev", help="the revision to compare with, e.g. main or a commit")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crosspost-against-"))
    try:
        sides = {args.rev: export(args.rev, work / "other"), "this checkout": CHECKOUT / "src"}
        for src in sides.values():
            compileall.compile_dir(str(src), quiet=1)
        counter = itertools.count()
        print(f"| command | {args.rev}: CPU min / median (s) | this checkout: CPU min / "
              "median (s) | ratio of medians | load average |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name in args.only or DEFAULT:
            folder, cmd, cached, before = scenario(name, work)
            templates = {side: spec_template(src, folder, work)
                         for side, src in sides.items()} if cached else {}
            runs: dict[str, list[float]] = {side: [] for side in sides}
            loads = []
            for i in range(args.repeat):
                for side in (list(sides) if i % 2 == 0 else list(sides)[::-1]):
                    env = {"PYTHONPATH": str(sides[side]), "CROSSPOST_CACHE": "off"}
                    if cached:
                        cache = work / f"cache-{next(counter)}"
                        shutil.copytree(templates[side], cache, ignore=lambda _, names: [
                            n for n in names if ".sqlite" in n])
                        env = {"PYTHONPATH": str(sides[side]), "CROSSPOST_CACHE_DIR": str(cache),
                               "CROSSPOST_CACHE": ""}
                    before(next(counter))
                    runs[side].append(measure([PYTHON, *cmd], env=env, cwd=folder).cpu)
                loads.append(os.getloadavg()[0])
            other, this = (runs[side] for side in sides)
            print(f"| {name} | {min(other):.3f} / {statistics.median(other):.3f} | "
                  f"{min(this):.3f} / {statistics.median(this):.3f} | "
                  f"{statistics.median(this) / statistics.median(other):.3f} | "
                  f"{min(loads):.1f}-{max(loads):.1f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
