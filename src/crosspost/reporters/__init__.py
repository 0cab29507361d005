"""Output formats: one record stream (a ``Report``), many small reporters over it.

Each format is a function ``(report, rules) -> str`` in its own module; adding a format means
adding a module and one line to ``REPORTERS``, never a branch in the CLI. ``rules`` is the rule
metadata by id (``crosspost.rules.registry.rule_catalogue()``); formats that document rules
(SARIF) use it, the others may ignore it. Returned text has no trailing newline except the
Markdown step summary, which is appended to a file.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from crosspost.report import Report
from crosspost.rules.meta import RuleMeta

if TYPE_CHECKING:
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


#: Where each public function lives: a format's module (and what it imports, such as
#: xml.etree for JUnit) is imported when that format is used, not by every command.
_FUNCTIONS = {
    "render_text": "text",
    "render_json": "json",
    "render_github": "github",
    "summary_markdown": "github",
    "render_sarif": "sarif",
    "render_junit": "junit",
    "render_html": "html",
}


def _load(name: str) -> Any:
    return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)


class _Lazy:
    """A format's function, imported on its first call."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __call__(self, report: Report, rules: Mapping[str, RuleMeta]) -> str:
        result: str = _load(self.__name__)(report, rules)
        return result


REPORTERS: dict[str, Reporter] = {
    "text": _Lazy("render_text"),
    "json": _Lazy("render_json"),
    "github": _Lazy("render_github"),
    "sarif": _Lazy("render_sarif"),
    "junit": _Lazy("render_junit"),
    "html": _Lazy("render_html"),
}


def __getattr__(name: str) -> Any:
    if name in _FUNCTIONS:
        return _load(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(report: Report, fmt: str, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """Render ``report`` in format ``fmt``; ``rules`` defaults to none (ids only)."""
    try:
        reporter = REPORTERS[fmt]
    except KeyError:
        formats = ", ".join(sorted(REPORTERS))
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {formats}") from None
    return reporter(report, rules or {})
