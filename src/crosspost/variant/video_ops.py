"""The operations of a video plan, typed: what the renderer will do, decided before encoding.

A ``MediaPlan`` holds them typed (``variant.ops.MediaOp``, tagged by ``op`` in JSON):
planning builds them, the renderer executes them, and a plan read back from JSON is validated
into them, so a hand-edited or stale plan fails with a clear message instead of a bad encode.

    {"op": "video", ...}           reframe, trim, frame rate, encoder settings (always first)
    {"op": "burn_captions", ...}   captions drawn into the picture (optional, after "video")
    {"op": "cover", ...}           a still for the platform's cover (its own MediaPlan)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..factories import empty_list
from .crop_path import CropPath

__all__ = ["BurnOp", "CaptionEdit", "CoverOp", "CropSpec", "Encoder", "Frame", "VideoOp",
           "parse_ops"]


class _Op(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class CropSpec(_Op):
    """A box in displayed source pixels."""

    x: int = Field(ge=0)
    y: int = Field(ge=0)
    w: int = Field(ge=1)
    h: int = Field(ge=1)


class Frame(_Op):
    """How the picture is fitted into the output frame."""

    source_width: int = Field(ge=1, description="Displayed source width (after rotation).")
    source_height: int = Field(ge=1)
    fit: Literal["scale", "crop", "pad"]
    crop: CropSpec | None = Field(default=None, description="Kept part, for fit=crop (where "
                                  "a path moves, the window at the start).")
    path: CropPath | None = Field(default=None, description="For fit=crop: the window per "
                                  "shot (still or panning), found from the subject or the "
                                  "author's focus points; None: the crop stands still.")
    width: int = Field(ge=2, description="Output width (even).")
    height: int = Field(ge=2, description="Output height (even).")


class Encoder(_Op):
    """H.264 + AAC in MP4; rates in bits per second."""

    preset: str
    crf: float = Field(ge=0, le=51)
    maxrate: int = Field(ge=1)
    bufsize: int = Field(ge=1)
    audio_bitrate: int = Field(ge=1)
    audio_channels: int = Field(ge=0, le=2, description="0: the output has no audio.")
    audio_sample_rate: int | None = None


class VideoOp(_Op):
    """Reframe, trim, set the frame rate and encode; always the first operation."""

    op: Literal["video"] = "video"
    frame: Frame
    start: float = Field(ge=0, description="Trim start, source seconds.")
    end: float = Field(gt=0, description="Trim end, source seconds.")
    fps: float | None = Field(default=None, description="Output frame rate; None keeps it.")
    encoder: Encoder
    timeout: float = Field(gt=0, description="Seconds before ffmpeg is killed.")
    remux: bool = Field(default=False, description="The source already fits: streams are "
                       "copied into a clean MP4, not re-encoded (no generation loss).")

    @property
    def duration(self) -> float:
        return self.end - self.start


class CaptionEdit(_Op):
    """One edit of a subtitle track: retime to a window, re-wrap lines, convert the format."""

    op: Literal["retime", "rewrap", "convert"]
    start: float | None = None
    end: float | None = None
    max_chars_per_line: int | None = None
    max_lines: int | None = None
    to: Literal["srt", "vtt"] | None = None


class BurnOp(_Op):
    """Captions drawn into the picture with the bundled font, inside the safe area."""

    op: Literal["burn_captions"] = "burn_captions"
    captions: str = Field(description="Subtitle file as written in the post.")
    edits: list[CaptionEdit] = Field(default_factory=empty_list)
    font_size: int = Field(ge=4, description="Pixels; relative to the output frame height.")
    outline: int = Field(ge=0, description="Outline width in pixels (0 with a box).")
    box: bool = Field(description="An opaque box behind the text instead of an outline.")
    margin_left: int = Field(ge=0)
    margin_right: int = Field(ge=0)
    margin_bottom: int = Field(ge=0)
    margin_top: int = Field(default=0, ge=0, description="Used when position is top.")
    position: Literal["bottom", "top"] = Field(
        default="bottom", description="top: the subject fills the lower part of the frame.")


class CoverOp(_Op):
    """A still frame in the variant's framing: at a time, or the best one found near it."""

    op: Literal["cover"] = "cover"
    frame: Frame
    start: float = Field(ge=0)
    end: float = Field(gt=0)
    at: float | None = Field(default=None, description="Source seconds; None: choose.")
    timeout: float = Field(gt=0)


def parse_ops(operations: Sequence[object]) -> tuple[VideoOp, BurnOp | None]:
    """The video operation and the optional burn-in of a plan's operation list."""
    from ..errors import OutputError

    if not operations or not isinstance(operations[0], VideoOp):
        raise OutputError("a video plan must start with a 'video' operation")
    burns = [o for o in operations[1:] if isinstance(o, BurnOp)]
    return operations[0], (burns[0] if burns else None)
