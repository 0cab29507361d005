"""Every broken post file is one PostError naming the file and the line (and the field if any)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.checking import check_paths
from crosspost.content.load import MAX_FRONT_MATTER_BYTES, MAX_POST_BYTES, load_item
from crosspost.errors import PostError

WriteFile = Callable[..., Path]

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

# name: (file name, content, line, field or None, what the message says)
CASES: dict[str, tuple[str, str | bytes, int | None, str | None, str]] = {
    "invalid YAML": ("p.yaml", "title: x\ntargets: [x\n", 3, None, "invalid YAML"),
    "invalid front matter": ("p.md", "---\ntitle: [x\n---\nbody\n", 3, None, "invalid YAML"),
    "python tag": ("p.yaml", 'text: !!python/object/apply:os.system ["ls"]\n', 1, "text", "tag"),
    "custom tag in front matter": ("p.md", "---\ntitle: !secret x\n---\nb\n", 2, "title", "tag"),
    "alias bomb": ("p.yaml", BOMB + "text: *i\n", 1, "a", "anchors"),
    "duplicate key": ("p.yaml", "title: a\ntext: b\ntitle: c\n", 3, "title", "first at line 1"),
    "duplicate key in front matter": (
        "p.md", "---\ntitle: a\nlanguage: nl\ntitle: b\n---\nbody\n", 4, "title", "first at line 2"
    ),
    "YAML 1.1 NO": ("p.md", "---\nlanguage: NO\n---\nbody\n", 2, "language", "quote"),
    "YAML 1.1 octal id": ("p.yaml", "id: 012345\ntext: x\n", 1, "id", "leading zero"),
    "YAML 1.1 time": ("p.yaml", "text: x\ntitle: 12:30\n", 2, "title", "base-60"),
    "two documents": ("p.yaml", "text: a\n---\ntext: b\n", 2, None, "more than one"),
    "non-UTF-8": ("p.md", "---\ntitle: caf\xe9\n---\nbody\n".encode("latin-1"), 2, None,
                  "not UTF-8"),
    "empty file": ("p.md", "", 1, None, "empty"),
    "whitespace only": ("p.yaml", "  \n\n", 1, None, "empty"),
    "no front matter": ("p.md", "just a body\n", 1, None, "must start with a '---'"),
    "unclosed front matter": ("p.md", "---\ntitle: x\nbody\n", 1, None, "not closed"),
    "a list, not fields": ("p.yaml", "- text: a\n", 1, None, "found a list"),
    "unknown field": ("p.md", "---\ntitel: x\n---\nbody\n", 2, "titel", "unknown field"),
    "unknown media field": (
        "p.yaml", "media:\n  - path: a.jpg\n    alt_text: x\n", 3, "media.0.alt_text",
        "unknown field",
    ),
    "wrong type": ("p.yaml", "text: x\ntargets: x.post\n", 2, "targets", "valid list"),
    "focus out of range": (
        "p.yaml", "media:\n  - path: a.jpg\n    focus: [0.5, 1.5]\n", 3, "media.0.focus.1",
        "less than or equal to 1",
    ),
    "unknown media type": (
        "p.yaml", "media:\n  - path: a.xyz\n", 2, "media.0", "add `type: image|video|document`"
    ),
    "captions on an image": (
        "p.yaml", "media:\n  - path: a.jpg\n    captions: a.srt\n", 2, "media.0",
        "captions belong to a video",
    ),
    "suppression without a reason": (
        "p.md", '---\nignore: {text.length: ""}\n---\nbody\n', 2, "ignore.text.length",
        "needs a reason",
    ),
    "suppression with a blank reason": (
        "p.yaml", "text: x\nignore:\n  text.length: '  '\n", 3, "ignore.text.length",
        "needs a reason",
    ),
    "id with a slash": ("p.yaml", "id: a/b\ntext: x\n", 1, "id", "contains '/'"),
    "text in front matter and body": (
        "p.md", "---\ntitle: t\ntext: hello\n---\nbody\n", 3, "text", "both"
    ),
    "unsupported extension": ("p.txt", "text: x\n", None, None, "unsupported post file type"),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_bad_post(case: str, write: WriteFile) -> None:
    name, content, line, field, says = CASES[case]
    write("crosspost.toml", "")
    path = write(f"posts/{name}", content, dedent=False) if isinstance(content, str) else write(
        f"posts/{name}", content
    )
    with pytest.raises(PostError) as caught:
        load_item(path)
    err = caught.value
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert err.field == field, str(err)
    assert says in str(err)
    assert str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert "\n" not in str(err)


def test_alias_bomb_fails_fast(write: WriteFile) -> None:
    path = write("p.yaml", BOMB + "text: *i\n", dedent=False)
    started = time.perf_counter()
    with pytest.raises(PostError, match="anchors"):
        load_item(path, root=path.parent)
    assert time.perf_counter() - started < 1.0


def test_front_matter_over_64_kib(write: WriteFile) -> None:
    note = "a" * MAX_FRONT_MATTER_BYTES
    path = write("p.md", f"---\ntitle: x\ngoal: {note}\n---\nbody\n", dedent=False)
    with pytest.raises(PostError, match="front matter is larger than 64 KiB") as caught:
        load_item(path, root=path.parent)
    assert caught.value.line == 1
    # The same text as the body is fine: only the front matter is bounded this tightly.
    path = write("q.md", f"---\ntitle: x\n---\n{note}\n", dedent=False)
    assert len(load_item(path, root=path.parent).text) == MAX_FRONT_MATTER_BYTES


def test_post_file_over_the_size_limit(write: WriteFile) -> None:
    path = write("p.md", "---\n---\n" + "a" * MAX_POST_BYTES, dedent=False)
    with pytest.raises(PostError, match="at most"):
        load_item(path, root=path.parent)


def test_missing_post_file(tmp_path: Path) -> None:
    with pytest.raises(PostError, match="cannot read"):
        load_item(tmp_path / "nope.md", root=tmp_path)


def test_many_posts_a_broken_one_is_a_finding_not_a_crash(write: WriteFile) -> None:
    write("crosspost.toml", "")
    good = write("posts/good.yaml", "text: Hallo\n")
    bad = write("posts/bad.md", "---\nlanguage: NO\n---\nbody\n", dedent=False)
    report = check_paths([good, bad], ["x.post"], root=good.parent.parent)
    broken = [f for f in report.findings if f.path == str(bad)]
    assert broken
    assert broken[0].severity == "error"
    assert broken[0].line == 2
