"""Reading and writing inside an allowed root, without following links out of it.

A repository under test is hostile (docs/security.md): a post file may be a symlink to
``~/.ssh/id_rsa``, a ``manifest.json`` committed in the output folder may point at
``/dev/zero``, a variant folder may be a link to ``/etc``. Reads resolve the path, prove it
inside its root, then open the real path with ``O_NOFOLLOW`` and read only a regular file, at
most a bounded number of bytes. Folders below the output folder are created one component at
a time through directory file descriptors with ``O_NOFOLLOW``: a symlink found on the way is
removed and replaced by a real folder, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotConfined(OSError):
    """The path leaves its root, is a link where none may be, or is not a regular file."""


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is ``root`` or below it (links in root resolved too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def read_regular(path: Path, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of the regular file ``path``, refusing anything over ``limit`` bytes.

    ``follow=False`` also refuses a symlink as the last component (``O_NOFOLLOW``). Devices,
    FIFOs and folders raise ``NotConfined`` before a byte is read: ``/dev/zero`` never is.
    """
    flags = _READ | (0 if follow else _NOFOLLOW)
    if not follow and not _NOFOLLOW and os.path.islink(path):  # pragma: no cover - Windows
        raise NotConfined(errno.ELOOP, "is a symbolic link", str(path))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotConfined(errno.ELOOP, "is a symbolic link", str(path)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotConfined(errno.EINVAL, "is not a regular file", str(path))
        if info.st_size > limit:
            raise NotConfined(errno.EFBIG, f"is {info.st_size} bytes; at most {limit} expected",
                              str(path))
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise NotConfined(errno.EFBIG, f"is larger than {limit} bytes", str(path))
    return data


def read_confined(path: Path, root: Path, limit: int) -> bytes:
    """Read ``path`` only if it resolves inside ``root``; the real file is opened no-follow."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(root)):
        raise NotConfined(errno.EACCES, f"leads outside {root} (through a symbolic link)",
                          str(path))
    return read_regular(real, limit, follow=False)


def regular_size(path: Path) -> int | None:
    """The size of ``path`` if it is a regular file itself (not a link to one), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def real_folder(base: Path, *parts: str) -> Path:
    """``base/parts...`` as real folders: created as needed, a symlink on the way replaced.

    ``base`` itself is trusted (the output folder the user chose, already checked); nothing
    below it is. Returns the joined path, which then holds no link below ``base``.
    """
    base.mkdir(parents=True, exist_ok=True)
    if not parts:
        return base
    fd = os.open(base, os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts:
            if part in ("", ".", "..") or "/" in part or "\0" in part:
                raise NotConfined(errno.EINVAL, "is not a folder name", part)
            child = _open_child_folder(fd, part)
            os.close(fd)
            fd = child
    finally:
        os.close(fd)
    return base.joinpath(*parts)


def _open_child_folder(parent: int, name: str) -> int:
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _ in range(3):
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o777, dir_fd=parent)
        try:
            return os.open(name, flags, dir_fd=parent)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            info = os.lstat(name, dir_fd=parent)
            if not stat.S_ISLNK(info.st_mode):
                raise NotConfined(errno.ENOTDIR, "is a file where a folder belongs", name) \
                    from None
            os.unlink(name, dir_fd=parent)  # a committed link: removed, never followed
    raise NotConfined(errno.ELOOP, "keeps turning into a symbolic link", name)


def open_no_follow(path: Path, flags: int, mode: int = 0o644) -> int:
    """``os.open`` that never follows a link as the last component: a link there is removed
    first (files in the output folder are ours to replace)."""
    for _ in range(3):
        try:
            return os.open(path, flags | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0), mode)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            os.unlink(path)
    raise NotConfined(errno.ELOOP, "keeps turning into a symbolic link", str(path))
