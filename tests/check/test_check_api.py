"""The `check` API: on a path and on a SourceItem, targets, suppressions, the Report."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import crosspost
from crosspost import check
from crosspost.checking import check_paths
from crosspost.content.item import SourceItem
from crosspost.errors import PostError, UnknownTargetError
from crosspost.media.prober import FakeProber
from crosspost.report import Finding, Report
from crosspost.rules import registry
from crosspost.specs.registry import SpecRegistry, load_specs

PostWriter = Callable[[str, str], Path]

HASHTAGS_6 = "Tekst #een #twee #drie #vier #vijf #zes"


def _rules(report: Report) -> set[str]:
    return {f.rule for f in report}


# --- check() on a path and on an item -------------------------------------------------------


def test_check_path_points_findings_at_file_and_line(
    post: PostWriter, specs: SpecRegistry
) -> None:
    path = post("a.md", f"---\nid: a\ntargets: [t.post]\n---\n{HASHTAGS_6}\n")
    report = check(path, specs=specs, prober=FakeProber())
    error = next(f for f in report if f.severity == "error")
    assert (error.rule, error.item, error.target, error.tier) == (
        "text.hashtags", "a", "t.post", "limits")
    assert (error.path, error.line, error.field) == (str(path), 5, "text")
    assert (error.measured, error.limit, error.unit, error.fixable) == (6, 5, "hashtags", True)
    assert error.sources == ("https://example.org/t/docs",)
    assert error.location == f"{path}:5:36"  # the sixth hashtag, the first over the limit
    assert report.items == ("a",)
    assert report.targets == {"a": ("t.post",)}
    assert report.paths == {"a": str(path)}


def test_check_item_in_memory(specs: SpecRegistry) -> None:
    item = SourceItem(id="mem", text=HASHTAGS_6, targets=["t"])
    report = check(item, specs=specs, prober=FakeProber())
    assert report.targets == {"mem": ("t.post",)}  # a bare platform is its default format
    assert {(f.rule, f.severity) for f in report} == {
        ("text.hashtags", "error"), ("text.hashtags", "warning")}
    assert all(f.path is None and f.line is None for f in report)
    assert report.paths == {}


def test_check_targets_argument_overrides_and_dedupes(specs: SpecRegistry) -> None:
    item = SourceItem(id="mem", text="Tekst", targets=["t.post"])
    report = check(item, ["T.Textonly ", "t.textonly", "t"], specs=specs, prober=FakeProber())
    assert report.targets == {"mem": ("t.textonly", "t.post")}


def test_check_unknown_target_cannot_run(specs: SpecRegistry) -> None:
    item = SourceItem(id="mem", text="Tekst", targets=["t.post"])
    with pytest.raises(UnknownTargetError, match=r"did you mean t\.post"):
        check(item, ["t.psot"], specs=specs, prober=FakeProber())


def test_check_unreadable_post_raises_for_one_post(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.md", "---\nid: a\ntargets: [t.post\n---\nTekst\n")
    with pytest.raises(PostError) as caught:
        check(path, specs=specs, prober=FakeProber())
    assert caught.value.path == str(path)


def test_check_refuses_specs_and_policy_together(specs: SpecRegistry, tmp_path: Path) -> None:
    item = SourceItem(id="mem", text="Tekst", targets=["t.post"])
    with pytest.raises(ValueError, match="not both"):
        check(item, specs=specs, policy=tmp_path / "policy.yaml", prober=FakeProber())


def test_check_loads_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Org\nseverity: error\ndisabled: [x]\n", "utf-8")
    item = SourceItem(id="mem", text="Tekst", targets=["x.post"])
    report = check(item, policy=policy, prober=FakeProber())
    disabled = [f for f in report if f.rule == "target.disabled"]
    assert [(f.severity, f.tier, f.target) for f in disabled] == [("error", "policy", "x.post")]


def test_check_does_not_probe_media_twice(
    post: PostWriter, specs: SpecRegistry, content: Path,
    image_prober: Callable[..., FakeProber],
) -> None:
    path = post("a.md", "---\nid: a\ntargets: [t.post, t.feed]\nmedia:\n"
                        "  - {path: a.jpg, alt: Foto}\n---\nTekst\n")
    prober = image_prober(content / "posts" / "a.jpg")
    check(path, specs=specs, prober=prober)
    assert [kind for kind, _ in prober.calls] == ["image"]


# --- suppressions --------------------------------------------------------------------------


def test_ignore_argument_suppresses(specs: SpecRegistry) -> None:
    item = SourceItem(id="mem", text=HASHTAGS_6, targets=["t.post"])
    report = check(item, specs=specs, prober=FakeProber(), ignore=["text.hashtags"])
    assert "text.hashtags" not in _rules(report)


def test_post_ignore_needs_a_reason(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.md", "---\nid: a\ntargets: [t.post]\nignore:\n  text.hashtags: \"\"\n---\n"
                        f"{HASHTAGS_6}\n")
    report = check_paths([path], specs=specs, prober=FakeProber())
    (finding,) = report.findings
    assert finding.rule == "post.invalid"
    assert finding.line == 5
    assert "reason" in finding.message


def test_policy_ignore_suppresses(spec_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Org\nignore:\n  text.hashtags: agreed with the editors\n", "utf-8")
    specs = load_specs([spec_dir], policy, builtin=False)
    item = SourceItem(id="mem", text=HASHTAGS_6, targets=["t.post"])
    assert "text.hashtags" not in _rules(check(item, specs=specs, prober=FakeProber()))


def test_policy_ignore_needs_a_reason(spec_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Org\nignore:\n  text.hashtags: ''\n", "utf-8")
    with pytest.raises(crosspost.PolicyError, match="reason"):
        load_specs([spec_dir], policy, builtin=False)


def test_config_ignore_needs_a_reason(tmp_path: Path) -> None:
    config = tmp_path / "crosspost.toml"
    config.write_text('ignore = ["text.hashtags"]\n', "utf-8")
    with pytest.raises(crosspost.ConfigError, match="reason"):
        crosspost.load_config(config)


@pytest.fixture
def renamed_hashtags_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend `text.hashtags` was once called `hashtags.count` (kept as an alias)."""
    rules = []
    for rule in registry.all_rules():
        if rule.id == "text.hashtags":
            meta = dataclasses.replace(rule.meta, aliases=("hashtags.count",))
            rule = dataclasses.replace(rule, meta=meta)
        rules.append(rule)
    monkeypatch.setattr(registry, "all_rules", lambda: tuple(rules))


@pytest.mark.usefixtures("renamed_hashtags_rule")
def test_old_rule_id_still_suppresses(post: PostWriter, specs: SpecRegistry) -> None:
    assert registry.canonical("hashtags.count") == "text.hashtags"
    item = SourceItem(id="mem", text=HASHTAGS_6, targets=["t.post"])
    assert not _rules(check(item, specs=specs, prober=FakeProber(), ignore=["hashtags.count"]))
    path = post("a.md", "---\nid: a\ntargets: [t.post]\nignore:\n"
                        "  hashtags.count: vaste campagnehashtags\n---\n" + HASHTAGS_6 + "\n")
    assert not _rules(check(path, specs=specs, prober=FakeProber()))


# --- check_paths: many posts, broken ones become findings ----------------------------------


def test_check_paths_reports_broken_posts_and_goes_on(
    post: PostWriter, specs: SpecRegistry, content: Path
) -> None:
    good = post("good.md", f"---\nid: good\ntargets: [t.post]\n---\n{HASHTAGS_6}\n")
    bad_yaml = post("bad.md", "---\nid: bad\ntargets: [t.post\n---\nTekst\n")
    missing = post("missing.md", "---\nid: missing\ntargets: [t.post]\nmedia:\n"
                                 "  - {path: weg.jpg, alt: Foto}\n---\nTekst\n")
    escape = post("escape.md", "---\nid: escape\ntargets: [t.post]\nmedia:\n"
                               "  - {path: ../../../etc/passwd.jpg, alt: Foto}\n---\nTekst\n")
    also_good = post("later.md", "---\nid: later\ntargets: [t.post]\n---\nTekst\n")
    report = check_paths([good, bad_yaml, missing, escape, also_good], specs=specs,
                         prober=FakeProber(), root=content)
    assert report.items == ("good", "bad", "missing", "escape", "later")
    by_item = {f.item: f for f in report if f.item != "good"}
    assert {i: (f.rule, f.severity) for i, f in by_item.items()} == {
        "bad": ("post.invalid", "error"),
        "missing": ("media.missing", "error"),
        "escape": ("media.path_escape", "error"),
    }
    assert by_item["bad"].path == str(bad_yaml)
    assert by_item["bad"].line is not None
    assert (by_item["missing"].path, by_item["missing"].line) == (str(missing), 5)
    assert by_item["missing"].field == "media[0].path"
    assert (by_item["escape"].path, by_item["escape"].line) == (str(escape), 5)
    assert "text.hashtags" in {f.rule for f in report if f.item == "good"}
    assert report.paths["bad"] == str(bad_yaml)
    assert report.exit_code() == 1


def test_unreadable_post_gets_the_id_load_item_would_give(post: PostWriter,
                                                           specs: SpecRegistry) -> None:
    broken = post("aankondiging.post.yaml", "id: x\ntargets: [t.post\n")
    (finding,) = check_paths([broken], specs=specs, prober=FakeProber()).findings
    assert (finding.rule, finding.item) == ("post.invalid", "aankondiging")


def test_check_paths_default_targets(post: PostWriter, specs: SpecRegistry) -> None:
    bare = post("bare.md", "---\nid: bare\n---\nTekst\n")
    own = post("own.md", "---\nid: own\ntargets: [t.textonly]\n---\nTekst\n")
    report = check_paths([bare, own], specs=specs, prober=FakeProber(),
                         default_targets=["t.post"])
    assert report.targets == {"bare": ("t.post",), "own": ("t.textonly",)}
    assert "target.none" not in _rules(report)
    forced = check_paths([bare, own], ["t.feed"], specs=specs, prober=FakeProber(),
                         default_targets=["t.post"])
    assert forced.targets == {"bare": ("t.feed",), "own": ("t.feed",)}


def test_check_paths_unknown_target_cannot_run(post: PostWriter, specs: SpecRegistry) -> None:
    path = post("a.md", "---\nid: a\n---\nTekst\n")
    with pytest.raises(UnknownTargetError):
        check_paths([path], ["t.nope"], specs=specs, prober=FakeProber())


# --- Report --------------------------------------------------------------------------------


def _finding(severity: str, **extra: object) -> Finding:
    values: dict[str, object] = {"rule": "text.length", "severity": severity,
                                 "message": "m", "item": "i"}
    return Finding(**{**values, **extra})


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        ((), "error", 0),
        ((), "info", 0),
        (("info", "warning"), "error", 0),
        (("info", "warning"), "warning", 1),
        (("info",), "warning", 0),
        (("info",), "info", 1),
        (("error",), "error", 1),
        (("error",), "never", 0),
        (("error",), "info", 1),
    ],
)
def test_exit_code(severities: tuple[str, ...], fail_on: str, code: int) -> None:
    report = Report(findings=tuple(_finding(s) for s in severities))
    assert report.exit_code(fail_on) == code  # type: ignore[arg-type]


def test_counts_ok_and_records() -> None:
    report = Report(
        findings=(_finding("error", target="x.post", measured=300, limit=280),
                  _finding("warning"), _finding("warning"), _finding("info")),
        items=("i",),
    )
    assert report.counts == {"error": 1, "warning": 2, "info": 1}
    assert not report.ok
    assert Report(findings=(_finding("warning"),)).ok
    assert len(report) == 4
    assert list(report) == list(report.findings)
    records = report.records()
    assert json.loads(json.dumps(records)) == records
    assert records[0]["rule"] == "text.length"
    assert records[0]["measured"] == 300
    assert set(records[0]) == set(Finding.model_fields)
    assert report.for_target("i", "x.post") == list(report.findings)  # item-wide ones included


def test_findings_are_frozen() -> None:
    finding = _finding("error")
    with pytest.raises(ValueError, match="frozen"):
        finding.severity = "info"  # type: ignore[misc]


def test_merged_reports_keep_order() -> None:
    one = Report(findings=(_finding("error", item="a"),), items=("a",), paths={"a": "a.md"})
    two = Report(findings=(_finding("info", item="b"),), items=("b", "a"), paths={"b": "b.md"})
    merged = one.merged(two)
    assert merged.items == ("a", "b")
    assert [f.item for f in merged] == ["a", "b"]
    assert merged.paths == {"a": "a.md", "b": "b.md"}


def test_repr_html_escapes_user_text() -> None:
    report = Report(
        findings=(_finding("error", item="<b>x</b>", message="<script>alert(1)</script> & co",
                           target="x.post", path="posts/<img src=x>.md", line=3),),
        items=("<b>x</b>",),
        targets={"<b>x</b>": ("x.post",)},
    )
    markup = report._repr_html_()
    assert "<script>" not in markup
    assert "<b>x</b>" not in markup
    assert "<img src=x>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup


def test_a_missing_medium_is_its_own_finding_and_hides_nothing_else(
    post: PostWriter, specs: SpecRegistry, image_prober: Callable[..., FakeProber]
) -> None:
    """A post with a missing photo, a missing caption file and six hashtags: `check` used to
    stop at the first missing file ("0 targets"), so the author fixed it and only then learnt
    of the rest. Now each missing file is a `media.missing` finding on its own line, the
    photo that exists is still checked, and the API says what the command says."""
    path = post("a.md", "---\nid: a\ntargets: [t.post]\nmedia:\n"
                        "  - {path: weg.jpg, alt: Foto}\n"
                        "  - {path: weg.mp4, alt: Film, captions: weg.srt}\n"
                        "  - {path: er.jpg, alt: Foto}\n"
                        f"---\n{HASHTAGS_6}\n")
    prober = image_prober(path.parent / "er.jpg")
    api = check(path, specs=specs, prober=prober)
    missing = {(f.field, f.line) for f in api if f.rule == "media.missing"}
    assert missing == {("media[0].path", 5), ("media[1].path", 6), ("media[1].captions", 6)}
    assert not [f for f in api if f.rule == "media.unreadable"]
    assert "text.hashtags" in _rules(api)
    assert api.targets == {"a": ("t.post",)}
    paths = check_paths([path], specs=specs, prober=prober, root=path.parent.parent)
    assert sorted(map(str, paths)) == sorted(map(str, api))
