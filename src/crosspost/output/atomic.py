"""Atomic writes: a reader sees the old file or the new one, never half of one.

Write to a temporary file in the same folder (same file system, so the rename is atomic), flush
and fsync, then ``os.replace``. A failure removes the temporary file and raises ``OutputError``.
The file gets the mode any new file gets (0666 less the umask), not ``mkstemp``'s private 0600.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import OutputError

TEMP_PREFIX = ".crosspost-tmp-"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed over it when the block succeeds."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    except OSError as exc:  # a read-only or full file system: the same message as a write
        raise OutputError(f"could not write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.chmod(temp, _new_file_mode())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"could not write {target}: {exc.strerror or exc}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@functools.lru_cache(maxsize=1)
def _new_file_mode() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        _write(temp, data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def _write(temp: Path, data: bytes) -> None:
    handle: IO[bytes]
    with open(temp, "wb") as handle:
        handle.write(data)


def clean_stale_temps(folder: Path) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    removed = 0
    if folder.is_dir():
        for stale in folder.rglob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                stale.unlink()
                removed += 1
    return removed
