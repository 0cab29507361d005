"""The metadata an output keeps: nothing by default, a few named fields when policy says so.

Outputs are encoded from pixels and the encoder only receives the EXIF and XMP built here, so
GPS, XMP, MakerNote, comments, IPTC blocks, embedded thumbnails and ICC profiles are gone by
construction rather than by a deny list that misses a new tag. Policy may keep:

* ``copyright``: EXIF Copyright and Artist, XMP ``dc:rights`` and ``dc:creator``;
* ``credit``: XMP ``photoshop:Credit`` (IPTC Credit Line) and ``photoshop:Source``;
* ``ai_provenance``: XMP ``Iptc4xmpExt:DigitalSourceType`` (Meta, LinkedIn and Google read it
  to label AI images; see https://iptc.org/standards/photo-metadata/iptc-standard/).

C2PA manifests are not kept: re-encoding breaks their signature anyway.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image

KeepField = Literal["copyright", "credit", "ai_provenance"]

_EXIF_TAGS: dict[str, tuple[int, ...]] = {"copyright": (0x8298, 0x013B)}  # Copyright, Artist
_XMP_FIELDS: dict[str, tuple[str, ...]] = {
    "copyright": ("dc:rights", "dc:creator"),
    "credit": ("photoshop:Credit", "photoshop:Source"),
    "ai_provenance": ("Iptc4xmpExt:DigitalSourceType",),
}
_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}
_MAX_VALUE = 2000  # characters; a field longer than this is not a credit line


@dataclass(frozen=True)
class Kept:
    """EXIF and XMP payloads to write (empty bytes: write none)."""

    exif: bytes = b""
    xmp: bytes = b""
    fields: tuple[str, ...] = ()


def kept_metadata(source: Image.Image, keep: Iterable[str]) -> Kept:
    """The metadata of ``source`` (opened, pixels not needed) that policy keeps."""
    keep = tuple(dict.fromkeys(keep))
    if not keep:
        return Kept()
    exif = _exif(source, keep)
    values = _xmp_values(_raw_xmp(source), keep)
    fields = tuple(name for name in values) + (("EXIF copyright",) if exif else ())
    return Kept(exif, build_xmp(values) if values else b"", fields)


def _exif(source: Image.Image, keep: tuple[str, ...]) -> bytes:
    from PIL import Image as PILImage

    tags = [tag for name in keep for tag in _EXIF_TAGS.get(name, ())]
    if not tags:
        return b""
    try:
        exif = PILImage.Image.getexif(source)
    except Exception:  # corrupt EXIF: nothing to keep
        return b""
    out = PILImage.Exif()
    for tag in tags:
        value = exif.get(tag)
        if isinstance(value, str) and value.strip() and len(value) <= _MAX_VALUE:
            out[tag] = value.strip()
    return out.tobytes() if len(out) else b""


def _raw_xmp(source: Image.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        data = source.info.get(key)
        if isinstance(data, str):
            return data.encode("utf-8", "replace")
        if isinstance(data, bytes):
            return data
    return b""


def _xmp_values(xmp: bytes, keep: tuple[str, ...]) -> dict[str, str]:
    """Values of the kept properties, read as attributes, elements, resources or rdf:li."""
    text = xmp.decode("utf-8", "replace")
    values: dict[str, str] = {}
    for name in (n for k in keep for n in _XMP_FIELDS.get(k, ())):
        value = _find(text, name)
        if value:
            values[name] = value
    return values


def _find(text: str, name: str) -> str | None:
    prop = re.escape(name)
    patterns = (
        rf"\b{prop}\s*=\s*\"([^\"]*)\"",
        rf"\b{prop}\s*=\s*'([^']*)'",
        rf"<{prop}\b[^>]*\brdf:resource\s*=\s*\"([^\"]*)\"",
        rf"<{prop}\b[^>]*>\s*(?:<rdf:(?:Alt|Seq|Bag)>\s*)?(?:<rdf:li\b[^>]*>)?([^<]*)<",
    )
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            value = html.unescape(match.group(1)).strip()
            if value and len(value) <= _MAX_VALUE:
                return value
    return None


def build_xmp(values: dict[str, str]) -> bytes:
    """A minimal XMP packet with ``values`` (``prefix:name`` -> text), nothing else."""
    # Imported here: xml.sax.saxutils loads urllib.request, http.client and ssl (about 10 ms),
    # which an adapt keeping no metadata (the default) never needs.
    from xml.sax.saxutils import escape, quoteattr

    prefixes = sorted({name.split(":", 1)[0] for name in values})
    spaces = " ".join(f"xmlns:{p}={quoteattr(_NAMESPACES[p])}" for p in prefixes)
    body = []
    for name, value in values.items():
        if name in ("dc:rights",):
            body.append(f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}'
                        f"</rdf:li></rdf:Alt></{name}>")
        elif name == "dc:creator":
            body.append(f"<{name}><rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq></{name}>")
        else:
            body.append(f"<{name}>{escape(value)}</{name}>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {spaces}>{"".join(body)}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
