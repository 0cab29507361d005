"""Columns: findings about a span of the text point at it in the post file, wherever the text is
written (Markdown body, YAML block, quoted front matter, an override), with CRLF and tabs; and
SARIF keeps two findings on one line apart, across runs and line moves."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from crosspost import check
from crosspost.media.prober import FakeProber
from crosspost.report import Finding, Report
from crosspost.reporters import render_github
from crosspost.reporters.sarif import sarif_log
from crosspost.rules.registry import rule_catalogue
from crosspost.specs.registry import SpecRegistry

PostWriter = Callable[[str, str], Path]

TAGS = "Zie #energietransitie en #zonnepanelenactie"


def _camel(report: Report) -> list[Finding]:
    return [f for f in report if f.rule == "hashtags.camelcase"]


def _spans(report: Report) -> list[tuple[int | None, ...]]:
    return [(f.line, f.column, f.end_line, f.end_column) for f in _camel(report)]


def test_markdown_body_with_crlf_and_tabs(post: PostWriter, specs: SpecRegistry) -> None:
    text = f"---\r\nid: a\r\ntargets: [t.post]\r\n---\r\n\r\nIntro\tregel\r\n\t{TAGS}\r\n"
    path = post("a.md", "")
    path.write_bytes(text.encode())
    report = check(path, specs=specs, prober=FakeProber())
    # `\t` counts as one column; `\r` before the line break is not part of the line
    assert _spans(report) == [(7, 6, 7, 23), (7, 27, 7, 45)]


def test_yaml_block_scalar(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.yaml", f"id: a\ntargets: [t.post]\ntext: |\n  Eerste regel\n    {TAGS}\n")
    assert _spans(check(path, specs=specs, prober=FakeProber())) == [
        (5, 9, 5, 26), (5, 30, 5, 48)]


def test_quoted_front_matter_and_override(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.md", f'---\ntargets: [t.post]\ntext: "{TAGS}"\n'
                        f"overrides:\n  t.post: \"Alleen #energietransitie\"\n---\n")
    spans = _spans(check(path, specs=specs, prober=FakeProber()))
    assert spans == [(3, 12, 3, 29), (3, 33, 3, 51), (5, 19, 5, 36)]


def test_same_hashtag_twice_points_at_each(post: PostWriter, specs: SpecRegistry) -> None:
    body = "#energietransitie en weer #energietransitie\n"
    path = post("a.md", f"---\ntargets: [t.post]\n---\n{body}")
    cols = [f.column for f in _camel(check(path, specs=specs, prober=FakeProber()))]
    assert cols == [1, 27]


def test_count_rule_points_at_the_first_tag_over_the_limit(
    post: PostWriter, specs: SpecRegistry
) -> None:
    path = post("a.md", "---\ntargets: [t.post]\n---\n#a1 #b2 #c3\n#d4 #e5 #f6 #g7\n")
    finding = next(f for f in check(path, specs=specs, prober=FakeProber())
                   if f.rule == "text.hashtags")
    assert (finding.line, finding.column, finding.end_column) == (5, 9, 12)  # the sixth, #f6
    annotation = render_github(Report(findings=(finding,)))
    assert ",line=5,endLine=5,col=9,endColumn=12,title=" in annotation


def test_unfound_span_gives_no_column_never_a_wrong_one(
    post: PostWriter, specs: SpecRegistry
) -> None:
    # an escape inside the quoted value: the characters in the file differ from the value
    path = post("a.md", '---\ntargets: [t.post]\ntext: "\\u0023energietransitie"\n---\n')
    (finding,) = _camel(check(path, specs=specs, prober=FakeProber()))
    assert (finding.line, finding.column) == (3, None)


def _prints(report: Report) -> list[str]:
    log = sarif_log(report, rule_catalogue())
    return [r["partialFingerprints"]["crosspostFinding/v2"] for r in log["runs"][0]["results"]]


def test_sarif_fingerprints_apart_per_finding_and_stable_across_line_moves(
    post: PostWriter, specs: SpecRegistry
) -> None:
    body = f"{TAGS} #energietransitie\n"
    path = post("a.md", f"---\ntargets: [t.post]\n---\n{body}")
    before = check(path, specs=specs, prober=FakeProber())
    prints = _prints(before)
    assert len(set(prints)) == len(prints) == len(before.findings)
    assert prints == _prints(check(path, specs=specs, prober=FakeProber()))
    path.write_text(f"---\ntargets: [t.post]\n---\nNieuwe eerste regel.\n\n{body}", "utf-8")
    moved = check(path, specs=specs, prober=FakeProber())
    assert [f.line for f in _camel(moved)] == [6, 6, 6]
    assert set(_prints(moved)) >= set(_prints(before)[: len(_camel(before))])


def test_sarif_columns_and_help_uri(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.md", f"---\ntargets: [t.post]\n---\n{TAGS}\n")
    log = sarif_log(check(path, specs=specs, prober=FakeProber()), rule_catalogue())
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 22}
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "hashtags.camelcase")
    assert rule["helpUri"].endswith("/reference/rules.md#hashtags.camelcase")
    assert rule["helpUri"].startswith("https://")
    json.dumps(log)


def test_messages_do_not_repeat_the_target(tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    post.write_text("---\ntargets: [instagram.feed, x.post, threads.post]\n---\n"
                    "Lees https://www.voorbeeldstad.nl/dakscan #Een #Twee\n", "utf-8")
    report = check(post, prober=FakeProber())
    assert report.findings
    for finding in report:
        assert finding.target is None or finding.target not in finding.message, finding
