"""Planning only (no encode): facts from a FakeProber, so any source size or length is cheap."""

from __future__ import annotations

from pathlib import Path

from crosspost import check, plan
from crosspost.content.load import load_item
from crosspost.media.facts import VideoFacts
from crosspost.media.prober import FakeProber
from crosspost.media.subtitles.parse import parse_srt

from .conftest import PostFactory

LONG_SRT = "\n".join(
    f"{n}\n00:{(n - 1) * 10 // 60:02d}:{(n - 1) * 10 % 60:02d},000 --> "
    f"00:{((n - 1) * 10 + 9) // 60:02d}:{((n - 1) * 10 + 9) % 60:02d},000\n"
    f"{'Zin nummer ' + str(n) + ('.' if n % 3 == 0 else ' en')}\n"
    for n in range(1, 13)
)


def _facts(path: Path, **update: object) -> VideoFacts:
    base = {"path": str(path), "container": "mov,mp4,m4a,3gp,3g2,mj2", "brand": "isom",
            "duration": 120.0, "width": 1920, "height": 1080, "fps": 29.97,
            "video_codec": "h264", "pixel_format": "yuv420p", "audio_codec": "aac",
            "audio_channels": 2, "audio_sample_rate": 48000, "bytes": 150_000_000,
            "has_location": True}
    return VideoFacts.model_validate({**base, **update})


def _prober(post: Path, **update: object) -> FakeProber:
    item = load_item(post)
    asset = item.media[0]
    assert asset.resolved is not None
    facts: dict[str | Path, object] = {asset.resolved: _facts(asset.resolved, **update)}
    if asset.captions_resolved is not None:
        facts[asset.captions_resolved] = parse_srt(LONG_SRT)
    return FakeProber(facts)  # type: ignore[arg-type]


def _video_op(variant: object) -> dict[str, object]:
    media = next(m for m in variant.media if m.kind == "video")  # type: ignore[attr-defined]
    return media.operations[0].model_dump(mode="json") | {"predicted": media.predicted}


def test_a_long_wide_video_becomes_a_publishable_facebook_reel(
    make_post: PostFactory, wide_mp4: Path
) -> None:
    post = make_post(wide_mp4, ["facebook.reel"], captions=LONG_SRT,
                     extra="    focus: [0.3, 0.5]\n")
    variant = plan(post, "facebook.reel", prober=_prober(post))
    assert variant.publishable, variant.findings
    op = _video_op(variant)
    predicted = op["predicted"]
    assert isinstance(predicted, dict)
    assert (predicted["width"], predicted["height"]) == (1080, 1920)
    assert predicted["duration"] <= 90
    assert op["end"] == 89.0  # the end of cue 9, the last sentence before 90 s
    assert not predicted["has_location"]
    assert predicted["video_codec"] == "h264"
    crop = op["frame"]["crop"]  # type: ignore[index]
    assert crop["x"] < (1920 - crop["w"]) / 2  # the focus pulls the crop to the left


def test_a_byte_limit_that_cannot_be_met_is_an_error_note(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Test\nall:\n  video:\n    max_bytes: 500000\n", encoding="utf-8")
    post = make_post(wide_mp4, ["x.post"], captions=None)
    variant = plan(post, "x.post", prober=_prober(post), policy=policy)
    assert not variant.publishable
    assert any(f.rule == "video.bytes" and "do not fit" in f.message for f in variant.findings)


def test_a_sidecar_in_the_accepted_format_clears_the_format_finding(
    make_post: PostFactory, wide_mp4: Path
) -> None:
    post = make_post(wide_mp4, ["bluesky.post"], captions=LONG_SRT)
    source = check(post, ["bluesky.post"], prober=_prober(post))
    assert any(f.rule == "captions.format" for f in source.findings)  # SRT; Bluesky takes VTT
    variant = plan(post, "bluesky.post", prober=_prober(post))
    assert not any(f.rule == "captions.format" for f in variant.findings)
    (sidecar,) = variant.sidecars
    assert sidecar.format == "vtt"
    # retime to the (whole) video clips cues that run past its end
    assert [op.op for op in sidecar.operations] == ["retime", "rewrap", "convert"]
