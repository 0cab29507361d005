"""Find post files in a content repository with include and exclude globs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import InputError


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Git-style globs: `**/` is any number of folders (or none), `*` stays inside a folder."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    return any(glob_regex(p).match(relative) for p in patterns)


def selected(path: Path, root: Path, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """Whether the globs select ``path`` (relative to ``root``) as a post file."""
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return False
    return _matches(relative, include) and not _matches(relative, exclude)


def iter_posts(
    paths: Iterable[Path],
    *,
    root: Path,
    include: Iterable[str],
    exclude: Iterable[str],
    skip: Iterable[Path] = (),
) -> Iterator[Path]:
    """Post files under ``paths``: a file is taken as given, a folder is walked with the globs."""
    include, exclude = list(include), list(exclude)
    skipped = {p.resolve() for p in skip}
    seen: set[Path] = set()
    for given in paths:
        if not given.exists():
            raise InputError("no such file or folder", path=given)
        if given.is_file():
            candidates: Iterable[Path] = [given]
        else:
            candidates = sorted(p for p in given.rglob("*") if p.is_file())
        for path in candidates:
            real = path.resolve()
            if real in seen or real in skipped:
                continue
            if given.is_dir():
                try:
                    relative = real.relative_to(root.resolve()).as_posix()
                except ValueError:
                    relative = path.relative_to(given).as_posix()
                if not _matches(relative, include) or _matches(relative, exclude):
                    continue
            seen.add(real)
            yield path
