"""Exceptions that mean "crosspost could not run"; findings are never exceptions.

A broken post, spec or media file the user can fix is reported with the file, the line or field,
and what was expected. The CLI turns every ``CrosspostError`` into one message and exit code 2.

    CrosspostError
    ├── InputError             a file the user wrote or pointed at is unusable
    │   ├── YamlError          not the strict YAML subset crosspost reads
    │   ├── SpecError          a platform spec file breaks the spec format
    │   ├── PolicyError        an organisation policy file is invalid or loosens a platform limit
    │   ├── ConfigError        crosspost.toml / [tool.crosspost] is invalid
    │   ├── PostError          a post file (YAML or Markdown front matter) is invalid
    │   ├── CanvasError        the strategy canvas, a costs or published-links file is invalid
    │   ├── ResultsError       a results export has an unknown layout or unreadable rows
    │   ├── PathEscapeError    a media path leaves the content root
    │   ├── MediaError         a media file is missing, corrupt, truncated, too large or not
    │   │                      what its name says
    │   └── SubtitleError      a subtitle file is malformed
    ├── UnknownTargetError     a target such as ``instagram.reeel`` is not in the registry
    ├── ToolError              ffmpeg hung or failed on one input (that post fails, others go on)
    │   └── ToolMissingError   ffmpeg (or the bundled font) is missing: nothing can run
    └── OutputError            an output could not be written (full disk, read-only, inside sources)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CanvasError",
    "ConfigError",
    "CrosspostError",
    "InputError",
    "MediaError",
    "OutputError",
    "PathEscapeError",
    "PolicyError",
    "PostError",
    "ResultsError",
    "SpecError",
    "SubtitleError",
    "ToolError",
    "ToolMissingError",
    "UnknownTargetError",
    "YamlError",
]


class CrosspostError(Exception):
    """Base of every error that stops crosspost from running."""


class InputError(CrosspostError):
    """A user-supplied file is unusable; the message names the file, line and field."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.detail}"


class YamlError(InputError):
    """The file is not valid YAML, or uses YAML features crosspost refuses (tags, anchors...)."""


class SpecError(InputError):
    """A platform spec file is invalid."""


class PolicyError(InputError):
    """An organisation policy is invalid or tries to loosen a platform limit."""


class ConfigError(InputError):
    """The project configuration is invalid."""


class PostError(InputError):
    """A post file is invalid."""


class CanvasError(InputError):
    """The strategy canvas, a costs file or a published-links file breaks its format."""


class ResultsError(InputError):
    """A results export is unreadable or its columns match no known layout."""


class PathEscapeError(InputError):
    """A path points outside the content root (``..``, absolute, symlink out, NUL byte)."""


class MediaError(InputError):
    """A media file is missing, unreadable, corrupt, truncated, too large or mislabelled."""


class SubtitleError(InputError):
    """A subtitle file (SRT or WebVTT) is malformed."""


class UnknownTargetError(CrosspostError):
    """A target is not known; the message suggests close matches."""

    def __init__(self, target: str, suggestions: list[str] | None = None) -> None:
        self.target = target
        self.suggestions = suggestions or []
        hint = f" (did you mean {' or '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"unknown target {target!r}{hint}")


class ToolError(CrosspostError):
    """An external tool (ffmpeg) is missing, timed out or failed."""


class ToolMissingError(ToolError):
    """ffmpeg or a bundled file is missing or cannot start: no post can be rendered."""


class OutputError(CrosspostError):
    """An output could not be written; nothing partial is left behind."""
