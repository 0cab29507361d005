"""Reading post files (YAML, or Markdown with YAML front matter) into a SourceItem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.content.item import SourceItem
from crosspost.content.load import find_root, load_item

WriteFile = Callable[..., Path]


def line_no(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def root(write: WriteFile) -> Path:
    """A content root with a crosspost.toml and a few media files."""
    write("crosspost.toml", "")
    for name in ("photo.jpg", "clip.mp4", "clip.nl.srt", "deck.pdf"):
        write(f"posts/media/{name}", b"")
    return Path(write("crosspost.toml")).parent


FULL_YAML = """\
id: launch-2026
title: Heat pumps explained
language: nl
targets: [instagram.reel, x]
text: |-
  Warmtepompen uitgelegd.
  Kom naar de avond!
media:
  - path: media/photo.jpg
    alt: A heat pump in a garden
    focus: [0.5, 0.25]
    reframe: pad
  - path: media/clip.mp4
    alt: Video explaining a heat pump
    captions: media/clip.nl.srt
    captions_language: nl
  - path: media/deck.pdf
overrides:
  x: Warmtepompen uitgelegd, kort.
  instagram.reel: Reel text
goal: More sign-ups
audience: Home owners
core_message: Heat pumps save money
call_to_action: Sign up
ai_generated: true
approved_by: Comms team
ignore:
  text.length: "checked by hand"
"""


def test_yaml_post_with_every_documented_field(write: WriteFile, root: Path) -> None:
    path = write("posts/launch.yaml", FULL_YAML, dedent=False)
    item = load_item(path)
    assert isinstance(item, SourceItem)
    assert item.id == "launch-2026"
    assert item.title == "Heat pumps explained"
    assert item.language == "nl"
    assert item.targets == ["instagram.reel", "x"]
    assert item.text == "Warmtepompen uitgelegd.\nKom naar de avond!"
    photo, clip, deck = item.media
    assert (photo.kind, clip.kind, deck.kind) == ("image", "video", "document")
    assert photo.alt == "A heat pump in a garden"
    assert photo.focus == (0.5, 0.25)
    assert (photo.reframe, clip.reframe) == ("pad", "auto")
    assert photo.resolved == (root / "posts/media/photo.jpg").resolve()
    assert clip.captions == "media/clip.nl.srt"
    assert clip.captions_resolved == (root / "posts/media/clip.nl.srt").resolve()
    assert clip.captions_language == "nl"
    assert item.overrides == {"x": "Warmtepompen uitgelegd, kort.", "instagram.reel": "Reel text"}
    assert item.text_for("x.post") == "Warmtepompen uitgelegd, kort."
    assert item.text_for("instagram.reel") == "Reel text"
    assert item.text_for("bluesky.post") == item.text
    assert (item.goal, item.audience, item.core_message, item.call_to_action) == (
        "More sign-ups", "Home owners", "Heat pumps save money", "Sign up"
    )
    assert (item.ai_generated, item.approved_by) == (True, "Comms team")
    assert item.ignore == {"text.length": "checked by hand"}
    assert item.source_path == str(path)


def test_yaml_line_numbers(write: WriteFile, root: Path) -> None:
    path = write("posts/launch.yaml", FULL_YAML, dedent=False)
    item = load_item(path)
    text = FULL_YAML
    assert item.line_of(("text",)) == line_no(text, "text: |-")
    assert item.line_of(("title",)) == line_no(text, "title:")
    assert item.line_of(("media", 0, "alt")) == line_no(text, "alt: A heat pump")
    assert item.line_of(("media", 1, "alt")) == line_no(text, "alt: Video")
    assert item.line_of(("media", 1, "captions")) == line_no(text, "captions: media")
    assert item.line_of(("media", 2)) == line_no(text, "path: media/deck.pdf")
    assert item.line_of(("overrides", "x")) == line_no(text, "  x: Warm")
    assert item.line_of(("ignore", "text.length")) == line_no(text, "text.length:")


MARKDOWN = """\
---
title: Informatieavond
targets: [x]
media:
  - path: media/photo.jpg
    alt: The town hall
---

Kom naar de **informatieavond** op 12 maart.

Meer op https://example.org.
"""


def test_markdown_body_becomes_text_and_id_defaults_to_the_stem(
    write: WriteFile, root: Path
) -> None:
    path = write("posts/informatieavond.md", MARKDOWN, dedent=False)
    item = load_item(path)
    assert item.id == "informatieavond"
    assert item.text == "Kom naar de **informatieavond** op 12 maart.\n\nMeer op https://example.org."
    assert item.title == "Informatieavond"
    assert item.line_of(("text",)) == line_no(MARKDOWN, "Kom naar")
    assert item.line_of(("title",)) == 2
    assert item.line_of(("media", 0, "alt")) == line_no(MARKDOWN, "alt: The town hall")
    assert item.media[0].resolved == (root / "posts/media/photo.jpg").resolve()


@pytest.mark.parametrize(
    ("name", "stem"),
    [("2026-03-12 avond.md", "2026-03-12 avond"), ("launch.post.yaml", "launch"),
     ("Launch.MARKDOWN", "Launch"), ("x.yml", "x")],
)
def test_id_defaults_to_the_file_stem(write: WriteFile, root: Path, name: str, stem: str) -> None:
    content = "---\ntitle: t\n---\nbody\n" if name.lower().endswith(
        (".md", ".markdown")) else "text: body\n"
    assert load_item(write(f"posts/{name}", content, dedent=False)).id == stem


def test_markdown_with_windows_line_endings_and_a_bom(write: WriteFile, root: Path) -> None:
    raw = "\ufeff---\r\ntitle: t\r\n---\r\n\r\nHallo\r\nwereld\r\n".encode()
    item = load_item(write("posts/crlf.md", raw))
    assert item.title == "t"
    assert item.text.splitlines() == ["Hallo", "wereld"]
    assert item.line_of(("text",)) == 5


def test_markdown_text_in_front_matter_and_no_body(write: WriteFile, root: Path) -> None:
    item = load_item(write("posts/a.md", "---\ntext: Alleen hier\n---\n\n", dedent=False))
    assert item.text == "Alleen hier"
    assert item.line_of(("text",)) == 2


def test_front_matter_may_close_with_dots(write: WriteFile, root: Path) -> None:
    item = load_item(write("posts/a.md", "---\ntitle: t\n...\nbody\n", dedent=False))
    assert (item.title, item.text) == ("t", "body")


def test_markdown_rule_in_the_body_is_not_front_matter(write: WriteFile, root: Path) -> None:
    item = load_item(write("posts/a.md", "---\ntitle: t\n---\none\n\n---\n\ntwo\n", dedent=False))
    assert item.text == "one\n\n---\n\ntwo"


def test_minimal_posts(write: WriteFile, root: Path) -> None:
    item = load_item(write("posts/a.yaml", "text: hi\n"))
    assert (item.id, item.text, item.media, item.targets, item.ai_generated) == (
        "a", "hi", [], [], False
    )
    assert load_item(write("posts/b.md", "---\n---\nbody\n", dedent=False)).text == "body"


def test_check_files_false_skips_the_existence_check(write: WriteFile, root: Path) -> None:
    path = write("posts/a.yaml", "media:\n  - path: media/not-yet.jpg\n")
    item = load_item(path, check_files=False)
    assert item.media[0].resolved == (root / "posts/media/not-yet.jpg").resolve()


def test_find_root(write: WriteFile, tmp_path: Path) -> None:
    post = write("site/content/posts/a.md", "---\n---\nx\n")
    assert find_root(post) == post.parent.resolve()  # nothing marks a root: the post's folder
    write("site/pyproject.toml", "")  # not crosspost's: no [tool.crosspost] table
    assert find_root(post) == post.parent.resolve()
    (tmp_path / "site" / ".git").mkdir()
    assert find_root(post) == (tmp_path / "site").resolve()  # the git repository
    write("site/content/crosspost.toml", "")
    assert find_root(post) == (tmp_path / "site/content").resolve()


def test_block_text_loses_its_final_newline(write: WriteFile, root: Path) -> None:
    post = "text: |\n  Hallo\n  wereld\noverrides:\n  x: |\n    Kort\n"
    item = load_item(write("posts/a.yaml", post, dedent=False))
    assert item.text == "Hallo\nwereld"
    assert item.overrides == {"x": "Kort"}
