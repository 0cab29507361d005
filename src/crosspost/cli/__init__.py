"""The `crosspost` command: parse arguments, call the API, pick a reporter, exit 0/1/2.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 could not run (bad spec, policy,
config or arguments; ffmpeg missing). A user's mistake never shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import CrosspostError
from . import adapt_cmd, check_cmd, map_cmd, specs_cmd

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crosspost",
        description="Check and adapt one message for every platform's formats and norms.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_cmd.register(commands)
    adapt_cmd.register(commands)
    map_cmd.register(commands)
    specs_cmd.register(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crosspost")
    except PackageNotFoundError:
        return "0+unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except CrosspostError as exc:
        print(f"crosspost: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("crosspost: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    return code


def run() -> None:
    sys.exit(main())
