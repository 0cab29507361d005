"""Plan captions per target: a subtitle file the platform takes, burned-in text, or both.

A sidecar is written wherever the platform accepts one (converted to its format, re-timed to
the trim, re-wrapped to its line norm): it is searchable and reaches screen readers. Captions
are burned in where no file is accepted (Instagram, TikTok, Reels), where the spec says the
format shows captions only burned in (``display.captions_burned_in``) and on the kinds a policy
adds (``adapt.captions.burn_kinds``), sized from the frame and kept in the safe area.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ...fonts import CAPTION_FONT_FAMILY
from ...media.facts import Subtitles
from ...variant.geometry import Insets
from ...variant.plan import Change, MediaPlan, SidecarPlan
from ...variant.video_ops import BurnOp, CaptionEdit, VideoOp
from ..safe_area import safe_area
from ..state import PlanContext, PlanState
from .layout import apply_edits, caption_layout
from .placement import caption_position, focus_caption_position

__all__ = ["burns_captions", "plan_captions", "planned_subtitles"]


def _sidecar_formats(ctx: PlanContext) -> list[str] | None:
    """Formats every enforcing tier accepts; None when no tier says (unknown: no sidecar)."""
    accepted: list[str] | None = ctx.tiers.enforced("captions", "sidecar_formats")
    return accepted


def burns_captions(ctx: PlanContext) -> bool:
    """Whether this target gets captions drawn into the picture (when the video has any)."""
    mode = ctx.settings.captions.burn_in
    return mode == "always" or (mode == "auto" and (
        not _sidecar_formats(ctx) or ctx.fmt.shows("captions_burned_in")
        or ctx.fmt.kind in ctx.settings.captions.burn_kinds))


def _retime(op: VideoOp | None) -> list[CaptionEdit]:
    return [] if op is None else [CaptionEdit(op="retime", start=op.start, end=op.end)]


def plan_captions(state: PlanState, ctx: PlanContext) -> PlanState:
    if "video" not in ctx.fmt.media:
        return state
    for index, asset in enumerate(ctx.item.media):
        subs = ctx.subtitles.get(index)
        if asset.kind != "video" or asset.captions is None or not isinstance(subs, Subtitles):
            continue
        media = next((m for m in state.media if m.index == index and m.kind == "video"
                      and m.operations and isinstance(m.operations[0], VideoOp)), None)
        video = media.operations[0] if media is not None else None
        assert video is None or isinstance(video, VideoOp)
        formats = _sidecar_formats(ctx)
        if formats:
            state = _sidecar(state, ctx, index, asset.captions, subs, formats, video)
        if burns_captions(ctx) and media is not None and video is not None:
            state = _burn(state, ctx, media, video, asset.captions, subs)
    return state


def _sidecar(state: PlanState, ctx: PlanContext, index: int, path: str, subs: Subtitles,
             formats: list[str], video: VideoOp | None) -> PlanState:
    fmt = subs.format if subs.format in formats else formats[0]
    chars = ctx.tiers.aim("captions", "max_chars_per_line") or (
        ctx.settings.captions.max_chars_per_line)
    lines = ctx.tiers.aim("captions", "max_lines") or ctx.settings.captions.max_lines
    edits = [*_retime(video), CaptionEdit(op="rewrap", max_chars_per_line=chars, max_lines=lines),
             CaptionEdit(op="convert", to="vtt" if fmt == "vtt" else "srt")]
    if not apply_edits(subs, edits).cues:
        return state.note("captions.coverage", "warning",
                          f"{path}: no cue falls inside the trimmed video; no subtitle file")
    name = f"{index + 1:02d}-{PurePosixPath(path).stem}.{fmt}"
    sidecar = SidecarPlan(kind="captions", index=index, output=name, format=fmt, source=path,
                          operations=edits)
    verb = "converted to" if fmt != subs.format else "written as"
    change = Change(step="captions.sidecar", summary=f"{path}: {verb} {fmt.upper()} ({name}), "
                    f"lines of at most {chars} characters", detail={"format": fmt, "file": name})
    return state.evolve(change, sidecars=(*state.sidecars, sidecar))


def _safe(ctx: PlanContext, width: int, height: int) -> Insets:
    """The spec's safe area; a vertical frame without one uses the policy's default."""
    return safe_area(ctx, covered=height > width)


def _burn(state: PlanState, ctx: PlanContext, media: MediaPlan, video: VideoOp, path: str,
          subs: Subtitles) -> PlanState:
    settings = ctx.settings
    w, h = video.frame.width, video.frame.height
    spec_chars = ctx.tiers.aim("captions", "max_chars_per_line")
    lines = ctx.tiers.aim("captions", "max_lines") or settings.captions.max_lines
    layout = caption_layout(w, h, _safe(ctx, w, h), size_share=settings.captions.size,
                            min_chars=settings.captions.min_chars,
                            max_chars=spec_chars or settings.captions.max_chars_per_line,
                            max_lines=lines, box=settings.captions.box)
    edits = [*_retime(video), CaptionEdit(op="rewrap", max_chars_per_line=layout.chars_per_line,
                                          max_lines=layout.max_lines)]
    if not apply_edits(subs, edits).cues:
        return state.note("captions.coverage", "warning",
                          f"{path}: no cue falls inside the trimmed video; nothing burned in")
    where, why = "bottom", "the bottom of the safe area"
    focus = ctx.item.media[media.index].focus_point
    scene = None
    if focus is not None:
        where, why = focus_caption_position(focus, video.frame, video.start,
                                            margin_bottom=layout.margin_bottom,
                                            lines=layout.max_lines, font_size=layout.font_size)
    else:
        scene, _ = ctx.scene(media.index)
    if scene is not None:
        where, why = caption_position(scene, video.frame, video.start, video.end,
                                      margin_bottom=layout.margin_bottom,
                                      margin_top=layout.margin_top, lines=layout.max_lines,
                                      font_size=layout.font_size)
    op = BurnOp(captions=path, edits=edits, font_size=layout.font_size, outline=layout.outline,
                box=layout.box, margin_left=layout.margin_left,
                margin_right=layout.margin_right, margin_bottom=layout.margin_bottom,
                margin_top=layout.margin_top, position=where)
    burned = media.model_copy(update={"operations": [*media.operations, op]})
    others = tuple(burned if m is media else m for m in state.media)
    change = Change(step="captions.burn", summary=f"{path}: burned in ({CAPTION_FONT_FAMILY} "
                    f"{layout.font_size}px, {layout.chars_per_line} characters per line, at "
                    f"{why})", detail={"font_size": layout.font_size,
                                       "chars": layout.chars_per_line, "position": where})
    return state.evolve(change, media=others)


def planned_subtitles(state: PlanState, subtitles: dict[int, Any]) -> dict[int, Any]:
    """The subtitles each variant carries (its sidecar, else its burn-in), for the re-check."""
    result = dict(subtitles)
    for media in state.media:
        for op in media.operations[1:]:
            if isinstance(op, BurnOp) and media.index in subtitles:
                result[media.index] = apply_edits(subtitles[media.index], op.edits)
    for sidecar in state.sidecars:
        if sidecar.index in subtitles:
            result[sidecar.index] = apply_edits(subtitles[sidecar.index], sidecar.operations)
    return result
