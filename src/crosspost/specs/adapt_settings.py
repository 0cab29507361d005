"""How adapt behaves, set in the policy's `adapt:` block, one group per kind of content.

Every default of adapting is written here once; code that needs one where no policy is at hand
(a function's default argument, a decode size) reads it from ``DEFAULTS``. The defaults are
neutral: organisation-specific wording (a Dutch AI label, a link phrase) belongs in the
organisation's policy, as ``examples/policy.yaml`` shows.

The block used to be flat (`image_quality: 80`, `captions_box: true`); those names are still
read, each moved into its group by ``AdaptSettings``'s validator (``LEGACY_KEYS``), so existing
policy files keep working.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..factories import empty_list

HashtagPlacement = Literal["keep", "end", "first_comment", "auto"]
Key = tuple[str | int, ...]


class _Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class TextSettings(_Group):
    """Wording, hashtags, threads and rewrites."""

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

    @staticmethod
    def phrase(table: dict[str, str], language: str | None) -> str:
        """The entry of a per-language ``table`` for ``language``: its primary subtag, else
        `*`, else the first entry."""
        primary = (language or "").split("-")[0].lower()
        return table.get(primary) or table.get("*") or next(iter(table.values()), "")


class ImageSettings(_Group):
    """How photos are reframed, sized, encoded and stripped."""

    quality: int = Field(
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
    max_edge: int = Field(
        default=2048, ge=16, description="Longest side in pixels when a format names no "
        "preferred width.",
    )
    keep_metadata: list[Literal["copyright", "credit", "ai_provenance"]] = Field(
        default_factory=empty_list, description="Metadata kept in images; everything else (GPS, "
        "XMP, MakerNote, comments, thumbnails) is stripped. ai_provenance keeps IPTC "
        "DigitalSourceType, which platforms read to label AI images.",
    )
    gif: Literal["auto", "first_frame", "finding"] = Field(
        default="auto", description="Animated GIFs: auto keeps the animation where the target "
        "takes GIF and uses the first frame elsewhere; first_frame always; finding keeps it "
        "where taken and reports an error elsewhere.",
    )


class VideoSettings(_Group):
    """How videos are encoded, reframed and given a cover; the preset default comes from
    docs/performance.md."""

    preset: Literal[
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower"
    ] = Field(default="veryfast", description="x264 preset: encode time against file size.")
    crf: float = Field(
        default=23, ge=0, le=51, description="x264 constant quality (lower: better, bigger)."
    )
    size_margin: float = Field(
        default=0.05, ge=0, lt=0.5, description="Share of a byte limit kept free as a margin."
    )
    audio_bitrate: int = Field(
        default=128_000, ge=32_000, le=320_000, description="AAC bit rate, bits per second."
    )
    max_upscale: float = Field(
        default=2.0, ge=1, le=8,
        description="How far a video may be enlarged towards the platform's preferred width.",
    )
    crop_min_share: float = Field(
        default=0.5, gt=0, le=1,
        description="Without a scene analysis (a prober that cannot decode pixels), reframe "
        "auto crops when it keeps this share of the picture or a focus is given; otherwise it "
        "pads on a blurred copy. With one, it crops wherever a window keeps the subject.",
    )
    pan_speed: float = Field(
        default=1.0, gt=0, le=10,
        description="Fastest pan of a reframed video, in window widths per second.",
    )
    pan_accel: float = Field(
        default=2.0, gt=0, le=50,
        description="Fastest change of pan speed, in window widths per second squared.",
    )
    timeout: float = Field(
        default=120, gt=0, description="Seconds an ffmpeg run may take, plus the per-second part."
    )
    timeout_per_second: float = Field(
        default=20, gt=0, description="Extra seconds of ffmpeg time per second of output video."
    )
    cover: Literal["auto", "none"] | float = Field(
        default="auto",
        description="Cover frame: auto (a sharp, non-black frame), none, or a time in seconds.",
    )
    cover_kinds: list[str] = Field(
        default_factory=empty_list,
        description="Format kinds that get a cover image besides the formats whose spec says "
        "they take one (`display.cover`), e.g. [story].",
    )


class CaptionSettings(_Group):
    """How captions are laid out and when they are burned in."""

    burn_in: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="auto: burn captions in where no subtitle file is accepted, where the "
        "spec says captions show only burned in (`display.captions_burned_in`) and on the "
        "formats in burn_kinds; always; never.",
    )
    burn_kinds: list[str] = Field(
        default_factory=empty_list,
        description="Format kinds that get burned-in captions besides those the spec names, "
        "e.g. [short] to burn captions into YouTube Shorts as well as sending the file.",
    )
    size: float = Field(
        default=0.045, gt=0, le=0.2, description="Caption text height as a share of the frame."
    )
    min_chars: int = Field(
        default=20, ge=8, description="Characters a burned-in line must hold (shrinks the text)."
    )
    max_chars_per_line: int = Field(
        default=42, ge=8, description="Line length where the spec and policy set none."
    )
    max_lines: int = Field(default=2, ge=1, le=4, description="Lines per cue at most.")
    box: bool = Field(
        default=False, description="Burn captions on a dark box instead of with an outline."
    )
    safe_area: dict[str, float] = Field(
        default_factory=lambda: {"top": 0.12, "bottom": 0.2, "left": 0.06, "right": 0.14},
        description="Shares of a vertical frame covered by app buttons and text, where the "
        "spec gives none (no platform publishes them for every full-screen format; this is "
        "the organisation's choice, not a platform number).",
    )


_GROUPS: dict[str, type[_Group]] = {
    "text": TextSettings, "image": ImageSettings, "video": VideoSettings,
    "captions": CaptionSettings,
}


def _legacy_keys() -> dict[str, tuple[str, str]]:
    """Each old flat name and the (group, field) it moved to: the group's prefix taken off
    (`video_crf` is `video.crf`), image fields that had none keep their name, text fields keep
    theirs. Derived from the groups, so a new field never needs a second entry."""
    renamed = {"image_quality": ("image", "quality"), "image_max_edge": ("image", "max_edge")}
    for name in ImageSettings.model_fields:
        if name not in {"quality", "max_edge"}:
            renamed[name] = ("image", name)
    for group, prefix in (("video", "video_"), ("captions", "captions_")):
        for name in _GROUPS[group].model_fields:
            renamed[prefix + name] = (group, name)
    for name in TextSettings.model_fields:
        renamed[name] = ("text", name)
    return renamed


LEGACY_KEYS: dict[str, tuple[str, str]] = _legacy_keys()
"""Old flat `adapt:` names, still read: old name -> (group, field)."""


def _legacy_schema(schema: dict[str, Any]) -> None:
    """List the old flat names in the JSON Schema as deprecated, so editors accept old files
    and strike the names through."""
    properties = schema.setdefault("properties", {})
    for old, (group, name) in LEGACY_KEYS.items():
        field = _GROUPS[group].model_json_schema()["properties"][name]
        field = {k: v for k, v in field.items() if k not in {"title", "default"}}
        properties[old] = {**field, "deprecated": True,
                           "description": f"Old name of `{group}.{name}`; still read."}


class AdaptSettings(BaseModel):
    """Choices an organisation makes about adapting; every one has a sensible default."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_legacy_schema,
                              defer_build=True)

    text: TextSettings = Field(default_factory=TextSettings,
                               description="Wording, hashtags, threads and rewrites.")
    image: ImageSettings = Field(default_factory=ImageSettings,
                                 description="How photos are reframed, sized and encoded.")
    video: VideoSettings = Field(default_factory=VideoSettings,
                                 description="How videos are encoded, reframed and covered.")
    captions: CaptionSettings = Field(default_factory=CaptionSettings,
                                      description="Caption layout and burn-in.")

    @model_validator(mode="before")
    @classmethod
    def _grouped(cls, data: Any) -> Any:
        return grouped(data)


def grouped(data: Any) -> Any:
    """``data`` with every old flat name moved into its group; an old name next to the new
    one is an error naming both."""
    if not isinstance(data, dict) or not any(key in LEGACY_KEYS for key in data):
        return data
    out = {key: value for key, value in data.items() if key not in LEGACY_KEYS}
    for old, value in data.items():
        if old not in LEGACY_KEYS:
            continue
        group, name = LEGACY_KEYS[old]
        block = out.get(group, {})
        if not isinstance(block, dict):
            return data  # the group itself is broken; its own error says so
        if name in block:
            raise ValueError(f"`{old}` is the old name of `{group}.{name}`, and both are "
                             f"set; keep `{group}.{name}`")
        out[group] = {**block, name: value}
    return out


def as_written(data: Any, loc: Key) -> Key:
    """The path of a policy field as the file writes it: an error at `adapt.image.quality`
    points at `adapt.image_quality` where the file uses the old flat name."""
    if len(loc) < 3 or loc[0] != "adapt" or not isinstance(data, dict):
        return loc
    block = data.get("adapt")
    if not isinstance(block, dict) or not isinstance(loc[1], str):
        return loc
    for old, where in LEGACY_KEYS.items():
        if where == loc[1:3] and old in block:
            return ("adapt", old, *loc[3:])
    return loc


def _defaults() -> AdaptSettings:
    """``AdaptSettings()``, made without validating: every module that reads a default imports
    this one at start-up, where validating would build the validators of five models (about
    4 ms) that a command without a policy never needs. Only the models' own defaults go in,
    and a test holds the result equal to the validated ``AdaptSettings()``."""
    return AdaptSettings.model_construct(
        _fields_set=set(), text=TextSettings.model_construct(),
        image=ImageSettings.model_construct(), video=VideoSettings.model_construct(),
        captions=CaptionSettings.model_construct())


DEFAULTS = _defaults()
"""The library's defaults, for code that has no policy at hand; written once, in the model."""
