"""A content repository as the commands see it, and the verbs ``check``, ``plan``, ``adapt``.

``Project`` is the one place where a command line or a Python call turns "this post" into
settings: the configuration found from the post's path (``config.load_config``), the platform
specs with the policy applied, the handle map, the targets for posts that name none, the rules
the repository ignores and the output folder. The CLI builds one per command; ``check``,
``plan`` and ``adapt`` below build one per call unless given one; a notebook or another tool
builds one and reuses it for many posts. Every argument that names a file takes a path or the
loaded object. This module sits above ``checking``, ``planning``, ``adapting`` and ``batch``,
which take their settings ready-made (``check_item``, ``plan_item``, ``adapt_item``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load_config
from .specs.policy import Policy
from .specs.registry import SpecRegistry, load_specs

if TYPE_CHECKING:
    import concurrent.futures as cf
    from collections.abc import Callable

    from .adapting import VariantSet
    from .batch import BatchResult, ItemResult
    from .checking import Probed
    from .content.handles import HandleMap
    from .content.item import SourceItem
    from .ignores import Ignores
    from .media.prober import Prober
    from .report import Report
    from .rules.base import Rule
    from .strategy.canvas import Canvas
    from .transforms.rewrite import Rewriter
    from .variant.plan import VariantPlan

PathLike = str | Path
#: ``specs=``: a loaded registry, or extra spec folders loaded on top of the built-in ones.
SpecsArg = SpecRegistry | PathLike | Sequence[PathLike] | None


class Project:
    """Configuration, specs, policy and handle map of one content repository, loaded once.

    ``config`` is a ``Config``, a configuration file, or ``None`` to find one from ``start``
    (a post, a folder, or several) as the CLI does. ``policy`` (a ``Policy`` or its file)
    replaces the configured policy, ``spec_dirs`` add to the configured spec folders, and
    ``handles`` (a ``HandleMap`` or its file) replaces the configured handle map, as the
    command-line options do. ``specs`` is a loaded ``SpecRegistry`` to use as it is (then
    ``policy`` and ``spec_dirs`` cannot be given), or more spec folders. ``cache_specs`` keeps
    the validated specs in the user's cache folder between runs (``load_specs(cache=...)``).
    """

    def __init__(
        self,
        config: Config | PathLike | None = None,
        *,
        start: PathLike | Sequence[PathLike] | None = None,
        specs: SpecsArg = None,
        policy: Policy | PathLike | None = None,
        spec_dirs: Iterable[PathLike] = (),
        handles: HandleMap | PathLike | None = None,
        canvas: Canvas | PathLike | None = None,
        cache_specs: bool = False,
    ) -> None:
        self.config = config if isinstance(config, Config) else load_config(config, start=start)
        self.spec_dirs: list[Path] = []
        self.policy_file: Path | None = None
        spec_dirs = list(spec_dirs)
        if isinstance(specs, SpecRegistry):
            if policy is not None or spec_dirs:
                raise ValueError("pass the policy and spec folders to load_specs() or here, "
                                 "not both")
            self.specs = specs
            self._rebuildable = False  # which spec folders made it is not known
        else:
            extra = [specs] if isinstance(specs, str | Path) else list(specs or ())
            self.spec_dirs = [self.config.resolve(d) for d in self.config.spec_dirs]
            self.spec_dirs += [Path(d) for d in (*spec_dirs, *extra)]
            self.policy_file = self._file(policy, self.config.policy)
            chosen = policy if isinstance(policy, Policy) else self.policy_file
            self.specs = load_specs(self.spec_dirs, chosen,
                                    cache=_cache_folder() if cache_specs else None)
            self._rebuildable = True
        self.handles_file = self._file(handles, self.config.handles)
        self._handles = handles
        self._canvas = canvas
        if self.config.ignore or (self.specs.policy and self.specs.policy.ignore):
            self._require_known_rules()

    def _require_known_rules(self) -> None:
        """Every command refuses an `ignore` that names no rule (a typo ignores nothing)."""
        from .checking import require_known_rules
        from .errors import ConfigError
        from .ignores import unknown_targets
        from .rules.registry import unknown_rule

        prefix = "tool.crosspost." if self.config.path and \
            self.config.path.name == "pyproject.toml" else ""
        for rule_id in self.config.ignore:
            problem = unknown_rule(rule_id)
            if problem:
                raise ConfigError(problem, path=self.config.path,
                                  field=f"{prefix}ignore.{rule_id}")
        for rule_id, problem in unknown_targets(self.config.ignore, self.specs):
            raise ConfigError(problem, path=self.config.path,
                              field=f"{prefix}ignore.{rule_id}.targets")
        require_known_rules((), self.specs)

    @cached_property
    def canvas(self) -> Canvas | None:
        """The strategy canvas (given, or the configured `canvas`), read on first use; it is
        named relative to the working folder where it lies below it, as post files are."""
        given = self._canvas
        if given is not None and not isinstance(given, str | Path):
            return given
        path = Path(given) if given is not None else (
            self.config.resolve(self.config.canvas) if self.config.canvas else None)
        if path is None:
            return None
        from .strategy.canvas import load_canvas

        return load_canvas(_relative_to_cwd(path.resolve()))

    @cached_property
    def handles(self) -> HandleMap | None:
        """The handle map, read on first use: `@{key}` mentions are written with it."""
        return _load_handles(self._handles if self._handles is not None else self.handles_file)

    def _file(self, given: object, configured: str | None) -> Path | None:
        """The file behind an argument: the one given, none for a loaded object, else the
        configured one (relative to the root)."""
        if given is not None:
            return Path(given) if isinstance(given, str | Path) else None
        return self.config.resolve(configured) if configured else None

    @property
    def root(self) -> Path:
        """The content root: media paths of posts may not leave it."""
        return self.config.root

    @property
    def out(self) -> Path:
        """Where ``adapt`` writes when no folder is given: `out` below the root (never a
        folder a committed symbolic link leads to: a ``ConfigError``)."""
        return self.config.output_folder()

    @property
    def default_targets(self) -> list[str]:
        return list(self.config.targets)

    @property
    def ignore(self) -> Ignores:
        """What the configuration and the policy switch off, each where its scope says
        (paths relative to the content root)."""
        from .ignores import Ignores

        return Ignores.for_run(self.config.ignore, self.specs.policy, self.root)

    def _ignore(self, extra: Iterable[str]) -> Ignores:
        """The project's ignores and the caller's rule ids (switched off everywhere)."""
        from .checking import require_known_rules
        from .ignores import Ignores

        extra = list(extra)
        require_known_rules(extra, self.specs)
        return self.ignore + Ignores.of(extra)

    # --- posts ------------------------------------------------------------------------------

    def posts(self, paths: Iterable[PathLike] = (), *, filter_files: bool = False) -> list[Path]:
        """Post files: files as given, folders walked with the configured globs; no paths
        means the whole content root.

        A media or subtitle file given by name (pre-commit passes the changed files) stands
        for the posts of the content root that use it. Finding no post at all, without such a
        file, is an error: a wrong path or ``include`` glob must not pass as a clean run.
        ``filter_files`` (pre-commit) keeps only the given files the configuration's globs
        select as posts, and media; nothing left is then no error.
        """
        from .content.usage import is_media_file, posts_using
        from .content.walk import iter_posts, selected
        from .errors import ConfigError

        config = self.config

        def walk(given: list[Path]) -> list[Path]:
            return list(iter_posts(given or [_relative_to_cwd(self.root)], root=self.root,
                                   include=config.include, exclude=config.excludes(),
                                   skip=config.owned_files()))

        named = [Path(p) for p in paths]
        media = [p for p in named if p.is_file() and is_media_file(p)]
        given = [p for p in named if p not in media]
        if filter_files:  # pre-commit passes every changed file: keep what the globs select
            skip = config.owned_files()
            given = [p for p in given if p.is_file() and p.resolve() not in skip
                     and selected(p, self.root, config.include, config.excludes())]
            if not given and not media:
                return []
        posts = walk(given) if given or not media else []
        if media:
            seen = {p.resolve() for p in posts}
            posts += [p for p in posts_using(media, walk([]), root=self.root)
                      if p.resolve() not in seen]
        if not posts and not media:
            where = ", ".join(str(p) for p in named or [_relative_to_cwd(self.root)])
            raise ConfigError(
                f"no posts found in {where} (include: {', '.join(config.include)}); "
                "check the paths and the `include` and `exclude` settings"
            )
        return posts

    def every_post(self) -> list[Path]:
        """Every post of the content root, or none when the globs select none: what a run over
        some posts still answers to (their ids, the campaign's core messages)."""
        from .errors import CrosspostError

        try:
            return self.posts()
        except CrosspostError:
            return []

    def load(self, item: SourceItem | PathLike, *, check_files: bool = True) -> SourceItem:
        """A post file read with this root, or an item, with the default targets filled in.

        ``check_files=False`` leaves a missing medium to ``check`` (a finding of its own).
        """
        from .content.item import SourceItem
        from .content.load import load_item

        if not isinstance(item, SourceItem):
            item = load_item(item, root=self.root, check_files=check_files)
        return self.with_default_targets(item)

    def with_default_targets(self, item: SourceItem) -> SourceItem:
        if item.targets or not self.config.targets:
            return item
        return item.model_copy(update={"targets": list(self.config.targets)})

    def prober(self, *, persistent: bool = False) -> Prober:
        """A prober of real files within this repository's ``[limits]``."""
        from .checking import default_prober

        return default_prober(persistent=persistent, limits=self.config.limits)

    # --- the verbs --------------------------------------------------------------------------

    def check(
        self,
        item: SourceItem | PathLike,
        targets: Sequence[str] | None = None,
        *,
        prober: Prober | None = None,
        rules: Iterable[Rule] | None = None,
        ignore: Iterable[str] = (),
    ) -> Report:
        """Check one item or post file; a post file that cannot be read raises (a missing
        medium is a ``media.missing`` finding, as in `crosspost check`)."""
        from .checking import check_item, unknown_names

        chosen = self._targets(targets)
        ignored = self._ignore(ignore)
        loaded = self.load(item, check_files=False)
        report = check_item(loaded, chosen, self.specs, prober or self.prober(), rules,
                            ignored, canvas=self.canvas, handles=self.handles)
        return report.merged(unknown_names(loaded, self.specs))

    def check_paths(
        self,
        paths: Iterable[PathLike] = (),
        targets: Sequence[str] | None = None,
        *,
        prober: Prober | None = None,
        contents: Mapping[str, bytes] | None = None,
        walk: bool = True,
        cache: bool = False,
    ) -> Report:
        """Check post files and folders as `crosspost check` does: a post that cannot be read
        is an error finding and the others are checked. ``walk=False`` takes ``paths`` as the
        post files (``posts()`` found them already); ``contents`` gives the bytes of posts not
        read from their path (`check -`); ``cache`` uses the result cache as the command does
        (see ``checking.check_paths``)."""
        from .checking import check_paths

        posts = self.posts(paths) if walk else list(paths)
        return check_paths(posts, targets, specs=self.specs, prober=prober or self.prober(),
                           ignore=self.ignore, root=self.root,
                           default_targets=self.default_targets, contents=contents,
                           canvas=self.canvas, cache=cache, handles=self.handles,
                           project_posts=self.every_post() if self.canvas else ())

    def plan(
        self,
        item: SourceItem | PathLike,
        target: str,
        *,
        prober: Prober | None = None,
        rewriter: Rewriter | None = None,
        probed: Probed | None = None,
        ignore: Iterable[str] = (),
    ) -> VariantPlan:
        """Plan the variant of one item for one target; nothing is written."""
        from .planning import plan_item

        return plan_item(self.load(item), target, self.specs, handles=self.handles,
                         rewriter=rewriter, prober=prober or self.prober(), probed=probed,
                         ignore=self._ignore(ignore))

    def adapt(
        self,
        item: SourceItem | PathLike,
        targets: Sequence[str] | None = None,
        *,
        out: PathLike | None = None,
        prober: Prober | None = None,
        rewriter: Rewriter | None = None,
        ignore: Iterable[str] = (),
    ) -> VariantSet:
        """Plan every target of one item; write the variants to ``out`` when given."""
        from .adapting import adapt_item

        return adapt_item(self.load(item), self._targets(targets), self.specs,
                          out=out, handles=self.handles, rewriter=rewriter,
                          prober=prober or self.prober(),
                          ignore=self._ignore(ignore))

    def adapt_many(
        self,
        paths: Iterable[PathLike | SourceItem] = (),
        targets: Sequence[str] | None = None,
        *,
        out: PathLike | None = None,
        executor: cf.Executor | None = None,
        progress: bool | Callable[[ItemResult], None] = False,
        persistent_cache: bool = False,
        other_posts: Iterable[PathLike] = (),
    ) -> BatchResult:
        """Adapt many posts (folders are walked) as `crosspost plan` and `adapt` do.

        With an executor other than a local process or thread pool (a Dask cluster), every
        path goes to the workers absolute: a worker started in another folder finds the same
        files. Locally, paths stay as given, and so do the paths that findings name.
        """
        from .batch import adapt_many
        from .content.item import SourceItem

        remote = executor is not None and not _local_pool(executor)
        place = _absolute if remote else _as_given
        given = list(paths)
        files = [p for p in given if not isinstance(p, SourceItem)]
        items: list[str | Path | SourceItem] = [
            place(p) for p in (self.posts(files) if files or not given else [])]
        items += [p for p in given if isinstance(p, SourceItem)]
        return adapt_many(
            items, self._targets(targets), out=place(out) if out is not None else None,
            executor=executor, progress=progress,
            # Loaded specs serve this process; workers rebuild them from the same files (or
            # the loaded policy), and get them whole only when given ready-made.
            specs=self.specs, spec_dirs=[place(d) for d in self.spec_dirs],
            policy=place(self.policy_file) if self.policy_file else self.specs.policy
            if self._rebuildable else None,
            handles=place(self.handles_file) if self.handles_file else self.handles,
            root=self.root, default_targets=self.default_targets, ignore=self.ignore,
            persistent_cache=persistent_cache, other_posts=[place(p) for p in other_posts],
            limits=self.config.limits,
        )

    def _targets(self, targets: Sequence[str] | None) -> list[str] | None:
        """Targets as the user wrote them, normalised: an unknown one cannot run."""
        if targets is None:
            return None
        return [self.specs.normalise(t) for t in targets]


# --- the verbs as functions: one project per call -----------------------------------------


def check(
    item_or_path: SourceItem | PathLike,
    targets: Sequence[str] | None = None,
    *,
    config: Config | Project | PathLike | None = None,
    specs: SpecsArg = None,
    policy: Policy | PathLike | None = None,
    prober: Prober | None = None,
    rules: Iterable[Rule] | None = None,
    ignore: Iterable[str] = (),
    root: PathLike | None = None,
    canvas: Canvas | PathLike | None = None,
    handles: HandleMap | PathLike | None = None,
) -> Report:
    """Check one item (or post file) for ``targets`` (default: the item's own targets).

    The project configuration is found from the post's path as `crosspost check` finds it
    (its policy, spec folders, default targets, ignored rules and content root), unless
    ``config`` names one (a file, a ``Config`` or a ``Project``). ``specs``, ``policy`` and
    ``canvas`` (the strategy canvas the post is also held against) and ``handles`` (the
    handle map that `@{key}` mentions are written with, as by ``plan``) replace what it says;
    ``root`` replaces the content root. A file that cannot be read raises (``check_paths``
    reports it as a finding instead).
    """
    project = project_for(item_or_path, config=config, specs=specs, policy=policy,
                          canvas=canvas, handles=handles)
    if root is not None and isinstance(item_or_path, str | Path):
        from .content.load import load_item

        item_or_path = load_item(item_or_path, root=root, check_files=False)
    return project.check(item_or_path, targets, prober=prober, rules=rules, ignore=ignore)


def plan(
    item: SourceItem | PathLike,
    target: str,
    *,
    config: Config | Project | PathLike | None = None,
    specs: SpecsArg = None,
    policy: Policy | PathLike | None = None,
    handles: HandleMap | PathLike | None = None,
    rewriter: Rewriter | None = None,
    prober: Prober | None = None,
    probed: Probed | None = None,
    ignore: Iterable[str] = (),
) -> VariantPlan:
    """Plan the variant of ``item`` for ``target`` (a bare platform is its default format);
    nothing is read but probes, nothing written.

    The configuration is found as for ``check``; ``handles`` replaces its handle map.
    ``ignore`` adds rule ids to suppress in the re-check, as the project's `ignore` does, so
    a variant is judged by the rules its source is judged by.
    """
    project = project_for(item, config=config, specs=specs, policy=policy, handles=handles)
    return project.plan(item, target, rewriter=rewriter, prober=prober, probed=probed,
                        ignore=ignore)


def adapt(
    item: SourceItem | PathLike,
    targets: Sequence[str] | None = None,
    *,
    out: PathLike | None = None,
    config: Config | Project | PathLike | None = None,
    specs: SpecsArg = None,
    policy: Policy | PathLike | None = None,
    handles: HandleMap | PathLike | None = None,
    rewriter: Rewriter | None = None,
    prober: Prober | None = None,
    ignore: Iterable[str] = (),
) -> VariantSet:
    """Plan ``item`` for each target (default: its own); write the variants to ``out``.

    The configuration is found as for ``check``; ``handles`` replaces its handle map.
    Nothing is written without ``out``. ``ignore`` adds rule ids to suppress when the
    variants are re-checked, as the project's `ignore` does.
    """
    project = project_for(item, config=config, specs=specs, policy=policy, handles=handles)
    return project.adapt(item, targets, out=out, rewriter=rewriter, prober=prober,
                         ignore=ignore)


def project_for(
    item: SourceItem | PathLike | Iterable[PathLike] | None,
    *,
    config: Config | Project | PathLike | None = None,
    specs: SpecsArg = None,
    policy: Policy | PathLike | None = None,
    handles: HandleMap | PathLike | None = None,
    canvas: Canvas | PathLike | None = None,
) -> Project:
    """The project a Python call works in: ``config`` when given, else the configuration
    found from the post's path, exactly as the command line finds it."""
    if isinstance(config, Project):
        if specs is not None or policy is not None or handles is not None or canvas is not None:
            raise ValueError("a Project carries its specs, policy and handles; pass them to "
                             "Project() instead")
        return config
    from .content.item import SourceItem

    start: list[Path] = []
    if isinstance(item, SourceItem):
        if item.source_path:
            start = [Path(item.source_path)]
    elif isinstance(item, str | Path):
        start = [Path(item)]
    elif item is not None:
        start = [Path(p) for p in item]
    if config is None and not start:
        config = Config()  # an item made in code: library defaults, whatever the folder
    return Project(config, start=start or None, specs=specs, policy=policy, handles=handles,
                   canvas=canvas)


def _load_handles(value: HandleMap | PathLike | None) -> HandleMap | None:
    if value is None or not isinstance(value, str | Path):
        return value
    from .content.handles import load_handles

    return load_handles(Path(value))


def _absolute(path: PathLike) -> Path:
    return Path(path).resolve()


def _as_given(path: PathLike) -> Path:
    return Path(path)


def _relative_to_cwd(root: Path) -> Path:
    """Findings and manifests name post files as they were reached; from the resolved root
    they would be absolute, which GitHub annotations cannot attach to a repository file."""
    try:
        return root.relative_to(Path.cwd().resolve())
    except ValueError:
        return root


def _cache_folder() -> Path | None:
    """The user's cache folder (None: caching is off), where the probe cache lives too."""
    from .media.disk_cache import default_cache_dir

    return default_cache_dir()


def _local_pool(executor: cf.Executor) -> bool:
    """A process or thread pool of this machine (concurrent.futures is imported only when an
    executor was given: a command without one does not load it, nor logging with it)."""
    import concurrent.futures as cf

    return isinstance(executor, cf.ProcessPoolExecutor | cf.ThreadPoolExecutor)
