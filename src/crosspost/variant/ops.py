"""The operation union of a plan: every media operation is one typed value with an `op` tag.

A ``MediaPlan`` holds a list of these; pydantic picks the model from the ``op`` field when a
plan is read back from JSON, so a hand-edited or stale plan fails with a clear message instead
of a bad encode, and renderers dispatch on the operation's type, not on a string. A new kind of
operation is one model with an ``op`` literal, one entry here and one renderer.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .image_ops import ImageOp, UnusableOp
from .video_ops import BurnOp, CaptionEdit, CoverOp, VideoOp

__all__ = ["BurnOp", "CaptionEdit", "CoverOp", "ImageOp", "MediaOp", "UnusableOp", "VideoOp"]

MediaOp = Annotated[ImageOp | VideoOp | BurnOp | CoverOp | UnusableOp, Field(discriminator="op")]
"""One operation on a medium; the first of a plan's list names how it is rendered."""
