"""Images made on the fly with Pillow: a photo with a subject, and every awkward input kind."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageDraw

GPS = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}
AI_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    b'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/'
    b'trainedAlgorithmicMedia" exif:GPSLatitude="52,5.5N"/></rdf:RDF></x:xmpmeta>'
)


def photo(size: tuple[int, int] = (1200, 900), subject: tuple[float, float] = (0.75, 0.35),
          seed: int = 1) -> Image.Image:
    """A soft sky-to-grass gradient with fine grain and one busy, skin-toned subject."""
    w, h = size
    rng = np.random.default_rng(seed)
    ys = np.linspace(0, 1, h)[:, None, None]
    top, bottom = np.array([120, 170, 230]), np.array([90, 150, 70])
    base = np.broadcast_to(top + (bottom - top) * ys, (h, w, 3)).copy()
    base += rng.normal(0, 3, (h, w, 1))
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    cx, cy, r = subject[0] * w, subject[1] * h, min(w, h) * 0.1
    draw.ellipse((cx - r, cy - r * 1.3, cx + r, cy + r * 1.3), fill=(224, 172, 140))
    for i in range(6):  # features: edges inside the subject
        y = cy - r * 0.6 + i * r * 0.25
        draw.line((cx - r * 0.6, y, cx + r * 0.6, y), fill=(60, 30, 20), width=3)
    return image


def jpeg(image: Image.Image, path: Path, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=90, **options)
    return path


def gps_exif(orientation: int | None = None, copyright: str | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "Testcam"  # Model
    exif[0x8825] = GPS
    if orientation is not None:
        exif[0x0112] = orientation
    if copyright is not None:
        exif[0x8298] = copyright
    return exif.tobytes()


def oriented(path: Path) -> Path:
    """Stored 300x200 with a red left column; EXIF 6 shows it 200x300 with red on top."""
    image = Image.new("RGB", (300, 200), (20, 90, 200))
    ImageDraw.Draw(image).rectangle((0, 0, 40, 199), fill=(230, 20, 20))
    return jpeg(image, path, exif=gps_exif(orientation=6))


def cmyk_jpeg(path: Path, with_profile: bool = False) -> Path:
    image = Image.new("CMYK", (200, 150), (0, 200, 200, 0))  # red-ish
    options = {"icc_profile": wide_profile()} if with_profile else {}
    image.save(path, "JPEG", quality=95, **options)
    return path


def png16(path: Path) -> Path:
    """16-bit greyscale ramp (Pillow writes I;16 as a 16-bit PNG)."""
    ramp = np.tile(np.linspace(0, 65535, 256, dtype=np.uint16), (64, 1))
    Image.frombytes("I;16", (256, 64), ramp.astype("<u2").tobytes()).save(path)
    return path


def palette_png(path: Path) -> Path:
    """Palette image whose index 0 is transparent: a logo on nothing."""
    image = Image.new("P", (160, 120), 0)
    image.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * (256 - 3) * 3)
    ImageDraw.Draw(image).rectangle((40, 30, 120, 90), fill=1)
    image.save(path, transparency=0)
    return path


def animated_gif(path: Path, frames: int = 4) -> Path:
    images = []
    for i in range(frames):
        frame = Image.new("RGB", (120, 90), (30 * i, 80, 200 - 30 * i))
        ImageDraw.Draw(frame).rectangle((10 + 20 * i, 20, 40 + 20 * i, 60), fill=(255, 255, 0))
        images.append(frame)
    images[0].save(path, save_all=True, append_images=images[1:], duration=80, loop=0)
    return path


def binary_noise(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """The worst case for JPEG: every pixel black or white at random."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2, (size[1], size[0], 3)) * 255
    return Image.fromarray(values.astype(np.uint8))


def wide_profile() -> bytes:
    """An RGB matrix profile with Adobe RGB primaries, made from lcms's sRGB profile."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    primaries = {b"rXYZ": (0.60974, 0.31111, 0.01947), b"gXYZ": (0.20528, 0.62567, 0.06087),
                 b"bXYZ": (0.14919, 0.06322, 0.74457)}
    for i in range(count):
        sig, offset, _ = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if sig in primaries:
            values = [round(v * 65536) for v in primaries[sig]]
            data[offset + 8:offset + 20] = struct.pack(">3i", *values)
    old = "sRGB built-in".encode("utf-16-be")
    data = data.replace(old, "Wide test RGB".encode("utf-16-be"))
    data[84:100] = bytes(16)  # profile id (MD5) no longer matches: zero means "not computed"
    return bytes(data)


def png_bomb(path: Path, width: int = 40000, height: int = 40000) -> Path:
    """A PNG header claiming 1.6 gigapixels, with a token of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    path.write_bytes(body + chunk(b"IEND", b""))
    return path


def encoded(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
