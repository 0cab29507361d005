"""What only a decoder can tell, and what no rule may refuse (issue 17, item 6).

A WebP or AVIF cut short and given matching sizes again (RIFF and chunk sizes; OBU, ``iloc``
and ``mdat`` sizes) is whole in every structure: the probe decodes every frame, so ``check``
refuses it as ``adapt`` would. Animations whose frames all sit in one corner of a large
canvas are legitimate (libwebp's encoder crops frames to what changed) and pass; so does a
GIF with a few bytes after its trailer. Fixtures are real Pillow encodes, then cut or moved.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from crosspost.errors import MediaError
from crosspost.media.avif_integrity import _leb128
from crosspost.media.gif_integrity import MAX_TRAILING_BYTES
from crosspost.media.probe_image import probe_image

from .conftest import Repo, Run, media_post, refused
from .test_honest_formats import _encode, _pictures, _probe, _refused, _sub_blocks

_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- WebP and AVIF cut, sizes patched -------------------------------------------------------

def _cut_webp(whole: bytes, keep: int) -> bytes:
    """A simple WebP (one VP8 or VP8L chunk) cut to ``keep`` bytes, RIFF and chunk sizes
    patched to match."""
    assert whole[12:16] in (b"VP8 ", b"VP8L")
    keep -= keep & 1  # chunks are padded to even sizes
    cut = bytearray(whole[:keep])
    cut[4:8] = struct.pack("<I", keep - 8)
    cut[16:20] = struct.pack("<I", keep - 20)
    return bytes(cut)


@_SETTINGS
@given(lossless=st.booleans(), share=st.floats(0.3, 0.999), seed=st.integers(0, 1000))
def test_a_webp_bitstream_cut_with_its_sizes_patched_is_refused(
        tmp_path: Path, lossless: bool, share: float, seed: int) -> None:
    whole = _encode("WEBP", _pictures((160, 120), "RGB", 1, seed), lossless=lossless,
                    quality=60)
    keep = min(len(whole) - 2, max(40, int(len(whole) * share)))
    _refused(tmp_path, "stuk.webp", _cut_webp(whole, keep), "does not decode to its end",
             "libwebp")


def _cut_last_frame(whole: bytes) -> bytes:
    """An animated WebP with a third of its last frame's bitstream cut, and the RIFF, ANMF
    and bitstream chunk sizes all patched to match."""
    data = bytearray(whole)
    last = data.rindex(b"ANMF")
    inner = data.index(b"VP8", last + 24)
    size = struct.unpack("<I", data[inner + 4:inner + 8])[0]
    drop = (size // 3) & ~1
    del data[inner + 8 + size - drop:inner + 8 + size]
    for at in (4, last + 4, inner + 4):
        data[at:at + 4] = struct.pack("<I", struct.unpack("<I", data[at:at + 4])[0] - drop)
    return bytes(data)


def test_an_animated_webp_frame_cut_with_its_sizes_patched_is_refused(tmp_path: Path) -> None:
    whole = _encode("WEBP", _pictures((96, 64), "RGB", 3, 21), quality=70)
    _refused(tmp_path, "anim.webp", _cut_last_frame(whole), "frame 3 of 3", "does not decode")


def test_a_cut_webp_with_patched_sizes_is_an_error_in_check_and_never_published(
        repo: Repo, run: Run) -> None:
    whole = _encode("WEBP", _pictures((200, 150), "RGB", 1, 13), quality=50)
    media_post(repo, "stuk.webp", _cut_webp(whole, len(whole) * 95 // 100))
    refused(repo, run, "stuk", "disagrees with its header", "does not decode to its end")


def _cut_avif(whole: bytes, drop: int) -> bytes:
    """A still AVIF (its only item's data: the whole ``mdat``) with ``drop`` bytes cut from
    the end of its last OBU, and that OBU's size, the ``iloc`` extent length and the
    ``mdat`` size patched to match: every structure is whole again."""
    data = bytearray(whole)
    mdat = data.index(b"mdat") - 4
    box = struct.unpack(">I", data[mdat:mdat + 4])[0]
    pos, last = mdat + 8, (0, 0, 0, 0)
    while pos < mdat + box:
        head = pos + 1 + (1 if data[pos] & 4 else 0)
        length, payload = _leb128(bytes(data), head)
        last = (head, payload, length, pos)
        pos = payload + length
    assert pos == mdat + box
    head, payload, length, _ = last
    width = payload - head  # the new size in as many bytes (LEB128 may be padded)
    value = length - drop
    data[head:payload] = bytes(((value >> 7 * i) & 0x7F) | (0x80 if i < width - 1 else 0)
                               for i in range(width))
    del data[payload + value:payload + length]
    data[mdat:mdat + 4] = struct.pack(">I", box - drop)
    iloc = data.index(b"iloc")
    extent = data.index(struct.pack(">I", box - 8), iloc, iloc + 64)
    data[extent:extent + 4] = struct.pack(">I", box - 8 - drop)
    return bytes(data)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(share=st.floats(0.01, 0.9), quality=st.integers(30, 90), seed=st.integers(0, 1000))
def test_avif_tile_data_cut_with_every_size_patched_is_refused(
        tmp_path: Path, share: float, quality: int, seed: int) -> None:
    whole = _encode("AVIF", _pictures((160, 120), "RGB", 1, seed), quality=quality, speed=10)
    assert _cut_avif(whole, 0) == whole
    mdat = whole.index(b"mdat") - 4
    drop = max(1, int(struct.unpack(">I", whole[mdat:mdat + 4])[0] * share))
    _refused(tmp_path, "stuk.avif", _cut_avif(whole, drop), "does not decode to its end",
             "libavif")


# --- animations in a corner are legitimate -----------------------------------------------

def _sprite_frames(canvas: tuple[int, int], count: int) -> list[Image.Image]:
    """A red square moving a little in the top-left corner of a transparent canvas."""
    frames = []
    for index in range(count):
        frame = Image.new("RGBA", canvas, (0, 0, 0, 0))
        ImageDraw.Draw(frame).rectangle((5 + 4 * index, 5, 40 + 4 * index, 30),
                                        fill=(220, 30, 30, 255))
        frames.append(frame)
    return frames


@pytest.mark.parametrize("lossless", [False, True])
def test_a_webp_animation_whose_frames_all_sit_in_a_corner_passes(tmp_path: Path,
                                                                  lossless: bool) -> None:
    """libwebp crops every frame to what it draws: a 300 x 200 canvas whose frames are all
    about 37 x 27 near its top-left corner, as Pillow writes it."""
    data = _encode("WEBP", _sprite_frames((300, 200), 4), lossless=lossless)
    frames = [struct.unpack("<I", b"\x00" + data[i + 14:i + 17])[0] >> 8
              for i in range(len(data)) if data[i:i + 4] == b"ANMF"]
    assert len(frames) == 4
    assert all(width < 60 for width in frames)  # really only corner frames
    path = tmp_path / "hoek.webp"
    path.write_bytes(data)
    facts = probe_image(path)
    assert (facts.width, facts.height, facts.frames) == (300, 200, 4)


def _corner_gif(screen: tuple[int, int], count: int) -> bytes:
    """A GIF animation whose every frame is a 40 x 30 sprite near the top-left corner of a
    larger transparent screen: Pillow encodes the sprite frames, and the screen and frame
    positions are set as a cropping optimiser (gifsicle -O) writes them."""
    sprites = [Image.new("P", (40, 30), 0) for _ in range(count)]
    for index, sprite in enumerate(sprites):
        sprite.putpalette([0, 0, 0, 220, 30, 30] + [0] * 762)
        ImageDraw.Draw(sprite).rectangle((index * 4, 2, index * 4 + 20, 25), fill=1)
    data = bytearray(_encode("GIF", sprites, transparency=0, disposal=2))
    data[6:10] = struct.pack("<HH", *screen)
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    moved = 0
    while data[pos] != 0x3B:
        if data[pos] == 0x21:
            pos += 2
        else:
            data[pos + 1:pos + 5] = struct.pack("<HH", 6 + 3 * moved, 4)
            moved += 1
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    assert moved == count
    return bytes(data)


def test_a_gif_animation_whose_frames_all_sit_in_a_corner_passes(tmp_path: Path) -> None:
    data = _corner_gif((400, 300), 3)
    path = tmp_path / "hoek.gif"
    path.write_bytes(data)
    facts = probe_image(path)
    assert (facts.width, facts.height, facts.frames) == (400, 300, 3)
    with Image.open(io.BytesIO(data)) as image:  # it decodes to the sprite in the corner
        image.seek(2)
        picture = image.convert("RGBA")
    assert picture.size == (400, 300)
    assert picture.getpixel((20, 10))[:3] == (220, 30, 30)
    assert picture.getpixel((300, 200))[3] == 0


def test_a_gif_whose_screen_is_larger_than_its_frame_is_checked_as_that_screen(
        repo: Repo, run: Run) -> None:
    """A screen larger than its one frame decodes to that screen with the frame in a corner,
    which is what every decoder shows: no longer refused as a lie (an honest corner-only
    file is indistinguishable from it), checked and adapted at the screen's size."""
    data = bytearray(_encode("GIF", _pictures((120, 90), "RGB", 1, 5)))
    data[6:10] = struct.pack("<HH", 600, 450)
    media_post(repo, "scherm.gif", bytes(data))
    checked = run("check")
    assert "media.unreadable" not in checked.out, checked.out
    assert probe_image(repo.root / "posts/media/scherm.gif").width == 600


# --- bytes after a GIF's trailer ---------------------------------------------------------

@pytest.mark.parametrize("extra", [b"\x00", b"\x00" * 511, b";", b"\x0a",
                                   b"GIF-comment\x00" * 100, bytes(range(256)) * 256])
def test_bytes_after_a_complete_gif_are_accepted(tmp_path: Path, extra: bytes) -> None:
    whole = _encode("GIF", _pictures((64, 48), "RGB", 2, 3))
    assert len(extra) <= MAX_TRAILING_BYTES
    _probe(tmp_path, "staart.gif", whole + extra)


def test_more_bytes_after_a_gif_than_the_bound_are_refused(tmp_path: Path) -> None:
    whole = _encode("GIF", _pictures((64, 48), "RGB", 1, 3))
    _refused(tmp_path, "staart.gif", whole + b"\x00" * (MAX_TRAILING_BYTES + 1),
             f"{MAX_TRAILING_BYTES + 1:,} bytes after its end", "at most")


@pytest.mark.parametrize("extra", [b"", b"\x00" * 300, b"PK\x03\x04" + b"x" * 1000])
def test_a_gif_cut_and_closed_again_with_bytes_after_it_is_still_refused(
        tmp_path: Path, extra: bytes) -> None:
    whole = _encode("GIF", _pictures((160, 120), "RGB", 1, 9))
    blocks = _sub_blocks(whole)
    cut = blocks[len(blocks) // 2]
    _refused(tmp_path, "half.gif", whole[:cut] + b"\x00;" + extra, "data ends before the last")


def test_a_gif_without_a_trailer_is_still_refused(tmp_path: Path) -> None:
    whole = _encode("GIF", _pictures((64, 48), "RGB", 2, 3))
    with pytest.raises(MediaError, match="truncated"):
        _probe(tmp_path, "half.gif", whole[:-1])


def test_the_probe_decode_stops_at_its_pixel_bound(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """frames x canvas is bounded: the probe's decode of a long animation stops after
    MAX_DECODED_PIXELS (made small here), so a frame broken after that point is left to
    adapt's own decode; within the bound it is refused."""
    from crosspost.media import probe_decode

    path = tmp_path / "lang.webp"
    path.write_bytes(_cut_last_frame(_encode("WEBP", _pictures((96, 64), "RGB", 6, 31),
                                             quality=70)))
    monkeypatch.setattr(probe_decode, "MAX_DECODED_PIXELS", 3 * 96 * 64)
    assert probe_decode.decode_every_frame(str(path), "WEBP", 6) == 3
    monkeypatch.setattr(probe_decode, "MAX_DECODED_PIXELS", 6 * 96 * 64)
    with pytest.raises(MediaError, match="frame 6 of 6"):
        probe_decode.decode_every_frame(str(path), "WEBP", 6)
