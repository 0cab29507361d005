"""Output that cannot be forged: ids, file names, texts and messages from the repository never
reach a CI log, a terminal or a report as control characters or as a line a runner would take
as a command (``::error``, ``::add-mask::``, ``##[``), in any format or any command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from crosspost.printable import json_safe, printable

from .conftest import RAW, Repo, Run, command_lines

FORGED = "::error file=README.md,line=1::forged"


def _hostile(repo: Repo) -> None:
    # A file name with a newline and a command after it; its id is valid.
    repo.post(f"nl\n{FORGED}.md", "---\nid: ok1\n---\nHallo allemaal.\n")
    # An id that is a command, and text with ESC sequences, a bell and bidi overrides.
    repo.post("id.yaml", 'id: "::add-mask::abc"\ntext: "Hallo \\e[2J\\a \\u202Eexe.jpg"\n')
    # A file at the top of the root whose name starts like a command.
    repo.file("::add-mask::top.md", "---\nid: top\n---\nHallo \x1b[31mrood\x1b[0m.\n")
    # Media and caption file names with newlines; both files are garbage.
    repo.file(f"posts/media/a\n{FORGED}.mp4", b"not a video")
    repo.file("posts/media/s\n::warning::c.srt", "1\nnonsense\n")
    repo.post("video.md", "---\nid: video\nmedia:\n"
              f"  - {{path: \"media/a\\n{FORGED}.mp4\", alt: Uitleg,\n"
              "     captions: \"media/s\\n::warning::c.srt\"}\n---\nKijk.\n")


def _assert_clean(text: str) -> None:
    assert not command_lines(text), command_lines(text)
    assert not [c for c in RAW if c in text]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "html"])
def test_check_reports_carry_no_command_and_no_control_character(
    repo: Repo, run: Run, fmt: str
) -> None:
    _hostile(repo)
    done = run("check", "--format", fmt)
    assert done.code == 1
    _assert_clean(done.out)
    _assert_clean(done.err)
    if fmt in ("json", "sarif"):
        json.loads(done.out)  # escaping kept it JSON
    if fmt == "junit":
        ET.fromstring(done.out.encode())
    if fmt != "sarif":  # SARIF lists findings only
        assert "ok1" in done.out
        assert "video" in done.out


def test_github_annotations_are_only_ours(repo: Repo, run: Run) -> None:
    _hostile(repo)
    done = run("check", "--format", "github")
    assert done.code == 1
    lines = done.out.splitlines()
    assert lines
    for line in lines:  # one workflow command per finding, values escaped inside it
        assert line.startswith(("::error ", "::warning ", "::notice ")), line
        properties = line.split("::", 2)[1]
        assert "README.md" not in properties
        assert "::add-mask::" not in line
        assert not [c for c in RAW if c in line]


def test_github_step_summary_is_plain_markdown(repo: Repo, run: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _hostile(repo)
    summary = repo.outside / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("check", "--format", "github")
    text = summary.read_text("utf-8")
    _assert_clean(text)
    assert "<script" not in text


@pytest.mark.parametrize("verb", ["plan", "adapt"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_plan_and_adapt_output_carry_no_command(repo: Repo, run: Run, verb: str,
                                                fmt: str) -> None:
    _hostile(repo)
    done = run(verb, "--format", fmt)
    _assert_clean(done.out)
    _assert_clean(done.err)
    if fmt == "json":
        doc = json.loads(done.out)
        assert {entry["item"] for entry in doc} >= {"ok1", "video"}


def test_error_lines_of_a_run_that_cannot_start_are_printable(repo: Repo, run: Run) -> None:
    repo.file("crosspost.toml", f'targets = ["x.post"]\npolicy = "p\\n{FORGED}.yaml"\n')
    done = run("check")
    assert done.code == 2
    _assert_clean(done.err)
    assert done.err.startswith("crosspost: error:")


def test_printable_escapes_every_control_and_a_leading_command() -> None:
    assert printable("a\nb\rc\td\x1b[2J\x00\x9b\u202e\u2066") == (
        "a\\nb\\rc\\td\\x1b[2J\\x00\\x9b\\u202e\\u2066")
    assert printable("::add-mask::x") == "\\x3a:add-mask::x"
    assert printable("  ##[error]x") == "  \\x23#[error]x"
    assert printable("a: b::c") == "a: b::c"  # only a line's start makes a command
    assert printable("regel\n::x", keep_newlines=True) == "regel\n\\x3a:x"
    assert json.loads(json_safe(json.dumps("\x9b\u202e", ensure_ascii=False))) == "\x9b\u202e"
    assert "\u202e" not in json_safe(json.dumps("\u202e", ensure_ascii=False))


def test_progress_labels_are_printable() -> None:
    from crosspost.render.video.progress import current_progress, using_progress

    seen: list[str] = []

    import contextlib

    @contextlib.contextmanager
    def factory(label: str):  # type: ignore[no-untyped-def]
        seen.append(label)
        yield None

    with using_progress(factory), current_progress(f"clip\n{FORGED}\x1b[2J.mp4"):
        pass
    assert seen == [printable(f"clip\n{FORGED}\x1b[2J.mp4")]
    assert "\n" not in seen[0]
    assert "\x1b" not in seen[0]


def test_specs_commands_print_a_repository_spec_safely(repo: Repo, run: Run) -> None:
    spec = (
        "id: demo\nname: \"Demo\\n::error::forged\"\nverified: \"2026-01-15\"\n"
        "default_format: post\nsources:\n  docs: {url: https://example.org, title: \"D\\e[2J\", "
        "kind: primary}\nformats:\n  post:\n    name: \"Post\\u202E\"\n    kind: post\n"
        "    media: [text]\n    source: docs\n    limits:\n      text:\n"
        "        max_length: {graphemes: 500}\n"
    )
    repo.file("specs/demo.yaml", spec)
    repo.file("crosspost.toml", 'spec_dirs = ["specs"]\n')
    for args in (("specs", "list"), ("specs", "list", "--json"), ("specs", "show", "demo.post"),
                 ("specs", "show", "demo.post", "--json")):
        done = run(*args)
        assert done.code == 0, done.err
        _assert_clean(done.out)
