"""Media planning steps, listed explicitly and in order; the copy fallback comes last."""

from __future__ import annotations

from collections.abc import Callable

from . import captions, images, media_passthrough, video
from .state import PlanContext, PlanState

MEDIA_TRANSFORMS: tuple[Callable[[PlanState, PlanContext], PlanState], ...] = (
    video.plan_video,
    captions.plan_captions,
    images.plan_images,
    media_passthrough.carry_media,
)
