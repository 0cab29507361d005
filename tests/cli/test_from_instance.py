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

from crosspost import check
from crosspost.cli import main
from crosspost.content.item import SourceItem
from crosspost.specs.constraints import LINK_LENGTHS
from crosspost.specs.registry import load_specs
from crosspost.specs.resolve import Tiers
from crosspost.text.counting import UrlWeighted, count, url_weighted
from crosspost.text.mastodon_length import MASTODON_URL_LENGTH, mastodon_length
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
    (json.dumps(document(characters_reserved_per_url=0)),
     "configuration.statuses.characters_reserved_per_url: expected a positive number"),
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


LINK = "https://www.rijksoverheid.nl/onderwerpen/verkeer-en-vervoer/nieuws"  # 67 characters
LINKED = "Lees meer: " + LINK  # 11 characters of text and a link


def _length_findings(specs: Any, target: str, text: str) -> list[Any]:
    report = check(SourceItem(id="p", text=text), [target], specs=specs)
    return [f for f in report.findings if f.rule == "text.length"]


@pytest.fixture
def weighted_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The spec from-instance writes for an instance whose links count 40 (limit 60)."""
    out = tmp_path / "specs" / "lang.yaml"
    out.parent.mkdir()
    doc = document(characters_reserved_per_url=40, max_characters=60)
    code, _, err = run(capsys, str(save(tmp_path, doc)), "--id", "lang", "--out", str(out))
    assert code == 0, err
    return out


def test_an_instance_that_weighs_links_otherwise_is_counted_its_way(weighted_spec: Path) -> None:
    # Servers other than upstream Mastodon serve their own weight (Misskey-style servers the
    # length of their address, for instance); the `mastodon` count uses the instance's.
    assert "url_length:\n          value: 40\n" in weighted_spec.read_text("utf-8")
    specs = load_specs([weighted_spec.parent])
    tiers = Tiers(specs.resolve("lang.post"))
    assert tiers.enforced("text", "url_length") == 40
    (method,) = tiers.enforced_lengths()
    assert (method, getattr(method, "url_length", None)) == ("mastodon", 40)
    # 11 + 40 = 51 fits in 60; with " en dit ook" (11 more: 62) it does not.
    assert count(LINKED, method) == 51
    assert not _length_findings(specs, "lang.post", LINKED)
    (finding,) = _length_findings(specs, "lang.post", LINKED + " en dit ook")
    assert (finding.measured, finding.limit) == (62, 60)
    # Upstream Mastodon itself still counts 23.
    assert not _length_findings(specs, "mastodon.post", LINKED + " en dit ook")
    assert count(LINKED, "mastodon") == 34


def test_a_fetched_instance_weight_reaches_the_spec(
    server: tuple[str, type[_Instance]], capsys: pytest.CaptureFixture[str]
) -> None:
    address, handler = server
    handler.body = json.dumps(document(characters_reserved_per_url=30)).encode()
    code, out, err = run(capsys, address, "--fetch", "--id", "voorbeeld")
    assert code == 0, err
    assert "url_length:\n          value: 30\n" in out


def test_url_weighted_counts_links_with_the_given_weight() -> None:
    assert url_weighted("mastodon", None) == "mastodon"
    assert not isinstance(url_weighted("mastodon", 23), UrlWeighted)
    assert not isinstance(url_weighted("twitter", 40), UrlWeighted)  # fixed weight
    weighted = url_weighted("mastodon", 40)
    assert isinstance(weighted, UrlWeighted)
    assert str(weighted) == "mastodon"
    assert {weighted: 1} == {"mastodon": 1}
    assert count(LINKED, weighted) == mastodon_length(LINKED, url_length=40) == 51
    assert count("geen link", weighted) == count("geen link", "mastodon") == 9
    import pickle

    again = pickle.loads(pickle.dumps(weighted))
    assert (str(again), again.url_length) == ("mastodon", 40)


def test_adapt_splits_with_the_instance_weight(weighted_spec: Path) -> None:
    from crosspost import plan

    specs = load_specs([weighted_spec.parent])
    text = "Het nieuwe plan staat online. " + LINKED + " Reageer voor vrijdag."
    variant = plan(SourceItem(id="p", text=text), "lang.post", specs=specs)
    parts = variant.thread or [variant.text]
    assert len(parts) > 1
    # Every part fits as the instance counts it: links weigh 40, not 23.
    assert all(mastodon_length(part, url_length=40) <= 60 for part in parts)
    assert any(LINK in part for part in parts)
