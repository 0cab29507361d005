"""The failing examples of issue #11 item 2 ("one verdict"), on the example campaign.

Each test names the example of the issue it holds; media facts are the real files' (the
campaign's FakeProber), the specs, policy and handle map are the example repository's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from example_campaign import EXAMPLES, example_prober

from crosspost.project import Project
from crosspost.report import Finding

POSTS = EXAMPLES / "posts"


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(start=EXAMPLES)


def _findings(project: Project, post: Path, target: str) -> list[Finding]:
    report = project.check(post, [target], prober=example_prober())
    return [f for f in report.findings if f.target in (target, None)]


@pytest.mark.parametrize(("target", "measured", "after"), [
    ("x.post", 654, ""), ("mastodon.post", 663, ""),
    ("bluesky.post", 679, "")])
def test_check_and_adapt_measure_the_same_text_alike(project: Project, target: str,
                                                     measured: int, after: str) -> None:
    """Issue: 655/654, 675/679, 654/663 on the example campaign (check counted `@{key}`
    placeholders; adapt the handles), then 687/679 on Bluesky (adapt counted the link in
    the app's short form). Now check counts the handles and the short link too."""
    post = POSTS / "informatieavond.md"
    lengths = [f for f in _findings(project, post, target) if f.rule == "text.length"]
    assert measured in [f.measured for f in lengths]
    assert all("mentions written as handles" in f.message for f in lengths)
    plan = project.plan(post, target, prober=example_prober())
    [thread] = [c for c in plan.history if c.step == "text.thread"]
    if after:
        assert after in thread.summary
    else:
        assert "measured after" not in thread.summary
        assert {f.unit: f.measured for f in lengths} == {
            m: v for m, v in thread.detail["measured"].items()
            if v > thread.detail["limits"][m]}


def test_a_text_cut_is_a_finding_with_the_count_and_the_removed_text_is_kept(
        project: Project) -> None:
    """Issue: a text that fitting cuts by hundreds of characters left no finding at all."""
    post = POSTS / "informatieavond.md"
    [cut] = [f for f in _findings(project, post, "pinterest.pin") if f.rule == "text.cut"]
    assert (cut.severity, cut.tier) == ("warning", "recommended")
    assert "removing 235 characters" in cut.message
    assert "measured after: links replaced" in cut.message
    plan = project.plan(post, "pinterest.pin", prober=example_prober())
    assert [f.message for f in plan.findings if f.rule == "text.cut"] == [cut.message]
    [fit] = [c for c in plan.history if c.step == "text.fit"]
    removed = fit.detail["removed"]
    assert len(removed) == 235
    assert removed.endswith("#isolatie #Lindenbuurt")
    assert removed not in plan.text


def test_video_resolution_on_facebook_reel_is_fixable_as_adapt_fixes_it(
        project: Project) -> None:
    """Issue: check said 'adapt cannot fix' while adapt made it publishable (2.67x)."""
    post = POSTS / "warmtepomp.md"
    [low] = [f for f in _findings(project, post, "facebook.reel")
             if f.rule == "video.resolution"]
    assert low.fixable
    assert "540x960" in (low.hint or "")
    plan = project.plan(post, "facebook.reel", prober=example_prober())
    assert plan.publishable
    assert not [f for f in plan.findings if f.rule == "video.resolution"]
    assert [f.severity for f in plan.findings if f.rule == "video.upscale"] == ["warning"]


def test_policy_alt_text_on_a_story_is_at_most_an_info(project: Project) -> None:
    """Issue: the policy's alt_text.required fired on story formats without an alt field."""
    post = POSTS / "informatieavond.md"
    found = [f for f in _findings(project, post, "instagram.story") if f.rule.startswith("alt.")]
    assert [(f.rule, f.severity) for f in found] == [("alt.missing", "info")]
    plan = project.plan(post, "instagram.story", prober=example_prober())
    assert [(f.rule, f.severity) for f in plan.findings if f.rule.startswith("alt.")] == [
        ("alt.missing", "info")]
