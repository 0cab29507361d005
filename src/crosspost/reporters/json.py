"""A versioned JSON document for scripts: summary, per-item status and the raw finding records.

``schema`` changes only when a key is removed or changes meaning, so consumers can check it
instead of guessing. Key order is fixed (dicts built in order, never sorted at dump time).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crosspost.grouping import distinct_targets, group_report, status_of
from crosspost.printable import json_safe
from crosspost.report import Finding, Report
from crosspost.rules.meta import RuleMeta

from .about import TOOL_NAME, tool_version

SCHEMA_VERSION = 1


def _counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    return {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
    }


def document(report: Report) -> dict[str, Any]:
    """The JSON document as Python data (for callers that embed it elsewhere)."""
    groups = group_report(report)
    items = [
        {
            "id": g.item,
            "path": g.path,
            "status": status_of(g.findings),
            "counts": _counts(g.findings),
            "targets": [
                {
                    "target": t.target,
                    "status": g.status_for(t),
                    "counts": _counts(g.findings_for(t)),
                }
                for t in g.targets
            ],
        }
        for g in groups
    ]
    summary = {
        **_counts(report.findings),
        "fixable": sum(f.fixable for f in report.findings),
        "items": len(groups),
        "targets": len(distinct_targets(report)),
        "ok": report.ok,
    }
    return {
        TOOL_NAME: tool_version(),
        "schema": SCHEMA_VERSION,
        "summary": summary,
        "items": items,
        "findings": report.records(),
    }


def render_json(report: Report, rules: Mapping[str, RuleMeta] | None = None) -> str:
    """Pretty, UTF-8 friendly JSON (``ensure_ascii=False``: Dutch and emoji stay readable)."""
    del rules  # rule documentation belongs to `crosspost rules --format json`, not each report
    return json_safe(json.dumps(document(report), ensure_ascii=False, indent=2))
