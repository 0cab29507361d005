"""Plan each video for the target: aspect and size, trim, frame rate, encoder, cover frame.

Everything is decided here, from probed facts and the spec, before anything is encoded; the
plan's ``predicted`` facts (9:16, H.264/AAC MP4, an upper bound of the bytes, no location) are
what the re-check holds against the same rules as the source.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Literal

from ...content.item import MediaAsset
from ...media.facts import VideoFacts
from ...variant import geometry, video_size
from ...variant.crop_path import CropPath
from ...variant.plan import Change, MediaPlan
from ...variant.reframe_fit import analyses, reframe_fit
from ...variant.video_ops import CoverOp, CropSpec, Encoder, Frame, VideoOp
from ..alt_text import carried_alt
from ..captions.layout import cues_of
from ..state import PlanContext, PlanState
from . import timing
from .bitrate import plan_rates
from .reframe import plan_path, timeline

#: A remuxed file differs from its source by its index and headers, a few KB at most.
COPY_OVERHEAD = 64 * 1024
#: What ffmpeg's mp4 muxer writes and the probe reports back.
MP4_CONTAINER = "mov,mp4,m4a,3gp,3g2,mj2"

_WHY = {
    "configured": "the trim set in the post",
    "sentence": "the last sentence before the limit",
    "cue": "the last subtitle cue before the limit",
    "limit": "the limit: no cue ends close enough before it",
    "full": "the whole video",
}


def plan_video(state: PlanState, ctx: PlanContext) -> PlanState:
    """Plan a re-encode of every video the format takes (and a cover where the kind has one)."""
    if "video" not in ctx.fmt.media:
        return state
    planned = {m.index for m in state.media}
    for index, asset in enumerate(ctx.item.media):
        facts = ctx.facts.get(index)
        if (asset.kind != "video" or index in planned or index in state.dropped
                or not isinstance(facts, VideoFacts)):
            continue
        state = _plan_one(state, ctx, index, asset, facts)
    return state


def _frame(ctx: PlanContext, index: int, asset: MediaAsset, facts: VideoFacts
           ) -> tuple[Frame, list[Change], tuple[str, str] | None]:
    src = facts.width / facts.height
    aspect = geometry.aspect_aim(ctx.tiers, "video").target(src)
    share = geometry.crop_share(src, aspect)
    fit: Literal["scale", "crop", "pad"] = "scale"
    crop = path = None
    why = ""
    if abs(aspect / src - 1) > ctx.fmt.aspect_tolerance:
        fit, path, why = _reframe(ctx, index, asset, facts, aspect, share)
    if fit == "crop":
        box = geometry.crop_rect(facts.width, facts.height, aspect,
                                 asset.focus_point or (0.5, 0.5))
        if path is not None:
            box = geometry.Rect(*path.first(), box.w, box.h)
        crop = CropSpec(x=box.x, y=box.y, w=box.w, h=box.h)
    bound = ctx.settings.video.max_upscale
    size = video_size.honest_size(
        video_size.natural_width(facts.width, facts.height, aspect, fit), aspect,
        video_size.size_limits(ctx.tiers, bound))
    width, height = size.width, size.height
    short = video_size.describe(size, bound)
    frame = Frame(source_width=facts.width, source_height=facts.height, fit=fit, crop=crop,
                  path=path, width=width, height=height)
    words = {"scale": "scaled", "crop": "cropped", "pad": "padded on a blurred copy"}
    summary = f"{asset.path}: {facts.width}x{facts.height} {words[fit]} to {width}x{height}"
    if (width, height) == (facts.width, facts.height):
        summary = f"{asset.path}: frame kept at {width}x{height}"
    detail: dict[str, Any] = {"fit": fit, "aspect": round(aspect, 4), "kept_share": round(
        share if fit == "crop" else 1.0, 3), "width": width, "height": height}
    if why:
        summary += f" ({why})"
        detail["why"] = why
    if size.upscale > 1.001:
        detail["upscale"] = round(size.upscale, 2)
    if short is not None:
        summary += f"; {short}"
        detail["short_of"] = size.short_of
    if path is not None:
        detail["shots"] = [{"start": s.start, "end": s.end, "motion": s.motion,
                            "window": [*path.corner(s.keys[0][1]), path.w, path.h],
                            "salient_kept": s.kept, "subject_inside": s.inside}
                           for s in path.shots]
    note = None
    if short is not None and size.short_of is not None:
        note = (video_size.SEVERITY[size.short_of], f"{asset.path}: {short}")
    return frame, [Change(step="video.reframe", summary=summary, detail=detail)], note


def _note_reframe(state: PlanState, ctx: PlanContext, index: int, asset: MediaAsset,
                  facts: VideoFacts, frame: Frame) -> PlanState:
    """An accepted ratio reframed to the preferred one is a finding, as ``check`` said
    (``rules.video.planned_reframe``)."""
    from ...rules.video import REFRAME, planned_reframe

    planned = planned_reframe(ctx.tiers, facts.width, facts.height)
    if frame.fit == "scale" or planned is None:
        return state
    done = {"crop": "cropped", "pad": "padded"}[frame.fit]
    return state.note_reframe(REFRAME.id, asset.path, facts.width / facts.height, planned, done,
                              index)


def _reframe(ctx: PlanContext, index: int, asset: MediaAsset, facts: VideoFacts,
             aspect: float, share: float
             ) -> tuple[Literal["crop", "pad"], CropPath | None, str]:
    """Crop or pad, the crop's path, and why: ``variant.reframe_fit`` decides what can be
    decided before the pixels are read (as check does); where it leaves it to the subject,
    the scene decides (pad only when no window keeps it)."""
    min_share = ctx.settings.video.crop_min_share
    fit = reframe_fit(asset, analysed=analyses(ctx.prober, asset), share=share,
                      min_share=min_share)
    if fit == "pad" and asset.reframe == "pad":
        return "pad", None, "reframe: pad in the post"
    if asset.focus_point is not None and fit == "crop":
        return "crop", None, "around the focal point in the post"
    box = geometry.crop_rect(facts.width, facts.height, aspect)
    speed, accel = ctx.settings.video.pan_speed, ctx.settings.video.pan_accel
    track = asset.focus_track
    scene, missing = ctx.scene(index) if fit != "pad" else (None, "the subject was not analysed")
    if track is not None:
        scene = scene or timeline(facts.width, facts.height, facts.duration)
        framing = plan_path(scene, box.w, box.h, speed=speed, accel=accel, focus=track)
        return "crop", framing.path, "following the focus points in the post"
    if scene is not None:
        framing = plan_path(scene, box.w, box.h, speed=speed, accel=accel,
                            allow_pad=fit == "subject")
        if framing.path is None:
            return "pad", None, framing.pad_reason or "no window keeps the subject"
        moves = "following the subject" if framing.path.moves else "around the subject"
        return "crop", framing.path, moves
    # No scene (none asked for, or the analysis failed): the kept share decides.
    if reframe_fit(asset, analysed=False, share=share, min_share=min_share) == "crop":
        return "crop", None, f"centre crop: {missing}"
    return "pad", None, f"keeps {share:.0%} of the picture; {missing}"


def planned_window(ctx: PlanContext, index: int, asset: MediaAsset,
                   facts: VideoFacts) -> timing.Window:
    """The part of video ``index`` the variant keeps: the post's `trim:`, cut to the
    enforced maximum at a sentence or cue end. ``check`` names it in `video.duration`."""
    subs = ctx.subtitles.get(index)
    start, end = asset.trim if asset.trim is not None else (None, None)
    return timing.trim_window(facts.duration, ctx.tiers.enforced("video", "max_duration"),
                              cues_of(subs) if subs is not None else (), start=start, end=end)


def trim_words(window: timing.Window) -> str:
    """`trimmed to 0.00-58.40 s (the last sentence before the limit)`."""
    return f"trimmed to {window.start:.2f}-{window.end:.2f} s ({_WHY[window.reason]})"


def _plan_one(state: PlanState, ctx: PlanContext, index: int, asset: MediaAsset,
              facts: VideoFacts) -> PlanState:
    settings = ctx.settings
    frame, changes, short = _frame(ctx, index, asset, facts)
    if short is not None:
        state = state.note("video.upscale", *short, index=index)
    state = _note_reframe(state, ctx, index, asset, facts, frame)
    window = planned_window(ctx, index, asset, facts)
    if window.reason != "full":
        changes.append(Change(
            step="video.trim", summary=f"{asset.path}: {trim_words(window)}",
            detail={"start": window.start, "end": window.end, "reason": window.reason}))
    fps = timing.target_fps(facts.fps, ctx.tiers.enforced("video", "min_fps"),
                            ctx.tiers.enforced("video", "max_fps"))
    if fps is not None:
        changes.append(Change(step="video.fps", summary=f"{asset.path}: frame rate "
                              f"{facts.fps:.3g} -> {fps:.3g} fps", detail={"fps": fps}))
    channels = min(facts.audio_channels or 2, 2) if facts.has_audio else 0
    rate = facts.audio_sample_rate
    sample_rate = 48_000 if rate is not None and rate > 48_000 else None
    max_bytes = ctx.tiers.enforced("video", "max_bytes")
    rates = plan_rates(window.duration, frame.width, frame.height, fps or facts.fps,
                       audio_bitrate=settings.video.audio_bitrate if channels else 0,
                       max_bytes=max_bytes, margin=settings.video.size_margin)
    if not rates.fits:
        state = state.note("video.bytes", "error", f"{asset.path}: {window.duration:.1f} s do "
                           f"not fit in {max_bytes:,} bytes at a watchable bit rate; shorten it",
                           index=index)
    timeout = settings.video.timeout + settings.video.timeout_per_second * window.duration
    encoder = Encoder(preset=settings.video.preset, crf=settings.video.crf,
                      maxrate=rates.maxrate, bufsize=rates.bufsize,
                      audio_bitrate=max(rates.audio_bitrate, 1), audio_channels=channels,
                      audio_sample_rate=sample_rate)
    captioned = ctx.subtitles.get(index) is not None
    copy = _fits_as_is(ctx, facts, frame, window, fps, captioned=captioned)
    op = VideoOp(frame=frame, start=window.start, end=window.end, fps=fps, encoder=encoder,
                 timeout=timeout, remux=copy)
    bound = facts.bytes + COPY_OVERHEAD if copy else rates.max_bytes
    summary = (f"{asset.path}: copied into a clean MP4 (+faststart) without re-encoding"
               if copy else f"{asset.path}: H.264/AAC MP4 (+faststart) of at most "
               f"{rates.max_bytes / 1e6:.1f} MB")
    changes.append(Change(
        step="video.encode", summary=summary + "; location and other metadata removed",
        detail={"copy": copy, "preset": encoder.preset, "crf": encoder.crf,
                "maxrate": encoder.maxrate, "max_bytes": bound}))
    stem = PurePosixPath(asset.path).stem
    state = state.evolve(*changes)
    alt, state = carried_alt(state, ctx, asset)
    media = MediaPlan(index=index, kind="video", source=asset.path,
                      output=f"{index + 1:02d}-{stem}.mp4", operations=[op],
                      predicted=_predicted(op, facts, bound), alt=alt)
    added = [media, *_cover(ctx, index, asset, op, alt)]
    return state.evolve(media=(*state.media, *added))


def _fits_as_is(ctx: PlanContext, facts: VideoFacts, frame: Frame, window: timing.Window,
                fps: float | None, *, captioned: bool) -> bool:
    """The source already is what the target takes: re-encoding would only lose quality."""
    from ..captions.step import burns_captions

    max_bytes = ctx.tiers.enforced("video", "max_bytes")
    return bool(
        frame.fit == "scale" and (frame.width, frame.height) == (facts.width, facts.height)
        and window.reason == "full" and fps is None and facts.rotation == 0
        and facts.video_codec == "h264" and facts.pixel_format == "yuv420p"
        and facts.audio_codec in ("aac", None) and facts.audio_channels <= 2
        and (facts.audio_sample_rate or 0) <= 48_000
        and (max_bytes is None or facts.bytes + COPY_OVERHEAD <= max_bytes)
        and not (captioned and burns_captions(ctx))
    )


def _predicted(op: VideoOp, facts: VideoFacts, max_bytes: int) -> dict[str, Any]:
    enc = op.encoder
    return {
        "container": MP4_CONTAINER, "brand": "isom", "duration": round(op.duration, 3),
        "width": op.frame.width, "height": op.frame.height, "rotation": 0,
        "fps": op.fps or facts.fps, "video_codec": "h264", "pixel_format": "yuv420p",
        "audio_codec": "aac" if enc.audio_channels else None,
        "audio_channels": enc.audio_channels,
        "audio_sample_rate": (enc.audio_sample_rate or facts.audio_sample_rate)
        if enc.audio_channels else None,
        "bitrate": facts.bitrate if op.remux else (
            enc.maxrate + (enc.audio_bitrate if enc.audio_channels else 0)),
        "bytes": max_bytes, "has_location": False,
    }


def _cover(ctx: PlanContext, index: int, asset: MediaAsset, op: VideoOp,
           alt: str | None) -> list[MediaPlan]:
    choice = ctx.settings.video.cover
    takes = ctx.fmt.shows("cover") or ctx.fmt.kind in ctx.settings.video.cover_kinds
    if choice == "none" or not takes:
        return []
    at = None if choice == "auto" else min(max(float(choice), op.start), op.end - 0.001)
    cover = CoverOp(frame=op.frame, start=op.start, end=op.end, at=at, timeout=op.timeout)
    stem = PurePosixPath(asset.path).stem
    return [MediaPlan(index=index, kind="image", source=asset.path,
                      output=f"{index + 1:02d}-{stem}.cover.jpg",
                      operations=[cover], alt=alt)]
