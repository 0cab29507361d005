"""The bundled platform specs load, carry provenance, match the committed JSON Schema, and are
listed by `crosspost specs list`. Nothing here depends on the numbers in them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest
import yaml

from crosspost.cli import main
from crosspost.schemas import SCHEMA_FILES, schema_text
from crosspost.specs.loader import builtin_spec_dir, spec_files
from crosspost.specs.platform import iter_source_refs
from crosspost.specs.registry import SpecRegistry, load_specs

SPEC_DIR = builtin_spec_dir()
SCHEMA_DIR = SPEC_DIR / "schema"
SPEC_FILES = spec_files(SPEC_DIR)
SCHEMA_COMMENT = "# yaml-language-server: $schema=schema/platform-spec.schema.json"
REGENERATE = "crosspost specs schema --out platform_specs/schema"


@pytest.fixture(scope="module")
def bundled() -> SpecRegistry:
    return load_specs()


def platform_of(specs: SpecRegistry, path: Path) -> str:
    owners = [pid for pid, origin in specs.origins.items() if Path(origin) == path]
    assert len(owners) == 1, f"{path.name} defines {len(owners)} platforms"
    return owners[0]


def test_there_are_bundled_specs() -> None:
    assert SPEC_DIR.is_dir()
    assert SPEC_FILES, f"no spec files in {SPEC_DIR}"


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_bundled_file_loads_with_sources_and_a_verified_date(
    bundled: SpecRegistry, path: Path
) -> None:
    spec = bundled.platforms[platform_of(bundled, path)]
    assert isinstance(spec.verified, date)
    assert spec.verified <= date.today(), "verified in the future"
    assert spec.sources, "a spec file declares its sources"
    for sid, source in spec.sources.items():
        assert source.url or source.title, sid
    # Every value of the limits and recommended tiers resolves to declared sources.
    refs = list(iter_source_refs(spec))
    assert refs or spec.unsourced, "no values and no note of what could not be sourced"
    for field, ids in refs:
        assert ids, field
        assert set(ids) <= set(spec.sources), field
    for fmt in spec.formats.values():
        assert fmt.policy == type(fmt.policy)(), "the policy tier comes from a policy, not a spec"


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_bundled_file_starts_with_the_schema_comment(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_COMMENT


@pytest.fixture(scope="module")
def committed_spec_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (SCHEMA_DIR / "platform-spec.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_bundled_file_validates_against_the_committed_schema(
    path: Path, committed_spec_schema: dict[str, Any]
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(committed_spec_schema).iter_errors(data), key=str
    )
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_schema_catches_what_the_loader_catches(
    committed_spec_schema: dict[str, Any], demo_spec: str
) -> None:
    validator = jsonschema.Draft202012Validator(committed_spec_schema)
    good = yaml.safe_load(demo_spec)
    assert validator.is_valid(good)
    bad = yaml.safe_load(demo_spec.replace("max_hashtags: 30", "max_hashtag: 30"))
    assert not validator.is_valid(bad)


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"platform_specs/schema/{name} is out of date with the models; regenerate it with "
        f"`{REGENERATE}` and commit the result"
    )


def test_specs_list_shows_every_bundled_format(
    bundled: SpecRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["specs", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "TARGET"
    listed = [line.split()[0] for line in lines[1:]]
    for path in SPEC_FILES:
        spec = bundled.platforms[platform_of(bundled, path)]
        for fmt in spec.formats.values():
            assert fmt.id in listed, f"{fmt.id} from {path.name} is not listed"
    assert sorted(listed) == bundled.targets()


def test_specs_list_json(bundled: SpecRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_target = {row["target"]: row for row in rows}
    assert sorted(by_target) == bundled.targets()
    for path in SPEC_FILES:
        pid = platform_of(bundled, path)
        spec = bundled.platforms[pid]
        for key, fmt in spec.formats.items():
            row = by_target[fmt.id]
            assert Path(row["file"]) == path
            assert row["verified"] == spec.verified.isoformat()
            assert row["default"] is (key == spec.default_format)
            assert row["enabled"] is True
            assert row["media"] == list(fmt.media)
    assert sum(row["default"] for row in rows) == len(bundled.platforms)
