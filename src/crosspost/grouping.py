"""Item -> target grouping of a report, shared by every view that shows structure.

Grouping lives here once so that the text, JUnit, Markdown and HTML views can never disagree
about which finding belongs to which card, row or test case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from crosspost.report import SEVERITY_RANK, Finding, Report

Status = Literal["publishable", "warnings", "errors", "off"]
OFF_WORDS = "off by policy"
"""How a target switched off by policy (``Report.off``) is shown: it is not planned."""
ALL_TARGETS = "all targets"
"""Label for findings that carry no target: they hold for every target of the item."""


def status_of(findings: Iterable[Finding]) -> Status:
    """Errors block publishing, warnings deserve a look, infos alone are still publishable."""
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "errors"
    if "warning" in severities:
        return "warnings"
    return "publishable"


def by_severity(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most severe first; otherwise the report's own (deterministic) order."""
    return tuple(sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity]))


@dataclass(frozen=True)
class TargetGroup:
    """One target of one item and the findings made for that target only."""

    target: str
    findings: tuple[Finding, ...]
    off: bool = False  # switched off by policy: not planned or rendered


@dataclass(frozen=True)
class ItemGroup:
    """One item: findings for all its targets (``common``) and one group per target."""

    item: str
    path: str | None
    common: tuple[Finding, ...]
    targets: tuple[TargetGroup, ...]

    def findings_for(self, group: TargetGroup) -> tuple[Finding, ...]:
        """What holds for this target: its own findings and the item-wide ones."""
        return by_severity((*self.common, *group.findings))

    def status_for(self, group: TargetGroup) -> Status:
        if group.off:
            return "off"
        return status_of((*self.common, *group.findings))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*self.common, *(f for g in self.targets for f in g.findings))


def group_report(report: Report) -> tuple[ItemGroup, ...]:
    """Items in report order, then items only findings mention; targets likewise."""
    by_item: dict[str, list[Finding]] = {}
    for finding in report.findings:  # one pass: a repository has thousands of items
        by_item.setdefault(finding.item, []).append(finding)
    item_ids = list(report.items)
    known = set(item_ids)
    item_ids.extend(item for item in by_item if item not in known)
    groups: list[ItemGroup] = []
    for item in item_ids:
        own = by_item.get(item, [])
        off = set(report.off.get(item, ()))
        targets = list(report.targets.get(item, ()))
        targets.extend(dict.fromkeys(f.target for f in own if f.target and f.target not in targets))
        groups.append(
            ItemGroup(
                item=item,
                path=report.paths.get(item) or next((f.path for f in own if f.path), None),
                common=by_severity(f for f in own if f.target is None),
                targets=tuple(
                    TargetGroup(t, by_severity(f for f in own if f.target == t), t in off)
                    for t in targets
                ),
            )
        )
    return tuple(groups)


def distinct_targets(report: Report) -> list[str]:
    """Every target checked or mentioned, once, in first-seen order."""
    seen = [t for targets in report.targets.values() for t in targets]
    seen.extend(f.target for f in report.findings if f.target)
    return list(dict.fromkeys(seen))


def finding_path(report: Report, finding: Finding) -> str | None:
    """The finding's own file, else the item's post file, so annotations land somewhere."""
    return finding.path or report.paths.get(finding.item)
