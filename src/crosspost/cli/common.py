"""Options and steps shared by the commands: configuration, specs, writing the output.

Imports of the configuration and spec models happen inside the functions: building the parser
(``--help``, ``--version``) must not load pydantic models.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..project import Project


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="crosspost.toml or pyproject.toml to use")
    parser.add_argument("--policy", type=Path, help="organisation policy file (overrides config)")
    parser.add_argument(
        "--spec-dir", type=Path, action="append", default=[], metavar="DIR",
        help="extra platform spec folder (repeatable; later folders win)",
    )


def project(args: argparse.Namespace, paths: list[Path] | None = None) -> Project:
    """The project of a command: the configuration found from the paths given (or the current
    folder), as ``crosspost.check`` and the other Python functions find it; command-line
    options take precedence. The validated specs are kept in the user's cache folder between
    runs unless the command has ``--no-cache``."""
    with _long_lived():
        from ..project import Project

        return Project(args.config, start=paths or None, policy=args.policy,
                       spec_dirs=args.spec_dir,
                       cache_specs=not getattr(args, "no_cache", False))


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Load what lives for the whole command with the cyclic garbage collector paused, then
    freeze it (``gc.freeze``): importing the models and loading the configuration and specs
    makes hundreds of thousands of objects, none of them garbage, and the collections they
    triggered walked them again and again (about 6% of a small check's CPU time, 10% of a
    video adapt's). What is loaded here is bounded (configuration, policy and spec files have
    size limits). ``main`` unfreezes when the command ends, for a caller in the same process."""
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        gc.enable()


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


def page_output(given: Path | None, proj: Project, name: str) -> Path:
    """The file a page command (``map``, ``canvas``) writes: the one given, or ``name`` in the
    project's output folder, beside the variants it shows."""
    if given is not None:
        return given
    from ..confined import real_folder
    from ..errors import OutputError

    try:
        return real_folder(proj.out) / name
    except OSError as exc:
        raise OutputError(f"could not write {proj.out}: {exc.strerror or exc}") from None


def shown(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when inside it, with
    control characters made visible (a configured folder name comes from the repository)."""
    from ..printable import printable

    try:
        text = str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        text = str(path)
    return printable(text)
