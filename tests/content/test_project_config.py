"""Project configuration of a content repository: crosspost.toml or [tool.crosspost]."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.cli import main
from crosspost.config import DEFAULT_INCLUDE, Config, find_config, load_config
from crosspost.errors import ConfigError

WriteFile = Callable[..., Path]


def test_no_configuration_gives_defaults(tmp_path: Path) -> None:
    config = load_config(start=tmp_path)
    assert config == Config(root=tmp_path.resolve())
    assert config.include == list(DEFAULT_INCLUDE)
    assert config.fail_on == "error"
    assert config.path is None


def test_crosspost_toml_is_found_from_a_start_folder_upwards(
    write: WriteFile, tmp_path: Path
) -> None:
    path = write("site/crosspost.toml", """\
        targets = ["x.post", "bluesky"]
        policy = "policy.yaml"
        spec_dirs = ["specs"]
        fail_on = "warning"
        exclude = ["drafts/**"]
        """)
    deep = tmp_path / "site" / "posts" / "2026"
    deep.mkdir(parents=True)
    assert find_config(deep) == path
    config = load_config(start=deep)
    assert config.path == path
    assert config.root == path.parent.resolve()
    assert config.targets == ["x.post", "bluesky"]
    assert config.fail_on == "warning"
    assert config.exclude == ["drafts/**"]
    # Relative paths in the file are relative to its folder, wherever the start was.
    assert config.resolve(config.policy or "") == (tmp_path / "site" / "policy.yaml").resolve()
    # The policy and the configuration file itself are never read as posts.
    assert config.owned_files() == {(tmp_path / "site" / "policy.yaml").resolve(),
                                    (tmp_path / "site" / "crosspost.toml").resolve()}
    # A start file works like its folder.
    post = write("site/posts/2026/a.md", "---\n---\nx\n")
    assert find_config(post) == path


def test_tool_crosspost_in_pyproject(write: WriteFile, tmp_path: Path) -> None:
    path = write("pyproject.toml", """\
        [project]
        name = "content"

        [tool.crosspost]
        targets = ["x"]
        """)
    config = load_config(start=tmp_path)
    assert (config.path, config.targets) == (path, ["x"])


def test_nearest_file_wins_and_crosspost_toml_beats_pyproject(
    write: WriteFile, tmp_path: Path
) -> None:
    write("pyproject.toml", '[tool.crosspost]\ntargets = ["outer"]\n')
    inner = write("inner/pyproject.toml", '[tool.crosspost]\ntargets = ["inner"]\n')
    assert load_config(start=tmp_path / "inner").targets == ["inner"]
    own = write("inner/crosspost.toml", 'targets = ["own"]\n')
    assert load_config(start=tmp_path / "inner").path == own
    own.unlink()
    assert load_config(start=tmp_path / "inner").path == inner


@pytest.mark.parametrize(
    "content",
    [
        '[tool.other]\nnote = "[tool.crosspost] is mentioned here"\n',  # only mentioned
        '[project]\nname = "x"\n',
    ],
)
def test_a_pyproject_without_the_table_is_passed_by(
    write: WriteFile, tmp_path: Path, content: str
) -> None:
    outer = write("crosspost.toml", 'targets = ["outer"]\n')
    write("inner/pyproject.toml", content)
    assert find_config(tmp_path / "inner") == outer


@pytest.mark.parametrize(
    "content",
    [
        '[tool.crosspost.extra]\nx = 1\n',  # only a sub-table
        '[tool]\ncrosspost = {targets = ["x"]}\n',  # an inline table
    ],
)
def test_other_spellings_of_the_table_are_found(
    write: WriteFile, tmp_path: Path, content: str
) -> None:
    path = write("pyproject.toml", content)
    assert find_config(tmp_path) == path


def test_invalid_toml_names_the_file_and_line(write: WriteFile, tmp_path: Path) -> None:
    path = write("crosspost.toml", 'targets = ["x"]\nfail_on = "error\n')
    with pytest.raises(ConfigError) as caught:
        load_config(start=tmp_path)
    assert caught.value.path == str(path)
    assert caught.value.line == 2
    assert "invalid TOML" in str(caught.value)


def test_invalid_toml_in_pyproject(write: WriteFile, tmp_path: Path) -> None:
    path = write("pyproject.toml", '[tool.crosspost]\ntargets = ["x"\n')
    with pytest.raises(ConfigError, match="invalid TOML") as caught:
        load_config(start=tmp_path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize(
    ("name", "content", "field", "says"),
    [
        ("crosspost.toml", 'targetz = ["x"]\n', "targetz", "unknown field"),
        ("crosspost.toml", "[specs]\ndir = 1\n", "specs", "unknown field"),
        ("crosspost.toml", 'root = "/etc"\n', "root", "unknown field"),
        ("crosspost.toml", 'fail_on = "sometimes"\n', "fail_on", "'sometimes'"),
        ("crosspost.toml", 'targets = "x"\n', "targets", "valid list"),
        ("pyproject.toml", '[tool.crosspost]\ntargetz = ["x"]\n', "tool.crosspost.targetz",
         "unknown field"),
        ("pyproject.toml", '[tool.crosspost]\npath = "x"\n', "tool.crosspost.path",
         "unknown field"),
        ("pyproject.toml", '[tool]\ncrosspost = 5\n', "tool.crosspost", "table"),
    ],
)
def test_bad_settings_name_the_file_and_field(
    write: WriteFile, tmp_path: Path, name: str, content: str, field: str, says: str
) -> None:
    path = write(name, content)
    with pytest.raises(ConfigError) as caught:
        load_config(start=tmp_path)
    assert caught.value.path == str(path)
    assert caught.value.field == field
    assert says in str(caught.value)
    assert str(caught.value).startswith(f"{path}: {field}: ")


def test_explicit_path(write: WriteFile, tmp_path: Path) -> None:
    path = write("conf/other.toml", 'targets = ["x"]\n')
    config = load_config(path)
    assert (config.path, config.root, config.targets) == (path, path.parent.resolve(), ["x"])
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_cli_bad_config_exits_2(
    write: WriteFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("crosspost.toml", 'targetz = ["x"]\n')
    assert main(["specs", "list", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"crosspost: error: {path}: targetz: " + (
        "unknown field (check the spelling; `crosspost specs schema --kind config` prints the "
        "configuration's JSON Schema, docs/configuration.md lists the settings)\n"
    )


def test_cli_config_spec_dirs_and_policy_are_used(
    write: WriteFile, demo_spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write("project/specs/demo.yaml", demo_spec, dedent=False)
    write("project/policy.yaml", "disabled: [demo.reel]\n")
    path = write("project/crosspost.toml", 'spec_dirs = ["specs"]\npolicy = "policy.yaml"\n')
    assert main(["specs", "list", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "demo.post" in out
    assert "(off by policy)" in next(line for line in out.splitlines() if "demo.reel" in line)
