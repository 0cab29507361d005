"""Terminal output: grouped by item then target, one line per finding, a summary line last.

Lines read ``path:line:column  severity  rule  message`` so editors and ``grep`` can jump to
them; where a source, hint or field would make a line long, ``verbose`` puts them on lines of
their own. ``render_concise`` is the one-line-per-finding form (``path:line:col: severity rule
[target] message``) that editors' problem matchers read.
User text goes through ``crosspost.printable``, so a post cannot move the cursor, clear the
screen, fake a line of output (or a CI command) or reorder what the reader sees.
"""

from __future__ import annotations

from collections.abc import Mapping

from crosspost.grouping import ALL_TARGETS, OFF_WORDS, ItemGroup, finding_path, group_report
from crosspost.printable import printable
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta
from crosspost.wording import measured_vs_limit, summary_line

_SEVERITY_COLOUR = {"error": "31", "warning": "33", "info": "36"}
_STATUS_COLOUR = {"errors": "31", "warnings": "33", "publishable": "32", "off": "2"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def location(report: Report, finding: Finding) -> str:
    """``path:line:column`` as far as known; the item id when the finding has no file."""
    path = finding_path(report, finding)
    if path is None:
        return finding.item
    if not finding.line:
        return path
    return f"{path}:{finding.line}:{finding.column}" if finding.column else f"{path}:{finding.line}"


def _details(finding: Finding, color: bool) -> list[str]:
    """What verbose output adds under a finding: the numbers, field, hint and sources."""
    details = []
    numbers = measured_vs_limit(finding)
    if numbers:
        details.append(f"measured: {numbers}" + (f" ({finding.tier})" if finding.tier else ""))
    if finding.field:
        details.append(f"field: {finding.field}")
    if finding.hint:
        details.append(f"hint: {finding.hint}")
    details += [f"source: {source}" for source in finding.sources]
    return [_paint(f"        {printable(d)}", "2", color) for d in details]


def _finding_lines(report: Report, finding: Finding, color: bool, verbose: bool) -> list[str]:
    parts = [
        printable(location(report, finding)),
        _paint(f"{finding.severity:<7}", _SEVERITY_COLOUR[finding.severity], color),
        printable(finding.rule),
        printable(finding.message),
    ]
    line = "  ".join(parts)
    if finding.fixable:
        line += " (adapt can fix)"
    return ["    " + line, *(_details(finding, color) if verbose else ())]


def _item_lines(
    report: Report, group: ItemGroup, color: bool, verbose: bool
) -> list[str]:
    heading = printable(group.item)
    if group.path:
        heading += f" ({printable(group.path)})"
    lines = [_paint(heading, "1", color)]
    if group.common:
        lines.append(f"  {ALL_TARGETS}")
        for finding in group.common:
            lines += _finding_lines(report, finding, color, verbose)
    if not group.targets and not group.common:
        lines.append("  no targets checked")
    for target in group.targets:
        status = group.status_for(target)
        shown = OFF_WORDS if status == "off" else status
        lines.append(
            f"  {printable(target.target)}  {_paint(shown, _STATUS_COLOUR[status], color)}"
        )
        for finding in target.findings:
            lines += _finding_lines(report, finding, color, verbose)
        if not target.findings and group.common and not target.off:
            lines.append(f"    (nothing of its own; see {ALL_TARGETS} above)")
    return lines


def _summary(report: Report, color: bool) -> str:
    counts = report.counts
    code = "31" if counts["error"] else "33" if counts["warning"] else "32"
    return _paint(summary_line(report), f"1;{code}", color)


def render_text(
    report: Report,
    rules: Mapping[str, RuleMeta] | None = None,
    *,
    color: bool = False,
    verbose: bool = False,
) -> str:
    """The whole report for a terminal; ``color`` adds ANSI colour (the CLI decides when),
    ``verbose`` the numbers, field, hint and sources under each finding."""
    del rules  # the message already says what is wrong; names would only repeat it
    lines: list[str] = []
    for group in group_report(report):
        lines.extend(_item_lines(report, group, color, verbose))
        lines.append("")
    lines.append(_summary(report, color))
    return "\n".join(lines)


def _position_key(report: Report, finding: Finding) -> tuple[str, int, int]:
    return (finding_path(report, finding) or finding.item, finding.line or 0, finding.column or 0)


def render_concise(
    report: Report,
    rules: Mapping[str, RuleMeta] | None = None,
    *,
    color: bool = False,
    verbose: bool = False,
    summary: bool = True,
) -> str:
    """One ``path:line:col: severity rule [target] message`` line per finding, in file order;
    the summary line last unless ``summary`` is off (``--quiet``)."""
    del rules
    lines: list[str] = []
    for finding in sorted(report.findings, key=lambda f: _position_key(report, f)):
        target = f" [{printable(finding.target)}]" if finding.target else ""
        severity = _paint(finding.severity, _SEVERITY_COLOUR[finding.severity], color)
        fix = " (adapt can fix)" if finding.fixable else ""
        lines.append(f"{printable(location(report, finding))}: {severity} "
                     f"{printable(finding.rule)}{target} {printable(finding.message)}{fix}")
        if verbose:
            lines += _details(finding, color)
    if summary:
        lines.append(_summary(report, color))
    return "\n".join(lines)
