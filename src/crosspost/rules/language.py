"""The language of the text against the declared language and the policy's languages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

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

MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _factory() -> Any:
    # Profiles load on first use only: they cost ~0.3 s and most commands never need them.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # langdetect samples at random; a fixed seed makes results repeatable
    return factory


@lru_cache(maxsize=1024)
def detect_language(text: str) -> tuple[str, float] | None:
    """Best language and its probability, or None when the text is too short to tell.

    Cached: the detector is seeded, so a text always gets the same answer, and `plan`
    re-checks the same text once per target (detection costs tens of milliseconds).
    """
    from ..text import entities

    spans = sorted((e.start, e.end) for e in entities(text) if e.kind != "emoji")
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        last = max(last, end)
    parts.append(text[last:])
    plain = " ".join(parts)
    if sum(c.isalpha() for c in plain) < MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        detector = _factory().create()
        detector.append(plain)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None
    return str(best.lang).split("-")[0], float(best.prob)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def check_mismatch(ctx: ItemContext) -> Iterator[Finding]:
    declared = ctx.item.language
    if not declared:
        return
    result = detect_language(ctx.item.text)
    if result is None:
        return
    lang, prob = result
    if lang != _primary(declared) and prob >= MIN_PROBABILITY:
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
    found = list(ctx.tiers.each("language", "allowed"))
    if not found:
        return
    declared = ctx.item.language
    if declared is None:
        detected = detect_language(ctx.text)
        if detected is None or detected[1] < MIN_PROBABILITY:
            return
        declared = detected[0]
    for tier, value in found:
        allowed = sorted({_primary(tag) for tag in value.value})
        if _primary(declared) in allowed:
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
