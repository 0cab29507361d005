"""An exclusive lock on a variant folder, so two runs never interleave one variant's files."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..confined import open_no_follow
from ..errors import OutputError

LOCK_NAME = ".crosspost.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on ``folder`` (blocking); released when the block ends.

    A ``.crosspost.lock`` that is a symlink (committed to the repository) is replaced, never
    followed: the lock file is created where it stands and nowhere else.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = open_no_follow(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    except OSError as exc:  # read-only or full file system: not an internal error
        raise OutputError(f"could not write {folder}: {exc.strerror or exc}") from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: atomic renames still hold
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
