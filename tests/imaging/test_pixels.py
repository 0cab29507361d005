"""Colour conversion, metadata, encoding, size bounds and saliency on real Pillow images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from crosspost.media.image_meta import read_exif, xmp_has_location
from crosspost.media.pixels.colour import to_srgb
from crosspost.media.pixels.saliency import saliency
from crosspost.render.image.encode import EncodeError, encode, jpeg_quality
from crosspost.render.image.metadata import kept_metadata
from crosspost.transforms.image.budget import pixels_within, worst_bytes

from .samples import (
    AI_XMP,
    binary_noise,
    cmyk_jpeg,
    encoded,
    gps_exif,
    palette_png,
    photo,
    png16,
    wide_profile,
)


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# Colour -------------------------------------------------------------------------------------

def test_cmyk_becomes_rgb(tmp_path: Path):
    out = to_srgb(Image.open(cmyk_jpeg(tmp_path / "c.jpg")))
    assert out.mode == "RGB"
    r, g, b = out.getpixel((10, 10))
    assert r > 200
    assert g < 90
    assert b < 90


def test_a_profile_that_does_not_fit_the_mode_is_ignored(tmp_path: Path):
    out = to_srgb(Image.open(cmyk_jpeg(tmp_path / "c.jpg", with_profile=True)))
    assert out.mode == "RGB"
    assert "icc_profile" not in out.info


def test_wide_gamut_profile_is_converted_to_srgb():
    image = Image.new("RGB", (8, 8), (100, 150, 200))
    image.info["icc_profile"] = wide_profile()
    out = to_srgb(image)
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), (100, 150, 200)),
        ImageCms.ImageCmsProfile(io.BytesIO(wide_profile())), ImageCms.createProfile("sRGB"),
    )
    assert out.getpixel((0, 0)) == expected.getpixel((0, 0)) != (100, 150, 200)
    assert "icc_profile" not in out.info


def test_srgb_profile_leaves_pixels_alone():
    image = Image.new("RGB", (4, 4), (100, 150, 200))
    image.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert to_srgb(image).getpixel((0, 0)) == (100, 150, 200)


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path: Path):
    image = Image.open(png16(tmp_path / "g.png"))
    out = to_srgb(image)
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == (0, 0, 0)
    assert out.getpixel((255, 0)) == (255, 255, 255)
    assert 120 <= out.getpixel((128, 0))[0] <= 135


def test_palette_transparency_becomes_alpha(tmp_path: Path):
    out = to_srgb(Image.open(palette_png(tmp_path / "p.png")))
    assert out.mode == "RGBA"
    assert out.getpixel((0, 0))[3] == 0
    assert out.getpixel((80, 60)) == (255, 0, 0, 255)


def test_opaque_alpha_is_dropped():
    assert to_srgb(Image.new("RGBA", (4, 4), (1, 2, 3, 255))).mode == "RGB"


# Metadata -----------------------------------------------------------------------------------

def test_encoding_writes_no_metadata_by_default():
    source = reopen(encoded(photo((64, 48)), exif=gps_exif(copyright="(c) Gemeente"),
                            comment=b"secret", xmp=AI_XMP))
    assert read_exif(source).has_location
    out = reopen(encode(to_srgb(source), "jpeg", kept=kept_metadata(source, ())).data)
    assert not read_exif(out).has_exif
    assert "comment" not in out.info
    assert "xmp" not in out.info
    assert "icc_profile" not in out.info


def test_policy_keeps_copyright_and_ai_provenance_only():
    source = reopen(encoded(photo((64, 48)), exif=gps_exif(copyright="(c) Gemeente"),
                            xmp=AI_XMP))
    kept = kept_metadata(source, ("copyright", "ai_provenance"))
    out = reopen(encode(to_srgb(source), "jpeg", kept=kept).data)
    exif = out.getexif()
    assert exif.get(0x8298) == "(c) Gemeente"
    assert 0x8825 not in exif
    assert 0x0110 not in exif
    xmp = out.info["xmp"]
    assert b"trainedAlgorithmicMedia" in xmp
    assert not xmp_has_location(out)
    png = reopen(encode(to_srgb(source), "png", kept=kept).data)
    assert b"trainedAlgorithmicMedia" in png.info["XML:com.adobe.xmp"].encode()


# Encoding -----------------------------------------------------------------------------------

def test_quality_search_finds_the_best_quality_that_fits():
    image = binary_noise((256, 256))
    full = encode(image, "jpeg", quality=90)
    fitted = encode(image, "jpeg", quality=90, floor=40, max_bytes=len(full.data) // 2)
    assert fitted.quality is not None
    assert 40 <= fitted.quality < 90
    assert len(fitted.data) <= len(full.data) // 2
    assert jpeg_quality(reopen(fitted.data)) == fitted.quality
    one_better = encode(image, "jpeg", quality=fitted.quality + 1)
    assert len(one_better.data) > len(full.data) // 2


def test_quality_never_goes_below_the_floor():
    with pytest.raises(EncodeError, match="quality floor 70"):
        encode(binary_noise((256, 256)), "jpeg", quality=90, floor=70, max_bytes=20_000)


def test_png_falls_back_to_256_colours():
    image = photo((300, 200))
    lossless = encode(image, "png")
    fitted = encode(image, "png", max_bytes=len(lossless.data) - 1)
    assert fitted.palette
    assert len(fitted.data) < len(lossless.data)
    assert reopen(fitted.data).size == (300, 200)


@pytest.mark.parametrize("quality", [60, 85, 95])
@pytest.mark.parametrize("size", [(64, 64), (700, 500)])
def test_worst_case_bound_holds_for_the_worst_content(quality, size):
    data = encode(binary_noise(size), "jpeg", quality=quality).data
    assert len(data) <= worst_bytes("jpeg", size[0] * size[1], quality=quality)


def test_pixels_within_is_the_inverse_of_the_bound():
    pixels = pixels_within("jpeg", 2_000_000, quality=60)
    assert worst_bytes("jpeg", pixels, quality=60) <= 2_000_000 < worst_bytes(
        "jpeg", pixels + 10_000, quality=60)
    assert pixels_within("jpeg", 100, quality=60) == 0


# Saliency -----------------------------------------------------------------------------------

def test_saliency_finds_an_off_centre_subject():
    found = saliency(photo((320, 240), subject=(0.78, 0.3)))
    assert not found.flat
    assert found.focus[0] == pytest.approx(0.78, abs=0.08)
    assert found.focus[1] == pytest.approx(0.3, abs=0.08)
    assert found.share((0.6, 0.0, 1.0, 0.6)) > 0.4 > found.share((0.0, 0.4, 0.4, 1.0))
    assert found.share((0, 0, 1, 1)) == pytest.approx(1.0)


def test_a_flat_image_has_no_focus():
    found = saliency(Image.new("RGB", (100, 80), (40, 90, 160)))
    assert found.flat
    assert found.focus == (0.5, 0.5)
    assert found.share((0, 0, 0.5, 1)) == pytest.approx(0.5, abs=0.02)
