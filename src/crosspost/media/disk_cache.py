"""A probe cache that outlives the process, so re-checking a content repository is cheap.

CI runs `crosspost check` on every push; the media rarely change. Facts are stored as JSON in
SQLite under the user's cache folder (``$CROSSPOST_CACHE_DIR``, else ``$XDG_CACHE_HOME/crosspost``,
else ``~/.cache/crosspost``), never in the working tree, keyed like the memory cache by the
file's identity and version. ``CROSSPOST_CACHE=off`` turns it off. The cache is a help, never a
requirement: a read-only or locked database is skipped silently.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    import sqlite3

__all__ = ["DiskStore", "default_cache_dir", "drop_older_versions"]

#: Bump when the facts models change shape, or when a probe starts refusing files it used to
#: pass (a lying video header, a damaged image), so old entries are not read.
SCHEMA = 7


def default_cache_dir() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    if os.environ.get("CROSSPOST_CACHE", "").lower() in {"off", "0", "no", "false"}:
        return None
    explicit = os.environ.get("CROSSPOST_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "crosspost"


#: An older version's database is left alone while it was written within this many seconds:
#: another crosspost installed beside this one (a pipx tool and a project's own) still uses it.
OLD_VERSION_GRACE = 30 * 24 * 3600


def drop_older_versions(database: Path) -> None:
    """Remove the databases of older schema versions beside ``database`` (``probes-v7.sqlite``:
    ``probes-v1.sqlite`` to ``probes-v6.sqlite`` and their ``-wal``/``-shm`` files), unless one
    was written within ``OLD_VERSION_GRACE``. Each schema bump makes a new file, which would
    otherwise leave the old one behind for good. Only regular files of exactly that name are
    removed, never what a link points to; failing is not an error."""
    match = re.fullmatch(r"(.+)-v(\d+)\.sqlite", database.name)
    if match is None:
        return
    stem, current = match.group(1), int(match.group(2))
    pattern = re.compile(rf"{re.escape(stem)}-v(\d+)\.sqlite(?:-wal|-shm)?")
    cutoff = time.time() - OLD_VERSION_GRACE
    with contextlib.suppress(OSError), os.scandir(database.parent) as entries:
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if found is None or int(found.group(1)) >= current:
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)


class DiskStore:
    """Key (a tuple) -> pydantic model, decoded by the key's kind prefix.

    ``models`` maps each kind to its model, or is a function that returns that mapping on
    first use: the facts models are then imported only when a medium is probed."""

    def __init__(self, folder: Path, models: Mapping[str, type[BaseModel]]
                 | Callable[[], Mapping[str, type[BaseModel]]]) -> None:
        self._path = folder / f"probes-v{SCHEMA}.sqlite"
        self._models = models
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._broken:
            return self._conn
        import sqlite3  # here: a run without the cache never loads it

        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, timeout=2.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, json TEXT)")
            self._conn = conn
            drop_older_versions(self._path)
        except (OSError, sqlite3.Error):
            self._broken = True
        return self._conn

    def get(self, key: tuple[object, ...]) -> BaseModel | None:
        model = self._model(key)
        if model is None:
            return None
        with self._lock:
            row = self._run(lambda c: c.execute(
                "SELECT json FROM facts WHERE key = ?", (repr(key),)).fetchone())
        if not isinstance(row, tuple) or not row:
            return None
        try:
            return model.model_validate_json(row[0])
        except ValueError:
            return None

    def put(self, key: tuple[object, ...], value: object) -> None:
        if not isinstance(value, BaseModel) or self._model(key) is None:
            return
        data = value.model_dump_json()
        with self._lock:
            self._run(lambda c: c.execute(
                "INSERT OR REPLACE INTO facts (key, json) VALUES (?, ?)", (repr(key), data)))
            self._run(lambda c: c.commit())

    def _model(self, key: tuple[object, ...]) -> type[BaseModel] | None:
        kind = str(key[0]).split(":", 1)[0]
        if callable(self._models):
            self._models = self._models()
        return self._models.get(kind)

    def _run(self, step: Callable[[sqlite3.Connection], object]) -> object:
        conn = self._connect()
        if conn is None:
            return None
        import sqlite3

        try:
            return step(conn)
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
            return None
