"""A result cache for `check` that outlives the process, as linters keep one.

CI checks every post on every push, and most posts did not change. A post's report is stored
under a key made of everything its verdict depends on: the post file's bytes and the path it
was reached by, the specs and policy (their validated content), the settings of the run
(targets, ignored rules, content root, default targets, the prober's limits), the rules that
ran, crosspost itself (the content of its files, so that an edited checkout is never served
old verdicts) and the versions of the libraries it measures with. Media and subtitle files
are recorded with the entry: where each written path leads (symlinks resolved) and that
file's size, times, inode and device. An entry is used only when all of them are unchanged;
anything else is a miss and the post is checked again. Posts that cannot be read are never stored.

The entries live beside the probe cache in the user's cache folder (never in the content
repository: a folder inside the content root is refused), as JSON in SQLite, which writes
atomically. Every entry read is bounded in size and validated; nothing is unpickled. A cache
that cannot be opened or written is skipped silently: it is a help, never a requirement.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content.load import MAX_POST_BYTES

if TYPE_CHECKING:
    import sqlite3

    from .content.item import SourceItem
    from .report import Report
    from .rules.base import Rule
    from .specs.registry import SpecRegistry

__all__ = ["CachedPost", "ResultCache"]

#: Bump when the layout of an entry changes.
SCHEMA = 2
#: Entries larger than this are not read (a report of a post is a few kilobytes).
MAX_ENTRY_BYTES = 4 * 1024 * 1024
#: Entries kept; the oldest written go first.
MAX_ENTRIES = 100_000
_PACKAGE = Path(__file__).resolve().parent
#: Package files a check never reads (the caption font) and compiled code.
_NOT_CODE = (".ttf", ".pyc", ".pyo")
_MAX_CODE_BYTES = 16 * 1024 * 1024
#: Files changed more recently than this are not trusted to the digest memo.
_SETTLED_NS = 2_000_000_000
#: Distributions whose version can change a verdict (metadata folder names, normalised).
_DEPENDENCIES = {"crosspost", "pydantic", "pydantic_core", "pillow", "langdetect", "tiktoken",
                 "regex", "imageio_ffmpeg", "pyyaml", "numpy", "tomli"}

Stat = tuple[int, int, int, int, int]


def _stat(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _dependency(base: str, written: str) -> list[Any]:
    """[written path, where it leads now, that file's identity]."""
    real = os.path.realpath(os.path.join(base, written))
    return [written, real, _stat(real)]


def _code_fingerprint(modules: Iterable[str], folder: Path | None = None) -> str:
    """crosspost's files (their content: a reinstall gives them new times), the versions of
    the libraries a verdict depends on, and the files of plugin modules ``modules``.

    Hashing the content is most of what opening the cache costs, so the digest is kept in
    ``folder`` (the cache folder) under the identity of every file (path, size, times,
    inode): any write to a file changes its ctime, so a file changed since is hashed again."""
    digest = hashlib.sha256(_package_digest(folder).encode())
    for name in sorted(set(modules)):
        file = getattr(sys.modules.get(name), "__file__", None)
        if file and not os.path.realpath(file).startswith(str(_PACKAGE)):
            digest.update(f"{name}:{_stat(file)}".encode())
    digest.update(repr(_versions()).encode())
    return digest.hexdigest()


def _package_files() -> list[str]:
    found = []
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(files)
                  if not name.endswith(_NOT_CODE)]
    return found


def _package_digest(folder: Path | None) -> str:
    """The digest of the content of crosspost's files, from ``folder``'s memo when no file
    changed since it was written."""
    files = _package_files()
    identity = hashlib.sha256(repr([(_relative(path), _stat(path))
                                    for path in files]).encode()).hexdigest()
    memo = folder / f"code-v{SCHEMA}-{identity}" if folder is not None else None
    if memo is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            known = memo.read_text(encoding="ascii")
            if len(known) == 64 and all(c in "0123456789abcdef" for c in known):
                return known
    digest = hashlib.sha256()
    for path in files:
        digest.update(_relative(path).encode() + b"\0")
        with open(path, "rb") as code:
            digest.update(code.read(_MAX_CODE_BYTES) + b"\0")
    result = digest.hexdigest()
    if memo is not None and _settled(files):
        _write_memo(memo, result)
    return result


def _relative(path: str) -> str:
    """``os.path.relpath(path, _PACKAGE)`` for a path ``_package_files`` found below it, as a
    slice: relpath makes both paths absolute and splits them, about 10 us for each of the
    package's 260 files on every run."""
    return path[len(str(_PACKAGE)) + 1:]


def _settled(files: list[str]) -> bool:
    """No file changed within the last ``_SETTLED_NS``: the kernel stamps times at a clock
    tick, so a file rewritten within the same tick as it was hashed could keep its identity
    (as git's "racily clean" files); such code is hashed again on every run until it settles."""
    newest = max((max(st[1], st[2]) for st in map(_stat, files) if st is not None), default=0)
    return newest < time.time_ns() - _SETTLED_NS


def _write_memo(memo: Path, text: str) -> None:
    """Write atomically; drop the memos of older code. Failing to write is not an error."""
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        temp = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="ascii")
        os.replace(temp, memo)
        for old in memo.parent.glob(f"code-v{SCHEMA}-*"):
            if old != memo:
                with contextlib.suppress(OSError):
                    old.unlink()


def _versions() -> list[str]:
    """Installed distributions of crosspost and the libraries that measure for it, from the
    names of their metadata folders (one folder listing, where importlib.metadata would scan
    every distribution)."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += sorted(n for n in names if n.endswith(".dist-info")
                        and n.split("-", 1)[0].lower().replace(".", "_") in _DEPENDENCIES)
    return found


@dataclass(frozen=True)
class CachedPost:
    """What a check of one post leaves that does not depend on the other posts: its reports
    (the rules'; its unknown ignores) and what the duplicate-id check needs of it."""

    id: str
    source_path: str | None
    id_line: int | None
    report: Report | None = None
    unknown: Report | None = None

    @classmethod
    def of(cls, item: SourceItem) -> CachedPost:
        return cls(item.id, item.source_path, item.line_of(("id",)))

    def with_reports(self, report: Report, unknown: Report) -> CachedPost:
        return replace(self, report=report, unknown=unknown)


class ResultCache:
    """Reports of posts checked before, valid while nothing they depend on changed."""

    def __init__(self, database: Path, context: str) -> None:
        self._database = database
        self._context = context.encode("utf-8")
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self._pending: list[tuple[str, str]] = []
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(
        cls,
        *,
        specs: SpecRegistry,
        rules: Sequence[Rule],
        settings: dict[str, Any],
        root: Path | None,
        folder: Path | None = None,
    ) -> ResultCache | None:
        """The cache for one run, or None when caching is off or the folder is unfit.

        ``settings`` holds every other input of the verdicts (targets, ignored rules, default
        targets, the prober's limits), as JSON-able values.
        """
        from .media.disk_cache import default_cache_dir

        folder = folder if folder is not None else default_cache_dir()
        if folder is None:
            return None
        folder = Path(os.path.realpath(folder))
        if root is not None:
            real_root = Path(os.path.realpath(root))
            if folder == real_root or real_root in folder.parents:
                return None  # a cache inside the repository could be written by its authors
        context = {
            "schema": SCHEMA,
            "code": _code_fingerprint((rule.check.__module__ for rule in rules), folder),
            "rules": [rule.meta.id for rule in rules],
            # the specs' content, or the fingerprint of the files and code they were made from
            "specs": specs.fingerprint or [p.model_dump(mode="json")
                                           for p in specs.platforms.values()],
            "policy": specs.policy.model_dump(mode="json") if specs.policy else None,
            "policy_path": specs.policy.path if specs.policy else None,
            "root": str(root) if root is not None else None,
            "settings": settings,
        }
        text = json.dumps(context, sort_keys=True, default=str, ensure_ascii=False)
        return cls(folder / f"results-v{SCHEMA}.sqlite", hashlib.sha256(text.encode()).hexdigest())

    # -- storage ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._broken:
            return self._conn
        import sqlite3  # here: a run without the cache never loads it

        try:
            self._database.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._database, timeout=2.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, json TEXT)")
            self._conn = conn
            from .media.disk_cache import drop_older_versions

            drop_older_versions(self._database)
        except (OSError, sqlite3.Error):
            self._broken = True
        return self._conn

    def key(self, path: str | Path, content: bytes | None = None) -> str | None:
        """The key of a post file as it is now (or of ``content`` given for it); None when
        it cannot be read or is too large (the check itself then says what is wrong)."""
        raw = content
        if raw is None:
            try:
                with open(path, "rb") as post:
                    raw = post.read(MAX_POST_BYTES + 1)
            except OSError:
                return None
        if len(raw) > MAX_POST_BYTES:
            return None
        digest = hashlib.sha256(self._context)
        digest.update(b"\0" + os.fsencode(path) + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> CachedPost | None:
        """The stored report when every file it depends on is as it was, else None."""
        conn = self._connect()
        row = None
        if conn is not None:
            import sqlite3

            try:
                row = conn.execute(
                    "SELECT json FROM results WHERE key = ? AND length(json) <= ?",
                    (key, MAX_ENTRY_BYTES),
                ).fetchone()
            except sqlite3.Error:
                row = None
        report = self._valid(row[0]) if row else None
        if report is None:
            self.misses += 1
        else:
            self.hits += 1
        return report

    def _valid(self, text: object) -> CachedPost | None:
        from pydantic import ValidationError

        from .report import Report

        try:
            entry = json.loads(text) if isinstance(text, str) else None
            if not isinstance(entry, dict) or not isinstance(entry.get("deps"), list):
                return None
            for dep in entry["deps"]:
                base, written, real, stat = dep
                now = _dependency(base, written)
                if now[1] != real or now[2] != (tuple(stat) if stat is not None else None):
                    return None
            post = entry["post"]
            if not isinstance(post, dict) or not isinstance(post.get("id"), str):
                return None
            path, line = post.get("source_path"), post.get("id_line")
            return CachedPost(
                post["id"], path if isinstance(path, str) else None,
                line if isinstance(line, int) else None,
                Report.model_validate(entry["report"]), Report.model_validate(entry["unknown"]))
        except (ValueError, TypeError, KeyError, ValidationError):
            return None

    def put(self, key: str, item: SourceItem, post: CachedPost) -> None:
        """Remember ``post`` (the reports of ``item``, read from the post ``key`` was made of)."""
        if item.source_path is None or post.report is None or post.unknown is None:
            return
        base = os.path.dirname(item.source_path) or "."
        deps = []
        for asset in item.media:
            for written in (asset.path, asset.captions):
                if written is not None:
                    deps.append([base, *_dependency(base, written)])
        entry = {"deps": deps, "report": post.report.model_dump(mode="json"),
                 "unknown": post.unknown.model_dump(mode="json"),
                 "post": {"id": post.id, "source_path": post.source_path,
                          "id_line": post.id_line}}
        self._pending.append((key, json.dumps(entry, ensure_ascii=False)))

    def close(self) -> None:
        """Write what was remembered, in one transaction, and trim the oldest entries."""
        import sqlite3

        conn = self._connect() if self._pending else self._conn
        if conn is not None and self._pending:
            try:
                with conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO results (key, json) VALUES (?, ?)", self._pending
                    )
                    conn.execute(
                        "DELETE FROM results WHERE rowid <= "
                        "(SELECT MAX(rowid) FROM results) - ?", (MAX_ENTRIES,)
                    )
            except sqlite3.Error:
                pass
        self._pending = []
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._conn = None
