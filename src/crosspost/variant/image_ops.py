"""The image operation a plan carries, typed: built by the planner, executed by the renderer.

A ``MediaPlan`` stores operations as JSON-ready dicts (the plan is serialised into CI output and
hashed into each output's recipe); ``ImageOp`` is the typed view of the ``{"op": "image"}``
dict so that neither side passes untyped ``**params`` around. Coordinates are pixels of the
upright source (after EXIF orientation)::

    {"op": "image", "source_size": [6000, 4000], "crop": [1750, 0, 4950, 4000],
     "pad": null, "resize": [1440, 1800], "format": "jpeg", "quality": 85,
     "quality_floor": 60, "max_bytes": 8000000, "frames": "first", "keep_metadata": [],
     "background": "#ffffff", "focus": [0.55, 0.45], "focus_from": "saliency",
     "safe_area": [0.0, 0.0, 0.0, 0.0]}

``crop`` is the part of the source kept (always inside it); ``pad`` is ``{"box": [l, t, r, b],
"fill": "blur" | "#rrggbb"}`` when the output is a larger canvas around the crop (its box
reaches outside the image); ``resize`` is the output's pixel size. An op with ``unusable`` set
marks a source that cannot be decoded: rendering it raises ``MediaError`` naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..specs.adapt_settings import DEFAULTS
from .geometry import Box, Insets

Frames = Literal["first", "all"]


@dataclass(frozen=True)
class ImageOp:
    """Typed form of one ``{"op": "image"}`` operation."""

    source_size: tuple[int, int]
    crop: Box
    resize: tuple[int, int]
    format: str
    pad: Box | None = None
    fill: str = "blur"
    quality: int = DEFAULTS.image_quality
    quality_floor: int = DEFAULTS.quality_floor
    max_bytes: int | None = None
    frames: Frames = "first"
    keep_metadata: tuple[str, ...] = ()
    background: str = "#ffffff"
    focus: tuple[float, float] = (0.5, 0.5)
    focus_from: str = "centre"
    safe_area: Insets = field(default_factory=Insets)
    unusable: str | None = None

    @property
    def canvas(self) -> Box:
        """The box the output shows, in source pixels (the pad box, else the crop)."""
        return self.pad if self.pad is not None else self.crop

    def to_dict(self) -> dict[str, Any]:
        if self.unusable is not None:
            return {"op": "image", "unusable": self.unusable}
        s = self.safe_area
        return {
            "op": "image",
            "source_size": list(self.source_size),
            "crop": list(self.crop),
            "pad": None if self.pad is None else {"box": list(self.pad), "fill": self.fill},
            "resize": list(self.resize),
            "format": self.format,
            "quality": self.quality,
            "quality_floor": self.quality_floor,
            "max_bytes": self.max_bytes,
            "frames": self.frames,
            "keep_metadata": list(self.keep_metadata),
            "background": self.background,
            "focus": [round(self.focus[0], 4), round(self.focus[1], 4)],
            "focus_from": self.focus_from,
            "safe_area": [s.top, s.right, s.bottom, s.left],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageOp:
        if data.get("op") != "image":
            raise ValueError(f"not an image operation: {data.get('op')!r}")
        if data.get("unusable") is not None:
            return cls((1, 1), (0, 0, 1, 1), (1, 1), "jpeg", unusable=str(data["unusable"]))
        pad = data.get("pad")
        top, right, bottom, left = data.get("safe_area") or (0.0, 0.0, 0.0, 0.0)
        return cls(
            source_size=_pair(data["source_size"]),
            crop=_box(data["crop"]),
            resize=_pair(data["resize"]),
            format=str(data["format"]),
            pad=_box(pad["box"]) if pad else None,
            fill=str(pad["fill"]) if pad else "blur",
            quality=int(data.get("quality", DEFAULTS.image_quality)),
            quality_floor=int(data.get("quality_floor", DEFAULTS.quality_floor)),
            max_bytes=data.get("max_bytes"),
            frames="all" if data.get("frames") == "all" else "first",
            keep_metadata=tuple(data.get("keep_metadata") or ()),
            background=str(data.get("background", "#ffffff")),
            focus=(float(data["focus"][0]), float(data["focus"][1])) if data.get("focus")
            else (0.5, 0.5),
            focus_from=str(data.get("focus_from", "centre")),
            safe_area=Insets(float(top), float(right), float(bottom), float(left)),
        )


def _pair(value: Any) -> tuple[int, int]:
    return int(value[0]), int(value[1])


def _box(value: Any) -> Box:
    return int(value[0]), int(value[1]), int(value[2]), int(value[3])
