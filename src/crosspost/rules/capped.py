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
    # per rule id: the first finding left out, how many, the worst, whether all are fixable
    over: dict[str, tuple[Finding, int, Finding, bool]] = {}
    for finding in findings:
        rule = finding.rule
        if listed.get(rule, 0) < per_rule:
            listed[rule] = listed.get(rule, 0) + 1
            kept.append(finding)
            continue
        first, count, worst, fixable = over.get(rule, (finding, 0, finding, True))
        if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst.severity]:
            worst = finding
        over[rule] = (first, count + 1, worst, fixable and finding.fixable)
    for rule, (first, count, worst, fixable) in over.items():
        kept.append(Finding(
            rule=rule, severity=worst.severity, item=first.item, target=first.target,
            tier=worst.tier, path=first.path, field=first.field,
            message=f"{plural(count, 'more finding')} of {rule} not listed "
                    f"(the first {per_rule} are)",
            measured=count, unit="findings", sources=worst.sources, fixable=fixable,
            hint=first.hint if count == 1 else None,
        ))
    return kept
