"""`crosspost check`: the CI gate."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .common import add_project_options, emit, post_files, project

FORMATS = ("text", "json", "github", "sarif", "junit", "html")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="check posts against every target's limits, norms and policy"
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="post files or folders (default: the project's content)")
    parser.add_argument("--target", "-t", action="append", metavar="T",
                        help="check only these targets (repeatable), e.g. instagram.reel")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text")
    parser.add_argument("--output", "-o", type=Path, help="write the report to FILE")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                        help="colour the text report (default: when writing to a terminal)")
    add_project_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..checking import check_paths, default_prober
    from ..reporters import render
    from ..rules.registry import rule_catalogue

    config, specs = project(args, args.paths)
    posts = post_files(args.paths, config)
    report = check_paths(
        posts,
        args.target,
        specs=specs,
        prober=default_prober(persistent=True),
        ignore=config.ignore,
        root=config.root,
        default_targets=config.targets,
    )
    if args.format == "text":
        from ..reporters.text import render_text

        color = args.color if args.color is not None else (
            args.output is None and os.isatty(1) and "NO_COLOR" not in os.environ
        )
        text = render_text(report, rule_catalogue(), color=color)
    else:
        text = render(report, args.format, rule_catalogue())
    emit(text, args.output)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from ..reporters.github import summary_markdown

        target = os.environ["GITHUB_STEP_SUMMARY"]
        try:
            with open(target, "a", encoding="utf-8") as summary:
                summary.write(summary_markdown(report))
        except OSError as exc:
            raise OutputError(f"cannot append to GITHUB_STEP_SUMMARY {target}: "
                              f"{exc.strerror or exc}") from None
    return report.exit_code(args.fail_on or config.fail_on)
