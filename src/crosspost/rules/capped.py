"""At most ``PER_RULE`` findings of one rule id from one rule run; the rest become one finding.

A rule that reports per hashtag or per mention would otherwise turn a hostile post of
100,000 one-case hashtags into 100,000 findings: a report no one reads, megabytes of SARIF
and annotations a CI system truncates (docs/security.md, bounded work). The summary keeps
the rule id, the worst severity and whether adapt fixes all of them, so the verdict (exit
code, publishable, fixable) is the one the full list would give.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..report import SEVERITY_RANK, Finding
from ..wording import plural

#: Findings listed per rule id, item and target; the rest are counted in one more finding.
PER_RULE = 50


def capped(findings: Iterable[Finding], per_rule: int = PER_RULE) -> list[Finding]:
    """``findings`` with at most ``per_rule`` of each rule id, then one summary per id."""
    kept: list[Finding] = []
    listed: dict[str, int] = {}
    over: dict[str, _LeftOut] = {}
    for finding in findings:
        rule = finding.rule
        if listed.get(rule, 0) < per_rule:
            listed[rule] = listed.get(rule, 0) + 1
            kept.append(finding)
        elif rule in over:
            over[rule].add(finding)
        else:
            over[rule] = _LeftOut(finding)
    return kept + [left.summary(per_rule) for left in over.values()]


class _LeftOut:
    """The findings of one rule id past the cap: how many, the worst, whether all are fixable,
    and the file and field only where they all share one (a summary names no medium)."""

    def __init__(self, first: Finding) -> None:
        self.first, self.worst, self.count = first, first, 1
        self.fixable = first.fixable
        self.path, self.field = first.path, first.field

    def add(self, finding: Finding) -> None:
        self.count += 1
        if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[self.worst.severity]:
            self.worst = finding
        self.fixable = self.fixable and finding.fixable
        self.path = self.path if finding.path == self.path else None
        self.field = self.field if finding.field == self.field else None

    def summary(self, per_rule: int) -> Finding:
        first, rule = self.first, self.first.rule
        return Finding(
            rule=rule, severity=self.worst.severity, item=first.item, target=first.target,
            tier=self.worst.tier, path=self.path, field=self.field,
            message=f"{plural(self.count, 'more finding')} of {rule} not listed "
                    f"(the first {per_rule} are)",
            measured=self.count, unit="findings", sources=self.worst.sources,
            fixable=self.fixable, hint=first.hint if self.count == 1 else None)
