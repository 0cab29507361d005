"""Reads stay inside the content root: no post, medium, caption, configuration or spec file
is read through a link out of it, and nothing in the output folder is trusted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .conftest import SECRET, Repo, Run, jpeg


def test_a_post_that_links_out_of_the_root_is_refused(repo: Repo, run: Run) -> None:
    (repo.outside / "post.md").write_text(f"---\nid: lek\n---\n{SECRET}\n", "utf-8")
    repo.link("posts/lek.md", repo.outside / "post.md")
    repo.post("goed.md", "---\nid: goed\n---\nHallo allemaal.\n")
    done = run("check")
    assert done.code == 1
    assert "leads outside" in done.out
    assert "post.invalid" in done.out
    adapted = run("adapt")
    assert SECRET not in adapted.out
    assert not (repo.out / "lek").exists()
    assert (repo.out / "goed" / "x.post" / "post.txt").is_file()
    for path in repo.out.rglob("*"):
        assert not path.is_file() or SECRET.encode() not in path.read_bytes()


def test_a_post_that_links_inside_the_root_is_fine(repo: Repo, run: Run) -> None:
    repo.file("archief/nieuws.md", "---\nid: nieuws\n---\nHallo allemaal.\n")
    repo.link("posts/nieuws.md", repo.root / "archief" / "nieuws.md")
    repo.file("crosspost.toml", 'targets = ["x.post"]\n')
    done = run("check")
    assert done.code == 0
    assert "nieuws" in done.out


@pytest.mark.parametrize("field", ["path", "captions"])
def test_media_and_captions_that_link_out_are_refused(repo: Repo, run: Run, field: str) -> None:
    repo.file("posts/media/clip.mp4", b"\x00" * 64)
    (repo.outside / "sub.srt").write_text(f"1\n00:00:00,000 --> 00:00:01,000\n{SECRET}\n")
    if field == "path":
        repo.link("posts/media/foto.jpg", repo.outside / "secret.jpg")
        media = "{path: media/foto.jpg, alt: Foto}"
    else:
        repo.link("posts/media/sub.srt", repo.outside / "sub.srt")
        media = "{path: media/clip.mp4, alt: Film, captions: media/sub.srt}"
    repo.post("p.md", f"---\nid: p\nmedia:\n  - {media}\n---\nKijk.\n")
    done = run("check")
    assert "media.path_escape" in done.out
    assert SECRET not in done.out


def test_a_configuration_file_that_links_out_is_refused(repo: Repo, run: Run) -> None:
    (repo.outside / "crosspost.toml").write_text('targets = ["x.post"]\n', "utf-8")
    (repo.root / "crosspost.toml").unlink()
    repo.link("crosspost.toml", repo.outside / "crosspost.toml")
    repo.post("p.md", "---\nid: p\n---\nHallo.\n")
    done = run("check")
    assert done.code == 2
    assert "leads outside" in done.err


def test_a_spec_file_that_links_out_is_refused(repo: Repo, run: Run) -> None:
    (repo.outside / "evil.yaml").write_text("id: evil\n", "utf-8")
    repo.link("specs/evil.yaml", repo.outside / "evil.yaml")
    repo.file("crosspost.toml", 'targets = ["x.post"]\nspec_dirs = ["specs"]\n')
    repo.post("p.md", "---\nid: p\n---\nHallo.\n")
    done = run("check")
    assert done.code == 2
    assert "leads outside its spec folder" in done.err


@pytest.mark.parametrize("name", ["manifest.json", ".crosspost-previous.json"])
def test_a_manifest_linked_to_dev_zero_is_not_read(repo: Repo, run: Run, name: str) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    repo.post("p.md", "---\nid: p\n---\nHallo allemaal.\n")
    repo.link(f"out/p/x.post/{name}", Path("/dev/zero"))
    started = time.monotonic()
    done = run("adapt")
    assert done.code == 0
    assert time.monotonic() - started < 30
    assert (repo.out / "p" / "x.post" / "manifest.json").stat().st_size < 1_000_000


def test_a_huge_committed_manifest_is_ignored(repo: Repo, run: Run) -> None:
    repo.post("p.md", "---\nid: p\n---\nHallo allemaal.\n")
    big = repo.file("out/p/x.post/manifest.json", b"")
    with open(big, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB of zeros on disk costs nothing
    assert run("adapt").code == 0
    assert big.stat().st_size < 1_000_000


def test_map_never_embeds_a_file_a_committed_link_points_at(
    repo: Repo, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.file("posts/media/foto.jpg", jpeg(seed=2, size=(1080, 1080)))
    repo.file("crosspost.toml", 'targets = ["x.post"]\n')
    repo.post("p.md", "---\nid: p\nmedia:\n  - {path: media/foto.jpg, alt: Foto}\n---\nKijk.\n")
    assert run("adapt").code == 0
    folder = repo.out / "p" / "x.post"
    rendered = next(p for p in folder.iterdir() if p.suffix == ".jpg")
    rendered.unlink()
    rendered.symlink_to(repo.outside / "secret.jpg")
    from crosspost.contentmap import thumbs

    seen: list[str] = []
    original = thumbs.thumbnail

    def spy(path, kind):  # type: ignore[no-untyped-def]
        seen.append(os.path.realpath(path))
        return original(path, kind)

    monkeypatch.setattr(thumbs, "thumbnail", spy)
    done = run("map", "--out", repo.root / "map.html")
    assert done.code == 0
    assert seen
    assert not any(s.startswith(os.path.realpath(repo.outside)) for s in seen)
