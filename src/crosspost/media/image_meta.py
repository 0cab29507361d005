"""Read orientation, location and colour-profile facts from an opened (not decoded) image.

Kept apart from ``probe_image`` because these rules are privacy rules: a post must not leak
where a photo was taken, so "has location" errs on the side of yes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["ExifSummary", "bits_per_channel", "icc_description", "read_exif", "xmp_has_location"]

_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
# GPS tags that place the camera or the subject: latitude/longitude (+refs), altitude,
# destination latitude/longitude, area information. Version and timestamps alone do not.
_GPS_PLACE_TAGS = frozenset({1, 2, 3, 4, 5, 6, 0x13, 0x14, 0x15, 0x16, 0x1C})
_XMP_NAMES = (
    rb"(?:GPSLatitude|GPSLongitude|GpsLatitude|GpsLongitude|GPSDestLatitude|GPSDestLongitude|"
    rb"Location|LocationCreated|LocationShown|Sublocation|City|State|ProvinceState|Country|"
    rb"CountryName|CountryCode)"
)
_XMP_ATTR = re.compile(rb"[\w-]+:" + _XMP_NAMES + rb"\s*=\s*([\"'])(.*?)\1", re.DOTALL)
_XMP_ELEM = re.compile(rb"<[\w-]+:" + _XMP_NAMES + rb"(?=[\s/>])[^>]*?(/?)>([^<]*)<(/?)", re.DOTALL)


@dataclass(frozen=True)
class ExifSummary:
    """The EXIF facts crosspost needs; built without decoding pixels."""

    has_exif: bool
    orientation: int
    has_location: bool


def read_exif(image: Image.Image) -> ExifSummary:
    """Orientation and GPS presence from EXIF.

    Calls the base ``Image.getexif`` on purpose: PNG's override decodes the whole image when
    the EXIF chunk sits after the pixel data, which would defeat a cheap probe.
    """
    from PIL import Image as PILImage

    try:
        exif = PILImage.Image.getexif(image)
    except Exception:  # corrupt EXIF must not make a valid image unreadable
        return ExifSummary(False, 1, False)
    orientation = exif.get(_ORIENTATION, 1)
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1
    has_location = False
    if _GPS_IFD in exif:
        try:
            gps = exif.get_ifd(_GPS_IFD)
            has_location = any(tag in _GPS_PLACE_TAGS for tag in gps)
        except Exception:  # a GPS pointer we cannot follow still means "there is GPS data"
            has_location = True
    return ExifSummary(len(exif) > 0, orientation, has_location)


def xmp_has_location(image: Image.Image) -> bool:
    """True if XMP names GPS coordinates or a place (city, country, IPTC location)."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        data = image.info.get(key)
        if isinstance(data, str):
            data = data.encode("utf-8", "replace")
        if isinstance(data, bytes) and _xmp_place(data):
            return True
    tag = getattr(image, "tag_v2", None)
    if tag is not None:
        raw = tag.get(700)  # TIFF XMP tag
        if isinstance(raw, bytes) and _xmp_place(raw):
            return True
    return False


def _xmp_place(data: bytes) -> bool:
    """A non-empty attribute, element text, or structure (``<rdf:Bag>``) names a place."""
    if any(match.group(2).strip() for match in _XMP_ATTR.finditer(data)):
        return True
    for match in _XMP_ELEM.finditer(data):
        self_closing, text, closes = match.group(1), match.group(2), match.group(3)
        if self_closing:
            continue
        if text.strip() or not closes:
            return True
    return False


def icc_description(profile: bytes) -> str | None:
    """The profile's description (e.g. "Display P3"), or None if it cannot be read."""
    try:
        from PIL import ImageCms

        parsed = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        text = parsed.profile.profile_description
    except Exception:  # optional fact: a broken profile is reported as has_icc without a name
        return None
    return text.strip() or None if isinstance(text, str) else None


def bits_per_channel(image: Image.Image, head: bytes) -> int:
    """Bits per stored channel: PNG from its header (Pillow reads 16-bit RGB as 8-bit mode)."""
    if image.format == "PNG" and head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) > 24:
        return max(1, head[24])
    if image.format in ("JPEG", "MPO"):
        bits: object = getattr(image, "bits", 8)
        return bits if isinstance(bits, int) and bits > 0 else 8
    tag = getattr(image, "tag_v2", None)
    if tag is not None:
        value: object = tag.get(258)  # BitsPerSample
        if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
            return max(1, *(int(v) for v in value))
        if isinstance(value, int) and value > 0:
            return value
    mode = image.mode
    if mode == "1":
        return 1
    if mode.startswith("I;16"):
        return 16
    if mode in ("I", "F"):
        return 32
    return 8
