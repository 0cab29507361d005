"""The `plan` verb: turn an item and a target into a typed, re-checked ``VariantPlan``.

Planning is pure and deterministic: the transforms below run in order, each returning a new
state and recording what it changed. The result is checked again with the same rules as the
source; a variant that still breaks a limit carries those findings and is not publishable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .checking import Probed, check_item, default_prober, probe_item
from .content.item import SourceItem
from .ignores import Ignores
from .report import Finding
from .specs.registry import SpecFile, SpecRegistry
from .transforms.state import PlanContext, PlanState, note_finding
from .transforms.text_pipeline import Transform, plan_text
from .variant.plan import VariantPlan

if TYPE_CHECKING:
    from .content.handles import HandleMap
    from .media.prober import Prober
    from .transforms.rewrite import Rewriter

def media_transforms() -> tuple[Transform, ...]:
    """Image and video planning steps (imported on use: they are not needed for text)."""
    from .transforms.registry import MEDIA_TRANSFORMS

    return MEDIA_TRANSFORMS


def plan_item(
    item: SourceItem,
    target: str,
    specs: SpecRegistry,
    *,
    handles: HandleMap | None = None,
    rewriter: Rewriter | None = None,
    prober: Prober | None = None,
    probed: Probed | None = None,
    ignore: Ignores | Iterable[str] = (),
) -> VariantPlan:
    """``plan`` with every setting given: the step the CLI, ``adapt`` and ``Project`` share.

    A target switched off by policy cannot be planned (a ``ConfigError``)."""
    prober = prober or default_prober()
    target = specs.normalise(target)
    if not specs.enabled(target):
        from .errors import ConfigError

        policy = specs.policy.name if specs.policy else ""
        raise ConfigError(f"target {target} is switched off by policy {policy!r} (its "
                          "`disabled` list): it is not planned", field="disabled")
    if probed is None:
        probed = probe_item(item, prober)
    ctx = PlanContext.of(item, target, specs, handles=handles, rewriter=rewriter,
                         facts=probed.facts, subtitles=probed.subtitles, prober=prober)
    state = plan_text(ctx)
    for transform in media_transforms():
        state = transform(state, ctx)
    findings = recheck(item, target, state, specs, prober, probed,
                       Ignores.for_run(ignore, specs.policy), handles)
    return _to_plan(item, target, state, findings, ctx, specs.files_for(target))


def recheck(
    item: SourceItem,
    target: str,
    state: PlanState,
    specs: SpecRegistry,
    prober: Prober,
    probed: Probed,
    ignore: Ignores | None = None,
    handles: HandleMap | None = None,
) -> list[Finding]:
    """Check the planned variant with the same rules as the source, once per thread part.

    The variant is what will be published: its predicted media facts, its own subtitle
    tracks and alt texts, without the media a step dropped (a carousel over the cap).
    """
    ignores = Ignores.for_run(ignore if ignore is not None else (), specs.policy)
    facts = dict(probed.facts)
    planned = {m.index: m for m in state.media}
    for media in state.media:
        source = facts.get(media.index)
        if source is not None and media.predicted:
            facts[media.index] = source.model_copy(update=media.predicted)
    from .transforms.captions.step import planned_subtitles  # the variant's own subtitle tracks

    subtitles = planned_subtitles(state, probed.subtitles)
    kept = [
        (i, a.model_copy(update={"alt": planned[i].alt}) if i in planned else a)
        for i, a in enumerate(item.media) if i not in state.dropped
    ]
    new_index = {old: new for new, (old, _) in enumerate(kept)}
    facts = {new_index[i]: f for i, f in facts.items() if i in new_index}
    subtitles = {new_index[i]: s for i, s in subtitles.items() if i in new_index}
    base = item.with_media(kept)
    parts = state.thread or (state.text,)
    seen: dict[tuple[str, str | None, str], Finding] = {}
    from .rules.registry import all_rules

    rules = all_rules()
    runs = [(base.model_copy(update={"text": part, "overrides": {}, "title": state.title}),
             [r for r in rules if r.meta.id not in OF_THE_AUTHOR]) for part in parts]
    runs.append((base, [r for r in rules if r.meta.id in OF_THE_AUTHOR]))
    for variant, chosen in runs:
        again = Probed(facts, subtitles, probed.findings)
        report = check_item(variant, [target], specs, prober, chosen, ignores, again,
                            handles=handles)
        for finding in report.findings:
            if _resolved_outside_text(finding, state) or finding.rule in STATED_BY_PLANNER:
                continue
            if finding.target is None:  # about the whole variant: of this target
                finding = finding.model_copy(update={"target": target})
            finding = _in_source(finding, item, {new: old for old, new in new_index.items()})
            seen.setdefault((finding.rule, finding.target, finding.message), finding)
    from .checking import unknown_names  # a typo in the post's ignore or overrides

    for finding in unknown_names(item, specs).findings:
        seen.setdefault((finding.rule, target, finding.message),
                        finding.model_copy(update={"target": target}))
    suppressed = ignores + Ignores.of(item.ignore)
    for note in state.notes:
        finding = note_finding(item, target, note)
        if not suppressed.suppresses(finding, item.source_path):
            seen.setdefault((finding.rule, target, finding.message), finding)
    return list(seen.values())


_MEDIA_FIELD = re.compile(r"^media\[(\d+)\]")


def _in_source(finding: Finding, item: SourceItem, old_of: dict[int, int]) -> Finding:
    """A finding about medium ``n`` of the variant points at that medium in the post: where a
    step dropped media, the variant's indexes are not the post's."""
    match = _MEDIA_FIELD.match(finding.field or "")
    if match is None or old_of.get(int(match[1]), int(match[1])) == int(match[1]):
        return finding
    old = old_of[int(match[1])]
    tail = (finding.field or "")[match.end():]
    rest = tuple(part for part in tail.split(".") if part)
    return finding.model_copy(update={"field": f"media[{old}]{tail}",
                                      "line": item.line_of(("media", old, *rest))})


#: Rules about the source that the planner states itself (as notes): re-checking the resized
#: variant would restate them with the variant's numbers (a 360x640 output "needs 3x").
STATED_BY_PLANNER = frozenset({"video.upscale"})

#: Rules about the author's words as written, which adapt does not change (it translates
#: nothing, and adds or removes no emoji): the re-check judges them on the post's own text, as
#: check did, not on each part. Words adapt adds (a Dutch AI label, a link phrase) or a
#: thread's short parts would tip the language detected either way, and would thin out the
#: emoji per word without one emoji fewer for a screen reader to read out, so the verdict would
#: depend on the organisation's wording.
OF_THE_AUTHOR = frozenset({"language.mismatch", "text.emoji_density"})

#: Findings a re-check cannot see fixed, because the fix is an API field the plan sets (in
#: ``fields``), and the history steps that fix them. A label added to the text does not count:
#: it does not switch on the platform's own AI label.
RESOLVED_BY: dict[str, tuple[str, ...]] = {"ai.disclosure": ("ai.field",)}


def _resolved_outside_text(finding: Finding, state: PlanState) -> bool:
    steps = RESOLVED_BY.get(finding.rule, ())
    return any(change.step in steps for change in state.history)


def _to_plan(
    item: SourceItem, target: str, state: PlanState, findings: list[Finding], ctx: PlanContext,
    spec_files: list[SpecFile],
) -> VariantPlan:
    from .rules.platform_text import short_form
    from .text import count
    from .text.short_links import as_counted

    limits = ctx.tiers.enforced_lengths("text")
    form = short_form(ctx.tiers)  # the app counts links in its short form, as check does
    parts = state.thread or (state.text,)
    measured = {m: max(count(as_counted(p, form), m) for p in parts) for m in limits}
    result = VariantPlan(
        item=item.id,
        target=target,
        text=state.text,
        thread=list(state.thread),
        title=state.title,
        first_comment=state.first_comment,
        media=list(state.media),
        sidecars=list(state.sidecars),
        links=list(state.links),
        fields=dict(state.fields),
        measured=measured,
        history=list(state.history),
        findings=findings,
        specs=spec_files,
    )
    result._source_files = {i: a.resolved for i, a in enumerate(item.media) if a.resolved}
    return result
