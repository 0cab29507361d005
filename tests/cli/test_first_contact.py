"""First contact: the commands in a folder without any configuration.

The content root is the enclosing git repository or, without one, the folder that holds the
posts (never a post file: a photo beside the post was once refused as a path escape); adapt's
default output folder is one it accepts, and it says where it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from crosspost.cli import main

POST = """\
---
targets: [x, bluesky]
media:
  - path: foto.jpg
    alt: Zonnepanelen op het dak van het gemeentehuis
---
De gemeente legt zonnepanelen op het gemeentehuis. Lees meer op https://www.example.org/zon
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stranger's folder: posts/one.md with its photo beside it, nothing else."""
    root = tmp_path / "stranger"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "one.md").write_text(POST, "utf-8")
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(root / "posts" / "foto.jpg", quality=90)
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _rules(out: str) -> set[str]:
    return {f["rule"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("path", ["posts/one.md", "posts", "."])
def test_check_finds_the_photo_beside_the_post(folder: Path, path: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", path, "--format", "json")
    assert code == 0, out
    assert "media.path_escape" not in _rules(out)
    assert "post.invalid" not in _rules(out)


def test_check_without_paths_checks_the_working_folder(folder: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["items"] == 1


def test_plan_says_what_it_would_write(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "posts")
    assert code == 0
    assert "adapted" not in out
    assert out.splitlines()[-1] == (
        "1 item: 1 planned, 0 failed; 2 of 2 variants publishable; nothing written "
        "(`crosspost adapt` would write to posts/out)"
    )
    assert not (folder / "posts" / "out").exists()


@pytest.mark.parametrize("path", ["posts", "posts/one.md"])
def test_adapt_writes_to_its_default_folder_and_says_where(
    folder: Path, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "adapt", path)
    assert code == 0, err
    assert out.splitlines()[-1].endswith("; written to posts/out")
    for target in ("x.post", "bluesky.post"):
        assert (folder / "posts" / "out" / "one" / target / "manifest.json").is_file()
    code, again, _ = run(capsys, "check", "posts", "--format", "json")  # out/ is not content
    assert json.loads(again)["summary"]["items"] == 1


def test_adapt_a_post_at_the_top_of_the_folder(folder: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("one.md", "foto.jpg"):
        (folder / "posts" / name).rename(folder / name)
    code, out, err = run(capsys, "adapt", "one.md")
    assert code == 0, err
    assert out.splitlines()[-1].endswith("; written to out")
    assert (folder / "out" / "one" / "x.post" / "post.txt").is_file()


def test_the_git_repository_is_the_content_root(folder: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """In a git repository, media may sit anywhere in it, and out/ is at its top."""
    (folder / ".git").mkdir()
    (folder / "media").mkdir()
    (folder / "posts" / "foto.jpg").rename(folder / "media" / "foto.jpg")
    (folder / "media" / "link.jpg").symlink_to(folder / "media" / "foto.jpg")
    post = POST.replace("path: foto.jpg", "path: beeld/link.jpg")
    (folder / "posts" / "beeld").symlink_to(folder / "media")
    (folder / "posts" / "one.md").write_text(post, "utf-8")
    code, out, _ = run(capsys, "check", "posts/one.md", "--format", "json")
    assert code == 0, out
    assert "media.path_escape" not in _rules(out)
    code, out, err = run(capsys, "adapt", "posts")
    assert code == 0, err
    assert out.splitlines()[-1].endswith("; written to out")
    assert (folder / "out" / "one" / "x.post" / "manifest.json").is_file()


def test_map_without_configuration(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "map", "posts", "--output", "map.html")
    assert code == 0, err
    assert out.strip() == "wrote map.html: 1 item, 2 variants"
    assert "foto.jpg" in (folder / "map.html").read_text("utf-8")


def test_map_and_canvas_default_to_the_output_folder(folder: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Without git or configuration the root is the posts' folder, and out/ is in it."""
    assert run(capsys, "adapt", "posts")[0] == 0
    code, out, err = run(capsys, "map", "posts")
    assert code == 0, err
    assert out.strip() == "wrote posts/out/map.html: 1 item, 2 variants"
    assert "foto.jpg" in (folder / "posts" / "out" / "map.html").read_text("utf-8")
    (folder / "canvas.yaml").write_text(
        "organisation: Gemeente\nplatforms:\n  x:\n    role: Nieuws snel delen\n", "utf-8")
    code, out, err = run(capsys, "canvas", "posts", "--canvas", "canvas.yaml")
    assert code == 0, err
    assert out.startswith("wrote posts/out/canvas.html: 1 platform, 0 campaigns")
    assert "Gemeente" in (folder / "posts" / "out" / "canvas.html").read_text("utf-8")
    assert run(capsys, "adapt", "posts")[0] == 0  # the pages are not taken for stale variants
    assert (folder / "posts" / "out" / "map.html").is_file()


def test_a_default_page_replaces_a_committed_link_instead_of_writing_through_it(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("niet aanraken", "utf-8")
    (folder / "posts" / "out").mkdir()
    (folder / "posts" / "out" / "map.html").symlink_to(victim)
    code, _, err = run(capsys, "map", "posts")
    assert code == 0, err
    assert victim.read_text("utf-8") == "niet aanraken"
    assert not (folder / "posts" / "out" / "map.html").is_symlink()
