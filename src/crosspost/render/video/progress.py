"""Progress of long encodes: a callback per render, and a tqdm bar for people.

Renderers take ``progress: Callable[[float], None]`` (a fraction 0..1 that never goes back). The
CLI and notebooks wrap a render in ``progress_bars()``; renderers called without an explicit
callback then ask ``current_progress(label)`` for one. In CI (``$CI`` set) or when stderr is not
a terminal outside a notebook, no bar is drawn, so logs stay clean.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from ...printable import printable

__all__ = ["Progress", "ProgressFactory", "current_progress", "progress_bars", "using_progress"]

Progress = Callable[[float], None]
ProgressFactory = Callable[[str], contextlib.AbstractContextManager[Progress | None]]

_FACTORY: contextvars.ContextVar[ProgressFactory | None] = contextvars.ContextVar(
    "crosspost_progress", default=None
)


@contextlib.contextmanager
def using_progress(factory: ProgressFactory | None) -> Iterator[None]:
    """Within the block, renderers without a callback get one from ``factory``."""
    token = _FACTORY.set(factory)
    try:
        yield
    finally:
        _FACTORY.reset(token)


@contextlib.contextmanager
def current_progress(label: str) -> Iterator[Progress | None]:
    """A callback for one render from the active factory, or None (silent)."""
    factory = _FACTORY.get()
    if factory is None:
        yield None
        return
    with factory(printable(label)) as callback:  # a file name shown on a terminal
        yield callback


def _wanted() -> bool:
    if os.environ.get("CI"):
        return False
    if "ipykernel" in sys.modules:
        return True
    return sys.stderr.isatty()


@contextlib.contextmanager
def _tqdm_bar(label: str) -> Iterator[Progress | None]:
    import importlib

    tqdm: Any = importlib.import_module("tqdm.auto").tqdm  # untyped; a direct dependency
    bar = tqdm(total=1000, desc=label, leave=False, bar_format="{desc} {bar} {percentage:3.0f}%")
    done = 0

    def update(fraction: float) -> None:
        nonlocal done
        step = round(fraction * 1000) - done
        if step > 0:
            bar.update(step)
            done += step

    try:
        yield update
    finally:
        bar.close()


@contextlib.contextmanager
def progress_bars(force: bool | None = None) -> Iterator[None]:
    """Show a tqdm bar (terminal or notebook) per render in the block; silent in CI."""
    show = _wanted() if force is None else force
    with using_progress(_tqdm_bar if show else None):
        yield
