"""The format registry: every format renders any report; unknown formats fail clearly."""

from __future__ import annotations

import pytest

from crosspost.report import Report
from crosspost.reporters import REPORTERS, render
from crosspost.rules.meta import RuleMeta

FORMATS = ["github", "html", "json", "junit", "sarif", "text"]


def test_registry_lists_exactly_the_documented_formats() -> None:
    assert sorted(REPORTERS) == FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_awkward_clean_and_empty_reports(
    fmt: str, awkward_report: Report, clean_report: Report, rules: dict[str, RuleMeta]
) -> None:
    for report in (awkward_report, clean_report, Report()):
        out = render(report, fmt, rules)
        assert isinstance(out, str)
        assert render(report, fmt) == render(report, fmt, None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str, awkward_report: Report) -> None:
    assert render(awkward_report, fmt) == render(awkward_report, fmt)


def test_unknown_format_names_the_choices(awkward_report: Report) -> None:
    with pytest.raises(ValueError, match="unknown report format 'xml'") as info:
        render(awkward_report, "xml")
    assert "github, html, json, junit, sarif, text" in str(info.value)


def test_repr_html_uses_the_notebook_view(awkward_report: Report) -> None:
    from crosspost.html.report_view import report_html

    assert awkward_report._repr_html_() == report_html(awkward_report)
