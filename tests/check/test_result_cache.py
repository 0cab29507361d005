"""The persistent result cache of `check`: served while nothing changed, never stale.

Each test checks a small repository twice and counts the posts really checked the second time
(``check_item`` calls): 0 when the cache serves them, and the report is the same either way.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import crosspost.checking as checking
from crosspost.check_cache import ResultCache
from crosspost.checking import check_paths, default_prober
from crosspost.cli import main
from crosspost.specs.policy import load_policy
from crosspost.specs.registry import load_specs

POST = "---\nid: {id}\nlanguage: nl\ntargets: [x.post, instagram.feed]\nmedia:\n" \
       "  - path: media/{image}\n    alt: Een foto\n---\nTekst van {id} #zon\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "posts" / "media").mkdir(parents=True)
    for name, size in (("a.jpg", (800, 600)), ("b.jpg", (600, 800))):
        Image.new("RGB", size, (200, 90, 40)).save(root / "posts" / "media" / name)
    for index, image in enumerate(("a.jpg", "b.jpg", "a.jpg")):
        post = POST.format(id=f"p{index}", image=image)
        (root / "posts" / f"p{index}.md").write_text(post, "utf-8")
    (root / "crosspost.toml").write_text('include = ["posts/*.md"]\n', "utf-8")
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CROSSPOST_CACHE", raising=False)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the items really checked (not served from the cache)."""
    seen: list[str] = []
    real = checking.check_item

    def spy(item: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(item.id)
        return real(item, *args, **kwargs)

    monkeypatch.setattr(checking, "check_item", spy)
    return seen


def run(repo: Path, **kwargs: Any) -> str:
    posts = sorted((repo / "posts").glob("*.md"))
    kwargs.setdefault("specs", load_specs())
    report = check_paths(posts, prober=default_prober(persistent=True), root=repo, cache=True,
                         **kwargs)
    return report.model_dump_json()


def test_unchanged_posts_are_served_from_the_cache(repo: Path, checked: list[str]) -> None:
    first = run(repo)
    assert sorted(checked) == ["p0", "p1", "p2"]
    checked.clear()
    assert run(repo) == first
    assert checked == []


def test_an_edited_post_is_checked_again(repo: Path, checked: list[str]) -> None:
    run(repo)
    checked.clear()
    post = repo / "posts" / "p1.md"
    post.write_text(post.read_text("utf-8").replace("#zon", "#zon " + "lang " * 80), "utf-8")
    assert "text.length" in run(repo)
    assert checked == ["p1"]


def test_changed_media_invalidates_the_posts_using_it(repo: Path, checked: list[str]) -> None:
    first = run(repo)
    checked.clear()
    # Same name, a panorama no target takes: p0 and p2 use a.jpg.
    Image.new("RGB", (4000, 200), (0, 0, 0)).save(repo / "posts" / "media" / "a.jpg")
    second = run(repo)
    assert sorted(checked) == ["p0", "p2"]
    assert "image.aspect" in second
    assert second.count("image.aspect") > first.count("image.aspect")


def test_a_media_path_retargeted_by_a_symlink_is_checked_again(
    repo: Path, checked: list[str]
) -> None:
    media = repo / "posts" / "media"
    os.symlink("b.jpg", media / "link.jpg")
    post = repo / "posts" / "p0.md"
    post.write_text(post.read_text("utf-8").replace("media/a.jpg", "media/link.jpg"), "utf-8")
    run(repo)
    checked.clear()
    (media / "link.jpg").unlink()
    os.symlink("a.jpg", media / "link.jpg")
    run(repo)
    assert checked == ["p0"]


def test_missing_media_is_never_cached(repo: Path, checked: list[str]) -> None:
    (repo / "posts" / "media" / "b.jpg").unlink()
    first = run(repo)
    assert "media.missing" in first
    Image.new("RGB", (600, 800)).save(repo / "posts" / "media" / "b.jpg")
    checked.clear()
    assert "media.missing" not in run(repo)
    assert checked == ["p1"]


def test_specs_policy_and_settings_are_part_of_the_key(
    repo: Path, checked: list[str]
) -> None:
    run(repo)
    policy = repo / "policy.yaml"
    policy.write_text("name: Org\nall:\n  text:\n    max_hashtags: 0\n", "utf-8")
    for kwargs in (
        {"specs": load_specs(policy=load_policy(policy))},
        {"ignore": ["hashtags.camelcase"]},
        {"targets": ["x.post"]},
        {"default_targets": ["mastodon.post"]},
    ):
        checked.clear()
        run(repo, **kwargs)
        assert sorted(checked) == ["p0", "p1", "p2"], kwargs
        checked.clear()
        run(repo, **kwargs)
        assert checked == [], kwargs


def test_a_changed_crosspost_invalidates_everything(
    repo: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import crosspost.check_cache as check_cache

    run(repo)
    checked.clear()
    monkeypatch.setattr(check_cache, "_versions", lambda: ["crosspost-99.0.dist-info"])
    run(repo)
    assert sorted(checked) == ["p0", "p1", "p2"]


def test_a_fake_prober_is_never_cached(repo: Path, checked: list[str]) -> None:
    from crosspost.testing import FakeProber

    posts = sorted((repo / "posts").glob("*.md"))
    for _ in range(2):
        check_paths(posts, prober=FakeProber(), root=repo, cache=True)
    assert len(checked) == 6


def test_a_damaged_cache_is_ignored(repo: Path, checked: list[str], tmp_path: Path) -> None:
    first = run(repo)
    database = tmp_path / "cache" / "results-v2.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE results SET json = '{\"deps\": 5, \"report\": []}'")
    checked.clear()
    assert run(repo) == first
    assert len(checked) == 3
    database.write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    checked.clear()
    assert run(repo) == first
    assert len(checked) == 3


def test_a_forged_entry_that_lies_about_its_report_is_not_trusted_beyond_its_key(
    repo: Path, checked: list[str], tmp_path: Path
) -> None:
    """Entries are validated as reports; one too large is not even read."""
    run(repo)
    database = tmp_path / "cache" / "results-v2.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE results SET json = json || ?", (" " * (5 * 1024 * 1024),))
    checked.clear()
    run(repo)
    assert len(checked) == 3


def test_a_cache_folder_inside_the_repository_is_refused(repo: Path) -> None:
    specs = load_specs()
    assert ResultCache.open(specs=specs, rules=(), settings={}, root=repo,
                            folder=repo / ".cache") is None
    assert ResultCache.open(specs=specs, rules=(), settings={}, root=repo,
                            folder=repo.parent / "elsewhere") is not None


def test_cli_no_cache_reads_and_writes_no_cache(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--no-cache", "--fail-on", "never"]) == 0
    assert not (tmp_path / "cache").exists()
    fresh = capsys.readouterr().out
    assert main(["check", "--fail-on", "never"]) == 0
    cached = capsys.readouterr().out
    assert cached == fresh
    assert (tmp_path / "cache" / "results-v2.sqlite").is_file()
    assert main(["check", "--fail-on", "never"]) == 0
    assert capsys.readouterr().out == cached


def test_duplicate_ids_are_found_between_cached_and_checked_posts(
    repo: Path, checked: list[str]
) -> None:
    """A post's report is cached; whether its id clashes with another post's is not."""
    run(repo)
    twin = repo / "posts" / "p3.md"
    twin.write_text(POST.format(id="p0", image="b.jpg"), "utf-8")
    checked.clear()
    report = run(repo)
    assert checked == ["p0"]  # the new file; p0.md itself comes from the cache
    assert report.count("post.duplicate_id") == 2
    twin.write_text(POST.format(id="p3", image="b.jpg"), "utf-8")
    assert "post.duplicate_id" not in run(repo)


def test_a_post_from_standard_input_is_keyed_by_what_was_read(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check -` with the name of a post on disk: the bytes read, not the file, make the key."""
    import io
    import sys

    def check_stdin(text: str) -> str:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        main(["check", "-", "--stdin-filename", "posts/p0.md", "--format", "json",
              "--fail-on", "never"])
        return capsys.readouterr().out

    on_disk = (repo / "posts" / "p0.md").read_text("utf-8")
    assert main(["check", "posts/p0.md", "--format", "json", "--fail-on", "never"]) == 0
    capsys.readouterr()
    edited = on_disk.replace("#zon", "#zon " + "lang " * 80)
    assert "text.length" in check_stdin(edited)
    assert "text.length" not in check_stdin(on_disk)


def test_the_code_digest_memo_never_hides_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest of crosspost's files is kept under their identity; a file rewritten with
    the same size and modification time (its ctime still changes) is hashed again, and code
    changed within the last moments is not memoised at all."""
    import os
    import time

    import crosspost.check_cache as check_cache

    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    code = package / "sub" / "rule.py"
    code.write_text("LIMIT = 280\n", "utf-8")
    (package / "data.txt").write_text("nl\n", "utf-8")
    monkeypatch.setattr(check_cache, "_PACKAGE", package)
    memo = tmp_path / "cache"
    first = check_cache._package_digest(memo)
    assert not memo.exists()  # just written: not settled, so not memoised
    monkeypatch.setattr(check_cache, "_SETTLED_NS", 0)
    assert check_cache._package_digest(memo) == first
    assert [p.name.startswith("code-v") for p in memo.iterdir()] == [True]
    assert check_cache._package_digest(memo) == first == check_cache._package_digest(None)

    before = code.stat()
    time.sleep(0.05)  # past the kernel's timestamp tick
    code.write_text("LIMIT = 500\n", "utf-8")  # same size
    os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))
    edited = check_cache._package_digest(memo)
    assert edited != first
    assert edited == check_cache._package_digest(None)
    assert len(list(memo.iterdir())) == 1  # the memo of the old code is gone


def test_the_code_digest_names_every_file_relative_to_the_package() -> None:
    """The digest and its memo key name crosspost's files by their path inside the package,
    as ``os.path.relpath`` gives it (taken as a slice of the path, which is cheaper)."""
    from crosspost.check_cache import _PACKAGE, _package_files, _relative

    files = _package_files()
    assert len(files) > 100
    assert [_relative(f) for f in files] == [os.path.relpath(f, _PACKAGE) for f in files]
