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
    """``scope`` says whether ``check`` gets an ``ItemContext`` or a ``TargetContext``."""

    meta: RuleMeta
    scope: Scope
    check: Callable[[Any], Iterable[Finding]]

    @property
    def id(self) -> str:
        return self.meta.id
