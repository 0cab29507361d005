"""Burned captions move to the top when the subject fills the lower part of the frame."""

from __future__ import annotations

from crosspost.media.scene.model import Scene, SceneSample
from crosspost.render.video.ass import to_ass
from crosspost.transforms.captions.layout import CaptionLayout
from crosspost.transforms.captions.placement import caption_position, focus_caption_position
from crosspost.variant.crop_path import CropPath, ShotWindow
from crosspost.variant.video_ops import CropSpec, Frame


def _scene(rows: list[float]) -> Scene:
    total = sum(rows)
    samples = tuple(SceneSample(t=k * 0.25, centre=(0.5, 0.5), columns=(1.0,),
                                rows=tuple(r / total for r in rows)) for k in range(20))
    return Scene(width=1920, height=1080, duration=5.0, interval=0.25, samples=samples)


FRAME = Frame(source_width=1920, source_height=1080, fit="crop",
              crop=CropSpec(x=656, y=0, w=608, h=1080), width=1080, height=1920)


def _place(scene: Scene, frame: Frame = FRAME) -> str:
    return caption_position(scene, frame, 0.0, 5.0, margin_bottom=380, margin_top=270,
                            lines=2, font_size=60)[0]


def test_subject_in_the_lower_part_sends_captions_up() -> None:
    lower = [0.1] * 60 + [3.0] * 40  # the salience sits in the bottom 40% of the rows
    assert _place(_scene(lower)) == "top"


def test_subject_in_the_middle_keeps_captions_at_the_bottom() -> None:
    middle = [0.1] * 30 + [3.0] * 40 + [0.1] * 30
    assert _place(_scene(middle)) == "bottom"
    assert _place(_scene([1.0] * 100)) == "bottom"  # nothing stands out


def test_only_what_the_window_shows_counts() -> None:
    # the lower salience sits on the right; the window (x 656..1264 of 1920) shows the middle
    blocks = tuple(tuple(3.0 if (r >= 6 and c >= 12) else 0.1 for c in range(16))
                   for r in range(9))
    total = sum(map(sum, blocks))
    rows = tuple(sum(row) / total for row in blocks)
    norm = tuple(tuple(v / total for v in row) for row in blocks)
    samples = tuple(SceneSample(t=k * 0.25, centre=(0.5, 0.5), columns=(1.0,), rows=rows,
                                blocks=norm) for k in range(20))
    scene = Scene(width=1920, height=1080, duration=5.0, interval=0.25, samples=samples)
    assert _place(scene) == "bottom"
    assert _place(scene.model_copy(update={"samples": tuple(
        s.model_copy(update={"blocks": ()}) for s in samples)})) == "top"  # rows alone: fooled


def test_a_vertical_path_maps_rows_through_the_moving_window() -> None:
    # a portrait source cropped to landscape: the window's lower part holds the subject
    rows = [0.1] * 60 + [3.0] * 15 + [0.1] * 25
    scene = _scene(rows).model_copy(update={"width": 1080, "height": 1920})
    path = CropPath(axis="y", w=1080, h=608, source="subject",
                    shots=[ShotWindow(start=0, end=5, motion="still", keys=[(0.0, 800.0)],
                                      kept=1.0)])
    frame = Frame(source_width=1080, source_height=1920, fit="crop",
                  crop=CropSpec(x=0, y=800, w=1080, h=608), path=path, width=1920,
                  height=1080)
    where = caption_position(scene, frame, 0.0, 5.0, margin_bottom=60, margin_top=60,
                             lines=2, font_size=50)[0]
    assert where == "top"


def test_ass_script_aligns_top_with_the_top_margin() -> None:
    from crosspost.media.subtitles.parse import parse_subtitles

    subs = parse_subtitles("1\n00:00:00,000 --> 00:00:01,000\nHallo\n", "srt")
    layout = CaptionLayout(40, 30, 2, 20, 20, 300, 3, False, 250, "top")
    style = next(line for line in to_ass(subs, 1080, 1920, layout, "DejaVu Sans").splitlines()
                 if line.startswith("Style:"))
    assert style.split(",")[-5:-1] == ["8", "20", "20", "250"]


def _place_focus(focus: tuple[float, float], frame: Frame = FRAME) -> str:
    return focus_caption_position(focus, frame, 0.0, margin_bottom=380, lines=2,
                                  font_size=60)[0]


def test_a_focal_point_in_the_bottom_band_sends_captions_up() -> None:
    # FRAME: 1080x1920 out of the middle of a 1920x1080 source; the bottom caption band is
    # 1920 - 380 - 2 * 60 * 1.3 = 1384 .. 1540 output rows, 72% .. 80% of the height.
    assert _place_focus((0.5, 0.76)) == "top"
    assert _place_focus((0.5, 0.5)) == "bottom"
    assert _place_focus((0.5, 0.9)) == "bottom"  # below the band: nothing covered
    assert _place_focus((0.5, 0.1)) == "bottom"


def test_a_padded_frame_maps_the_focal_point_into_the_shrunk_picture() -> None:
    pad = FRAME.model_copy(update={"fit": "pad", "crop": None})
    # the 16:9 picture sits in the middle of the 9:16 frame (output rows 0.34 .. 0.66): a
    # focal point low in the source stays above the caption band
    assert _place_focus((0.5, 0.76), pad) == "bottom"
