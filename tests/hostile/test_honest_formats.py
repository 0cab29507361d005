"""GIF, WebP and AVIF whose data disagrees with their headers are refused in ``check`` and
never published; honest files Pillow writes (sizes, modes, frames, options) never are
(issue 17, item 6).

Fixtures are real Pillow encodes, then cut or patched: a cut (an upload that stopped),
a cut closed again (GIF trailer), a header claiming a bigger picture than the data holds, an
image sequence whose frames are not all in the file. What only a decode finds, and the
animations no rule may refuse, are in ``test_honest_decode.py``.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from crosspost.errors import MediaError
from crosspost.media.probe_image import probe_image

from .conftest import Repo, Run, media_post, refused

#: A small valid EXIF block: saving it makes Pillow write an extended (VP8X) WebP.
_EXIF = (b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00"
         b"\x01\x00\x00\x00\x00\x00\x00\x00")
_SETTINGS = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _pictures(size: tuple[int, int], mode: str, count: int, seed: int) -> list[Image.Image]:
    """``count`` different noisy pictures (noise compresses badly: the data is not tiny)."""
    frames = []
    for index in range(count):
        noise = Image.effect_noise((max(1, size[0] // 2), max(1, size[1] // 2)),
                                   30 + (seed + 17 * index) % 70)
        picture = noise.resize(size).convert("RGB")
        tint = Image.new("RGB", size, ((seed * 5 + index * 60) % 256, (seed * 11) % 256, 90))
        frames.append(Image.blend(picture, tint, 0.5).convert(mode))
    return frames


def _encode(fmt: str, frames: list[Image.Image], **options: object) -> bytes:
    buffer = io.BytesIO()
    if len(frames) > 1:
        frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=80,
                       **options)
    else:
        frames[0].save(buffer, fmt, **options)
    return buffer.getvalue()


def _probe(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    probe_image(path)


def _refused(tmp_path: Path, name: str, data: bytes, *phrases: str) -> None:
    with pytest.raises(MediaError) as raised:
        _probe(tmp_path, name, data)
    message = str(raised.value)
    assert name in message
    for phrase in phrases:
        assert phrase in message, message


# --- honest files pass ---------------------------------------------------------------------

@_SETTINGS
@given(width=st.integers(1, 300), height=st.integers(1, 300),
       mode=st.sampled_from(["P", "L", "RGB", "RGBA", "1"]), count=st.integers(1, 3),
       interlace=st.booleans(), optimize=st.booleans(), seed=st.integers(0, 1000))
def test_honest_gifs_pass(tmp_path: Path, width: int, height: int, mode: str, count: int,
                          interlace: bool, optimize: bool, seed: int) -> None:
    frames = _pictures((width, height), "RGB", count, seed)
    frames = [f.convert(mode) if mode != "P" else f.quantize(64) for f in frames]
    _probe(tmp_path, "beeld.gif", _encode("GIF", frames, interlace=interlace,
                                          optimize=optimize))


@_SETTINGS
@given(width=st.integers(1, 300), height=st.integers(1, 300),
       mode=st.sampled_from(["RGB", "RGBA"]), count=st.integers(1, 3),
       lossless=st.booleans(), quality=st.integers(0, 100), exif=st.booleans(),
       seed=st.integers(0, 1000))
def test_honest_webps_pass(tmp_path: Path, width: int, height: int, mode: str, count: int,
                           lossless: bool, quality: int, exif: bool, seed: int) -> None:
    options: dict[str, object] = {"lossless": lossless, "quality": quality}
    if exif:  # an extended (VP8X) file with a canvas size of its own
        options["exif"] = _EXIF
    _probe(tmp_path, "beeld.webp",
           _encode("WEBP", _pictures((width, height), mode, count, seed), **options))


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(1, 160), height=st.integers(1, 160),
       mode=st.sampled_from(["RGB", "RGBA", "L"]), count=st.integers(1, 2),
       quality=st.integers(10, 100), subsampling=st.sampled_from(["4:2:0", "4:4:4"]),
       seed=st.integers(0, 1000))
def test_honest_avifs_pass(tmp_path: Path, width: int, height: int, mode: str, count: int,
                           quality: int, subsampling: str, seed: int) -> None:
    _probe(tmp_path, "beeld.avif",
           _encode("AVIF", _pictures((width, height), mode, count, seed), quality=quality,
                   subsampling=subsampling, speed=10))


# --- cut files are refused -----------------------------------------------------------------

@_SETTINGS
@given(fmt=st.sampled_from(["GIF", "WEBP", "AVIF"]), count=st.integers(1, 3),
       share=st.floats(0.05, 0.995), seed=st.integers(0, 1000))
def test_a_cut_file_is_refused(tmp_path: Path, fmt: str, count: int, share: float,
                               seed: int) -> None:
    options = {"speed": 10} if fmt == "AVIF" else {}
    whole = _encode(fmt, _pictures((96, 64), "RGB", count, seed), **options)
    name = f"half.{fmt.lower()}"
    with pytest.raises(MediaError, match=r"truncated|disagrees|corrupt|not an image"):
        _probe(tmp_path, name, whole[:max(1, int(len(whole) * share))])


def _sub_blocks(gif: bytes) -> list[int]:
    """Offsets of the first frame's LZW data sub-blocks."""
    _, _, flags = struct.unpack("<HHB", gif[6:11])
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while gif[pos] != 0x2C:  # extensions before the frame
        pos += 2
        while gif[pos]:
            pos += gif[pos] + 1
        pos += 1
    local = gif[pos + 9]
    pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
    blocks = []
    while gif[pos]:
        blocks.append(pos)
        pos += gif[pos] + 1
    return blocks


@_SETTINGS
@given(share=st.floats(0.0, 0.95), interlace=st.booleans(), seed=st.integers(0, 1000))
def test_a_gif_cut_and_closed_again_is_refused(tmp_path: Path, share: float, interlace: bool,
                                               seed: int) -> None:
    """Cut between two of the frame's data blocks, with the block chain ended and the trailer
    written again: every block is in place, only pixels are missing."""
    whole = _encode("GIF", _pictures((160, 120), "RGB", 1, seed), interlace=interlace)
    blocks = _sub_blocks(whole)
    cut = blocks[int(len(blocks) * share)]
    _refused(tmp_path, "half.gif", whole[:cut] + b"\x00;", "data ends before the last")


def test_a_gif_cut_mid_block_and_closed_again_is_refused(tmp_path: Path) -> None:
    whole = _encode("GIF", _pictures((160, 120), "RGB", 1, 3))
    _refused(tmp_path, "half.gif", whole[:len(whole) // 2] + b"\x00;", "truncated")


def test_a_gif_missing_its_last_frames_is_refused(tmp_path: Path) -> None:
    whole = _encode("GIF", _pictures((120, 90), "RGB", 3, 4))
    _refused(tmp_path, "anim.gif", whole[:len(whole) * 2 // 3], "truncated")


def test_a_gif_frame_claiming_more_pixels_than_its_data_holds(tmp_path: Path) -> None:
    data = bytearray(_encode("GIF", _pictures((120, 90), "RGB", 1, 6), interlace=False))
    data[6:10] = struct.pack("<HH", 120, 900)
    frame = data.index(b"\x2c", 13 + (3 << ((data[10] & 7) + 1)))
    data[frame + 7:frame + 9] = struct.pack("<H", 900)
    _refused(tmp_path, "lang.gif", bytes(data), "says 120x900 pixels", "data ends before")


def test_a_webp_whose_canvas_claims_more_than_its_picture(repo: Repo, run: Run) -> None:
    data = bytearray(_encode("WEBP", _pictures((120, 90), "RGB", 1, 7),
                             exif=_EXIF))
    canvas = data.index(b"VP8X") + 12
    data[canvas:canvas + 6] = (1999).to_bytes(3, "little") + (1499).to_bytes(3, "little")
    media_post(repo, "canvas.webp", bytes(data))
    refused(repo, run, "canvas", "disagrees with its header", "2000x1500", "120x90")


def test_a_lossy_webp_claiming_more_macroblocks_than_its_data_codes(tmp_path: Path) -> None:
    data = bytearray(_encode("WEBP", _pictures((64, 48), "RGB", 1, 8), quality=20))
    header = data.index(b"\x9d\x01\x2a") + 3
    data[header:header + 4] = struct.pack("<HH", 3000, 3000)
    _refused(tmp_path, "groot.webp", bytes(data), "says 3000x3000 pixels", "cannot hold them")


def test_an_animated_webp_with_a_frame_cut_out_is_refused(tmp_path: Path) -> None:
    whole = _encode("WEBP", _pictures((96, 64), "RGB", 3, 9))
    last = whole.rindex(b"ANMF")
    cut = bytearray(whole[:last + 8 + 40])  # the last frame's header and a little data
    _refused(tmp_path, "anim.webp", bytes(cut), "truncated")
    cut[4:8] = struct.pack("<I", len(cut) - 8)  # RIFF size patched to match
    _refused(tmp_path, "anim.webp", bytes(cut), "ANMF chunk", "runs past")


def test_an_avif_whose_size_property_claims_more_than_its_av1_data(repo: Repo,
                                                                   run: Run) -> None:
    data = bytearray(_encode("AVIF", _pictures((120, 90), "RGB", 1, 10), speed=10))
    ispe = data.index(b"ispe") + 8
    data[ispe:ispe + 8] = struct.pack(">II", 2000, 1500)
    media_post(repo, "groot.avif", bytes(data))
    refused(repo, run, "groot", "disagrees with its header", "2000x1500", "at most 120x90")


def test_an_avif_with_its_image_data_cut_and_its_lengths_patched(tmp_path: Path) -> None:
    whole = _encode("AVIF", _pictures((120, 90), "RGB", 1, 11), speed=10)
    mdat = whole.index(b"mdat") - 4
    size = struct.unpack(">I", whole[mdat:mdat + 4])[0]
    keep = size // 2
    cut = bytearray(whole[:mdat + keep])
    cut[mdat:mdat + 4] = struct.pack(">I", keep)
    _refused(tmp_path, "half.avif", bytes(cut), "truncated", "image data")


def test_an_avif_sequence_whose_frames_are_not_all_in_the_file(tmp_path: Path) -> None:
    whole = _encode("AVIF", _pictures((96, 64), "RGB", 3, 12), speed=10)
    mdat = whole.index(b"mdat") - 4
    size = struct.unpack(">I", whole[mdat:mdat + 4])[0]
    keep = size * 2 // 3
    cut = bytearray(whole[:mdat + keep])
    cut[mdat:mdat + 4] = struct.pack(">I", keep)
    _refused(tmp_path, "anim.avif", bytes(cut), "disagrees with its header")
