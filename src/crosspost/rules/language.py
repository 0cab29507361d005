"""The language of the text against the declared language and the policy's languages."""

from __future__ import annotations

from collections.abc import Iterator

from ..report import Finding
from .base import Rule
from .context import ItemContext, TargetContext
from .meta import RuleMeta

MISMATCH = RuleMeta(
    id="language.mismatch",
    name="Text in another language than declared",
    summary="The text reads as another language than the item's `language`.",
    why="Platforms use the declared language for translation offers, screen reader voices and "
    "distribution; a Dutch post marked English is read out with English pronunciation.",
    failing=("language: en on a post written in Dutch",),
    passing=(
        "language: nl on a post written in Dutch",
        "language: en on Fijne dag! #gemeente (too short to tell)",
    ),
)
NOT_ALLOWED = RuleMeta(
    id="language.not_allowed",
    name="Language not allowed by policy",
    summary="The item's language is not one the organisation's policy allows.",
    why="Organisations publish in the languages they can support and answer in.",
    failing=(
        "language: en under a policy with languages: [nl]",
        "an English post without language: under a policy with languages: [nl]",
    ),
    passing=(
        "language: nl under a policy with languages: [nl]",
        "language: en on linkedin.post when the policy allows [nl, en] for linkedin",
    ),
)

MIN_PROBABILITY = 0.9


def _among(ctx: ItemContext) -> tuple[str, ...]:
    """Detection candidates: the declared language, every language the policy names, and the
    default list unless the policy gives its own `detect_languages`."""
    from ..text.language import DEFAULT_CANDIDATES, candidates

    policy = ctx.policy
    named = policy.written_languages() if policy is not None else []
    default = () if policy is not None and policy.detect_languages else DEFAULT_CANDIDATES
    return candidates([ctx.item.language or ""], named, default)


def _detect(ctx: ItemContext, text: str) -> tuple[str, float] | None:
    from ..text.language import detect_language

    return detect_language(text, _among(ctx))


def check_mismatch(ctx: ItemContext) -> Iterator[Finding]:
    from ..text.language import candidates, canonical

    declared = ctx.item.language
    if not declared or not candidates([declared]):
        return  # no profile for the declared language: detection cannot confirm or deny it
    result = _detect(ctx, ctx.item.text)
    if result is None:
        return
    lang, prob = result
    if lang != canonical(declared) and prob >= MIN_PROBABILITY:
        yield ctx.finding(
            MISMATCH.id,
            f"text reads as {lang!r} (probability {prob:.2f}) but language is {declared!r}",
            severity="warning",
            key=("language",),
            measured=lang,
            limit=declared,
        )


def check_allowed(ctx: TargetContext) -> Iterator[Finding]:
    """Per target: a policy's `languages` is `all.language.allowed`, and a platform's own
    `language.allowed` wins over it (Dutch everywhere, Dutch and English on LinkedIn)."""
    from ..text.language import primary

    found = list(ctx.tiers.each("language", "allowed"))
    if not found:
        return
    declared = ctx.item.language
    if declared is None:
        detected = _detect(ctx, ctx.text)
        if detected is None or detected[1] < MIN_PROBABILITY:
            return
        declared = detected[0]
    for tier, value in found:
        allowed = sorted({primary(tag) for tag in value.value})
        if primary(declared) in allowed:
            continue
        by = f"policy {ctx.policy.name!r}" if tier == "policy" and ctx.policy else ctx.target
        yield ctx.limit_finding(
            NOT_ALLOWED.id,
            tier,
            value,
            f"language {declared!r} is not allowed by {by} for this format "
            f"(allowed: {', '.join(allowed)})",
            key=ctx.first_written(("language",), ctx.text_key),
            measured=declared,
            limit=", ".join(allowed),
        )


RULES = (
    Rule(MISMATCH, "item", check_mismatch),
    Rule(NOT_ALLOWED, "target", check_allowed),
)
