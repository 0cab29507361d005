"""`crosspost rule ID`: a rule's documentation with failing and passing examples (`ruff rule`)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import ConfigError
from .common import emit


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "rule", help="explain a rule: why it exists, what fails and what passes"
    )
    parser.add_argument("rule_id", nargs="?", metavar="ID",
                        help="a rule id such as text.hashtags (an old alias works too); "
                        "without it, list every rule")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..reporters.about import rule_help_uri
    from ..rules.registry import rule_catalogue, unknown_rule

    catalogue = rule_catalogue()
    metas = list({meta.id: meta for meta in catalogue.values()}.values())
    if args.rule_id is None:
        if args.format == "json":
            emit(json.dumps([{"id": m.id, "name": m.name, "summary": m.summary} for m in metas],
                            indent=2, ensure_ascii=False), None)
        else:
            width = max(len(m.id) for m in metas)
            emit("\n".join(f"{m.id:<{width}}  {m.name}" for m in metas), None)
        return 0
    meta = catalogue.get(args.rule_id)
    if meta is None:
        raise ConfigError(unknown_rule(args.rule_id) or args.rule_id)
    doc = {
        "id": meta.id,
        "name": meta.name,
        "summary": meta.summary,
        "why": meta.why,
        "fixable": meta.fixable,
        "aliases": list(meta.aliases),
        "failing": list(meta.failing),
        "passing": list(meta.passing),
        "help_uri": rule_help_uri(meta.id),
    }
    if args.format == "json":
        emit(json.dumps(doc, indent=2, ensure_ascii=False), None)
        return 0
    lines = [f"{meta.id}: {meta.name}", "", meta.summary, "", f"Why: {meta.why}", "",
             f"Fixable by adapt: {'yes' if meta.fixable else 'no'}"]
    if meta.aliases:
        lines.append(f"Also known as: {', '.join(meta.aliases)}")
    if meta.failing:
        lines += ["", "Fails:", *(f"  - {example}" for example in meta.failing)]
    if meta.passing:
        lines += ["", "Passes:", *(f"  - {example}" for example in meta.passing)]
    lines += ["", f"More: {doc['help_uri']}"]
    emit("\n".join(lines), None)
    return 0
