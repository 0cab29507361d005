"""A sequential (baseline) JPEG cut part-way and closed again with its end marker is refused;
honest JPEGs of every kind Pillow writes are not (issue 17, item 6).

libjpeg decodes the missing blocks grey and Pillow says nothing, so ``check`` used to pass
such a file and ``adapt`` published it. The property tests draw honest files (sizes,
qualities, subsamplings, baseline and progressive, optimised tables, restart markers, grey,
colour and CMYK, noise and flat mid-grey, which looks like missing data) and cut ones.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from crosspost.errors import MediaError
from crosspost.media.probe_image import probe_image

from .conftest import Repo, Run, media_post, refused

_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _picture(size: tuple[int, int], mode: str, content: str, seed: int) -> Image.Image:
    if content == "grey":  # mid-grey: every block decodes like one without data
        return Image.new(mode, size, (128,) * len(mode) if len(mode) > 1 else 128)
    # Noise from ``seed`` alone (Image.effect_noise draws from C's rand: a failing example
    # would not come back), softened by an amount that also depends on the seed.
    small = (max(1, size[0] // 4), max(1, size[1] // 4))
    noise = Image.frombytes("L", small, random.Random(seed).randbytes(small[0] * small[1]))
    grey = Image.new("L", small, 128)
    picture = Image.blend(grey, noise, (40 + seed % 60) / 100).resize(size,
                                                                     Image.Resampling.BICUBIC)
    if mode == "L":
        return picture
    tint = Image.new("RGB", size, (seed % 256, (seed * 7) % 256, (seed * 13) % 256))
    return Image.blend(picture.convert("RGB"), tint, 0.4).convert(mode)


def _jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _probe(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(data)
    probe_image(path)


@_SETTINGS
@given(width=st.integers(1, 400), height=st.integers(1, 400),
       mode=st.sampled_from(["RGB", "L", "CMYK"]), content=st.sampled_from(["noise", "grey"]),
       quality=st.integers(1, 100), subsampling=st.sampled_from([0, 1, 2]),
       progressive=st.booleans(), optimize=st.booleans(),
       restart=st.sampled_from([None, ("restart_marker_blocks", 1), ("restart_marker_rows", 1),
                                ("restart_marker_blocks", 7)]),
       seed=st.integers(0, 1000))
def test_honest_jpegs_pass(tmp_path: Path, width: int, height: int, mode: str, content: str,
                           quality: int, subsampling: int, progressive: bool, optimize: bool,
                           restart: tuple[str, int] | None, seed: int) -> None:
    options: dict[str, object] = {"quality": quality, "progressive": progressive,
                                  "optimize": optimize}
    if mode == "RGB":
        options["subsampling"] = subsampling
    if restart is not None:
        options[restart[0]] = restart[1]
    _probe(tmp_path, _jpeg(_picture((width, height), mode, content, seed), **options))


@_SETTINGS
@given(width=st.integers(64, 400), height=st.integers(64, 400),
       mode=st.sampled_from(["RGB", "L", "CMYK"]), quality=st.integers(30, 100),
       subsampling=st.sampled_from([0, 1, 2]), restart=st.booleans(),
       share=st.floats(0.05, 0.9), seed=st.integers(0, 1000))
def test_a_baseline_jpeg_cut_and_closed_again_is_refused(
        tmp_path: Path, width: int, height: int, mode: str, quality: int, subsampling: int,
        restart: bool, share: float, seed: int) -> None:
    options: dict[str, object] = {"quality": quality}
    if mode == "RGB":
        options["subsampling"] = subsampling
    if restart:
        options["restart_marker_rows"] = 1
    whole = _jpeg(_picture((width, height), mode, "noise", seed), **options)
    data_start = whole.index(b"\xff\xda")
    cut = data_start + int((len(whole) - data_start) * share)
    with pytest.raises(MediaError, match="image data disagrees with its header"):
        _probe(tmp_path, whole[:cut] + b"\xff\xd9")


def test_a_jpeg_cut_inside_a_stuffed_byte_is_refused(tmp_path: Path) -> None:
    """Cut between 0xFF and its stuffed 0x00: the end marker then follows a dangling 0xFF."""
    whole = _jpeg(_picture((400, 340), "L", "noise", 7), quality=99)
    middle = len(whole) * 2 // 3
    cut = whole.index(b"\xff\x00", middle) + 1
    with pytest.raises(MediaError, match="image data disagrees with its header"):
        _probe(tmp_path, whole[:cut] + b"\xff\xd9")


def test_a_cut_photo_is_an_error_in_check_and_never_published(repo: Repo, run: Run) -> None:
    whole = _jpeg(_picture((640, 480), "RGB", "noise", 3), quality=90)
    media_post(repo, "half.jpg", whole[: len(whole) * 6 // 10] + b"\xff\xd9")
    refused(repo, run, "half", "data ends before its last block", "of its 480 rows",
            "decodes grey")


def test_the_row_where_the_data_ends_is_named(tmp_path: Path) -> None:
    whole = _jpeg(_picture((320, 800), "L", "noise", 5), quality=85)
    data_start = whole.index(b"\xff\xda")
    cut = data_start + (len(whole) - data_start) // 4
    with pytest.raises(MediaError) as raised:
        _probe(tmp_path, whole[:cut] + b"\xff\xd9")
    rows = int(str(raised.value).split("the top ")[1].split(" of")[0])
    assert 150 <= rows <= 250  # a quarter of the data: about a quarter of the rows
