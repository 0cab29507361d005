"""Project configuration: `crosspost.toml`, or `[tool.crosspost]` in `pyproject.toml`.

Precedence, lowest first: built-in defaults, the configuration file, command-line options.
The first folder from the start folder upwards that holds either file is the project root;
relative paths in the file are relative to that root.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError
from .validation import describe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.yaml", "**/*.yml")
DEFAULT_EXCLUDE = ("**/README.md", "**/.*/**", "**/node_modules/**")


class Config(BaseModel):
    """Settings for a content repository."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    include: list[str] = Field(
        default_factory=lambda: list(DEFAULT_INCLUDE),
        description="Globs (relative to the root) of post files to check.",
    )
    exclude: list[str] = Field(
        default_factory=list, description="Globs to skip, on top of READMEs and hidden folders."
    )
    targets: list[str] = Field(
        default_factory=list, description="Targets for posts that name none."
    )
    policy: str | None = Field(default=None, description="Organisation policy file.")
    spec_dirs: list[str] = Field(default_factory=list, description="Extra platform spec folders.")
    ignore: list[str] = Field(default_factory=list, description="Rule ids switched off.")
    fail_on: Literal["error", "warning", "info", "never"] = Field(
        default="error", description="Lowest severity that makes `check` exit 1."
    )
    handles: str | None = Field(default=None, description="Handle map file for mentions.")
    out: str = Field(default="out", description="Output folder of `adapt`.")
    root: Path = Field(default=Path("."), exclude=True)
    path: Path | None = Field(default=None, exclude=True)

    def resolve(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    def owned_files(self) -> set[Path]:
        """Files the configuration names, which are never posts."""
        named = [self.policy, self.handles]
        return {self.resolve(n) for n in named if n}


def find_config(start: Path) -> Path | None:
    """The nearest crosspost.toml, or pyproject.toml with a [tool.crosspost] table."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "crosspost.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.crosspost]" in pyproject.read_text("utf-8", "replace"):
            return pyproject
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read ``path`` (or the one found from ``start``); defaults when there is none."""
    if path is None:
        path = find_config(start or Path.cwd())
    if path is None:
        return Config(root=(start or Path.cwd()).resolve())
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("crosspost", {})
        prefix = "tool.crosspost."
    else:
        prefix = ""
    try:
        return Config.model_validate({**data, "root": path.parent.resolve(), "path": path})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = prefix + ".".join(str(p) for p in err["loc"])
        raise ConfigError(describe(err), path=path, field=field) from None
