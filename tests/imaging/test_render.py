"""The image renderer on real files: upright, stripped, one decode per source, all or nothing."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pydantic import ValidationError

import crosspost.media.pixels.decode as decode_module
from crosspost.errors import MediaError, OutputError
from crosspost.media.pixels.decode import decode
from crosspost.media.probe_image import probe_image
from crosspost.render.image.frames import render_animation
from crosspost.render.image.render import render_group
from crosspost.transforms.image.decide import Choices, Rules, Source, decide
from crosspost.variant.image_ops import ImageOp, UnusableOp
from crosspost.variant.plan import MediaPlan

from .samples import animated_gif, gps_exif, jpeg, oriented, photo, png_bomb


def whole(size: tuple[int, int], out: tuple[int, int], fmt: str = "jpeg",
          **extra: object) -> ImageOp:
    return ImageOp(source_size=size, crop=(0, 0, *size), resize=out, format=fmt,
                   **extra)


def test_exif_orientation_is_applied_and_gps_removed(tmp_path: Path):
    source = oriented(tmp_path / "phone.jpg")
    facts = probe_image(source)
    assert (facts.width, facts.height, facts.orientation) == (200, 300, 6)
    dest = tmp_path / "out" / "a.jpg"
    render_group(source, "phone.jpg", [(whole((200, 300), (100, 150)), dest)])
    out = probe_image(dest)
    assert (out.width, out.height, out.orientation) == (100, 150, 1)
    assert not out.has_location
    assert not out.has_exif
    with Image.open(dest) as image:
        r, _g, b = image.convert("RGB").getpixel((50, 5))
        assert r > 180
        assert b < 90


def test_one_decode_for_every_output_of_a_source(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    source = jpeg(photo((2400, 1600)), tmp_path / "big.jpg", exif=gps_exif())
    calls: list[float] = []
    real = decode_module.decode

    def counting(path: Path, **kwargs: float) -> decode_module.Decoded:
        calls.append(kwargs["scale"])
        return real(path, **kwargs)

    monkeypatch.setattr(decode_module, "decode", counting)
    jobs = []
    for i, ratio in enumerate((0.8, 9 / 16, 1.91, 1.0)):
        src = Source("big.jpg", 2400, 1600, "jpeg", focus=(0.75, 0.35))
        op = decide(src, Rules(preferred=(ratio,), preferred_width=400), Choices()).op
        jobs.append((op, tmp_path / "out" / f"{i}.jpg"))
    render_group(source, "big.jpg", jobs)
    assert len(calls) == 1
    assert calls[0] <= 0.5
    for op, dest in jobs:
        facts = probe_image(dest)
        assert (facts.width, facts.height) == op.resize
        assert not facts.has_location


def test_draft_decodes_a_jpeg_smaller(tmp_path: Path):
    source = jpeg(photo((2400, 1600)), tmp_path / "big.jpg")
    decoded = decode(source, scale=0.2)
    assert decoded.scale == 0.25
    assert decoded.image.size == (600, 400)
    assert decode(source, scale=0.7).scale == 1.0


def test_a_truncated_file_is_refused_and_nothing_is_written(tmp_path: Path):
    good = jpeg(photo((800, 600)), tmp_path / "good.jpg")
    broken = tmp_path / "broken.jpg"
    cut = good.read_bytes()[: good.stat().st_size // 2]
    broken.write_bytes(cut)  # probing refuses it too; the renderer must not trust that alone
    out = tmp_path / "out"
    jobs = [(whole((800, 600), (400, 300)), out / "a.jpg"),
            (whole((800, 600), (200, 150)), out / "b.jpg")]
    with pytest.raises(MediaError, match=r"broken\.jpg: image is truncated"):
        render_group(broken, "broken.jpg", jobs)
    assert not out.exists() or not any(out.iterdir())
    assert broken.read_bytes() == cut


def test_an_unusable_plan_reports_the_files_own_error(tmp_path: Path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    op = UnusableOp(reason="could not be read")
    with pytest.raises(MediaError, match=r"empty\.jpg: is empty \(0 bytes\)"):
        render_group(empty, "empty.jpg", [(op, tmp_path / "out.jpg")])
    assert not (tmp_path / "out.jpg").exists()


def test_a_decompression_bomb_is_refused_by_name(tmp_path: Path):
    bomb = png_bomb(tmp_path / "bomb.png")
    with pytest.raises(MediaError, match=r"bomb\.png: .*decompression bomb"):
        decode(bomb)


def test_a_png_named_jpg_is_read_by_its_content(tmp_path: Path):
    source = tmp_path / "mislabelled.jpg"
    photo((300, 200)).save(source, "PNG")
    dest = tmp_path / "out.jpg"
    render_group(source, "mislabelled.jpg", [(whole((300, 200), (150, 100)), dest)])
    assert probe_image(dest).format == "JPEG"


def test_an_impossible_byte_limit_writes_nothing(tmp_path: Path):
    source = jpeg(photo((800, 600)), tmp_path / "p.jpg")
    out = tmp_path / "out"
    jobs = [(whole((800, 600), (400, 300)), out / "ok.jpg"),
            (whole((800, 600), (800, 600), max_bytes=2000, quality_floor=80), out / "no.jpg")]
    with pytest.raises(OutputError, match="quality floor 80"):
        render_group(source, "p.jpg", jobs)
    assert not out.exists() or not any(out.iterdir())


def test_padding_keeps_the_whole_image(tmp_path: Path):
    source = jpeg(photo((600, 400)), tmp_path / "wide.jpg")
    src = Source("wide.jpg", 600, 400, "jpeg", reframe="pad")
    for fill in (None, "#00527f"):
        op = decide(src, Rules(preferred=(9 / 16,)), Choices(pad_colour=fill)).op
        assert op.pad is not None
        assert op.crop == (0, 0, 600, 400)
        dest = tmp_path / f"pad-{fill}.jpg"
        render_group(source, "wide.jpg", [(op, dest)])
        with Image.open(dest) as image:
            assert image.size == op.resize
            corner = image.convert("RGB").getpixel((2, 2))
            if fill:
                assert corner == pytest.approx((0, 82, 127), abs=6)


def test_animated_gif_keeps_its_frames(tmp_path: Path):
    source = animated_gif(tmp_path / "anim.gif")
    op = whole((120, 90), (60, 45), "gif", frames="all")
    data = render_animation(source, op).data
    dest = tmp_path / "out.gif"
    dest.write_bytes(data)
    with Image.open(dest) as image:
        assert image.n_frames == 4
        assert image.size == (60, 45)
        assert image.info.get("duration") == 80


def test_sources_are_never_written(tmp_path: Path):
    source = jpeg(photo((400, 300)), tmp_path / "s.jpg", exif=gps_exif())
    copy = tmp_path / "copy.jpg"
    shutil.copyfile(source, copy)
    before = source.stat().st_mtime_ns
    render_group(source, "s.jpg", [(whole((400, 300), (200, 150)), tmp_path / "o.jpg")])
    assert source.read_bytes() == copy.read_bytes()
    assert source.stat().st_mtime_ns == before


def test_operations_survive_json():
    """A plan read back from JSON holds the same typed operations (the `op` tag picks the
    model), and an unknown tag is refused with a message naming it."""
    src = Source("a.jpg", 4000, 3000, "jpeg", focus=(0.3, 0.6), reframe="pad")
    op = decide(src, Rules(preferred=(9 / 16,), max_bytes=8_000_000), Choices(
        keep_metadata=("copyright",), pad_colour="#112233")).op
    media = MediaPlan(index=0, kind="image", source="a.jpg", output="01-a.jpg",
                      operations=[op, UnusableOp(reason="gone")])
    data = json.loads(media.model_dump_json())
    assert [o["op"] for o in data["operations"]] == ["image", "unusable"]
    assert data["operations"][0]["pad"] is not None
    assert data["operations"][0]["fill"] == "#112233"
    assert MediaPlan.model_validate(data) == media
    assert MediaPlan.model_validate(data).operations[0] == op
    data["operations"][0]["op"] = "imagine"
    with pytest.raises(ValidationError, match="imagine"):
        MediaPlan.model_validate(data)


def test_the_preview_is_a_diagram_without_the_source():
    from crosspost.html.preview import preview_png

    op = decide(Source("a.jpg", 4000, 3000, "jpeg"), Rules(preferred=(1.0,)), Choices()).op
    with Image.open(io.BytesIO(preview_png(op, None))) as picture:
        assert picture.size == (240, 180)


def test_planning_and_rendering_every_target_decode_the_photo_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import crosspost.media.pixels.analysis as analysis_module
    from crosspost import adapt
    from crosspost.specs.registry import load_specs

    root = tmp_path / "content"
    jpeg(photo((4800, 3200)), root / "media" / "p.jpg")
    (root / "crosspost.toml").write_text("")
    (root / "post.yaml").write_text(json.dumps({
        "id": "p", "text": "Hallo.", "media": [{"path": "media/p.jpg", "alt": "x"}],
        "targets": ["instagram.feed", "instagram.story", "x.post", "linkedin.post"]}))
    calls: list[float] = []
    real = decode_module.decode

    def counting(path: Path, **kwargs: float) -> decode_module.Decoded:
        calls.append(kwargs["scale"])
        return real(path, **kwargs)

    monkeypatch.setattr(decode_module, "decode", counting)
    monkeypatch.setattr(analysis_module, "decode", counting)
    variants = adapt(root / "post.yaml", specs=load_specs(), out=tmp_path / "out")
    assert len(list((tmp_path / "out").rglob("*.jpg"))) == 4
    assert variants.publishable
    assert calls == [2048 / 4800]  # only the planner's decode: it served every output


def test_a_premultiplied_source_composes_to_the_same_pixels():
    """The renderer premultiplies an RGBA source once (``premultiplied``) instead of Pillow
    doing it in every resize: the outputs are the same pixels."""
    from crosspost.render.image.compose import compose, premultiplied

    source = Image.radial_gradient("L").resize((300, 200)).convert("RGB")
    source.putalpha(Image.linear_gradient("L").resize((300, 200)))
    src = Source("a.png", 300, 200, "png", alpha=True)
    op = decide(src, Rules(preferred=(9 / 16,), formats=("png",)), Choices()).op
    assert op.pad is None
    assert op.resize != (300, 200)
    plain = compose(source, 1.0, op, keep_alpha=True)
    once = compose(premultiplied(source), 1.0, op, keep_alpha=True)
    assert once.mode == plain.mode == "RGBA"
    assert once.tobytes() == plain.tobytes()
