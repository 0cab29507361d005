"""Findings and reports: frozen values that every reporter and the notebook view read.

A finding is data, never an exception (sqlfluff's `core/errors.py` explains the pain of the other
way): one rule can report many findings, and a report can be filtered, counted and serialised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "info", "never"]
Tier = Literal["limits", "recommended", "policy"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
TIER_SEVERITY: dict[str, Severity] = {"limits": "error", "recommended": "warning"}


class Finding(BaseModel):
    """One thing wrong with one item for one target (or for every target)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rule: str = Field(description="Stable rule id, e.g. `text.length`.")
    severity: Severity
    message: str = Field(description="Plain sentence with the measured value and the limit.")
    item: str = Field(description="Id of the source item.")
    target: str | None = Field(default=None, description="`platform.format`, or none.")
    tier: Tier | None = Field(default=None, description="Which tier the limit came from.")
    path: str | None = Field(default=None, description="File the finding points at.")
    line: int | None = Field(default=None, description="1-based line in that file.")
    column: int | None = Field(
        default=None,
        description="1-based column of the text the finding is about, in characters (a tab "
        "is one); set only when the finding points at a span of the post's text.",
    )
    end_line: int | None = Field(default=None, description="Line where that span ends.")
    end_column: int | None = Field(
        default=None, description="Column just after the span's last character (exclusive)."
    )
    field: str | None = Field(default=None, description="Field path in the post or media.")
    measured: float | str | None = Field(default=None, description="What was measured.")
    limit: float | str | None = Field(default=None, description="The limit it was held to.")
    unit: str | None = Field(default=None, description="Unit or counting method.")
    sources: tuple[str, ...] = Field(default=(), description="Where the limit comes from.")
    fixable: bool = Field(default=False, description="`crosspost adapt` can fix this.")
    hint: str | None = Field(default=None, description="How to fix it by hand.")

    @property
    def location(self) -> str:
        """``path:line:column``, as far as known; the item id when there is no file."""
        if self.path is None:
            return self.item
        if not self.line:
            return self.path
        where = f"{self.path}:{self.line}"
        return f"{where}:{self.column}" if self.column else where


class Report(BaseModel):
    """Findings for a set of items and targets."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    findings: tuple[Finding, ...] = ()
    items: tuple[str, ...] = Field(default=(), description="Ids of the items checked.")
    targets: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Targets checked, per item id."
    )
    paths: dict[str, str] = Field(default_factory=dict, description="Post file per item id.")
    off: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Targets switched off by policy (its `disabled` list), per item id: only "
        "`target.disabled` is reported for them; they are not planned or rendered.",
    )

    def __iter__(self) -> Iterator[Finding]:  # type: ignore[override]
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {name: counter.get(name, 0) for name in ("error", "warning", "info")}

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return self.counts["error"] == 0

    def exit_code(self, fail_on: FailOn = "error") -> int:
        """0 when nothing is at or above ``fail_on``, else 1 (2 is for could-not-run)."""
        if fail_on == "never":
            return 0
        floor = SEVERITY_RANK[fail_on]
        return int(any(SEVERITY_RANK[f.severity] >= floor for f in self.findings))

    def for_target(self, item: str, target: str | None) -> list[Finding]:
        return [f for f in self.findings if f.item == item and f.target in (target, None)]

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per finding, every field a key: the `findings` of
        `crosspost check --format json`, and the rows of ``to_pandas()``."""
        return [f.model_dump(mode="json") for f in self.findings]

    def records(self) -> list[dict[str, Any]]:
        """The older name of ``to_records()``."""
        return self.to_records()

    def to_pandas(self) -> Any:
        """The findings as a ``pandas.DataFrame``, one row per finding and one column per
        field (also when there are none). pandas is optional: ``pip install pandas``."""
        try:
            import pandas as pd  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            raise ImportError(
                "Report.to_pandas() needs pandas, which crosspost does not install: "
                "pip install pandas (or crosspost[pandas])"
            ) from None
        return pd.DataFrame.from_records(self.to_records(), columns=list(Finding.model_fields))

    def merged(self, other: Report) -> Report:
        return merge_reports((self, other))

    def __repr__(self) -> str:
        """One line: what was checked and the counts (the HTML view holds the findings)."""
        c = self.counts
        targets = len({t for ts in self.targets.values() for t in ts})
        return (f"<Report of {_n(len(self.items), 'item')}, {_n(targets, 'target')}: "
                f"{_n(c['error'], 'error')}, {_n(c['warning'], 'warning')}, "
                f"{_n(c['info'], 'info')}>")

    def _repr_html_(self) -> str:
        from .html.report_view import report_html

        return report_html(self)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def merge_reports(reports: Iterable[Report]) -> Report:
    """One report from several (one per item, say)."""
    findings: list[Finding] = []
    items: dict[str, None] = {}  # ordered and without repeats, in linear time
    targets: dict[str, tuple[str, ...]] = {}
    paths: dict[str, str] = {}
    off: dict[str, tuple[str, ...]] = {}
    for report in reports:
        findings.extend(report.findings)
        items.update(dict.fromkeys(report.items))
        targets.update(report.targets)
        paths.update(report.paths)
        off.update(report.off)
    return Report(findings=tuple(findings), items=tuple(items), targets=targets, paths=paths,
                  off=off)
