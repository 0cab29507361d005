"""`crosspost specs from-instance`: a Mastodon instance's /api/v2/instance as a spec file.

Saved documents and a real HTTP server on localhost (http.server in a thread); nothing leaves
the machine.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from crosspost.cli import main
from crosspost.specs.constraints import LINK_LENGTHS
from crosspost.specs.registry import load_specs
from crosspost.specs.resolve import Tiers
from crosspost.text.mastodon_length import MASTODON_URL_LENGTH
from crosspost.text.twitter_length import _URL_WEIGHT


def document(**statuses: Any) -> dict[str, Any]:
    """A Mastodon 4.3 /api/v2/instance document (trimmed to what matters here)."""
    return {
        "domain": "social.voorbeeld.nl",
        "title": "Voorbeeld Sociaal",
        "version": "4.3.2",
        "source_url": "https://github.com/mastodon/mastodon",
        "configuration": {
            "urls": {"streaming": "wss://social.voorbeeld.nl"},
            "statuses": {"max_characters": 1000, "max_media_attachments": 6,
                         "characters_reserved_per_url": 23, **statuses},
            "media_attachments": {
                "supported_mime_types": ["image/jpeg", "image/png", "image/webp", "video/mp4",
                                         "audio/mpeg"],
                "image_size_limit": 10485760, "image_matrix_limit": 16777216,
                "video_size_limit": 41943040, "video_frame_rate_limit": 60,
                "video_matrix_limit": 2304000, "description_limit": 1500,
            },
            "polls": {"max_options": 4},
        },
        "rules": [{"id": "1", "text": "Wees vriendelijk."}],
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["specs", "from-instance", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def save(tmp_path: Path, doc: Any, name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_a_saved_document_becomes_a_sourced_dated_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "specs" / "voorbeeld.yaml"
    out.parent.mkdir()
    code, _, err = run(capsys, str(save(tmp_path, document())), "--id", "voorbeeld",
                       "--out", str(out))
    assert code == 0, err
    specs = load_specs([out.parent])
    fmt = specs.resolve("voorbeeld.post")
    platform = specs.platform_of("voorbeeld.post")
    tiers = Tiers(fmt)
    assert tiers.enforced_lengths() == {"mastodon": 1000}
    assert tiers.enforced("text", "url_length") == 23
    assert tiers.enforced("media", "max_count") == 6
    assert tiers.enforced("images", "max_bytes") == 10485760
    assert tiers.enforced("images", "max_pixels") == 16777216
    assert tiers.enforced("images", "formats") == ["jpeg", "png", "webp"]
    assert tiers.enforced("video", "max_bytes") == 41943040
    assert tiers.enforced("video", "max_fps") == 60
    assert tiers.enforced("alt_text", "max_length") == 1500
    assert tiers.enforced("media", "combinations") == [{"image": 6}, {"video": 1}]
    source = platform.sources["instance"]
    assert source.url == "https://social.voorbeeld.nl/api/v2/instance"
    assert (source.kind, source.read, source.checked) == ("primary", "first-hand", date.today())
    # Every value the document gave rests on it; the rest is Mastodon's.
    assert tiers.source_ids(tiers.each("video", "max_bytes")[0][1]) == ("instance",)
    assert platform.verified == date.today()


def test_the_id_defaults_to_the_domain(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(save(tmp_path, document())))
    assert code == 0
    assert "id: social-voorbeeld-nl\n" in out
    assert "extends: mastodon\n" in out


def test_an_address_is_never_fetched_without_fetch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "https://social.voorbeeld.nl")
    assert (code, out) == (2, "")
    assert "only with --fetch" in err


@pytest.mark.parametrize(("doc", "says"), [
    ("{not json", "not a JSON document"),
    ("[1, 2]", "expected a JSON object"),
    (json.dumps({"uri": "social.voorbeeld.nl", "title": "x"}), "/api/v1/instance document"),
    (json.dumps({"domain": "social.voorbeeld.nl"}), "configuration: missing"),
    (json.dumps(document(max_characters="veel")),
     "configuration.statuses.max_characters: expected a positive number"),
    (json.dumps(document(characters_reserved_per_url=30)),
     "configuration.statuses.characters_reserved_per_url: the instance counts a link as 30"),
])
def test_bad_documents_are_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: str, says: str
) -> None:
    path = tmp_path / "instance.json"
    path.write_text(doc, "utf-8")
    code, out, err = run(capsys, str(path))
    assert (code, out) == (2, "")
    assert str(path) in err
    assert says in err


def test_a_huge_file_is_refused_without_reading_it_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * 3_000_000 + b"{}")
    code, _, err = run(capsys, str(path))
    assert code == 2
    assert "more than 1,000,000 bytes" in err


class _Instance(BaseHTTPRequestHandler):
    body: bytes = b""
    status = 200
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Instance]]]:
    handler = type("Handler", (_Instance,), {"seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_reads_the_instance_document_over_http(
    server: tuple[str, type[_Instance]], capsys: pytest.CaptureFixture[str]
) -> None:
    address, handler = server
    handler.body = json.dumps(document()).encode()
    code, out, err = run(capsys, address, "--fetch", "--id", "voorbeeld")
    assert code == 0, err
    assert handler.seen == ["/api/v2/instance"]
    assert "value: 1000" in out
    assert "read from the instance" in out


@pytest.mark.parametrize(("status", "body", "says"), [
    (404, b"{}", "answered 404"),
    (200, b" " * 1_000_001, "more than 1,000,000 bytes"),
    (200, b"<html>", "not a JSON document"),
])
def test_fetch_errors_name_the_address(
    server: tuple[str, type[_Instance]], capsys: pytest.CaptureFixture[str],
    status: int, body: bytes, says: str
) -> None:
    address, handler = server
    handler.status, handler.body = status, body
    code, out, err = run(capsys, address + "/", "--fetch")
    assert (code, out) == (2, "")
    assert f"{address}/api/v2/instance" in err
    assert says in err


def test_fetch_refuses_other_paths_and_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    for address in ("file:///etc/passwd", "https://social.voorbeeld.nl/about"):
        code, _, err = run(capsys, address, "--fetch")
        assert code == 2
        assert "expected" in err


def test_the_link_lengths_of_the_spec_model_are_the_counters() -> None:
    assert LINK_LENGTHS == {"twitter": _URL_WEIGHT // 100, "mastodon": MASTODON_URL_LENGTH}
