"""A broken spec file is ONE clear message: file, line, field path and what was expected.

The API raises ``SpecError``; the CLI prints one line and exits 2 (``specs list``) or reports the
file and exits 1 (``specs validate``); nothing ever shows a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from crosspost.cli import main
from crosspost.errors import SpecError
from crosspost.specs.registry import load_specs


def line_no(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in the test file"
    return hits[nth - 1]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} is not in the template"
    return text.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    """A spec file made from DEMO_SPEC, and what its error must say."""

    make: Callable[[str], str | bytes]  # DEMO_SPEC -> the broken file
    at: str  # the error names the line holding this text ("" for line 1)
    field: str | None
    says: tuple[str, ...]
    nth: int = 1  # the error is at the nth line holding ``at``


def swap(old: str, new: str) -> Callable[[str], str]:
    return lambda demo: edit(demo, old, new)


BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

CASES = {
    "unknown field": Case(
        swap("max_hashtags: 30", "max_hashtag: 30"), "max_hashtag: 30",
        "formats.post.limits.text.max_hashtag", ("unknown field",),
    ),
    "wrong type": Case(
        swap("max_hashtags: 30", "max_hashtags: many"), "max_hashtags: many",
        "formats.post.limits.text.max_hashtags", ("valid integer", "'many'"),
    ),
    "negative duration": Case(
        swap("max_duration: 140", "max_duration: -5"), "max_duration: -5",
        "formats.post.limits.video.max_duration", ("greater than or equal to 0", "-5"),
    ),
    "min count > max count": Case(
        swap("max_count: 4", "max_count: 4\n        min_count: 5"), "images:",
        "formats.post.limits.images", ("min_count (5)", "max_count (4)"),
    ),
    "min duration > max duration": Case(
        swap("max_duration: 140", "min_duration: 200\n        max_duration: 140"), "video:",
        "formats.post.limits.video", ("min_duration (200", "max_duration (140"),
    ),
    "inverted aspect range": Case(
        swap('min_aspect: "9:16"', 'min_aspect: "1.91:1"'), "video:",
        "formats.reel.limits.video", ("min_aspect (1.91", "max_aspect (0.8"), nth=2,
    ),
    "duplicate format id": Case(
        swap("  reel:\n", "  post:\n"), "  post:",
        "formats.post", ("duplicate key 'post'", "first at line 10"), nth=2,
    ),
    "value without a source": Case(
        swap("    source: docs\n", ""), "max_length: {graphemes: 500}",
        "formats.post.limits.text.max_length.graphemes", ("no source", "source:"),
    ),
    "unknown source id": Case(
        swap("max_hashtags: 30", "max_hashtags: {value: 30, source: nowhere}"),
        "source: nowhere", "formats.post.limits.text.max_hashtags",
        ("unknown source id 'nowhere'", "sources:"),
    ),
    "long form without value": Case(
        swap("max_hashtags: 30", "max_hashtags: {source: docs}"), "max_hashtags:",
        "formats.post.limits.text.max_hashtags", ("`value` is missing",),
    ),
    "bad ratio string": Case(
        swap('max_aspect: "4:5"', 'max_aspect: "wide"'), "max_aspect",
        "formats.reel.limits.video.max_aspect", ("aspect ratio", "'wide'"),
    ),
    "YAML 1.1 boolean NO": Case(
        swap("name: Post", "name: NO"), "name: NO", "formats.post.name", ("'NO'", "quote"),
    ),
    "YAML 1.1 octal": Case(
        swap("max_hashtags: 30", "max_hashtags: 012345"), "012345",
        "formats.post.limits.text.max_hashtags", ("leading zero", "quote"),
    ),
    "YAML 1.1 base 60": Case(
        swap("name: Post", "name: 12:30"), "name: 12:30", "formats.post.name",
        ("base-60", '"12:30"'),
    ),
    "unquoted ratio": Case(
        swap('min_aspect: "9:16"', "min_aspect: 9:16"), "min_aspect: 9:16",
        "formats.reel.limits.video.min_aspect", ("base-60", "quote"),
    ),
    "anchor and alias": Case(
        lambda demo: edit(edit(demo, "name: Post", "name: &n Post"), "name: Reel", "name: *n"),
        "name: &n", "formats.post.name", ("anchors",),
    ),
    "python tag": Case(
        swap("name: Post", "name: !!python/object/apply:os.getcwd []"), "!!python",
        "formats.post.name", ("tag", "not supported"),
    ),
    "merge key": Case(
        swap("    kind: reel\n", "    kind: reel\n    <<: {note: x}\n"), "<<:",
        "formats.reel", ("merge keys",),
    ),
    "two documents": Case(
        lambda demo: demo + "---\nid: other\n", "---", None, ("more than one YAML document",),
    ),
    "bad YAML syntax": Case(
        swap("media: [text, image, video]", "media: [text, image, video"), "source: docs",
        None, ("invalid YAML",),
    ),
    "alias bomb": Case(lambda demo: BOMB, "", "a", ("anchors",)),
    "not UTF-8": Case(
        lambda demo: edit(demo, "name: Post", "name: Café").encode("latin-1"), "name: Caf",
        None, ("not UTF-8", "0xe9"),
    ),
    "empty file": Case(lambda demo: "", "", None, ("found empty",)),
    "a list, not a mapping": Case(lambda demo: "- id: demo\n", "", None, ("found a list",)),
}


@pytest.fixture(params=sorted(CASES), ids=str)
def bad_spec(
    request: pytest.FixtureRequest, tmp_path: Path, demo_spec: str
) -> tuple[Path, Case, int]:
    case = CASES[request.param]
    content = case.make(demo_spec)
    folder = tmp_path / "specs"
    folder.mkdir()
    path = folder / "demo.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
        text = content.decode("latin-1")
    else:
        path.write_text(content, encoding="utf-8")
        text = content
    line = line_no(text, case.at, case.nth) if case.at else 1
    return path, case, line


def test_api_raises_one_clear_spec_error(bad_spec: tuple[Path, Case, int]) -> None:
    path, case, line = bad_spec
    with pytest.raises(SpecError) as caught:
        load_specs([path.parent], builtin=False)
    err = caught.value
    message = str(err)
    assert err.path == str(path)
    assert err.line == line, message
    assert err.field == case.field, message
    assert message.startswith(f"{path}:{line}: "), message
    assert "\n" not in message
    for fragment in case.says:
        assert fragment in message


def test_cli_prints_one_line_and_exits_2(
    bad_spec: tuple[Path, Case, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, line = bad_spec
    assert main(["specs", "list", "--spec-dir", str(path.parent)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"crosspost: error: {path}:{line}: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_validate_reports_the_file_and_exits_1(
    bad_spec: tuple[Path, Case, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, case, line = bad_spec
    assert main(["specs", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:{line}: " in out
    assert case.says[0] in out
    assert "Traceback" not in out + err


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    # Expanded, the bomb holds 9**9 strings; refusing the first anchor takes no time.
    (tmp_path / "bomb.yaml").write_text(BOMB + "c: *i\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(SpecError, match="anchors"):
        load_specs([tmp_path], builtin=False)
    assert time.perf_counter() - started < 1.0


def test_tags_are_never_constructed(tmp_path: Path, demo_spec: str) -> None:
    marker = tmp_path / "pwned"
    spec = edit(demo_spec, "name: Post", f'name: !!python/object/apply:os.mkdir ["{marker}"]')
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "demo.yaml").write_text(spec, encoding="utf-8")
    with pytest.raises(SpecError, match="tag"):
        load_specs([tmp_path / "specs"], builtin=False)
    assert not marker.exists()


def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("- " * 3000 + "x\n", encoding="utf-8")
    with pytest.raises(SpecError, match="levels deep"):
        load_specs([tmp_path], builtin=False)


def test_duplicate_platform_id_in_one_folder(
    tmp_path: Path, demo_spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "a.yaml").write_text(demo_spec, encoding="utf-8")
    (folder / "b.yaml").write_text(edit(demo_spec, "name: Demo", "name: Again"), "utf-8")
    with pytest.raises(SpecError) as caught:
        load_specs([folder], builtin=False)
    err = caught.value
    assert err.path == str(folder / "b.yaml")
    assert err.line == line_no(demo_spec, "id: demo")
    assert err.field == "id"
    assert "'demo'" in str(err)
    assert str(folder / "a.yaml") in str(err)

    assert main(["specs", "list", "--spec-dir", str(folder)]) == 2
    assert str(folder / "b.yaml") in capsys.readouterr().err
    # `validate` on the folder checks its files together, as `--spec-dir` loads them.
    assert main(["specs", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'a.yaml'}: ok" in out
    assert f"{folder / 'b.yaml'}:" in out
    assert "also defined in" in out


def test_same_platform_id_in_two_folders_is_a_replacement_not_an_error(
    tmp_path: Path, demo_spec: str
) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "demo.yaml").write_text(demo_spec, encoding="utf-8")
    specs = load_specs([tmp_path / "one", tmp_path / "two"], builtin=False)
    assert specs.origins["demo"] == str(tmp_path / "two" / "demo.yaml")


def test_spec_dir_that_is_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SpecError, match="expected a folder of spec files, found nothing"):
        load_specs([tmp_path / "nope"], builtin=False)
    assert main(["specs", "list", "--spec-dir", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == (
        f"crosspost: error: {tmp_path / 'nope'}: expected a folder of spec files, found nothing\n"
    )
    (tmp_path / "file.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(SpecError, match="found a file"):
        load_specs([tmp_path / "file.yaml"], builtin=False)
