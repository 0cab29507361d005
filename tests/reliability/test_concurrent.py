"""Two `crosspost adapt` runs at once into one output folder, from different sources.

Each variant folder is locked while a run writes it, so one run's files never mix with the
other's: afterwards every manifest is whole, lists exactly the files beside it with their
hashes, and is the manifest one of the two runs would have written on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliRunner, Media, ProjectFactory, post_text, stall_env
from .helpers import assert_consistent, manifest_hashes, start_cli, wait_for


def _made_from(out: Path) -> dict[Path, dict[str, str]]:
    """Per folder, what each file was made from: text files by their bytes, media by their
    recipe (the plan and the source's identity). x264 under heavy concurrent load is not
    guaranteed to produce the same bytes twice, but a folder must never mix two runs' plans."""
    import json

    found = {}
    for manifest in sorted(out.rglob("manifest.json")):
        files = json.loads(manifest.read_text("utf-8"))["files"]
        found[manifest.parent.relative_to(out)] = {
            f["path"]: f["recipe"] or f["sha256"] for f in files
        }
    return found

pytestmark = pytest.mark.reliability


def test_two_concurrent_runs_leave_whole_consistent_folders(
    make_project: ProjectFactory, media: Media, cli: CliRunner, tmp_path: Path,
    subprocess_env: Callable[..., dict[str, str]],
) -> None:
    def project(name: str, photo: bytes, clip: bytes) -> Path:
        posts = {"beeld.md": post_text("beeld", ["x.post"], [("media/photo.jpg", None)]),
                 "clip.md": post_text("clip", ["x.post"], [("media/clip.mp4", None)])}
        files = {"media/photo.jpg": photo, "media/clip.mp4": clip}
        return make_project(files=files, posts=posts, name=name).root

    first = project("a", media.photo, media.clip)
    second = project("b", media.photo2, media.clip2)
    targets = {first: ["-t", "x.post", "-t", "mastodon.post"],
               second: ["-t", "mastodon.post", "-t", "bluesky.post"]}
    out = tmp_path / "shared-out"
    # The first run stalls for a moment in its first image write while holding that folder's
    # lock, so the second run certainly reaches a locked folder.
    stalled = tmp_path / "stall.json"
    runs = [
        start_cli(["adapt", "--out", str(out), *targets[first]], first,
                  subprocess_env(**stall_env(stalled, at=1, seconds=1.5))),
        start_cli(["adapt", "--out", str(out), *targets[second]], second, subprocess_env()),
    ]
    wait_for(stalled.exists, proc=runs[0], what="the first run to hold a lock")
    for run in runs:
        output, errors = run.communicate(timeout=90)
        assert run.returncode == 0, output + errors
        assert "Traceback" not in output + errors

    assert_consistent(out)  # every listed file is whole and has the hash its manifest says
    assert len(manifest_hashes(out)) == 6  # 2 posts x (x.post, mastodon.post, bluesky.post)
    # Each folder holds what one of the runs makes on its own, not a mixture.
    alone = {}
    for root in (first, second):
        ref = tmp_path / f"alone-{root.name}"
        assert cli("adapt", "--out", ref, *targets[root], cwd=root).code == 0
        alone[root] = _made_from(ref)
    for rel, files in _made_from(out).items():
        assert files in (alone[first].get(rel), alone[second].get(rel)), rel
