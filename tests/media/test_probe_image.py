"""probe_image (cheap, header only) and verify_image (full decode) on generated images."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from crosspost.errors import MediaError
from crosspost.media import probe_image, verify_image
from crosspost.media.image_meta import _xmp_place

_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" {}/></rdf:RDF></x:xmpmeta>'
)


def _noise(size: tuple[int, int] = (128, 96)) -> Image.Image:
    return Image.effect_noise(size, 60).convert("RGB")


def _exif(orientation: int | None = None, gps: bool = False) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2] = "N", (48.0, 51.0, 29.6)
        ifd[3], ifd[4] = "E", (2.0, 17.0, 40.2)
    return exif


def test_jpeg_with_orientation_6_reports_displayed_size(tmp_path: Path) -> None:
    path = tmp_path / "portrait.jpg"
    _noise((120, 80)).save(path, exif=_exif(orientation=6))
    facts = probe_image(path)
    assert (facts.format, facts.width, facts.height, facts.orientation) == ("JPEG", 80, 120, 6)
    assert facts.has_exif is True
    assert facts.has_location is False
    assert facts.bytes == path.stat().st_size
    assert facts.mislabelled is False


def test_gps_exif_is_location(tmp_path: Path) -> None:
    path = tmp_path / "gps.jpg"
    _noise().save(path, exif=_exif(gps=True))
    assert probe_image(path).has_location is True


def test_gps_ifd_without_coordinates_is_not_location(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8825)[0] = b"\x02\x02\x00\x00"  # GPSVersionID only
    path = tmp_path / "version-only.jpg"
    _noise().save(path, exif=exif)
    assert probe_image(path).has_location is False


@pytest.mark.parametrize(("fmt", "suffix"), [("JPEG", ".jpg"), ("WEBP", ".webp"), ("PNG", ".png")])
def test_xmp_city_is_location(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"xmp{suffix}"
    xmp = _XMP.format('photoshop:City="Paris"')
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp)
        _noise().save(path, pnginfo=info)
    else:
        _noise().save(path, format=fmt, xmp=xmp.encode())
    assert probe_image(path).has_location is True


@pytest.mark.parametrize(
    ("xmp", "expected"),
    [
        (b'photoshop:City="Paris"', True),
        (b'photoshop:City=""', False),
        (b"<photoshop:City>Paris</photoshop:City>", True),
        (b"<photoshop:City></photoshop:City>", False),
        (b"<photoshop:City/>", False),
        (b'<exif:GPSLatitude rdf:parseType="x">48,51.5N</exif:GPSLatitude>', True),
        (
            b"<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li/></rdf:Bag></Iptc4xmpExt:LocationShown>",
            True,
        ),
        (b'photoshop:CityName="x" dc:title="City"', False),
    ],
)
def test_xmp_location_rules(xmp: bytes, expected: bool) -> None:
    assert _xmp_place(xmp) is expected


def test_cmyk_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "print.jpg"
    Image.new("CMYK", (40, 30), (0, 50, 100, 0)).save(path)
    facts = probe_image(path)
    assert (facts.mode, facts.bits, facts.width, facts.height) == ("CMYK", 8, 40, 30)


def test_animated_gif(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (30, 20), color) for color in ("red", "green", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    facts = probe_image(path)
    assert (facts.format, facts.animated, facts.frames) == ("GIF", True, 3)
    assert verify_image(path).frames == 3


def test_palette_png_and_16_bit_png(tmp_path: Path) -> None:
    palette = tmp_path / "palette.png"
    _noise().convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(palette)
    assert probe_image(palette).mode == "P"
    deep = tmp_path / "deep.png"
    Image.new("I;16", (20, 10), 40000).save(deep)
    assert probe_image(deep).bits == 16


def test_icc_profile_description(tmp_path: Path) -> None:
    path = tmp_path / "icc.jpg"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    _noise().save(path, icc_profile=icc)
    facts = probe_image(path)
    assert facts.has_icc is True
    assert facts.icc_description is not None
    assert "sRGB" in facts.icc_description


def test_png_named_jpg_is_allowed_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "really-png.jpg"
    _noise().save(path, format="PNG")
    facts = probe_image(path)
    assert (facts.format, facts.mislabelled) == ("PNG", True)


def test_text_named_jpg_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("not a picture\n")
    with pytest.raises(
        MediaError,
        match=r"notes\.jpg: is not an image crosspost can read \(text\); "
        r"expected JPEG, PNG",
    ):
        probe_image(path)


def test_zero_byte_and_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(MediaError, match=r"empty\.png: is empty \(0 bytes\), expected an? image"):
        probe_image(empty)
    with pytest.raises(MediaError, match=r"gone\.png: image file does not exist"):
        probe_image(tmp_path / "gone.png")


def test_heic_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    with pytest.raises(MediaError, match="is a HEIC/HEIF image, which crosspost cannot read"):
        probe_image(path)


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width`` x ``height``: a bomb costs nothing to write."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


@pytest.mark.parametrize("budget", [None, 10**10])
def test_png_bomb_is_refused_before_allocation(tmp_path: Path, budget: int | None) -> None:
    """30000x30000 = 900 MP; refused by our budget, or by Pillow's hard limit if ours is higher."""
    bomb = _png_header_only(tmp_path / "bomb.png", 30000, 30000)
    started = time.monotonic()
    for check in (probe_image, verify_image):
        with pytest.raises(
            MediaError,
            match=r"bomb\.png: image (is 30000x30000 )?.*900\.0 MP.*"
            r"more than the budget",
        ):
            check(bomb) if budget is None else check(bomb, max_pixels=budget)
    assert time.monotonic() - started < 2


def test_pixel_budget_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    _noise((100, 100)).save(path)
    with pytest.raises(MediaError, match=r"small\.png: image is 100x100 \(0\.0 MP\), more than"):
        probe_image(path, max_pixels=9999)


def test_truncated_jpeg_is_refused_by_the_cheap_probe(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    _noise((256, 256)).save(whole, quality=95)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(MediaError, match=r"cut\.jpg: image is truncated: the JPEG data ends"):
        probe_image(cut)


def test_verify_also_refuses_a_truncated_jpeg(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    _noise((256, 256)).save(whole, quality=95)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert verify_image(whole).width == 256
    with pytest.raises(MediaError, match=r"cut\.jpg: image is truncated"):
        verify_image(cut)


def test_corrupt_png_crc_fails_the_probe(tmp_path: Path) -> None:
    path = tmp_path / "crc.png"
    _noise((64, 64)).save(path)
    data = bytearray(path.read_bytes())
    idat = data.find(b"IDAT")
    data[idat + 20] ^= 0xFF
    path.write_bytes(bytes(data))
    for read in (probe_image, verify_image):  # check refuses what adapt would
        with pytest.raises(MediaError, match=r"crc\.png: PNG image data is corrupt"):
            read(path)


def test_probe_never_decodes_pixels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No full decode: a baseline JPEG is only decoded at 1/8 of its size (``jpeg_tail``);
    a WebP (or AVIF) is the exception, decoded in full once (``probe_decode``: only the
    decoder sees a bitstream cut with its sizes patched)."""
    paths = []
    for fmt, suffix in (("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp"), ("TIFF", ".tif")):
        path = tmp_path / f"img{suffix}"
        _noise().save(path, format=fmt, exif=_exif(orientation=8, gps=True))
        paths.append(path)

    full_load = ImageFile.ImageFile.load
    reduced: dict[int, tuple[int, int]] = {}  # image -> size (copy() loads again)
    whole: list[str] = []

    def no_load(self: ImageFile.ImageFile) -> object:
        if self.format == "JPEG" and getattr(self, "decoderconfig", ())[:1] == (8,):
            reduced[id(self)] = self.size
            return full_load(self)
        if self.format == "WEBP":
            whole.append(str(self.filename))
            return full_load(self)
        raise AssertionError(f"probe decoded {self.filename!r}")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_load)
    for path in paths:
        facts = probe_image(path)
        assert (facts.width, facts.height, facts.orientation) == (96, 128, 8), path
        assert facts.has_location is (path.suffix != ".tif"), path  # Pillow drops TIFF GPS
    # The JPEG at 1/8 of its 128 x 96, a second time if its last block is mid-grey.
    assert sorted(reduced.values()) in ([(16, 12)], [(16, 12)] * 2)
    assert whole == [str(tmp_path / "img.webp")]
