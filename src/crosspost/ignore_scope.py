"""How an ``ignore`` entry is written: a reason, or a reason with the targets and paths it
covers (configuration, policy and post share it; ``ignores`` applies it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from .factories import empty_list
from .validation import Reason


class IgnoreScope(BaseModel):
    """Where one rule is switched off: the reason, and the targets and paths it covers."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    reason: Reason = Field(description="Why the rule does not apply there.")
    targets: list[str] = Field(
        default_factory=empty_list,
        description="Only for these platforms (`instagram`) or formats (`instagram.story`); "
        "none: every target.",
    )
    paths: list[str] = Field(
        default_factory=empty_list,
        description="Only for posts whose path relative to the content root matches one of "
        "these globs (`posts/archive/**`); none: every post. Not in a post's own `ignore`.",
    )


class PostIgnoreScope(IgnoreScope):
    """A scope in a post's own ``ignore``: the post is its only path."""

    @field_validator("paths")
    @classmethod
    def _no_paths(cls, value: list[str]) -> list[str]:
        if value:
            raise ValueError("a post's own `ignore` applies to this post: `paths` belongs in "
                             "the configuration's or the policy's `ignore`")
        return value


def _shape(value: Any) -> str | None:
    """Which form an entry is written in; the tags are bracketed so that error messages drop
    them from the field path (``validation.clean_loc``)."""
    if isinstance(value, str):
        return "[reason]"
    if isinstance(value, dict | IgnoreScope):
        return "[scope]"
    return "[scopes]" if isinstance(value, list) else None


_SHAPES = Discriminator(
    _shape,
    custom_error_type="ignore_entry",
    custom_error_message="expected the reason (a string), or a table with `reason` and "
    "`targets` and/or `paths`, or a list of such tables",
)

#: The value of one ``ignore`` entry: a reason (everywhere), a scope, or several scopes.
IgnoreValue = Annotated[
    Annotated[Reason, Tag("[reason]")]
    | Annotated[IgnoreScope, Tag("[scope]")]
    | Annotated[list[IgnoreScope], Field(min_length=1), Tag("[scopes]")],
    _SHAPES,
]
#: The same in a post's front matter, where ``paths`` has no meaning.
PostIgnoreValue = Annotated[
    Annotated[Reason, Tag("[reason]")]
    | Annotated[PostIgnoreScope, Tag("[scope]")]
    | Annotated[list[PostIgnoreScope], Field(min_length=1), Tag("[scopes]")],
    _SHAPES,
]


def scopes(value: str | IgnoreScope | Sequence[IgnoreScope]) -> list[IgnoreScope]:
    """The scopes of one ``ignore`` value (a bare reason is one scope covering everything)."""
    if isinstance(value, str):
        return [IgnoreScope(reason=value)]
    return [value] if isinstance(value, IgnoreScope) else list(value)
