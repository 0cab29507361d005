"""JSON Schema of the files crosspost reads and writes, generated from the models and committed.

Editors use it to complete and validate spec files (`# yaml-language-server: $schema=...`); a test
fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .evaluation.layouts import Layout
from .evaluation.records import CostsFile, PublishedFile
from .output.manifest import Manifest
from .specs.platform import PlatformSpec
from .specs.policy import Policy
from .strategy.canvas import Canvas

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "platform-spec.schema.json": PlatformSpec,
    "policy.schema.json": Policy,
    "manifest.schema.json": Manifest,
    "canvas.schema.json": Canvas,
    "costs.schema.json": CostsFile,
    "published.schema.json": PublishedFile,
    "export-layout.schema.json": Layout,
}
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(name: str) -> dict[str, Any]:
    model = SCHEMA_FILES[name]
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": _DIALECT, "$id": name, **schema}


def schema_text(name: str) -> str:
    return json.dumps(schema_of(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema file into ``directory``; returns the paths written."""
    from .output.atomic import write_text_atomic

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_FILES:
        target = directory / name
        write_text_atomic(target, schema_text(name))
        written.append(target)
    return written
