"""adapt leaves out media the target cannot take together, says which, and the variant passes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from crosspost import plan
from crosspost.content.load import load_item
from crosspost.media.facts import ImageFacts, VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.specs.registry import load_specs


def _post(tmp_path: Path, media: list[str]) -> tuple[Path, FakeProber]:
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    prober = FakeProber()
    for name in media:
        path = tmp_path / name
        if name.endswith(".jpg"):
            Image.new("RGB", (1200, 900), "navy").save(path, "JPEG")
            prober.add(path.resolve(), ImageFacts(path=str(path), format="JPEG", width=1200,
                                                  height=900, bytes=path.stat().st_size))
        else:
            path.write_bytes(b"\0" * 64)
            prober.add(path.resolve(), VideoFacts(
                path=str(path), container="mov,mp4,m4a,3gp,3g2,mj2", duration=10, width=1280,
                height=720, fps=30, video_codec="h264", audio_codec="aac", bytes=64))
    lines = "".join(f"  - {{path: {n}, alt: Beeld}}\n" for n in media)
    post = tmp_path / "post.md"
    post.write_text(f"---\nid: p\ntargets: [x.post]\nmedia:\n{lines}---\nTekst.\n", "utf-8")
    return post, prober


def test_x_post_keeps_the_photos_and_leaves_out_the_video(tmp_path: Path) -> None:
    post, prober = _post(tmp_path, ["a.jpg", "b.jpg", "clip.mp4"])
    variant = plan(load_item(post), "x.post", specs=load_specs(), prober=prober)
    steps = [c for c in variant.history if c.step == "media.combination"]
    assert len(steps) == 1
    assert "clip.mp4" in steps[0].summary
    assert steps[0].detail == {"kept": [0, 1], "dropped": [2]}
    assert sorted(m.index for m in variant.media if m.kind == "image") == [0, 1]
    assert not [m for m in variant.media if m.index == 2]
    assert "media.combination" not in {f.rule for f in variant.findings if f.severity == "error"}


def test_a_video_first_keeps_the_video(tmp_path: Path) -> None:
    post, prober = _post(tmp_path, ["clip.mp4", "a.jpg"])
    variant = plan(load_item(post), "x.post", specs=load_specs(), prober=prober)
    steps = [c for c in variant.history if c.step == "media.combination"]
    assert [s.detail for s in steps] == [{"kept": [0], "dropped": [1]}]
