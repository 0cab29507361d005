"""Reframing quality on generated scenes, for 9:16, 4:5 and 1:1 targets: the subject stays
wholly inside in at least 98% of frames, no window jumps inside a shot, nothing is padded
where a crop keeps the subject, and a scene with nothing salient gets a still centre crop."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosspost.media.scene.analyse import analyse_video
from crosspost.media.scene.model import Scene
from crosspost.transforms.video.reframe import plan_path
from crosspost.variant.crop_path import position
from crosspost.variant.geometry import crop_rect

from .scenes import Truth, make_video, measure

WIDTH, HEIGHT, FPS, SECONDS = 480, 270, 25.0, 5.0


@pytest.fixture(scope="module")
def scene_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Truth]]:
    folder = tmp_path_factory.mktemp("scenes")
    out = {}
    for name in ("walk", "two_shots", "talking_head", "empty"):
        path = folder / f"{name}.mp4"
        out[name] = (path, make_video(name, path, width=WIDTH, height=HEIGHT, fps=FPS,
                                      seconds=SECONDS))
    return out


@pytest.fixture(scope="module")
def analysed(scene_files: dict[str, tuple[Path, Truth]]) -> dict[str, tuple[Scene, Truth]]:
    return {name: (analyse_video(path, WIDTH, HEIGHT, SECONDS, FPS, timeout=60), truth)
            for name, (path, truth) in scene_files.items()}


ASPECTS = {"9:16": 9 / 16, "4:5": 4 / 5, "1:1": 1.0}


@pytest.mark.parametrize("aspect", ASPECTS)
@pytest.mark.parametrize("name", ["walk", "two_shots", "talking_head"])
def test_subject_stays_inside(analysed: dict[str, tuple[Scene, Truth]], name: str,
                              aspect: str) -> None:
    scene, truth = analysed[name]
    box = crop_rect(WIDTH, HEIGHT, ASPECTS[aspect])
    framing = plan_path(scene, box.w, box.h, speed=1.0, accel=2.0)
    assert framing.path is not None, framing.pad_reason
    result = measure(framing.path, truth.boxes, truth.shots, truth.fps)
    assert result.inside >= 0.98
    # one window width per second at most: 4% of the window per frame at 25 fps
    assert result.largest_jump <= box.w / FPS * 1.01
    if name != "walk":
        assert all(s.motion == "still" for s in framing.path.shots)


def test_two_shots_cut_where_the_video_cuts(analysed: dict[str, tuple[Scene, Truth]]) -> None:
    scene, truth = analysed["two_shots"]
    cut = truth.shots.index(1) / truth.fps
    assert len(scene.cuts) == 1
    assert abs(scene.cuts[0] - cut) <= 1 / truth.fps
    box = crop_rect(WIDTH, HEIGHT, 9 / 16)
    path = plan_path(scene, box.w, box.h, speed=1.0, accel=2.0).path
    assert path is not None
    assert len(path.shots) == 2
    left, right = (position(path, t)[0] for t in (cut - 0.1, cut + 0.1))
    assert left < WIDTH * 0.3 < WIDTH * 0.6 < right + box.w


def test_nothing_salient_is_a_still_centre_crop(
        analysed: dict[str, tuple[Scene, Truth]]) -> None:
    scene, _ = analysed["empty"]
    assert all(s.x is None for s in scene.samples)
    assert not scene.cuts
    box = crop_rect(WIDTH, HEIGHT, 9 / 16)
    path = plan_path(scene, box.w, box.h, speed=1.0, accel=2.0).path
    assert path is not None
    assert [s.motion for s in path.shots] == ["still"]
    assert abs(position(path, 1.0)[0] - (WIDTH - box.w) / 2) <= 1
    assert path.shots[0].inside is None


def test_subjects_far_apart_are_padded(analysed: dict[str, tuple[Scene, Truth]]) -> None:
    scene, _ = analysed["talking_head"]
    both = [s.model_copy(update={"x": (0.1, 0.9)}) for s in scene.samples]
    wide = scene.model_copy(update={"samples": tuple(both)})
    box = crop_rect(WIDTH, HEIGHT, 9 / 16)
    framing = plan_path(wide, box.w, box.h, speed=1.0, accel=2.0)
    assert framing.path is None
    assert framing.pad_reason
    assert "wider" in framing.pad_reason


def test_author_focus_wins(analysed: dict[str, tuple[Scene, Truth]]) -> None:
    scene, _ = analysed["talking_head"]  # the subject stands right; the author wants left
    box = crop_rect(WIDTH, HEIGHT, 9 / 16)
    path = plan_path(scene, box.w, box.h, speed=1.0, accel=2.0,
                     focus=[(0.0, 0.2, 0.5), (3.0, 0.5, 0.5)]).path
    assert path is not None
    assert path.source == "focus"
    assert abs(position(path, 1.0)[0] + box.w / 2 - 0.2 * WIDTH) <= 2
    assert abs(position(path, 4.9)[0] + box.w / 2 - 0.5 * WIDTH) <= 2


def test_a_subject_that_jumps_about_gets_a_still_window(
        analysed: dict[str, tuple[Scene, Truth]]) -> None:
    scene, _ = analysed["empty"]
    # spurious detections alternating between the far left and the far right every sample
    jumpy = [s.model_copy(update={"x": (0.0, 0.1) if k % 2 else (0.9, 1.0),
                                  "centre": (0.05 if k % 2 else 0.95, 0.5)})
             for k, s in enumerate(scene.samples)]
    box = crop_rect(WIDTH, HEIGHT, 9 / 16)
    path = plan_path(scene.model_copy(update={"samples": tuple(jumpy)}), box.w, box.h,
                     speed=1.0, accel=2.0).path
    assert path is not None
    assert [s.motion for s in path.shots] == ["still"]
