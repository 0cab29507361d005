"""`crosspost map`: the content map of a set of posts as one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import add_project_options, emit, page_output, project, shown


def register(commands: Any) -> None:
    parser = commands.add_parser("map", help="draw the content map (items x targets) as HTML")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="post files or folders (default: the project's content)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="HTML file to write (default: map.html in the output folder, "
                        "config `out`)")
    # `--out` names the output folder of `adapt`; here it was the file, and keeps working.
    parser.add_argument("--out", dest="output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", "-t", action="append", metavar="T",
                        help="only these targets (repeatable), e.g. instagram.reel")
    parser.add_argument("--variants", type=Path,
                        help="folder of adapted variants for thumbnails (default: config `out`)")
    parser.add_argument("--title", default=None, help="page title")
    add_project_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..contentmap.model import build_map
    from ..contentmap.render import render_map
    from ..errors import InputError, ToolError, ToolMissingError

    proj = project(args, args.paths)
    prober = proj.prober(persistent=True)
    pairs, failures = [], []
    for path in proj.posts(args.paths):
        try:
            item = proj.load(path)
        except InputError as exc:
            failures.append((str(path), str(exc)))
            continue
        try:  # one post whose media ffmpeg cannot probe does not stop the map
            pairs.append((item, proj.adapt(item, args.target, prober=prober)))
        except ToolMissingError:
            raise
        except (InputError, ToolError) as exc:
            failures.append((str(path), str(exc)))
    specs = proj.specs
    variants = args.variants or proj.out
    if variants.is_dir():  # a folder no post produced shows nothing and is named
        from ..output.stale import stale_folders

        produced = [(item.id, v.plan.target) for item, vs in pairs for v in vs.values()]
        owned = {item.id for item, _ in pairs} if args.paths or args.variants else None
        targets = {specs.normalise(t) for t in args.target} if args.target else None
        failed = {Path(source).stem.removesuffix(".post") for source, _ in failures}
        failures += [(str(folder), "a variant folder no post produced; not shown")
                     for folder in stale_folders(variants, produced, owned, failed, targets)]
    title = args.title or (specs.policy.name + ": content map" if specs.policy else "Content map")
    cmap = build_map(pairs, specs, variants_dir=variants if variants.is_dir() else None,
                     title=title, failures=failures,
                     canvas=proj.canvas)
    output = page_output(args.output, proj, "map.html")
    emit(render_map(cmap), output)
    from ..wording import plural

    cells = sum(len(r.cells) for r in cmap.rows)
    emit(f"wrote {shown(output)}: {plural(len(cmap.rows), 'item')}, {plural(cells, 'variant')}",
         None)
    return 1 if failures else 0
