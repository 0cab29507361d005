"""The safe area of a target: the part of the frame no app button or caption of the platform
covers, read once for images and burned-in captions alike."""

from __future__ import annotations

from ..variant.geometry import Insets
from .state import PlanContext

SIDES = ("top", "right", "bottom", "left")


def safe_area(ctx: PlanContext, *, covered: bool) -> Insets:
    """The spec's (and policy's) ``safe_area`` through the resolver; where they set none and
    the frame is ``covered`` by the app (the caller says when), the policy's
    ``adapt.captions.safe_area``; otherwise no insets."""
    sides = {side: float(found) for side in SIDES
             if (found := ctx.tiers.aim("safe_area", side)) is not None}
    if not sides and covered:
        sides = {k: float(v) for k, v in ctx.settings.captions.safe_area.items() if k in SIDES}
    return Insets(**sides)
