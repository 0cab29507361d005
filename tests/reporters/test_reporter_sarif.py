"""SARIF: valid against the official 2.1.0 schema, stable rule ids and indexes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema  # type: ignore[import-untyped]  # no types-jsonschema in the dev extras yet
import pytest

from crosspost.report import Finding, Report
from crosspost.reporters.sarif import artifact_uri, render_sarif, sarif_log
from crosspost.rules.meta import RuleMeta

SCHEMA_FILE = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _run(log: dict[str, Any]) -> dict[str, Any]:
    runs = log["runs"]
    assert len(runs) == 1
    run: dict[str, Any] = runs[0]
    return run


@pytest.mark.parametrize("with_rules", [True, False])
def test_validates_against_the_official_schema(
    validator: jsonschema.Draft4Validator,
    awkward_report: Report,
    clean_report: Report,
    rules: dict[str, RuleMeta],
    with_rules: bool,
) -> None:
    for report in (awkward_report, clean_report, Report()):
        log = json.loads(render_sarif(report, rules if with_rules else None))
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_rejects_a_broken_log(validator: jsonschema.Draft4Validator) -> None:
    """Guards against a schema copy that accepts anything."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{}]}]}
    assert len(list(validator.iter_errors(broken))) >= 2


def test_driver_and_sorted_rules(awkward_report: Report, rules: dict[str, RuleMeta]) -> None:
    run = _run(sarif_log(awkward_report, rules))
    driver = run["tool"]["driver"]
    assert driver["name"] == "crosspost"
    assert driver["version"]
    assert urlsplit(driver["informationUri"]).scheme == "https"
    ids = [r["id"] for r in driver["rules"]]
    # every known rule once (aliases folded), plus the unknown one; sorted, so indexes are stable
    assert ids == ["alt.missing", "hashtags.count", "media.missing", "plugin.unknown_rule",
                   "text.length"]  # fmt: skip
    assert driver["rules"][ids.index("plugin.unknown_rule")] == {"id": "plugin.unknown_rule"}
    text_length = driver["rules"][ids.index("text.length")]
    assert text_length["name"] == "Text too long"
    assert text_length["deprecatedIds"] == ["length"]
    assert text_length["shortDescription"]["text"].startswith("The text is longer")
    assert text_length["fullDescription"]["text"].startswith("Platforms reject")
    assert "Fails: x.post with 300 characters" in text_length["help"]["text"]
    assert text_length["defaultConfiguration"] == {"level": "error"}
    assert "defaultConfiguration" not in driver["rules"][ids.index("alt.missing")]


def test_rule_ids_and_indexes_do_not_depend_on_finding_order(
    awkward_report: Report, rules: dict[str, RuleMeta]
) -> None:
    reversed_report = awkward_report.model_copy(
        update={"findings": tuple(reversed(awkward_report.findings))}
    )
    a = _run(sarif_log(awkward_report, rules))
    b = _run(sarif_log(reversed_report, rules))
    assert a["tool"] == b["tool"]
    index_a = {r["ruleId"]: r["ruleIndex"] for r in a["results"]}
    index_b = {r["ruleId"]: r["ruleIndex"] for r in b["results"]}
    assert index_a == index_b


def test_results_point_at_their_rule(awkward_report: Report, rules: dict[str, RuleMeta]) -> None:
    run = _run(sarif_log(awkward_report, rules))
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == len(awkward_report)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "error", "note"]


def test_alias_ids_resolve_to_the_current_rule(rules: dict[str, RuleMeta]) -> None:
    report = Report(findings=(Finding(rule="length", severity="error", message="m", item="i"),))
    result = _run(sarif_log(report, rules))["results"][0]
    assert result["ruleId"] == "text.length"


def test_result_location_message_and_properties(awkward_report: Report) -> None:
    first = _run(sarif_log(awkward_report))["results"][0]
    assert first["message"]["text"].startswith("x.post: Text is 312 characters")
    physical = first["locations"][0]["physicalLocation"]
    uri = physical["artifactLocation"]["uri"]
    assert unquote(uri) == "posts/2024: launch,final/100%.md"
    assert urlsplit(uri).scheme == ""  # ':' is encoded, so it cannot read as a scheme
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"] == {"startLine": 3}
    assert first["properties"] == {
        "target": "x.post",
        "item": "lancering-café-🎉",
        "measured": 312,
        "limit": 280,
        "unit": "characters as X counts them",
        "tier": "limits",
        "fixable": True,
        "field": "text",
        "sources": ["https://docs.x.com/x-api/posts", "javascript:alert(1)"],
        "hint": "Shorten the text, or let `crosspost adapt` make a thread.",
    }


def test_item_wide_finding_uses_the_post_file_without_region(awkward_report: Report) -> None:
    media = _run(sarif_log(awkward_report))["results"][2]
    physical = media["locations"][0]["physicalLocation"]
    assert unquote(physical["artifactLocation"]["uri"]) == "posts/2024: launch,final/100%.md"
    assert "region" not in physical
    assert media["message"]["text"].startswith("Video clip.mp4")


def test_no_locations_without_any_path() -> None:
    report = Report(findings=(Finding(rule="r", severity="info", message="m", item="i"),))
    assert "locations" not in _run(sarif_log(report))["results"][0]


def test_fingerprints_are_stable_and_distinguish_targets(awkward_report: Report) -> None:
    a = [r["partialFingerprints"] for r in _run(sarif_log(awkward_report))["results"]]
    b = [r["partialFingerprints"] for r in _run(sarif_log(awkward_report))["results"]]
    assert a == b
    assert len({json.dumps(p) for p in a}) == len(a)


def test_absolute_paths_become_relative_to_root_or_file_uris(tmp_path: Path) -> None:
    inside = tmp_path / "posts" / "a b.md"
    assert artifact_uri(str(inside), tmp_path) == ("posts/a%20b.md", True)
    outside = Path("/elsewhere/x.md")
    assert artifact_uri(str(outside), tmp_path) == ("file:///elsewhere/x.md", False)
    assert artifact_uri("posts\\win.md") == ("posts/win.md", True)
