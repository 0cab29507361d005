"""Per-format lookups that rules ask for thousands of times: values per tier and their sources.

Checking a repository asks "which tiers set images.max_bytes, and from which source" for every
image of every post and target; walking the models each time dominated the check time. The
index is built once per format object and kept while the format lives in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..specs.platform import TIERS, FormatSpec, Tier, iter_sourced

_CACHE: dict[int, tuple[FormatSpec, FormatIndex]] = {}
_MAX = 1024


@dataclass(frozen=True)
class FormatIndex:
    blocks: dict[str, tuple[tuple[Tier, Any], ...]]
    values: dict[tuple[str, str], tuple[tuple[Tier, Any], ...]]
    refs: dict[int, tuple[str, ...]]  # id(sourced value) -> effective source ids


def index_of(fmt: FormatSpec) -> FormatIndex:
    """The index of ``fmt``, built on first use."""
    hit = _CACHE.get(id(fmt))
    if hit is not None and hit[0] is fmt:
        return hit[1]
    if len(_CACHE) >= _MAX:
        _CACHE.clear()
    index = _build(fmt)
    _CACHE[id(fmt)] = (fmt, index)
    return index


def _build(fmt: FormatSpec) -> FormatIndex:
    blocks: dict[str, list[tuple[Tier, Any]]] = {}
    values: dict[tuple[str, str], list[tuple[Tier, Any]]] = {}
    refs: dict[int, tuple[str, ...]] = {}
    for tier in TIERS:
        constraints = fmt.tier(tier)
        for name in type(constraints).model_fields:
            block = getattr(constraints, name)
            if block is None or not hasattr(type(block), "model_fields"):
                continue
            blocks.setdefault(name, []).append((tier, block))
            for field in type(block).model_fields:
                value = getattr(block, field)
                if value is not None and field not in ("source", "note"):
                    values.setdefault((name, field), []).append((tier, value))
        for _, value, found in iter_sourced(constraints, list(fmt.source)):
            refs[id(value)] = tuple(found)
    return FormatIndex(
        blocks={k: tuple(v) for k, v in blocks.items()},
        values={k: tuple(v) for k, v in values.items()},
        refs=refs,
    )
