"""The configuration's JSON Schema: committed, printed by the CLI, and the one a configuration
error points to; it accepts what the loader accepts and rejects a misspelt setting."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import crosspost
from crosspost.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "platform_specs" / "schema" / "config.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _docs_toml() -> list[str]:
    """Every TOML block of docs/configuration.md (the example's and the ignore scopes)."""
    text = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    return re.findall(r"```toml\n(.*?)```", text, re.S)


def test_the_examples_and_the_documented_configurations_are_valid(
    validator: jsonschema.Draft202012Validator,
) -> None:
    blocks = [(ROOT / "examples" / "crosspost.toml").read_text("utf-8"), *_docs_toml()]
    assert len(blocks) >= 3
    for block in blocks:
        data: dict[str, Any] = tomllib.loads(block)
        data = data.get("tool", {}).get("crosspost", data)  # pyproject.toml's table
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (block, errors)


@pytest.mark.parametrize("setting", [
    'incldue = ["posts/**"]',  # misspelt
    'fail_on = "sometimes"',
    'ignore = { "text.length" = { targets = ["x.post"] } }',  # a scope without its reason
    'ignore = { "text.length" = { reason = "r", target = ["x.post"] } }',
    'ignore = { "text.length" = [] }',
    'root = "/"',  # set by the loader, never a setting
])
def test_the_schema_rejects_what_the_loader_rejects(
    validator: jsonschema.Draft202012Validator, setting: str, tmp_path: Path
) -> None:
    assert not validator.is_valid(tomllib.loads(setting))
    config = tmp_path / "crosspost.toml"
    config.write_text(setting + "\n", "utf-8")
    with pytest.raises(crosspost.ConfigError):
        crosspost.load_config(config)


def test_a_misspelt_setting_points_to_the_schema_the_cli_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "crosspost.toml").write_text('incldue = ["posts/**"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    command = re.search(r"`crosspost (specs schema --kind config)`", err)
    assert command, err
    assert "crosspost.toml: incldue: unknown field" in err
    assert main(command.group(1).split()) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(COMMITTED.read_text("utf-8"))
    assert "incldue" not in printed["properties"]
    assert {"include", "ignore", "fail_on"} <= set(printed["properties"])
