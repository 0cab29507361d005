"""What users of other linters expect: --format auto, -q/-v, concise lines with columns,
`check -`, no posts found, colour from the environment, `crosspost rule`, help on every
option, one spelling for formats, shell completion, media files standing for their posts."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from crosspost.cli import build_parser, main
from crosspost.cli.completion import bash_script, fish_script
from crosspost.cli.style import use_colour

SPEC_DIR = Path(__file__).resolve().parent.parent / "cases" / "spec"
CONFIG = 'include = ["posts/**/*.md"]\nspec_dirs = ["specs"]\ntargets = ["t.post"]\n'
WARN = "---\nid: warn\n---\nTekst #een #twee #drie\n"  # 3 hashtags: recommended is 2


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SPEC_DIR, root / "specs")
    (root / "crosspost.toml").write_text(CONFIG, "utf-8")
    (root / "posts").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_format_auto_is_github_under_github_actions(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "posts" / "warn.md").write_text(WARN, "utf-8")
    _, text, _ = run(capsys, "check")
    assert text.startswith("warn (posts/warn.md)")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, github, _ = run(capsys, "check")
    assert github.startswith("::warning file=posts/warn.md,line=4,endLine=4,col=18,endColumn=23,")
    run(capsys, "check", "--output", "report.txt")  # a file gets text, not workflow commands
    assert (project / "report.txt").read_text("utf-8").startswith("warn (posts/warn.md)")


def test_quiet_prints_findings_only_and_nothing_when_clean(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "warn.md").write_text(WARN, "utf-8")
    code, out, _ = run(capsys, "check", "-q", "--fail-on", "warning")
    assert code == 1
    assert out.splitlines() == [
        "posts/warn.md:4:18: warning text.hashtags [t.post] text has 3 hashtags; the "
        "recommended maximum is 2 (adapt can fix)"]
    (project / "posts" / "warn.md").write_text(WARN.replace(" #drie", ""), "utf-8")
    assert run(capsys, "check", "-q") == (0, "", "")


def test_verbose_shows_sources_and_what_was_read(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "warn.md").write_text(WARN, "utf-8")
    _, out, err = run(capsys, "check", "-v", "--format", "concise")
    assert out.splitlines()[:3] == [
        "posts/warn.md:4:18: warning text.hashtags [t.post] text has 3 hashtags; the "
        "recommended maximum is 2 (adapt can fix)",
        "        measured: 3 / 2 hashtags (recommended)",
        "        field: text",
    ]
    assert "source: https://example.org/t/" in out
    assert "1 post; configuration" in err
    with pytest.raises(SystemExit) as exit_:  # one or the other
        main(["check", "-q", "-v"])
    assert exit_.value.code == 2


def test_check_stdin_with_a_file_name(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(WARN.encode())))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "posts/nieuw.md",
                       "--format", "json", "--fail-on", "warning")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("posts/nieuw.md", 4, 18)
    assert not (project / "posts" / "nieuw.md").exists()
    assert run(capsys, "check", "-", "posts")[0] == 2
    assert run(capsys, "check", "posts", "--stdin-filename", "x.md")[0] == 2


def test_no_posts_found_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "posts" / "note.txt").write_text("geen post", "utf-8")
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert "no posts found in" in err
    assert "include: posts/**/*.md" in err


def test_colour_follows_no_color_and_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_colour(None, Tty()) is True
    assert use_colour(None, io.StringIO()) is False
    assert use_colour(None, None) is False
    monkeypatch.setenv("NO_COLOR", "")  # empty: no-color.org says it does not count
    assert use_colour(None, Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(None, Tty()) is False
    assert use_colour(True, Tty()) is True
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(None, io.StringIO()) is True
    assert use_colour(False, io.StringIO()) is False


def test_rule_explains_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "text.hashtags")
    assert code == 0
    assert out.startswith("text.hashtags: Too many hashtags\n")
    assert "\nFails:\n  - threads.post with #Energietransitie #Zonnepanelen" in out
    assert "\nPasses:\n  - hashtag #Energietransitie" in out
    assert "/reference/rules.md#text.hashtags" in out
    doc = json.loads(run(capsys, "rule", "text.hashtags", "--format", "json")[1])
    assert doc["fixable"] is True
    assert doc["failing"]
    listing = run(capsys, "rule")[1]
    assert "text.hashtags  " in listing
    assert "post.invalid" in listing
    code, _, err = run(capsys, "rule", "text.hashtag")
    assert code == 2
    assert "unknown rule 'text.hashtag'; did you mean text.hashtags" in err


def _actions(parser: argparse.ArgumentParser, name: str = "crosspost"):  # type: ignore[no-untyped-def]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, child in action.choices.items():
                yield from _actions(child, f"{name} {sub}")
        else:
            yield name, action


def test_every_option_has_help_and_format_is_one_spelling() -> None:
    for command, action in _actions(build_parser()):
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
        if action.help == argparse.SUPPRESS:
            continue
        assert "--json" not in action.option_strings, command
        if "-o" in action.option_strings:
            assert action.metavar == "FILE", f"-o of {command} is not a file to write"


def test_specs_list_format_json_and_the_old_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    new = json.loads(run(capsys, "specs", "list", "--format", "json")[1])
    old = json.loads(run(capsys, "specs", "list", "--json")[1])
    assert new == old
    assert any(row["target"] == "x.post" for row in new)


def test_bash_completion_completes_commands_options_and_choices(tmp_path: Path) -> None:
    script = tmp_path / "c.bash"
    script.write_text(bash_script(build_parser()), "utf-8")
    probe = (
        f"source {script}\n"
        'try() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=();'
        ' _crosspost; echo "${COMPREPLY[*]}"; }\n'
        'try crosspost ""\ntry crosspost check --for\ntry crosspost check --format ""\n'
        'try crosspost specs ""\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["check", "plan"]
    assert "completion" in lines[0]
    assert lines[1] == "--format"
    assert lines[2].split() == ["auto", "text", "concise", "json", "github", "sarif", "junit",
                                "html"]
    assert lines[3].split() == ["list", "show", "validate", "schema", "audit", "from-instance"]
    fish = fish_script(build_parser())
    assert "complete -c crosspost -n '__fish_seen_subcommand_from check' -l format -x -a" in fish


def test_media_file_stands_for_the_posts_using_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    media = project / "posts" / "media"
    media.mkdir()
    (media / "foto.jpg").write_bytes(b"not a real jpeg")
    (media / "ander.jpg").write_bytes(b"x")
    (project / "posts" / "a.md").write_text(
        "---\nid: a\nmedia: [{path: media/foto.jpg, alt: Foto}]\n---\nTekst\n", "utf-8")
    (project / "posts" / "b.md").write_text("---\nid: b\n---\nGeen foto\n", "utf-8")
    _, out, _ = run(capsys, "check", "posts/media/foto.jpg", "--format", "json",
                    "--fail-on", "never")
    assert [item["id"] for item in json.loads(out)["items"]] == ["a"]
    # a photo no post uses: nothing to check, and that is fine (not "no posts found")
    assert run(capsys, "check", "posts/media/ander.jpg", "-q") == (0, "", "")


def test_unknown_rule_ids_in_any_ignore_are_errors_with_suggestions(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "warn.md").write_text(WARN, "utf-8")
    config = project / "crosspost.toml"
    config.write_text(CONFIG + 'ignore = { "text.hashtag" = "typo" }\n', "utf-8")
    code, out, err = run(capsys, "check")
    assert code == 2
    assert "crosspost.toml" in err
    assert "unknown rule 'text.hashtag'; did you mean text.hashtags" in err
    config.write_text(CONFIG + 'policy = "policy.yaml"\n', "utf-8")
    (project / "policy.yaml").write_text(
        "name: Test\nignore:\n  hashtags.camelcse: merknamen\n", "utf-8")
    code, _, err = run(capsys, "plan")
    assert code == 2
    assert "policy.yaml:3" in err
    assert "did you mean hashtags.camelcase?" in err
    (project / "policy.yaml").write_text("name: Test\n", "utf-8")
    (project / "posts" / "warn.md").write_text(
        "---\nid: warn\nignore:\n  text.hashtagz: campagne\n---\nTekst #een #twee #drie\n",
        "utf-8")
    code, out, _ = run(capsys, "check", "--format", "concise")
    assert code == 1
    assert ("posts/warn.md:4: error post.invalid ignore: unknown rule 'text.hashtagz'; "
            "did you mean text.hashtags?") in out
    assert "text.hashtags [t.post]" in out  # the post is still checked


def test_filter_files_keeps_posts_the_globs_select_and_posts_using_media(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What pre-commit passes when a user's `files: ^posts/` replaces the hook's own filter."""
    media = project / "posts" / "media"
    media.mkdir()
    (media / "clip.nl.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nHoi\n", "utf-8")
    (media / "foto.jpg").write_bytes(b"\xff\xd8 not really")
    (project / "posts" / "README.md").write_text("# Berichten\n", "utf-8")
    (project / "posts" / "notes.txt").write_text("geen post\n", "utf-8")
    (project / "posts" / "a.md").write_text(
        "---\nid: a\nmedia: [{path: media/foto.jpg, alt: Foto}]\n---\nTekst\n", "utf-8")
    given = ["posts/README.md", "posts/notes.txt", "posts/media/clip.nl.srt",
             "posts/media/foto.jpg", "crosspost.toml", "specs/t.yaml"]
    code, out, err = run(capsys, "check", "--filter-files", "--format", "json",
                         "--fail-on", "never", *given)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert [item["id"] for item in doc["items"]] == ["a"]
    assert not any(f["rule"] == "post.invalid" for f in doc["findings"])
    # nothing that is a post or a used medium: nothing to do, and no error
    assert run(capsys, "check", "--filter-files", "-q", "posts/notes.txt") == (0, "", "")


def test_report_writes_more_formats_from_the_same_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "posts" / "warn.md").write_text(WARN, "utf-8")
    code, out, _ = run(capsys, "check", "--color", "--report", "sarif=out.sarif",
                       "--report", "junit=out.xml", "--fail-on", "warning")
    assert code == 1
    assert "\x1b[" in out  # the terminal report as asked ...
    sarif = json.loads((project / "out.sarif").read_text("utf-8"))
    assert len(sarif["runs"][0]["results"]) == 1
    assert (project / "out.xml").read_text("utf-8").startswith("<?xml")
    with pytest.raises(SystemExit):
        main(["check", "--report", "sarif"])
