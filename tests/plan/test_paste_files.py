"""The text files of a variant are exactly what a person pastes into the app.

Bluesky's app shortens every link itself and counts the short form; a file holding the short
form would publish a dead link. The files hold the full URLs and no final newline, so that a
part of 300 graphemes is 300 when pasted; the manifest keeps the API form (short links and
facets with byte offsets).
"""

from __future__ import annotations

from pathlib import Path

from crosspost import adapt
from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.output.manifest import Manifest
from crosspost.rules.platform_text import short_form_for
from crosspost.specs.registry import load_specs
from crosspost.text import count

_FORM = short_form_for(load_specs().resolve("bluesky.post"))
assert _FORM is not None
short_url = _FORM.short

LONG = "https://www.voorbeeldstad.nl/warmtepomp/subsidie-aanvragen?bron=bluesky"
SHORT = "www.voorbeeldstad.nl/warmtepomp/s..."


def _adapt(item: SourceItem, out: Path) -> dict[str, Manifest]:
    variants = adapt(item, out=out, prober=FakeProber())
    return {t: v.manifest for t, v in variants.items() if v.manifest is not None}


def _shortened(text: str) -> str:
    return text.replace(LONG, short_url(LONG))


def test_bluesky_post_txt_holds_the_full_link(tmp_path: Path) -> None:
    text = "Één vraag: ken je de regeling? " + "Meer weten. " * 18 + f"Lees {LONG}"
    item = SourceItem(id="s", text=text, targets=["bluesky.post"])
    manifest = _adapt(item, tmp_path / "out")["bluesky.post"]
    pasted = (tmp_path / "out" / "s" / "bluesky.post" / "post.txt").read_text("utf-8")
    assert pasted == text  # nothing else needed to change: the app shortens the link itself
    assert pasted.endswith(f"Lees {LONG}")
    assert SHORT not in pasted
    # The manifest carries the API form: the short text and a facet pointing at the full URL.
    assert manifest.text.endswith(f"Lees {SHORT}")
    (facet,) = manifest.fields["link_facets"][0]
    assert manifest.text.encode()[facet["byteStart"]:facet["byteEnd"]].decode() == SHORT
    assert facet["uri"] == LONG
    # The count holds: what the app counts (the short form) is what crosspost measured.
    assert count(_shortened(pasted), "graphemes") == manifest.measured["graphemes"] <= 300
    assert len(text) > 300


def test_thread_parts_hold_full_links(tmp_path: Path) -> None:
    filler = "Dit deel is lang genoeg om niet in één bericht te passen. " * 4
    text = (f"Eerste deel met een link {LONG}. {filler}\n---\nTweede deel zonder link.\n---\n"
            f"Derde deel, weer {LONG}. {filler}")
    manifest = _adapt(SourceItem(id="t", text=text, targets=["bluesky.post"]),
                      tmp_path / "out")["bluesky.post"]
    folder = tmp_path / "out" / "t" / "bluesky.post" / "thread"
    files = sorted(folder.iterdir())
    assert len(files) == len(manifest.thread) == 3
    for path, part in zip(files, manifest.thread, strict=True):
        pasted = path.read_text("utf-8")
        assert SHORT not in pasted
        assert _shortened(pasted) == part
        assert count(part, "graphemes") <= 300
    assert LONG in files[0].read_text("utf-8")
    assert LONG in files[2].read_text("utf-8")


def test_a_part_at_the_limit_is_at_the_limit_when_pasted(tmp_path: Path) -> None:
    """No final newline: a 300-grapheme post would be 301 pasted as the file is."""
    words = ("Zonnepanelen op elk dak in de buurt. " * 9)[:299] + "."
    assert count(words, "graphemes") == 300
    item = SourceItem(id="vol", text=words, targets=["bluesky.post", "mastodon.post"])
    manifests = _adapt(item, tmp_path / "out")
    for target in ("bluesky.post", "mastodon.post"):
        data = (tmp_path / "out" / "vol" / target / "post.txt").read_bytes()
        assert not data.endswith(b"\n")
        assert data.decode("utf-8") == manifests[target].text
    bluesky = (tmp_path / "out" / "vol" / "bluesky.post" / "post.txt").read_text("utf-8")
    assert count(bluesky, "graphemes") == 300 == manifests["bluesky.post"].measured["graphemes"]
    assert manifests["bluesky.post"].publishable
