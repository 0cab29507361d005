"""adapt() end to end: every written video passes its target's hard limits when re-probed;
bad input is refused with a message naming the file, before anything is encoded."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost import adapt
from crosspost.checking import Probed, check_item
from crosspost.content.load import load_item
from crosspost.media.probe_video import probe_video
from crosspost.media.prober import FileProber
from crosspost.media.subtitles.parse import load_subtitles
from crosspost.specs.registry import load_specs

from .conftest import PostFactory, encode

pytestmark = pytest.mark.slow

TARGETS = ["instagram.reel", "youtube.short", "bluesky.post", "x.post"]


def test_adapt_writes_publishable_video_for_every_target(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    post = make_post(wide_mp4, TARGETS, extra="    focus: [0.5, 0.4]\n")
    out = tmp_path / "out"
    variants = adapt(post, out=out)
    specs = load_specs()
    item = load_item(post)
    for variant in variants.values():
        target = variant.plan.target
        assert variant.publishable, (target, variant.plan.findings)
        folder = out / "clip" / target
        mp4 = folder / "01-clip.mp4"
        facts = probe_video(mp4)
        sidecars = sorted(p for p in folder.iterdir() if p.suffix in (".srt", ".vtt"))
        subs = {0: load_subtitles(sidecars[0])} if sidecars else {}
        again = Probed({0: facts}, subs, ())
        report = check_item(item, [target], specs, FileProber(), None, set(), again)
        errors = [f for f in report.findings if f.severity == "error"
                  and f.rule.split(".")[0] in ("video", "captions")]
        assert not errors, (target, errors)
        predicted = next(m for m in variant.plan.media if m.kind == "video").predicted
        assert (facts.width, facts.height) == (predicted["width"], predicted["height"])
        assert facts.duration == pytest.approx(predicted["duration"], abs=0.1)
        assert facts.bytes <= predicted["bytes"]
        assert not facts.has_location
        assert (facts.video_codec, facts.audio_codec) == ("h264", "aac")
    reel = probe_video(out / "clip/instagram.reel/01-clip.mp4")
    assert abs(reel.width / reel.height - 9 / 16) < 0.01
    assert (out / "clip/bluesky.post/01-clip.nl.vtt").read_text().startswith("WEBVTT")
    assert (out / "clip/youtube.short/01-clip.nl.srt").is_file()
    assert (out / "clip/instagram.reel/01-clip.cover.jpg").is_file()
    burned = next(m for m in variants["instagram.reel"].plan.media if m.kind == "video")
    assert burned.operations[-1].op == "burn_captions"
    # Bluesky takes the source as it is: re-muxed (location dropped), not re-encoded
    bluesky = next(m for m in variants["bluesky.post"].plan.media if m.kind == "video")
    assert bluesky.operations[0].remux


def test_trim_to_a_policy_limit_ends_at_a_sentence_and_retimes_captions(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Test\nall:\n  video:\n    max_duration: 2\n", encoding="utf-8")
    variants = adapt(make_post(wide_mp4, ["bluesky.post"]), policy=policy,
                               out=tmp_path / "out")
    variant = variants["bluesky.post"]
    assert variant.publishable, variant.plan.findings
    assert any(c.step == "video.trim" for c in variant.plan.history)
    facts = probe_video(tmp_path / "out/clip/bluesky.post/01-clip.mp4")
    assert facts.duration == pytest.approx(1.3, abs=0.1)  # the end of "Hallo allemaal."
    vtt = load_subtitles(tmp_path / "out/clip/bluesky.post/01-clip.nl.vtt")
    assert len(vtt.cues) == 1
    assert vtt.cues[0].end_ms <= 1300


def test_trim_set_in_the_post_is_used(make_post: PostFactory, wide_mp4: Path,
                                      tmp_path: Path) -> None:
    variants = adapt(make_post(wide_mp4, ["bluesky.post"], extra="    trim: [0.5, 1.5]\n"),
                     out=tmp_path / "out")
    variant = variants["bluesky.post"]
    trim = next(c for c in variant.plan.history if c.step == "video.trim")
    assert (trim.detail["start"], trim.detail["end"]) == (0.5, 1.5)
    assert "set in the post" in trim.summary
    facts = probe_video(tmp_path / "out/clip/bluesky.post/01-clip.mp4")
    assert facts.duration == pytest.approx(1.0, abs=0.1)


def _bad_files(ffmpeg: str, folder: Path, good: Path) -> dict[str, Path]:
    folder.mkdir()
    text = folder / "notes.mp4"
    text.write_text("Dit is geen video.\n", encoding="utf-8")
    playlist = folder / "playlist.mp4"
    playlist.write_text("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n", encoding="utf-8")
    cut = folder / "cut.mp4"
    cut.write_bytes(good.read_bytes()[:48])
    audio = encode(ffmpeg, folder / "voice.mp4", "-f", "lavfi", "-i", "sine=duration=1",
                   "-c:a", "aac")
    empty = encode(ffmpeg, folder / "empty.mp4", "-f", "lavfi", "-i", "testsrc2=s=64x36",
                   "-frames:v", "0", "-c:v", "libx264")
    return {"not a video": text, "playlist": playlist, "no moov": cut, "audio only": audio,
            "zero duration": empty}


def test_bad_input_is_a_finding_naming_the_file_and_nothing_is_encoded(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, ffmpeg_exe: str
) -> None:
    bad = _bad_files(ffmpeg_exe, tmp_path / "bad", wide_mp4)
    for why, path in bad.items():
        post = make_post(path, ["instagram.reel"], folder=f"post-{path.stem}", name=path.name)
        out = tmp_path / f"out-{path.stem}"
        variants = adapt(post, out=out)
        findings = [f for f in variants.findings if f.rule == "media.unreadable"]
        assert findings, why
        assert not variants["instagram.reel"].publishable, why
        assert not any(m.operations and m.operations[0].op == "video"
                       for m in variants["instagram.reel"].plan.media), why
        assert not list(out.rglob(".crosspost-tmp-*")), why


@pytest.mark.parametrize(("budget", "message"), [
    ({"max_duration": 2.0}, "long, more than the budget"),         # stands in for 10 hours
    ({"max_video_pixels": 10_000}, "MP per frame), more than the budget"),  # ... and 16k x 16k
])
def test_probe_budgets_stop_huge_videos_before_planning(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, budget: dict[str, float],
    message: str
) -> None:
    prober = FileProber(**budget)  # type: ignore[arg-type]
    variants = adapt(make_post(wide_mp4, ["x.post"]), prober=prober)
    assert any(message in f.message for f in variants.findings)
    assert not variants.publishable


def test_broken_subtitle_timestamps_are_a_finding_with_file_and_line(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    broken = "1\n00:00:00,200 --> 00:00:01.300\nHallo.\n"
    variants = adapt(make_post(wide_mp4, ["bluesky.post"], captions=broken))
    found = [f for f in variants.findings if f.rule == "captions.invalid"]
    assert found
    assert "clip.nl.srt (line 2)" in found[0].message
    assert not variants["bluesky.post"].plan.sidecars
