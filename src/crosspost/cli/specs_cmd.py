"""`crosspost specs`: list, show, validate, schema and audit the platform data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..printable import json_safe, printable
from ..schemas import SCHEMA_KINDS
from .common import add_project_options, emit, project


def register(commands: Any) -> None:
    parser = commands.add_parser("specs", help="list, show, validate and audit platform specs")
    sub = parser.add_subparsers(dest="specs_command", required=True, metavar="SUBCOMMAND")

    listing = sub.add_parser("list", help="every known target")
    _add_format(listing)
    add_project_options(listing)
    listing.set_defaults(run=run_list)

    show = sub.add_parser("show", help="one target's resolved spec, each value with its source")
    show.add_argument("target", help="a target such as instagram.reel, or a platform (x)")
    _add_format(show)
    add_project_options(show)
    show.set_defaults(run=run_show)

    validate = sub.add_parser(
        "validate", help="validate spec files (or policy files with --as-policy)"
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                          help="spec files or folders (policy files with --as-policy)")
    validate.add_argument("--as-policy", action="store_true", help="the files are policies")
    validate.set_defaults(run=run_validate)

    schema = sub.add_parser(
        "schema", help="print or write the JSON Schema of spec, policy, configuration and other "
        "files")
    schema.add_argument("--kind", choices=tuple(SCHEMA_KINDS), default="spec",
                        help="which schema to print (ignored with --out, which writes all)")
    schema.add_argument("--out", type=Path, help="write every schema file into this folder")
    schema.set_defaults(run=run_schema)

    audit = sub.add_parser(
        "audit", help="gate the data: every hard limit sourced first-hand and recently confirmed"
    )
    audit.add_argument("--max-age", type=int, default=180, metavar="DAYS",
                       help="hard limits confirmed longer ago than this fail (default 180)")
    audit.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default) or json")
    audit.add_argument("--json", action="store_const", const="json", dest="format",
                       help=argparse.SUPPRESS)  # the old spelling; --format json
    add_project_options(audit)
    audit.set_defaults(run=run_audit)

    instance = sub.add_parser(
        "from-instance",
        help="write a spec for a Mastodon instance from its /api/v2/instance document",
    )
    instance.add_argument("source", metavar="SOURCE",
                          help="a saved /api/v2/instance document (JSON file), or with --fetch "
                          "the instance's address (https://social.example)")
    instance.add_argument("--fetch", action="store_true",
                          help="download the document from the address in SOURCE (never "
                          "done without this option)")
    instance.add_argument("--id", dest="spec_id", metavar="ID",
                          help="the spec id, and so the target name (default: from the domain)")
    instance.add_argument("--out", "-o", type=Path, metavar="FILE",
                          help="write the spec here (default: standard output)")
    instance.set_defaults(run=run_from_instance)


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    # The old spelling, kept working: every command says --format now.
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        help=argparse.SUPPRESS)


def run_list(args: argparse.Namespace) -> int:
    specs = project(args).specs
    rows: list[dict[str, Any]] = []
    for pid, spec in specs.platforms.items():
        for fmt in spec.formats.values():
            rows.append(
                {
                    "target": fmt.id,
                    "platform": spec.name,
                    "format": fmt.name,
                    "kind": fmt.kind,
                    "media": list(fmt.media),
                    "verified": spec.verified.isoformat(),
                    "default": fmt.id == f"{pid}.{spec.default_format}",
                    "enabled": specs.enabled(fmt.id),
                    "file": specs.origins.get(pid),
                }
            )
    if args.format == "json":
        emit(json_safe(json.dumps(rows, indent=2, ensure_ascii=False)), None)
        return 0
    width = max((len(r["target"]) for r in rows), default=10)
    lines = [f"{'TARGET':<{width}}  {'FORMAT':<16} {'MEDIA':<28} VERIFIED"]
    for r in rows:
        off = "" if r["enabled"] else "  (off by policy)"
        lines.append(
            f"{r['target']:<{width}}  {r['format']:<16} {','.join(r['media']):<28} "
            f"{r['verified']}{off}"
        )
    emit("\n".join(printable(line) for line in lines), None)  # spec files are the repo's
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ..specs.show import resolved_values

    specs = project(args).specs
    fmt = specs.resolve(args.target)
    platform = specs.platform_of(args.target)
    values = resolved_values(fmt, platform)
    if args.format == "json":
        doc = {"target": fmt.id, "name": fmt.name, "kind": fmt.kind, "media": fmt.media,
               "verified": platform.verified.isoformat(), "values": values}
        emit(json_safe(json.dumps(doc, indent=2, ensure_ascii=False)), None)
        return 0
    lines = [f"{fmt.id}: {platform.name} {fmt.name} ({fmt.kind}; takes {', '.join(fmt.media)})",
             f"verified {platform.verified}  file {specs.origins.get(platform.id)}", ""]
    for v in values:
        src = "; ".join(v["sources"]) or "-"
        note = f"  ({v['note']})" if v.get("note") else ""
        lines.append(f"  {v['tier']:<11} {v['field']:<36} {v['value']!s:<18} {src}{note}")
    emit("\n".join(printable(line) for line in lines), None)  # spec files are the repo's
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 when every file is valid, 1 when some are not, 2 (an error) when it cannot run."""
    from ..errors import PolicyError, SpecError
    from ..specs.loader import build_platforms, builtin_spec_dir, read_docs, spec_files

    error = PolicyError if args.as_policy else SpecError
    for path in args.paths:
        if not path.exists():
            raise error("no such file or folder", path=path)
    if args.as_policy:
        return _validate_policies(list(dict.fromkeys(args.paths)))
    base = build_platforms(read_docs(spec_files(builtin_spec_dir())))
    # A folder is one layer, as `--spec-dir` loads it (duplicate ids, `extends:` between its
    # files); the files named one by one form another.
    layers = [spec_files(p) for p in args.paths if p.is_dir()]
    layers.append(list(dict.fromkeys(p for p in args.paths if not p.is_dir())))
    failures = sum(_validate_layer(layer, base) for layer in layers if layer)
    return 1 if failures else 0


def _validate_layer(paths: list[Path], base: dict[str, Any]) -> int:
    """Report every file of one layer; returns the number of invalid files."""
    from ..errors import SpecError
    from ..specs.loader import build_platforms
    from ..yamlsrc import YamlDoc, load_yaml_file

    failures = 0
    docs: list[YamlDoc] = []
    for path in paths:
        try:
            docs.append(load_yaml_file(path, error=SpecError))
        except InputError as exc:
            failures += 1
            emit(printable(str(exc)), None)
    while docs:
        try:
            build_platforms(docs, base)
            break
        except InputError as exc:
            bad = [doc for doc in docs if doc.path == exc.path]
            if not bad:
                raise
            failures += 1
            emit(printable(str(exc)), None)
            docs.remove(bad[0])  # report it, then check the others without it
    for doc in docs:
        emit(f"{doc.path}: ok", None)
    return failures


def _validate_policies(paths: list[Path]) -> int:
    from ..specs.policy import load_policy
    from ..specs.registry import SpecRegistry, load_specs

    platforms = load_specs().platforms
    failures = 0
    for path in paths:
        try:
            SpecRegistry(platforms, policy=load_policy(path))
        except InputError as exc:
            failures += 1
            emit(printable(str(exc)), None)
            continue
        emit(f"{path}: ok", None)
    return 1 if failures else 0


def run_schema(args: argparse.Namespace) -> int:
    from ..schemas import schema_text, write_schemas

    if args.out:
        for written in write_schemas(args.out):
            emit(f"wrote {written}", None)
        return 0
    emit(schema_text(SCHEMA_KINDS[args.kind]), None)
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """Exit 1 when a hard limit lacks a first-hand primary source (or an accepted reason) or
    was confirmed longer than --max-age days ago; everything else is reported only."""
    from ..specs.audit import audit, dated_by_file_only
    from ..wording import plural

    specs = project(args).specs
    issues = audit(specs.platforms, max_age_days=args.max_age)
    failing = sum(i.failing for i in issues)
    if args.format == "json":
        emit(json.dumps([i.as_dict() for i in issues], indent=2, ensure_ascii=False), None)
    else:
        for issue in sorted(issues, key=lambda i: not i.failing):
            mark = "FAIL" if issue.failing else "info"
            emit(f"{mark} {issue.platform}: {issue.kind}: {issue.field}: {issue.problem}", None)
        gaps = sum(i.kind == "gap" for i in issues)
        undated = dated_by_file_only(specs.platforms)
        if undated:
            emit(f"note: {plural(undated, 'hard limit')} {'is' if undated == 1 else 'are'} "
                 "dated only by their file's `verified` date "
                 "(no `confirmed` on the value or its block, no `checked` on its sources)", None)
        emit(f"{plural(failing, 'problem')}, {len(issues) - failing - gaps} reported, "
             f"{plural(gaps, 'known gap')}", None)
    return 1 if failing else 0


def run_from_instance(args: argparse.Namespace) -> int:
    """Read an instance document (a file, or its address with --fetch) and write a spec."""
    from ..specs.instance import (
        MAX_DOCUMENT_BYTES,
        fetch_instance,
        read_instance,
        spec_from_instance,
    )

    source: str = args.source
    if args.fetch:
        doc = fetch_instance(source)
    else:
        path = Path(source)
        if "://" in source and not path.exists():
            raise InputError("this is an address; crosspost downloads it only with --fetch",
                             path=source)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read the document: {exc.strerror}", path=source) from None
        doc = read_instance(raw, origin=str(path), from_file=True)
    emit(spec_from_instance(doc, spec_id=args.spec_id), args.out)
    return 0
