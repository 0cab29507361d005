"""Plan every still image for the target: reframe, size, format, bytes, metadata, alt text.

Decided here from probed facts, a cached thumbnail (saliency) and the spec, before any output
pixel is made; ``imaging.planning`` holds the decisions, this module reads the target's tiers
and the post, and records each step in the history. The plan's ``predicted`` facts (size,
format, a bytes upper bound, no location) are what the re-check judges. Carousels are capped to
the format's count and share one ratio where the platform shows them at one.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ...content.item import MediaAsset
from ...errors import MediaError
from ...media.facts import ImageFacts
from ...rules.images import PILLOW_FORMATS, REFRAME, planned_reframe
from ...variant.geometry import Insets, aspect_aim
from ...variant.image_ops import WHITE, UnusableOp
from ...variant.plan import Change, MediaPlan
from ..alt_text import carried_alt
from ..safe_area import safe_area
from ..state import PlanContext, PlanState
from .decide import Choices, Decision, Rules, Source, decide

EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}


def plan_images(state: PlanState, ctx: PlanContext) -> PlanState:
    """Plan an ``image`` operation for every still or animated image the format takes."""
    if "image" not in ctx.fmt.media:
        return state
    planned = {m.index for m in state.media}
    images = [(i, a) for i, a in enumerate(ctx.item.media)
              if a.kind == "image" and i not in planned and i not in state.dropped]
    if not images:
        return state
    rules, choices = image_rules(ctx), choices_of(ctx)
    same = bool(ctx.tiers.flag("images", "same_aspect")) and len(images) > 1
    ratio: float | None = None
    for index, asset in images:
        facts = ctx.facts.get(index)
        source, problem = _source(ctx, asset, facts)
        if source is None:
            state = _unusable(state, index, asset, problem)
            continue
        decision = decide(source, rules, choices, ratio=ratio)
        if same and ratio is None:
            ratio = decision.ratio
        alt, state = carried_alt(state, ctx, asset)
        state = _record(state, index, asset, decision, alt)
        state = _note_reframe(state, ctx, index, asset, source, decision)
    return state


def image_rules(ctx: PlanContext) -> Rules:
    """The target's image constraints over its tiers: every tier's bounds are met when they
    can be (a norm costs nothing to respect here); preferences come from the most specific."""
    tiers = ctx.tiers
    aim = aspect_aim(tiers, "images")
    formats = tiers.aim("images", "formats")
    return Rules(
        low=aim.low, high=aim.high, preferred=aim.preferred, fill=aim.fill,
        preferred_width=tiers.preferred("images", "preferred_width"),
        max_width=tiers.aim("images", "max_width"),
        max_height=tiers.aim("images", "max_height"),
        max_pixels=tiers.aim("images", "max_pixels"),
        min_width=tiers.enforced("images", "min_width"),
        min_height=tiers.enforced("images", "min_height"),
        least_width=tiers.aim("images", "min_width"),
        least_height=tiers.aim("images", "min_height"),
        max_bytes=tiers.aim("images", "max_bytes"),
        formats=tuple(formats) if formats is not None else None,
        safe=_safe_area(ctx),
        tolerance=aim.tolerance,
    )


def choices_of(ctx: PlanContext) -> Choices:
    """The policy's image settings, and the run's bounds on an animation kept animated."""
    s = ctx.settings.image
    return Choices(quality=s.quality, floor=s.quality_floor,
                   max_salient_loss=s.max_salient_loss, pad_colour=s.pad_colour,
                   max_edge=s.max_edge, keep_metadata=tuple(s.keep_metadata), gif=s.gif,
                   background=s.pad_colour or WHITE,
                   decoded_bytes=ctx.image_limits.max_decoded_bytes,
                   max_frames=ctx.image_limits.max_frames)


def _safe_area(ctx: PlanContext) -> Insets:
    """The spec's safe area; formats the data says are shown full screen, without one, use
    the policy's default."""
    return safe_area(ctx, covered=ctx.fmt.shows("full_screen"))


def _source(ctx: PlanContext, asset: MediaAsset, facts: Any) -> tuple[Source | None, str]:
    """What the planner needs; None and the reason when the file cannot be used."""
    if not isinstance(facts, ImageFacts):
        return None, ""  # probing failed and reported why
    analysis = None
    if asset.resolved is not None and ctx.prober is not None:
        try:
            analysis = ctx.prober.analyse(asset.resolved)
        except MediaError as exc:
            return None, exc.detail
    return Source(
        path=asset.path, width=facts.width, height=facts.height,
        format=PILLOW_FORMATS.get(facts.format.upper(), facts.format.lower()),
        bytes=facts.bytes, frames=facts.frames if facts.animated else 1, focus=asset.focus_point,
        reframe=asset.reframe, saliency=analysis.saliency if analysis else None,
        alpha=analysis.alpha_used if analysis else facts.mode in ("RGBA", "LA", "PA"),
        png_smaller=analysis.png_smaller if analysis else False,
    ), ""


def _unusable(state: PlanState, index: int, asset: MediaAsset, problem: str) -> PlanState:
    """Plan no pixels: rendering refuses with the file's error, and nothing broken is copied
    (the pass-through step would copy a medium no step planned)."""
    reason = problem or "could not be read when probed"
    media = MediaPlan(index=index, kind="image", source=asset.path,
                      output=f"{index + 1:02d}-{PurePosixPath(asset.path).name}",
                      operations=[UnusableOp(reason=reason)], alt=asset.alt)
    change = Change(step="image.unusable", summary=f"{asset.path}: {reason}; not adapted")
    state = state.evolve(change, media=(*state.media, media))
    if not problem:
        return state  # the probe's finding says why already
    return state.note("media.unreadable", "error", f"{asset.path}: {problem}", index=index)


def _record(state: PlanState, index: int, asset: MediaAsset, decision: Decision,
            alt: str | None) -> PlanState:
    op = decision.op
    name = f"{index + 1:02d}-{PurePosixPath(asset.path).stem}.{EXTENSIONS[op.format]}"
    media = MediaPlan(index=index, kind="image", source=asset.path, output=name,
                      operations=[op], predicted=decision.predicted, alt=alt)
    state = state.evolve(_change(asset.path, decision), media=(*state.media, media))
    for rule, severity, message in decision.notes:
        state = state.note(rule, severity, message, index=index)
    return state


def _note_reframe(state: PlanState, ctx: PlanContext, index: int, asset: MediaAsset,
                  source: Source,
                  decision: Decision) -> PlanState:
    """An accepted ratio reframed to the preferred one is a finding, as ``check`` said
    (``rules.images.planned_reframe``)."""
    if decision.mode == "keep" or planned_reframe(ctx.tiers, source.width,
                                                  source.height) is None:
        return state
    done = {"crop": "cropped", "pad": "padded"}[decision.mode]
    return state.note_reframe(REFRAME.id, asset.path, source.width / source.height,
                              decision.ratio, done, index)


def _change(path: str, d: Decision) -> Change:
    from ...rules.limits import ratio_text

    op = d.op
    ratio = ratio_text(d.ratio)
    lost = f", {d.lost:.0%} of the salient area lost" if d.lost is not None and d.mode == "crop" \
        else ""
    where = {"author": "the author's focal point", "saliency": "the most salient region",
             "centre": "the centre"}[op.focus_from]
    frame = {"keep": f"kept its {ratio} frame",
             "crop": f"cropped to {ratio} around {where} ({d.kept:.0%} of the image kept{lost})",
             "pad": f"padded to {ratio} on {'a blurred copy' if op.fill == 'blur' else op.fill}"
                    f" (not cropped: {d.why})"}[d.mode]
    limit = f" of at most {op.max_bytes:,} bytes" if op.max_bytes else ""
    kept = f" (kept: {', '.join(op.keep_metadata)})" if op.keep_metadata else ""
    summary = (f"{path}: {frame}; {op.resize[0]}x{op.resize[1]} {op.format.upper()}{limit}; "
               f"location and other metadata removed{kept}")
    detail = {"source_size": list(op.source_size), "mode": d.mode, "ratio": round(d.ratio, 4),
              "box": list(op.pad or op.crop), "crop": list(op.crop),
              "kept_share": round(d.kept, 4),
              "salient_lost": round(d.lost, 4) if d.lost is not None else None,
              "focus": [round(v, 4) for v in op.focus], "focus_from": op.focus_from,
              "size": list(op.resize), "size_reason": d.size_reason, "format": op.format,
              "quality": op.quality, "quality_floor": op.quality_floor,
              "max_bytes": op.max_bytes, "bytes_upper_bound": d.predicted["bytes"],
              "kept_metadata": list(op.keep_metadata)}
    return Change(step="image.adapt", summary=summary, detail=detail)

