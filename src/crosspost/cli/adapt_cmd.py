"""`crosspost plan` (what would be done) and `crosspost adapt` (do it)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import add_project_options, content_paths, emit, project

if TYPE_CHECKING:
    from ..adapting import VariantSet
    from ..config import Config


def register(commands: Any) -> None:
    for name, helptext in (("plan", "show what adapt would do, without writing anything"),
                           ("adapt", "write ready-to-publish variants per target")):
        parser = commands.add_parser(name, help=helptext)
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument("--target", "-t", action="append", metavar="T")
        parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
        parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                            help="exit 1 when a variant keeps a finding this severe")
        if name == "adapt":
            parser.add_argument("--out", "-o", type=Path,
                                help="output folder (default: `out` of the configuration)")
        add_project_options(parser)
        parser.set_defaults(run=run, verb=name)


def run(args: argparse.Namespace) -> int:
    from ..adapting import adapt
    from ..checking import default_prober
    from ..content.load import load_item
    from ..content.walk import iter_posts
    from ..report import Report
    from ..transforms.handles import load_handles

    config, specs = project(args, args.paths)
    handles = load_handles(config.resolve(config.handles)) if config.handles else None
    out = None
    if args.verb == "adapt":
        out = args.out or config.resolve(config.out)
    posts = list(iter_posts(content_paths(args.paths, config), root=config.root,
                            include=config.include,
                            exclude=[*config.exclude, f"{config.out}/**"],
                            skip=config.owned_files() | ({config.path} if config.path else set())))
    prober = default_prober(persistent=True)
    # Read every post first: a broken one stops the run before anything is written.
    items = [load_item(path, root=config.root) for path in posts]
    sets = []
    for item in items:
        if not item.targets and config.targets and not args.target:
            item = item.model_copy(update={"targets": list(config.targets)})
        sets.append(adapt(item, args.target, out=out, specs=specs, handles=handles,
                          prober=prober, ignore=config.ignore))
    findings = [f for s in sets for v in s.variants for f in v.plan.findings]
    emit(_render(sets, args.format, config, out), None)
    return Report(findings=tuple(findings)).exit_code(args.fail_on or config.fail_on)


def _render(sets: list[VariantSet], fmt: str, config: Config, out: Path | None) -> str:
    if fmt == "json":
        doc = [{"item": s.item,
                "variants": [{**v.plan.model_dump(mode="json"), "publishable": v.publishable,
                              "folder": v.folder} for v in s.variants]}
               for s in sets]
        return json.dumps(doc, indent=2, ensure_ascii=False)
    lines: list[str] = []
    total = publishable = 0
    for s in sets:
        lines.append(f"{s.item}")
        for v in s.variants:
            total += 1
            publishable += v.publishable
            status = "publishable" if v.publishable else "NOT publishable"
            parts = f", thread of {len(v.plan.thread)}" if v.plan.thread else ""
            lines.append(f"  {v.plan.target:<22} {status}{parts}")
            for change in v.plan.history:
                lines.append(f"      - {change.summary}")
            for finding in v.plan.findings:
                if finding.severity != "info":
                    lines.append(f"      ! {finding.severity}: {finding.rule}: {finding.message}")
    where = f"; written to {out}" if out else ""
    lines.append(f"{publishable} of {total} variants publishable{where}")
    return "\n".join(lines)
