"""One step of a variant's plan: what changed and why.

Kept apart from ``variant.plan`` so that the text steps, which ``check`` runs for its preview,
do not import the media operation models a plan of media needs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Change(BaseModel):
    """One step of the plan: what changed and why, with numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    step: str = Field(description="Transform id, e.g. `text.fit`, `hashtags.cap`.")
    summary: str = Field(description="Plain sentence for people.")
    detail: dict[str, Any] = Field(default_factory=dict, description="Measured facts.")
