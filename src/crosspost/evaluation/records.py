"""The two small files a team keeps for evaluation: what was published where, and costs.

`published.yaml` ties each published post back to its post file and target (written by hand
after publishing, or by a scheduler), so results match exactly. `costs.yaml` holds what each
platform costs per period: advertising, hours times a rate, tools.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import CanvasError
from ..factories import empty_list
from ..strategy.canvas import Period
from ..validation import validate_doc
from ..yamlsrc import load_yaml_file


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Publication(_Model):
    """One variant as published."""

    item: str = Field(description="Id of the post.")
    target: str = Field(description="`platform.format` it was published as.")
    url: str | None = Field(default=None, description="The post's address on the platform.")
    id: str | None = Field(default=None, description="The platform's id of the post.")
    at: dt.datetime | None = Field(default=None, description="When it went out.")


class PublishedFile(_Model):
    published: list[Publication] = Field(default_factory=empty_list)


class Cost(_Model):
    """What one platform cost over one period."""

    platform: str
    period: Period
    advertising: float = Field(default=0, ge=0, description="Paid promotion.")
    hours: float = Field(default=0, ge=0, description="Hours spent (making, answering).")
    rate: float = Field(default=0, ge=0, description="Cost of one hour.")
    tools: float = Field(default=0, ge=0, description="Tools and licences.")
    note: str | None = None

    @property
    def total(self) -> float:
        return self.advertising + self.hours * self.rate + self.tools

    def share_in(self, period: Period) -> float:
        """The part of this cost that falls in ``period``, pro rata by days."""
        start = max(self.period.start, period.start)
        end = min(self.period.end, period.end)
        if end < start:
            return 0.0
        days = (self.period.end - self.period.start).days + 1
        return self.total * ((end - start).days + 1) / days


class CostsFile(_Model):
    currency: str = Field(default="EUR")
    costs: list[Cost] = Field(default_factory=empty_list)


def load_published(path: str | Path) -> PublishedFile:
    doc = load_yaml_file(Path(path), error=CanvasError)
    return validate_doc(PublishedFile, doc, CanvasError, "published-links file")


def load_costs(path: str | Path) -> CostsFile:
    doc = load_yaml_file(Path(path), error=CanvasError)
    return validate_doc(CostsFile, doc, CanvasError, "costs file")
