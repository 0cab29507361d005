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


# --- progressive JPEGs: a scan cut short ------------------------------------------------------

def _last_scan_data(data: bytes) -> tuple[int, int]:
    """Where the last scan's entropy-coded data starts and ends (its EOI)."""
    sos = data.rindex(b"\xff\xda")
    start = sos + 2 + int.from_bytes(data[sos + 2:sos + 4], "big")
    return start, data.rindex(b"\xff\xd9")


@_SETTINGS
@given(width=st.integers(1, 500), height=st.integers(1, 500),
       mode=st.sampled_from(["RGB", "L", "CMYK"]), content=st.sampled_from(["noise", "grey"]),
       quality=st.integers(1, 100), subsampling=st.sampled_from([0, 1, 2]),
       optimize=st.booleans(), seed=st.integers(0, 1000))
def test_honest_progressive_jpegs_pass(tmp_path: Path, width: int, height: int, mode: str,
                                       content: str, quality: int, subsampling: int,
                                       optimize: bool, seed: int) -> None:
    options: dict[str, object] = {"quality": quality, "progressive": True,
                                  "optimize": optimize}
    if mode == "RGB":
        options["subsampling"] = subsampling
    _probe(tmp_path, _jpeg(_picture((width, height), mode, content, seed), **options))


def _decoded(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


@settings(_SETTINGS, derandomize=True)  # the same drawn files on every run
@given(width=st.integers(64, 400), height=st.integers(64, 400),
       mode=st.sampled_from(["RGB", "L", "CMYK"]), quality=st.integers(30, 100),
       subsampling=st.sampled_from([0, 1, 2]), share=st.floats(0.05, 0.9),
       seed=st.integers(0, 1000))
def test_a_progressive_jpeg_cut_inside_its_last_scan_is_refused(
        tmp_path: Path, width: int, height: int, mode: str, quality: int, subsampling: int,
        share: float, seed: int) -> None:
    """Every scan present, the last one short: it used to decode slightly soft and pass. A cut
    that loses nothing (the last scan of a CMYK photo without black codes no coefficient)
    decodes as the whole file does and may pass."""
    options: dict[str, object] = {"quality": quality, "progressive": True}
    if mode == "RGB":
        options["subsampling"] = subsampling
    whole = _jpeg(_picture((width, height), mode, "noise", seed), **options)
    start, end = _last_scan_data(whole)
    cut = whole[:start + int((end - start) * share)] + b"\xff\xd9"
    if _decoded(cut) == _decoded(whole):
        _probe(tmp_path, cut)
        return
    with pytest.raises(MediaError, match="a scan of the progressive JPEG ends before"):
        _probe(tmp_path, cut)


def test_a_progressive_jpeg_with_a_middle_scan_cut_short_is_refused(tmp_path: Path) -> None:
    """A crafted file: one scan's data halved, every later scan kept."""
    whole = _jpeg(_picture((320, 240), "RGB", "noise", 8), quality=90, progressive=True)
    scans = [i for i in range(len(whole) - 1) if whole[i:i + 2] == b"\xff\xda"]
    sos = scans[len(scans) // 2]
    start = sos + 2 + int.from_bytes(whole[sos + 2:sos + 4], "big")
    end = scans[len(scans) // 2 + 1]
    end = whole.rindex(b"\xff", start, end)  # the marker (a table) after the scan's data
    half = start + (end - start) // 2
    with pytest.raises(MediaError, match="a scan of the progressive JPEG ends before"):
        _probe(tmp_path, whole[:half] + whole[end:])


def test_a_progressive_jpeg_cut_inside_a_stuffed_byte_is_refused(tmp_path: Path) -> None:
    """Cut between 0xFF and its stuffed 0x00 in the last scan: a dangling 0xFF before EOI."""
    whole = _jpeg(_picture((400, 340), "L", "noise", 7), quality=99, progressive=True)
    start, end = _last_scan_data(whole)
    cut = whole.index(b"\xff\x00", start + (end - start) // 3) + 1
    with pytest.raises(MediaError, match="a scan of the progressive JPEG ends before"):
        _probe(tmp_path, whole[:cut] + b"\xff\xd9")


def test_a_progressive_photo_cut_in_its_last_scan_is_never_published(repo: Repo,
                                                                      run: Run) -> None:
    whole = _jpeg(_picture((640, 480), "RGB", "noise", 9), quality=90, progressive=True)
    start, end = _last_scan_data(whole)
    media_post(repo, "zacht.jpg", whole[:start + (end - start) * 4 // 10] + b"\xff\xd9")
    refused(repo, run, "zacht", "a scan of the progressive JPEG ends before its last block",
            "of its 480 rows", "decodes blurred")


# --- arithmetic coding ---------------------------------------------------------------------

def _as_arithmetic(data: bytes, sof: int) -> bytes:
    """``data`` with its frame header marked arithmetic-coded (SOF0 -> SOF9, SOF2 -> SOF10).

    Pillow cannot write arithmetic coding; the refusal is made on the frame header, before
    any decode, so the Huffman data behind it does not matter. (A real arithmetic-coded file,
    made with libjpeg-turbo's ``arith_code``, opens and decodes in Pillow, and so does one
    cut in its last scan and closed again, without a word: that is why it is refused.)"""
    at = data.index(bytes([0xFF, 0xC0 if sof == 0xC9 else 0xC2]))
    return data[:at + 1] + bytes([sof]) + data[at + 2:]


@pytest.mark.parametrize(("progressive", "sof"), [(False, 0xC9), (True, 0xCA)])
def test_an_arithmetic_coded_jpeg_is_refused_with_what_to_do(tmp_path: Path,
                                                             progressive: bool,
                                                             sof: int) -> None:
    whole = _jpeg(_picture((120, 90), "RGB", "noise", 4), progressive=progressive)
    with pytest.raises(MediaError) as raised:
        _probe(tmp_path, _as_arithmetic(whole, sof))
    message = str(raised.value)
    assert "foto.jpg" in message
    assert f"arithmetic-coded JPEG (SOF{sof - 0xC0})" in message
    assert "Huffman" in message
    assert "jpegtran" in message


def test_an_arithmetic_coded_photo_is_an_error_in_check_and_never_published(
        repo: Repo, run: Run) -> None:
    whole = _jpeg(_picture((160, 120), "RGB", "noise", 5), progressive=True)
    media_post(repo, "arith.jpg", _as_arithmetic(whole, 0xCA))
    refused(repo, run, "arith", "arithmetic-coded JPEG (SOF10)")
