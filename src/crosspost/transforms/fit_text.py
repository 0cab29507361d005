"""Fit the text to every length limit that applies: a thread where allowed, else a cut."""

from __future__ import annotations

import re

from ..rules.text_length import TEXT_CUT
from ..variant.change import Change
from .state import PlanContext, PlanState

#: Steps before fitting that change the text ``check`` measures, in words for the fit's
#: summary. Mentions written as handles and links in the app's short form are measured by
#: ``check`` too (``rules.platform_text``), so they are not named.
CHANGED_BY: dict[str, str] = {
    "links.replace": "links replaced",
    "text.rewrite": "rewritten",
    "hashtags.cap": "hashtags dropped",
    "hashtags.end": "hashtags moved",
    "hashtags.first_comment": "hashtags moved to the first comment",
    "ai.label": "AI disclosure added",
    "text.markers": "thread markers taken out",
}
#: Steps before fitting that make a text shorter, as what adapt does to fit it.
SHORTENED_BY: dict[str, str] = {
    "hashtags.cap": "dropping hashtags",
    "hashtags.first_comment": "moving hashtags to the first comment",
    "links.replace": "replacing links",
    "text.rewrite": "rewriting it",
    "text.markers": "taking out the thread markers",
}
# The manual split marker of `crosspost.text.split_thread`: a line with only `---`.
_MARKER = re.compile(r"^[ \t]*---[ \t]*\r?$", re.MULTILINE)
_MARKER_LINES = re.compile(r"\n?^[ \t]*---[ \t]*\r?$\n?", re.MULTILINE)




def fit_or_thread(state: PlanState, ctx: PlanContext) -> PlanState:
    """Leave fitting text alone; split into a thread where allowed; otherwise shorten.

    A manual split marker (a line with only `---`) wins where threads are possible, even when
    the text would fit in one post; elsewhere the marker lines are taken out of the text.
    """
    from ..text.counting import count  # fitting and threads are loaded only when needed

    threads_ok = bool(ctx.tiers.flag("text", "threads")) and ctx.settings.text.threads
    marked = _MARKER.search(state.text) is not None
    if marked and not threads_ok:
        state = state.evolve(
            Change(step="text.markers", summary="took out the thread markers: "
                   f"{ctx.target} has no threads"),
            text=re.sub(r"\n{3,}", "\n\n", _MARKER_LINES.sub("\n\n", state.text)).strip(),
        )
        marked = False
    limits = ctx.tiers.enforced_lengths("text")
    full = _with_suffix(state.text, state.suffix)
    if not limits:
        return state.evolve(text=full, suffix=None)
    measured = {m: count(full, m) for m in limits}
    if not marked and all(measured[m] <= limits[m] for m in limits):
        return state.evolve(text=full, suffix=None)
    over = _over(measured, limits) + _changed(state)
    max_parts = ctx.tiers.aim("text", "max_thread_parts") or ctx.settings.text.thread_max_parts
    # Every part holds at most the limit, so this many parts at least: a text that needs
    # more than may be posted is shortened without splitting it first (the split would be
    # thrown away, and on a megabyte text it is the costly part).
    needed = max(-(-measured[m] // max(1, limits[m])) for m in limits)
    if threads_ok and needed > max_parts:
        state = state.note(
            "text.length", "warning",
            f"the text needs at least {needed} thread parts; the most this format takes is "
            f"{max_parts} (its max_thread_parts, or the policy's adapt.text.thread_max_parts): "
            "shortened instead")
        threads_ok = False
    if threads_ok:
        from ..text.thread import thread_split

        try:
            split = thread_split(full, limits,
                                 numbering=ctx.settings.text.thread_numbering)
        except ValueError:
            # An entity (a long URL or hashtag) longer than a whole part cannot be threaded;
            # fitting drops it whole instead of crashing the plan.
            split = None
        parts = split.parts if split is not None else []
        if split is not None and parts and (max_parts is None or len(parts) <= max_parts):
            why = "" if set(split.cuts) == {"marker"} else f" ({over})"
            return state.evolve(
                Change(
                    step="text.thread",
                    summary=f"split the text into a thread of {len(parts)} parts "
                    f"{split.where}{why}",
                    detail={"parts": len(parts), "measured": measured, "limits": limits,
                            "cuts": list(split.cuts)},
                ),
                text=parts[0],
                thread=tuple(parts),
                suffix=None,
            )
    room = dict(limits)
    if state.suffix:
        tail = f"\n\n{state.suffix}"
        room = {m: max(0, limit - count(tail, m)) for m, limit in limits.items()}
    from ..text.fit import fit

    result = fit(state.text, room, ellipsis=ctx.settings.text.ellipsis)
    removed = state.text[len(state.text) - result.removed_chars:] if result.removed_chars else ""
    summary = (f"shortened the text at a {result.cut_at} boundary, removing "
               f"{result.removed_chars} characters ({over})")
    state = state.evolve(
        Change(
            step="text.fit",
            summary=summary,
            detail={"cut_at": result.cut_at, "removed_chars": result.removed_chars,
                    "removed": removed, "measured": measured, "limits": limits},
        ),
        text=_with_suffix(result.text, state.suffix),
        suffix=None,
    )
    # What the reader loses is a finding, in check (the preview) as in the plan.
    return state.note(TEXT_CUT.id, "warning", f"{summary}; the manifest keeps the removed text",
                      tier="recommended")


def how_fitted(state: PlanState) -> str:
    """What adapt does to a text over its length, read from the planned steps: the hint of
    check's `text.length` (the preview runs the same steps), so it never says "shortens"
    where adapt drops hashtags or splits a thread."""
    steps = {c.step: c for c in state.history}
    if "text.thread" in steps:
        return f"adapt splits it into a thread of {steps['text.thread'].detail['parts']} parts"
    if "text.fit" in steps:
        removed = steps["text.fit"].detail["removed_chars"]
        return f"adapt shortens it, removing {removed} characters from the end"
    done = [SHORTENED_BY[c.step] for c in state.history if c.step in SHORTENED_BY]
    if done:
        return "adapt fits it by " + " and ".join(dict.fromkeys(done))
    return "adapt fits it"


def _changed(state: PlanState) -> str:
    """`; measured after: AI disclosure added` where steps before fitting changed the text."""
    done = [CHANGED_BY[c.step] for c in state.history if c.step in CHANGED_BY]
    return f"; measured after: {', '.join(dict.fromkeys(done))}" if done else ""


def _with_suffix(text: str, suffix: str | None) -> str:
    if not suffix:
        return text
    return f"{text.rstrip()}\n\n{suffix}" if text.strip() else suffix


def fit_title(state: PlanState, ctx: PlanContext) -> PlanState:
    if state.title is None:
        return state
    limits = ctx.tiers.enforced_lengths("title")
    if not limits:
        return state
    from ..text.fit import fit

    result = fit(state.title, limits, ellipsis=ctx.settings.text.ellipsis)
    if not result.changed:
        return state
    return state.evolve(
        Change(step="title.fit", summary=f"shortened the title by {result.removed_chars} "
               "characters", detail={"cut_at": result.cut_at}),
        title=result.text,
    )


def _over(measured: dict[str, int], limits: dict[str, int]) -> str:
    return ", ".join(f"{measured[m]} > {limits[m]} {m}" for m in limits if measured[m] > limits[m])
