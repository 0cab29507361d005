"""Sentences and numbers every reporter words the same way (summary line, measured vs limit)."""

from __future__ import annotations

from crosspost.grouping import distinct_targets, group_report
from crosspost.report import Finding, Report


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_value(value: float | str) -> str:
    """``312.0`` reads as ``312``; strings and real fractions are left alone."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def measured_vs_limit(finding: Finding) -> str | None:
    """``312 / 280 characters``: the numbers behind the message, for compact views."""
    if finding.measured is None and finding.limit is None:
        return None
    measured = "?" if finding.measured is None else format_value(finding.measured)
    limit = "?" if finding.limit is None else format_value(finding.limit)
    unit = f" {finding.unit}" if finding.unit else ""
    return f"{measured} / {limit}{unit}"


def summary_line(report: Report) -> str:
    """``2 errors, 1 warning, 0 infos in 2 items (3 targets)``; targets are distinct names."""
    counts = report.counts
    items = len(group_report(report))
    return (
        f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
        f"{plural(counts['info'], 'info')} in {plural(items, 'item')} "
        f"({plural(len(distinct_targets(report)), 'target')})"
    )
