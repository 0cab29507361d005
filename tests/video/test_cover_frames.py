"""Covers are the sharp frame of the variant's own framing, without burned-in captions, in
true colour, whether chosen inside the encode or by a run of their own."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from crosspost import adapt, plan
from crosspost.content.load import load_item
from crosspost.render.video.cover import frame_bytes, save_frame, write_cover
from crosspost.render.video.filters import display_chain, frame_chain
from crosspost.testing import encode
from crosspost.variant.video_ops import CoverOp, Frame

from .conftest import PostFactory

pytestmark = pytest.mark.slow

#: One cue over the whole clip: whatever frame is chosen, the reel shows captions on it.
#: A fixed crop (no subject tracking), so every still frame of the reel is the same picture.
FOCUS = "    focus: [0.5, 0.5]\n"
WHOLE_CLIP = "1\n00:00:00,000 --> 00:00:05,000\nHallo allemaal, dit blijft staan.\n"


@pytest.fixture(scope="session")
def faded_bars_mp4(ffmpeg_exe: str, video_dir: Path) -> Path:
    """1 s black, 1.5 s of colour bars fading in, then 1.5 s of the same bars, still: the
    only sharp, fully exposed frames are the last 1.5 s, and they are all the same picture."""
    return encode(
        ffmpeg_exe, video_dir / "faded-bars.mp4",
        *("-f", "lavfi", "-i", "color=black:size=320x180:rate=25:duration=1"),
        *("-f", "lavfi", "-i", "smptehdbars=size=320x180:rate=25:duration=3"),
        *("-filter_complex", "[1:v]fade=in:st=0:d=1.5[b];[0:v][b]concat=n=2:v=1[v]",
          "-map", "[v]"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p"),
    )


def _reference(ffmpeg: str, video: Path, frame: Frame, at: float) -> Image.Image:
    """The frame at ``at`` in ``frame``'s framing, without captions, as full-range YCbCr."""
    chain = f"{display_chain(frame)},{frame_chain(frame, 'r', at)},format=yuvj420p"
    raw = subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-ss", f"{at}", "-i", str(video),
         "-filter_complex", f"[0:V:0]{chain}[r]", "-map", "[r]", "-frames:v", "1",
         "-f", "rawvideo", "-"], capture_output=True, check=True, timeout=30).stdout
    out = io.BytesIO()
    save_frame(raw, frame.width, frame.height, out)
    return Image.open(out).convert("YCbCr")


def _decoded(ffmpeg: str, video: Path, at: float) -> Image.Image:
    png = subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-ss", f"{at}", "-i", str(video),
         "-frames:v", "1", "-c:v", "png", "-f", "image2pipe", "-"],
        capture_output=True, check=True, timeout=30).stdout
    return Image.open(io.BytesIO(png)).convert("YCbCr")


def _worst_band(a: Image.Image, b: Image.Image, bands: int = 16) -> float:
    """The largest mean difference (0..255, over Y, Cb and Cr) of ``bands`` horizontal
    bands: a caption line shows up in its band even where the frame's mean hides it."""
    diff = ImageChops.difference(a, b)
    w, h = diff.size
    return max(max(ImageStat.Stat(diff.crop((0, h * k // bands, w, h * (k + 1) // bands)))
                   .mean) for k in range(bands))


def test_covers_are_the_sharp_frame_in_each_framing_without_the_burned_captions(
    make_post: PostFactory, faded_bars_mp4: Path, tmp_path: Path, ffmpeg_exe: str,
) -> None:
    """A reel (9:16, captions burned in) and a YouTube video (16:9, subtitle file): each
    cover is the still, fully faded-in picture in its own framing, in its colours, with no
    caption on it; the reel itself shows the caption over the same picture (the control)."""
    post = make_post(faded_bars_mp4, ["instagram.reel", "youtube.video"], captions=WHOLE_CLIP,
                     extra=FOCUS)
    item = load_item(post)
    out = tmp_path / "out"
    assert adapt(post, out=out).publishable
    for target, burned in (("instagram.reel", True), ("youtube.video", False)):
        media = plan(item, target).media
        video = next(m for m in media if m.kind == "video")
        frame = video.operations[0].frame
        assert (video.operations[-1].op == "burn_captions") is burned
        cover = next((out / "clip" / target).glob("*.cover.jpg"))
        reference = _reference(ffmpeg_exe, faded_bars_mp4, frame, 3.5)
        with Image.open(cover) as image:
            assert image.format == "JPEG"
            assert image.size == (frame.width, frame.height)
            shown = image.convert("YCbCr")
        assert _worst_band(shown, reference) < 4  # the still bars, not black, not faded
        faded = _reference(ffmpeg_exe, faded_bars_mp4, frame, 1.6)
        assert _worst_band(faded, reference) > 20  # the control: fading frames differ
        if burned:
            output = next((out / "clip" / target).glob("*.mp4"))
            assert _worst_band(_decoded(ffmpeg_exe, output, 3.5), reference) > 20


def test_a_cover_written_by_its_own_run_is_the_same_picture(
    make_post: PostFactory, faded_bars_mp4: Path, tmp_path: Path, ffmpeg_exe: str,
) -> None:
    """Only the cover is made (no encode to choose it in): the same sharp frame, no captions."""
    post = make_post(faded_bars_mp4, ["instagram.reel"], captions=WHOLE_CLIP, extra=FOCUS)
    media = plan(load_item(post), "instagram.reel").media
    op = next(m for m in media if m.kind == "image").operations[0]
    assert isinstance(op, CoverOp)
    dest = tmp_path / "own run.jpg"
    at = write_cover(faded_bars_mp4, op, dest)
    assert at > 2.5
    with Image.open(dest) as image:
        shown = image.convert("YCbCr")
    assert _worst_band(shown, _reference(ffmpeg_exe, faded_bars_mp4, op.frame, 3.5)) < 4


def test_save_frame_keeps_the_planes_and_refuses_a_wrong_size(tmp_path: Path) -> None:
    """Raw full-range planes become a JPEG of the same picture: a luma ramp, Cb changing
    across and Cr down the frame (neither swapped nor lost), all inside the RGB gamut."""
    w, h = 64, 48
    luma = bytes(80 + x + y for y in range(h) for x in range(w))
    cb = bytes(128 + (40 if (x // 4) % 2 else -40) for y in range(h // 2) for x in range(w // 2))
    cr = bytes(128 + (30 if (y // 4) % 2 else -30) for y in range(h // 2) for x in range(w // 2))
    data = luma + cb + cr
    assert len(data) == frame_bytes(w, h)
    dest = tmp_path / "frame.jpg"
    save_frame(data, w, h, dest)
    with Image.open(dest) as image:
        assert image.format == "JPEG"
        assert image.size == (w, h)
        image.draft("YCbCr", image.size)  # the stored planes, no round trip through RGB
        y, u, v = image.split()

    def diff(a: Image.Image, b: bytes) -> float:
        return ImageStat.Stat(ImageChops.difference(a, Image.frombytes("L", a.size, b))).mean[0]

    assert diff(y, luma) < 2
    # Chroma at its own resolution (JPEG rounds the 40-step edges a little)
    assert diff(u.reduce(2), cb) < 6
    assert diff(v.reduce(2), cr) < 6
    assert diff(u.reduce(2), cr) > 20  # what a swap of the planes would give
    with pytest.raises(ValueError, match="not one 64x48"):
        save_frame(data[:-1], w, h, tmp_path / "short.jpg")
