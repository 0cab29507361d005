"""`crosspost canvas`: the organisation's canvas and campaigns on one printable A4 page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import add_project_options, emit, page_output, project, shown


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "canvas", help="render the strategy canvas and campaigns on one A4 page (HTML, PDF)"
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="posts or folders, to count planned posts per campaign")
    parser.add_argument("--canvas", type=Path, dest="canvas_file",
                        help="canvas file (default: config `canvas`)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="HTML file to write (default: canvas.html in the output folder, "
                        "config `out`)")
    parser.add_argument("--pdf", type=Path, default=None, metavar="FILE",
                        help="also print the page to this PDF (needs Chromium installed)")
    add_project_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..content.load import load_item
    from ..errors import InputError
    from ..html.canvas_page import render_canvas
    from ..output.pdf import print_pdf
    from ..printable import printable
    from ..wording import plural

    proj = project(args, args.paths)
    canvas = project_canvas(args.canvas_file, proj.config)
    items, failures = [], []
    # Named paths must hold posts; without any, a repository with no posts yet gets the page.
    for path in proj.posts(args.paths) if args.paths else proj.every_post():
        try:
            items.append(load_item(path, root=proj.root))
        except InputError as exc:  # the page counts the others and names this one
            failures.append((shown(path), str(exc)))
    output = page_output(args.output, proj, "canvas.html")
    emit(render_canvas(canvas, items, [where for where, _ in failures]), output)
    emit(f"wrote {shown(output)}: {plural(len(canvas.platforms), 'platform')}, "
         f"{plural(len(canvas.campaigns), 'campaign')}", None)
    for where, error in failures:
        emit(f"{where}\n  not counted: {printable(error)}", None)
    if args.pdf is not None:
        print_pdf(output, args.pdf)
        emit(f"wrote {shown(args.pdf)}", None)
    return 1 if failures else 0


def project_canvas(option: Path | None, config: Any, *, required: bool = True) -> Any:
    """The canvas named on the command line, else by the configuration (None, or an error when
    ``required``). It is named relative to the working folder where it lies below it, as
    findings and reports name post files."""
    import os

    from ..errors import ConfigError
    from ..strategy.canvas import load_canvas

    if option is None and config.canvas is None:
        if not required:
            return None
        raise ConfigError("no canvas: pass --canvas FILE or set `canvas = \"canvas.yaml\"` in "
                          "crosspost.toml", path=config.path)
    path = option if option is not None else config.resolve(config.canvas)
    shown = os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    return load_canvas(shown)
