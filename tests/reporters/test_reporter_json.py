"""JSON: a versioned document that round-trips and summarises."""

from __future__ import annotations

import json

from crosspost.report import Finding, Report
from crosspost.reporters.about import tool_version
from crosspost.reporters.json import render_json


def test_round_trips_to_the_same_records(awkward_report: Report) -> None:
    doc = json.loads(render_json(awkward_report))
    assert doc["findings"] == awkward_report.records()
    rebuilt = Report(findings=tuple(Finding.model_validate(r) for r in doc["findings"]))
    assert rebuilt.findings == awkward_report.findings


def test_header_and_stable_key_order(awkward_report: Report) -> None:
    doc = json.loads(render_json(awkward_report))
    assert list(doc) == ["crosspost", "schema", "summary", "items", "findings"]
    assert doc["crosspost"] == tool_version()
    assert doc["schema"] == 1
    assert list(doc["summary"]) == [
        "errors", "warnings", "infos", "fixable", "items", "targets", "ok",
    ]  # fmt: skip


def test_summary_counts_and_ok(awkward_report: Report, clean_report: Report) -> None:
    summary = json.loads(render_json(awkward_report))["summary"]
    assert summary == {
        "errors": 2, "warnings": 1, "infos": 1, "fixable": 1,
        "items": 3, "targets": 4, "ok": False,
    }  # fmt: skip
    assert json.loads(render_json(clean_report))["summary"]["ok"] is True


def test_items_carry_per_target_status(awkward_report: Report) -> None:
    items = json.loads(render_json(awkward_report))["items"]
    assert [i["id"] for i in items] == list(awkward_report.items)
    first = items[0]
    assert first["path"] == "posts/2024: launch,final/100%.md"
    statuses = {t["target"]: t["status"] for t in first["targets"]}
    # the item-wide error (missing video) blocks every target of the item
    assert statuses == {"x.post": "errors", "bluesky.post": "errors", "mastodon.post": "errors"}
    second = items[1]
    assert [(t["target"], t["status"]) for t in second["targets"]] == [
        ("x.post", "publishable"),
        ("linkedin.post", "publishable"),
    ]
    assert items[2]["targets"] == []


def test_unicode_is_written_as_is(awkward_report: Report) -> None:
    out = render_json(awkward_report)
    assert "één" in out
    assert "🎉" in out
    assert "\\u00e9" not in out
