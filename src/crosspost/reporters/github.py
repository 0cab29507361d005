"""GitHub Actions: workflow-command annotations, plus a Markdown step summary.

Escaping copies ``escapeData``/``escapeProperty`` of ``@actions/core`` (packages/core/src/
command.ts) exactly, so the runner decodes our values to what we meant and a ``::`` or newline
in a post can never start a command of its own. GitHub shows only the first few annotations of
each kind per step; the step summary (``summary_markdown``) therefore lists every finding.
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping

from crosspost.grouping import ALL_TARGETS, ItemGroup, finding_path, group_report, status_of
from crosspost.printable import printable
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta
from crosspost.wording import measured_vs_limit, summary_line

from .text import location

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """``escapeData`` of @actions/core: ``%``, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """``escapeProperty`` of @actions/core: as data, plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: Mapping[str, str | int | None], message: str) -> str:
    """``::command k=v,k=v::message``; empty properties are dropped, as the toolkit does."""
    pairs = [f"{key}={escape_property(str(val))}" for key, val in properties.items() if val]
    head = f"::{command} {','.join(pairs)}" if pairs else f"::{command}"
    return f"{head}::{escape_data(message)}"


def _annotation(report: Report, finding: Finding) -> str:
    # Values from the repository lose their controls (ESC, bidi); line breaks stay, since
    # escape_data encodes them inside the one command.
    message = printable(finding.message, keep_newlines=True)
    if finding.hint:
        message += f"\nHint: {printable(finding.hint, keep_newlines=True)}"
    if finding.sources:
        message += f"\nSource: {printable(', '.join(finding.sources), keep_newlines=True)}"
    if finding.fixable:
        message += "\n(adapt can fix)"
    title = printable(f"{finding.rule} ({finding.target or ALL_TARGETS})")
    path = finding_path(report, finding)
    path = printable(path) if path else path
    props: dict[str, str | int | None] = {"file": path}
    if path and finding.line:
        props["line"] = finding.line
        if finding.column:
            props["endLine"] = finding.end_line
            props["col"] = finding.column
            props["endColumn"] = finding.end_column
    props["title"] = title
    return workflow_command(COMMANDS[finding.severity], props, message)


def render_github(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """One annotation per finding, errors first; nothing at all for a clean report."""
    del rules
    ordered = sorted(report.findings, key=lambda f: list(COMMANDS).index(f.severity))
    return "\n".join(_annotation(report, f) for f in ordered)


_MD_PUNCTUATION = set(string.punctuation) - set("&<>\"'")


def escape_markdown(value: object) -> str:
    """Plain text safe in GitHub Markdown, table cells included.

    HTML specials become entities; every other ASCII punctuation mark is backslash-escaped
    (CommonMark allows that for all of them), so no emphasis, link, ``|`` cell break, ``@``
    mention or ``#`` reference can come from user text. Newlines become ``<br>``.
    """
    shown = printable(str(value), keep_newlines=True)
    text = "".join(f"\\{c}" if c in _MD_PUNCTUATION else c for c in shown)
    text = html.escape(text, quote=True)
    return text.replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


_STATUS_MARK = {"errors": "❌ errors", "warnings": "⚠️ warnings", "publishable": "✅ publishable",
                "off": "⏸️ off by policy"}


def _finding_row(report: Report, finding: Finding) -> str:
    path = finding_path(report, finding)
    where = location(report, finding) if path else ""
    extra = [measured_vs_limit(finding) or ""]
    if finding.fixable:
        extra.append("adapt can fix")
    cells = [
        finding.severity,
        finding.rule,
        finding.message,
        "; ".join(e for e in extra if e),
        ", ".join(finding.sources),
        where,
    ]
    return "| " + " | ".join(escape_markdown(c) for c in cells) + " |"


def _table(
    report: Report, title: str, findings: tuple[Finding, ...], empty: str = "No findings."
) -> list[str]:
    lines = [f"#### {title}", ""]
    if not findings:
        return [*lines, empty, ""]
    return [
        *lines,
        "| Severity | Rule | Message | Measured / limit | Source | Location |",
        "| --- | --- | --- | --- | --- | --- |",
        *(_finding_row(report, f) for f in findings),
        "",
    ]


def _item_section(report: Report, group: ItemGroup) -> list[str]:
    heading = f"### {escape_markdown(group.item)}"
    if group.path:
        heading += f" ({escape_markdown(group.path)})"
    lines = [heading, ""]
    if group.common:
        title = f"{escape_markdown(ALL_TARGETS)}: {_STATUS_MARK[status_of(group.common)]}"
        lines += _table(report, title, group.common)
    if not group.targets and not group.common:
        lines += ["No targets checked.", ""]
    for target in group.targets:
        title = f"{escape_markdown(target.target)}: {_STATUS_MARK[group.status_for(target)]}"
        empty = f"Nothing of its own; see {ALL_TARGETS} above." if group.common else "No findings."
        lines += _table(report, title, target.findings, empty)
    return lines


def summary_markdown(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """A step summary for ``$GITHUB_STEP_SUMMARY``: verdict, counts, a table per item/target."""
    del rules
    verdict = "✅ publishable" if report.ok else "❌ not publishable"
    lines = [f"## crosspost: {verdict}", "", escape_markdown(summary_line(report)), ""]
    for group in group_report(report):
        lines += _item_section(report, group)
    return "\n".join(lines).rstrip("\n") + "\n"
