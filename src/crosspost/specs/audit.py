"""Audit the spec data: values not checked for a long time, values without a primary source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .platform import PlatformSpec, iter_source_refs


@dataclass(frozen=True)
class AuditIssue:
    """One audit result; ``kind`` gap (a value knowingly left out) does not fail the audit."""

    platform: str
    field: str
    problem: str
    kind: Literal["stale", "secondary", "gap"]


def audit(
    platforms: dict[str, PlatformSpec], *, max_age_days: int, today: date | None = None
) -> list[AuditIssue]:
    """Stale sources and values backed only by secondary sources."""
    today = today or date.today()
    issues: list[AuditIssue] = []
    for pid, spec in sorted(platforms.items()):
        age = (today - spec.verified).days
        if age > max_age_days:
            issues.append(
                AuditIssue(pid, "verified", f"checked {age} days ago ({spec.verified})", "stale")
            )
        for sid, source in spec.sources.items():
            checked = source.checked
            if checked and (today - checked).days > max_age_days:
                read = f"last read {(today - checked).days} days ago"
                issues.append(AuditIssue(pid, f"sources.{sid}", read, "stale"))
        for path, refs in iter_source_refs(spec):
            if path[-1] == "disputed":
                continue
            kinds = {spec.sources[r].kind for r in refs if r in spec.sources}
            if "primary" not in kinds:
                field = ".".join(map(str, path))
                issues.append(
                    AuditIssue(pid, field, "no primary source (secondary only)", "secondary")
                )
        for missing in spec.unsourced:
            issues.append(AuditIssue(pid, "unsourced", missing, "gap"))
    return issues
