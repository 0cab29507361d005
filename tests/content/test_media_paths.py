"""Media paths stay inside the content root; odd but harmless names are literal files there."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from crosspost.content import load, paths
from crosspost.content.load import load_item
from crosspost.errors import MediaError, PathEscapeError

WriteFile = Callable[..., Path]


@pytest.fixture
def root(tmp_path: Path, write: WriteFile) -> Path:
    write("root/crosspost.toml", "")
    write("root/posts/media/photo.jpg", b"jpeg")
    write("outside/secret.jpg", b"secret")
    return tmp_path / "root"


def post_with(root: Path, media_path: str, *, key: str = "path") -> Path:
    """A post in root/posts whose first medium has ``media_path`` (JSON-quoted: any text)."""
    entry = {"path": "media/photo.jpg", "type": "video"} if key == "captions" else {
        "path": media_path, "type": "image"}
    if key == "captions":
        entry["captions"] = media_path
    post = root / "posts" / "p.yaml"
    line = json.dumps(entry, ensure_ascii=False)
    post.write_text(f"text: x\nmedia:\n  - {line}\n", encoding="utf-8")
    return post


ESCAPES = {
    "parent": ("../../outside/secret.jpg", "goes up"),
    "parent inside a path": ("media/../../../outside/secret.jpg", "goes up"),
    "parent that comes back": ("../posts/media/photo.jpg", "goes up"),
    "absolute": ("/etc/passwd", "absolute"),
    "absolute into the root": ("{root}/posts/media/photo.jpg", "absolute"),
    "windows drive": ("C:\\x.jpg", "absolute"),
    "windows drive relative": ("C:x.jpg", "absolute"),
    "unc path": ("\\\\server\\share\\x.jpg", "absolute"),
    "backslashes": ("media\\photo.jpg", "backslashes"),
    "backslash parent": ("..\\outside\\secret.jpg", "backslashes"),
    "nul byte": ("media/photo.jpg\x00.png", "NUL"),
    "empty": ("", "empty"),
    "blank": ("   ", "empty"),
}


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every media path that confinement resolves on disk or checks for existence."""
    seen: list[str] = []
    realpath, require_file = os.path.realpath, paths.require_file

    def spy_realpath(path: str | os.PathLike[str]) -> str:
        seen.append(str(path))
        return realpath(path)

    def spy_require_file(path: Path, *args: object, **kwargs: object) -> None:
        seen.append(str(path))
        require_file(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(paths, "os", SimpleNamespace(path=SimpleNamespace(realpath=spy_realpath)))
    monkeypatch.setattr(load, "require_file", spy_require_file)
    return seen


@pytest.mark.parametrize("key", ["path", "captions"])
@pytest.mark.parametrize("case", sorted(ESCAPES), ids=str)
def test_escapes_are_refused_before_any_file_is_opened(
    root: Path, case: str, key: str, looked_up: list[str]
) -> None:
    written, says = ESCAPES[case]
    post = post_with(root, written.replace("{root}", str(root)), key=key)
    with pytest.raises(PathEscapeError, match=says) as caught:
        load_item(post)
    err = caught.value
    assert err.path == str(post)
    assert err.line == 3
    assert err.field == f"media[0].{key}"
    assert "content root" in str(err)
    # Only the video of the captions case was looked up, never the refused path.
    assert all(seen.endswith("photo.jpg") for seen in looked_up), looked_up
    assert len(looked_up) == (2 if key == "captions" else 0)


def test_symlink_out_of_the_root_is_refused(root: Path, tmp_path: Path) -> None:
    link = root / "posts" / "media" / "link.jpg"
    link.symlink_to(tmp_path / "outside" / "secret.jpg")
    with pytest.raises(PathEscapeError, match="symbolic link"):
        load_item(post_with(root, "media/link.jpg"))
    folder = root / "posts" / "media" / "out"
    folder.symlink_to(tmp_path / "outside", target_is_directory=True)
    with pytest.raises(PathEscapeError, match="symbolic link"):
        load_item(post_with(root, "media/out/secret.jpg"))


def test_symlink_that_stays_inside_is_fine(root: Path) -> None:
    (root / "posts" / "media" / "alias.jpg").symlink_to(root / "posts" / "media" / "photo.jpg")
    item = load_item(post_with(root, "media/alias.jpg"))
    assert item.media[0].resolved == (root / "posts/media/photo.jpg").resolve()


def test_the_root_is_the_nearest_marked_folder(root: Path) -> None:
    # root/posts is a project of its own: a link from it to root/shared.jpg leaves that root.
    (root / "posts" / "crosspost.toml").write_text("", encoding="utf-8")
    (root / "shared.jpg").write_bytes(b"x")
    (root / "posts" / "media" / "shared.jpg").symlink_to(root / "shared.jpg")
    post = post_with(root, "media/shared.jpg")
    with pytest.raises(PathEscapeError, match="symbolic link"):
        load_item(post)
    # An explicit root wins.
    item = load_item(post, root=root)
    assert item.media[0].resolved == (root / "shared.jpg").resolve()


LITERAL_NAMES = [
    "-i.mp4",
    "a:b.mp4",
    "concat:x|y.mp4",
    "file:x.mp4",
    "my holiday clip.mp4",
    "it's \"quoted\".mp4",
    "~tilde.mp4",
    "$(touch pwned).mp4",
    "ünïcödé 🎉.mp4",
    "-",
]


@pytest.mark.parametrize("name", LITERAL_NAMES)
def test_odd_names_are_literal_files_inside_the_root(root: Path, name: str) -> None:
    target = root / "posts" / "media" / name
    target.write_bytes(b"x")
    entry = {"path": f"media/{name}", "type": "video"}
    post = root / "posts" / "p.yaml"
    post.write_text(f"media:\n  - {json.dumps(entry, ensure_ascii=False)}\n", encoding="utf-8")
    item = load_item(post)
    assert item.media[0].resolved == target.resolve()
    assert item.media[0].path == f"media/{name}"
    assert not (root / "posts" / "pwned").exists()


def test_missing_file_suggests_a_close_name(root: Path) -> None:
    post = post_with(root, "media/phota.jpg")
    with pytest.raises(MediaError, match=r"did you mean 'photo\.jpg'") as caught:
        load_item(post)
    assert (caught.value.line, caught.value.field) == (3, "media[0].path")
    with pytest.raises(MediaError) as far:
        load_item(post_with(root, "media/zzzzzzzz.jpg"))
    assert "not found" in str(far.value)
    assert "did you mean" not in str(far.value)
    with pytest.raises(MediaError, match="not found"):
        load_item(post_with(root, "nofolder/photo.jpg"))


def test_missing_captions_file(root: Path) -> None:
    post = post_with(root, "media/photo.srt", key="captions")
    with pytest.raises(MediaError, match="not found") as caught:
        load_item(post)
    assert caught.value.field == "media[0].captions"


def test_a_folder_is_not_a_media_file(root: Path) -> None:
    with pytest.raises(MediaError, match="not a regular file"):
        load_item(post_with(root, "media"))


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_is_not_a_media_file(root: Path) -> None:
    os.mkfifo(root / "posts" / "media" / "pipe.jpg")
    with pytest.raises(MediaError, match="not a regular file"):
        load_item(post_with(root, "media/pipe.jpg"))
