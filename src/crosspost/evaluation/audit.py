"""What works: engagement rate compared across the features of the posts themselves.

For each feature (format, photo or video, captions, length, hashtags, weekday, hour) and each of
its values: how many posts, their engagement rate, and Cohen's d against all other posts. These
are descriptions of the past, not causes: a format that did well may simply have carried the
better news. Groups smaller than ``SMALL_SAMPLE`` are flagged; their differences are noise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .metrics import PostResult

SMALL_SAMPLE = 5
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _length(post: PostResult) -> str:
    return "short (under 100)" if post.length < 100 else (
        "medium (100-279)" if post.length < 280 else "long (280 and more)")


def _hashtags(post: PostResult) -> str:
    return "none" if post.hashtags == 0 else ("1-2" if post.hashtags <= 2 else "3 or more")


def _hour(post: PostResult) -> str:
    hour = post.published.hour
    return ("night (0-6)" if hour < 7 else "morning (7-11)" if hour < 12
            else "afternoon (12-17)" if hour < 18 else "evening (18-23)")


FEATURES: dict[str, Callable[[PostResult], str]] = {
    "format": lambda p: p.target,
    "media": lambda p: p.media,
    "captions": lambda p: "with captions" if p.captions else "without captions",
    "length": _length,
    "hashtags": _hashtags,
    "weekday": lambda p: _WEEKDAYS[p.published.weekday()],
    "hour": _hour,
}


@dataclass(frozen=True)
class Comparison:
    """One value of one feature against all other posts."""

    feature: str
    value: str
    posts: int
    engagement_rate: float
    others: int
    others_rate: float | None
    effect: float | None
    small_sample: bool


def audit(posts: Sequence[PostResult]) -> list[Comparison]:
    """Comparisons for every feature value that has posts, largest effects first per feature."""
    rated = [(p, r) for p in posts if (r := p.engagement_rate) is not None]
    found: list[Comparison] = []
    for feature, key in FEATURES.items():
        if feature == "captions" and not any(p.media == "video" for p, _ in rated):
            continue
        pool = [(p, r) for p, r in rated if feature != "captions" or p.media == "video"]
        values = sorted({key(p) for p, _ in pool})
        if len(values) < 2:
            continue
        rows = []
        for value in values:
            mine = [r for p, r in pool if key(p) == value]
            rest = [r for p, r in pool if key(p) != value]
            rows.append(Comparison(
                feature=feature, value=value, posts=len(mine), engagement_rate=_mean(mine),
                others=len(rest), others_rate=_mean(rest) if rest else None,
                effect=cohens_d(mine, rest),
                small_sample=len(mine) < SMALL_SAMPLE or len(rest) < SMALL_SAMPLE,
            ))
        found.extend(sorted(rows, key=lambda c: -(c.effect or 0.0)))
    return found


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def cohens_d(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Difference of means in pooled standard deviations; None when it is undefined."""
    if len(a) < 2 or len(b) < 2:
        return None
    mean_a, mean_b = _mean(a), _mean(b)
    var_a = sum((x - mean_a) ** 2 for x in a) / (len(a) - 1)
    var_b = sum((x - mean_b) ** 2 for x in b) / (len(b) - 1)
    pooled = math.sqrt(((len(a) - 1) * var_a + (len(b) - 1) * var_b) / (len(a) + len(b) - 2))
    return (mean_a - mean_b) / pooled if pooled > 0 else None
