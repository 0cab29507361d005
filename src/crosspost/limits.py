"""The bounds on work one input may cause, as settings: ``[limits]`` in ``crosspost.toml``.

A content repository is hostile in CI (docs/security.md), and the configuration is one of its
files: so every setting here has a ceiling (``le=``) that a configuration cannot pass. A
repository may tighten a bound or loosen it up to its ceiling; the defaults suit ordinary
posts. One ``Limits`` makes the prober's image and caption limits (``ImageLimits.of``,
``SubtitleLimits.of``; ``checking.default_prober``), so ``check``, ``plan`` and ``adapt``
refuse the same inputs. Numbers only here: this sits below the media layer.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CAPTION_CEILINGS", "DEFAULT_LIMITS", "PILLOW_TEXT_CHUNK", "PILLOW_TEXT_MEMORY",
           "Limits"]

_MIB = 2**20
#: Pillow's defaults for PNG text chunks (``PngImagePlugin.MAX_TEXT_CHUNK``/``MAX_TEXT_MEMORY``):
#: crosspost's own limits stay at or below them, so Pillow never fails on a file it passed.
PILLOW_TEXT_CHUNK = _MIB
PILLOW_TEXT_MEMORY = 64 * _MIB
#: The most a configuration may allow for caption files; the renderer re-reads a track the
#: plan already judged under the configured limits with these.
CAPTION_CEILINGS = {"caption_bytes": 64 * _MIB, "caption_cues": 50_000, "caption_overlap": 32,
                    "caption_line_chars": 2_000}


class Limits(BaseModel):
    """Bounds on the work one post may cause; each refusal is a finding naming the setting."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    image_pixels: int = Field(
        default=120_000_000, ge=1, le=400_000_000,
        description="Pixels an image may have (width x height, decompression bombs).")
    image_decoded_bytes: int = Field(
        default=256 * _MIB, ge=_MIB, le=2048 * _MIB,
        description="Bytes one decoded copy of an image may take (four a pixel); JPEGs are "
        "decoded at 1/2, 1/4 or 1/8 of their size to fit, other formats over it are refused. "
        "An animation kept animated must fit it with all its output frames (four bytes a "
        "pixel each) beside three frames at the source's size that reading it holds: it is "
        "made smaller to fit, or its first frame is used. A progressive "
        "JPEG must fit it with all its DCT coefficients (six bytes a pixel at 4:4:4), which "
        "libjpeg holds at any decode size. adapt's peak memory for one image is about twice "
        "this (docs/security.md).")
    animation_frames: int = Field(
        default=1000, ge=1, le=10_000,
        description="Frames an animated image may have to stay animated; one with more is "
        "adapted as its first frame.")
    png_text_chunk_bytes: int = Field(
        default=PILLOW_TEXT_CHUNK, ge=0, le=PILLOW_TEXT_CHUNK,
        description="Bytes one PNG text or colour-profile chunk (tEXt, zTXt, iTXt, iCCP) may "
        "hold once inflated; at most Pillow's own limit.")
    png_text_bytes: int = Field(
        default=8 * _MIB, ge=0, le=PILLOW_TEXT_MEMORY,
        description="Bytes all text and profile chunks of one PNG may hold once inflated.")
    caption_bytes: int = Field(
        default=10 * _MIB, ge=1024, le=CAPTION_CEILINGS["caption_bytes"],
        description="Size of a subtitle file.")
    caption_cues: int = Field(
        default=10_000, ge=1, le=CAPTION_CEILINGS["caption_cues"],
        description="Cues in a subtitle file.")
    caption_overlap: int = Field(
        default=8, ge=1, le=CAPTION_CEILINGS["caption_overlap"],
        description="Cues of a subtitle file on screen at the same time.")
    caption_line_chars: int = Field(
        default=300, ge=10, le=CAPTION_CEILINGS["caption_line_chars"],
        description="Characters in one line of a cue.")


DEFAULT_LIMITS = Limits.model_construct()
"""``Limits()``, made without validating: the media modules read their defaults from it at
import and a configuration without ``[limits]`` takes it, so the model's validator is built
only for a configuration that sets limits. A test holds it equal to the validated ``Limits()``."""
