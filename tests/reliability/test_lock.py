"""The variant-folder lock: exclusive, and gone when the run ends.

A run removes its lock file when it is done, and one that fails before its first file also
removes the folders it made; a run waiting
on that lock file must notice and lock the new one, so two holders never overlap.
"""

from __future__ import annotations

import threading
from pathlib import Path

from crosspost.output.lock import LOCK_NAME, folder_lock


def test_a_folder_left_empty_is_removed_with_its_lock_and_item_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with folder_lock(out / "nieuws" / "x.post"):
        assert (out / "nieuws" / "x.post" / LOCK_NAME).is_file()
    assert out.exists()
    assert not (out / "nieuws").exists()


def test_a_folder_with_output_keeps_only_its_output(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "nieuws" / "x.post"
    with folder_lock(folder):
        (folder / "post.txt").write_text("Hallo")
    assert [p.name for p in folder.iterdir()] == ["post.txt"]


def test_an_item_folder_with_another_target_stays(tmp_path: Path) -> None:
    item = tmp_path / "out" / "nieuws"
    (item / "bluesky.post").mkdir(parents=True)
    with folder_lock(item / "x.post"):
        pass
    assert [p.name for p in item.iterdir()] == ["bluesky.post"]


def test_holders_never_overlap_while_the_lock_file_is_removed_and_made_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "out" / "nieuws" / "x.post"
    inside: list[int] = []
    overlaps: list[tuple[int, ...]] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def run(worker: int) -> None:
        try:
            rounds(worker)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    def rounds(worker: int) -> None:
        for round_ in range(60):
            with folder_lock(folder):
                with guard:
                    inside.append(worker)
                    if len(inside) > 1:
                        overlaps.append(tuple(inside))
                if round_ % 3 == 0:  # sometimes a run writes a file, which keeps the lock
                    (folder / "post.txt").write_text(str(worker))
                elif (folder / "post.txt").exists():
                    (folder / "post.txt").unlink()  # ...and sometimes it leaves it empty
                with guard:
                    inside.remove(worker)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert overlaps == []
