"""``crosspost.adapt`` on a post with a phone-like photo: every written image passes its target's
hard limits when probed again from disk, carries no location, and the notebook view shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosspost
from crosspost import adapt
from crosspost.media.probe_image import probe_image
from crosspost.render.image.encode import jpeg_quality
from crosspost.rules.images import PILLOW_FORMATS
from crosspost.specs.registry import SpecRegistry

from .conftest import PostFactory
from .samples import gps_exif, jpeg, photo

TARGETS = ["instagram.feed", "instagram.story", "x.post", "bluesky.post"]


@pytest.fixture
def saved(make_post: PostFactory, tmp_path: Path, specs: SpecRegistry) -> crosspost.VariantSet:
    source = jpeg(photo((2400, 1800), subject=(0.7, 0.4)), tmp_path / "src.jpg",
                  exif=gps_exif(orientation=1))
    post = make_post(TARGETS, [{"path": "media/zon.jpg",
                                "alt": "Zonnepanelen op een dak <script>alert(1)</script>"}],
                     {"media/zon.jpg": source}, text="Zon op het dak & meer. #zon")
    return adapt(post, specs=specs, out=tmp_path / "out")


def hard(specs: SpecRegistry, target: str, name: str) -> object:
    block = specs.resolve(target).limits.images
    value = getattr(block, name, None) if block is not None else None
    return value.value if value is not None else None


def test_every_image_passes_its_hard_limits_from_disk(saved: crosspost.VariantSet,
                                                      specs: SpecRegistry):
    assert [v.plan.target for v in saved.variants] == TARGETS
    for variant in saved.variants:
        target = variant.plan.target
        assert variant.publishable, (target, variant.plan.findings)
        assert variant.manifest is not None
        assert variant.manifest.publishable
        media = [f for f in variant.manifest.files if f.role == "media"]
        assert len(media) == 1
        path = Path(variant.folder or "") / media[0].path
        facts = probe_image(path)
        ratio = facts.width / facts.height
        assert not facts.has_location
        assert not facts.has_exif
        assert not facts.has_icc
        assert facts.orientation == 1
        assert not facts.mislabelled
        if (low := hard(specs, target, "min_aspect")) is not None:
            assert ratio >= low * (1 - specs.resolve(target).aspect_tolerance)
        if (high := hard(specs, target, "max_aspect")) is not None:
            assert ratio <= high * (1 + specs.resolve(target).aspect_tolerance)
        if (most := hard(specs, target, "max_bytes")) is not None:
            assert facts.bytes <= most
        if (formats := hard(specs, target, "formats")) is not None:
            assert PILLOW_FORMATS[facts.format] in formats
        planned = variant.plan.media[0].predicted
        assert (facts.width, facts.height) == (planned["width"], planned["height"])
        assert facts.bytes <= planned["bytes"]
        with path.open("rb") as handle:
            assert b"Testcam" not in handle.read()  # EXIF model, a stand-in for all EXIF
        from PIL import Image

        with Image.open(path) as image:
            quality = jpeg_quality(image)
        assert quality is not None
        assert quality >= 60


def test_the_shapes_fit_each_format(saved: crosspost.VariantSet):
    sizes = {v.plan.target: tuple(v.plan.media[0].operations[0].resize) for v in saved.values()}
    assert sizes["instagram.feed"] == (1440, 1080)  # 4:3 is allowed: kept, at 1440 wide
    w, h = sizes["instagram.story"]
    assert abs(w / h - 9 / 16) < 0.002
    assert sizes["x.post"] == (2048, 1536)  # no preferred width: the long-edge default
    # Bluesky's 2 MB: the largest size whose worst case fits at the quality floor.
    assert sizes["bluesky.post"] == (2012, 1509)
    detail = next(c.detail for c in saved["bluesky.post"].plan.history if c.step == "image.adapt")
    assert detail["size_reason"] == "bytes"


def test_the_notebook_view_shows_plan_and_output(saved: crosspost.VariantSet):
    html = saved._repr_html_()
    assert html.count('src="data:image/png;base64,') == len(TARGETS)
    assert "Bytes written" in html
    assert "Quality chosen" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Zon op het dak &amp; meer." in html
    single = saved["instagram.story"]._repr_html_()
    assert "instagram.story" in single
    assert "safe area" in single
    plan_only = saved["x.post"].plan._repr_html_()
    assert "not yet" in plan_only
    assert 'src="data:image/png;base64,' in plan_only


def test_a_second_run_rewrites_nothing(saved: crosspost.VariantSet, make_post: PostFactory,
                                       tmp_path: Path, specs: SpecRegistry):
    outputs = sorted((tmp_path / "out").rglob("*.jpg"))
    before = {p: p.stat().st_mtime_ns for p in outputs}
    adapt(tmp_path / "content" / "post.yaml", specs=specs, out=tmp_path / "out")
    assert {p: p.stat().st_mtime_ns for p in outputs} == before
