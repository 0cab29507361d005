"""The Python API as a notebook uses it: files or loaded objects, a Project, mappings, tables."""

from __future__ import annotations

import builtins
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import crosspost

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POST = "---\nid: dank\ntargets: [x, bluesky, linkedin.post]\n---\nDank aan @{energieloket}!\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example policy and handle map, a configuration naming them, one text post; the
    working folder."""
    root = tmp_path / "campagne"
    root.mkdir()
    for name in ("policy.yaml", "handles.yaml"):
        shutil.copyfile(EXAMPLES / name, root / name)
    (root / "crosspost.toml").write_text(
        'include = ["posts/**/*.md"]\npolicy = "policy.yaml"\nhandles = "handles.yaml"\n'
        'targets = ["x.post", "bluesky.post", "mastodon.post"]\n', "utf-8")
    (root / "posts").mkdir()
    (root / "posts" / "dank.md").write_text(POST, "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    return root


def _x_text(variants: crosspost.VariantSet) -> str:
    return variants["x.post"].plan.text


@pytest.mark.parametrize("kind", ["str", "path", "loaded"])
def test_handles_take_a_file_or_a_loaded_map(repo: Path, kind: str) -> None:
    """`adapt(..., handles="handles.yaml")` once crashed with AttributeError."""
    handles: Any = {"str": "handles.yaml", "path": Path("handles.yaml"),
                    "loaded": crosspost.load_handles("handles.yaml")}[kind]
    assert isinstance(crosspost.load_handles(Path("handles.yaml")), crosspost.HandleMap)
    variants = crosspost.adapt("posts/dank.md", handles=handles, config=no_config())
    assert _x_text(variants) == "Dank aan @energieloketvbs!"
    plan = crosspost.plan("posts/dank.md", "x", handles=handles, config=no_config())
    assert plan.text == "Dank aan @energieloketvbs!"


def no_config() -> crosspost.Config:
    """No configuration at all: only what the call passes applies."""
    return crosspost.Config()


@pytest.mark.parametrize("kind", ["str", "loaded"])
def test_policy_and_specs_take_a_file_or_a_loaded_object(repo: Path, kind: str) -> None:
    policy: Any = "policy.yaml" if kind == "str" else crosspost.load_policy(Path("policy.yaml"))
    report = crosspost.check("posts/dank.md", policy=policy, handles="handles.yaml",
                             config=no_config())
    assert crosspost.check("posts/dank.md") == report  # the configured policy: the same
    specs: Any = crosspost.load_specs(policy="policy.yaml")
    assert crosspost.check("posts/dank.md", specs=specs, handles="handles.yaml",
                           config=no_config()) == report


def test_check_reports_an_unknown_mention_as_plan_does(repo: Path) -> None:
    """Issue #11: an unknown `@{key}` was an error only in plan and adapt; check passed it."""
    unknown = [f for f in crosspost.check("posts/dank.md", config=no_config())
               if f.rule == "mentions.unknown"]
    assert [(f.severity, f.measured) for f in unknown] == [("error", "@{energieloket}")]
    planned = crosspost.plan("posts/dank.md", "x", config=no_config())
    assert [(f.rule, f.severity) for f in planned.findings] == [("mentions.unknown", "error")]
    known = crosspost.check("posts/dank.md", handles="handles.yaml", config=no_config())
    assert not [f for f in known if f.rule == "mentions.unknown"]


def test_the_handle_map_of_the_configuration_applies(repo: Path) -> None:
    assert _x_text(crosspost.adapt("posts/dank.md")) == "Dank aan @energieloketvbs!"
    assert _x_text(crosspost.adapt("posts/dank.md", config=no_config())) == (
        "Dank aan @{energieloket}!")  # no handle map: the placeholder stays, as a finding


def test_a_project_loads_once_and_serves_many_calls(repo: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = crosspost.Project()
    assert project.root == repo.resolve()
    assert project.out == repo.resolve() / "out"
    loads: list[object] = []
    import crosspost.project as project_module

    real = project_module.load_specs
    monkeypatch.setattr(project_module, "load_specs",
                        lambda *a, **k: loads.append(a) or real(*a, **k))
    (repo / "posts" / "twee.md").write_text(POST.replace("dank", "twee"), "utf-8")
    reports = [project.check(p) for p in project.posts()]
    assert [r.items for r in reports] == [("dank",), ("twee",)]
    assert project.check_paths() == reports[0].merged(reports[1])
    plan = project.plan("posts/dank.md", "x")
    variants = project.adapt("posts/dank.md", out="out")
    assert variants["x"].plan == plan
    assert (repo / "out" / "dank" / "x.post" / "post.txt").is_file()
    assert loads == []  # nothing loaded again
    assert project.specs.policy is not None
    assert project.specs.policy.name == (
        "Gemeente Voorbeeldstad")


def test_variant_set_is_a_mapping(repo: Path) -> None:
    variants = crosspost.adapt("posts/dank.md")
    assert isinstance(variants, Mapping)
    assert list(variants) == ["x.post", "bluesky.post", "linkedin.post"]
    assert list(variants.keys()) == list(variants)
    assert "x.post" in variants
    assert "x" in variants
    assert " X " in variants
    assert "instagram.feed" not in variants
    assert 3 not in variants
    assert variants["x"] is variants["x.post"]  # a bare platform, as the CLI accepts it
    assert variants["linkedin"] is variants["linkedin.post"]
    assert variants.get("tiktok") is None
    assert [t for t, _ in variants.items()] == list(variants)
    assert [v.plan.target for v in variants.values()] == list(variants)
    assert len(variants) == 3
    with pytest.raises(KeyError, match="instagram"):
        variants["instagram"]


def test_report_to_records_and_to_pandas(repo: Path) -> None:
    (repo / "posts" / "tags.md").write_text("---\ntargets: [x]\n---\nZon #een #twee #drie #vier\n",
                                           "utf-8")
    report = crosspost.check("posts/tags.md")
    records = report.to_records()
    assert records == report.records()
    assert len(records) == len(report) > 0
    assert records[0]["rule"] == report.findings[0].rule
    frame = report.to_pandas()
    assert list(frame.columns) == list(crosspost.Finding.model_fields)
    assert len(frame) == len(report)
    assert frame.loc[0, "rule"] == report.findings[0].rule
    assert list(frame["severity"]) == [f.severity for f in report]
    empty = crosspost.Report().to_pandas()
    assert len(empty) == 0
    assert list(empty.columns) == list(crosspost.Finding.model_fields)


def test_to_pandas_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"to_pandas\(\) needs pandas.*pip install pandas"):
        crosspost.Report().to_pandas()


def test_an_item_made_in_code_gets_library_defaults(repo: Path) -> None:
    """No path, nothing to find a configuration from: the working folder does not count."""
    item = crosspost.SourceItem(id="code", text="Hallo #een #twee #drie #vier", targets=["x"])
    policy_findings = [f for f in crosspost.check(item) if f.tier == "policy"]
    assert policy_findings == []
    configured = crosspost.check(item, config="crosspost.toml")
    assert any(f.tier == "policy" for f in configured)
