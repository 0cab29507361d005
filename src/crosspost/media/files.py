"""Checks every probe makes before reading a file, so messages are the same everywhere."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from crosspost.errors import MediaError

__all__ = ["check_media_file"]


def check_media_file(path: str | Path, *, kind: str = "media file") -> int:
    """Return the size in bytes of a readable, non-empty regular file, or raise MediaError."""
    text = os.fspath(path)
    if "\0" in text:
        raise MediaError("file name contains a NUL byte", path=text.replace("\0", "\\0"))
    try:
        info = os.stat(text)
    except FileNotFoundError:
        raise MediaError(f"{kind} does not exist", path=text) from None
    except OSError as exc:
        raise MediaError(f"cannot read {kind}: {exc.strerror or exc}", path=text) from None
    if stat.S_ISDIR(info.st_mode):
        raise MediaError(f"is a directory, expected a {kind}", path=text)
    if not stat.S_ISREG(info.st_mode):
        raise MediaError(f"is not a regular file, expected a {kind}", path=text)
    if info.st_size == 0:
        raise MediaError(f"is empty (0 bytes), expected a {kind}", path=text)
    if not os.access(text, os.R_OK):
        raise MediaError(f"cannot read {kind}: permission denied", path=text)
    return info.st_size
