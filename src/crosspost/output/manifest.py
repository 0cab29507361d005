"""The manifest of a rendered variant: versioned, schema'd, with a hash for every file."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..factories import empty_list
from ..report import Finding
from ..specs.registry import SpecFile
from ..variant.plan import MANIFEST_VERSION, Change

Role = Literal["text", "thread", "first_comment", "title", "media", "captions", "cover"]


class ManifestFile(BaseModel):
    """One file of the variant folder."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    path: str = Field(description="Path inside the variant folder, with / separators.")
    role: Role
    sha256: str = Field(description="Hex SHA-256 of the file's bytes.")
    bytes: int = Field(ge=0)
    recipe: str | None = Field(
        default=None, description="Hash of the inputs it was made from (sources and plan)."
    )
    source: str | None = Field(default=None, description="Source file it was made from.")
    alt: str | None = Field(default=None, description="Alt text to upload with it.")


class Manifest(BaseModel):
    """Everything a person or a scheduler needs to publish the variant."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    manifest_version: int = Field(default=MANIFEST_VERSION)
    crosspost_version: str
    item: str
    target: str
    publishable: bool = Field(description="No error finding left after adapting.")
    text: str = Field(
        description="The text as the platform's API takes it: on Bluesky, links in the app's "
        "short form with the full URLs in `fields.link_facets`. `post.txt` holds the text to "
        "paste into the app, with the links in full."
    )
    thread: list[str] = Field(
        default_factory=empty_list, description="Every part of a thread, in the API form as `text`."
    )
    title: str | None = None
    first_comment: str | None = None
    links: list[str] = Field(default_factory=empty_list, description="URLs taken out of the text.")
    fields: dict[str, Any] = Field(default_factory=dict, description="API fields to set.")
    measured: dict[str, int] = Field(default_factory=dict)
    history: list[Change] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(default_factory=empty_list)
    files: list[ManifestFile] = Field(default_factory=empty_list)
    source_path: str | None = None
    specs: list[SpecFile] = Field(
        default_factory=empty_list,
        description="The spec files the variant was checked against and their `verified` "
        "dates: which platform data a reviewer is trusting.",
    )
