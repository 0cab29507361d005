"""A target switched off by policy (`disabled:`) is not planned or rendered (issue #11).

Before, it was checked like any other target, got variants, and the content map counted them
publishable. Now check reports only `target.disabled` for it; reports show it "off by policy";
adapt lists it in ``VariantSet.off``; plan refuses it; the map shows an "off by policy" cell and
does not count it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosspost.adapting import adapt_item
from crosspost.checking import check_item
from crosspost.content.load import load_item
from crosspost.contentmap.model import build_map
from crosspost.errors import ConfigError
from crosspost.media.prober import FakeProber
from crosspost.planning import plan_item
from crosspost.reporters.json import document
from crosspost.reporters.text import render_text
from crosspost.specs.registry import SpecRegistry, load_specs

LONG = "Een zin over de nieuwe afvalpas. " * 10  # over t.post's 100 characters


@pytest.fixture
def policy_specs(spec_dir: Path, tmp_path: Path) -> SpecRegistry:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Org\nseverity: warning\ndisabled: [t.textonly]\n", "utf-8")
    return load_specs([spec_dir], policy, builtin=False)


@pytest.fixture
def item_path(post: object) -> Path:
    return post("p.md", f"---\nid: p\ntargets: [t.post, t.textonly]\n---\n{LONG}\n")  # type: ignore[operator]


def test_check_reports_only_that_it_is_off(policy_specs: SpecRegistry, item_path: Path,
                                           content: Path) -> None:
    item = load_item(item_path, root=content)
    report = check_item(item, None, policy_specs, FakeProber(), None, set())
    on_off = [(f.rule, f.severity) for f in report.findings if f.target == "t.textonly"]
    assert on_off == [("target.disabled", "warning")]  # no text.length, no text.cut
    assert report.off == {"p": ("t.textonly",)}
    assert any(f.rule == "text.length" and f.target == "t.post" for f in report.findings)
    text = render_text(report)
    assert "t.textonly  off by policy" in text
    statuses = {t["target"]: t["status"] for t in document(report)["items"][0]["targets"]}
    assert statuses == {"t.post": "errors", "t.textonly": "off"}
    json.dumps(document(report))


def test_adapt_does_not_plan_it_and_plan_refuses_it(policy_specs: SpecRegistry, item_path: Path,
                                                    content: Path) -> None:
    item = load_item(item_path, root=content)
    variants = adapt_item(item, None, policy_specs, prober=FakeProber())
    assert list(variants) == ["t.post"]
    assert variants.off == ["t.textonly"]
    with pytest.raises(ConfigError, match="switched off by policy"):
        plan_item(item, "t.textonly", policy_specs, prober=FakeProber())


def test_the_map_shows_it_off_and_does_not_count_it(policy_specs: SpecRegistry,
                                                    item_path: Path, content: Path) -> None:
    item = load_item(item_path, root=content)
    variants = adapt_item(item, None, policy_specs, prober=FakeProber())
    built = build_map([(item, variants)], policy_specs)
    cells = built.rows[0].cells
    assert cells["t.textonly"].status == "off"
    assert cells["t.post"].status != "off"
    summary = next(s for s in built.summaries if s.platform == "t")
    assert summary.variants == 1  # the off target is no variant, publishable or not
    from crosspost.contentmap.render import render_map

    assert "off by policy" in render_map(built)
