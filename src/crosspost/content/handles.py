"""The handle map: one organisation, its handle on each platform.

In post text a mention is written once as a neutral placeholder, `@{gemeente-amsterdam}`;
adapt writes the platform's handle there. A placeholder the map does not know is a finding,
never a guess: a wrong handle tags someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..errors import ConfigError
from ..text.mentions import PLACEHOLDER
from ..validation import validate_doc
from ..yamlsrc import YamlDoc, load_yaml_file

__all__ = ["PLACEHOLDER", "Handle", "HandleMap", "Mentions", "load_handles", "map_mentions"]


class Handle(BaseModel):
    """One account holder: display name and handle per platform id."""

    model_config = ConfigDict(frozen=True, extra="allow", defer_build=True)

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


@dataclass(frozen=True)
class Mentions:
    """A text with its placeholders written for one platform, and what became of each."""

    text: str
    mapped: tuple[str, ...] = ()  # "key -> handle"
    named: tuple[str, ...] = ()  # keys written as the name: no handle on this platform
    unknown: tuple[tuple[str, int, int], ...] = ()  # (key, start, end) in the source text


def map_mentions(text: str, handles: HandleMap | None, platform: str) -> Mentions:
    """``text`` with each `@{key}` written as ``platform``'s handle, or the name where the
    map has none there; a key the map does not know stays as written (never a guess).

    The one place this is decided: ``check`` measures and judges the text it returns, and
    ``adapt`` publishes it.
    """
    mapped: list[str] = []
    named: list[str] = []
    unknown: list[tuple[str, int, int]] = []

    def swap(match: re.Match[str]) -> str:
        key = match.group(1)
        handle = handles.get(key) if handles is not None else None
        if handle is None:
            unknown.append((key, match.start(), match.end()))
            return match.group(0)
        on_platform = handle.on(platform)
        if on_platform:
            mapped.append(f"{key} -> {on_platform}")
            return on_platform
        named.append(key)
        return handle.name

    out = PLACEHOLDER.sub(swap, text)
    return Mentions(out, tuple(mapped), tuple(named), tuple(unknown))


class _HandleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    root: HandleMap
