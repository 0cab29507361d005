"""Adapt many items in parallel through any ``concurrent.futures.Executor``.

A local process pool uses the cores of one machine; ``distributed.Client.get_executor()`` sends
the same work to a Dask cluster. Each item is one task that loads its own specs (cached per
worker process) and writes its own variant folders, so workers share nothing but the output
folder. One bad item never stops the batch: its error comes back as its result (a broken
post, an ffmpeg timeout or crash on its media, a file that could not be written); only an
error that stops every item (ffmpeg missing) is raised. Two posts with the same id both fail
before anything is written, each naming the other. Ctrl-C cancels what has not started and
raises ``BatchInterrupted`` with the results that did finish.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CrosspostError,
    InputError,
    OutputError,
    ToolError,
    ToolMissingError,
    UnknownTargetError,
)
from .interrupts import quiet_lost_interrupts
from .wording import plural

if TYPE_CHECKING:
    import concurrent.futures as cf

    from .adapting import VariantSet
    from .content.handles import HandleMap
    from .content.item import SourceItem
    from .ignores import Ignores
    from .limits import Limits
    from .specs.policy import Policy
    from .specs.registry import SpecRegistry


@dataclass(frozen=True)
class BatchJob:
    """Everything a worker needs to adapt one item, as plain picklable data."""

    source: str | SourceItem
    targets: tuple[str, ...] | None = None
    out: str | None = None
    specs: SpecRegistry | None = None
    spec_dirs: tuple[str, ...] = ()
    policy: str | Policy | None = None
    handles: str | HandleMap | None = None
    root: str | None = None
    default_targets: tuple[str, ...] = ()
    ignore: Ignores | tuple[str, ...] = ()
    persistent_cache: bool = False
    limits: Limits | None = None


@dataclass(frozen=True)
class ItemResult:
    """The outcome for one item: its variants, or the error that stopped it.

    ``could_not_run`` marks an error of the run rather than of the post file (ffmpeg timed
    out or crashed, an output could not be written, a bug): the CLI exits 2 for it.
    """

    source: str
    item: str | None = None
    variants: VariantSet | None = None
    error: str | None = None
    could_not_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BatchResult:
    results: list[ItemResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ItemResult]:
        return [r for r in self.results if not r.ok]

    @property
    def could_not_run(self) -> list[ItemResult]:
        return [r for r in self.results if r.could_not_run]

    @property
    def variants(self) -> int:
        return sum(len(r.variants) for r in self.results if r.variants is not None)

    @property
    def publishable(self) -> int:
        return sum(v.publishable for r in self.results if r.variants for v in r.variants.values())

    @property
    def off(self) -> int:
        """Targets switched off by policy: not planned, not counted as variants."""
        return sum(len(r.variants.off) for r in self.results if r.variants is not None)

    def summary(self, done: str = "adapted") -> str:
        """One line for people; ``done`` says what happened to the items that did not fail
        (`plan` passes "planned")."""
        off = f"; {plural(self.off, 'target')} off by policy" if self.off else ""
        items = plural(len(self.results), 'item')
        return (f"{items}: {len(self.results) - len(self.failed)} {done}, "
                f"{len(self.failed)} failed; {self.publishable} of {self.variants} variants "
                f"publishable{off}")


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch; ``partial`` holds what finished, ``unfinished`` the sources of
    the items that did not (in input order)."""

    def __init__(self, partial: BatchResult, pending: int,
                 unfinished: Sequence[str] = ()) -> None:
        super().__init__(f"interrupted: {partial.summary()}; {pending} not finished")
        self.partial = partial
        self.pending = pending
        self.unfinished = list(unfinished)


def _specs(spec_dirs: tuple[str, ...], policy: str | Policy | None) -> SpecRegistry:
    if policy is not None and not isinstance(policy, str):  # a loaded policy: nothing to cache
        from .specs.registry import load_specs

        return load_specs(spec_dirs, policy)
    return _cached_specs(spec_dirs, policy, _stamp(*spec_dirs, policy))


def _handles(handles: str | HandleMap | None) -> Any:
    if handles is not None and not isinstance(handles, str):
        return handles
    return _cached_handles(handles, _stamp(handles))


def _stamp(*paths: str | None) -> tuple[tuple[str, int, int], ...]:
    """Size and time of every file below ``paths``: part of the cache keys, so that a policy
    edited between two batches in one process (a notebook) is read again."""
    found = []
    for path in paths:
        if path is None:
            continue
        root = Path(path)
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for file in files:
            try:
                stat = file.stat()
            except OSError:  # missing: the loader says so
                continue
            found.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=8)
def _cached_specs(spec_dirs: tuple[str, ...], policy: str | None, stamp: object) -> SpecRegistry:
    from .specs.registry import load_specs

    return load_specs(spec_dirs, policy)


@lru_cache(maxsize=8)
def _cached_handles(path: str | None, stamp: object) -> Any:
    if path is None:
        return None
    from .content.handles import load_handles

    return load_handles(Path(path))


#: Set in worker processes started with ``worker_setup``; ``_running`` while ``run_job`` runs.
_worker = {"stop_on_interrupt": False, "running": False, "stopping": False}


def worker_setup() -> None:
    """Initializer of a process pool the CLI starts: the parent stops its workers.

    A worker ignores Ctrl-C (the terminal sends it to every process of the job); the parent,
    once interrupted, sends each worker SIGTERM. A worker that is adapting an item then stops
    it as Ctrl-C would (ffmpeg killed, temporary files removed) and exits instead of taking
    the items already queued for it; an idle worker exits at once.
    """
    _worker["stop_on_interrupt"] = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the parent
    signal.signal(signal.SIGTERM, _worker_stop)
    quiet_lost_interrupts(on_lost=_stop_again)


def _worker_stop(signum: int, frame: object) -> None:
    if _worker["running"]:
        if not _worker["stopping"]:  # once: a second raise would cut the clean-up short
            _worker["stopping"] = True
            raise KeyboardInterrupt
        return
    os._exit(128 + signum)


def _stop_again() -> None:
    """The stop raised inside a finaliser was lost: raise it again in a moment, from ordinary
    code (a timer thread sends the signal; the handler runs in the main thread)."""
    import threading

    _worker["stopping"] = False
    later = threading.Timer(0.02, os.kill, (os.getpid(), signal.SIGTERM))
    later.daemon = True
    later.start()


def run_job(job: BatchJob, specs: SpecRegistry | None = None) -> ItemResult:
    """Adapt one item; every crosspost error becomes the item's result (runs in a worker).

    ``specs``, when the caller already loaded them in this process, are used as they are.
    """
    _worker["running"] = True
    try:
        return _run_job(job, specs)
    except KeyboardInterrupt:
        if _worker["stop_on_interrupt"]:
            os._exit(130)  # cleaned up on the way here; take no queued item
        raise
    finally:
        _worker["running"] = False


def _run_job(job: BatchJob, specs: SpecRegistry | None) -> ItemResult:
    from .adapting import adapt_item
    from .checking import default_prober
    from .content.item import SourceItem
    from .content.load import load_item
    from .ignores import Ignores

    label = _label(job)
    try:
        item = job.source if isinstance(job.source, SourceItem) else load_item(
            job.source, root=job.root)
        if not item.targets and job.default_targets and job.targets is None:
            item = item.model_copy(update={"targets": list(job.default_targets)})
        specs = specs or job.specs or _specs(job.spec_dirs, job.policy)
        # the policy's path scopes are relative to the content root, not the worker's folder
        ignore = Ignores.for_run(job.ignore, specs.policy, job.root)
        variants = adapt_item(item, job.targets, specs, out=job.out,
                              handles=_handles(job.handles), ignore=ignore,
                              prober=default_prober(persistent=job.persistent_cache,
                                                    limits=job.limits))
    except (InputError, UnknownTargetError) as exc:  # this item is broken; the others go on
        return ItemResult(source=label, error=str(exc))
    except ToolMissingError:  # no item can be rendered: stop the run
        raise
    except (ToolError, OutputError) as exc:  # ffmpeg failed or timed out on this item's media
        return ItemResult(source=label, error=str(exc), could_not_run=True)
    except CrosspostError:
        raise
    except Exception as exc:  # a bug in one item must not stop the others; say what it was
        return ItemResult(source=label, error=f"internal error: {type(exc).__name__}: {exc}",
                          could_not_run=True)
    return ItemResult(source=label, item=item.id, variants=variants)


def _duplicates(jobs: list[BatchJob], others: list[str]) -> dict[str, str]:
    """An error per job whose item id another job's item (or another post of ``others``) has
    too: ids name output folders, the second would overwrite the first. Posts that cannot be
    read are left to their job (or ignored, for ``others``)."""
    from .content.ids import duplicate_ids
    from .content.item import SourceItem
    from .content.load import load_item

    pairs = []
    for job in jobs:
        if isinstance(job.source, SourceItem):
            pairs.append((job.source.id, _label(job)))
            continue
        try:
            pairs.append((load_item(job.source, root=job.root, check_files=False).id,
                          _label(job)))
        except CrosspostError:
            continue
    root = jobs[0].root if jobs else None
    labels = {_label(job) for job in jobs}
    adapted = {os.path.realpath(label) for label in labels}
    for other in others:
        if os.path.realpath(other) in adapted:
            continue
        try:
            pairs.append((load_item(other, root=root, check_files=False).id, other))
        except CrosspostError:
            continue
    ids = {source: item_id for item_id, source in pairs}
    return {
        source: f"id {ids[source]!r} is also the id of {', '.join(others)}; every post needs "
        "its own id (it names the output folder)"
        for source, others in duplicate_ids(pairs).items() if source in labels
    }


def _label(job: BatchJob) -> str:
    return job.source if isinstance(job.source, str) else (job.source.source_path or job.source.id)


def _interrupted(jobs: list[BatchJob], results: list[ItemResult | None]) -> BatchInterrupted:
    done = [r for r in results if r is not None]
    unfinished = [_label(job) for job, r in zip(jobs, results, strict=True) if r is None]
    return BatchInterrupted(BatchResult(done), len(unfinished), unfinished)


def adapt_many(
    items: Iterable[str | Path | SourceItem],
    targets: Sequence[str] | None = None,
    *,
    out: str | Path | None = None,
    executor: cf.Executor | None = None,
    progress: bool | Callable[[ItemResult], None] = False,
    specs: SpecRegistry | None = None,
    spec_dirs: Sequence[str | Path] = (),
    policy: str | Path | Policy | None = None,
    handles: str | Path | HandleMap | None = None,
    root: str | Path | None = None,
    default_targets: Sequence[str] = (),
    ignore: Ignores | Iterable[str] = (),
    persistent_cache: bool = False,
    other_posts: Iterable[str | Path] = (),
    limits: Limits | None = None,
) -> BatchResult:
    """Adapt every item, in parallel when ``executor`` is given; results keep input order.

    ``other_posts`` are post files of the project left out of this run: an item that has the
    id of one of them fails like two items with one id (it would overwrite that post's
    folder).

    ``specs``, loaded already, serve the items adapted in this process, so they are not read
    a second time. Workers of an executor load (and cache) their own from ``spec_dirs`` and
    ``policy`` (a file or a loaded policy); only when neither is given do the loaded specs
    travel with each job. ``handles`` is a file or a loaded handle map. Paths go to the
    workers as they are given: ``Project.adapt_many`` (the CLI's way in) makes them absolute
    for a Dask cluster, so that a worker in another folder finds the same files.
    """
    from .ignores import Ignores

    jobs = [
        BatchJob(
            source=str(i) if isinstance(i, str | Path) else i,
            targets=tuple(targets) if targets is not None else None,
            out=str(out) if out is not None else None,
            specs=specs if not spec_dirs and policy is None else None,
            spec_dirs=tuple(str(d) for d in spec_dirs),
            policy=str(policy) if isinstance(policy, str | Path) else policy,
            handles=str(handles) if isinstance(handles, str | Path) else handles,
            root=str(root) if root is not None else None,
            default_targets=tuple(default_targets),
            ignore=ignore if isinstance(ignore, Ignores) else tuple(ignore),
            persistent_cache=persistent_cache,
            limits=limits,
        )
        for i in items
    ]
    report = _progress(progress, len(jobs))
    results: list[ItemResult | None] = [None] * len(jobs)
    clashes = _duplicates(jobs, [str(p) for p in other_posts])
    for index, job in enumerate(jobs):
        if _label(job) in clashes:
            results[index] = ItemResult(source=_label(job), error=clashes[_label(job)])
            report(results[index])
    todo = [(index, job) for index, job in enumerate(jobs) if results[index] is None]
    if executor is None:
        try:
            for index, job in todo:
                results[index] = run_job(job, specs)
                report(results[index])
        except KeyboardInterrupt:
            raise _interrupted(jobs, results) from None
        return BatchResult([r for r in results if r is not None])
    import concurrent.futures as cf  # here: one post in this process needs no futures

    futures = {executor.submit(run_job, job): index for index, job in todo}
    try:
        for future in cf.as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            report(result)
    except KeyboardInterrupt:
        for future in futures:
            future.cancel()
        raise _interrupted(jobs, results) from None
    return BatchResult([r for r in results if r is not None])


def _progress(progress: bool | Callable[[ItemResult], None], total: int
              ) -> Callable[[ItemResult | None], None]:
    if callable(progress):
        callback = progress
        return lambda result: callback(result) if result is not None else None
    if not progress:
        return lambda result: None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="item", desc="adapt")

    def update(result: ItemResult | None) -> None:
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return update
