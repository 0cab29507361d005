"""Output formats: one record stream (a ``Report``), many small reporters over it.

Each format is a function ``(report, rules) -> str`` in its own module; adding a format means
adding a module and one line to ``REPORTERS``, never a branch in the CLI. ``rules`` is the rule
metadata by id (``crosspost.rules.registry.rule_catalogue()``); formats that document rules
(SARIF) use it, the others may ignore it. Returned text has no trailing newline except the
Markdown step summary, which is appended to a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from crosspost.report import Report
from crosspost.rules.meta import RuleMeta

from .github import render_github, summary_markdown
from .html import render_html
from .json import render_json
from .junit import render_junit
from .sarif import render_sarif
from .text import render_text

__all__ = [
    "REPORTERS",
    "Reporter",
    "render",
    "render_github",
    "render_html",
    "render_json",
    "render_junit",
    "render_sarif",
    "render_text",
    "summary_markdown",
]


class Reporter(Protocol):
    """A format: the whole report and the rule metadata in, the whole output out."""

    def __call__(self, report: Report, rules: Mapping[str, RuleMeta]) -> str: ...


REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
    "html": render_html,
}


def render(report: Report, fmt: str, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """Render ``report`` in format ``fmt``; ``rules`` defaults to none (ids only)."""
    try:
        reporter = REPORTERS[fmt]
    except KeyError:
        formats = ", ".join(sorted(REPORTERS))
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {formats}") from None
    return reporter(report, rules or {})
