"""`crosspost plan` (what would be done) and `crosspost adapt` (do it), item by item.

Both run through ``adapt_many``: one post that cannot be read is reported and the others go on;
``--jobs N`` uses a local process pool and ``--dask-scheduler`` a Dask cluster.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..printable import json_safe, printable
from .common import add_project_options, emit, project, shown

if TYPE_CHECKING:
    import concurrent.futures as cf

    from ..batch import BatchResult


def register(commands: Any) -> None:
    for name, helptext in (("plan", "show what adapt would do, without writing anything"),
                           ("adapt", "write ready-to-publish variants per target")):
        parser = commands.add_parser(name, help=helptext)
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="post files or folders (default: the project's content)")
        parser.add_argument("--target", "-t", action="append", metavar="T",
                            help="only these targets (repeatable), e.g. instagram.reel")
        parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                            help="output format of the summary")
        parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                            help="exit 1 when a variant keeps a finding this severe")
        if name == "adapt":
            parser.add_argument("--out", type=Path, metavar="DIR",
                                help="output folder (default: `out` of the configuration)")
        parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                            help="adapt N posts at a time in a local process pool")
        parser.add_argument("--dask-scheduler", metavar="ADDRESS",
                            help="run on a Dask cluster (needs crosspost[dask])")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="show a progress bar (default: on a terminal, not in CI)")
        add_project_options(parser)
        parser.set_defaults(run=run, verb=name)


def run(args: argparse.Namespace) -> int:
    from ..batch import BatchInterrupted
    from ..report import Report

    proj = project(args, args.paths)  # validates config, specs and policy up front
    for target in args.target or ():
        proj.specs.normalise(target)  # an unknown --target cannot run: exit 2 before any work
    proj.handles  # noqa: B018  (a broken handle map cannot run either)
    out = (args.out or proj.out) if args.verb == "adapt" else None
    # What plan names as adapt's folder: the configured one, as written (plan checks no link).
    default_out = proj.config.resolve(proj.config.out)
    progress = args.progress if args.progress is not None else (
        sys.stderr.isatty() and not os.environ.get("CI"))
    from ..render.video.progress import progress_bars, using_progress
    from ..wording import plural

    bars = progress_bars() if progress and args.jobs == 1 and not args.dask_scheduler else (
        using_progress(None))
    try:
        with _executor(args) as executor, bars:
            result = proj.adapt_many(
                args.paths, args.target, out=out, executor=executor, progress=progress,
                persistent_cache=True,
                # a run over some posts must not take the id (the folder) of another post
                other_posts=proj.every_post() if args.paths else ())
    except BatchInterrupted as stop:
        emit(_render(stop.partial, args.format, out, default_out), None)
        names = "".join(f"\n  {printable(source)}" for source in stop.unfinished)
        print(f"crosspost: interrupted; {plural(stop.pending, 'post')} not finished:{names}",
              file=sys.stderr)
        return 130
    emit(_render(result, args.format, out, default_out), None)
    if out is not None:  # the configured folder of a whole-project run is this run's own
        targets = {proj.specs.normalise(t) for t in args.target} if args.target else None
        _remove_stale(out, result, whole_project=not args.paths and args.out is None,
                      targets=targets)
    for failed in result.could_not_run:  # the others are reported; say which could not run
        where = printable(failed.source)
        print(f"crosspost: error: {printable(failed.error or '')} (post {where})",
              file=sys.stderr)
    findings = [f for r in result.results if r.variants for v in r.variants.values()
                for f in v.plan.findings]
    code = Report(findings=tuple(findings)).exit_code(args.fail_on or proj.config.fail_on)
    return max(code, 2 if result.could_not_run else 1 if result.failed else 0)


def _remove_stale(out: Path, result: BatchResult, *, whole_project: bool,
                  targets: set[str] | None) -> None:
    """Variant folders no post of this run produced do not stay to pass for real ones."""
    from ..output.stale import remove_stale, stale_folders

    produced = [(r.item, v.plan.target) for r in result.results if r.item and r.variants
                for v in r.variants.values()]
    owned = None if whole_project else {r.item for r in result.results if r.item}
    failed = {Path(r.source).stem.removesuffix(".post") for r in result.failed}
    for folder in remove_stale(out, stale_folders(out, produced, owned, failed, targets)):
        print(f"crosspost: removed {printable(str(folder))}: no post of this run produced it",
              file=sys.stderr)


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[cf.Executor | None]:
    if args.dask_scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("--dask-scheduler needs Dask: pip install 'crosspost[dask]'") \
                from None
        with Client(args.dask_scheduler) as client:  # type: ignore[no-untyped-call]
            yield client.get_executor()
        return
    if args.jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, got {args.jobs}")
    if args.jobs == 1:
        yield None
        return
    import concurrent.futures as cf

    from ..batch import worker_setup

    with cf.ProcessPoolExecutor(max_workers=args.jobs, initializer=worker_setup) as pool:
        _start_workers(pool)
        try:
            yield pool
        except BaseException:  # Ctrl-C, SIGTERM or an error: stop the items under way
            _stop_workers(pool)
            raise


def _start_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Start the workers with Ctrl-C held back until they ignore it (``worker_setup``).

    A Ctrl-C that reached a worker between its fork and its initializer printed a
    KeyboardInterrupt traceback from inside the fork handlers. The signal mask is inherited:
    workers start with SIGINT blocked and unblock it once they ignore it; here it is blocked
    only while the first task (which starts the workers) runs, then delivered as usual.
    """
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool.submit(int).result()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """SIGTERM every worker (see ``batch.worker_setup``); without this, the pool would finish
    the items under way and those already queued before it let the command end."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


def _render(result: BatchResult, fmt: str, out: Path | None, default_out: Path) -> str:
    """The summary: per post and target what was (`adapt`) or would be (`plan`, ``out`` is
    None) written, and where."""
    if fmt == "json":
        doc = [
            {"source": r.source, "item": r.item, "error": r.error,
             "variants": [{**v.plan.model_dump(mode="json"), "publishable": v.publishable,
                           "folder": v.folder}
                          for v in (r.variants.values() if r.variants else [])],
             "off": list(r.variants.off) if r.variants else []}
            for r in result.results
        ]
        return json_safe(json.dumps(doc, indent=2, ensure_ascii=False))
    lines: list[str] = []
    for r in result.results:  # every value from the repository made printable
        if r.variants is None:
            done = "adapted" if out is not None else "planned"
            error = printable(r.error or "")
            lines.append(f"{printable(r.source)}\n  could not be {done}: {error}")
            continue
        lines.append(printable(r.item or r.source))
        for v in r.variants.values():
            status = "publishable" if v.publishable else "NOT publishable"
            parts = f", thread of {len(v.plan.thread)}" if v.plan.thread else ""
            lines.append(f"  {printable(v.plan.target):<22} {status}{parts}")
            lines += [f"      - {printable(change.summary)}" for change in v.plan.history]
            lines += [f"      ! {f.severity}: {printable(f.rule)}: {printable(f.message)}"
                      for f in v.plan.findings if f.severity != "info"]
        lines += [f"  {printable(t):<22} off by policy (not planned)" for t in r.variants.off]
    if out is not None:
        lines.append(f"{result.summary()}; written to {shown(out)}")
    else:
        lines.append(f"{result.summary('planned')}; nothing written (`crosspost adapt` would "
                     f"write to {shown(default_out)})")
    return "\n".join(lines)
