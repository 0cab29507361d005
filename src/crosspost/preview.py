"""What ``check`` says adapt will do: the plan's own text steps, run on the source.

``check`` is the preview of ``adapt``. The text steps of a plan are pure and cheap, so ``check``
runs them (``transforms.text_pipeline``) for each target and reports the notes they leave, such
as a text that fitting cuts, with the same rule id, tier and severity as the plan's re-check.
Media steps read pixels and are not run here; their decisions that change the content are made
by functions that the rules and the planners share: which media adapt leaves out
(``rules.media_count.left_out``), the size of a video (``variant.video_size``), the window a
trim keeps, and the size of an image (the image planner itself, run without pixels: its
choice between a crop and padding that decides a minimum size does not read them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .report import Finding
from .rules.context import TargetContext

if TYPE_CHECKING:
    from .specs.registry import SpecRegistry
    from .transforms.state import PlanState


_MEDIUM = re.compile(r"^media\[(\d+)\]")


def left_out_preview(ctx: TargetContext, findings: list[Finding]) -> list[Finding]:
    """``findings`` of ``ctx``'s target with those about a medium adapt leaves out of the
    variant (``rules.media_count.left_out``) fixable: the variant does not have it."""
    from .rules.media_count import CAPS, left_out

    media = [(i, a.kind) for i, a in enumerate(ctx.item.media)]
    lefts = left_out(media, ctx.tiers, ctx.target, ctx.spec.media)
    gone = {i: left for left in lefts for i in left.indexes}
    if not gone:
        return findings
    kept = [k for i, k in media if i not in gone]
    out = []
    for finding in findings:
        cap = next((c for c in CAPS if c[0] == finding.rule), None)
        if (cap is not None and finding.field == "media" and not finding.fixable
                and finding.target == ctx.target and isinstance(finding.limit, int | float)
                and not any(left.rule == finding.rule and left.severity == "error"
                            for left in lefts)
                and sum(k in cap[2] for k in kept) <= finding.limit):
            # Too many of a kind, and what adapt leaves out (another rule's choice, such as
            # media that do not go together) brings the count within the limit.
            why = "; ".join(dict.fromkeys(left.summary for left in lefts))
            finding = finding.model_copy(update={"fixable": True,
                                                 "hint": f"adapt leaves media out here ({why})"})
        match = _MEDIUM.match(finding.field or "")
        left = gone.get(int(match[1])) if match and finding.target == ctx.target else None
        if left is not None and not finding.fixable:
            path = ctx.item.media[int(match[1])].path  # type: ignore[index]
            finding = finding.model_copy(update={
                "fixable": True, "hint": f"adapt leaves {path} out here ({left.summary})"})
        out.append(finding)
    return out


def trim_preview(ctx: TargetContext, findings: list[Finding], specs: SpecRegistry
                 ) -> list[Finding]:
    """``findings`` with each fixable `video.duration` over a maximum naming the window adapt
    keeps (``transforms.video.step.planned_window``, the planner's own decision)."""
    out, plan_ctx = [], None
    for finding in findings:
        match = _MEDIUM.match(finding.field or "")
        if finding.rule == "video.duration" and finding.fixable and match is not None:
            # imported here: most checks have no such finding and need no video planning code
            from .media.facts import VideoFacts
            from .transforms.state import PlanContext
            from .transforms.video.step import planned_window, trim_words

            index = int(match[1])
            facts = ctx.facts.get(index)
            if isinstance(facts, VideoFacts):
                plan_ctx = plan_ctx or PlanContext.of(ctx.item, ctx.target, specs,
                                                      facts=ctx.facts, subtitles=ctx.subtitles)
                window = planned_window(plan_ctx, index, ctx.item.media[index], facts)
                if window.reason != "full":
                    finding = finding.model_copy(update={"hint": f"adapt keeps it "
                                                                 f"{trim_words(window)}"})
        out.append(finding)
    return out


def image_plan_preview(ctx: TargetContext, findings: list[Finding], specs: SpecRegistry
                       ) -> list[Finding]:
    """``findings`` as the image planner (``transforms.image.step.plan_images``, run without
    pixels under the run's image limits) makes them; it runs only when one of these applies:

    - an `image.size` under a minimum is fixable exactly where the planned image meets it
      (padding that makes a narrow photo wide enough is decided without pixels), naming what
      adapt does;
    - an `image.format` is fixable exactly when the planner writes a format that finding's
      tier takes (an animation under the policy's ``gif: finding`` stays a GIF; a target may
      take only formats crosspost cannot write);
    - each animated image the run's limits do not let adapt keep as it is gets the planner's
      `image.animation` note (made smaller to fit ``limits.image_decoded_bytes``, or its
      first frame used).
    """
    from .rules.images import ANIMATION, FORMAT

    lows = [f for f in findings if f.rule == "image.size" and _MEDIUM.match(f.field or "")
            and isinstance(f.measured, int | float) and isinstance(f.limit, int | float)
            and f.measured < f.limit]
    animated = False
    if ctx.facts:  # the facts models, only for a post with media
        from .media.facts import ImageFacts

        animated = any(isinstance(f, ImageFacts) and f.animated and f.frames > 1
                       for f in ctx.facts.values())
    if not lows and not animated and not any(f.rule == FORMAT.id and f.fixable
                                             for f in findings):
        return findings
    from .transforms.state import note_finding
    from .variant.image_ops import ImageOp

    state = _image_plan(ctx, specs)
    planned = {m.index: m.operations[0] for m in state.media
               if m.operations and isinstance(m.operations[0], ImageOp)}
    out = []
    for finding in findings:
        match = _MEDIUM.match(finding.field or "")
        index = int(match[1]) if match else None
        op = planned.get(index) if index is not None and finding in lows else None
        if op is not None:
            path = ctx.item.media[index].path  # type: ignore[index]
            width, height = op.resize
            side = width if finding.message.startswith(f"{path} width is ") else height
            if side >= finding.limit:  # type: ignore[operator]
                how = "pads it to" if op.pad is not None else "makes it"
                finding = finding.model_copy(update={
                    "fixable": True, "hint": f"adapt {how} {width}x{height}"})
            elif finding.fixable:
                finding = finding.model_copy(update={"fixable": False})
        written = planned.get(index) if index is not None and finding.rule == FORMAT.id \
            else None
        if written is not None and isinstance(finding.limit, str):
            takes = written.format in finding.limit.split(", ")
            if takes != finding.fixable:
                why = next((n[2] for n in state.notes if n[0] == FORMAT.id and n[4] == index),
                           f"adapt writes {written.format.upper()} here")
                finding = finding.model_copy(update={"fixable": takes,
                                                     "hint": None if takes else why})
        out.append(finding)
    return out + [note_finding(ctx.item, ctx.target, note) for note in state.notes
                  if note[0] == ANIMATION.id]


def _image_plan(ctx: TargetContext, specs: SpecRegistry) -> PlanState:
    """The image planner's plan for ``ctx``'s target, without pixels (no prober), under the
    run's image limits (the prober's)."""
    from .media.prober import image_limits_of
    from .transforms.image.step import plan_images
    from .transforms.media_mix import keep_combinable
    from .transforms.state import PlanContext, PlanState

    plan_ctx = PlanContext.of(ctx.item, ctx.target, specs, facts=ctx.facts,
                              image_limits=image_limits_of(ctx.prober))
    return plan_images(keep_combinable(PlanState(text=""), plan_ctx), plan_ctx)


def text_preview(ctx: TargetContext, findings: list[Finding], specs: SpecRegistry
                 ) -> list[Finding]:
    """``findings`` with each `text.length` hint saying what the plan's text steps do to
    fit the text (``transforms.fit_text.how_fitted``), and the findings those steps leave
    for ``ctx``'s target, at the text's line."""
    from .transforms.fit_text import how_fitted
    from .transforms.state import PlanContext
    from .transforms.text_pipeline import plan_text

    plan_ctx = PlanContext.of(ctx.item, ctx.target, specs, handles=ctx.handles,
                              facts=ctx.facts, subtitles=ctx.subtitles)
    state = plan_text(plan_ctx)
    hint = how_fitted(state)
    out = [f.model_copy(update={"hint": hint}) if f.rule == "text.length" and f.fixable
           and f.target == ctx.target else f for f in findings]
    return out + [
        ctx.finding(rule, message, severity=severity,  # type: ignore[arg-type]
                    key=ctx.text_key, target=ctx.target, tier=tier)
        for rule, severity, message, tier, _ in state.notes
    ]
