"""Find post files in a content repository with include and exclude globs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

_ANY_FOLDERS, _ANYTHING, _IN_FOLDER, _ONE = "**/", "**", "*", "?"


@lru_cache(maxsize=256)
def _tokens(pattern: str) -> tuple[str, ...]:
    """The glob as tokens: the four wildcards above, or one literal character each."""
    tokens, i = [], 0
    while i < len(pattern):
        for token in (_ANY_FOLDERS, _ANYTHING, _IN_FOLDER, _ONE):
            if pattern.startswith(token, i):
                break
        else:
            token = pattern[i]
        tokens.append(token)
        i += len(token)
    return tuple(tokens)


def glob_match(pattern: str, path: str) -> bool:
    """Git-style globs: ``**/`` is any number of folders (or none), ``*`` stays in a folder.

    Simulated as a set of positions in the pattern, one path character at a time, so the
    cost is at most len(pattern) x len(path): a regex of nested ``(?:.*/)?`` backtracks
    exponentially in the number of ``**/`` (a hostile configuration's glob could hang).
    A position ``-i - 1`` is "inside the folders of the ``**/`` at token i".
    """
    tokens = _tokens(pattern)

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            i = todo.pop()
            wildcard = 0 <= i < len(tokens) and tokens[i] in (_ANY_FOLDERS, _ANYTHING, _IN_FOLDER)
            if wildcard and i + 1 not in states:  # every wildcard may match nothing
                states.add(i + 1)
                todo.append(i + 1)
        return states

    states = closure({0})
    for char in path:
        after: set[int] = set()
        for i in states:
            if i < 0:  # inside "**/": any character; a "/" may also end it
                after.add(i)
                if char == "/":
                    after.add(-i)
                continue
            if i >= len(tokens):
                continue
            token = tokens[i]
            if token == _ANY_FOLDERS:
                after.add(-i - 1)
                if char == "/":
                    after.add(i + 1)
            elif token == _ANYTHING or (token == _IN_FOLDER and char != "/"):
                after.add(i)
            elif token == char or (token == _ONE and char != "/"):
                after.add(i + 1)
        if not after:
            return False
        states = closure(after)
    return len(tokens) in states


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    return any(glob_match(p, relative) for p in patterns)


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
