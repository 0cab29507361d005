"""Find post files in a content repository with include and exclude globs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path

from ..errors import InputError


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    # `**/x` should also match `x` at the top, as in .gitignore.
    return any(fnmatch(relative, p) or (p.startswith("**/") and fnmatch(relative, p[3:]))
               for p in patterns)


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
