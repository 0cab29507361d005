"""Honest media: an image whose data disagrees with its header, a PNG text bomb or an image
too large to decode within the byte budget is an error finding in ``check`` and is never
published by ``adapt``; the other posts still are. Attacks of issue 17 (items 4 and 6)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from crosspost.errors import MediaError
from crosspost.media.image_limits import ImageLimits
from crosspost.media.pixels.decode import decode
from crosspost.media.probe_image import probe_image

from .conftest import Repo, Run, media_post, peak_of_adapt, refused

GOOD = "---\nid: goed\n---\nHallo allemaal.\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _before_iend(png: bytes, *chunks: bytes) -> bytes:
    """Chunks placed after the image data, where Pillow reads them only when loading pixels."""
    return png[:-12] + b"".join(chunks) + png[-12:]


def _progressive(size: tuple[int, int], noise: bool = False) -> bytes:
    image = (Image.effect_noise(size, 60).convert("RGB") if noise
             else Image.new("RGB", size, (200, 30, 30)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", progressive=True, quality=90)
    return buffer.getvalue()


def test_a_jpeg_whose_header_claims_9000_pixels_square_but_holds_16(repo: Repo,
                                                                     run: Run) -> None:
    data = bytearray(_progressive((16, 16)))
    sof = data.find(b"\xff\xc2")
    data[sof + 5:sof + 9] = struct.pack(">HH", 9000, 9000)
    media_post(repo, "leugen.jpg", bytes(data))
    refused(repo, run, "leugen", "disagrees with its header", "9000x9000")


def test_a_progressive_jpeg_with_its_later_scans_cut_off(repo: Repo, run: Run) -> None:
    whole = _progressive((320, 240), noise=True)
    media_post(repo, "afgekapt.jpg", whole[: len(whole) // 3] + b"\xff\xd9")  # closed again
    refused(repo, run, "afgekapt", "progressive JPEG is missing scans")


def test_a_complete_progressive_jpeg_passes(tmp_path: Path) -> None:
    path = tmp_path / "heel.jpg"
    path.write_bytes(_progressive((320, 240), noise=True))
    assert probe_image(path).width == 320


def test_a_png_whose_rows_are_missing(repo: Repo, run: Run) -> None:
    rows = zlib.compress(b"".join(b"\0" + bytes(64 * 3) for _ in range(10)))  # 10 of 48 rows
    header = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
            + _chunk(b"IEND", b""))
    media_post(repo, "rijen.png", data)
    refused(repo, run, "rijen", "disagrees with its header")


@pytest.mark.parametrize("kind", ["zTXt", "iCCP", "iTXt"])
def test_a_png_with_a_200_mb_compressed_chunk(repo: Repo, run: Run, kind: str) -> None:
    bomb = zlib.compress(bytes(200 * 2**20), 9)  # about 200 KB on disk
    body = {"zTXt": b"Comment\0\0" + bomb, "iCCP": b"icc\0\0" + bomb,
            "iTXt": b"Comment\0\x01\0\0\0" + bomb}[kind]
    media_post(repo, "bom.png", _before_iend(_png(), _chunk(kind.encode(), body)))
    refused(repo, run, "bom", f"PNG {kind} chunk", "limits.png_text_chunk_bytes")


def test_many_text_chunks_under_the_chunk_limit_are_bounded_in_all(repo: Repo,
                                                                    run: Run) -> None:
    text = zlib.compress(b"a" * 900_000, 9)
    chunks = [_chunk(b"zTXt", b"K%d\0\0" % i + text) for i in range(12)]
    media_post(repo, "veel.png", _before_iend(_png(), *chunks))
    refused(repo, run, "veel", "limits.png_text_bytes")


@pytest.mark.parametrize("fmt", ["TIFF", "BMP"])
def test_a_tiff_or_bmp_cut_half_way(repo: Repo, run: Run, fmt: str) -> None:
    """No end marker to look for: the header's strips (TIFF) or rows (BMP) point past the end."""
    buffer = io.BytesIO()
    Image.effect_noise((200, 150), 60).convert("RGB").save(buffer, fmt)
    whole = buffer.getvalue()
    name = f"half.{fmt.lower()}"
    media_post(repo, name, whole[: len(whole) // 2])
    refused(repo, run, "half", "image is truncated", f"the {fmt} header points at data")


def _flat_png(width: int, height: int) -> bytes:
    """A one-colour RGB PNG made row by row: a large image in a small file, made quickly."""
    packer = zlib.compressobj(1)
    row = b"\0" + bytes(3 * width)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


def test_a_png_inside_the_pixel_budget_but_over_the_byte_budget(repo: Repo, run: Run) -> None:
    media_post(repo, "groot.png", _flat_png(10_950, 10_950))  # 120 MP: under the 120 MP budget
    refused(repo, run, "groot", "limits.image_decoded_bytes", "cannot be decoded in reduced")


def test_adapt_of_the_large_png_stays_within_its_memory(repo: Repo) -> None:
    """Peak memory of a whole ``adapt`` run (a fresh process) on the 466 KB PNG of 10,950 x
    10,950 pixels: about 2.2 GB before the byte budget, now the size of an ordinary run."""
    media_post(repo, "groot.png", _flat_png(10_950, 10_950))
    code, peak_kib, said = peak_of_adapt(repo.root)
    assert code == 1, said
    assert "limits.image_decoded_bytes" in said
    assert peak_kib < 400 * 1024, f"adapt peaked at {peak_kib // 1024} MiB"


def test_a_large_jpeg_is_decoded_small_enough_for_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "groot.jpg"
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(path, quality=80)
    limits = ImageLimits(max_decoded_bytes=4000 * 3000 * 4 // 10)  # less than half fits
    decoded = decode(path, scale=1.0, limits=limits)
    assert decoded.scale == 0.25
    assert decoded.image.size == (1000, 750)
    with pytest.raises(MediaError, match="even decoded at 1/8"):
        probe_image(path, limits=ImageLimits(max_decoded_bytes=4000 * 3000 * 4 // 100))


def test_a_video_cut_half_way_with_its_index_intact(repo: Repo, run: Run) -> None:
    """A +faststart MP4 whose upload stopped half-way: its index still claims 4 s, so ffmpeg
    reports 4 s; the packets end at about 2 s (adapt then failed on a short output)."""
    from imageio_ffmpeg import get_ffmpeg_exe

    from crosspost.testing import encode

    whole = encode(get_ffmpeg_exe(), repo.outside / "heel.mp4",
                   "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=4",
                   "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                   "-movflags", "+faststart").read_bytes()
    repo.file("posts/media/half.mp4", whole[: len(whole) // 2])
    repo.post("half.md", "---\nid: half\nmedia:\n  - {path: media/half.mp4, alt: Film}\n"
                         "---\nKijk.\n")
    repo.post("goed.md", GOOD)
    checked = run("check")
    assert checked.code == 1
    assert "media.unreadable" in checked.out
    assert "video data disagrees with its header: the header says 4.00 s" in checked.out
    adapted = run("adapt")
    assert adapted.code == 1
    assert "NOT publishable" in adapted.out
    assert not list((repo.out / "half").rglob("*.mp4"))
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
