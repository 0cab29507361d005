"""The one tier resolver: limits and policy enforce, recommended only aims, conditions apply."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from crosspost.specs.platform import FormatSpec
from crosspost.specs.policy import Policy
from crosspost.specs.resolve import Conditions, Tiers, tiers_for


def fmt(limits: dict[str, Any] | None = None, recommended: dict[str, Any] | None = None,
        policy: dict[str, Any] | None = None) -> FormatSpec:
    return FormatSpec.model_validate({
        "id": "demo.post", "name": "Post", "kind": "post", "media": ["text", "image"],
        "limits": limits or {}, "recommended": recommended or {}, "policy": policy or {},
    })


def test_recommended_is_never_a_limit() -> None:
    tiers = Tiers(fmt({"text": {"max_hashtags": 30}}, {"text": {"max_hashtags": 5}}))
    assert tiers.enforced("text", "max_hashtags") == 30
    assert tiers.aim("text", "max_hashtags") == 5


def test_policy_tightens_and_is_enforced() -> None:
    tiers = Tiers(fmt({"images": {"max_bytes": 8_000_000, "min_width": 320}},
                      policy={"images": {"max_bytes": 5_000_000, "min_width": 600}}))
    assert tiers.enforced("images", "max_bytes") == 5_000_000
    assert tiers.enforced("images", "min_width") == 600


def test_a_norm_outside_the_enforced_range_never_overrides_it() -> None:
    tiers = Tiers(fmt({"images": {"min_aspect": 0.8, "max_aspect": 1.91}},
                      {"images": {"min_aspect": 2.0}}))
    # The norm would cross the platform's maximum: the enforced range alone applies.
    assert tiers.aim_range("images", "min_aspect", "max_aspect") == (0.8, 1.91)


def test_sets_intersect_and_a_norm_sharing_nothing_is_ignored() -> None:
    tiers = Tiers(fmt({"images": {"formats": ["jpeg", "png", "webp"]}},
                      {"images": {"formats": ["gif"]}},
                      {"images": {"formats": ["jpeg", "png"]}}))
    assert tiers.enforced("images", "formats") == ["jpeg", "png"]
    assert tiers.aim("images", "formats") == ["jpeg", "png"]


def test_preferences_come_from_the_most_specific_tier_and_flags_from_the_policy() -> None:
    tiers = Tiers(fmt({"images": {"preferred_width": 1080}, "text": {"threads": True}},
                      {"images": {"preferred_width": 1440}},
                      {"text": {"threads": False}}))
    assert tiers.preferred("images", "preferred_width") == 1440
    assert tiers.flag("text", "threads") is False
    assert tiers.flag("text", "links_clickable") is None


def test_each_lists_every_tier_in_order_for_the_rules() -> None:
    tiers = Tiers(fmt({"text": {"max_hashtags": 30}}, {"text": {"max_hashtags": 5}},
                      {"text": {"max_hashtags": 3}}))
    assert [(t, v.value) for t, v in tiers.each("text", "max_hashtags")] == [
        ("limits", 30), ("recommended", 5), ("policy", 3)]


def test_conditional_lengths_follow_the_post_and_the_account() -> None:
    spec = fmt({"text": {
        "max_length": {"twitter": 280},
        "conditional": [
            {"when": {"account": "premium"}, "max_length": {"twitter": 25_000}},
            {"when": {"has_media": True}, "max_length": {"twitter": 250}},
        ],
    }})
    assert Tiers(spec).enforced_lengths() == {"twitter": 280}
    assert tiers_for(spec, Policy(accounts={"demo": "premium"})).enforced_lengths() == {
        "twitter": 25_000}
    assert Tiers(spec, Conditions(has_media=True)).enforced_lengths() == {"twitter": 250}


@given(st.integers(1, 500), st.integers(1, 500), st.integers(1, 500) | st.none())
def test_enforced_never_exceeds_the_platform_limit(limit: int, norm: int,
                                                   policy: int | None) -> None:
    spec = fmt({"text": {"max_mentions": limit}}, {"text": {"max_mentions": norm}},
               {"text": {"max_mentions": min(policy, limit)}} if policy else None)
    tiers = Tiers(spec)
    assert tiers.enforced("text", "max_mentions") <= limit
    assert tiers.aim("text", "max_mentions") <= tiers.enforced("text", "max_mentions")
    assert tiers.enforced("text", "max_mentions") == min(limit, policy or limit)


def _conditional(when: dict[str, Any], video: dict[str, Any]) -> dict[str, Any]:
    return {"when": when, "video": video}


def test_a_known_condition_replaces_the_block_values() -> None:
    spec = fmt({"video": {"max_duration": 1200, "max_bytes": 8_000_000_000},
                "conditional": [_conditional({"account": "premium"},
                                             {"max_duration": 7500})]})
    premium = Tiers(spec, Conditions(account="premium"))
    assert premium.enforced("video", "max_duration") == 7500
    assert premium.enforced("video", "max_bytes") == 8_000_000_000  # not set: the base value
    standard = Tiers(spec, Conditions(account="standard"))
    assert standard.enforced("video", "max_duration") == 1200
    assert standard.assumption(standard.each("video", "max_duration")[0][1]) is None


def test_an_unconfigured_condition_takes_the_stricter_reading_and_says_so() -> None:
    spec = fmt({"video": {"max_duration": 1800, "max_bytes": 500_000_000},
                "conditional": [_conditional({"publishing": "app"},
                                             {"max_duration": 900,
                                              "max_bytes": 5_000_000_000})]})
    unknown = Tiers(spec)
    assert unknown.enforced("video", "max_duration") == 900  # the app's, stricter
    assert unknown.enforced("video", "max_bytes") == 500_000_000  # the API's, stricter
    ((_, duration),) = unknown.each("video", "max_duration")
    ((_, size),) = unknown.each("video", "max_bytes")
    assert "assuming publishing: app" in (unknown.assumption(duration) or "")
    assert "with publishing: app" in (unknown.assumption(size) or "")
    assert "5000000000" in (unknown.assumption(size) or "")
    api = Tiers(spec, Conditions(publishing="api"))
    assert api.enforced("video", "max_duration") == 1800
    assert api.assumption(api.each("video", "max_duration")[0][1]) is None
    app = Tiers(spec, Conditions(publishing="app"))
    assert (app.enforced("video", "max_duration"), app.enforced("video", "max_bytes")) == (
        900, 5_000_000_000)


def test_the_policy_chooses_account_and_publishing_per_platform() -> None:
    spec = fmt({"video": {"max_duration": 1800},
                "conditional": [_conditional({"publishing": "api"}, {"max_duration": 600})]})
    chosen = tiers_for(spec, Policy(publishing={"demo": "app"}))
    assert chosen.conditions.publishing == "app"
    assert chosen.enforced("video", "max_duration") == 1800
    assert tiers_for(spec, Policy(publishing={"other": "app"})).enforced(
        "video", "max_duration") == 600  # demo not named: the stricter reading


def test_x_premium_video_and_linkedin_app_limits_in_the_bundled_data() -> None:
    from crosspost.specs.registry import load_specs

    specs = load_specs()
    x = specs.resolve("x.post")
    assert Tiers(x).enforced("video", "max_duration") == 1200
    premium = tiers_for(x, Policy(accounts={"x": "premium"}))
    assert premium.enforced("video", "max_duration") == 7500
    assert premium.enforced("video", "max_bytes") == 16_000_000_000
    li = specs.resolve("linkedin.post")
    assert Tiers(li).enforced("video", "max_duration") == 900
    assert tiers_for(li, Policy(publishing={"linkedin": "api"})).enforced(
        "video", "max_duration") == 1800


def test_a_conditional_alt_text_maximum_is_checked_and_cut_to(tmp_path: Any) -> None:
    """alt.too_long and adapt's cut read the conditional maximum through the resolver, with
    the tier's counting method."""
    from pathlib import Path

    from crosspost import check, plan
    from crosspost.media.facts import ImageFacts
    from crosspost.media.prober import FakeProber
    from crosspost.specs.registry import load_specs
    from crosspost.text import count

    folder = Path(tmp_path) / "specs"
    folder.mkdir()
    (folder / "demo.yaml").write_text(
        'id: demo\nname: Demo\nverified: "2026-12-03"\ndefault_format: post\n'
        "sources:\n  docs: {url: https://example.org/docs, title: Demo docs, kind: primary}\n"
        "formats:\n  post:\n    name: Post\n    kind: post\n    media: [text, image]\n"
        "    source: docs\n    limits:\n      alt_text:\n        supported: true\n"
        "        max_length: 200\n        count_method: utf16\n      conditional:\n"
        "        - when: {publishing: app}\n          alt_text:\n            max_length: 100\n",
        "utf-8")
    (Path(tmp_path) / "crosspost.toml").write_text("", "utf-8")
    photo = Path(tmp_path) / "foto.jpg"
    photo.touch()
    alt = "Een brug over de rivier bij zonsondergang. " * 4  # 172 UTF-16 units
    post = Path(tmp_path) / "post.md"
    post.write_text(f"---\nid: p\ntargets: [demo.post]\nmedia:\n  - {{path: foto.jpg, alt: "
                    f"\"{alt.strip()}\"}}\n---\nTekst.\n", "utf-8")
    prober = FakeProber({photo.resolve(): ImageFacts(path=str(photo), format="JPEG",
                                                     width=1200, height=800, bytes=1000)})
    unknown = load_specs([folder])  # publishing not configured: the stricter 100 applies
    found = [f for f in check(post, specs=unknown, prober=prober) if f.rule == "alt.too_long"]
    assert [(f.limit, f.unit) for f in found] == [(100, "utf16")]
    assert "assuming publishing: app" in found[0].message
    planned = plan(post, "demo.post", specs=unknown, prober=prober)
    assert count(planned.media[0].alt or "", "utf16") <= 100
    api = load_specs([folder], policy=Policy(publishing={"demo": "api"}))
    assert not [f for f in check(post, specs=api, prober=prober) if f.rule == "alt.too_long"]
