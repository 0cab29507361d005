"""The image planning step against the bundled specs, on posts with generated images."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosspost import adapt
from crosspost import plan as make_plan
from crosspost.specs.adapt_settings import AdaptSettings
from crosspost.specs.policy import Policy
from crosspost.specs.registry import SpecRegistry, load_specs
from crosspost.variant.plan import VariantPlan

from .conftest import PostFactory
from .samples import animated_gif, gps_exif, jpeg, palette_png, photo


def image_op(plan: VariantPlan, n: int = 0) -> dict[str, Any]:
    """The medium's first operation as plans and manifests write it (JSON)."""
    return plan.media[n].operations[0].model_dump(mode="json")


def change(plan: VariantPlan, step: str) -> dict[str, object]:
    return next(c.detail for c in plan.history if c.step == step)


def rules_of(plan: VariantPlan) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in plan.findings}


@pytest.fixture
def photo_post(make_post: PostFactory, tmp_path: Path) -> Path:
    source = jpeg(photo((1600, 1200), subject=(0.75, 0.35)), tmp_path / "p.jpg",
                  exif=gps_exif())
    return make_post(["instagram.feed"], [{"path": "media/p.jpg", "alt": "Een huis"}],
                     {"media/p.jpg": source})


def test_a_four_by_three_photo_stays_four_by_three_in_the_feed(photo_post: Path,
                                                              specs: SpecRegistry):
    plan = make_plan(photo_post, "instagram.feed", specs=specs)
    op = image_op(plan)
    assert op["crop"] == [0, 0, 1600, 1200]
    assert op["pad"] is None
    assert op["resize"] == [1440, 1080]
    assert op["format"] == "jpeg"
    predicted = plan.media[0].predicted
    assert predicted["has_location"] is False
    assert predicted["bytes"] <= 8_000_000
    assert plan.media[0].output == "01-p.jpg"
    assert plan.publishable
    assert "media.location" not in {f.rule for f in plan.findings}  # stripped in the variant


def test_one_focal_point_for_every_target(photo_post: Path, specs: SpecRegistry):
    plans = {t: make_plan(photo_post, t, specs=specs)
             for t in ("instagram.story", "linkedin.post", "facebook.post")}
    focus = {tuple(image_op(p)["focus"]) for p in plans.values()}
    assert len(focus) == 1
    fx, fy = focus.pop()
    assert fx == pytest.approx(0.75, abs=0.06)
    assert fy == pytest.approx(0.35, abs=0.06)
    story = change(plans["instagram.story"], "image.adapt")
    left, top, right, bottom = story["box"]
    assert story["mode"] in {"crop", "pad"}
    assert abs((right - left) / (bottom - top) - 9 / 16) < 0.01
    detail = change(plans["linkedin.post"], "image.adapt")
    assert detail["mode"] == "crop"
    assert detail["focus_from"] == "saliency"
    assert 0 < detail["kept_share"] < 1
    assert detail["salient_lost"] is not None
    left, top, right, bottom = detail["box"]
    assert left <= fx * 1600 <= right
    assert top <= fy * 1200 <= bottom


def test_the_authors_focus_wins(make_post: PostFactory, tmp_path: Path, specs: SpecRegistry):
    source = jpeg(photo((1600, 1200), subject=(0.75, 0.35)), tmp_path / "p.jpg")
    post = make_post(["instagram.story"], [{"path": "media/p.jpg", "focus": [0.2, 0.5],
                                            "reframe": "crop"}], {"media/p.jpg": source})
    plan = make_plan(post, "instagram.story", specs=specs)
    op = image_op(plan)
    assert op["focus_from"] == "author"
    assert op["pad"] is None
    left, _, right, _ = op["crop"]
    # The story's sourced safe area (14% top, 20% bottom, no side margins) centres the subject
    # across; a 9:16 window centred on x=320 would start left of the photo, so it starts at 0.
    assert left == 0
    assert (0.2 * 1600 - left) / (right - left) == pytest.approx(320 / (1200 * 9 / 16), abs=0.01)


def test_reframe_pad_never_crops(make_post: PostFactory, tmp_path: Path, specs: SpecRegistry):
    source = jpeg(photo((1080, 1350)), tmp_path / "info.jpg")
    post = make_post(["linkedin.post"], [{"path": "media/info.jpg", "reframe": "pad"}],
                     {"media/info.jpg": source})
    plan = make_plan(post, "linkedin.post", specs=specs)
    op = image_op(plan)
    assert op["crop"] == [0, 0, 1080, 1350]
    assert op["pad"] is not None
    assert op["fill"] == "blur"
    assert change(plan, "image.adapt")["kept_share"] == 1.0


def test_auto_pads_when_a_crop_loses_too_much(make_post: PostFactory, tmp_path: Path):
    source = jpeg(photo((1600, 900), subject=(0.9, 0.5)), tmp_path / "p.jpg")
    post = make_post(["instagram.story"], [{"path": "media/p.jpg"}], {"media/p.jpg": source})
    strict = load_specs(policy=Policy(adapt=AdaptSettings(image={"max_salient_loss": 0.01,
                                                                 "pad_colour": "#00527f"})))
    plan = make_plan(post, "instagram.story", specs=strict)
    op = image_op(plan)
    assert (op["pad"], op["fill"]) == (change(plan, "image.adapt")["box"], "#00527f")
    assert "salient area" in plan.history[-1].summary


def test_carousel_keeps_one_ratio_and_the_count(make_post: PostFactory, tmp_path: Path,
                                               specs: SpecRegistry):
    wide = jpeg(photo((1200, 900)), tmp_path / "w.jpg")
    tall = jpeg(photo((900, 1200)), tmp_path / "t.jpg")
    media = [{"path": "media/w.jpg", "alt": "a"}, {"path": "media/t.jpg", "alt": "b"}]
    post = make_post(["instagram.carousel"], media, {"media/w.jpg": wide, "media/t.jpg": tall})
    plan = make_plan(post, "instagram.carousel", specs=specs)
    sizes = [image_op(plan, i)["resize"] for i in range(2)]
    ratios = {round(w / h, 2) for w, h in sizes}
    assert ratios == {1.33}
    assert "image.carousel_aspect" not in {f.rule for f in plan.findings}


def test_a_carousel_is_capped_to_the_count(make_post: PostFactory, tmp_path: Path,
                                         specs: SpecRegistry):
    wide = jpeg(photo((1200, 900)), tmp_path / "w.jpg")
    five = [{"path": f"media/{i}.jpg", "alt": "x"} for i in range(5)]
    post = make_post(["x.post"], five, {f"media/{i}.jpg": wide for i in range(5)})
    plan = make_plan(post, "x.post", specs=specs)
    assert ("image.count", "warning") in rules_of(plan)
    assert change(plan, "image.cap")["dropped"] == [4]
    assert [m.index for m in plan.media if m.operations] == [0, 1, 2, 3]


def test_a_capped_carousel_is_publishable(make_post: PostFactory, tmp_path: Path,
                                          specs: SpecRegistry):
    wide = jpeg(photo((1200, 900)), tmp_path / "w.jpg")
    five = [{"path": f"media/{i}.jpg", "alt": "x"} for i in range(5)]
    post = make_post(["x.post"], five, {f"media/{i}.jpg": wide for i in range(5)})
    plan = make_plan(post, "x.post", specs=specs)
    assert len(plan.media) == 4
    assert plan.publishable


def test_alt_text_is_cut_or_dropped(make_post: PostFactory, tmp_path: Path, specs: SpecRegistry):
    source = jpeg(photo((800, 600)), tmp_path / "p.jpg")
    alt = "Een lange beschrijving van het beeld. " * 40
    post = make_post(["x.post", "instagram.story"], [{"path": "media/p.jpg", "alt": alt}],
                     {"media/p.jpg": source})
    x = make_plan(post, "x.post", specs=specs)
    assert x.media[0].alt is not None
    assert len(x.media[0].alt) <= 1000
    assert x.media[0].alt.endswith("beeld.")  # cut at a sentence
    assert ("alt.too_long", "warning") in rules_of(x)
    story = make_plan(post, "instagram.story", specs=specs)
    assert story.media[0].alt is None
    assert any(c.step == "alt.drop" for c in story.history)


def test_animated_gif_follows_the_target(make_post: PostFactory, tmp_path: Path,
                                         specs: SpecRegistry):
    gif = animated_gif(tmp_path / "a.gif")
    post = make_post(["x.post", "instagram.feed"], [{"path": "media/a.gif", "alt": "x"}],
                     {"media/a.gif": gif})
    assert image_op(make_plan(post, "x.post", specs=specs))["frames"] == "all"
    feed = make_plan(post, "instagram.feed", specs=specs)
    assert image_op(feed)["frames"] == "first"
    assert image_op(feed)["format"] == "jpeg"
    assert ("image.format", "info") in rules_of(feed)
    strict = load_specs(policy=Policy(adapt=AdaptSettings(image={"gif": "finding"})))
    assert not make_plan(post, "instagram.feed", specs=strict).publishable


def test_transparent_png_stays_png_where_allowed(make_post: PostFactory, tmp_path: Path,
                                                 specs: SpecRegistry):
    logo = palette_png(tmp_path / "logo.png")
    post = make_post(["x.post", "instagram.feed"], [{"path": "media/logo.png", "alt": "x"}],
                     {"media/logo.png": logo})
    x = make_plan(post, "x.post", specs=specs)
    assert image_op(x)["format"] == "png"
    assert x.media[0].predicted["mode"] == "RGBA"
    assert image_op(make_plan(post, "instagram.feed", specs=specs))["format"] == "jpeg"


def test_a_tight_byte_limit_shrinks_instead_of_going_below_the_floor(
        make_post: PostFactory, tmp_path: Path):
    source = jpeg(photo((1600, 1200)), tmp_path / "p.jpg")
    post = make_post(["x.post"], [{"path": "media/p.jpg", "alt": "x"}], {"media/p.jpg": source})
    tight = load_specs(policy=Policy.model_validate(
        {"all": {"images": {"max_bytes": 300_000}}}))
    plan = make_plan(post, "x.post", specs=tight)
    w, h = image_op(plan)["resize"]
    assert w * h < 1600 * 1200
    assert plan.media[0].predicted["bytes"] <= 300_000
    assert ("image.bytes", "info") in rules_of(plan)
    assert plan.publishable


def test_a_truncated_image_is_a_finding_and_is_not_copied(make_post: PostFactory,
                                                         tmp_path: Path, specs: SpecRegistry):
    good = jpeg(photo((800, 600)), tmp_path / "p.jpg")
    post = make_post(["x.post"], [{"path": "media/p.jpg", "alt": "x"}],
                     {"media/p.jpg": good.read_bytes()[:3000]})
    plan = make_plan(post, "x.post", specs=specs)
    assert ("media.unreadable", "error") in rules_of(plan)
    assert image_op(plan)["op"] == "unusable"
    assert image_op(plan)["reason"]
    out = tmp_path / "out"
    variants = adapt(post, ["x.post"], specs=specs, out=out)
    assert not variants["x.post"].publishable
    assert any("truncated" in f.message for f in variants["x.post"].plan.findings)
    assert not list(out.rglob("*.jpg"))


def test_an_empty_image_is_not_copied(make_post: PostFactory, specs: SpecRegistry,
                                      tmp_path: Path):
    post = make_post(["x.post"], [{"path": "media/p.jpg", "alt": "x"}], {"media/p.jpg": b""})
    plan = make_plan(post, "x.post", specs=specs)
    assert ("media.unreadable", "error") in rules_of(plan)
    variants = adapt(post, ["x.post"], specs=specs, out=tmp_path / "out")
    assert not variants["x.post"].publishable
    assert any("p.jpg: is empty" in f.message for f in variants["x.post"].plan.findings)
    assert not list((tmp_path / "out").rglob("*.jpg"))


def test_a_cut_alt_text_is_publishable(make_post: PostFactory, tmp_path: Path,
                                       specs: SpecRegistry):
    source = jpeg(photo((800, 600)), tmp_path / "p.jpg")
    alt = "Een lange beschrijving van het beeld. " * 40
    post = make_post(["x.post"], [{"path": "media/p.jpg", "alt": alt}], {"media/p.jpg": source})
    assert make_plan(post, "x.post", specs=specs).publishable


def test_the_aspect_tolerance_is_the_formats_and_check_and_plan_share_it(
        make_post: PostFactory, tmp_path: Path, specs: SpecRegistry):
    """A photo 0.6% narrower than the feed's 4:5 minimum: within the default margin check
    is silent and adapt keeps the frame; a spec file that sets a tighter ``aspect_tolerance``
    makes check report it and adapt crop it, from the one value."""
    from crosspost import check

    source = jpeg(photo((1000, 1258)), tmp_path / "narrow.jpg")
    post = make_post(["instagram.feed"], [{"path": "media/n.jpg", "alt": "Een huis"}],
                     {"media/n.jpg": source})
    assert specs.resolve("instagram.feed").limits.images.min_aspect.value == 0.8
    default = make_plan(post, "instagram.feed", specs=specs)
    assert image_op(default)["crop"] == [0, 0, 1000, 1258]
    assert "image.aspect" not in {f.rule for f in check(post, specs=specs).findings}

    strict_dir = tmp_path / "strict"
    strict_dir.mkdir()
    text = (Path(__file__).parents[2] / "platform_specs" / "instagram.yaml").read_text("utf-8")
    text = text.replace("  feed:\n    name: Feed image post\n",
                        "  feed:\n    name: Feed image post\n    aspect_tolerance: 0.001\n")
    (strict_dir / "instagram.yaml").write_text(text, encoding="utf-8")
    strict = load_specs([strict_dir])
    assert strict.resolve("instagram.feed").aspect_tolerance == 0.001
    rules = {(f.rule, f.target) for f in check(post, specs=strict).findings}
    assert ("image.aspect", "instagram.feed") in rules
    cropped = make_plan(post, "instagram.feed", specs=strict)
    crop = image_op(cropped)["crop"]
    assert crop[2] - crop[0] == 1000
    assert crop[3] - crop[1] == 1250
    assert cropped.publishable


@pytest.mark.parametrize("least", [None, 320])
def test_auto_pads_where_a_crop_would_be_under_a_minimum_size(least: int | None) -> None:
    """A crop that keeps the subject whole but leaves a 90 px wide photo under the 320 px a
    format asks for is not taken: padding meets it. The choice reads no pixels (the crop here
    loses nothing salient), so check can preview it; without a minimum, the crop stays."""
    import numpy as np

    from crosspost.media.pixels.saliency import Saliency
    from crosspost.transforms.image.decide import Choices, Rules, Source, decide

    grid = np.zeros((64, 10))
    grid[30:34, :] = 1 / 40  # all of the subject in the middle rows: a 4:5 crop keeps it
    src = Source("smal.jpg", 90, 628, "jpeg",
                 saliency=Saliency(grid=grid, focus=(0.5, 0.5), flat=False))
    decision = decide(src, Rules(preferred=(0.8,), least_width=least), Choices())
    assert decision.lost == 0.0
    if least is None:
        assert (decision.mode, decision.op.resize) == ("crop", (90, 112))
    else:
        assert (decision.mode, decision.op.resize) == ("pad", (502, 628))
        assert decision.why == "a crop would leave it under the 320 px width the target asks for"
