"""GitHub Actions: escaping exactly as @actions/core, annotation shape, step summary."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crosspost.report import Finding, Report
from crosspost.reporters.github import (
    escape_data,
    escape_markdown,
    escape_property,
    render_github,
    summary_markdown,
    workflow_command,
)


def _runner_unescape_data(value: str) -> str:
    """What the Actions runner does to a command's data (percent last)."""
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _runner_unescape_property(value: str) -> str:
    return (
        value.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_escape_data_matches_actions_core() -> None:
    assert escape_data("100% done\r\nnext:a,b") == "100%25 done%0D%0Anext:a,b"
    assert escape_data("%0A") == "%250A"


def test_escape_property_matches_actions_core() -> None:
    assert escape_property("posts/2024: launch,final/100%.md") == (
        "posts/2024%3A launch%2Cfinal/100%25.md"
    )
    assert escape_property("a\rb\nc") == "a%0Db%0Ac"


@given(st.text())
def test_runner_decodes_what_we_meant(value: str) -> None:
    data = escape_data(value)
    prop = escape_property(value)
    assert "\n" not in data
    assert "\r" not in data
    assert not {"\n", "\r", ":", ","} & set(prop)
    assert _runner_unescape_data(data) == value
    assert _runner_unescape_property(prop) == value


def test_workflow_command_drops_empty_properties() -> None:
    assert workflow_command("notice", {"file": None, "line": None, "title": ""}, "hi") == (
        "::notice::hi"
    )


def test_error_annotation_exact(awkward_report: Report) -> None:
    first = render_github(awkward_report).splitlines()[0]
    assert first == (
        "::error file=posts/2024%3A launch%2Cfinal/100%25.md,line=3,"
        "title=text.length (x.post)::"
        "Text is 312 characters; X allows 280.%0D%0ACut 32 <script>alert('x')</script> 100%25"
        "%0AHint: Shorten the text, or let `crosspost adapt` make a thread."
        "%0ASource: https://docs.x.com/x-api/posts, javascript:alert(1)"
        "%0A(adapt can fix)"
    )


def test_one_command_per_finding_errors_first(awkward_report: Report) -> None:
    lines = render_github(awkward_report).splitlines()
    assert len(lines) == len(awkward_report)
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == ["::error", "::error", "::warning", "::notice"]
    # item-wide finding: no path of its own, annotated on the item's post file
    assert lines[1].startswith("::error file=posts/2024%3A launch%2Cfinal/100%25.md,title=")
    assert "title=media.missing (all targets)::" in lines[1]


def test_no_file_property_without_any_path() -> None:
    finding = Finding(rule="r.x", severity="warning", message="m", item="i", line=4)
    report = Report(findings=(finding,), items=("i",))
    assert render_github(report) == "::warning title=r.x (all targets)::m"


def test_clean_report_prints_nothing(clean_report: Report) -> None:
    assert render_github(clean_report) == ""


def test_escape_markdown_neutralises_markup() -> None:
    assert escape_markdown("<script>|*a*|\n@user #1") == (
        "&lt;script&gt;\\|\\*a\\*\\|<br>\\@user \\#1"
    )


def test_step_summary_has_counts_and_a_table_per_target(awkward_report: Report) -> None:
    md = summary_markdown(awkward_report)
    assert md.startswith("## crosspost: ❌ not publishable\n")
    assert "2 errors\\, 1 warning\\, 1 info in 3 items \\(4 targets\\)" in md
    headings = [line for line in md.splitlines() if line.startswith("#### ")]
    assert len(headings) == 1 + 3 + 2  # item-wide card + 3 targets, then 2 targets
    assert "<script>" not in md
    assert "&lt;script&gt;alert\\(&#x27;x&#x27;\\)&lt;\\/script&gt;" in md
    row = next(line for line in md.splitlines() if "hashtags" in line)
    # the user's `|` is escaped, so the row keeps exactly 6 cells
    assert row.count("|") - row.count("\\|") == 7
    assert "No targets checked." in md
    assert md.endswith("\n")


def test_step_summary_clean(clean_report: Report) -> None:
    md = summary_markdown(clean_report)
    assert md.startswith("## crosspost: ✅ publishable\n")
    assert md.count("No findings.") == 2
