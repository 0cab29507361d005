"""Evaluate a content repository as `crosspost evaluate` does: one function for the CLI and
for notebooks, so that both read the same configuration, posts and files the same way."""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ..config import Config, load_config
from ..content.item import SourceItem
from ..content.load import load_item
from ..errors import ConfigError, InputError, UnknownTargetError
from ..specs.registry import SpecRegistry, load_specs
from ..strategy.canvas import Canvas, Period, load_canvas
from .evaluate import Evaluation, evaluate
from .periods import parse_period
from .records import CostsFile, PublishedFile, load_costs, load_published

PathLike = str | Path
T = TypeVar("T")


def evaluate_project(
    path: PathLike = ".",
    period: str | Period = "",
    *,
    config: Config | PathLike | None = None,
    specs: SpecRegistry | None = None,
    posts: Sequence[PathLike] | None = None,
    results: Sequence[PathLike] | None = None,
    canvas: Canvas | PathLike | None = None,
    costs: CostsFile | PathLike | None = None,
    published: PublishedFile | PathLike | None = None,
) -> Evaluation:
    """Evaluate ``period`` (``2027-Q1``, ``2027-03``, ...) for the repository holding ``path``.

    Everything not given comes from the project configuration found from ``path``: the posts
    (its `include` globs), `results`, `canvas`, `costs` and `published`. Files may be given as
    paths or as loaded objects. Posts that cannot be read are left out (`check` reports them).
    """
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except ValueError as exc:
            raise ConfigError(f"period: {exc}") from None
    if not isinstance(config, Config):
        config = load_config(Path(config) if config else None, start=Path(path))
    if specs is None:
        policy = config.resolve(config.policy) if config.policy else None
        specs = load_specs([config.resolve(d) for d in config.spec_dirs], policy)
    items, targets = _items(posts if posts is not None else _walk(Path(path), config), config,
                            specs)
    files = [Path(p) for p in results] if results is not None else _results(config)
    if not files:
        raise ConfigError("no results to evaluate: name the exports with --results FILE (in "
                          "Python: results=[...]), or set `results = [\"results/*.csv\"]` in "
                          "crosspost.toml", path=config.path)
    canvas = _load(canvas, config.canvas, config, load_canvas, Canvas)
    costs_file = _load(costs, config.costs, config, load_costs, CostsFile)
    published_file = _load(published, config.published, config, load_published, PublishedFile)
    return evaluate(
        results=files, items=items, targets=targets, canvas=canvas, period=period,
        published=published_file.published if published_file else (),
        costs=costs_file.costs if costs_file else (),
        currency=costs_file.currency if costs_file else None,
    )


def _load(given: T | PathLike | None, configured: str | None, config: Config,
          loader: Callable[[Path], T], kind: type[T]) -> T | None:
    """``given`` as loaded, or loaded from its path, or from the configured path, or None."""
    if isinstance(given, kind):
        return given
    if given is None:
        if configured is None:
            return None
        return loader(_shown(config.resolve(configured)))
    return loader(_shown(Path(given)))  # type: ignore[arg-type]


def _shown(path: Path) -> Path:
    """A path below the working folder is named relative to it, as reports name posts."""
    cwd = Path.cwd()
    resolved = path.resolve()
    return resolved.relative_to(cwd) if resolved.is_relative_to(cwd) else path


def _walk(path: Path, config: Config) -> list[Path]:
    from ..content.walk import iter_posts

    return list(iter_posts([path], root=config.root, include=config.include,
                           exclude=config.excludes(), skip=config.owned_files()))


def _items(paths: Sequence[PathLike], config: Config, specs: SpecRegistry
           ) -> tuple[list[SourceItem], dict[str, list[str]]]:
    items, targets = [], {}
    for post in paths:
        try:
            item = load_item(post, root=config.root)
        except InputError:
            continue
        if not item.targets and config.targets:
            item = item.model_copy(update={"targets": list(config.targets)})
        items.append(item)
        targets[item.id] = _known(item.targets, specs)
    return items, targets


def _known(names: list[str], specs: SpecRegistry) -> list[str]:
    known = []
    for name in names:
        try:
            known.append(specs.normalise(name))
        except UnknownTargetError:
            continue  # `check` reports unknown targets
    return list(dict.fromkeys(known))


def _results(config: Config) -> list[Path]:
    """Files matching the configured `results` globs, inside the project root only."""
    root = config.root.resolve()
    found: list[Path] = []
    for pattern in config.results:
        for name in sorted(glob.glob(pattern, root_dir=root, recursive=True)):
            path = (root / name).resolve()
            if path.is_file() and path.is_relative_to(root):
                found.append(_shown(path))
    return found
