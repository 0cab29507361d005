"""``--format html``: the notebook view wrapped in a complete, self-contained page.

The page forbids scripts and remote loads through its Content-Security-Policy, so a report
opened from a CI artefact cannot run or fetch anything even if escaping were ever to fail.
"""

from __future__ import annotations

from collections.abc import Mapping

from crosspost.html.report_view import report_html
from crosspost.report import Report
from crosspost.rules.meta import RuleMeta

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """A full HTML5 document around ``report_html``."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>crosspost report</title>\n"
        "<style>body{margin:0;background:#f6f8fa}main{padding:1rem}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{report_html(report, rules, level=1)}\n"
        "</main>\n</body>\n</html>"
    )
