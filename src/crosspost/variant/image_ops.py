"""The image operations a plan carries, typed: built by the planner, executed by the renderer.

Coordinates are pixels of the upright source (after EXIF orientation). In JSON (plans,
manifests) an image operation reads::

    {"op": "image", "source_size": [6000, 4000], "crop": [1750, 0, 4950, 4000],
     "pad": null, "fill": "blur", "resize": [1440, 1800], "format": "jpeg", "quality": 85,
     "quality_floor": 60, "max_bytes": 8000000, "frames": "first", "keep_metadata": [],
     "background": "#ffffff", "focus": [0.55, 0.45], "focus_from": "saliency",
     "safe_area": {"top": 0.0, "right": 0.0, "bottom": 0.0, "left": 0.0}}

``crop`` is the part of the source kept (always inside it); ``pad`` is a larger canvas around
the crop (its box reaches outside the image), filled with ``fill`` (``blur`` or ``#rrggbb``);
``resize`` is the output's pixel size. A source that cannot be decoded gets an
``{"op": "unusable", "reason": ...}`` operation instead: rendering it raises ``MediaError``
naming the file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..specs.adapt_settings import DEFAULTS
from .geometry import Box, Insets

__all__ = ["ImageOp", "UnusableOp"]

Frames = Literal["first", "all"]
#: What shows through transparency in a format without it (JPEG) when no brand colour is set.
WHITE = "#ffffff"


class _Op(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ImageOp(_Op):
    """Crop or pad, resize and encode one image."""

    op: Literal["image"] = "image"
    source_size: tuple[int, int] = Field(description="Upright source width and height.")
    crop: Box = Field(description="Kept part of the source: left, top, right, bottom.")
    pad: Box | None = Field(default=None, description="Canvas around the crop, reaching "
                            "outside the source; None: no padding.")
    fill: str = Field(default="blur", description="What fills the pad: blur or #rrggbb.")
    resize: tuple[int, int] = Field(description="Output width and height.")
    format: str = Field(description="jpeg, png, webp or gif.")
    quality: int = Field(default=DEFAULTS.image.quality, ge=1, le=100)
    quality_floor: int = Field(default=DEFAULTS.image.quality_floor, ge=1, le=100)
    max_bytes: int | None = None
    frames: Frames = "first"
    keep_metadata: tuple[str, ...] = ()
    background: str = Field(default=WHITE, description="Behind transparency in a JPEG.")
    focus: tuple[float, float] = (0.5, 0.5)
    focus_from: str = Field(default="centre", description="author, saliency or centre.")
    safe_area: Insets = Field(default_factory=Insets)

    @field_validator("focus")
    @classmethod
    def _round_focus(cls, value: tuple[float, float]) -> tuple[float, float]:
        return round(value[0], 4), round(value[1], 4)

    @property
    def canvas(self) -> Box:
        """The box the output shows, in source pixels (the pad box, else the crop)."""
        return self.pad if self.pad is not None else self.crop


class UnusableOp(_Op):
    """A source that could not be decoded when planned: rendering refuses with its error."""

    op: Literal["unusable"] = "unusable"
    reason: str
