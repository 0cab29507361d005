"""Atomic writes: a reader sees the old file or the new one, never half of one.

Write to a temporary file in the same folder (same file system, so the rename is atomic), flush
and fsync, then ``os.replace``. A failure removes the temporary file and raises ``OutputError``.
"""

from __future__ import annotations

import contextlib
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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"could not write {target}: {exc.strerror or exc}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


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
