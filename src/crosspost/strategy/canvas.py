"""The social media canvas as data: why the organisation is on each platform, and its campaigns.

The advice crosspost is built on asks, per platform: why are we there, for whom, with which
content, how often, and how do we know it works. The canvas file holds those answers next to the
policy; posts name their campaign, category and planned publication time, and `check` holds
them against it. Structure is validated here; judging posts against it is `strategy.checks`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..errors import CanvasError
from ..factories import empty_list
from ..validation import validate_doc
from ..yamlsrc import Key, YamlDoc, load_yaml_file

Status = Literal["core", "experiment", "evaluating", "leaving", "left"]
Severity = Literal["error", "warning", "info"]
#: Results the evaluation can measure, per post; KPIs and result values name them.
Metric = Literal[
    "reach",
    "impressions",
    "engagements",
    "engagement_rate",
    "clicks",
    "click_rate",
    "video_views",
    "completion_rate",
    "followers_gained",
    "posts",
    "cost_per_engagement",
    "cost_per_click",
    "cost_per_1000_impressions",
]
#: Metrics where less is better; every other metric aims higher.
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {"cost_per_engagement", "cost_per_click", "cost_per_1000_impressions"}
)
#: Statuses under which a platform still takes new posts.
ACTIVE: frozenset[str] = frozenset({"core", "experiment", "evaluating"})


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Period(_Model):
    """A closed range of dates, both days included."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start} to {self.end}"


class Frequency(_Model):
    """How many posts a platform should get per week or month."""

    min: int | None = Field(default=None, ge=0, description="At least this many posts.")
    max: int | None = Field(default=None, ge=0, description="At most this many posts.")
    per: Literal["week", "month"] = Field(default="week", description="Counted per ISO week "
                                          "or calendar month of the planned publication time.")

    @model_validator(mode="after")
    def _bounds(self) -> Frequency:
        if self.min is None and self.max is None:
            raise ValueError("a frequency needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self

    def __str__(self) -> str:
        if self.min is not None and self.max is not None:
            span = f"{self.min} to {self.max}" if self.min != self.max else str(self.min)
        elif self.min is not None:
            span = f"at least {self.min}"
        else:
            span = f"at most {self.max}"
        return f"{span} per {self.per}"


class Kpi(_Model):
    """A key performance indicator with its target, judged by `crosspost evaluate`."""

    metric: Metric = Field(description="What is measured (see docs/evaluation.md).")
    target: float = Field(ge=0, description="The value to reach (or stay under, for costs).")
    per: Literal["post", "period"] = Field(
        default="post",
        description="`post`: the mean per published post; `period`: the total over the "
        "evaluated period. Rates and costs are always over the period's totals.",
    )

    @property
    def higher_is_better(self) -> bool:
        return self.metric not in LOWER_IS_BETTER


class PlatformPlan(_Model):
    """The canvas of one platform: its role, audience, content and how success is measured."""

    status: Status = Field(
        default="core",
        description="core; experiment; evaluating (under evaluation); leaving (on "
        "`leaving_on`, no new posts after it); left (no new posts).",
    )
    role: str | None = Field(default=None, description="Why the organisation is here.")
    leaving_on: dt.date | None = Field(
        default=None, description="Last day posts go out, for status `leaving`."
    )
    goals: list[str] = Field(default_factory=empty_list, description="What the platform is for.")
    audiences: list[str] = Field(default_factory=empty_list, description="Who is reached here.")
    categories: list[str] = Field(
        default_factory=empty_list,
        description="Content pillars carried here (keys of the canvas `categories`); empty: all.",
    )
    formats: list[str] = Field(
        default_factory=empty_list,
        description="Formats used (`instagram.reel`); empty: every format of the platform.",
    )
    tone: str | None = Field(default=None, description="Tone of voice.")
    frequency: Frequency | None = Field(default=None, description="Planned posting frequency.")
    kpis: list[Kpi] = Field(default_factory=empty_list, description="Targets `evaluate` checks.")

    @model_validator(mode="after")
    def _leaving(self) -> PlatformPlan:
        if self.status == "leaving" and self.leaving_on is None:
            raise ValueError("status `leaving` needs `leaving_on`: the last day posts go out")
        if self.leaving_on is not None and self.status not in {"leaving", "left"}:
            raise ValueError(f"`leaving_on` is set but the status is {self.status!r}; "
                             "use status `leaving`")
        return self

    def takes_posts_on(self, day: dt.date | None) -> bool:
        """Whether a post planned on ``day`` (unknown: today) may still go out here."""
        if self.status == "left":
            return False
        if self.status == "leaving":
            assert self.leaving_on is not None
            return (day or dt.date.today()) <= self.leaving_on
        return True


class Campaign(_Model):
    """A campaign: a period, a few core messages, a flagship project, on chosen platforms."""

    name: str | None = Field(default=None, description="Shown name; defaults to the key.")
    period: Period = Field(description="When the campaign runs: `{start: ..., end: ...}`.")
    core_messages: dict[str, str] = Field(
        default_factory=dict,
        description="The few messages to carry, by key; posts name a key in `core_message`.",
    )
    flagship: str | None = Field(default=None, description="The flagship project.")
    goals: list[str] = Field(default_factory=empty_list)
    audiences: list[str] = Field(default_factory=empty_list)
    platforms: list[str] = Field(
        default_factory=empty_list,
        description="Platforms or formats the campaign uses; empty: every platform of the canvas.",
    )

    def uses(self, target: str) -> bool:
        if not self.platforms:
            return True
        platform = target.split(".", 1)[0]
        return target in self.platforms or platform in self.platforms

    def message_key(self, text: str | None) -> str | None:
        """The key of the core message a post names (by key or by its exact text)."""
        if text is None:
            return None
        if text in self.core_messages:
            return text
        for key, message in self.core_messages.items():
            if message.strip() == text.strip():
                return key
        return None


class Canvas(_Model):
    """The organisation's social media canvas: platforms, content categories, campaigns."""

    organisation: str = Field(description="Whose canvas this is.")
    severity: Severity = Field(
        default="warning", description="Severity of findings against the canvas."
    )
    currency: str = Field(default="EUR", description="Currency of costs and result values.")
    categories: dict[str, str] = Field(
        default_factory=dict, description="Content pillars by key, with a description."
    )
    platforms: dict[str, PlatformPlan] = Field(
        default_factory=dict, description="The canvas of each platform the organisation uses."
    )
    campaigns: dict[str, Campaign] = Field(default_factory=dict, description="Campaigns by key.")
    result_values: dict[Metric, float] = Field(
        default_factory=dict,
        description="What one result is worth to the organisation (`clicks: 0.40`), for return "
        "on cost in `evaluate`; leave empty to report costs per result only.",
    )
    _doc: YamlDoc | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _known_categories(self) -> Canvas:
        for name, plan in self.platforms.items():
            unknown = [c for c in plan.categories if c not in self.categories]
            if unknown:
                raise ValueError(
                    f"platform {name!r} carries categories the canvas does not define: "
                    f"{', '.join(unknown)}; add them under `categories:`"
                )
        return self

    @property
    def path(self) -> str:
        return self._doc.path if self._doc else "<canvas>"

    def line_of(self, key: Key) -> int | None:
        return self._doc.line_of(key) if self._doc else None

    def plan_for(self, target: str) -> PlatformPlan | None:
        return self.platforms.get(target.split(".", 1)[0])


def load_canvas(path: str | Path) -> Canvas:
    """Read and validate a canvas file; every problem is a ``CanvasError`` with file and line."""
    doc = load_yaml_file(Path(path), error=CanvasError)
    canvas = validate_doc(Canvas, doc, CanvasError, "canvas")
    canvas._doc = doc
    return canvas
