"""A rule: documentation plus a function from a context to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..report import Finding
from .meta import RuleMeta

Scope = Literal["item", "target"]


@dataclass(frozen=True)
class Rule:
    """``scope`` says whether ``check`` gets an ``ItemContext`` or a ``TargetContext``.

    One check may report several related rule ids (an image's ratio, size and bytes come from
    one probe); ``also`` documents the ids it reports besides its own.
    """

    meta: RuleMeta
    scope: Scope
    check: Callable[[Any], Iterable[Finding]]
    also: tuple[RuleMeta, ...] = ()

    @property
    def metas(self) -> tuple[RuleMeta, ...]:
        return (self.meta, *self.also)

    @property
    def id(self) -> str:
        return self.meta.id
