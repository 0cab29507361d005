"""How adapt behaves, set in the policy's `adapt:` block.

Every default of adapting is written here once; code that needs one where no policy is at hand
(a function's default argument, a decode size) reads it from ``DEFAULTS``. The defaults are
neutral: organisation-specific wording (a Dutch AI label, a link phrase) belongs in the
organisation's policy, as ``examples/policy.yaml`` shows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HashtagPlacement = Literal["keep", "end", "first_comment", "auto"]


class AdaptSettings(BaseModel):
    """Choices an organisation makes about adapting; every one has a sensible default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    link_phrase: dict[str, str] = Field(
        default_factory=lambda: {"*": "(link in bio)"},
        description="Replaces a URL where links are not clickable, per language; `*` for any.",
    )
    ellipsis: str = Field(default="…", description="Marks text cut at a word boundary.")
    threads: bool = Field(
        default=True, description="Split long text into a thread where the format allows it."
    )
    thread_numbering: bool = Field(default=True, description="Add `1/3` to thread parts.")
    thread_max_parts: int = Field(
        default=100, ge=1, le=1000,
        description="Most parts a thread may have where the format sets no maximum. A text "
        "that needs more (at least its length over the part limit) is not split but "
        "shortened, with a warning; bounds the work of splitting megabyte texts.",
    )
    hashtags: HashtagPlacement = Field(
        default="auto",
        description="keep; end: move all to the end; first_comment: move trailing hashtags to a "
        "first comment; auto: first comment where the platform has that habit.",
    )
    camelcase: dict[str, str] = Field(
        default_factory=dict,
        description="Preferred spelling of hashtags for screen readers, e.g. "
        "{energietransitie: EnergieTransitie}.",
    )
    ai_label: dict[str, str] = Field(
        default_factory=lambda: {"*": "Made with AI."},
        description="Disclosure added to the text where the platform has no AI field, per "
        "language; `*` for any.",
    )
    token_budget: int = Field(
        default=2000, ge=1, description="Tokens an LLM rewrite may use (prompt and answer)."
    )
    encoding: str = Field(default="cl100k_base", description="tiktoken encoding for budgets.")
    # Video and captions (issue 6); the preset default comes from docs/performance.md.
    video_preset: Literal[
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower"
    ] = Field(default="veryfast", description="x264 preset: encode time against file size.")
    video_crf: float = Field(
        default=23, ge=0, le=51, description="x264 constant quality (lower: better, bigger)."
    )
    video_size_margin: float = Field(
        default=0.05, ge=0, lt=0.5, description="Share of a byte limit kept free as a margin."
    )
    video_audio_bitrate: int = Field(
        default=128_000, ge=32_000, le=320_000, description="AAC bit rate, bits per second."
    )
    video_max_upscale: float = Field(
        default=2.0, ge=1, le=8,
        description="How far a video may be enlarged towards the platform's preferred width.",
    )
    video_crop_min_share: float = Field(
        default=0.5, gt=0, le=1,
        description="Without a scene analysis (a prober that cannot decode pixels), reframe "
        "auto crops when it keeps this share of the picture or a focus is given; otherwise it "
        "pads on a blurred copy. With one, it crops wherever a window keeps the subject.",
    )
    video_pan_speed: float = Field(
        default=1.0, gt=0, le=10,
        description="Fastest pan of a reframed video, in window widths per second.",
    )
    video_pan_accel: float = Field(
        default=2.0, gt=0, le=50,
        description="Fastest change of pan speed, in window widths per second squared.",
    )
    video_timeout: float = Field(
        default=120, gt=0, description="Seconds an ffmpeg run may take, plus the per-second part."
    )
    video_timeout_per_second: float = Field(
        default=20, gt=0, description="Extra seconds of ffmpeg time per second of output video."
    )
    video_cover: Literal["auto", "none"] | float = Field(
        default="auto",
        description="Cover frame: auto (a sharp, non-black frame), none, or a time in seconds.",
    )
    video_cover_kinds: list[str] = Field(
        default_factory=list,
        description="Format kinds that get a cover image besides the formats whose spec says "
        "they take one (`display.cover`), e.g. [story].",
    )
    captions_burn_in: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="auto: burn captions in where no subtitle file is accepted, where the "
        "spec says captions show only burned in (`display.captions_burned_in`) and on the "
        "formats in captions_burn_kinds; always; never.",
    )
    captions_burn_kinds: list[str] = Field(
        default_factory=list,
        description="Format kinds that get burned-in captions besides those the spec names, "
        "e.g. [short] to burn captions into YouTube Shorts as well as sending the file.",
    )
    captions_size: float = Field(
        default=0.045, gt=0, le=0.2, description="Caption text height as a share of the frame."
    )
    captions_min_chars: int = Field(
        default=20, ge=8, description="Characters a burned-in line must hold (shrinks the text)."
    )
    captions_max_chars_per_line: int = Field(
        default=42, ge=8, description="Line length where the spec and policy set none."
    )
    captions_max_lines: int = Field(default=2, ge=1, le=4, description="Lines per cue at most.")
    captions_box: bool = Field(
        default=False, description="Burn captions on a dark box instead of with an outline."
    )
    captions_safe_area: dict[str, float] = Field(
        default_factory=lambda: {"top": 0.12, "bottom": 0.2, "left": 0.06, "right": 0.14},
        description="Shares of a vertical frame covered by app buttons and text, where the "
        "spec gives none (no platform publishes them for every full-screen format; this is "
        "the organisation's choice, not a platform number).",
    )

    def spelling(self, hashtag: str) -> str | None:
        """The preferred spelling of ``hashtag`` (with or without its sign) from ``camelcase``,
        without the sign; None where the table has none or it is the same. The one place this
        is looked up: adapt respells with it and check says a finding is fixable by it."""
        body = hashtag.lstrip("#＃")
        for key, value in self.camelcase.items():
            if key.lstrip("#").lower() == body.lower():
                better = value.lstrip("#")
                return better if better != body else None
        return None

    def phrase(self, table: dict[str, str], language: str | None) -> str:
        primary = (language or "").split("-")[0].lower()
        return table.get(primary) or table.get("*") or next(iter(table.values()), "")

    # Images (issue 5): how photos are reframed, sized, encoded and stripped.
    image_quality: int = Field(
        default=85, ge=1, le=100, description="JPEG/WebP quality to start from; lowered only "
        "as far as needed to fit a byte limit.",
    )
    quality_floor: int = Field(
        default=60, ge=1, le=100, description="Never encode below this quality; the image is "
        "made smaller instead (a finding says so).",
    )
    max_salient_loss: float = Field(
        default=0.3, ge=0, le=1, description="With `reframe: auto`, pad instead of cropping "
        "when a crop would lose more than this share of the salient area.",
    )
    pad_colour: str | None = Field(
        default=None, pattern=r"^#[0-9a-fA-F]{6}$", description="Brand colour behind padded "
        "images, e.g. '#00527f'; unset: a blurred copy of the image.",
    )
    image_max_edge: int = Field(
        default=2048, ge=16, description="Longest side in pixels when a format names no "
        "preferred width.",
    )
    keep_metadata: list[Literal["copyright", "credit", "ai_provenance"]] = Field(
        default_factory=list, description="Metadata kept in images; everything else (GPS, "
        "XMP, MakerNote, comments, thumbnails) is stripped. ai_provenance keeps IPTC "
        "DigitalSourceType, which platforms read to label AI images.",
    )
    gif: Literal["auto", "first_frame", "finding"] = Field(
        default="auto", description="Animated GIFs: auto keeps the animation where the target "
        "takes GIF and uses the first frame elsewhere; first_frame always; finding keeps it "
        "where taken and reports an error elsewhere.",
    )


DEFAULTS = AdaptSettings()
"""The library's defaults, for code that has no policy at hand; written once, in the model."""
