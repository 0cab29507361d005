"""Terminal output: grouped by item then target, one line per finding, a summary line last.

Lines read ``path:line  severity  rule  message`` so editors and ``grep`` can jump to them.
User text is shown with control characters and bidi overrides escaped, so a post cannot move
the cursor, clear the screen, fake a line of output or reorder what the reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta

from .grouping import ALL_TARGETS, ItemGroup, finding_path, group_report
from .wording import summary_line

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SEVERITY_COLOUR = {"error": "31", "warning": "33", "info": "36"}
_STATUS_COLOUR = {"errors": "31", "warnings": "33", "publishable": "32"}


def printable(text: str) -> str:
    r"""Escape control characters (``\n``, ESC, bidi overrides) as visible ``\n``/``\x1b``."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        return named.get(
            char, f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        )

    return _CONTROL.sub(escape, text)


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _finding_line(report: Report, finding: Finding, color: bool) -> str:
    path = finding_path(report, finding)
    where = finding.item if path is None else path
    if path is not None and finding.line:
        where = f"{path}:{finding.line}"
    parts = [
        printable(where),
        _paint(f"{finding.severity:<7}", _SEVERITY_COLOUR[finding.severity], color),
        printable(finding.rule),
        printable(finding.message),
    ]
    line = "  ".join(parts)
    if finding.sources:
        line += _paint(f" (source: {printable(', '.join(finding.sources))})", "2", color)
    if finding.fixable:
        line += " (adapt can fix)"
    return "    " + line


def _item_lines(report: Report, group: ItemGroup, color: bool) -> list[str]:
    heading = printable(group.item)
    if group.path:
        heading += f" ({printable(group.path)})"
    lines = [_paint(heading, "1", color)]
    if group.common:
        lines.append(f"  {ALL_TARGETS}")
        lines.extend(_finding_line(report, f, color) for f in group.common)
    if not group.targets and not group.common:
        lines.append("  no targets checked")
    for target in group.targets:
        status = group.status_for(target)
        lines.append(
            f"  {printable(target.target)}  {_paint(status, _STATUS_COLOUR[status], color)}"
        )
        lines.extend(_finding_line(report, f, color) for f in target.findings)
        if not target.findings and group.common:
            lines.append(f"    (nothing of its own; see {ALL_TARGETS} above)")
    return lines


def render_text(
    report: Report, rules: Mapping[str, RuleMeta] | None = None, *, color: bool = False
) -> str:
    """The whole report for a terminal; ``color`` adds ANSI colour (the CLI decides when)."""
    del rules  # the message already says what is wrong; names would only repeat it
    lines: list[str] = []
    for group in group_report(report):
        lines.extend(_item_lines(report, group, color))
        lines.append("")
    counts = report.counts
    code = "31" if counts["error"] else "33" if counts["warning"] else "32"
    lines.append(_paint(summary_line(report), f"1;{code}", color))
    return "\n".join(lines)
