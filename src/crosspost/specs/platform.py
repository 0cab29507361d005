"""A platform and its formats, as one spec file describes them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from ..factories import empty_list
from .constraints import Constraints, Display, MediaKind
from .sourced import Frozen, Source, Sourced, SourceRefs

Tier = Literal["limits", "recommended", "policy"]
TIERS: tuple[Tier, ...] = ("limits", "recommended", "policy")
PostKind = Literal[
    "post", "carousel", "reel", "story", "video", "short", "document", "pin", "spotlight",
    "update", "photo",
]
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

#: Platforms accept an aspect ratio a rounding pixel off. No platform documents a margin, so
#: this is crosspost's assumption; a spec file may set its own per format.
DEFAULT_ASPECT_TOLERANCE = 0.01


class FormatSpec(Frozen):
    """One way of publishing on a platform (Instagram reel, X post...)."""

    id: str = Field(default="", description="`platform.format`; filled in from the file.")
    name: str = Field(description="Human name, e.g. 'Reel'.")
    kind: PostKind = Field(description="What kind of post this is.")
    media: list[MediaKind] = Field(description="What the format takes: text, image, video...")
    requires_media: bool = Field(default=False, description="A post needs at least one medium.")
    note: str | None = Field(default=None, description="Free text for maintainers.")
    source: SourceRefs = Field(default_factory=empty_list, description="Default source ids.")
    aspect_tolerance: float = Field(
        default=DEFAULT_ASPECT_TOLERANCE, ge=0, le=0.05,
        description="Share by which an aspect ratio may be off and still count as the one "
        "asked for (a rounding pixel); the check and the planners use this one value.",
    )
    limits: Constraints = Field(
        default_factory=Constraints,
        description="What the platform rejects or silently cuts (findings are errors).",
    )
    recommended: Constraints = Field(
        default_factory=Constraints,
        description="The platform's norms and good practice (findings are warnings).",
    )
    policy: Constraints = Field(
        default_factory=Constraints,
        description="The organisation's overlay; filled in from a policy file, not a spec.",
    )
    display: Display | None = Field(
        default=None,
        description="How the platform shows this format (full screen, a cover, captions only "
        "burned in), with sources.",
    )

    @property
    def platform(self) -> str:
        return self.id.split(".", 1)[0]

    def shows(self, name: str) -> bool:
        """A display fact of this format (`full_screen`, `cover`, `captions_burned_in`); an
        unknown one is False."""
        value = getattr(self.display, name, None) if self.display is not None else None
        return bool(value.value) if value is not None else False

    def tier(self, name: Tier) -> Constraints:
        tier: Constraints = getattr(self, name)
        return tier

    def __repr__(self) -> str:
        """One line; the HTML view lists every value with its tier and source."""
        counts = {t: sum(1 for _ in iter_sourced(self.tier(t), list(self.source)))
                  for t in TIERS}
        values = ", ".join(f"{n} {t}" for t, n in counts.items() if n) or "no values"
        return (f"<FormatSpec {self.id or self.name!r}: {self.name}, a {self.kind} taking "
                f"{', '.join(self.media)}; {values}>")

    def _repr_html_(self) -> str:
        from ..html.spec_view import format_html

        return format_html(self)


class PlatformSpec(Frozen):
    """Everything crosspost knows about one platform, with where it learned it."""

    id: str = Field(description="Lower-case platform id used in targets, e.g. `instagram`.")
    name: str = Field(description="Display name.")
    verified: date = Field(description="When the values in this file were last checked.")
    extends: str | None = Field(
        default=None, description="Id of a platform whose file this one starts from (instances)."
    )
    default_format: str = Field(description="Format used when a target names only the platform.")
    sources: dict[str, Source] = Field(description="Documents the values come from, by id.")
    unsourced: list[str] = Field(
        default_factory=empty_list,
        description="Values we looked for and could not source, so left out on purpose.",
    )
    note: str | None = Field(default=None, description="Free text for maintainers.")
    formats: dict[str, FormatSpec] = Field(description="Formats by short name (post, reel...).")

    @model_validator(mode="before")
    @classmethod
    def _fill_format_ids(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("formats"), dict):
            pid = data.get("id", "")
            data = dict(data)
            data["formats"] = {
                key: ({**value, "id": f"{pid}.{key}"} if isinstance(value, dict) else value)
                for key, value in data["formats"].items()
            }
        return data

    @model_validator(mode="after")
    def _check(self) -> PlatformSpec:
        for ident in (self.id, *self.formats):
            if not _ID.match(ident):
                raise ValueError(f"id {ident!r} must be lower-case letters, digits, - or _")
        if not self.formats:
            raise ValueError("a platform needs at least one format")
        if self.default_format not in self.formats:
            raise ValueError(
                f"default_format {self.default_format!r} is not one of {sorted(self.formats)}"
            )
        return self


def iter_sourced(
    model: BaseModel, inherited: list[str], path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Sourced, list[str]]]:
    """Every ``Sourced`` value below ``model`` with its effective source ids."""
    own = getattr(model, "source", None)
    default = list(own) if own else inherited
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _walk(value, default, (*path, name))


def _walk(
    value: Any, default: list[str], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Sourced, list[str]]]:
    if isinstance(value, Sourced):
        yield path, value, list(value.source) or default
    elif isinstance(value, BaseModel):
        yield from iter_sourced(value, default, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, default, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, default, (*path, index))


def iter_source_refs(spec: PlatformSpec) -> Iterator[tuple[tuple[str | int, ...], list[str]]]:
    """Effective sources of every platform value (limits and recommended tiers)."""
    for key, fmt in spec.formats.items():
        for tier, model in sourced_parts(fmt):
            base = list(fmt.source)
            for path, value, refs in iter_sourced(model, base, ("formats", key, tier)):
                yield path, refs
                for alt in value.disputed:
                    yield (*path, "disputed"), list(alt.source)


def sourced_parts(fmt: FormatSpec) -> Iterator[tuple[str, BaseModel]]:
    """The parts of a format whose values carry sources: its platform tiers and its display."""
    yield "limits", fmt.limits
    yield "recommended", fmt.recommended
    if fmt.display is not None:
        yield "display", fmt.display
