"""One measured value: the text ``check`` measures is the text adapt counts, to the character.

``check`` measures the text as the platform counts it (mentions written as handles, links in
the app's short form: ``rules.platform_text``); adapt measures the text before fitting it (the
fit step's ``detail["measured"]``), its re-check measures the variant, and the plan records
``measured``. For every example post and every target, and for generated posts, each
``text.length`` finding of check has the value adapt measures for the same text; where adapt
measures a text its own steps changed (an AI label, hashtags dropped), the plan's history
holds that step, and a fit of the changed text says so ("measured after: ...").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from example_campaign import EXAMPLES, POSTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_one_verdict import example_verdicts, verdicts

from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.report import Report
from crosspost.specs.registry import load_specs
from crosspost.transforms.fit_text import CHANGED_BY
from crosspost.variant.plan import VariantPlan

FITS = ("text.thread", "text.fit")


def measure_disagreements(report: Report, plans: dict[str, VariantPlan]) -> list[str]:
    """Every ``text.length`` finding whose value adapt measures differently without saying why."""
    problems = []
    for target, plan in plans.items():
        changed = [CHANGED_BY[c.step] for c in plan.history if c.step in CHANGED_BY]
        fit = next((c for c in plan.history if c.step in FITS), None)
        for found in report.findings:
            if found.rule != "text.length" or found.target != target:
                continue
            method = str(found.unit)
            adapt_measured = fit.detail.get("measured", {}).get(method) if fit else None
            if adapt_measured is None:  # not fitted for this method: the re-check holds it
                again = [g.measured for g in plan.findings
                         if g.rule == "text.length" and g.unit == method and g.tier == found.tier]
                adapt_measured = again[0] if again else plan.measured.get(method)
            if adapt_measured is None or adapt_measured == found.measured:
                continue
            # A step before fitting changed the text (its history entry says how); where a fit
            # measured that text, the fit names the change too.
            said = fit is None or ("measured after:" in fit.summary and all(
                words in fit.summary for words in changed))
            if not (changed and said):
                problems.append(f"{target}: check measured {found.measured} {method}, adapt "
                                f"{adapt_measured}, and adapt does not say what changed "
                                f"({fit.summary if fit else 'no fit step'})")
    return problems


@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_the_example_campaign_is_measured_once(post: Path) -> None:
    report, plans = example_verdicts(post)
    assert not measure_disagreements(report, plans), "\n".join(measure_disagreements(report, plans))


# --- generated posts --------------------------------------------------------------------------

from test_plan_properties import HANDLES, texts  # noqa: E402  (tests/plan)

SPECS = load_specs(policy=EXAMPLES / "policy.yaml")
TEXT_TARGETS = [t for t in SPECS.targets()
                if SPECS.enabled(t) and SPECS.resolve(t).limits.text is not None]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=texts(max_fragments=120), target=st.sampled_from(TEXT_TARGETS), ai=st.booleans())
def test_generated_posts_are_measured_once(text: str, target: str, ai: bool) -> None:
    extra = {"ai_generated": True, "approved_by": "Team"} if ai else {}
    item = SourceItem(id="p", text=text or "Tekst.", language="nl", targets=[target], **extra)
    report, plans = verdicts(item, SPECS, FakeProber(), HANDLES)
    assert not measure_disagreements(report, plans), "\n".join(measure_disagreements(report, plans))
