"""A strict YAML subset with a line for every value.

Why not ``yaml.safe_load``: it reads ``NO`` as false and ``012345`` as octal (YAML 1.1), expands
alias bombs, silently keeps the last of duplicate keys and forgets where each value stood. Posts
and specs are written by people under time pressure, so crosspost reads YAML 1.2's core schema,
refuses the YAML 1.1 traps with a message that says to quote the value, refuses tags, anchors
and aliases, and records the line of every key so that findings and errors can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .confined import NotConfined, read_regular
from .errors import InputError, YamlError

Key = tuple[str | int, ...]
# Callers pass the error class their users know (SpecError, PolicyError, PostError...).
ErrorType = type[InputError]

MAX_YAML_BYTES = 4 * 1024 * 1024
# Posts and specs nest a handful of levels; a deeper file is a mistake or an attack, and would
# otherwise end in a RecursionError traceback.
MAX_DEPTH = 64
#: No setting needs a longer integer; Python refuses to convert more than 4,300 digits anyway.
MAX_INT_DIGITS = 30
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}
# Plain scalars that YAML 1.1 tools (PyYAML, many editors) read differently from YAML 1.2.
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_OCTAL = re.compile(r"^[-+]?0[0-9_]+$")
_YAML11_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_STANDARD_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class YamlDoc:
    """Plain data (dicts, lists, scalars) plus the 1-based line of every key path.

    ``spans`` holds, per scalar value, its start and end as character offsets into the parsed
    text (quotes and block indicators included), so that findings can point at a column.
    """

    data: Any
    path: str
    lines: dict[Key, int] = field(default_factory=dict)
    line_offset: int = 0
    spans: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, key: Key) -> int | None:
        """The line of ``key`` or of its nearest ancestor that has one."""
        probe = tuple(key)
        while True:
            if probe in self.lines:
                return self.lines[probe] + self.line_offset
            if not probe:
                return None
            probe = probe[:-1]


def load_yaml_file(path: Path, *, error: ErrorType = YamlError) -> YamlDoc:
    """Read ``path`` as strict YAML; every problem is a ``YamlError`` naming file and line."""
    try:
        raw = read_regular(path, MAX_YAML_BYTES)  # /dev/zero or a FIFO is refused, not read
    except NotConfined as exc:
        raise error(f"file {exc.strerror}", path=path) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", path=path) from None
    return load_yaml_text(decode_utf8(raw, path, error=error), str(path), error=error)


def decode_utf8(raw: bytes, path: str | Path, *, error: ErrorType = YamlError) -> str:
    """Decode UTF-8 (a BOM is allowed) or say at which line the first bad byte stands."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            path=path,
            line=line,
        ) from None


def load_yaml_text(
    text: str, path: str, *, line_offset: int = 0, error: ErrorType = YamlError
) -> YamlDoc:
    """Parse one YAML document from ``text``."""
    lines: dict[Key, int] = {}
    spans: dict[Key, tuple[int, int]] = {}
    c_loader = getattr(yaml, "CSafeLoader", None)
    try:
        events = yaml.parse(text, Loader=c_loader or yaml.SafeLoader)
        builder = _Builder(iter(events), path, lines, line_offset, error, spans)
        data = builder.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"invalid YAML: {problem}", path=path, line=line) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the offset in UTF-8 bytes, the pure-Python reader in characters.
        if c_loader:
            newlines = text.encode("utf-8")[: exc.position].count(b"\n")
        else:
            newlines = text[: exc.position].count("\n")
        line = newlines + 1 + line_offset
        raise error(f"invalid YAML: {exc.reason}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path) from None
    return YamlDoc(data=data, path=path, lines=lines, line_offset=line_offset, spans=spans)


class _Builder:
    """Builds plain data from the parser's event stream (no constructor, nothing executed)."""

    def __init__(
        self,
        events: Iterator[yaml.Event],
        path: str,
        lines: dict[Key, int],
        offset: int,
        error: ErrorType,
        spans: dict[Key, tuple[int, int]] | None = None,
    ) -> None:
        self._events = events
        self._spans = spans if spans is not None else {}
        self._path = path
        self._lines = lines
        self._offset = offset
        self._error = error

    def _fail(self, message: str, event: yaml.Event, key: Key = ()) -> InputError:
        mark = event.start_mark
        line = mark.line + 1 + self._offset if mark is not None else None
        field = ".".join(map(str, key)) or None
        return self._error(message, path=self._path, line=line, field=field)

    def _plain_only(self, event: yaml.Event, key: Key) -> None:
        """Refuse aliases, anchors and non-standard tags (on values and on keys alike)."""
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(
                "YAML aliases (*name) are not supported; write the value out", event, key
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self._fail(
                f"YAML anchors (&{anchor}) are not supported; write the value out", event, key
            )
        tag = getattr(event, "tag", None)
        if tag not in _STANDARD_TAGS:
            raise self._fail(f"YAML tag {tag!r} is not supported; plain values only", event, key)

    def document(self) -> Any:
        next(self._events)  # StreamStart
        event = next(self._events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = self._node(next(self._events), ())
        end = next(self._events)  # DocumentEnd
        after = next(self._events)
        if not isinstance(after, yaml.StreamEndEvent):
            raise self._fail("more than one YAML document; expected exactly one", after)
        del end
        return data

    def _node(self, event: yaml.Event, key: Key) -> Any:
        self._plain_only(event, key)
        if len(key) > MAX_DEPTH:
            raise self._fail(f"nested more than {MAX_DEPTH} levels deep", event)
        if event.start_mark is not None:
            self._lines.setdefault(key, event.start_mark.line + 1)
        if isinstance(event, yaml.ScalarEvent):
            if event.start_mark is not None and event.end_mark is not None:
                self._spans[key] = (event.start_mark.index, event.end_mark.index)
            return self._scalar(event, key)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(nxt := next(self._events), yaml.SequenceEndEvent):
                items.append(self._node(nxt, (*key, len(items))))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(key)
        raise self._fail(f"unexpected YAML event {type(event).__name__}", event, key)

    def _mapping(self, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(kev := next(self._events), yaml.MappingEndEvent):
            self._plain_only(kev, key)
            if not isinstance(kev, yaml.ScalarEvent):
                raise self._fail("mapping keys must be plain text", kev, key)
            name = kev.value
            child: Key = (*key, name)
            if name in result:
                first = self._lines[child] + self._offset
                raise self._fail(f"duplicate key {name!r} (first at line {first})", kev, child)
            if name == "<<":
                raise self._fail("YAML merge keys (<<) are not supported", kev, key)
            self._lines[child] = kev.start_mark.line + 1 if kev.start_mark is not None else 0
            result[name] = self._node(next(self._events), child)
        return result

    def _scalar(self, event: yaml.ScalarEvent, key: Key) -> Any:
        value = event.value
        if event.tag == "tag:yaml.org,2002:str" or not event.implicit[0]:
            return value  # quoted, block or explicitly tagged as text
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _YAML11_BOOL.match(value):
            raise self._fail(
                f"{value!r} is read as a boolean by YAML 1.1 tools and as text by others; "
                f'write true/false, or quote it ("{value}")',
                event,
                key,
            )
        if _YAML11_OCTAL.match(value) and value.strip("+-") != "0":
            raise self._fail(
                f"{value!r} has a leading zero (octal in YAML 1.1); quote it if it is text",
                event,
                key,
            )
        if _YAML11_SEXAGESIMAL.match(value):
            raise self._fail(
                f"{value!r} is a base-60 number in YAML 1.1; quote it (\"{value}\")", event, key
            )
        if (_INT.match(value) or _HEX.match(value)) and len(value) > MAX_INT_DIGITS:
            raise self._fail(
                f"a number of {len(value)} digits; at most {MAX_INT_DIGITS} expected "
                "(quote it if it is text)",
                event,
                key,
            )
        if _INT.match(value):
            return int(value.replace("_", ""))
        if _HEX.match(value):
            return int(value, 16)
        if _FLOAT.match(value):
            return float(value)
        if value.lower() in _SPECIAL_FLOAT:
            return _SPECIAL_FLOAT[value.lower()]
        return value
