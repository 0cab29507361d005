"""Planning over random texts: within every hard limit, entities whole, deterministic, idempotent.

Texts mix Dutch words, emoji sequences (ZWJ families, flags, skin tones, keycaps), URLs, CJK,
combining marks, hashtags, mentions and handle placeholders, long enough to need fitting or a
thread on every bundled target that limits its text.
"""

from __future__ import annotations

from typing import Any

import pytest
from example_campaign import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosspost import plan
from crosspost.content.handles import HandleMap
from crosspost.content.item import SourceItem
from crosspost.media.prober import FakeProber
from crosspost.rules.platform_text import short_form_for
from crosspost.specs.registry import SpecRegistry, load_specs
from crosspost.text import count, extract_hashtags, extract_mentions, extract_urls
from crosspost.variant.plan import VariantPlan

_FORM = short_form_for(load_specs().resolve("bluesky.post"))
assert _FORM is not None
short_url = _FORM.short

SPECS = load_specs()
POLICY_SPECS = load_specs(policy=EXAMPLES / "policy.yaml")
PROBER = FakeProber()
HANDLES = HandleMap.model_validate({
    "gemeente": {"name": "Gemeente Voorbeeldstad", "x": "@voorbeeldstad",
                 "mastodon": "@voorbeeldstad@social.overheid.nl", "bluesky": "@vbs.nl"},
})


def limited_targets(specs: SpecRegistry) -> list[str]:
    return [t for t in specs.targets() if specs.enabled(t) and hard_limits(specs, t)]


def hard_limits(specs: SpecRegistry, target: str) -> dict[str, int]:
    """Every max_length of the limits and policy tiers, strictest per method."""
    fmt = specs.resolve(target)
    found: dict[str, int] = {}
    for tier in (fmt.limits, fmt.policy):
        if tier.text is not None:
            for method, value in tier.text.max_length.items():
                found[method] = min(found.get(method, value.value), value.value)
    return found


TARGETS = limited_targets(SPECS)
POLICY_TARGETS = limited_targets(POLICY_SPECS)

FRAGMENTS = st.sampled_from([
    "de", "gemeente", "warmtepomp", "isolatie", "subsidie", "bijv.", "café", "naïef", "x",
    "Lindenbuurt", "3.5", "e\u0301tude", "a\u0301\u0302\u0303", "o\u0308",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\U0001f1f3\U0001f1f1",
    "1\ufe0f\u20e3", "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\U0001f31e",
    "https://www.voorbeeldstad.nl/warmtepomp", "https://example.com/pad?x=1&y=2",
    "voorbeeldstad.nl", "https://example.org/" + "lang" * 30,
    "#Warmtepomp", "#zon", "#日本語", "#Energietransitie2030",
    "@gemeente", "@alice@mastodon.social", "@{gemeente}",
    "日本語のテキストです", "故人西辞黄鹤楼", "한국어",
    "Supercalifragilisticexpialidocious" * 3,
])
SEPARATORS = st.sampled_from([" ", " ", " ", " ", ". ", "! ", "? ", ", ", "\n", "\n\n", "。"])


@st.composite
def texts(draw: st.DrawFn, max_fragments: int = 160) -> str:
    parts = draw(st.lists(st.tuples(FRAGMENTS, SEPARATORS), max_size=max_fragments))
    return "".join(f + s for f, s in parts).strip()


def entities(text: str) -> set[str]:
    return {e.text for e in (*extract_urls(text), *extract_hashtags(text),
                             *extract_mentions(text))}


ALLOWED_NEW = entities(" ".join(
    str(v) for h in HANDLES.root.values() for v in (h.model_extra or {}).values()))


def _plan(specs: SpecRegistry, text: str, target: str, **extra: Any) -> VariantPlan:
    item = SourceItem(id="p", text=text, language="nl", targets=[target], **extra)
    return plan(item, target, specs=specs, prober=PROBER, handles=HANDLES)


def _check_limits(specs: SpecRegistry, target: str, planned: VariantPlan) -> None:
    limits = hard_limits(specs, target)
    for part in planned.parts:
        for method, limit in limits.items():
            assert count(part, method) <= limit, (target, method, part)


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(text=texts(), target=st.sampled_from(TARGETS))
def test_every_part_within_every_hard_limit_and_entities_whole(text: str, target: str) -> None:
    planned = _plan(SPECS, text, target)
    _check_limits(SPECS, target, planned)
    # Bluesky's app shows links shortened (links.shorten): the short form is the same link.
    shown = " ".join(short_url(u.text) for u in extract_urls(text))
    before = entities(text) | entities(shown) | ALLOWED_NEW
    for part in planned.parts:
        broken = entities(part) - before
        assert not broken, (target, broken, part)


@PROPERTY
@given(text=texts(), target=st.sampled_from(POLICY_TARGETS), ai=st.booleans())
def test_policy_limits_and_ai_label_hold_too(text: str, target: str, ai: bool) -> None:
    extra = {"ai_generated": True, "approved_by": "Team"} if ai else {}
    planned = _plan(POLICY_SPECS, text, target, **extra)
    _check_limits(POLICY_SPECS, target, planned)
    cap = min((v.value for tier in (POLICY_SPECS.resolve(target).limits,
                                    POLICY_SPECS.resolve(target).policy)
               if tier.text and (v := tier.text.max_hashtags)), default=None)
    if cap is not None and not planned.thread:
        assert len(extract_hashtags(planned.text)) <= cap


@PROPERTY
@given(text=texts(), target=st.sampled_from(TARGETS))
def test_planning_is_deterministic_and_idempotent(text: str, target: str) -> None:
    planned = _plan(SPECS, text, target)
    assert _plan(SPECS, text, target) == planned
    for part in planned.parts:
        again = _plan(SPECS, part, target)
        assert again.text == part, (target, part, [c.summary for c in again.history])
        assert not again.thread
        assert not [c for c in again.history if c.step.startswith(("text.", "hashtags."))]


@PROPERTY
@given(text=texts(max_fragments=40), target=st.sampled_from(TARGETS))
def test_a_text_that_fits_is_returned_unchanged(text: str, target: str) -> None:
    fmt = SPECS.resolve(target)
    rules = fmt.limits.text
    assert rules is not None
    if any(count(text, m) > v for m, v in hard_limits(SPECS, target).items()):
        return
    dead = [t.text.links_clickable for t in (fmt.limits, fmt.recommended)
            if t.text is not None and t.text.links_clickable is not None]
    if "@{" in text or (extract_urls(text) and dead and not dead[0].value):
        return
    caps = [t.text.max_hashtags.value for t in (fmt.limits, fmt.recommended)
            if t.text is not None and t.text.max_hashtags is not None]
    if caps and len(extract_hashtags(text)) > min(caps):
        return
    flag = [t.text.first_comment_hashtags for t in (fmt.limits, fmt.recommended)
            if t.text is not None and t.text.first_comment_hashtags is not None]
    if flag and flag[0].value and extract_hashtags(text):
        return
    planned = _plan(SPECS, text, target)
    assert planned.text == text
    assert planned.thread == []
    assert planned.history == []


@pytest.mark.parametrize("target", ["x.post", "bluesky.post", "mastodon.post", "threads.post"])
def test_an_entity_longer_than_a_part_is_dropped_not_a_crash(target: str) -> None:
    """A hashtag that fits no thread part on its own falls back to fitting (it is dropped)."""
    long_tag = "#Lang" + "a" * 600
    planned = _plan(SPECS, f"Lees dit. {long_tag} en meer.", target)
    _check_limits(SPECS, target, planned)
    assert all("#Lang" not in part for part in planned.parts)
    assert "text.fit" in [c.step for c in planned.history]
