"""The strict YAML subset that spec, policy and post files are read with (`crosspost.yamlsrc`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosspost.errors import YamlError
from crosspost.yamlsrc import MAX_YAML_BYTES, load_yaml_file, load_yaml_text


def value(text: str) -> Any:
    return load_yaml_text(f"v: {text}\n", "t.yaml").data["v"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("0", 0),
        ("42", 42),
        ("-7", -7),
        ("1_000", 1000),
        ("0x1F", 31),
        ("2.5", 2.5),
        ("1e3", 1000.0),
        (".inf", float("inf")),
        ("hello world", "hello world"),
        ('"NO"', "NO"),
        ("'012345'", "012345"),
        ('"4:5"', "4:5"),
        ("!!str 012345", "012345"),
        ("1.91:1", "1.91:1"),
        ("2026-01-15", "2026-01-15"),  # dates stay text; the models parse them
        ("[a, 1, true]", ["a", 1, True]),
        ("{a: 1}", {"a": 1}),
        ("|\n  line one\n  line two", "line one\nline two\n"),
    ],
)
def test_yaml_12_core_values(written: str, read: Any) -> None:
    assert value(written) == read
    assert type(value(written)) is type(read)


@pytest.mark.parametrize(
    "written",
    ["NO", "no", "Yes", "y", "N", "on", "OFF", "012345", "-017", "12:30", "4:5", "1:30:00"],
)
def test_yaml_11_traps_are_refused_with_advice(written: str) -> None:
    with pytest.raises(YamlError, match="quote") as caught:
        load_yaml_text(f"a:\n  b: {written}\n", "t.yaml")
    assert caught.value.line == 2
    assert caught.value.field == "a.b"


def test_line_of_every_key_and_item() -> None:
    doc = load_yaml_text("a: 1\nb:\n  c: [p, q]\n  d:\n    - e: 2\n", "t.yaml", line_offset=10)
    assert doc.line_of(("a",)) == 11
    assert doc.line_of(("b", "c")) == 13
    assert doc.line_of(("b", "d", 0, "e")) == 15
    assert doc.line_of(("b", "d", 0, "nope")) == 15  # nearest ancestor
    assert doc.line_of(("zzz",)) == 1 + 10  # the document itself


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (first at line 1)"),
        ("a: &x 1\nb: *x\n", 1, "anchors"),
        ("a: *x\n", 1, "aliases"),
        ("? [a, b]\n: 1\n", 1, "keys must be plain text"),
        ("&k a: 1\n", 1, "anchors"),
        ("!!python/name:os.system a: 1\n", 1, "tag"),
        ("a: !!binary aGVsbG8=\n", 1, "tag"),
        ("a: !custom x\n", 1, "tag"),
        ("a: 1\n---\nb: 2\n", 2, "more than one YAML document"),
        ("a: b\n\x07\n", 2, "control characters"),
        ("a: [1, 2\n", 2, "invalid YAML"),
    ],
)
def test_refused_yaml(text: str, line: int, says: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml_text(text, "t.yaml")
    assert says in str(caught.value)
    assert caught.value.line == line


def test_offset_applies_to_every_reported_line() -> None:
    # Markdown front matter starts on line 2 of the file.
    with pytest.raises(YamlError) as caught:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "p.md", line_offset=1)
    assert caught.value.line == 4
    assert "first at line 2" in str(caught.value)


def test_error_class_is_the_callers(tmp_path: Path) -> None:
    from crosspost.errors import PostError

    with pytest.raises(PostError):
        load_yaml_text("a: NO\n", "p.yaml", error=PostError)


def test_files_bom_size_and_encoding(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml_file(bom).data == {"a": 1}

    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlError, match="not UTF-8") as caught:
        load_yaml_file(latin)
    assert caught.value.line == 2

    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_YAML_BYTES + 1)
    with pytest.raises(YamlError, match="at most"):
        load_yaml_file(big)

    with pytest.raises(YamlError, match="cannot read"):
        load_yaml_file(tmp_path / "missing.yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError, match="levels deep"):
        load_yaml_text("a: " + "[" * 200 + "]" * 200 + "\n", "t.yaml")
    with pytest.raises(YamlError, match="levels deep"):
        load_yaml_text("- " * 2000 + "x\n", "t.yaml")
