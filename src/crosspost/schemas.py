"""JSON Schema of the files crosspost reads and writes, generated from the models and committed.

The configuration's schema describes `crosspost.toml`, or the `[tool.crosspost]` table of
`pyproject.toml`.

Editors use it to complete and validate spec files (`# yaml-language-server: $schema=...`); a test
fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


#: Each schema file and the model it is generated from (imported when it is needed, so that
#: the command line can list the kinds without loading every model).
SCHEMA_FILES: dict[str, str] = {
    "platform-spec.schema.json": "crosspost.specs.platform:PlatformSpec",
    "policy.schema.json": "crosspost.specs.policy:Policy",
    "config.schema.json": "crosspost.config:Config",
    "manifest.schema.json": "crosspost.output.manifest:Manifest",
    "canvas.schema.json": "crosspost.strategy.canvas:Canvas",
    "costs.schema.json": "crosspost.evaluation.records:CostsFile",
    "published.schema.json": "crosspost.evaluation.records:PublishedFile",
    "export-layout.schema.json": "crosspost.evaluation.layouts:Layout",
}
#: The names `crosspost specs schema --kind` takes, for each file.
SCHEMA_KINDS: dict[str, str] = {
    "spec": "platform-spec.schema.json",
    "policy": "policy.schema.json",
    "config": "config.schema.json",
    "manifest": "manifest.schema.json",
    "canvas": "canvas.schema.json",
    "costs": "costs.schema.json",
    "published": "published.schema.json",
    "export-layout": "export-layout.schema.json",
}
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def model_of(name: str) -> type[BaseModel]:
    module, _, attr = SCHEMA_FILES[name].partition(":")
    model: type[BaseModel] = getattr(import_module(module), attr)
    return model


def schema_of(name: str) -> dict[str, Any]:
    model = model_of(name)
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
