"""The `crosspost` command: parse arguments, call the API, pick a reporter, exit 0/1/2.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 could not run (bad spec, policy,
config or arguments; ffmpeg missing; no posts found), 130 interrupted (Ctrl-C), 128 + N
stopped by signal N (143 for SIGTERM). A user's mistake never shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Iterator, Sequence

from .. import __version__
from ..errors import CrosspostError
from ..interrupts import quiet_lost_interrupts
from ..printable import printable
from . import (
    adapt_cmd,
    canvas_cmd,
    check_cmd,
    completion,
    evaluate_cmd,
    map_cmd,
    rule_cmd,
    specs_cmd,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crosspost",
        description="Check and adapt one message for every platform's formats and norms.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_cmd.register(commands)
    adapt_cmd.register(commands)
    map_cmd.register(commands)
    specs_cmd.register(commands)
    canvas_cmd.register(commands)
    evaluate_cmd.register(commands)
    rule_cmd.register(commands)
    completion.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    with _stop_signals() as received:
        try:
            code: int = args.run(args)
        except CrosspostError as exc:
            print(f"crosspost: error: {printable(str(exc))}", file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt:
            print("crosspost: interrupted", file=sys.stderr)
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            return EXIT_OK
        finally:
            gc.unfreeze()  # what loading the project froze is collectable again (in-process)
    return 128 + received[0] if received else code


#: Signals that stop a run the way Ctrl-C does: a CI job cancelled, ``kill``, a closed terminal.
_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


@contextlib.contextmanager
def _stop_signals() -> Iterator[list[int]]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt while the block runs.

    Their default action ends the process on the spot: ffmpeg (in its own process group, so
    that a timeout can kill it) would run on as an orphan and temporary files would stay. As
    KeyboardInterrupt they take the Ctrl-C path instead: ffmpeg's group is killed, temporary
    files are removed, what finished is reported. The exit code stays 128 + the signal number,
    as without the handler; the list yields the signal received. A second signal during that
    cleanup is ignored (SIGKILL still works). A process forked from this one (a pool worker
    stopped before it set its own handler) exits quietly instead: a KeyboardInterrupt in
    its start-up hooks would print a traceback.
    """
    received: list[int] = []
    owner = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != owner:  # a pool worker forked before its own handler was set
            os._exit(128 + signum)
        if not received:
            received.append(signum)
            raise KeyboardInterrupt

    previous: dict[int, object] = {}
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, stop)
    restore = quiet_lost_interrupts()
    try:
        yield received
    finally:
        restore()
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


def run() -> None:
    """The console script: ``main``, then end the process without a last walk of its objects.

    ``main`` unfreezes what loading the project froze, for a caller that goes on in the same
    process. Here the process is about to end, and the collection the interpreter runs at
    shutdown would walk every object still alive, models, specs and compiled patterns
    included: about 50 ms of a small check's 0.34 s. Freezing them again skips that walk;
    the modules are still torn down and their objects freed as before. pydantic's plugins
    are looked up without importlib.metadata when none is installed (``pydantic_plugins``).
    """
    from .pydantic_plugins import defer_plugin_lookup

    defer_plugin_lookup()
    code = main()
    gc.freeze()
    sys.exit(code)
