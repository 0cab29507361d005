"""Media planning steps, listed explicitly and in order; the copy fallback comes last.

The image and video steps (and captions, which go with video) are imported when an item has
media of their kind: a video post does not load the image planner, nor a photo post the video
planner. Each step does nothing for an item without media of its kind, so skipping it there
changes no plan.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from . import media_mix, media_passthrough
from .state import PlanContext, PlanState

Step = Callable[[PlanState, PlanContext], PlanState]


def _for_kind(kind: str, module: str, name: str) -> Step:
    """The step ``module.name``, run (and imported) only for an item with ``kind`` media."""
    def step(state: PlanState, ctx: PlanContext) -> PlanState:
        if not any(asset.type == kind for asset in ctx.item.media):
            return state
        run: Step = getattr(importlib.import_module(module, __package__), name)
        return run(state, ctx)

    step.__name__ = step.__qualname__ = name
    return step


MEDIA_TRANSFORMS: tuple[Step, ...] = (
    media_mix.keep_combinable,
    _for_kind("video", ".video.step", "plan_video"),
    _for_kind("video", ".captions.step", "plan_captions"),
    _for_kind("image", ".image.step", "plan_images"),
    media_passthrough.carry_media,
)
