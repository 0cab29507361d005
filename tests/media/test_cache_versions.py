"""Old cache versions are removed once unused, so the cache folder does not grow with every
schema bump; what another crosspost still writes, links and other files stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from crosspost.media.disk_cache import OLD_VERSION_GRACE, SCHEMA, DiskStore, drop_older_versions

OLD = time.time() - OLD_VERSION_GRACE - 3600


def _file(path: Path, *, mtime: float = OLD) -> Path:
    path.write_bytes(b"x")
    os.utime(path, (mtime, mtime))
    return path


def test_older_unused_versions_go_and_everything_else_stays(tmp_path: Path) -> None:
    gone = [_file(tmp_path / name) for name in (
        "probes-v1.sqlite", "probes-v2.sqlite-wal", "probes-v2.sqlite-shm", "probes-v6.sqlite")]
    kept = [
        _file(tmp_path / "probes-v5.sqlite", mtime=time.time() - 3600),  # used this month
        _file(tmp_path / "probes-v8.sqlite"),  # a newer crosspost's
        _file(tmp_path / "results-v1.sqlite"),  # another cache's own versions
        _file(tmp_path / "probes-v1.sqlite.bak"),
        _file(tmp_path / "my-probes-v1.sqlite"),
        _file(tmp_path / "probes-v7.sqlite"),  # this version's, however old
    ]
    drop_older_versions(tmp_path / "probes-v7.sqlite")
    assert [p.name for p in gone if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_a_link_is_never_followed_nor_removed(tmp_path: Path) -> None:
    victim = _file(tmp_path / "victim.txt")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "probes-v1.sqlite").symlink_to(victim)
    os.utime(cache / "probes-v1.sqlite", (OLD, OLD), follow_symlinks=False)
    (cache / "probes-v2.sqlite").mkdir()
    drop_older_versions(cache / "probes-v3.sqlite")
    assert victim.exists()
    assert (cache / "probes-v1.sqlite").is_symlink()
    assert (cache / "probes-v2.sqlite").is_dir()


def test_opening_the_probe_cache_drops_its_older_versions(tmp_path: Path) -> None:
    old = _file(tmp_path / f"probes-v{SCHEMA - 1}.sqlite")
    DiskStore(tmp_path, {})._connect()
    assert not old.exists()
    assert (tmp_path / f"probes-v{SCHEMA}.sqlite").exists()


def test_opening_the_result_cache_drops_its_older_versions(tmp_path: Path) -> None:
    from crosspost.check_cache import SCHEMA as RESULTS
    from crosspost.check_cache import ResultCache

    old = _file(tmp_path / f"results-v{RESULTS - 1}.sqlite")
    ResultCache(tmp_path / f"results-v{RESULTS}.sqlite", "context")._connect()
    assert not old.exists()
