"""A variant's manifest names the spec files it was checked against, with their dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from crosspost import adapt
from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import load_specs

INSTANCE = """\
id: voorbeeld
name: Voorbeeld (Mastodon)
extends: mastodon
verified: "2026-12-01"
sources:
  instance:
    url: https://social.voorbeeld.nl/api/v2/instance
    title: "social.voorbeeld.nl: GET /api/v2/instance"
    kind: primary
    read: first-hand
    checked: "2026-12-01"
formats:
  post:
    limits:
      text:
        max_length:
          mastodon: {value: 1000, source: instance}
"""


def test_the_manifest_lists_each_spec_file_and_its_dates(tmp_path: Path) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "voorbeeld.yaml").write_text(INSTANCE, "utf-8")
    specs = load_specs([folder])
    item = SourceItem(id="s", text="Nieuwe openingstijden van het stadskantoor.",
                      targets=["x.post", "voorbeeld.post"])
    out = tmp_path / "out"
    adapt(item, out=out, specs=specs, prober=FakeProber())
    written = json.loads((out / "s" / "x.post" / "manifest.json").read_text("utf-8"))
    x = specs.platforms["x"]
    assert written["specs"] == [{
        "platform": "x", "file": "x.yaml", "bundled": True,
        "verified": x.verified.isoformat(),
        "newest_source_read": max(s.checked for s in x.sources.values() if s.checked).isoformat(),
    }]
    instance = json.loads((out / "s" / "voorbeeld.post" / "manifest.json").read_text("utf-8"))
    assert [(s["platform"], s["bundled"], s["verified"]) for s in instance["specs"]] == [
        ("voorbeeld", False, "2026-12-01"),
        ("mastodon", True, specs.platforms["mastodon"].verified.isoformat()),
    ]
    assert instance["specs"][0]["file"] == str(folder / "voorbeeld.yaml")
    assert date.fromisoformat(instance["specs"][0]["newest_source_read"]) >= date(2026, 12, 1)
