"""Rendering: outputs re-probed from disk, one decode per source, odd names, rotation, timeouts."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from crosspost import adapt, plan
from crosspost.content.load import load_item
from crosspost.errors import ToolError
from crosspost.media import ffmpeg as ffmpeg_module
from crosspost.media.probe_video import probe_video
from crosspost.render.video.progress import progress_bars
from crosspost.render.video.render import render_video
from crosspost.variant.plan import MediaPlan

from .conftest import PostFactory

pytestmark = pytest.mark.slow


def _video(variant_plan: Any) -> MediaPlan:
    return next(m for m in variant_plan.media if m.kind == "video")


def _outputs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.mp4"))


def test_reel_is_reframed_encoded_and_stripped(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path
) -> None:
    assert probe_video(wide_mp4).has_location  # the source has a location tag
    variants = adapt(make_post(wide_mp4, ["instagram.reel"]), out=tmp_path / "out")
    variant = variants["instagram.reel"]
    assert variant.publishable, variant.plan.findings
    media = _video(variant.plan)
    facts = probe_video(tmp_path / "out/clip/instagram.reel" / media.output)
    assert (facts.width, facts.height) == (media.predicted["width"], media.predicted["height"])
    assert abs(facts.width / facts.height - 9 / 16) < 0.01
    assert (facts.video_codec, facts.audio_codec, facts.pixel_format) == ("h264", "aac", "yuv420p")
    assert facts.container.startswith("mov,mp4")
    assert facts.brand == "isom"
    assert facts.duration == pytest.approx(3.0, abs=0.1)
    assert facts.bytes <= media.predicted["bytes"]
    assert not facts.has_location
    assert facts.rotation == 0


def test_all_variants_of_a_source_come_from_one_encode(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[list[str]] = []
    real = ffmpeg_module.run_ffmpeg

    def counting(args: Any, **kwargs: Any) -> Any:
        runs.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(ffmpeg_module, "run_ffmpeg", counting)
    post = make_post(wide_mp4, ["youtube.short", "x.post", "bluesky.post", "linkedin.video"])
    adapt(post, out=tmp_path / "out")
    encodes = [args for args in runs if "libx264" in args]
    assert len(encodes) == 1
    assert any("split=2" in a for a in encodes[0])  # youtube.short (9:16) and x.post (640x360)
    assert encodes[0].count("libx264") == 2
    # bluesky.post and linkedin.video take the source as it is: one remux, copied to both
    remuxes = [args for args in runs if "copy" in args]
    assert len(remuxes) == 1
    assert len(_outputs(tmp_path / "out")) == 4


def test_pad_and_frame_rate_cap_on_a_silent_video(
    make_post: PostFactory, silent_mp4: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: Test\nall:\n  video:\n    max_fps: 30\n", encoding="utf-8")
    post = make_post(silent_mp4, ["tiktok.video"], captions=None)
    item = load_item(post).model_copy(update={"media": [
        load_item(post).media[0].model_copy(update={"reframe": "pad"})]})
    variants = adapt(item, policy=policy, out=tmp_path / "out")
    media = _video(variants["tiktok.video"].plan)
    assert media.operations[0].frame.fit == "pad"
    assert media.operations[0].fps == 25
    facts = probe_video(tmp_path / "out/clip/tiktok.video" / media.output)
    assert facts.fps == pytest.approx(25)
    assert facts.audio_codec is None
    assert abs(facts.width / facts.height - 9 / 16) < 0.01
    assert facts.height >= 360


def test_rotated_phone_video_is_planned_and_written_upright(
    make_post: PostFactory, rotated_mp4: Path, tmp_path: Path
) -> None:
    variants = adapt(make_post(rotated_mp4, ["x.post"], captions=None),
                               out=tmp_path / "out")
    media = _video(variants["x.post"].plan)
    facts = probe_video(tmp_path / "out/clip/x.post" / media.output)
    assert facts.height > facts.width
    assert facts.rotation == 0
    assert (facts.width, facts.height) == (media.predicted["width"], media.predicted["height"])


ODD = "we\\ird's [map]; 100%"  # a backslash may sit in a folder, not in a post's media path


def test_odd_file_and_folder_names_work_for_burn_in_and_sidecars(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd_tmp = tmp_path / "t'mp:dir,[x];y\\z %d"
    odd_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(odd_tmp))  # the ASS script lands here
    post = make_post(wide_mp4, ["instagram.reel", "bluesky.post"], folder=ODD,
                     name="a' b:c,[d];e=f%g.mp4", subs_name="s' :,[];%.srt")
    out = tmp_path / ODD / ".." / "out: [1]"
    variants = adapt(post, out=out)
    assert variants.publishable, [v.plan.findings for v in variants.values()]
    reel = out / "clip/instagram.reel"
    facts = probe_video(_outputs(reel)[0])
    assert abs(facts.width / facts.height - 9 / 16) < 0.01
    assert (out / "clip/bluesky.post/01-s' :,[];%.vtt").read_text().startswith("WEBVTT")
    assert not list(odd_tmp.iterdir())  # temporary scripts are cleaned up


def _hanging_ffmpeg(tmp_path: Path) -> Path:
    fake = tmp_path / "ffmpeg-hangs"
    fake.write_text("#!/bin/sh\nsleep 60 &\nwait\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake


def test_a_hanging_ffmpeg_is_killed_and_leaves_nothing(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variant = plan(make_post(wide_mp4, ["x.post"]), "x.post")
    media = _video(variant)
    op = media.operations[0].model_copy(update={"timeout": 1.0})
    media = media.model_copy(update={"operations": [op]})
    monkeypatch.setenv("CROSSPOST_FFMPEG", str(_hanging_ffmpeg(tmp_path)))
    dest = tmp_path / "out" / "video.mp4"
    with pytest.raises(ToolError, match="timed out after 1 s"):
        render_video(media, load_item(tmp_path / "content/post.md"), dest)
    assert not dest.exists()
    assert not list(dest.parent.iterdir())


def test_progress_reaches_one_and_the_working_directory_stays_clean(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = make_post(wide_mp4, ["x.post"])
    variant = plan(post, "x.post")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    seen: list[float] = []
    with progress_bars(force=False):
        render_video(_video(variant), load_item(post), tmp_path / "v.mp4", progress=seen.append)
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert os.listdir(cwd) == []


def test_outputs_that_differ_only_in_what_bounds_the_run_are_encoded_once(
    make_post: PostFactory, wide_mp4: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two targets whose plans differ only in the ffmpeg timeout (what their byte limits and
    durations allow the run) make the same file: one encode, copied."""
    from crosspost.output.jobs import MediaJob
    from crosspost.render.video.render import render_video_batch

    runs: list[list[str]] = []
    real = ffmpeg_module.run_ffmpeg

    def counting(args: Any, **kwargs: Any) -> Any:
        runs.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(ffmpeg_module, "run_ffmpeg", counting)
    item = load_item(make_post(wide_mp4, ["youtube.short"]))
    media = _video(plan(item, "youtube.short"))
    first = media.operations[0]
    slower = [first.model_copy(update={"timeout": first.timeout * 3}), *media.operations[1:]]
    other = media.model_copy(update={"operations": slower})
    jobs = [MediaJob(plan=p, name=f"{k}.mp4", dest=tmp_path / f"{k}.mp4", recipe="", role="media")
            for k, p in enumerate((media, other))]
    render_video_batch(jobs, item)
    encodes = [args for args in runs if "libx264" in args]
    assert len(encodes) == 1
    assert encodes[0].count("libx264") == 1
    assert (tmp_path / "0.mp4").read_bytes() == (tmp_path / "1.mp4").read_bytes()
