"""Switched-off rules: everywhere, or only for some targets or post paths.

An ``ignore`` entry (configuration, policy or post) maps a rule id to the reason, or to a
scope: the reason with ``targets`` (platforms or ``platform.format``), ``paths`` (globs
relative to the content root) or both; a list of scopes switches one rule off in several
places. One value, ``Ignores``, holds every layer and answers one question: is this finding
switched off? ``check``, the re-check of ``plan`` and the repository findings all ask it, so
a rule ignored for ``instagram.story`` is ignored there in every command and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content.walk import glob_match
from .ignore_scope import scopes
from .rules.registry import canonical

if TYPE_CHECKING:
    from .report import Finding
    from .specs.policy import Policy
    from .specs.registry import SpecRegistry


@dataclass(frozen=True)
class Suppression:
    """One rule switched off, within its scope (empty ``targets``/``paths``: everywhere)."""

    rule: str
    targets: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()
    root: str | None = None  # what ``paths`` are relative to; None: the working folder

    def covers(self, finding: Finding, post_path: str | None) -> bool:
        if self.targets:
            target = finding.target
            if target is None or not (target in self.targets
                                      or target.split(".", 1)[0] in self.targets):
                return False
        if self.paths:
            where = _relative(post_path or finding.path, self.root)
            if where is None:
                return False
            return any(glob_match(pattern, where) for pattern in self.paths)
        return True


def _relative(path: str | None, root: str | None) -> str | None:
    """``path`` relative to ``root`` in forward slashes; None outside it (or no path)."""
    if path is None:
        return None
    if root is None:
        return Path(path).as_posix()
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return None


@dataclass(frozen=True)
class Ignores:
    """Every switched-off rule of a run, scoped; ``suppresses`` is the one decision."""

    entries: tuple[Suppression, ...] = ()

    @classmethod
    def of(
        cls,
        ignore: Ignores | Iterable[str] | Mapping[str, Any] = (),
        root: str | Path | None = None,
    ) -> Ignores:
        """Rule ids (switched off everywhere), an ``ignore`` mapping as written in a file
        (reasons or scopes; ``paths`` relative to ``root``), or ``Ignores`` as they are."""
        if isinstance(ignore, Ignores):
            return ignore
        base = str(Path(root).resolve()) if root is not None else None
        if isinstance(ignore, Mapping):
            return cls(tuple(
                Suppression(canonical(rule), frozenset(s.targets), tuple(s.paths), base)
                for rule, value in ignore.items() for s in scopes(value)))
        return cls(tuple(Suppression(canonical(rule)) for rule in ignore))

    @classmethod
    def for_run(
        cls,
        ignore: Ignores | Iterable[str] | Mapping[str, Any],
        policy: Policy | None,
        root: str | Path | None = None,
    ) -> Ignores:
        """The run's ignores: ``ignore`` (the configuration's or the caller's) and the
        policy's, both with ``paths`` relative to the content ``root``. ``Ignores`` given are
        taken as made here already (they hold the policy's)."""
        if isinstance(ignore, Ignores):
            return ignore
        run = cls.of(ignore, root)
        return run + cls.of(policy.ignore, root) if policy is not None else run

    def __add__(self, other: Ignores) -> Ignores:
        return Ignores(tuple(dict.fromkeys((*self.entries, *other.entries))))

    def suppresses(self, finding: Finding, post_path: str | None = None) -> bool:
        """Whether ``finding`` (of the post read from ``post_path``) is switched off."""
        rule = canonical(finding.rule)
        return any(e.rule == rule and e.covers(finding, post_path) for e in self.entries)

    def key(self) -> list[list[Any]]:
        """A JSON-able, order-free description (what the result cache keys on)."""
        return sorted([e.rule, sorted(e.targets), list(e.paths), e.root or ""]
                      for e in self.entries)


def unknown_targets(mapping: Mapping[str, Any], specs: SpecRegistry) -> list[tuple[str, str]]:
    """(rule id, message) for each scope target that names no platform or format."""
    problems = []
    for rule, value in mapping.items():
        for scope in scopes(value):
            for name in scope.targets:
                problem = target_problem(name, specs)
                if problem:
                    problems.append((rule, problem))
    return problems


def target_problem(name: str, specs: SpecRegistry, where: str = " in targets") -> str | None:
    """None for a platform or format id; else what to say, with close names."""
    if name in specs.platforms or name in specs.targets():
        return None
    close = specs.suggest(name)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"unknown target {name!r}{where}{hint}"
