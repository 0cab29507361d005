"""Whether any installed distribution declares an entry-point group, without importlib.metadata.

Every command asks for two groups: crosspost's ``crosspost.rules`` and pydantic's ``pydantic``
(its plugin loader, when the first validator is built). Importing importlib.metadata (email,
zipfile, csv, tempfile and more) and letting it parse every distribution's metadata costs
about 30 ms of CPU per command, and almost always neither group is declared. This reads the
files importlib.metadata reads for entry points, the ``entry_points.txt`` of each
``*.dist-info`` and ``*.egg-info`` folder in each ``sys.path`` folder, and answers only
"certainly not declared"; whenever it cannot be sure (a zip or unreadable folder on
``sys.path``, a finder that lists distributions of its own, a file it cannot decode), it
answers "maybe", and the caller asks importlib.metadata as before.
"""

from __future__ import annotations

import os
import stat
import sys
from functools import lru_cache

__all__ = ["may_declare"]

#: Larger entry-point files are not read here (importlib.metadata reads them).
_MAX_BYTES = 1024 * 1024
#: Errors with which importlib.metadata treats a distribution as having no entry points.
_ABSENT = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)


def may_declare(group: str) -> bool:
    """False only when no distribution importlib.metadata would find declares ``group``."""
    try:
        groups = _declared(tuple(sys.path), tuple(map(id, sys.meta_path)))
    except Exception:  # anything unexpected: let importlib.metadata answer
        return True
    return groups is None or group in groups


@lru_cache(maxsize=4)
def _declared(path: tuple[object, ...], finders: tuple[int, ...]) -> frozenset[str] | None:
    """The groups declared on ``path`` (a superset), or None when that cannot be known.

    Kept per process like pydantic's plugins and crosspost's rules, keyed on ``sys.path``
    and the finders (``finders`` is only part of the key).
    """
    from importlib.machinery import PathFinder

    if any(finder is not PathFinder and getattr(finder, "find_distributions", None) is not None
           for finder in sys.meta_path):
        return None
    groups: set[str] = set()
    for entry in path:
        if not isinstance(entry, str):
            return None
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except FileNotFoundError:  # importlib.metadata finds nothing there either
            continue
        except OSError:  # a zip archive or an unreadable folder
            return None
        for name in names:
            low = name.lower()
            if low.endswith((".dist-info", ".egg-info")) or low == "egg-info":
                found = _groups_in(os.path.join(folder, name, "entry_points.txt"))
                if found is None:
                    return None
                groups |= found
    return frozenset(groups)


def _groups_in(file: str) -> set[str] | None:
    """The section names of one ``entry_points.txt`` as importlib.metadata reads them
    (a stripped line in brackets), an empty set when there is no such regular file, None
    when it cannot be read or decoded."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO does not block the open
    except _ABSENT:
        return set()
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return set()
        data = b""
        while len(data) <= _MAX_BYTES and (chunk := os.read(fd, _MAX_BYTES + 1 - len(data))):
            data += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > _MAX_BYTES:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = (line.strip() for line in text.splitlines())
    return {line.strip("[]") for line in lines if line.startswith("[") and line.endswith("]")}
