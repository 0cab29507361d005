"""Bluesky shows links shortened: the variant holds the short form and facets with the full URL."""

from __future__ import annotations

import pytest

from crosspost import plan
from crosspost.content.item import SourceItem
from crosspost.rules.platform_text import short_form_for
from crosspost.specs.registry import load_specs

_FORM = short_form_for(load_specs().resolve("bluesky.post"))
assert _FORM is not None
short_url = _FORM.short


# Expected values follow social-app's toShortUrl (src/lib/strings/url-helpers.ts): host plus
# path, query and fragment; a path part over 15 characters is cut to 13 and "..." added.
@pytest.mark.parametrize(("url", "short"), [
    ("https://bsky.app", "bsky.app"),
    ("https://bsky.app/", "bsky.app"),
    ("https://www.voorbeeldstad.nl/dakscan", "www.voorbeeldstad.nl/dakscan"),
    ("https://voorbeeldstad.nl/12345678901234", "voorbeeldstad.nl/12345678901234"),
    ("https://voorbeeldstad.nl/123456789012345", "voorbeeldstad.nl/123456789012..."),
    ("https://voorbeeldstad.nl/a?b=c#d", "voorbeeldstad.nl/a?b=c#d"),
    ("http://Example.COM:8080/x", "example.com:8080/x"),
    ("ftp://example.com/file", "ftp://example.com/file"),
])
def test_short_url_matches_the_app(url: str, short: str) -> None:
    assert short_url(url) == short


def test_bluesky_variant_counts_and_links_the_short_form() -> None:
    long = "https://www.voorbeeldstad.nl/warmtepomp/subsidie-aanvragen?bron=bluesky"
    text = "Één vraag: ken je de regeling? " + "Meer weten. " * 18 + f"Lees {long}"
    item = SourceItem(id="s", text=text, targets=["bluesky.post", "x.post"])
    assert len(text) > 300
    variant = plan(item, "bluesky.post")
    assert variant.thread == []  # the short form makes it fit: no thread needed
    short = "www.voorbeeldstad.nl/warmtepomp/s..."
    assert variant.text.endswith(f"Lees {short}")
    assert variant.measured["graphemes"] <= 300
    (facet,) = variant.fields["link_facets"][0]
    data = variant.text.encode("utf-8")
    assert data[facet["byteStart"]:facet["byteEnd"]].decode() == short
    assert facet["uri"] == long
    x = plan(item, "x.post")
    assert "link_facets" not in x.fields
    assert long in "".join(x.parts)  # X counts every URL as 23: it keeps the full link


def test_a_text_that_fits_keeps_its_links_whole() -> None:
    item = SourceItem(id="f", text="Kijk op https://www.voorbeeldstad.nl/warmtepomp-subsidie")
    variant = plan(item, "bluesky.post")
    assert variant.text == item.text
    assert "link_facets" not in variant.fields


def test_facets_are_given_per_thread_part() -> None:
    long = "https://www.voorbeeldstad.nl/informatieavond-isolatie-lindenbuurt"
    filler = "Dit deel is lang genoeg om niet in één bericht te passen. " * 4
    text = ("Eerste deel met een link " + long + ". " + filler + "\n---\nTweede deel zonder "
            "link.\n---\nDerde deel, weer " + long + ". " + filler)
    variant = plan(SourceItem(id="t", text=text), "bluesky.post")
    facets = variant.fields["link_facets"]
    assert [len(f) for f in facets] == [1, 0, 1]
    for part, found in zip(variant.thread, facets, strict=True):
        for facet in found:
            shown = part.encode()[facet["byteStart"]:facet["byteEnd"]].decode()
            assert shown == short_url(long)
