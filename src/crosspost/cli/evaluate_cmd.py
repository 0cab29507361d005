"""`crosspost evaluate`: results and costs per platform against the canvas, for one period."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import add_project_options, emit, project


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "evaluate", help="results and costs per platform, format, category and campaign"
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="posts or folders (default: the project root)")
    parser.add_argument("--period", required=True,
                        help="2027-Q1, 2027-03, 2027, or START..END (dates); compared with "
                        "the period before it")
    parser.add_argument("--results", type=Path, action="append", default=None, metavar="FILE",
                        help="analytics export, CSV or XLSX (repeatable; default: config "
                        "`results` globs)")
    parser.add_argument("--canvas", type=Path, dest="canvas_file", metavar="FILE",
                        help="canvas file with KPI targets (default: config `canvas`)")
    parser.add_argument("--costs", type=Path, dest="costs_file", metavar="FILE",
                        help="costs file (default: config `costs`)")
    parser.add_argument("--published", type=Path, dest="published_file", metavar="FILE",
                        help="published links file (default: config `published`)")
    parser.add_argument("--format", "-f", choices=("text", "json", "html"), default="text",
                        help="report format")
    parser.add_argument("--output", "-o", type=Path, default=None, metavar="FILE",
                        help="write the report to this file instead of standard output")
    add_project_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..evaluation.project import evaluate_project
    from ..evaluation.views import as_dict, as_text
    from ..html.evaluation_view import as_html

    proj = project(args, args.paths)
    evaluation = evaluate_project(
        args.paths[0] if args.paths else proj.root, args.period, config=proj.config,
        specs=proj.specs, posts=proj.posts(args.paths), results=args.results,
        canvas=args.canvas_file,
        costs=args.costs_file, published=args.published_file,
    )
    if args.format == "json":
        text = json.dumps(as_dict(evaluation), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "html":
        text = as_html(evaluation)
    else:
        text = as_text(evaluation)
    emit(text, args.output)
    return 0
