"""Probe images cheaply (header only) and verify them fully before rendering.

``probe_image`` reads headers with Pillow's lazy open, so checking fifty photos costs
milliseconds and never allocates pixels: that is also why it cannot see a truncated JPEG.
``verify_image`` decodes every frame and is what a renderer calls before trusting a file.

Decisions:
* Only formats platforms take or crosspost converts are opened (``IMAGE_FORMATS``); Pillow's
  other plugins (EPS runs Ghostscript, PSD, ICNS...) are never tried on user files.
* A PNG named ``.jpg`` is a valid image: the real format is reported and ``mislabelled`` is
  set so a check can warn; bytes that are no image are a MediaError.
* The pixel budget defaults to 120 MP: above 108 MP phone sensors (12000x9000), far below
  the 30000x30000 bombs. Pillow's own process-wide limit (``Image.MAX_IMAGE_PIXELS``, twice
  about 89 MP) still applies on top; crosspost does not change that global.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from crosspost.errors import MediaError
from crosspost.media.facts import ImageFacts
from crosspost.media.files import check_media_file
from crosspost.media.image_integrity import check_extent, check_image_data
from crosspost.media.image_limits import ImageLimits, decoded_bytes
from crosspost.media.image_meta import (
    bits_per_channel,
    icc_description,
    read_exif,
    xmp_has_location,
)
from crosspost.media.probe_decode import FULLY_DECODED, decode_every_frame

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["DEFAULT_MAX_IMAGE_PIXELS", "IMAGE_FORMATS", "probe_image", "verify_image"]

DEFAULT_MAX_IMAGE_PIXELS = ImageLimits().max_pixels
IMAGE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP", "AVIF")

_EXTENSIONS: dict[str, frozenset[str]] = {
    ".jpg": frozenset({"JPEG", "MPO"}),
    ".jpeg": frozenset({"JPEG", "MPO"}),
    ".jpe": frozenset({"JPEG", "MPO"}),
    ".jfif": frozenset({"JPEG"}),
    ".png": frozenset({"PNG"}),
    ".apng": frozenset({"PNG"}),
    ".gif": frozenset({"GIF"}),
    ".webp": frozenset({"WEBP"}),
    ".tif": frozenset({"TIFF"}),
    ".tiff": frozenset({"TIFF"}),
    ".bmp": frozenset({"BMP"}),
    ".avif": frozenset({"AVIF"}),
}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_EXPECTED = "expected JPEG, PNG, GIF, WebP, TIFF, BMP or AVIF"


def probe_image(path: str | Path, *, max_pixels: int | None = None,
                limits: ImageLimits | None = None) -> ImageFacts:
    """Return header facts of ``path`` without a full decode; MediaError when the file is
    over ``limits`` (pixels, decoded bytes, PNG text) or its data disagrees with its header
    (``image_integrity``: a structural check; a baseline JPEG is also decoded at 1/8, a
    progressive one twice at 1/4, a WebP or AVIF in full: ``probe_decode``)."""
    limits = _limits(max_pixels, limits)
    text = os.fspath(path)
    size = check_media_file(text, kind="image file")
    with open(text, "rb") as handle:
        head = handle.read(64)
    with _open(text, head, limits) as image:
        try:
            facts = _facts(text, size, head, image)  # counting frames reads past the header
        except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
            _explain_refusal(text, head, limits)
            raise MediaError(f"image is truncated or corrupt ({exc}); export it again",
                             path=text) from None
        check_extent(text, size, image)
    _refuse_truncated(text, facts.format, size)
    _refuse_over_budget(text, facts, limits)
    check_image_data(text, facts.format, limits)
    if facts.format in FULLY_DECODED:
        decode_every_frame(text, facts.format, facts.frames)
    return facts


def _limits(max_pixels: int | None, limits: ImageLimits | None) -> ImageLimits:
    limits = limits or ImageLimits()
    if max_pixels is not None and max_pixels != limits.max_pixels:
        from dataclasses import replace

        limits = replace(limits, max_pixels=max_pixels)
    return limits


#: JPEG decodes shrink by DCT scaling down to 1/8 of each side (``Image.draft``).
REDUCIBLE = frozenset({"JPEG", "MPO"})


def _refuse_over_budget(path: str, facts: ImageFacts, limits: ImageLimits) -> None:
    """A full decode must fit the byte budget; a JPEG's smallest draft decode must."""
    full = decoded_bytes(facts.width, facts.height, facts.mode)
    least = full / 64 if facts.format in REDUCIBLE else full
    if least <= limits.max_decoded_bytes:
        return
    how = ("even decoded at 1/8 of its size" if facts.format in REDUCIBLE
           else f"and {facts.format} cannot be decoded in reduced form")
    raise MediaError(
        f"image is {facts.width}x{facts.height} {facts.mode}: decoding it takes {_mb(full)}, "
        f"more than the budget of {_mb(limits.max_decoded_bytes)} (limits.image_decoded_bytes) "
        f"{how}; scale it down before committing it", path=path)


def _mb(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


#: How the last bytes of a complete file look, per format (Pillow names). Reading the tail is
#: cheap and catches the common failure: an upload or copy that stopped half-way, which the
#: header alone does not show. Some cameras append data after the JPEG end marker, so the
#: marker is looked for in the last part of the file, not only at its very end. A GIF's
#: trailer is found by walking its blocks (``gif_integrity``), which also bounds what follows.
_TRAILERS = {"JPEG": b"\xff\xd9", "MPO": b"\xff\xd9", "PNG": b"IEND\xaeB`\x82"}
_TAIL_BYTES = 1 << 20


def _refuse_truncated(path: str, fmt: str, size: int) -> None:
    trailer = _TRAILERS.get(fmt)
    if trailer is None:
        return
    with open(path, "rb") as handle:
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    if trailer not in tail:
        raise MediaError(
            f"image is truncated: the {fmt} data ends before its end marker (the upload or "
            "copy stopped half-way); export it again",
            path=path,
        )


def verify_image(path: str | Path, *, max_pixels: int | None = None,
                 limits: ImageLimits | None = None) -> ImageFacts:
    """Decode every frame of ``path``; raise MediaError if it is truncated or corrupt.

    Relies on Pillow's default ``ImageFile.LOAD_TRUNCATED_IMAGES = False``; code that sets
    it to True makes truncated files decode as grey and pass.
    """
    limits = _limits(max_pixels, limits)
    facts = probe_image(path, limits=limits)
    text = os.fspath(path)
    with open(text, "rb") as handle:
        head = handle.read(64)
    try:
        with _open(text, head, limits) as image:
            image.verify()  # checksums where the format has them (PNG CRCs)
        with _open(text, head, limits) as image:
            for frame in range(facts.frames):
                image.seek(frame)
                image.load()
    except MediaError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise MediaError(
            f"image is truncated or corrupt ({exc}); export it again", path=text
        ) from None
    return facts


def _open(path: str, head: bytes, limits: ImageLimits) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    max_pixels = limits.max_pixels

    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        raise MediaError(
            f"is a HEIC/HEIF image, which crosspost cannot read; {_EXPECTED}", path=path
        )
    try:
        with warnings.catch_warnings():
            # crosspost's own budgets apply (checked below), not Pillow's warning threshold.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=available_formats())
    except Image.DecompressionBombError as exc:
        raise MediaError(_too_large(str(exc), max_pixels), path=path) from None
    except UnidentifiedImageError:
        _explain_refusal(path, head, limits)
        raise MediaError(
            f"is not an image crosspost can read ({_what(head)}); {_EXPECTED}", path=path
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        _explain_refusal(path, head, limits)
        raise MediaError(f"image header is corrupt ({exc}); {_EXPECTED}", path=path) from None
    width, height = image.size
    if width <= 0 or height <= 0:
        image.close()
        raise MediaError(f"image has an empty size {width}x{height}", path=path)
    if width * height > max_pixels:
        image.close()
        raise MediaError(
            f"image is {width}x{height} ({width * height / 1e6:.1f} MP), more than the budget "
            f"of {max_pixels / 1e6:.1f} MP (possible decompression bomb)",
            path=path,
        )
    return image


def _explain_refusal(path: str, head: bytes, limits: ImageLimits) -> None:
    """Pillow refuses a cut or altered GIF, WebP or AVIF on opening (or counting its frames)
    with a message that does not say why; their structural checks name what is wrong
    (MediaError), where they find it."""
    if head[:6] in (b"GIF87a", b"GIF89a"):
        check_image_data(path, "GIF", limits)
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        check_image_data(path, "WEBP", limits)
    elif head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        check_image_data(path, "AVIF", limits)


def available_formats() -> list[str]:
    """IMAGE_FORMATS this Pillow can open (AVIF needs Pillow 11.2+); Pillow raises on others.

    Only their plugins are imported: ``Image.init()`` would import all forty-odd of Pillow's
    (about 0.02 s of every command that opens an image), and ``Image.open`` calls it when a
    format asked for is not registered, so only registered ones are asked for."""
    from PIL import Image

    for name in IMAGE_FORMATS:
        if name not in Image.OPEN:
            with contextlib.suppress(ImportError):
                importlib.import_module(f"PIL.{_PLUGINS.get(name, name.title())}ImagePlugin")
    return [name for name in IMAGE_FORMATS if name in Image.OPEN]


#: Plugin module names that are not the format name in title case.
_PLUGINS = {"WEBP": "WebP"}


def _too_large(pillow_message: str, max_pixels: int) -> str:
    pixels = pillow_message.split("(", 1)[-1].split(" ", 1)[0]
    shown = f"{int(pixels) / 1e6:.1f} MP" if pixels.isdigit() else "too many pixels"
    return (
        f"image has {shown}, more than the budget of {max_pixels / 1e6:.1f} MP "
        "(possible decompression bomb)"
    )


def _what(head: bytes) -> str:
    if not head.strip():
        return "only blank bytes"
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown binary data"
    return "text" if all(c.isprintable() or c in "\t\r\n" for c in sample) else "unknown data"


def _stored_size(image: Image.Image) -> tuple[int, int]:
    """Size as stored: recent Pillow already swaps ``size`` for rotated TIFFs, older does not."""
    tags = getattr(image, "tag_v2", None)
    if tags is not None:
        width, height = tags.get(256), tags.get(257)
        if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
            return width, height
    return image.size


def _facts(path: str, size: int, head: bytes, image: Image.Image) -> ImageFacts:
    exif = read_exif(image)
    width, height = _stored_size(image)
    if exif.orientation >= 5:  # 5-8 rotate by 90 or 270 degrees
        width, height = height, width
    fmt = str(image.format)
    icc = image.info.get("icc_profile")
    expected = _EXTENSIONS.get(Path(path).suffix.lower())
    frames = getattr(image, "n_frames", 1)
    return ImageFacts(
        path=path,
        format=fmt,
        width=width,
        height=height,
        orientation=exif.orientation,
        mode=image.mode,
        bits=bits_per_channel(image, head),
        animated=bool(getattr(image, "is_animated", False)),
        frames=frames if isinstance(frames, int) and frames > 0 else 1,
        bytes=size,
        has_exif=exif.has_exif,
        has_location=exif.has_location or xmp_has_location(image),
        has_icc=bool(icc),
        icc_description=icc_description(icc) if isinstance(icc, bytes) and icc else None,
        mislabelled=expected is not None and fmt not in expected,
    )
