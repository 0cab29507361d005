"""A Mastodon instance's own limits as a spec file: `crosspost specs from-instance`.

Every Mastodon server publishes its limits in ``GET /api/v2/instance`` (``configuration``):
the status length, the characters a link counts as, attachments per status and the media
limits. This module turns that document into an ``extends: mastodon`` spec whose every value
is sourced to the document and dated the day it was read. It reads a saved document, or the
instance's address when the caller asks for it (``fetch_instance``); it never fetches on its
own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError

__all__ = ["MAX_DOCUMENT_BYTES", "InstanceDocument", "fetch_instance", "read_instance",
           "spec_from_instance"]

#: A real /api/v2/instance document is a few kilobytes (rules and languages included).
MAX_DOCUMENT_BYTES = 1_000_000
FETCH_TIMEOUT = 15.0
_API_PATH = "/api/v2/instance"
_IMAGE_TYPES = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif",
                "image/webp": "webp", "image/heic": "heic", "image/heif": "heif",
                "image/avif": "avif"}


@dataclass(frozen=True)
class InstanceDocument:
    """The parsed document, where it came from and when it was read."""

    data: dict[str, Any]
    origin: str  # the address it was read from, or the file
    address: str  # https://domain/api/v2/instance, the document's own address
    read_on: date
    from_file: bool


def read_instance(raw: bytes, *, origin: str, from_file: bool,
                  today: date | None = None) -> InstanceDocument:
    """Parse a /api/v2/instance document; a clear error names what is wrong."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InputError(f"more than {MAX_DOCUMENT_BYTES:,} bytes; an instance document is "
                         "a few kilobytes", path=origin)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON document ({exc})", path=origin) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object (GET /api/v2/instance)", path=origin)
    if "configuration" not in data and "uri" in data and "domain" not in data:
        raise InputError("this is a /api/v1/instance document; crosspost reads "
                         "/api/v2/instance (Mastodon 4.0 and later)", path=origin)
    domain = _text(data, origin, "domain")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}(:\d{1,5})?", domain):
        raise InputError(f"expected a host name, got {domain!r}", path=origin, field="domain")
    return InstanceDocument(data=data, origin=origin, address=f"https://{domain}{_API_PATH}",
                            read_on=today or date.today(), from_file=from_file)


def fetch_instance(address: str, *, today: date | None = None,
                   timeout: float = FETCH_TIMEOUT) -> InstanceDocument:
    """Download an instance's document (only when the user asked for it): at most
    ``MAX_DOCUMENT_BYTES``, within ``timeout`` seconds, over http(s) only."""
    import urllib.error
    import urllib.request

    url = _document_url(address)
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "crosspost"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            if urlsplit(final).scheme not in ("http", "https"):
                raise InputError(f"redirected to {final!r}, not http(s)", path=url)
            raw = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(f"the server answered {exc.code} {exc.reason}", path=url) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"could not read the instance document: {reason}", path=url) from None
    return read_instance(raw, origin=url, from_file=False, today=today)


def _document_url(address: str) -> str:
    """``social.example`` or ``https://social.example/`` -> its /api/v2/instance URL."""
    text = address.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("expected an instance address such as https://social.example",
                         path=address)
    path = parts.path.rstrip("/")
    if path in ("", _API_PATH):
        path = _API_PATH
    else:
        raise InputError(f"expected the instance's address or its {_API_PATH}, not "
                         f"{parts.path!r}", path=address)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{path}"


def spec_from_instance(doc: InstanceDocument, *, spec_id: str | None = None) -> str:
    """The text of an ``extends: mastodon`` spec file with the instance's limits."""
    config = _section(doc, doc.data, "configuration")
    statuses = _section(doc, config, "configuration.statuses")
    media = _section(doc, config, "configuration.media_attachments")
    domain = doc.data["domain"]
    ident = spec_id or re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", ident):
        raise InputError(f"{ident!r} is not a spec id (lower-case letters, digits, - or _)",
                         field="id")
    # Upstream Mastodon serves its StatusLengthValidator::URL_PLACEHOLDER_CHARS (23) here; a
    # server that counts links otherwise says so, and the `mastodon` count follows it.
    url_length = _number(doc, statuses, "configuration.statuses.characters_reserved_per_url")
    attachments = _number(doc, statuses, "configuration.statuses.max_media_attachments")
    version = str(doc.data.get("version", "unknown"))[:80]
    title = str(doc.data.get("title") or domain)[:120]
    when = doc.read_on.isoformat()
    how = (f"read from a saved copy ({Path(doc.origin).name})" if doc.from_file
           else "read from the instance")
    fields = "configuration.statuses and configuration.media_attachments"
    lines = [
        "# yaml-language-server: $schema=schema/platform-spec.schema.json",
        f"# Written by `crosspost specs from-instance` from {doc.address} ({when}).",
        f"id: {ident}",
        f"name: {_q(f'{title} (Mastodon)')}",
        "extends: mastodon",
        f'verified: "{when}"',
        "sources:",
        "  instance:",
        f"    url: {_q(doc.address)}",
        f"    title: {_q(f'{domain}: GET /api/v2/instance (Mastodon {version})')}",
        "    kind: primary",
        "    read: first-hand",
        f'    checked: "{when}"',
        f"    note: {_q(f'The instance document, {how}: {fields}.')}",
        "formats:",
        "  post:",
        "    limits:",
        "      text:",
        "        source: instance",
        "        max_length:",
        "          mastodon:",
        f"            value: {_number(doc, statuses, 'configuration.statuses.max_characters')}",
        '            note: "configuration.statuses.max_characters"',
        "        url_length:",
        f"          value: {url_length}",
        '          note: "configuration.statuses.characters_reserved_per_url: a link counts '
        'as this many characters"',
        "      media:",
        "        source: instance",
        "        max_count:",
        f"          value: {attachments}",
        '          note: "configuration.statuses.max_media_attachments"',
        "        combinations:",
        f"          value: [{{image: {attachments}}}, {{video: 1}}]",
        "          source: [instance, masto-post-status]",
        '          note: "Images up to max_media_attachments; a video stays alone (Mastodon)."',
        "      images:",
        "        source: instance",
        "        max_count:",
        f"          value: {attachments}",
        '          note: "configuration.statuses.max_media_attachments"',
    ]
    lines += _limit(doc, media, "image_size_limit", "max_bytes")
    lines += _limit(doc, media, "image_matrix_limit", "max_pixels")
    formats = _image_formats(doc, media)
    if formats:
        lines += ["        formats:", f"          value: [{', '.join(formats)}]",
                  '          note: "configuration.media_attachments.supported_mime_types"']
    lines += ["      video:", "        source: instance"]
    lines += _limit(doc, media, "video_size_limit", "max_bytes")
    lines += _limit(doc, media, "video_matrix_limit", "max_pixels")
    lines += _limit(doc, media, "video_frame_rate_limit", "max_fps")
    if "description_limit" in media:
        lines += ["      alt_text:", "        source: instance", "        max_length:",
                  f"          value: {_number(doc, media, 'configuration.media_attachments.description_limit')}",  # noqa: E501
                  '          note: "configuration.media_attachments.description_limit"']
    return "\n".join(lines) + "\n"


def _limit(doc: InstanceDocument, media: dict[str, Any], key: str, field: str) -> list[str]:
    where = f"configuration.media_attachments.{key}"
    return [f"        {field}:", f"          value: {_number(doc, media, where)}",
            f'          note: "{where}"']


def _image_formats(doc: InstanceDocument, media: dict[str, Any]) -> list[str]:
    types = media.get("supported_mime_types")
    if types is None:
        return []
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InputError("expected a list of MIME types", path=doc.origin,
                         field="configuration.media_attachments.supported_mime_types")
    return [_IMAGE_TYPES[t] for t in _IMAGE_TYPES if t in types]


def _section(doc: InstanceDocument, data: dict[str, Any], where: str) -> dict[str, Any]:
    key = where.rsplit(".", 1)[-1]
    found = data.get(key)
    if not isinstance(found, dict):
        raise InputError("missing or not an object", path=doc.origin, field=where)
    return found


def _number(doc: InstanceDocument, data: dict[str, Any], where: str) -> int:
    key = where.rsplit(".", 1)[-1]
    found = data.get(key)
    if isinstance(found, bool) or not isinstance(found, int | float) or found < 1:
        raise InputError(f"expected a positive number, got {found!r}", path=doc.origin,
                         field=where)
    return int(found)


def _text(data: dict[str, Any], origin: str, key: str) -> str:
    found = data.get(key)
    if not isinstance(found, str) or not found:
        raise InputError("missing or not text", path=origin, field=key)
    return found


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML), printable only."""
    return json.dumps("".join(c if c.isprintable() else " " for c in text), ensure_ascii=False)
