"""Options and steps shared by the commands: configuration, specs, writing the output.

Imports of the configuration and spec models happen inside the functions: building the parser
(``--help``, ``--version``) must not load pydantic models.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from ..specs.registry import SpecRegistry


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="crosspost.toml or pyproject.toml to use")
    parser.add_argument("--policy", type=Path, help="organisation policy file (overrides config)")
    parser.add_argument(
        "--spec-dir", type=Path, action="append", default=[], metavar="DIR",
        help="extra platform spec folder (repeatable; later folders win)",
    )


def project(
    args: argparse.Namespace, paths: list[Path] | None = None
) -> tuple[Config, SpecRegistry]:
    """Configuration and specs for a command, with command-line options taking precedence."""
    from ..config import load_config
    from ..specs.registry import load_specs

    start = paths[0] if paths else None
    config = load_config(args.config, start=start)
    spec_dirs = [config.resolve(d) for d in config.spec_dirs] + list(args.spec_dir)
    policy = args.policy or (config.resolve(config.policy) if config.policy else None)
    specs = load_specs(spec_dirs, policy)
    if config.ignore or (specs.policy and specs.policy.ignore):
        _require_known_rules(config, specs)
    return config, specs


def _require_known_rules(config: Config, specs: SpecRegistry) -> None:
    """Every command refuses an `ignore` that names no rule (a typo ignores nothing)."""
    from ..checking import require_known_rules
    from ..errors import ConfigError
    from ..rules.registry import unknown_rule

    for rule_id in config.ignore:
        problem = unknown_rule(rule_id)
        if problem:
            raise ConfigError(problem, path=config.path, field=f"ignore.{rule_id}")
    require_known_rules((), specs.policy)


def content_paths(args_paths: list[Path], config: Config) -> list[Path]:
    """The paths given, else the project root, written relative to the working folder.

    Findings and manifests name post files as they were reached; from the resolved root they
    would be absolute, which GitHub annotations cannot attach to a file of the repository.
    """
    if args_paths:
        return list(args_paths)
    root = config.root
    try:
        return [root.relative_to(Path.cwd().resolve())]
    except ValueError:
        return [root]


def post_files(
    args_paths: list[Path], config: Config, *, filter_files: bool = False
) -> list[Path]:
    """Post files to work on: files as given, folders walked with the configured globs.

    A media or subtitle file given by name (pre-commit passes the changed files) stands for
    the posts of the content root that use it. Finding no post at all, without such a file,
    is an error (exit 2): a wrong path or ``include`` glob must not pass as a clean run.
    ``filter_files`` (pre-commit) keeps only the given files the configuration's globs select
    as posts, and media; nothing left is then no error.
    """
    from ..content.usage import is_media_file, posts_using
    from ..content.walk import iter_posts
    from ..errors import ConfigError

    def walk(paths: list[Path]) -> list[Path]:
        return list(iter_posts(paths, root=config.root, include=config.include,
                               exclude=config.excludes(), skip=config.owned_files()))

    media = [p for p in args_paths if p.is_file() and is_media_file(p)]
    given = [p for p in args_paths if p not in media]
    if filter_files:  # pre-commit passes every changed file: keep what the globs select
        from ..content.walk import selected

        skip = config.owned_files()
        given = [p for p in given if p.is_file() and p.resolve() not in skip
                 and selected(p, config.root, config.include, config.excludes())]
        if not given and not media:
            return []
    posts = walk(content_paths(given, config)) if given or not media else []
    if media:
        using = posts_using(media, walk(content_paths([], config)), root=config.root)
        seen = {p.resolve() for p in posts}
        posts += [p for p in using if p.resolve() not in seen]
    if not posts and not media:
        where = ", ".join(str(p) for p in content_paths(args_paths, config))
        raise ConfigError(
            f"no posts found in {where} (include: {', '.join(config.include)}); check the "
            "paths and the `include` and `exclude` settings"
        )
    return posts


def emit(text: str, output: Path | None) -> None:
    """Write to ``output`` atomically, or to standard output.

    A relative ``output`` (``-o reports/check.sarif``) names a place in the checkout, whose
    folders the repository controls: it must not lead out through a committed link. The file
    itself is replaced by a rename, so a link at its place is replaced, never written through.
    """
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    from ..confined import inside
    from ..errors import OutputError
    from ..output.atomic import write_text_atomic

    if not output.is_absolute() and not inside(output.parent, Path.cwd()):
        raise OutputError(f"could not write {output}: its folder leads outside {Path.cwd()} "
                          "through a symbolic link; give a real folder or an absolute path")
    write_text_atomic(output, text)
