"""Project configuration: `crosspost.toml`, or `[tool.crosspost]` in `pyproject.toml`.

Precedence, lowest first: built-in defaults, the configuration file, command-line options.
The first folder from the start folder upwards that holds either file is the project root;
relative paths in the file are relative to that root and must stay inside it (the file comes
from the repository: `out = "../elsewhere"` or an absolute handle map path is refused).
Without a file, the root is the enclosing git repository (the nearest folder with `.git`),
else the folder that holds the posts: never a post file itself. Both are found from where a
path stands, not where a symbolic link would lead. The CLI and the Python API both find the
configuration with ``load_config``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema

from .errors import ConfigError
from .factories import empty_list
from .ignore_scope import IgnoreValue
from .limits import DEFAULT_LIMITS, Limits
from .validation import clean_loc, describe

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.yaml", "**/*.yml")
DEFAULT_EXCLUDE = ("**/README.md", "**/.*/**", "**/node_modules/**")
_TOOL_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*crosspost\s*[\].]", re.MULTILINE)
_TOML_LINE = re.compile(r"at line (\d+)")
MAX_CONFIG_BYTES = 1024 * 1024
MAX_CONFIG_DEPTH = 16
#: Settings that name a path, which must stay inside the project root.
_PATH_SETTINGS = ("policy", "handles", "out", "spec_dirs")


#: What a misspelt setting gets: where the list of settings is.
UNKNOWN_SETTING = ("unknown field (check the spelling; `crosspost specs schema --kind config` "
                   "prints the configuration's JSON Schema, docs/configuration.md lists the "
                   "settings)")


class Config(BaseModel):
    """Settings for a content repository."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    include: list[str] = Field(
        default_factory=lambda: list(DEFAULT_INCLUDE),
        description="Globs (relative to the root) of post files to check.",
    )
    exclude: list[str] = Field(
        default_factory=empty_list,
        description="Globs to skip, on top of READMEs and hidden folders."
    )
    targets: list[str] = Field(
        default_factory=empty_list, description="Targets for posts that name none."
    )
    policy: str | None = Field(default=None, description="Organisation policy file.")
    spec_dirs: list[str] = Field(
        default_factory=empty_list, description="Extra platform spec folders."
    )
    ignore: dict[str, IgnoreValue] = Field(
        default_factory=dict,
        description="Rule ids switched off for this repository, each with the reason: "
        '`ignore = { "hashtags.camelcase" = "our campaign tags are brand names" }`; or only '
        'for some targets or paths: `"video.fps" = { reason = "...", targets = '
        '["instagram.story"], paths = ["posts/archive/**"] }`.',
    )
    fail_on: Literal["error", "warning", "info", "never"] = Field(
        default="error", description="Lowest severity that makes `check` exit 1."
    )
    handles: str | None = Field(default=None, description="Handle map file for mentions.")
    out: str = Field(default="out", description="Output folder of `adapt`.")
    canvas: str | None = Field(
        default=None, description="Strategy canvas file (platform roles, campaigns)."
    )
    costs: str | None = Field(default=None, description="Costs per platform, for `evaluate`.")
    published: str | None = Field(
        default=None, description="What was published where (links, ids), for `evaluate`."
    )
    results: list[str] = Field(
        default_factory=empty_list, description="Globs of analytics exports, for `evaluate`."
    )
    limits: Limits = Field(
        default_factory=lambda: DEFAULT_LIMITS,
        description="Bounds on the work one post may cause (`[limits]`: images, PNG text, "
        "caption files); each has a ceiling no configuration can pass (docs/security.md).",
    )
    # Where the file was found: set by load_config, never a setting (nor in the JSON Schema).
    root: SkipJsonSchema[Path] = Field(default=Path("."), exclude=True)
    path: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)

    @field_validator("ignore", mode="before")
    @classmethod
    def _ignore_with_reasons(cls, value: Any) -> Any:
        if isinstance(value, list):
            raise ValueError(
                "each ignored rule needs a reason: write "
                'ignore = { "rule.id" = "why it does not apply here" }'
            )
        return value

    def resolve(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    def output_folder(self) -> Path:
        """The configured output folder, which adapt writes and cleans. A link committed to
        the repository must not aim it at another folder (the sources, .git, the workflows,
        anywhere else): it is a real folder of the project, else a ConfigError."""
        real_root = Path(os.path.realpath(self.root))
        if Path(os.path.realpath(self.root / self.out)) != real_root / os.path.normpath(self.out):
            prefix = "tool.crosspost." if self.path and self.path.name == "pyproject.toml" else ""
            raise ConfigError(
                f"{self.out!r} is reached through a symbolic link; the output folder must be a "
                "real folder of the project (or give --out)", path=self.path, field=prefix + "out")
        return self.resolve(self.out)

    def owned_files(self) -> set[Path]:
        """Files the configuration names (and itself), which are never posts."""
        named = {self.resolve(n) for n in (self.policy, self.handles, self.canvas, self.costs,
                                           self.published) if n}
        return named | ({self.path.resolve()} if self.path else set())

    def excludes(self) -> list[str]:
        """Globs never walked: READMEs, hidden folders, the output folder, and `exclude`."""
        out = self.out.strip("/")
        return [*DEFAULT_EXCLUDE, *self.exclude, f"{out}/**"]


def find_config(start: Path) -> Path | None:
    """The nearest crosspost.toml, or pyproject.toml with a [tool.crosspost] table."""
    start = Path(os.path.abspath(start))  # where it stands, not where a symlink leads
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "crosspost.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether pyproject.toml has `[tool.crosspost]` (or a sub-table, or `tool.crosspost = {}`)."""
    try:
        text = _read(pyproject).decode("utf-8", "replace")
    except (OSError, ConfigError):
        return True  # unreadable: load_config names the problem
    try:
        tool = tomllib.loads(text).get("tool")
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        # Broken TOML: take the file if it looks like ours, so that load_config names the error.
        return bool(_TOOL_TABLE.search(text))
    return isinstance(tool, dict) and "crosspost" in tool


def content_root(*starts: Path) -> Path:
    """The content root when no configuration file names one.

    The enclosing git repository, else the folder that holds the posts (the common folder of
    ``starts``, a file counting as its folder), else the current folder.
    """
    absolute = [Path(os.path.abspath(s)) for s in starts]
    folders = [p if p.is_dir() else p.parent for p in absolute] or [Path(os.getcwd())]
    common = Path(os.path.commonpath(folders))
    for candidate in (common, *common.parents):
        if (candidate / ".git").exists():
            return candidate
    return common


def load_config(
    path: str | Path | None = None, *, start: str | Path | Sequence[str | Path] | None = None
) -> Config:
    """Read ``path``, or the file found from ``start`` (a post, a folder, or several of them:
    the first is searched from); defaults rooted at ``content_root`` when there is none."""
    starts = [Path(start)] if isinstance(start, str | Path) else [Path(s) for s in start or ()]
    if path is None:
        path = find_config(starts[0] if starts else Path.cwd())
    if path is None:
        return Config(root=content_root(*starts))
    path = Path(path)
    try:
        data: dict[str, Any] = tomllib.loads(_read(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        raise ConfigError(f"invalid TOML: {exc}", path=path, line=line) from None
    except RecursionError:
        raise ConfigError(f"invalid TOML: nested more than {MAX_CONFIG_DEPTH} levels deep",
                          path=path) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise ConfigError(f"invalid TOML: {exc}", path=path) from None
    if _depth(data) > MAX_CONFIG_DEPTH:
        raise ConfigError(f"invalid TOML: nested more than {MAX_CONFIG_DEPTH} levels deep",
                          path=path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("crosspost", {}) if isinstance(tool, dict) else None
        prefix = "tool.crosspost."
        if not isinstance(table, dict):
            raise ConfigError("expected a table of settings", path=path, field="tool.crosspost")
        data = table
    else:
        prefix = ""
    for internal in ("root", "path"):
        # Set from where the file was found; a key of that name in the file is not a setting.
        if internal in data:
            raise ConfigError(UNKNOWN_SETTING, path=path, field=prefix + internal)
    try:
        config = Config.model_validate({**data, "root": path.parent.resolve(), "path": path})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = prefix + ".".join(str(p) for p in clean_loc(err["loc"]))
        message = UNKNOWN_SETTING if err["type"] == "extra_forbidden" else describe(err)
        raise ConfigError(message, path=path, field=field) from None
    _confine_paths(config, path, prefix)
    return config


def _read(path: Path) -> bytes:
    """The configuration file's bytes: a regular file inside its own folder, bounded."""
    from .confined import NotConfined, read_confined

    try:
        return read_confined(path, path.parent, MAX_CONFIG_BYTES)
    except NotConfined as exc:
        raise ConfigError(f"configuration file {exc.strerror}", path=path) from None


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest (iteratively: the value may be very deep)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_CONFIG_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node if isinstance(
            node, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _confine_paths(config: Config, path: Path, prefix: str) -> None:
    """Paths the file names stay inside the project root, links resolved."""
    from .confined import inside

    for name in _PATH_SETTINGS:
        value = getattr(config, name)
        for index, written in enumerate(value if isinstance(value, list) else [value]):
            if written is None:
                continue
            field = prefix + name + (f"[{index}]" if isinstance(value, list) else "")
            if "\0" in written or Path(written).is_absolute() or not inside(
                    config.root / written, config.root):
                raise ConfigError(
                    f"{written!r} leads outside the project root {config.root}; paths in the "
                    "configuration are relative to it and stay inside it",
                    path=path, field=field)

