"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDE viewers).

One run; the driver lists every rule we know (sorted by id, so ``ruleIndex`` is stable across
runs), plus a bare ``{"id"}`` entry for any rule a finding names that the metadata lacks. Each
result carries the target in its message and properties, because one post line is usually
checked against several platforms and dashboards would otherwise merge those results.

``partialFingerprints`` keep code scanning's alerts apart and alive: one per finding (rule,
item, target, tier, field, file and the measured subject, such as the hashtag), without line
or column so that an alert survives lines moving above it. Columns count Unicode code points
(``columnKind``), as Python strings do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from crosspost.grouping import finding_path
from crosspost.printable import json_safe
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta

from .about import TOOL_NAME, information_uri, rule_help_uri, tool_version

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def artifact_uri(path: str, root: Path | None = None) -> tuple[str, bool]:
    """A URI reference for ``path`` and whether it is relative to the source root.

    Relative paths stay relative (percent-encoded, so ``:`` or ``%`` in a name cannot turn it
    into a scheme or an escape); absolute ones are made relative to ``root`` when inside it,
    else become ``file://`` URIs.
    """
    posix = path.replace("\\", "/")
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            posix = candidate.relative_to(root or Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_uri(), False
    return quote(str(PurePosixPath(posix)), safe="/"), True


def _descriptor(meta: RuleMeta, level: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": meta.id}
    aliases = [a for a in dict.fromkeys(meta.aliases) if a != meta.id]
    if aliases:
        entry["deprecatedIds"] = aliases
    entry["name"] = meta.name
    entry["shortDescription"] = {"text": meta.summary}
    entry["fullDescription"] = {"text": meta.why}
    help_text = meta.why
    if meta.failing:
        help_text += "\n\nFails: " + "; ".join(meta.failing)
    if meta.passing:
        help_text += "\n\nPasses: " + "; ".join(meta.passing)
    entry["help"] = {"text": help_text}
    entry["helpUri"] = rule_help_uri(meta.id)
    if level:
        entry["defaultConfiguration"] = {"level": level}
    entry["properties"] = {"fixable": meta.fixable}
    return entry


def _highest_levels(report: Report, canonical: Mapping[str, str]) -> dict[str, str]:
    """Per rule, the most severe level it reported here (RuleMeta has no default severity)."""
    order = list(LEVELS)
    best: dict[str, str] = {}
    for f in report.findings:
        rule = canonical.get(f.rule, f.rule)
        if rule not in best or order.index(f.severity) < order.index(best[rule]):
            best[rule] = f.severity
    return {rule: LEVELS[sev] for rule, sev in best.items()}


def _rules(
    report: Report, rules: Mapping[str, RuleMeta]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rule descriptors sorted by id, and a map from every known id or alias to its id."""
    metas = {meta.id: meta for meta in rules.values()}
    canonical = {key: meta.id for key, meta in rules.items()} | {i: i for i in metas}
    levels = _highest_levels(report, canonical)
    unknown = {f.rule for f in report.findings if f.rule not in canonical}
    descriptors = [_descriptor(metas[i], levels.get(i)) for i in metas]
    descriptors += [{"id": i} for i in unknown]
    descriptors.sort(key=lambda d: str(d["id"]))
    return descriptors, canonical


def fingerprint_key(finding: Finding, rule_id: str, path: str | None) -> str:
    """What makes a finding the same one in the next run: never its line or column."""
    subject = finding.measured if isinstance(finding.measured, str) else ""
    parts = (rule_id, finding.item, finding.target, finding.tier, finding.field, path, subject)
    return "\x1f".join("" if v is None else str(v) for v in parts)


def _fingerprints(report: Report, canonical: Mapping[str, str]) -> list[str]:
    """One fingerprint per finding, in report order; findings that share every part of
    their key (the same hashtag twice) are told apart by their order of appearance."""
    seen: dict[str, int] = {}
    out = []
    for finding in report.findings:
        key = fingerprint_key(
            finding, canonical.get(finding.rule, finding.rule), finding_path(report, finding)
        )
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        digest = hashlib.sha256(f"{key}\x1f{nth}".encode()).hexdigest()
        out.append(digest)
    return out


def _region(finding: Finding) -> dict[str, int] | None:
    if not finding.line or finding.line < 1:
        return None
    region = {"startLine": finding.line}
    if finding.column and finding.end_line and finding.end_column:
        region |= {"startColumn": finding.column, "endLine": finding.end_line,
                   "endColumn": finding.end_column}
    return region


def _result(
    report: Report, finding: Finding, rule_id: str, index: int, root: Path | None, print_: str
) -> dict[str, Any]:
    text = f"{finding.target}: {finding.message}" if finding.target else finding.message
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
    }
    path = finding_path(report, finding)
    if path:
        uri, relative = artifact_uri(path, root)
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = SRCROOT
        physical: dict[str, Any] = {"artifactLocation": location}
        region = _region(finding)
        if region:
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    result["partialFingerprints"] = {"crosspostFinding/v2": print_}
    props: dict[str, Any] = {
        "target": finding.target,
        "item": finding.item,
        "measured": finding.measured,
        "limit": finding.limit,
        "unit": finding.unit,
        "tier": finding.tier,
        "fixable": finding.fixable,
    }
    if finding.field:
        props["field"] = finding.field
    if finding.sources:
        props["sources"] = list(finding.sources)
    if finding.hint:
        props["hint"] = finding.hint
    result["properties"] = props
    return result


def sarif_log(
    report: Report, rules: Mapping[str, RuleMeta] | None = None, *, root: Path | None = None
) -> dict[str, Any]:
    """The SARIF log as Python data; ``root`` (default: cwd) relativises absolute paths."""
    descriptors, canonical = _rules(report, rules or {})
    index = {str(d["id"]): i for i, d in enumerate(descriptors)}
    results = []
    prints = _fingerprints(report, canonical)
    for finding, print_ in zip(report.findings, prints, strict=True):
        rule_id = canonical.get(finding.rule, finding.rule)
        results.append(_result(report, finding, rule_id, index[rule_id], root, print_))
    driver = {
        "name": TOOL_NAME,
        "version": tool_version(),
        "informationUri": information_uri(),
        "rules": descriptors,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """SARIF 2.1.0 JSON; pass the rule catalogue so dashboards can show names and help."""
    return json_safe(json.dumps(sarif_log(report, rules), ensure_ascii=False, indent=2))
