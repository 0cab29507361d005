"""The handle map: one organisation, its handle on each platform.

In post text a mention is written once as a neutral placeholder, `@{gemeente-amsterdam}`;
adapt writes the platform's handle there. A placeholder the map does not know is a finding,
never a guess: a wrong handle tags someone else.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..errors import ConfigError
from ..validation import validate_doc
from ..yamlsrc import YamlDoc, load_yaml_file

PLACEHOLDER = re.compile(r"@\{([A-Za-z0-9][A-Za-z0-9_.-]*)\}")


class Handle(BaseModel):
    """One account holder: display name and handle per platform id."""

    model_config = ConfigDict(frozen=True, extra="allow")

    name: str = Field(description="Name written where a platform has no handle for it.")

    def on(self, platform: str) -> str | None:
        extra = self.model_extra or {}
        value = extra.get(platform)
        return str(value) if value else None


class HandleMap(RootModel[dict[str, Handle]]):
    """Handles by placeholder key."""

    def get(self, key: str) -> Handle | None:
        return self.root.get(key)


def load_handles(path: str | Path) -> HandleMap:
    """Read a handle map file (YAML: key -> {name, x, instagram, ...})."""
    doc = load_yaml_file(Path(path), error=ConfigError)
    if not isinstance(doc.data, dict):
        raise ConfigError("expected a mapping of handle keys", path=path, line=1)
    wrapped = YamlDoc(data={"root": doc.data}, path=doc.path,
                      lines={("root", *k): v for k, v in doc.lines.items()})
    return validate_doc(_HandleFile, wrapped, ConfigError, "handle map").root


class _HandleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    root: HandleMap
