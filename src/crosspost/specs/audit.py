"""Audit the spec data, so that a CI gate can stand on it.

A hard limit (the `limits` tier, conditional variants included) passes when a primary source
backs it that was read first-hand, or when the file gives a reasoned `accepted:` for it, and
when it was confirmed within ``max_age_days``. For a limit with a first-hand primary source the
age is that of its last first-hand primary reading: a newer confirmation made only through a
secondary guide or a second-hand copy does not make it current (`confirmed_by` says which
sources a `confirmed` date was checked against), and is reported. Everything else the audit
sees is reported without failing: recommended values on secondary or second-hand sources,
sources without an address, accepted values, and the gaps a file records under `unsourced`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from .platform import PlatformSpec, iter_sourced, sourced_parts
from .sourced import Sourced

Kind = Literal["secondary", "second-hand", "secondary-confirmation", "stale", "no-url",
               "accepted", "gap"]


@dataclass(frozen=True)
class AuditIssue:
    """One audit result; only ``failing`` ones make `specs audit` exit 1."""

    platform: str
    field: str
    problem: str
    kind: Kind
    failing: bool
    confirmed: str | None = None
    first_hand_primary: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AuditedValue:
    """One value of a spec with what the audit found out about its provenance."""

    platform: str
    field: str
    tier: str
    value: Sourced
    refs: tuple[str, ...]
    confirmed: date
    dated_by_file: bool = False
    block_confirmed: date | None = None
    block_confirmed_by: tuple[str, ...] = ()


def audited_values(spec: PlatformSpec) -> Iterator[AuditedValue]:
    """Every value of the limits and recommended tiers (conditional variants too) and of the
    format's display facts; only the limits are hard."""
    for key, fmt in spec.formats.items():
        for tier, constraints in sourced_parts(fmt):
            base = list(fmt.source)
            for path, value, refs in iter_sourced(constraints, base, ("formats", key, tier)):
                block_date, block_by = _block_confirmed(constraints, path[3:])
                when, by_file = confirmed_on(spec, value, refs, block_date)
                yield AuditedValue(spec.id, ".".join(map(str, path)), tier, value, tuple(refs),
                                   when, by_file, block_date, tuple(block_by))


def _block_confirmed(model: Any, path: tuple[str | int, ...]) -> tuple[date | None, list[str]]:
    """The `confirmed` date (and `confirmed_by`) of the innermost block on ``path`` that has
    one."""
    found: date | None = getattr(model, "confirmed", None)
    by: list[str] = list(getattr(model, "confirmed_by", []))
    node = model
    for part in path[:-1]:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            node = getattr(node, part, None)
        if node is None:
            break
        when = None if isinstance(node, Sourced) else getattr(node, "confirmed", None)
        if isinstance(node, BaseModel) and when is not None:
            found, by = when, list(getattr(node, "confirmed_by", []))
    return found, by


def confirmed_on(spec: PlatformSpec, value: Sourced, refs: list[str],
                 block: date | None = None) -> tuple[date, bool]:
    """The value's own `confirmed` date, else its block's, else the newest reading of its
    sources, else the file's `verified` date; and whether it came from the file alone."""
    if value.confirmed is not None:
        return value.confirmed, False
    if block is not None:
        return block, False
    sources = [spec.sources[r] for r in refs if r in spec.sources]
    dates = [s.checked or spec.verified for s in sources]
    by_file = all(s.checked is None for s in sources)
    return max(dates, default=spec.verified), by_file


def audit(
    platforms: dict[str, PlatformSpec], *, max_age_days: int, today: date | None = None
) -> list[AuditIssue]:
    """What stands between the data and a passing gate, and what a maintainer should know."""
    today = today or date.today()
    issues: list[AuditIssue] = []
    for pid, spec in sorted(platforms.items()):
        for sid, source in spec.sources.items():
            if not source.url:
                issues.append(AuditIssue(pid, f"sources.{sid}", "source has no address (url)",
                                         "no-url", failing=False))
        for item in audited_values(spec):
            issues.extend(_judge(spec, item, max_age_days, today))
        for missing in spec.unsourced:
            issues.append(AuditIssue(pid, "unsourced", missing, "gap", failing=False))
    return issues


def dated_by_file_only(platforms: dict[str, PlatformSpec]) -> int:
    """How many hard limits carry no date of their own, their block's or their sources': only
    the file's `verified` date, which says little about when each was last confirmed."""
    return sum(item.dated_by_file for spec in platforms.values()
               for item in audited_values(spec) if item.tier == "limits")


def first_hand_primary_date(spec: PlatformSpec, item: AuditedValue) -> date | None:
    """When the value was last confirmed against a primary source read first-hand (None: it
    has none). A `confirmed` date counts when `confirmed_by` names such a source, or, without
    `confirmed_by`, when every source of the value is one; otherwise the sources' own dates."""
    ids = [r for r in item.refs if r in spec.sources]
    primary = [r for r in ids if _first_hand_primary(spec, r)]
    if not primary:
        return None
    dates = [spec.sources[r].checked or spec.verified for r in primary]
    value = item.value
    when, by = ((value.confirmed, list(value.confirmed_by)) if value.confirmed is not None
                else (item.block_confirmed, list(item.block_confirmed_by)))
    if when is not None and (
            (by and any(r in primary for r in by)) or (not by and len(primary) == len(ids))):
        dates.append(when)
    return max(dates)


def _first_hand_primary(spec: PlatformSpec, ref: str) -> bool:
    source = spec.sources[ref]
    return source.kind == "primary" and source.read == "first-hand"


def _judge(spec: PlatformSpec, item: AuditedValue, max_age: int,
           today: date) -> Iterator[AuditIssue]:
    hard = item.tier == "limits"
    sources = [spec.sources[r] for r in item.refs if r in spec.sources]
    primary = [s for s in sources if s.kind == "primary"]
    first_hand = [s for s in primary if s.read == "first-hand"]
    when = item.confirmed.isoformat()
    reasons = [item.value.accepted] if item.value.accepted else [
        f"{r}: {spec.sources[r].accepted}" for r in item.refs
        if r in spec.sources and spec.sources[r].accepted]
    if not first_hand:
        if reasons:
            yield AuditIssue(item.platform, item.field, "accepted: " + "; ".join(reasons),
                             "accepted", failing=False, confirmed=when)
        elif primary:
            yield AuditIssue(item.platform, item.field,
                             "primary source read second-hand only ("
                             + ", ".join(r for r in item.refs
                                         if spec.sources[r].kind == "primary") + ")",
                             "second-hand", failing=hard, confirmed=when)
        else:
            yield AuditIssue(item.platform, item.field, "no primary source (secondary only)",
                             "secondary", failing=hard, confirmed=when)
    checked = item.confirmed
    primary_when = first_hand_primary_date(spec, item)
    if primary_when is not None and primary_when < item.confirmed:
        # The newest confirmation came through a guide or a copy, not the platform's own page.
        yield AuditIssue(item.platform, item.field,
                         f"confirmed {when} only through secondary or second-hand sources (or "
                         "without `confirmed_by` naming the first-hand primary source); last "
                         f"first-hand primary reading {primary_when.isoformat()}",
                         "secondary-confirmation", failing=False, confirmed=when,
                         first_hand_primary=primary_when.isoformat())
        checked = primary_when
    age = (today - checked).days
    if age > max_age:
        yield AuditIssue(item.platform, item.field,
                         f"confirmed {age} days ago ({checked.isoformat()}); the limit is "
                         f"{max_age} days", "stale", failing=hard, confirmed=when,
                         first_hand_primary=None if primary_when is None
                         else primary_when.isoformat())
