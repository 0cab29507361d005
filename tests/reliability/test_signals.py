"""SIGKILL, SIGTERM and Ctrl-C while `crosspost adapt` writes an image or a video.

The CLI runs as a subprocess (``python -m crosspost adapt``). A fake ffmpeg writes the start of
its output and sleeps; an image write is stalled half-way by ``fakes/sitecustomize.py``. The
signal arrives exactly then, while a partial file exists. Afterwards no final file may be
partial, no manifest may list a hash its file does not have, and (after SIGTERM and Ctrl-C at
once, after SIGKILL on the next run) no temporary file may remain.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from crosspost.testing import pid_gone

from .conftest import (
    CliRunner,
    FakeFactory,
    Media,
    Project,
    ProjectFactory,
    post_text,
    stall_env,
)
from .helpers import (
    assert_consistent,
    assert_old_or_new,
    group_members,
    manifest_hashes,
    start_cli,
    temps,
    wait_for,
)

pytestmark = pytest.mark.reliability

EnvFactory = Callable[..., dict[str, str]]


def _video_project(make_project: ProjectFactory, media: Media) -> Project:
    post = post_text("clip", ["x.post"], [("media/clip.mp4", None)])
    return make_project(files={"media/clip.mp4": media.clip}, posts={"clip.md": post})


def _photo_project(make_project: ProjectFactory, media: Media) -> Project:
    post = post_text("beeld", ["x.post", "mastodon.post"], [("media/photo.jpg", None)])
    return make_project(files={"media/photo.jpg": media.photo}, posts={"beeld.md": post})


def test_sigkill_during_a_video_encode_keeps_the_old_output_and_the_next_run_cleans_up(
    make_project: ProjectFactory, media: Media, cli: CliRunner, fake_ffmpeg: FakeFactory,
    subprocess_env: EnvFactory, reap: list[int],
) -> None:
    project = _video_project(make_project, media)
    assert cli("adapt", "--out", project.out, cwd=project.root).code == 0
    before = manifest_hashes(project.out)
    (project.root / "media" / "clip.mp4").write_bytes(media.clip2)  # the video must be redone

    fake = fake_ffmpeg("hang")
    proc = start_cli(["adapt", "--out", str(project.out)], project.root,
                     subprocess_env(**fake.env))
    wait_for(fake.state.exists, proc=proc, what="the fake ffmpeg to start writing")
    state = fake.read_state()
    reap += [int(state["pid"]), int(state["child"])]
    proc.kill()
    proc.communicate(timeout=20)

    assert proc.returncode == -signal.SIGKILL
    assert pid_gone(int(state["pid"])), "ffmpeg outlived the crosspost that started it"
    assert temps(project.out), "the kill came too late to test anything"
    unlisted = assert_consistent(project.out, temps_allowed=True)

    done = cli("adapt", "--out", project.out, cwd=project.root)  # the real ffmpeg again
    assert done.code == 0, done.text
    after = manifest_hashes(project.out)
    assert_consistent(project.out)  # the stale temporary file is gone
    assert_old_or_new(unlisted, before, after)
    assert after != before
    assert not list(project.out.rglob(".crosspost-previous.json"))


def test_sigkill_between_two_image_writes_leaves_no_lying_manifest(
    make_project: ProjectFactory, media: Media, cli: CliRunner, subprocess_env: EnvFactory,
    tmp_path: Path,
) -> None:
    """The first target's new image is in place, the second is half written: the first
    folder's old manifest must not survive to vouch for the new file."""
    project = _photo_project(make_project, media)
    assert cli("adapt", "--out", project.out, cwd=project.root).code == 0
    before = manifest_hashes(project.out)
    (project.root / "media" / "photo.jpg").write_bytes(media.photo2)

    state = tmp_path / "stall.json"
    proc = start_cli(["adapt", "--out", str(project.out)], project.root,
                     subprocess_env(**stall_env(state, at=2)))
    wait_for(state.exists, proc=proc, what="the second image write to stall")
    proc.kill()
    proc.communicate(timeout=20)

    unlisted = assert_consistent(project.out, temps_allowed=True)
    assert temps(project.out), "the kill came too late to test anything"
    assert cli("adapt", "--out", project.out, cwd=project.root).code == 0
    after = manifest_hashes(project.out)
    assert_consistent(project.out)
    assert_old_or_new(unlisted, before, after)
    assert after != before
    assert not list(project.out.rglob(".crosspost-previous.json"))


def test_sigterm_during_a_video_encode_kills_ffmpeg_cleans_up_and_exits_143(
    make_project: ProjectFactory, media: Media, fake_ffmpeg: FakeFactory,
    subprocess_env: EnvFactory, reap: list[int],
) -> None:
    project = _video_project(make_project, media)
    fake = fake_ffmpeg("hang")
    proc = start_cli(["adapt", "--out", str(project.out)], project.root,
                     subprocess_env(**fake.env))
    wait_for(fake.state.exists, proc=proc, what="the fake ffmpeg to start writing")
    state = fake.read_state()
    reap += [int(state["pid"]), int(state["child"])]
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)

    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in out + err
    assert "interrupted; 1 post not finished" in err
    assert "clip.md" in err
    # ffmpeg and what it started (its process group) are gone, and so is the partial file.
    assert pid_gone(int(state["pid"]))
    assert pid_gone(int(state["child"]))
    assert_consistent(project.out)
    assert not (project.out / "clip" / "x.post" / "01-clip.mp4").exists()


def test_ctrl_c_exits_130_with_what_finished_and_what_did_not(
    make_project: ProjectFactory, media: Media, fake_ffmpeg: FakeFactory,
    subprocess_env: EnvFactory, reap: list[int],
) -> None:
    project = make_project(
        files={"media/photo.jpg": media.photo, "media/clip.mp4": media.clip},
        posts={"a-beeld.md": post_text("beeld", ["x.post"], [("media/photo.jpg", None)]),
               "b-clip.md": post_text("clip", ["x.post"], [("media/clip.mp4", None)]),
               "c-tekst.md": post_text("tekst", ["x.post"])},
    )
    fake = fake_ffmpeg("hang")
    proc = start_cli(["adapt", "--out", str(project.out)], project.root,
                     subprocess_env(**fake.env))
    wait_for(fake.state.exists, proc=proc, what="the fake ffmpeg to start writing")
    state = fake.read_state()
    reap += [int(state["pid"]), int(state["child"])]
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the job on Ctrl-C
    out, err = proc.communicate(timeout=20)

    assert proc.returncode == 130, err
    assert "Traceback" not in out + err
    assert "x.post                 publishable" in out  # the finished post is reported
    assert out.splitlines()[-1].startswith("1 item: 1 adapted, 0 failed")
    assert err.splitlines()[-3:] == [
        "crosspost: interrupted; 2 posts not finished:", "  b-clip.md", "  c-tekst.md"]
    assert pid_gone(int(state["pid"]))
    assert_consistent(project.out)
    assert (project.out / "beeld" / "x.post" / "manifest.json").is_file()
    assert not (project.out / "tekst").exists()


def test_sigterm_while_an_image_is_half_written(
    make_project: ProjectFactory, media: Media, subprocess_env: EnvFactory, tmp_path: Path,
) -> None:
    project = _photo_project(make_project, media)
    state = tmp_path / "stall.json"
    proc = start_cli(["adapt", "--out", str(project.out)], project.root,
                     subprocess_env(**stall_env(state)))
    wait_for(state.exists, proc=proc, what="the image write to stall")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)

    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in out + err
    assert_consistent(project.out)  # the half-written temporary file is removed at once
    assert not list(project.out.rglob("01-photo.jpg"))


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_process_pool_stops_at_once_without_running_queued_posts(
    make_project: ProjectFactory, media: Media, fake_ffmpeg: FakeFactory,
    subprocess_env: EnvFactory, reap: list[int], how: str,
) -> None:
    """``--jobs 2`` with four posts: two are encoding, two queued. Without stopping the
    workers, the pool finished the encodes and ran the queued posts (up to ffmpeg's timeout
    each) before the command could end."""
    clips = {f"{name}.md": post_text(name, ["x.post"], [(f"media/{name}.mp4", None)])
             for name in ("a", "b", "c", "d")}
    project = make_project(files={f"media/{name}.mp4": media.clip for name in "abcd"},
                           posts=clips)
    fake = fake_ffmpeg("hang")
    proc = start_cli(["adapt", "--out", str(project.out), "--jobs", "2"], project.root,
                     subprocess_env(**fake.env))
    wait_for(fake.state.exists, proc=proc, what="a worker's ffmpeg to start writing")
    pids = group_members(proc.pid)  # crosspost and its workers
    assert len(pids) >= 3
    reap += list(pids)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)  # to the main process only, as `kill` does
    out, err = proc.communicate(timeout=20)

    assert proc.returncode == (130 if how == "ctrl-c" else 128 + signal.SIGTERM), err
    assert "Traceback" not in out + err
    assert "interrupted; 4 posts not finished" in err
    assert all(pid_gone(pid) for pid in pids)
    assert_consistent(project.out)
    started = [int(pid) for pid in Path(f"{fake.state}.log").read_text().split()]
    reap += started
    assert len(started) <= 2, "a queued post was started after the interrupt"
    assert all(pid_gone(pid) for pid in started)


def test_ctrl_c_in_the_api_restores_the_untouched_output(
    make_project: ProjectFactory, media: Media, fake_ffmpeg: FakeFactory,
    monkeypatch: pytest.MonkeyPatch, reap: list[int], request: pytest.FixtureRequest,
) -> None:
    """``crosspost.adapt(..., out=...)`` in a notebook, interrupted while ffmpeg encodes: the
    KeyboardInterrupt comes through, ffmpeg is gone, and the folder is as it was."""
    import _thread
    import threading

    import crosspost

    # A notebook or a REPL has Python's own SIGINT handler; a test run started in the
    # background inherits SIGINT ignored, and interrupt_main() then does nothing at all.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous))

    project = _video_project(make_project, media)
    post, policy = project.posts["clip.md"], project.root / "policy.yaml"
    crosspost.adapt(post, out=project.out, policy=policy)
    before = manifest_hashes(project.out)
    (project.root / "media" / "clip.mp4").write_bytes(media.clip2)
    fake = fake_ffmpeg("hang")
    for name, value in fake.env.items():
        monkeypatch.setenv(name, value)

    def interrupt() -> None:
        wait_for(fake.state.exists, what="the fake ffmpeg to start writing")
        _thread.interrupt_main()  # what Ctrl-C does in a notebook or a REPL

    threading.Thread(target=interrupt, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        crosspost.adapt(post, out=project.out, policy=policy)
    state = fake.read_state()
    reap += [state["pid"], state["child"]]
    assert pid_gone(state["pid"])
    assert pid_gone(state["child"])
    assert_consistent(project.out)
    assert manifest_hashes(project.out) == before
