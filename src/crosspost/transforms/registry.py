"""Media planning steps, listed explicitly and in order; the copy fallback comes last."""

from __future__ import annotations

from collections.abc import Callable

from . import media_passthrough
from .state import PlanContext, PlanState

MEDIA_TRANSFORMS: tuple[Callable[[PlanState, PlanContext], PlanState], ...] = (
    media_passthrough.carry_media,
)
