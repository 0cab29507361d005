"""Posts held against the canvas, through `check` as users run it (API and CLI)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from crosspost import check
from crosspost.checking import check_paths
from crosspost.cli import main
from crosspost.errors import CanvasError
from crosspost.media.prober import FakeProber
from crosspost.rules.registry import rule_catalogue
from crosspost.strategy.canvas import load_canvas

CANVAS = """\
organisation: Gemeente Test
categories: {energie: Energie, vacatures: Werken bij}
platforms:
  instagram:
    categories: [energie]
    formats: [instagram.feed, instagram.reel]
    frequency: {min: 1, max: 2, per: week}
  linkedin: {categories: [energie, vacatures]}
  x: {status: leaving, leaving_on: 2027-03-01}
  bluesky: {status: left}
campaigns:
  warm:
    period: {start: 2027-02-01, end: 2027-04-30}
    platforms: [instagram, x]
    core_messages:
      isoleren: Eerst isoleren.
      subsidie: Vraag subsidie aan.
"""


def post(root: Path, name: str, front: str, text: str = "Tekst van de post.") -> Path:
    path = root / "posts" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nid: {name}\nlanguage: nl\n{textwrap.dedent(front)}---\n{text}\n",
                    "utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "canvas.yaml").write_text(CANVAS, "utf-8")
    (tmp_path / "crosspost.toml").write_text('canvas = "canvas.yaml"\n', "utf-8")
    return tmp_path


def rules_of(report: object, item: str | None = None) -> list[str]:
    return sorted(f.rule for f in report.findings  # type: ignore[attr-defined]
                  if f.rule.startswith("canvas.") and (item is None or f.item == item))


def test_each_post_rule_fires_with_its_line(repo: Path) -> None:
    canvas = load_canvas(repo / "canvas.yaml")
    path = post(repo, "a", """\
        targets: [instagram.story, linkedin.post, x.post, bluesky.post, tiktok.video]
        campaign: warm
        category: vacatures
        core_message: Iets anders.
        publish_at: 2027-05-02 10:00
        """)
    report = check(path, canvas=canvas, prober=FakeProber())
    assert rules_of(report) == sorted([
        "canvas.outside_period", "canvas.core_message_unknown",
        "canvas.format_unused", "canvas.category_not_carried",  # instagram.story
        "canvas.not_in_campaign",  # linkedin
        "canvas.platform_leaving", "canvas.platform_leaving",  # x after leaving_on, bluesky left
        "canvas.not_in_campaign",  # bluesky
        "canvas.platform_unplanned",  # tiktok: one finding, not also "not in campaign"
    ])
    period = next(f for f in report.findings if f.rule == "canvas.outside_period")
    assert period.line == 8
    assert period.field == "publish_at"
    assert period.tier == "policy"
    assert period.severity == "warning"
    assert "2027-05-02" in period.message


def test_typos_are_errors(repo: Path) -> None:
    canvas = load_canvas(repo / "canvas.yaml")
    path = post(repo, "b", "targets: [instagram.feed]\ncampaign: wram\ncategory: enrgie\n")
    report = check(path, canvas=canvas, prober=FakeProber())
    errors = {f.rule: f for f in report.findings if f.severity == "error"}
    assert set(errors) >= {"canvas.campaign_unknown", "canvas.category_unknown"}
    assert "warm" in errors["canvas.campaign_unknown"].message


def test_a_post_that_fits_the_canvas_has_no_canvas_findings(repo: Path) -> None:
    canvas = load_canvas(repo / "canvas.yaml")
    path = post(repo, "c", """\
        targets: [instagram.feed, x.post]
        campaign: warm
        category: energie
        core_message: Eerst isoleren.
        publish_at: 2027-02-20 10:00
        """)
    assert rules_of(check(path, canvas=canvas, prober=FakeProber())) == []


def test_repository_findings_core_messages_and_frequency(repo: Path) -> None:
    canvas = load_canvas(repo / "canvas.yaml")
    paths = [
        # three instagram posts in ISO week 2027-W08, none in W09, one in W10
        post(repo, f"p{n}", f"targets: [instagram.feed]\ncampaign: warm\ncategory: energie\n"
             f"core_message: isoleren\npublish_at: 2027-02-{22 + n} 09:00\n")
        for n in range(3)
    ] + [post(repo, "p9", "targets: [instagram.feed]\npublish_at: 2027-03-10 09:00\n")]
    report = check_paths(paths, canvas=canvas, prober=FakeProber(), root=repo)
    uncovered = [f for f in report.findings if f.rule == "canvas.core_message_uncovered"]
    assert [f.message for f in uncovered] == [
        "campaign 'warm': no post carries core message 'subsidie'"]
    assert uncovered[0].path.endswith("canvas.yaml")
    assert uncovered[0].line == 17
    frequency = sorted((f.message, f.measured) for f in report.findings
                       if f.rule == "canvas.frequency")
    assert frequency == [
        ("instagram: 0 posts planned in 2027-W09, below the canvas's 1 to 2 per week", 0),
        ("instagram: 3 posts planned in 2027-W08, above the canvas's 1 to 2 per week", 3),
    ]


def test_ignore_switches_canvas_rules_off(repo: Path) -> None:
    canvas = load_canvas(repo / "canvas.yaml")
    path = post(repo, "d", "targets: [tiktok.video]\nignore: {canvas.platform_unplanned: "
                "proef met TikTok}\n")
    assert rules_of(check(path, canvas=canvas, prober=FakeProber())) == []
    report = check_paths([path], canvas=canvas, prober=FakeProber(), root=repo,
                         ignore={"canvas.core_message_uncovered": "later"})
    assert "canvas.core_message_uncovered" not in rules_of(report)


def test_canvas_rules_are_documented_rules() -> None:
    catalogue = rule_catalogue()
    for rule in ("canvas.platform_leaving", "canvas.frequency", "canvas.core_message_uncovered"):
        assert catalogue[rule].failing
        assert catalogue[rule].passing


def test_cli_check_reads_the_canvas_from_the_configuration(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    post(repo, "e", "targets: [x.post]\npublish_at: 2027-03-05 12:00\n")
    monkeypatch.chdir(repo)
    code = main(["check", "--format", "json", "--fail-on", "never"])
    found = json.loads(capsys.readouterr().out)["findings"]
    leaving = [f for f in found if f["rule"] == "canvas.platform_leaving"]
    assert code == 0
    assert len(leaving) == 1
    assert leaving[0]["path"] == "posts/e.md"


@pytest.mark.parametrize(("change", "expected"), [
    ("leaving_on: 2027-03-01", "status `leaving` needs `leaving_on`"),
    ("categories: [onbekend]", "categories the canvas does not define: onbekend"),
    ("period: {start: 2027-05-01, end: 2027-04-01}", "ends (2027-04-01) before it starts"),
    ("frequency: {per: week}", "a frequency needs `min`, `max` or both"),
])
def test_bad_canvas_files_name_file_line_and_field(tmp_path: Path, change: str,
                                                   expected: str) -> None:
    key, value = change.split(": ", 1)
    if key == "period":
        text = f"organisation: T\ncampaigns:\n  c:\n    period: {value}\n"
    elif key == "leaving_on":
        text = "organisation: T\nplatforms:\n  x:\n    status: leaving\n"
    else:
        text = f"organisation: T\nplatforms:\n  x:\n    {change}\n"
    path = tmp_path / "canvas.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(CanvasError, match=r"canvas\.yaml:") as info:
        load_canvas(path)
    assert expected in str(info.value)


def test_bad_canvas_is_exit_2_without_traceback(repo: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "canvas.yaml").write_text("organisation: T\nplatfroms: {}\n", "utf-8")
    post(repo, "f", "targets: [x.post]\n")
    monkeypatch.chdir(repo)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "canvas.yaml:2" in err
    assert "platfroms" in err
    assert "Traceback" not in err


def test_checking_one_post_judges_the_repository_by_all_its_posts(repo: Path) -> None:
    """A pre-commit run over one changed post must not call the campaign's other core
    messages uncovered: the repository's findings are the same whichever posts are checked."""
    one = post(repo, "een", "targets: [instagram.feed]\ncampaign: warm\ncategory: energie\n"
               "core_message: isoleren\npublish_at: 2027-02-22 09:00\n")
    post(repo, "twee", "targets: [instagram.feed]\ncampaign: warm\ncategory: energie\n"
         "core_message: subsidie\npublish_at: 2027-03-01 09:00\n")
    whole = _canvas_messages(repo, [str(repo)])
    subset = _canvas_messages(repo, [str(one)])
    assert "campaign 'warm': no post carries core message 'subsidie'" not in whole
    assert subset == whole


def _canvas_messages(repo: Path, args: list[str]) -> list[str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "crosspost", "check", *args, "--format", "json",
         "--fail-on", "never", "--no-cache"],
        cwd=repo, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)["findings"]
    return sorted(f["message"] for f in found if f["item"] == "canvas")
