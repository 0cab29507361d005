"""Values that carry where they came from.

A platform number without a source cannot be trusted or kept current, so every value in a spec
may carry the ids of its sources (declared once per platform file), a note, a confidence and the
values other sources give. In YAML a bare value is allowed; it then takes the ``source`` of the
nearest enclosing block.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from ..factories import empty_list

Confidence = Literal["high", "medium", "low"]
Reading = Literal["first-hand", "second-hand"]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


SourceRefs = Annotated[
    list[str],
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "Ids of entries in the platform file's `sources` (one id or a list).",
        }
    ),
]


#: The description of every ``Sourced`` subclass's ``value``.
VALUE_DESCRIPTION = "The value."


class Frozen(BaseModel):
    """Base of all spec models: immutable, unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Alternative(Frozen):
    """A value that another source gives, kept so that a disagreement is visible."""

    value: Any = Field(description="The other value.")
    source: SourceRefs = Field(description="Where the other value comes from.")
    note: str | None = Field(default=None, description="Why it differs, if known.")


# Each kind of value is a subclass that declares `value` with its type (`SourcedCount` and the
# others in `constraints`), where the field keeps its place and needs its description again.
# Not a generic `Sourced[int]`: pydantic makes a model class for each parametrization when the
# module is imported, which made importing the specs' models about 11 ms slower on every command.
class Sourced(Frozen):
    """One value with its provenance. In YAML write `42` or `{value: 42, source: id, ...}`."""

    value: Any = Field(description=VALUE_DESCRIPTION)
    source: SourceRefs = Field(
        default_factory=empty_list,
        description="Source ids; empty means the enclosing block's source."
    )
    note: str | None = Field(default=None, description="Context a maintainer should know.")
    confidence: Confidence | None = Field(
        default=None, description="How sure the sources make us: high, medium or low."
    )
    disputed: list[Alternative] = Field(
        default_factory=empty_list, description="Other values that other sources give."
    )
    confirmed: date | None = Field(
        default=None,
        description="When this value was last confirmed against its sources; defaults to the "
        "newest `checked` date of its sources, else the file's `verified` date.",
    )
    confirmed_by: SourceRefs = Field(
        default_factory=empty_list,
        description="The sources `confirmed` was checked against. A confirmation counts as a "
        "first-hand primary re-read only when it names such a source here (or when every source "
        "of the value is one); one made through a secondary guide alone does not.",
    )
    accepted: str | None = Field(
        default=None,
        description="Why this value is kept although no source was read first-hand from the "
        "platform (the audit accepts a hard limit with this reason in place of one).",
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # A bare value is valid YAML for a sourced field; say so, or editors flag `max_count: 4`.
        ref = handler(core_schema)
        full = handler.resolve_ref_schema(ref)
        return {"anyOf": [full["properties"]["value"], ref]}

    @model_validator(mode="before")
    @classmethod
    def _wrap_bare(cls, data: Any) -> Any:
        # No value type is a mapping, so a mapping is the long form; without `value` in it
        # the error then says that `value` is missing, not that a mapping is not a number.
        if isinstance(data, dict):
            return data
        return {"value": data}

    @model_validator(mode="after")
    def _confirmation_has_date(self) -> Sourced:
        if self.confirmed_by and self.confirmed is None:
            raise ValueError("`confirmed_by` names the sources of a `confirmed` date; add it")
        return self


class Source(Frozen):
    """A document a value comes from."""

    url: str | None = Field(default=None, description="Address of the document.")
    title: str = Field(description="Title of the document or page.")
    kind: Literal["primary", "secondary"] = Field(
        description="primary: the platform's own docs, help centre, API reference or published "
        "code; secondary: schedulers' code, blog guides (cross-checks only)."
    )
    checked: date | None = Field(
        default=None, description="When this source was last read; defaults to the file's date."
    )
    read: Reading | None = Field(
        default=None,
        description="first-hand: the document itself was read; second-hand: only quotations, "
        "generated clients or copies of it were. Unset: not recorded (counts as second-hand).",
    )
    edition: date | None = Field(
        default=None,
        description="Date of the content that was read (last update or edition shown), which "
        "can be much older than `checked`.",
    )
    note: str | None = Field(default=None, description="What the source covers or caveats.")
    accepted: str | None = Field(
        default=None,
        description="Why values resting on this source are kept although it is secondary or was "
        "read second-hand (the audit accepts them with this reason, and lists them).",
    )

    @model_validator(mode="after")
    def _needs_reference(self) -> Source:
        if not self.url and not self.title:
            raise ValueError("a source needs a url or a title")
        return self
