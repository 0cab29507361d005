"""Media planning steps, listed explicitly and in order; the copy fallback comes last."""

from __future__ import annotations

from collections.abc import Callable

from . import media_mix, media_passthrough
from .captions import step as captions
from .image import step as images
from .state import PlanContext, PlanState
from .video import step as video

MEDIA_TRANSFORMS: tuple[Callable[[PlanState, PlanContext], PlanState], ...] = (
    media_mix.keep_combinable,
    video.plan_video,
    captions.plan_captions,
    images.plan_images,
    media_passthrough.carry_media,
)
