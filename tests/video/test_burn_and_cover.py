"""Burned-in captions change pixels without system fonts; covers skip black frames."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosspost import plan
from crosspost.content.load import load_item
from crosspost.fonts import font_dir, font_path
from crosspost.media.subtitles.parse import parse_srt
from crosspost.render.video.ass import to_ass
from crosspost.render.video.cover import best_frame, frame_score, write_cover
from crosspost.render.video.filters import subtitles_filter
from crosspost.render.video.render import render_video
from crosspost.transforms.captions.layout import CaptionLayout
from crosspost.variant.plan import MediaPlan
from crosspost.variant.video_ops import CoverOp

from .conftest import SRT, PostFactory

pytestmark = pytest.mark.slow


def _gray_frame(ffmpeg: str, video: Path, at: float) -> tuple[bytes, int, int]:
    """One frame as 8-bit grey, read straight from the file by ffmpeg."""
    from crosspost.media.probe_video import probe_video

    facts = probe_video(video)
    raw = subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-ss", f"{at}", "-i", str(video),
         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True, timeout=30).stdout
    return raw, facts.width, facts.height


def _diff_rows(a: bytes, b: bytes, width: int, rows: range) -> float:
    total = sum(abs(a[r * width + c] - b[r * width + c]) for r in rows for c in range(width))
    return total / (len(rows) * width)


def _without_burn(media: MediaPlan) -> MediaPlan:
    return media.model_copy(update={"operations": media.operations[:1]})


def test_the_font_ships_with_its_licence() -> None:
    assert font_path().stat().st_size > 100_000
    assert "Bitstream Vera" in (font_dir() / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_without_the_bundled_font_libass_draws_nothing(
    no_system_fonts: Path, ffmpeg_exe: str, tmp_path: Path
) -> None:
    """The control: in this environment libass really has no font of its own to fall back on."""
    script = tmp_path / "c.ass"
    layout = CaptionLayout(20, 20, 2, 4, 4, 10, 2, False)
    script.write_text(to_ass(parse_srt(SRT), 160, 90, layout, "DejaVu Sans"), encoding="utf-8")
    frames = []
    for fonts in (tmp_path / "none", font_dir()):
        fonts.mkdir(exist_ok=True)
        graph = f"color=gray:size=160x90,{subtitles_filter(script, fonts)},format=gray"
        frames.append(subprocess.run(
            [ffmpeg_exe, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", graph, "-ss",
             "0.5", "-frames:v", "1", "-f", "rawvideo", "-"],
            capture_output=True, check=True, timeout=30).stdout)
    assert len(set(frames[0])) == 1  # plain grey: nothing drawn
    assert len(set(frames[1])) > 10  # text, outline and antialiasing


def test_burned_captions_change_pixels_in_the_caption_area_only(
    no_system_fonts: Path, make_post: PostFactory, wide_mp4: Path, tmp_path: Path,
    ffmpeg_exe: str
) -> None:
    post = make_post(wide_mp4, ["instagram.reel"], extra="    focus: [0.5, 0.5]\n")
    item = load_item(post)
    media = next(m for m in plan(item, "instagram.reel").media if m.kind == "video")
    assert media.operations[-1].op == "burn_captions"
    with_text, without = tmp_path / "with.mp4", tmp_path / "without.mp4"
    render_video(media, item, with_text)
    render_video(_without_burn(media), item, without)
    a, w, h = _gray_frame(ffmpeg_exe, with_text, 0.7)
    b, _, _ = _gray_frame(ffmpeg_exe, without, 0.7)
    burn = media.operations[-1]
    text = 3 * burn.font_size
    if burn.position == "top":  # placed away from the subject (issue 14)
        caption_rows = range(burn.margin_top, burn.margin_top + text)
        untouched = range(h - h // 3, h)
    else:
        caption_rows = range(h - burn.margin_bottom - text, h - burn.margin_bottom)
        untouched = range(h // 3)
    assert _diff_rows(a, b, w, caption_rows) > 5  # white text with a black outline
    assert _diff_rows(a, b, w, untouched) < 3  # the other third of the frame is untouched


def test_frame_score_prefers_sharp_frames_over_black_and_flat_ones() -> None:
    black = bytes(64 * 36)
    flat = bytes([128]) * (64 * 36)
    checker = bytes((255 if (x // 4 + y // 4) % 2 else 40) for y in range(36) for x in range(64))
    scores = [frame_score(f, 64, 36) for f in (black, flat, checker)]
    assert scores[0] == 0
    assert scores[1] == 0
    assert scores[2] > 10
    assert best_frame(scores) == 2
    assert best_frame([1.0, 1.0]) == 0


def _numpy_score(gray: bytes, width: int, height: int) -> float:
    """The score as written with numpy (float32 Laplacian, population deviation)."""
    import numpy as np

    pixels = np.frombuffer(gray, dtype=np.uint8).reshape(height, width).astype(np.float32)
    mean = float(pixels.mean())
    if mean < 28.0 or mean > 235.0 or float(pixels.std()) < 4.0:
        return 0.0
    lap = (4 * pixels[1:-1, 1:-1] - pixels[:-2, 1:-1] - pixels[2:, 1:-1]
           - pixels[1:-1, :-2] - pixels[1:-1, 2:])
    return float(np.abs(lap).mean()) * (1.0 - abs(mean - 128.0) / 160.0)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.integers(0, 255),
       spread=st.sampled_from([0, 2, 5, 30, 127]),
       size=st.sampled_from([(160, 90), (160, 284), (3, 3), (17, 5)]))
def test_frame_score_is_the_mean_absolute_laplacian(seed: int, level: int, spread: int,
                                                    size: tuple[int, int]) -> None:
    """Pillow's arithmetic gives numpy's score, so the cover chosen does not change."""
    rng = random.Random(seed)
    w, h = size
    frames = [bytes(min(255, max(0, level + rng.randint(-spread, spread)))
                    for _ in range(w * h)) for _ in range(3)]
    ours = [frame_score(f, w, h) for f in frames]
    theirs = [_numpy_score(f, w, h) for f in frames]
    assert ours == pytest.approx(theirs, rel=1e-5, abs=1e-6)
    if len({round(x, 3) for x in theirs}) == len(theirs):  # no near-ties
        assert best_frame(ours) == best_frame(theirs)


def _cover_op(**update: Any) -> CoverOp:
    frame = {"source_width": 320, "source_height": 180, "fit": "crop",
             "crop": {"x": 110, "y": 0, "w": 100, "h": 180}, "width": 100, "height": 178}
    return CoverOp.model_validate({"frame": frame, "start": 0.0, "end": 4.0, "timeout": 30.0,
                                   **update})


def test_auto_cover_skips_the_black_opening(dark_then_sharp_mp4: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    dest = tmp_path / "odd: [name]%d.jpg"
    at = write_cover(dark_then_sharp_mp4, _cover_op(), dest)
    assert at > 2.0
    with Image.open(dest) as image:
        assert image.format == "JPEG"
        assert image.size == (100, 178)
        assert ImageStat.Stat(image.convert("L")).mean[0] > 30
    assert write_cover(dark_then_sharp_mp4, _cover_op(at=0.5), dest) == 0.5


def test_covers_are_chosen_inside_the_one_decode_and_shared_between_framings(
    make_post: PostFactory, dark_then_sharp_mp4: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Adapting for a 9:16 reel and a 16:9 video: one ffmpeg run decodes the source, encodes
    both variants and writes both covers; no run samples or seeks for a cover; both covers
    show the same moment (past the black opening) in their own framing."""
    from PIL import Image, ImageStat

    from crosspost import adapt
    from crosspost.media import ffmpeg as ffmpeg_module

    runs: list[list[str]] = []
    real = ffmpeg_module.run_ffmpeg

    def counting(args: Any, **kwargs: Any) -> Any:
        runs.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(ffmpeg_module, "run_ffmpeg", counting)
    post = make_post(dark_then_sharp_mp4, ["instagram.reel", "youtube.video"], captions=None)
    variants = adapt(post, out=tmp_path / "out")
    assert variants.publishable, [v.plan.findings for v in variants]
    encodes = [args for args in runs if "libx264" in args]
    assert len(encodes) == 1
    # the grey samples the choice is made on, and the samples of each of the two framings
    assert encodes[0].count("rawvideo") == 3
    assert [args for args in runs if args not in encodes
            and ("mjpeg" in args or "rawvideo" in args)] == []
    covers = sorted((tmp_path / "out").rglob("*.cover.jpg"))
    assert len(covers) == 2
    sizes = set()
    for cover in covers:
        with Image.open(cover) as image:
            assert image.format == "JPEG"
            sizes.add(image.size)
            assert ImageStat.Stat(image.convert("L")).mean[0] > 30
    assert len(sizes) == 2  # each in its own framing


def test_a_focal_point_places_captions_without_decoding_the_video(
    make_post: PostFactory, wide_mp4: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post says where the subject is: neither the crop nor the captions analyse pixels."""
    import crosspost.media.scene.analyse as analyse

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the video was decoded to find the subject")

    monkeypatch.setattr(analyse, "analyse_video", refuse)

    def burn_for(y: float) -> Any:
        post = make_post(wide_mp4, ["instagram.reel"], extra=f"    focus: [0.5, {y}]\n")
        media = next(m for m in plan(load_item(post), "instagram.reel").media
                     if m.kind == "video")
        return media.operations[0].frame, media.operations[-1]

    frame, burn = burn_for(0.5)
    assert burn.op == "burn_captions"
    assert burn.position == "bottom"
    # The full height is kept (a 9:16 window of a landscape source): output rows are source
    # rows. Put the focal point in the middle of the band the captions cover at the bottom.
    text = burn.edits[-1].max_lines * burn.font_size * 1.3
    middle = (frame.height - burn.margin_bottom - text / 2) / frame.height
    frame, burn = burn_for(round(middle, 3))
    assert burn.position == "top"  # the focal point sits in the bottom caption band
