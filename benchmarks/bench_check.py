"""Check speed on a generated content repository, side by side with a baseline.

The repository has 1,000 posts, 2,000 images and 200 videos (tiny lavfi encodes copied under
different names). The baseline only opens every post and media file and reads its head, the
least any checker must do. crosspost is measured cold (fresh memory cache), and warm from its
persistent cache in a new process-like prober, as CI sees the second push.

    python benchmarks/bench_check.py [--posts 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

SENTENCES = [
    "Ook op een rijtjeshuis passen zonnepanelen.",
    "Familie De Vries wekt nu bijna de helft van haar eigen stroom op.",
    "Benieuwd wat jouw dak kan opleveren?",
    "Eerst isoleren, dan verwarmen zonder aardgas.",
    "Op dinsdag 12 maart is er een informatieavond in buurthuis De Linde.",
    "De gemeente geeft tot 2.000 euro subsidie per woning, zolang het budget strekt.",
    "Vraag gratis advies aan bij het energieloket.",
]


def make_repo(root: Path, posts: int, images: int, videos: int) -> list[Path]:
    import imageio_ffmpeg

    media = root / "posts" / "media"
    media.mkdir(parents=True)
    rng = random.Random(7)
    sizes = [(1080, 1350), (1600, 1200), (1200, 628), (1080, 1920), (640, 480)]
    templates = []
    for index, size in enumerate(sizes):
        path = media / f"template-{index}.jpg"
        Image.new("RGB", (size[0] // 8, size[1] // 8), (index * 40, 90, 160)).resize(size).save(
            path, quality=80)
        templates.append(path)
    clip = media / "template.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "testsrc2=s=320x180:r=25:d=2", "-f", "lavfi", "-i", "sine=d=2",
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(clip)],
        check=True,
    )
    paths = []
    targets = "[instagram.feed, x.post, bluesky.post, linkedin.post, mastodon.post]"
    video_targets = "[instagram.reel, tiktok.video, youtube.short, x.post, bluesky.post]"
    for number in range(posts):
        lines = ["---", f"id: post-{number:04d}", "language: nl"]
        if number < videos:
            name = f"video-{number:04d}.mp4"
            shutil.copyfile(clip, media / name)
            lines += [f"targets: {video_targets}", "media:", f"  - path: media/{name}",
                      "    alt: Uitleg in beeld"]
        else:
            per_post, extra = divmod(images, posts - videos)
            count = per_post + (1 if number - videos < extra else 0)
            lines += [f"targets: {targets}", "media:"]
            for k in range(count):
                name = f"foto-{number:04d}-{k}.jpg"
                shutil.copyfile(rng.choice(templates), media / name)
                lines += [f"  - path: media/{name}", "    alt: Een foto bij het bericht"]
        # Every post has its own text, so no per-text memo makes the measurement look better.
        body = " ".join(rng.sample(SENTENCES, k=rng.randint(2, len(SENTENCES))))
        lines += ["---", f"Bericht {number}: {body} https://www.voorbeeldstad.nl/p/{number} "
                  f"#zonnepanelen{number % 7}"]
        post = root / "posts" / f"post-{number:04d}.md"
        post.write_text("\n".join(lines) + "\n", "utf-8")
        paths.append(post)
    (root / "crosspost.toml").write_text('include = ["posts/*.md"]\n')
    return paths


def baseline(posts: list[Path]) -> float:
    """Open every post and every media file it names and read the first 64 KiB."""
    started = time.perf_counter()
    for post in posts:
        text = post.read_text("utf-8")
        for line in text.splitlines():
            if line.strip().startswith("- path:"):
                with open(post.parent / line.split(":", 1)[1].strip(), "rb") as handle:
                    handle.read(65536)
    return time.perf_counter() - started


def probe_only(paths: list[Path], kind: str) -> float:
    """Metadata probing alone, no cache: what crosspost reads of each media file."""
    from crosspost.media.prober import FileProber

    prober = FileProber()
    started = time.perf_counter()
    for path in paths:
        getattr(prober, kind)(path)
    return time.perf_counter() - started


def open_only(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            handle.read(65536)
    return time.perf_counter() - started


def crosspost_check(posts: list[Path], root: Path, persistent: bool) -> tuple[float, int]:
    from crosspost.checking import check_paths
    from crosspost.media.prober import FileProber
    from crosspost.specs.registry import load_specs

    specs = load_specs()
    started = time.perf_counter()
    report = check_paths(posts, specs=specs, prober=FileProber(persistent=persistent), root=root)
    return time.perf_counter() - started, len(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--videos", type=int, default=200)
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="crosspost-bench-"))
    os.environ["CROSSPOST_CACHE_DIR"] = str(workdir / "cache")
    try:
        posts = make_repo(workdir / "repo", args.posts, args.images, args.videos)
        image_posts = posts[args.videos:]
        video_posts = posts[: args.videos]
        media = workdir / "repo" / "posts" / "media"
        photos = sorted(media.glob("foto-*.jpg"))
        clips = sorted(media.glob("video-*.mp4"))
        print(f"{'media files':<12} {'n':>5} {'open ms/file':>13} {'probe ms/file':>14} "
              f"{'probe/open':>11}")
        for label, files, kind in (("images", photos, "image"), ("videos", clips, "video")):
            opened = min(open_only(files) for _ in range(3))
            probed = probe_only(files, kind)
            print(f"{label:<12} {len(files):>5} {opened / len(files) * 1000:>13.3f} "
                  f"{probed / len(files) * 1000:>14.2f} {probed / opened:>11.1f}")
        print()
        rows = []
        for label, subset in (("image posts", image_posts), ("video posts", video_posts)):
            base = min(baseline(subset) for _ in range(3))
            cold, findings = crosspost_check(subset, workdir / "repo", persistent=True)
            warm, _ = crosspost_check(subset, workdir / "repo", persistent=True)
            rows.append((label, len(subset), base, cold, warm, findings))
        print(f"{'posts':<12} {'n':>5} {'baseline ms/post':>17} {'cold ms/post':>13} "
              f"{'warm ms/post':>13} {'cold/base':>10} {'warm/base':>10}")
        for label, n, base, cold, warm, _ in rows:
            print(f"{label:<12} {n:>5} {base / n * 1000:>17.3f} {cold / n * 1000:>13.2f} "
                  f"{warm / n * 1000:>13.2f} {cold / base:>10.1f} {warm / base:>10.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
