"""Renderers are picked by the type of a plan's operation: every operation of the union has
one, and a plan read back from JSON is rendered by the same one."""

from __future__ import annotations

import typing

import pytest

from crosspost.errors import OutputError
from crosspost.render.dispatch import FAMILIES, _batch_renderers, _renderers, family
from crosspost.variant.geometry import Insets
from crosspost.variant.ops import MediaOp, UnusableOp, VideoOp
from crosspost.variant.plan import MediaPlan, SidecarPlan
from crosspost.variant.video_ops import CaptionEdit, CoverOp, Encoder, Frame


def _members() -> tuple[type, ...]:
    union = typing.get_args(MediaOp)[0]
    return typing.get_args(union)


def test_every_first_operation_of_the_union_has_a_renderer() -> None:
    """A new operation type without a renderer fails here, not in a user's adapt run.
    (A burn-in only ever follows a video operation: the video renderer executes it.)"""
    firsts = [t for t in _members() if t.__name__ != "BurnOp"]
    assert set(firsts) <= set(FAMILIES)
    renderers = _renderers(None)
    assert all(FAMILIES[t] in renderers for t in firsts)
    assert set(_batch_renderers(None)) <= set(renderers)


def _frame() -> Frame:
    return Frame(source_width=1280, source_height=720, fit="scale", width=1280, height=720)


@pytest.mark.parametrize(("operations", "expected"), [
    ([], "copy"),
    ([UnusableOp(reason="truncated")], "image"),
    ([VideoOp(frame=_frame(), start=0, end=2, encoder=Encoder(
        preset="veryfast", crf=23, maxrate=2_000_000, bufsize=4_000_000, audio_bitrate=128_000,
        audio_channels=2), timeout=60)], "video"),
    ([CoverOp(frame=_frame(), start=0, end=2, timeout=60)], "cover"),
])
def test_the_family_follows_the_type_also_after_json(operations: list[MediaOp],
                                                      expected: str) -> None:
    plan = MediaPlan(index=0, kind="video", source="a.mp4", output="01-a.mp4",
                     operations=operations)
    again = MediaPlan.model_validate_json(plan.model_dump_json())
    assert family(plan) == family(again) == expected
    assert again == plan


def test_a_sidecar_is_captions_and_its_edits_are_typed() -> None:
    sidecar = SidecarPlan.model_validate({
        "kind": "captions", "index": 0, "output": "01-a.vtt", "format": "vtt",
        "source": "a.srt", "operations": [{"op": "rewrap", "max_chars_per_line": 30},
                                          {"op": "convert", "to": "vtt"}]})
    assert family(sidecar) == "captions"
    assert all(isinstance(e, CaptionEdit) for e in sidecar.operations)


def test_a_plan_whose_first_operation_has_no_renderer_is_refused_by_name() -> None:
    """A burn-in on its own (a hand-edited plan) names the operation."""
    from crosspost.variant.video_ops import BurnOp

    burn = BurnOp(captions="a.srt", font_size=24, outline=2, box=False, margin_left=10,
                  margin_right=10, margin_bottom=40)
    plan = MediaPlan(index=0, kind="video", source="a.mp4", output="01-a.mp4",
                     operations=[burn])
    with pytest.raises(OutputError, match="burn_captions"):
        family(plan)


def test_insets_in_an_image_operation_survive_json() -> None:
    from crosspost.variant.image_ops import ImageOp

    op = ImageOp(source_size=(100, 50), crop=(0, 0, 100, 50), resize=(50, 25), format="png",
                 safe_area=Insets(top=0.1, bottom=0.2))
    plan = MediaPlan(index=0, kind="image", source="a.png", output="01-a.png", operations=[op])
    again = MediaPlan.model_validate_json(plan.model_dump_json())
    assert again.operations[0] == op
    assert isinstance(again.operations[0], ImageOp)
    assert again.operations[0].safe_area.anchor == op.safe_area.anchor
