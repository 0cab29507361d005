"""The reframed path, rendered by the real ffmpeg: a subject walking across a 16:9 scene stays
wholly inside every frame of the 9:16 output, and the plan and manifest carry the path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import crosspost
from crosspost.testing import ffmpeg_path

from .scenes import JACKETS, make_video


def _frames(video: Path, width: int, height: int) -> list[np.ndarray]:
    import subprocess

    raw = subprocess.run([ffmpeg_path(), "-nostdin", "-loglevel", "error", "-i", str(video),
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], check=True,
                         capture_output=True, timeout=60).stdout
    size = width * height * 3
    return [np.frombuffer(raw[i:i + size], np.uint8).reshape(height, width, 3)
            for i in range(0, len(raw) - size + 1, size)]


def test_walking_subject_stays_inside_the_rendered_reel(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    make_video("walk", root / "media" / "walk.mp4", width=480, height=270, seconds=5)
    (root / "crosspost.toml").write_text("", encoding="utf-8")
    post = root / "post.md"
    post.write_text("---\nid: walk\ntargets: [instagram.reel]\nmedia:\n"
                    "  - path: media/walk.mp4\n    alt: Iemand loopt door het beeld\n---\n"
                    "Lopen\n", encoding="utf-8")
    result = crosspost.adapt(post, out=tmp_path / "out")
    folder = tmp_path / "out" / "walk" / "instagram.reel"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    reframe = next(c for c in manifest["history"] if c["step"] == "video.reframe")
    assert reframe["detail"]["fit"] == "crop"
    assert [s["motion"] for s in reframe["detail"]["shots"]] == ["pan"]
    op = result.variants[0].plan.media[0].operations[0].model_dump(mode="json")
    assert op["frame"]["path"]["shots"][0]["inside"] >= 0.98
    width, height = op["frame"]["width"], op["frame"]["height"]
    frames = _frames(folder / "01-walk.mp4", width, height)
    assert len(frames) >= 120
    jacket = np.array(JACKETS[0], dtype=np.int16)
    inside = 0
    for frame in frames:
        mask = (np.abs(frame.astype(np.int16) - jacket).sum(axis=2) < 90)
        columns = np.flatnonzero(mask.sum(axis=0) > height * 0.1)
        inside += bool(columns.size) and columns[0] > 1 and columns[-1] < width - 2
    assert inside / len(frames) >= 0.98


def _jacket_inside(frame: np.ndarray, jacket: tuple[int, int, int]) -> bool:
    height, width = frame.shape[:2]
    mask = np.abs(frame.astype(np.int16) - np.array(jacket, dtype=np.int16)).sum(axis=2) < 90
    columns = np.flatnonzero(mask.sum(axis=0) > height * 0.1)
    return bool(columns.size) and columns[0] > 1 and columns[-1] < width - 2


def test_two_shots_jump_at_the_cut_in_every_target_of_one_pass(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "media").mkdir(parents=True)
    truth = make_video("two_shots", root / "media" / "cut.mp4", width=480, height=270,
                       seconds=4)
    (root / "crosspost.toml").write_text("", encoding="utf-8")
    post = root / "post.md"
    post.write_text("---\nid: cut\ntargets: [instagram.reel, facebook.story]\nmedia:\n"
                    "  - path: media/cut.mp4\n    alt: Twee shots\n---\nKnip\n",
                    encoding="utf-8")
    result = crosspost.adapt(post, out=tmp_path / "out")
    sizes = set()
    for variant in result.variants:
        op = variant.plan.media[0].operations[0].model_dump(mode="json")
        assert op["frame"]["fit"] == "crop"
        assert len(op["frame"]["path"]["shots"]) == 2
        sizes.add((op["frame"]["width"], op["frame"]["height"]))
        folder = tmp_path / "out" / "cut" / variant.plan.target
        frames = _frames(folder / "01-cut.mp4", op["frame"]["width"], op["frame"]["height"])
        assert len(frames) == len(truth.shots)
        shown = [_jacket_inside(f, JACKETS[shot]) for f, shot in
                 zip(frames, truth.shots, strict=True)]
        assert sum(shown) / len(shown) >= 0.98  # also on the first frames after the cut
    assert len(sizes) == 2  # two different outputs, branches of the one ffmpeg pass
