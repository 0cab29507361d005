"""Layouts of the analytics exports people have: which column holds which result.

The platforms' own exports are the results most teams have, and their columns change without
notice. A layout is data (``platform_specs/exports/*.yaml``), sourced and dated like a platform
spec, so that a new column name is a one-line change with a source, not a code change. A file
is recognised by the columns a layout requires; no match is an error naming the file and its
columns, never a silent guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import ResultsError
from ..factories import empty_list
from ..validation import validate_doc
from ..yamlsrc import load_yaml_file

#: Results a layout can map; each maps to one column or the sum of several.
RESULT_FIELDS = ("reach", "impressions", "engagements", "clicks", "video_views",
                 "completion_rate", "followers_gained")
Confidence = Literal["high", "medium", "low"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class LayoutSource(_Model):
    """Where a layout's column names come from."""

    url: str | None = Field(default=None, description="Address of the document read.")
    title: str = Field(description="What the document is.")
    read: dt.date = Field(description="When it was read.")
    first_hand: bool = Field(
        default=False, description="The platform's own documentation or a file it exported."
    )


class Layout(_Model):
    """One export layout: how to find it, and which column holds which result."""

    id: str = Field(description="Stable id, e.g. `x-tweet-activity`.")
    platform: str | None = Field(
        default=None, description="Platform whose export this is (`x`, `instagram`)."
    )
    platform_column: str | None = Field(
        default=None, description="Column naming the platform, for exports of several."
    )
    title: str = Field(description="The export, as its platform names it.")
    formats: list[Literal["csv", "xlsx"]] = Field(description="File types it comes as.")
    sources: list[LayoutSource] = Field(min_length=1)
    confidence: Confidence = Field(description="How sure the column names are.")
    note: str | None = None
    requires: list[str] = Field(
        min_length=1, description="Columns that must all be present to recognise the layout."
    )
    post_id: str | None = Field(default=None, description="Column with the platform's post id.")
    link: str | None = Field(default=None, description="Column with the post's address.")
    text: str | None = Field(default=None, description="Column with the post's text.")
    published: str = Field(description="Column with the publication time.")
    time_formats: list[str] = Field(
        default_factory=empty_list,
        description="strptime formats of `published`, tried in order after ISO 8601.",
    )
    kind: str | None = Field(default=None, description="Column with the post type, if any.")
    results: dict[str, list[str]] = Field(
        description="Result name -> the column(s) whose sum it is (see RESULT_FIELDS)."
    )
    rate_scale: float = Field(
        default=1.0, description="Divide rate columns by this (100 where the export gives %)."
    )

    @model_validator(mode="after")
    def _known_results(self) -> Layout:
        if (self.platform is None) == (self.platform_column is None):
            raise ValueError("a layout names either `platform` or `platform_column`")
        unknown = sorted(set(self.results) - set(RESULT_FIELDS))
        if unknown:
            raise ValueError(f"unknown results {unknown}; expected some of {RESULT_FIELDS}")
        return self

    def matches(self, columns: Sequence[str]) -> bool:
        present = {c.strip().casefold() for c in columns}
        return all(c.casefold() in present for c in self.requires)


def bundled_layout_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_platform_specs" / "exports"
    return packaged if packaged.is_dir() else here.parent.parent / "platform_specs" / "exports"


def load_layouts(directory: Path | None = None) -> tuple[Layout, ...]:
    """Every layout in ``directory`` (default: the bundled ones), sorted by id.

    Only the bundled layouts are remembered (they change with the package); a folder of the
    user's is read each time, so an edited layout counts in the same notebook session.
    """
    return _read_layouts(directory) if directory is not None else _bundled_layouts()


@lru_cache(maxsize=1)
def _bundled_layouts() -> tuple[Layout, ...]:
    return _read_layouts(bundled_layout_dir())


def _read_layouts(folder: Path) -> tuple[Layout, ...]:
    layouts = []
    for path in sorted(folder.glob("*.yaml")):
        doc = load_yaml_file(path, error=ResultsError)
        layouts.append(validate_doc(Layout, doc, ResultsError, "export layout"))
    return tuple(sorted(layouts, key=lambda layout: layout.id))


def detect(columns: Sequence[str], path: Path, layouts: Sequence[Layout]) -> Layout:
    """The layout whose required columns are all present; the most specific one wins."""
    found = [layout for layout in layouts if layout.matches(columns)]
    if not found:
        shown = ", ".join(repr(c) for c in columns[:12]) + (" ..." if len(columns) > 12 else "")
        known = "; ".join(f"{x.id} needs {', '.join(x.requires)}" for x in layouts)
        raise ResultsError(
            f"the columns match no known export layout. Columns found: {shown}. "
            f"Known layouts: {known}. Use the generic layout (docs/evaluation.md) or add a "
            "layout file",
            path=path, line=1,
        )
    return max(found, key=lambda layout: len(layout.requires))
