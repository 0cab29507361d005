"""A thread-safe memo of probe results, so each file is probed once per change.

The key is the file's identity and version, not its name: (kind, resolved path, device,
inode, size, mtime_ns). An edited or replaced file misses the cache; a file that changes while
being probed is not stored. Two threads asking for the same uncached file wait for one probe
instead of starting two ffmpeg processes. Errors are not cached: the user may fix the file.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar, cast

__all__ = ["ProbeCache", "Store"]

T = TypeVar("T")
_Key = tuple[str, str, int, int, int, int]


class Store(Protocol):
    """A second-level cache (on disk) behind the memory cache."""

    def get(self, key: tuple[object, ...]) -> object | None: ...

    def put(self, key: tuple[object, ...], value: object) -> None: ...


class ProbeCache:
    """LRU cache of probe results; ``kind`` must encode everything the result depends on."""

    def __init__(self, maxsize: int = 4096, *, store: Store | None = None) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._maxsize = maxsize
        self._store = store
        self._entries: OrderedDict[_Key, object] = OrderedDict()
        self._inflight: dict[_Key, threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, path: str | Path, probe: Callable[[], T]) -> T:
        """Return the cached result for ``path`` or run ``probe()`` and remember it.

        Results are stored per ``kind``; one kind must always map to one result type.
        """
        key = _key(kind, path)
        if key is None:  # missing or unreadable: let the probe raise its proper error
            return probe()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return cast(T, self._entries[key])
            gate = self._inflight.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._entries:
                    self.hits += 1
                    return cast(T, self._entries[key])
                self.misses += 1
            stored = self._store.get(key) if self._store is not None else None
            if stored is not None:
                with self._lock:
                    self._inflight.pop(key, None)
                    self._remember(key, stored)
                return cast(T, stored)
            try:
                value = probe()
            except BaseException:
                with self._lock:
                    self._inflight.pop(key, None)
                raise
            unchanged = _key(kind, path) == key  # the file did not change while probed
            with self._lock:  # remembered before the gate goes: a newcomer finds one or other
                if unchanged:
                    self._remember(key, value)
                self._inflight.pop(key, None)
            if unchanged and self._store is not None:
                self._store.put(key, value)
            return value

    def _remember(self, key: _Key, value: object) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def _key(kind: str, path: str | Path) -> _Key | None:
    try:
        resolved = os.path.realpath(os.fspath(path))
        info = os.stat(resolved)
    except (OSError, ValueError):
        return None
    return (kind, resolved, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
