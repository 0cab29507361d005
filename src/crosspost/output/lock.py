"""An exclusive lock on a variant folder, so two runs never interleave one variant's files.

The lock file lives only as long as the run: the run removes it when it is done, so a variant
folder holds the files to publish and nothing else, and a run that wrote nothing (it failed
before the first file) also removes the folders it made. Removing a lock file others may be
waiting on is safe because every taker checks, once it holds the lock, that the
file it locked is still the one at the path (the usual flock and inode re-check); if not, it
takes the lock again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from ..confined import open_no_follow
from ..errors import OutputError

LOCK_NAME = ".crosspost.lock"
#: Tries to take a lock whose file keeps being removed under us; each loss means another run
#: finished with the folder, so this is never reached by honest contention.
_MAX_TRIES = 100


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on ``folder`` (blocking); released when the block ends.

    A ``.crosspost.lock`` that is a symlink (committed to the repository) is replaced, never
    followed: the lock file is created where it stands and nowhere else.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: atomic renames still hold
        try:
            os.close(_make(folder))
        except OSError as exc:
            raise OutputError(f"could not write {folder}: {exc.strerror or exc}") from None
        yield
        return
    fd = _take(folder, fcntl)
    try:
        yield
    finally:
        try:
            _remove(folder)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _make(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return open_no_follow(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT)


def _take(folder: Path, fcntl: ModuleType) -> int:
    path = folder / LOCK_NAME
    for _ in range(_MAX_TRIES):
        try:
            fd = _make(folder)
        except (FileNotFoundError, FileExistsError):  # removed by the run before us: again
            continue
        except OSError as exc:  # read-only or full file system: not an internal error
            raise OutputError(f"could not write {folder}: {exc.strerror or exc}") from None
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.fstat(fd), os.lstat(path)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the run before us removed this lock file: lock the new one
    raise OutputError(f"could not lock {folder}: its lock file keeps being removed")


def _remove(folder: Path) -> None:
    """Remove the lock file, and the folders above it up to the item folder when that leaves
    them empty.

    Called while holding the lock, so no run is writing the folder; a run waiting on the same
    lock file notices the removal and takes a fresh one.
    """
    try:
        os.unlink(folder / LOCK_NAME)
        os.rmdir(folder)
        os.rmdir(folder.parent)  # the item folder, if no other target of it is there
    except OSError:  # not empty, or already gone: nothing more to tidy
        pass
