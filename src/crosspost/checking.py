"""The `check` verb: judge items against every target's limits, norms and policy.

Pure over its inputs: specs, policy and a ``Prober`` (media facts) go in, a ``Report`` comes out.
A post that cannot be read becomes a finding when many posts are checked (one broken file must
not hide the findings of the other 999), and an exception when one post is checked by the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .check_cache import CachedPost
from .content.ids import duplicate_ids
from .content.item import SourceItem
from .content.load import load_item
from .content.paths import require_file
from .errors import (
    InputError,
    MediaError,
    PathEscapeError,
    SubtitleError,
    ToolError,
    ToolMissingError,
    UnknownTargetError,
)
from .ignores import Ignores, unknown_targets
from .preview import (
    image_plan_preview,
    left_out_preview,
    text_preview,
    trim_preview,
)
from .report import Finding, Report, merge_reports
from .rules.base import Rule
from .rules.capped import capped
from .rules.context import ItemContext, TargetContext
from .rules.registry import all_rules, unknown_rule
from .rules.targets import check_disabled
from .specs.registry import SpecRegistry, load_specs

if TYPE_CHECKING:
    from .check_cache import ResultCache
    from .content.handles import HandleMap
    from .limits import Limits
    from .media.prober import Prober
    from .strategy.canvas import Canvas


def default_prober(*, persistent: bool = False, limits: Limits | None = None) -> Prober:
    """Probe real files within ``limits`` (the configuration's ``[limits]``, else the
    defaults); ``persistent`` also caches facts on disk between runs (the CLI)."""
    from .limits import DEFAULT_LIMITS
    from .media.image_limits import ImageLimits
    from .media.prober import FileProber
    from .media.subtitles.bounds import SubtitleLimits

    limits = limits or DEFAULT_LIMITS
    return FileProber(image_limits=ImageLimits.of(limits),
                      subtitle_limits=SubtitleLimits.of(limits), persistent=persistent)


def check_paths(
    paths: Iterable[str | Path],
    targets: Sequence[str] | None = None,
    *,
    specs: SpecRegistry | None = None,
    prober: Prober | None = None,
    ignore: Ignores | Iterable[str] = (),
    root: str | Path | None = None,
    default_targets: Sequence[str] = (),
    contents: Mapping[str, bytes] | None = None,
    canvas: Canvas | None = None,
    cache: bool = False,
    project_posts: Iterable[str | Path] = (),
    handles: HandleMap | None = None,
) -> Report:
    """Check many post files; a file that cannot be read is an error finding, not a crash.

    One post never stops the others: an ffmpeg that hangs or crashes on its media is an error
    finding of that post; two posts with one id are an error finding of each, naming the
    other. ``default_targets`` apply to posts that name no targets of their own; ``contents``
    gives the bytes of posts that are not read from their path (``check -``), by path. With a
    ``canvas``, posts are held against it, and so is the repository as a whole (core messages
    without posts, posting frequency); those findings are about every post of the project, so
    ``project_posts`` names the posts not checked now that still count (checking one post of a
    campaign does not make its other core messages uncovered). ``cache`` keeps each post's
    report in the user's cache folder and serves it again while nothing it depends on changed
    (see ``check_cache``); it needs a prober that can say what its facts depend on
    (``FileProber``) and no canvas (whose findings depend on every post), else nothing is
    cached. ``handles`` is the handle map that `@{key}` mentions are written with (none:
    every placeholder is unknown).
    """
    specs = specs or load_specs()
    prober = prober or default_prober()
    if not isinstance(ignore, Ignores):
        ignore = list(ignore)
        require_known_rules(ignore, specs)
    ignores = Ignores.for_run(ignore, specs.policy, root)
    normalised = [specs.normalise(t) for t in targets] if targets is not None else None
    results = _result_cache(specs, prober, normalised, ignores, root, default_targets,
                            handles) if cache and canvas is None else None
    try:
        loaded: list[SourceItem | Report | CachedPost] = []
        keys: dict[int, str] = {}
        for path in paths:
            content = (contents or {}).get(str(path))
            key = results.key(path, content) if results is not None else None
            known = results.get(key) if results is not None and key is not None else None
            if known is not None:
                loaded.append(known)
                continue
            try:  # a missing medium is that medium's finding (probe_item), not the post's end
                item = load_item(path, root=root, content=content, check_files=False)
            except InputError as exc:
                loaded.append(_unreadable(Path(path), exc))
                continue
            if normalised is None and not item.targets and default_targets:
                item = item.model_copy(update={"targets": list(default_targets)})
            if key is not None:
                keys[len(loaded)] = key
            loaded.append(item)
        clashes = duplicate_ids((i.id, i.source_path or i.id) for i in loaded
                                if not isinstance(i, Report))
        reports = []
        for index, entry in enumerate(loaded):
            if isinstance(entry, Report):
                reports.append(entry)
                continue
            if isinstance(entry, CachedPost):
                post = entry
                report = entry.report if entry.report is not None else Report()
                unknown = entry.unknown if entry.unknown is not None else Report()
            else:
                post = CachedPost.of(entry)
                report, lasting = _check_one(entry, normalised, specs, prober, ignores, canvas,
                                             handles)
                unknown = unknown_names(entry, specs)
                if results is not None and index in keys and lasting:
                    results.put(keys[index], entry, post.with_reports(report, unknown))
            others = clashes.get(post.source_path or post.id)
            if others:
                message = (f"id {post.id!r} is also the id of {', '.join(others)}; every post "
                           "needs its own id (it names the output folder)")
                report = merge_reports([report, _post_failed(
                    post.id, post.source_path, "post.duplicate_id", message, "id", post.id_line)])
            reports.append(report)
            reports.append(unknown)
    finally:
        if results is not None:
            results.close()
    report = merge_reports(reports)
    if canvas is not None:
        items = [i for i in loaded if isinstance(i, SourceItem)]
        targets_of: dict[str, Sequence[str]] = dict(report.targets)
        for other in _unchecked(project_posts, paths, root):
            items.append(other)
            targets_of[other.id] = _own_targets(other, normalised, default_targets, specs)
        report = _with_repository_findings(report, items, targets_of, canvas, ignores)
    return report


def _unchecked(project_posts: Iterable[str | Path], checked: Iterable[str | Path],
               root: str | Path | None) -> Iterator[SourceItem]:
    """The project's posts not among ``checked``, as items; one that cannot be read is left
    out here (checking it reports why)."""
    seen = {Path(p).resolve() for p in checked}
    for path in project_posts:
        if Path(path).resolve() in seen:
            continue
        try:
            yield load_item(path, root=root, check_files=False)
        except InputError:
            continue


def _own_targets(item: SourceItem, targets: Sequence[str] | None,
                 default_targets: Sequence[str], specs: SpecRegistry) -> list[str]:
    """The targets a post would be checked for, without the findings of naming unknown ones."""
    if targets is not None:
        return list(targets)
    known = []
    for target in item.targets or default_targets:
        try:
            known.append(specs.normalise(target))
        except UnknownTargetError:
            continue
    return list(dict.fromkeys(known))


def _with_repository_findings(report: Report, items: list[SourceItem],
                              targets: Mapping[str, Sequence[str]], canvas: Canvas,
                              ignores: Ignores) -> Report:
    """Add the canvas's findings about the repository as a whole (an item named `canvas`)."""
    from .rules.canvas import check_repository

    found = tuple(f for f in check_repository(items, targets, canvas)
                  if not ignores.suppresses(f))
    if not found:
        return report
    return merge_reports([report, Report(findings=found, items=("canvas",),
                                         paths={"canvas": canvas.path})])


def _check_one(item: SourceItem, targets: Sequence[str] | None, specs: SpecRegistry,
               prober: Prober, ignore: Ignores, canvas: Canvas | None,
               handles: HandleMap | None) -> tuple[Report, bool]:
    """The report of one item, and whether it lasts (a hung ffmpeg may not hang next time;
    a missing file's "did you mean" depends on its folder, which the cache does not watch)."""
    try:
        report = check_item(item, targets, specs, prober, None, ignore, canvas=canvas,
                            handles=handles)
        return report, not any(f.rule == "media.missing" for f in report.findings)
    except ToolMissingError:
        raise
    except ToolError as exc:  # ffmpeg hung or crashed on this post's media
        return _failed(item, "media.unreadable", f"could not probe the media: {exc}"), False
    except InputError as exc:  # a file of this post only: the others are still checked
        rule = "media.unreadable" if isinstance(exc, MediaError | SubtitleError) else \
            "post.invalid"
        return _failed(item, rule, str(exc)), True


def _result_cache(
    specs: SpecRegistry,
    prober: Prober,
    targets: Sequence[str] | None,
    ignore: Ignores,
    root: str | Path | None,
    default_targets: Sequence[str],
    handles: HandleMap | None,
) -> ResultCache | None:
    from .check_cache import ResultCache

    identity = getattr(prober, "identity", None)
    if identity is None:
        return None  # facts from a prober that cannot say what they depend on
    return ResultCache.open(
        specs=specs,
        rules=all_rules(),
        settings={"targets": targets, "ignore": ignore.key(), "prober": identity(),
                  "default_targets": list(default_targets),
                  "handles": handles.model_dump(mode="json") if handles is not None else None},
        root=Path(root) if root is not None else None,
    )


def _failed(item: SourceItem, rule: str, message: str, field: str | None = None) -> Report:
    """A report of one error finding about the whole item."""
    line = item.line_of((field,)) if field else None
    return _post_failed(item.id, item.source_path, rule, message, field, line)


def _post_failed(item_id: str, path: str | None, rule: str, message: str,
                 field: str | None = None, line: int | None = None) -> Report:
    finding = Finding(rule=rule, severity="error", message=message, item=item_id, path=path,
                      field=field, line=line)
    return Report(findings=(finding,), items=(item_id,), paths={item_id: path} if path else {})


def require_known_rules(ignore: Iterable[str] | Mapping[str, Any],
                        specs: SpecRegistry) -> None:
    """An ``ignore`` naming no known rule or target (a typo) would silently ignore nothing:
    refuse it.

    ``ignore`` is the project's (the configuration's, or the API caller's); the policy's is
    checked too.
    """
    from .errors import ConfigError, PolicyError

    for rule_id in ignore:
        problem = unknown_rule(rule_id)
        if problem:
            raise ConfigError(f"ignore: {problem}", field=f"ignore.{rule_id}")
    if isinstance(ignore, Mapping):
        for rule_id, problem in unknown_targets(ignore, specs):
            raise ConfigError(f"ignore: {problem}", field=f"ignore.{rule_id}.targets")
    policy = specs.policy
    if policy is None:
        return
    for rule_id in policy.ignore:
        problem = unknown_rule(rule_id)
        if problem:
            raise PolicyError(problem, path=policy.path, field=f"ignore.{rule_id}",
                              line=policy.line_of(("ignore", rule_id)))
    for rule_id, problem in unknown_targets(policy.ignore, specs):
        raise PolicyError(problem, path=policy.path, field=f"ignore.{rule_id}.targets",
                          line=policy.line_of(("ignore", rule_id)))


def unknown_names(item: SourceItem, specs: SpecRegistry) -> Report:
    """A post's ``ignore`` naming no known rule or target, or an ``overrides`` key naming no
    platform or format (a typo: the text written for it would never be published): an error
    finding on that line (the post is still checked; only this post is concerned)."""
    from .ignores import target_problem

    ctx = ItemContext(item=item, prober=None)  # type: ignore[arg-type]  # not probed here
    problems = [(("ignore", rule_id), f"ignore: {problem}") for rule_id in item.ignore
                if (problem := unknown_rule(rule_id))]
    problems += [(("ignore", rule_id), f"ignore: {problem}")
                 for rule_id, problem in unknown_targets(item.ignore, specs)]
    problems += [(("overrides", name), f"overrides: {problem}; its text is never used")
                 for name in item.overrides
                 if (problem := target_problem(name, specs, ""))]
    findings = tuple(ctx.finding("post.invalid", message, key=key) for key, message in problems)
    return Report(findings=findings, items=(item.id,))


def _unreadable(path: Path, exc: InputError) -> Report:
    rule = "post.invalid"
    if isinstance(exc, PathEscapeError):
        rule = "media.path_escape"
    elif isinstance(exc, MediaError):
        rule = "media.missing"
    elif exc.field == "id":
        rule = "post.id"
    item = path.stem.removesuffix(".post")  # the id load_item would have given it
    finding = Finding(
        rule=rule,
        severity="error",
        message=exc.detail,
        item=item,
        path=exc.path or str(path),
        line=exc.line,
        field=exc.field,
    )
    return Report(findings=(finding,), items=(item,), paths={item: str(path)})


def check_item(
    item: SourceItem,
    targets: Sequence[str] | None,
    specs: SpecRegistry,
    prober: Prober,
    rules: Iterable[Rule] | None,
    ignore: Ignores | Iterable[str],
    probed: Probed | None = None,
    *,
    canvas: Canvas | None = None,
    handles: HandleMap | None = None,
) -> Report:
    """Run every rule on one item; ``probed`` skips probing (re-checks of a variant).

    ``ignore``: the run's ``Ignores`` (``Ignores.for_run``), or rule ids switched off
    everywhere (the policy's ``ignore`` is added to those); the post's own apply on top.
    ``handles`` writes `@{key}` mentions (none: every placeholder is unknown).
    """
    rules = tuple(rules) if rules is not None else all_rules()
    probed = probed if probed is not None else probe_item(item, prober)
    findings: list[Finding] = list(probed.findings)
    facts, subtitles = probed.facts, probed.subtitles
    base = ItemContext(item=item, prober=prober, policy=specs.policy, facts=facts,
                       subtitles=subtitles, handles=handles)
    for rule in rules:
        if rule.scope == "item":
            findings.extend(capped(rule.check(base)))
    resolved = _targets(item, targets, specs, base, findings)
    off = [t for t in resolved if not specs.enabled(t)]
    for target in resolved:
        ctx = TargetContext(
            item=item,
            prober=prober,
            policy=specs.policy,
            facts=facts,
            subtitles=subtitles,
            handles=handles,
            target=target,
            fmt=specs.resolve(target),
            platform=specs.platform_of(target),
        )
        if target in off:  # not planned or rendered: nothing else to say about it
            findings.extend(check_disabled(ctx))
            continue
        found: list[Finding] = []
        for rule in rules:
            if rule.scope == "target":
                found.extend(rule.check(ctx))
        found = image_plan_preview(ctx, left_out_preview(ctx, found), specs)
        findings.extend(capped(text_preview(ctx, trim_preview(ctx, found, specs), specs)))
    if canvas is not None:
        from .rules.canvas import check_post

        findings.extend(check_post(item, [t for t in resolved if t not in off], canvas))
    ignores = Ignores.for_run(ignore, specs.policy) + Ignores.of(item.ignore)
    kept = tuple(f for f in findings if not ignores.suppresses(f, item.source_path))
    return Report(
        findings=kept,
        items=(item.id,),
        targets={item.id: tuple(resolved)},
        paths={item.id: item.source_path} if item.source_path else {},
        off={item.id: tuple(off)} if off else {},
    )


def _targets(
    item: SourceItem,
    targets: Sequence[str] | None,
    specs: SpecRegistry,
    ctx: ItemContext,
    findings: list[Finding],
) -> list[str]:
    if targets is not None:
        return list(dict.fromkeys(targets))
    resolved: list[str] = []
    for index, target in enumerate(item.targets):
        try:
            resolved.append(specs.normalise(target))
        except UnknownTargetError as exc:
            findings.append(ctx.finding("target.unknown", str(exc), key=("targets", index)))
    if not item.targets:
        findings.append(
            ctx.finding(
                "target.none",
                "the item names no targets; add `targets:` or pass --target",
                severity="warning",
                key=("targets",),
            )
        )
    return list(dict.fromkeys(resolved))


@dataclass(frozen=True)
class Probed:
    """Media facts and parsed subtitles per asset index, and the findings of probing."""

    facts: dict[int, Any] = field(default_factory=dict)
    subtitles: dict[int, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


def probe_item(item: SourceItem, prober: Prober) -> Probed:
    """Probe every medium once; files that are missing or cannot be probed become findings,
    and the post's other findings are still found."""
    ctx = ItemContext(item=item, prober=prober)
    facts: dict[int, Any] = {}
    subtitles: dict[int, Any] = {}
    findings: list[Finding] = []

    def missing(index: int, name: str, written: str | None, path: Path | None) -> bool:
        if written is None or path is None:
            return False
        try:
            require_file(path, written, source=item.source_path or "", line=None, field=name)
        except MediaError as exc:
            findings.append(ctx.finding("media.missing", exc.detail, key=("media", index, name)))
            return True
        return False

    for index, asset in enumerate(item.media):
        path = asset.resolved
        if missing(index, "captions", asset.captions, asset.captions_resolved):
            asset = asset.model_copy(update={"captions_resolved": None})
        if path is None or missing(index, "path", asset.path, path):
            continue
        try:
            if asset.kind == "image":
                facts[index] = prober.image(path)
            elif asset.kind == "video":
                facts[index] = prober.video(path)
        except MediaError as exc:
            findings.append(
                ctx.finding("media.unreadable", f"{asset.path}: {exc.detail}",
                            key=("media", index, "path"))
            )
        if asset.captions_resolved is not None:
            try:
                subtitles[index] = prober.subtitles(asset.captions_resolved)
            except (SubtitleError, MediaError) as exc:  # malformed, empty, too large
                where = f" (line {exc.line})" if exc.line else ""
                findings.append(
                    ctx.finding(
                        "captions.invalid",
                        f"{asset.captions}{where}: {exc.detail}",
                        key=("media", index, "captions"),
                    )
                )
    return Probed(facts, subtitles, tuple(findings))
