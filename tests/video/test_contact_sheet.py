"""The contact sheet of a reframed video: frames across the trim with the window drawn, in the
notebook view and in the content map."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

import crosspost
from crosspost.content.load import load_item
from crosspost.contentmap.model import build_map
from crosspost.contentmap.render import render_map
from crosspost.html.contact_sheet import COUNT, sample_frames, sheet_jpeg
from crosspost.specs.registry import load_specs
from crosspost.variant.crop_path import CropPath, ShotWindow
from crosspost.variant.video_ops import CropSpec, Frame

from .scenes import make_video


@pytest.fixture(scope="module")
def walk_post(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sheet") / "content"
    (root / "media").mkdir(parents=True)
    make_video("walk", root / "media" / "walk.mp4", width=320, height=180, seconds=3)
    (root / "crosspost.toml").write_text("", encoding="utf-8")
    post = root / "post.md"
    post.write_text("---\nid: walk\ntargets: [instagram.reel, tiktok]\nmedia:\n"
                    "  - path: media/walk.mp4\n    alt: Iemand loopt\n---\nLopen\n",
                    encoding="utf-8")
    return post


def test_sheet_shows_the_window_bright_and_the_rest_dimmed() -> None:
    grey = [(k * 0.5, Image.new("RGB", (160, 90), (200, 200, 200))) for k in range(4)]
    path = CropPath(axis="x", w=50, h=90, source="subject", shots=[ShotWindow(
        start=0, end=2, motion="pan", keys=[(0.0, 0.0), (1.5, 110.0)], kept=1.0)])
    frame = Frame(source_width=160, source_height=90, fit="crop",
                  crop=CropSpec(x=0, y=0, w=50, h=90), path=path, width=90, height=162)
    sheet = Image.open(io.BytesIO(sheet_jpeg(grey, frame))).convert("L")
    first, last = sheet.getpixel((4 + 25, 4 + 45)), sheet.getpixel((4 + 140, 4 + 45))
    assert first > 150 > 100 > last  # at 0 s the window is on the left
    x4 = 4 + 3 * (160 + 4)  # the fourth frame (1.5 s): the window has moved right
    assert sheet.getpixel((x4 + 140, 4 + 45)) > 150 > sheet.getpixel((x4 + 25, 4 + 45))


def test_frames_are_sampled_across_the_window(walk_post: Path) -> None:
    frames = sample_frames(walk_post.parent / "media" / "walk.mp4", 320, 180, 0.5, 2.5)
    assert len(frames) == COUNT
    assert frames[0][0] == pytest.approx(0.5)
    assert frames[-1][0] < 2.5
    assert frames[0][1].size == (192, 108)


def test_notebook_and_map_show_the_crop_path(walk_post: Path) -> None:
    plan = crosspost.plan(walk_post, "instagram.reel")
    html = plan._repr_html_()
    assert "data:image/jpeg;base64," in html
    assert "Shot 1" in html
    item = load_item(walk_post)
    page = render_map(build_map([(item, crosspost.adapt(item))], load_specs()))
    assert page.count("Crop path") == 2  # one sheet per reframed target
    assert page.count("data:image/jpeg;base64,") >= 2
