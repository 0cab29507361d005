"""Bounded memory for still images: what ``limits.image_decoded_bytes`` promises.

The budget counts one decoded copy of an image. ``adapt`` holds about two: the decode and
the copy it converts (sRGB, premultiplied alpha), plus the output it is making. An RGBA image
with transparency used to cost five copies (the sRGB conversion split and re-joined the alpha
band, and every resize premultiplied the whole source again), and a progressive JPEG decoded
at 1/8 still held all its DCT coefficients (6 bytes a pixel at 4:4:4), which no check
counted (issue 17, item 4; docs/security.md).
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from crosspost.errors import MediaError
from crosspost.media.image_limits import ImageLimits, decoded_bytes
from crosspost.media.probe_image import probe_image

from .conftest import Repo, Run, media_post, peak_of_adapt, refused

_MIB = 2**20


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def transparent_png(side: int) -> bytes:
    """An RGBA PNG of ``side`` x ``side``, transparent but for an opaque band: a large image in
    a small file, made row by row."""
    packer = zlib.compressobj(1)
    clear = b"\0" + bytes(4 * side)
    solid = b"\0" + bytes((200, 40, 40, 255)) * side
    rows = (solid if side // 3 <= y < side // 2 else clear for y in range(side))
    data = b"".join(packer.compress(row) for row in rows) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


def test_adapt_of_a_transparent_png_near_the_budget_holds_about_two_copies(repo: Repo) -> None:
    """A 3,900 x 3,900 RGBA PNG (58 MiB decoded) under a 64 MiB budget, for three targets:
    adapt peaked about 300 MB above a run on a tiny image before (five copies); now 120 MiB,
    under twice the budget and one output-sized image above it."""
    budget = 64 * _MIB
    config = ('targets = ["x.post", "bluesky.post", "mastodon.post"]\n'
              f"[limits]\nimage_decoded_bytes = {budget}\n")
    repo.file("crosspost.toml", config)
    media_post(repo, "vlak.png", transparent_png(64))
    code, baseline, said = peak_of_adapt(repo.root)
    assert code == 0, said
    media_post(repo, "vlak.png", transparent_png(3900))
    code, peak, said = peak_of_adapt(repo.root)
    assert code == 0, said
    allowance = decoded_bytes(2048, 2048, "RGBA")  # an output at the default long edge
    assert (peak - baseline) * 1024 < 2 * budget + allowance, (
        f"adapt peaked {(peak - baseline) // 1024} MiB above a run on a tiny image; the budget "
        f"is {budget // _MIB} MiB")
    with Image.open(repo.out / "vlak" / "x.post" / "01-vlak.png") as made:
        assert made.mode == "RGBA"
        assert made.getpixel((0, 0))[3] == 0
        assert made.getpixel((made.width // 2, made.height * 5 // 12)) == (200, 40, 40, 255)


def _jpeg(side: int, *, progressive: bool, subsampling: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (90, 120, 30)).save(
        buffer, "JPEG", quality=90, progressive=progressive, subsampling=subsampling)
    return buffer.getvalue()


@pytest.mark.parametrize(("subsampling", "held"), [(0, 6), (2, 3)])
def test_a_progressive_jpeg_counts_its_coefficients(tmp_path, subsampling: int,
                                                    held: int) -> None:
    """libjpeg keeps every DCT coefficient of a progressive file (two bytes each: six bytes a
    pixel at 4:4:4, three at 4:2:0) whatever size it decodes it at: a 1.2 MB progressive JPEG
    of 10,000 x 10,000 took 582 MB for a 1/8 draft. The probe counts that against the budget;
    a baseline JPEG of the same size decodes a row of blocks at a time and passes."""
    side = 1024
    budget = side * side * held - 1  # one byte short of the coefficients
    limits = ImageLimits(max_decoded_bytes=max(budget, _MIB))
    path = tmp_path / "voortgang.jpg"
    path.write_bytes(_jpeg(side, progressive=True, subsampling=subsampling))
    with pytest.raises(MediaError, match=r"progressive: decoding it at any size holds all its "
                                         r"DCT coefficients.*limits\.image_decoded_bytes"):
        probe_image(path, limits=limits)
    probe_image(path, limits=ImageLimits(max_decoded_bytes=side * side * held + 64 * 1024))
    baseline = tmp_path / "basis.jpg"
    baseline.write_bytes(_jpeg(side, progressive=False, subsampling=subsampling))
    assert probe_image(baseline, limits=limits).width == side


def test_check_refuses_a_progressive_jpeg_over_the_budget(repo: Repo, run: Run) -> None:
    repo.file("crosspost.toml", 'targets = ["x.post"]\n[limits]\n'
                                f"image_decoded_bytes = {4 * _MIB}\n")
    media_post(repo, "voortgang.jpg", _jpeg(1024, progressive=True))  # 6 MiB of coefficients
    refused(repo, run, "voortgang", "limits.image_decoded_bytes", "progressive")
