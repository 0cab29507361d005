"""Variant folders that no post of the run produced: committed to the output folder by someone,
or left by a post that was deleted, renamed or lost a target.

Such a folder must never pass for a real variant (a scheduler would publish it). ``adapt``
removes them and says so; ``map`` lists them and shows nothing from them. Only folders of the
``OUT/<id>/<target>`` layout are judged; files directly in the output folder (a map, a report)
are left alone. Nothing is followed: a symlink is unlinked, never its target.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path


def stale_folders(out_dir: Path, produced: Iterable[tuple[str, str]],
                  owned_ids: Iterable[str] | None, keep_ids: Iterable[str] = (),
                  owned_targets: Iterable[str] | None = None) -> list[Path]:
    """``OUT/<id>/<target>`` entries not in ``produced`` that this run speaks for.

    ``owned_ids`` are the ids the run speaks for (None: every id, a run over the whole
    project into its own output folder); ``owned_targets`` likewise (None: every target, a
    run without ``--target``); ``keep_ids`` are ids whose post failed this time.
    """
    made = {(item, target) for item, target in produced}
    owned = None if owned_ids is None else set(owned_ids)
    targets = None if owned_targets is None else set(owned_targets)
    keep = set(keep_ids)
    found: list[Path] = []
    for id_entry in _entries(out_dir):
        name = id_entry.name
        if name.startswith(".") or name in keep or (owned is not None and name not in owned):
            continue
        if _is_link(id_entry) or not id_entry.is_dir():
            if _is_link(id_entry) and targets is None:
                found.append(Path(id_entry.path))
            continue
        for target_entry in _entries(Path(id_entry.path)):
            is_folder = target_entry.is_dir(follow_symlinks=False)
            if target_entry.name.startswith(".") or (
                    targets is not None and target_entry.name not in targets):
                continue
            if (name, target_entry.name) not in made and (is_folder or _is_link(target_entry)):
                found.append(Path(target_entry.path))
    return sorted(found)


def remove_stale(out_dir: Path, folders: Iterable[Path]) -> list[Path]:
    """Remove each folder (a symlink: the link only), then id folders it left empty."""
    removed = []
    for folder in folders:
        try:
            if folder.is_symlink():
                folder.unlink()
            else:
                shutil.rmtree(folder)  # removes links inside, never what they point at
            parent = folder.parent
            if parent != out_dir and not any(parent.iterdir()):
                parent.rmdir()
        except OSError:
            continue
        removed.append(folder)
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return []


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return stat.S_ISLNK(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return False
