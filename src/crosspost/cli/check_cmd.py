"""`crosspost check`: the CI gate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, OutputError
from .common import add_project_options, emit, project
from .style import add_output_options, use_colour

if TYPE_CHECKING:
    from ..report import Report

FORMATS = ("auto", "text", "concise", "json", "github", "sarif", "junit", "html")
STDIN = Path("-")
DEFAULT_STDIN_NAME = "stdin.md"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="check posts against every target's limits, norms and policy"
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="post files or folders (default: the project's content); media "
                        "or subtitle files stand for the posts that use them; - reads one "
                        "post from standard input")
    parser.add_argument("--target", "-t", action="append", metavar="T",
                        help="check only these targets (repeatable), e.g. instagram.reel")
    parser.add_argument("--format", "-f", choices=FORMATS, default="auto",
                        help="report format; auto: github under GitHub Actions, else text "
                        "(default: auto)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write the report to FILE instead of standard output")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--report", action="append", default=[], metavar="FORMAT=FILE",
                        type=_report_spec,
                        help="also write the report in FORMAT to FILE from the same run "
                        "(repeatable), e.g. --report sarif=crosspost.sarif")
    parser.add_argument("--stdin-filename", type=Path, metavar="PATH",
                        help="with -, the post's file name: its type, id, configuration and "
                        f"where its media are (default: {DEFAULT_STDIN_NAME})")
    parser.add_argument("--filter-files", action="store_true",
                        help="the PATHs are changed files (pre-commit): check those the "
                        "include/exclude globs select as posts and the posts using changed "
                        "media or subtitles; skip the rest, and nothing left is no error")
    add_output_options(parser)
    parser.add_argument("--no-cache", action="store_true",
                        help="check every post and probe every file again, ignoring and not "
                        "writing the caches in the user's cache folder")
    add_project_options(parser)
    parser.set_defaults(run=run)


def _report_spec(value: str) -> tuple[str, Path]:
    fmt, sep, file = value.partition("=")
    if not sep or not file or fmt not in FORMATS or fmt == "auto":
        choices = ", ".join(f for f in FORMATS if f != "auto")
        raise argparse.ArgumentTypeError(f"expected FORMAT=FILE with FORMAT one of {choices}")
    return fmt, Path(file)


def resolve_format(fmt: str, output: Path | None) -> str:
    """``auto``: annotations in a GitHub Actions log, text anywhere else and in files."""
    if fmt != "auto":
        return fmt
    if output is None and os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def _stdin_post(args: argparse.Namespace) -> tuple[list[Path], dict[str, bytes]]:
    """The paths to check and the bytes of a post read from standard input (``check -``)."""
    if STDIN not in args.paths:
        if args.stdin_filename is not None:
            raise ConfigError("--stdin-filename goes with - (the post on standard input)")
        return list(args.paths), {}
    if args.paths != [STDIN]:
        raise ConfigError("- (standard input) cannot be combined with other paths")
    from ..content.load import MAX_POST_BYTES

    name = args.stdin_filename or Path(DEFAULT_STDIN_NAME)
    content = sys.stdin.buffer.read(MAX_POST_BYTES + 1)
    return [name], {str(name): content}


def run(args: argparse.Namespace) -> int:
    paths, contents = _stdin_post(args)
    proj = project(args, paths)
    posts = paths if contents else proj.posts(paths, filter_files=args.filter_files)
    fmt = resolve_format(args.format, args.output)
    if args.verbose:
        from ..wording import plural

        print(f"crosspost: {plural(len(posts), 'post')}; configuration "
              f"{proj.config.path or 'none (defaults)'}; content root {proj.root}",
              file=sys.stderr)
    report = proj.check_paths(posts, args.target,
                              prober=proj.prober(persistent=not args.no_cache),
                              contents=contents, walk=False, cache=not args.no_cache)
    fail_on = args.fail_on or proj.config.fail_on
    text = _render(report, fmt, args)
    if text or not args.quiet:
        emit(text, args.output)
    for extra, file in args.report:
        emit(_render(report, extra, args, to_file=True), file)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_step_summary(report, os.environ["GITHUB_STEP_SUMMARY"])
    return report.exit_code(fail_on)


def _render(
    report: Report, fmt: str, args: argparse.Namespace, *, to_file: bool = False
) -> str:
    from ..reporters import render
    from ..rules.registry import rule_catalogue

    if fmt not in ("text", "concise"):
        return render(report, fmt, rule_catalogue())
    from ..reporters.text import render_concise, render_text

    color = not to_file and use_colour(args.color, sys.stdout if args.output is None else None)
    if args.quiet and not to_file:  # the findings only, one line each; nothing when clean
        return render_concise(report, color=color, summary=False)
    if fmt == "concise":
        return render_concise(report, color=color, verbose=args.verbose)
    return render_text(report, color=color, verbose=args.verbose)


def _append_step_summary(report: Report, target: str) -> None:
    from ..reporters.github import summary_markdown

    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(summary_markdown(report))
    except OSError as exc:
        raise OutputError(f"cannot append to GITHUB_STEP_SUMMARY {target}: "
                          f"{exc.strerror or exc}") from None
