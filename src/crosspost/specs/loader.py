"""Read platform spec files: strict YAML, `extends:`, provenance checks, clear errors."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..confined import inside
from ..errors import SpecError
from ..validation import validate_doc
from ..yamlsrc import YamlDoc, load_yaml_file
from .constraints import build_constraints_first
from .platform import PlatformSpec, iter_source_refs, sourced_parts

SPEC_SUFFIXES = (".yaml", ".yml")


def builtin_spec_dir() -> Path:
    """The bundled ``platform_specs``: inside the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_platform_specs"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "platform_specs"


def spec_files(directory: Path) -> list[Path]:
    """Spec files of a directory, sorted so loading is deterministic."""
    if not directory.is_dir():
        found = "a file" if directory.exists() else "nothing"
        raise SpecError(f"expected a folder of spec files, found {found}", path=directory)
    files = sorted(p for p in directory.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
    for path in files:  # a spec folder may come from the repository: no link out of it
        if not inside(path, directory):
            raise SpecError("leads outside its spec folder (through a symbolic link)", path=path)
    return files


def read_docs(paths: Iterable[Path]) -> list[YamlDoc]:
    return [load_yaml_file(path, error=SpecError) for path in paths]


def build_platforms(
    docs: list[YamlDoc], known: dict[str, tuple[PlatformSpec, YamlDoc]] | None = None
) -> dict[str, tuple[PlatformSpec, YamlDoc]]:
    """Validate one layer of spec files; ``known`` holds earlier layers for ``extends``."""
    known = dict(known or {})
    layer: dict[str, tuple[PlatformSpec, YamlDoc]] = {}
    pending = list(docs)
    while pending:
        progressed = False
        for doc in list(pending):
            base = _base_of(doc, {**known, **layer}, pending)
            if base is _WAIT:
                continue
            spec, merged = _validate(doc, base if isinstance(base, tuple) else None)
            if spec.id in layer:
                other = layer[spec.id][1].path
                raise SpecError(
                    f"platform id {spec.id!r} is also defined in {other}; one file per platform",
                    path=doc.path,
                    line=doc.line_of(("id",)),
                    field="id",
                )
            layer[spec.id] = (spec, merged)
            pending.remove(doc)
            progressed = True
        if not progressed:
            doc = pending[0]
            raise SpecError(
                f"extends {doc.data.get('extends')!r}: a cycle or a platform that is not loaded",
                path=doc.path,
                line=doc.line_of(("extends",)),
                field="extends",
            )
    return layer


_WAIT = object()


def _base_of(
    doc: YamlDoc, available: dict[str, tuple[PlatformSpec, YamlDoc]], pending: list[YamlDoc]
) -> object:
    data = doc.data if isinstance(doc.data, dict) else {}
    parent = data.get("extends")
    if parent is None:
        return None
    if "id" not in data:
        # Without its own id the file would take its base's and silently replace it.
        raise SpecError(
            "a file with `extends:` needs its own `id`",
            path=doc.path,
            line=doc.line_of(("extends",)),
            field="id",
        )
    if parent in available:
        return available[parent]
    if any(isinstance(p.data, dict) and p.data.get("id") == parent for p in pending):
        return _WAIT
    choices = ", ".join(sorted(available)) or "none loaded"
    raise SpecError(
        f"extends unknown platform {parent!r} (known: {choices})",
        path=doc.path,
        line=doc.line_of(("extends",)),
        field="extends",
    )


def _validate(
    doc: YamlDoc, base: tuple[PlatformSpec, YamlDoc] | None
) -> tuple[PlatformSpec, YamlDoc]:
    """Validate ``doc`` (merged over the already merged ``base``); return it with its data."""
    merged = doc
    if base is not None:
        data = deep_merge(_pin_sources(*base), doc.data)
        merged = YamlDoc(data=data, path=doc.path, lines=doc.lines, line_offset=doc.line_offset)
    build_constraints_first()
    spec = validate_doc(PlatformSpec, merged, SpecError, "platform spec")
    for path, refs in iter_source_refs(spec):
        field = ".".join(map(str, path))
        if not refs:
            raise SpecError(
                "value has no source; add `source:` to it or to its block",
                path=doc.path,
                line=doc.line_of(path),
                field=field,
            )
        if base is not None and path[-1] != "disputed" and _set_without_source(doc.data, path):
            raise SpecError(
                "value set by a file with `extends:` names no source in that file; add "
                "`source:` to it or to its block there",
                path=doc.path,
                line=doc.line_of(path),
                field=field,
            )
        missing = [ref for ref in refs if ref not in spec.sources]
        if missing:
            raise SpecError(
                f"unknown source id {missing[0]!r}; declare it under `sources:`",
                path=doc.path,
                line=doc.line_of(path),
                field=field,
            )
    _check_confirmations(spec, doc)
    return spec, merged


def _check_confirmations(spec: PlatformSpec, doc: YamlDoc) -> None:
    """Every `confirmed_by` (on a value or a block) names sources the file declares."""
    for key, fmt in spec.formats.items():
        for tier, model in sourced_parts(fmt):
            for path, refs in _confirmations(model, ("formats", key, tier)):
                missing = [ref for ref in refs if ref not in spec.sources]
                if missing:
                    raise SpecError(
                        f"unknown source id {missing[0]!r} in `confirmed_by`; declare it under "
                        "`sources:`",
                        path=doc.path,
                        line=doc.line_of(path),
                        field=".".join(map(str, path)),
                    )


def _confirmations(
    node: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], list[str]]]:
    if isinstance(node, BaseModel):
        refs = getattr(node, "confirmed_by", None)
        if refs:
            yield path, list(refs)
        for name in type(node).model_fields:
            yield from _confirmations(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _confirmations(item, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _confirmations(item, (*path, index))


def _pin_sources(spec: PlatformSpec, doc: YamlDoc) -> Any:
    """The base's data with every value's effective sources written on the value itself.

    A derived file that sets `source:` on a format or block (for the values it adds) must not
    re-attribute the base's values that it leaves alone.
    """
    data = copy.deepcopy(doc.data)
    for path, refs in iter_source_refs(spec):
        if path[-1] == "disputed":
            continue
        try:
            node = data
            for part in path[:-1]:
                node = node[part]
            value = node[path[-1]]
        except (KeyError, IndexError, TypeError):  # pragma: no cover - set values are in data
            continue
        if isinstance(value, dict) and "value" in value:
            node[path[-1]] = {**value, "source": refs}
        else:
            node[path[-1]] = {"value": value, "source": refs}
    return data


def _set_without_source(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether ``data`` (one file) sets the value at ``path`` without naming a source for it."""
    node, named = data, False
    for part in path:
        if isinstance(node, dict):
            named = named or bool(node.get("source"))
            if part not in node:
                return False  # the value comes from the base
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False
    if isinstance(node, dict):
        named = named or bool(node.get("source"))
    return not named


def deep_merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else in ``override`` replaces ``base``.

    A sourced value in its long form (a mapping with `value`) is replaced whole, so that the
    source or note of the value it replaces does not stick to the new one.
    """
    if (
        isinstance(base, dict)
        and isinstance(override, dict)
        and "value" not in base
        and "value" not in override
    ):
        result = dict(base)
        for key, value in override.items():
            result[key] = deep_merge(base[key], value) if key in base else value
        return result
    return override
