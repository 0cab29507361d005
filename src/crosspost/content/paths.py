"""Path confinement: a post may only point at files inside its content root.

Checked on the text of the path before any file is opened, then again on the real path, so that
neither `../../etc/passwd`, `/etc/passwd`, `C:\\x`, a NUL byte nor a symlink that leaves the root
gets through. Names that look like options or protocols (`-i.mp4`, `concat:x|y.mp4`) are plain
file names here; the ffmpeg layer passes them as absolute `file:` paths.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ..errors import MediaError, PathEscapeError

_DRIVE = re.compile(r"^[A-Za-z]:")


def confine(
    relative: str, base: Path, root: Path, *, source: str, line: int | None, field: str
) -> Path:
    """Resolve ``relative`` against ``base`` and prove it stays inside ``root``."""

    def refuse(why: str) -> PathEscapeError:
        return PathEscapeError(
            f"{relative!r} {why}; media paths are relative to the post and stay inside "
            f"the content root {root}",
            path=source,
            line=line,
            field=field,
        )

    if "\x00" in relative:
        raise refuse("contains a NUL byte")
    if not relative.strip():
        raise refuse("is empty")
    if relative.startswith(("/", "\\")) or _DRIVE.match(relative):
        raise refuse("is absolute")
    if "\\" in relative:
        raise refuse("uses backslashes; write / between folders")
    if ".." in PurePosixPath(relative).parts:
        raise refuse("goes up with '..'")
    candidate = base / relative
    real_root = root.resolve()
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(real_root):
        raise refuse("leads outside the content root (through a symbolic link)")
    return real


def require_file(path: Path, written: str, *, source: str, line: int | None, field: str) -> None:
    """A clear error for a missing media file, with close matches from its folder."""
    if path.is_file():
        return
    if path.exists():
        raise MediaError(f"{written!r} is not a regular file", path=source, line=line, field=field)
    hint = ""
    folder = path.parent
    if folder.is_dir():
        names = [p.name for p in folder.iterdir()]
        import difflib  # only for a file that is missing

        close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
        if close:
            hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)"
    raise MediaError(f"media file {written!r} not found{hint}", path=source, line=line, field=field)
