"""Read platform spec files: strict YAML, `extends:`, provenance checks, clear errors."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import SpecError
from ..validation import validate_doc
from ..yamlsrc import YamlDoc, load_yaml_file
from .platform import PlatformSpec, iter_source_refs

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
        raise SpecError("spec directory does not exist", path=directory)
    return sorted(p for p in directory.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())


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
            spec, merged = _validate(doc, base if isinstance(base, YamlDoc) else None)
            if spec.id in layer:
                other = layer[spec.id][1].path
                raise SpecError(
                    f"platform id {spec.id!r} is also defined in {other}", path=doc.path, line=1
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
        return available[parent][1]
    if any(isinstance(p.data, dict) and p.data.get("id") == parent for p in pending):
        return _WAIT
    choices = ", ".join(sorted(available)) or "none loaded"
    raise SpecError(
        f"extends unknown platform {parent!r} (known: {choices})",
        path=doc.path,
        line=doc.line_of(("extends",)),
        field="extends",
    )


def _validate(doc: YamlDoc, base: YamlDoc | None) -> tuple[PlatformSpec, YamlDoc]:
    """Validate ``doc`` (merged over the already merged ``base``); return it with its data."""
    merged = doc
    if base is not None:
        data = deep_merge(base.data, doc.data)
        merged = YamlDoc(data=data, path=doc.path, lines=doc.lines, line_offset=doc.line_offset)
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
        missing = [ref for ref in refs if ref not in spec.sources]
        if missing:
            raise SpecError(
                f"unknown source id {missing[0]!r}; declare it under `sources:`",
                path=doc.path,
                line=doc.line_of(path),
                field=field,
            )
    return spec, merged


def deep_merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key; anything else in ``override`` replaces ``base``."""
    if isinstance(base, dict) and isinstance(override, dict):
        result = dict(base)
        for key, value in override.items():
            result[key] = deep_merge(base[key], value) if key in base else value
        return result
    return override
