"""Every shell command the docs show runs, as shown: on the example campaign, and (the content
commands) on a copy of the posts without any configuration, as a stranger would first try it.

Commands come from the ``sh``/``bash``/``console`` blocks of README.md and docs/*.md. A command
either runs here or is listed in ``NOT_RUN`` with the reason (installs, the test suite itself,
a server): a new command in the docs that is neither fails the test until it is classified.
A file a page shows with its path in a first-line comment (``# specs/social-overheid.yaml``) is
written first, as the reader would. Each command must exit 0 or 1 (findings), never 2 (could
not run), and never print a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|console|shell)\n(.*?)^```", re.S | re.M)
SHOWN_FILE = re.compile(r"^```(?:ya?ml|toml)\n# ([\w./-]+\.(?:ya?ml|toml))\n(.*?)^```",
                        re.S | re.M)
BIN = Path(sys.executable).parent

#: Commands that are shown but not run here, and why. Matched at the start of a command.
NOT_RUN: dict[str, str] = {
    "python3 -m venv": "creates a virtual environment; .ci/run does it on a clean clone",
    ".venv/bin/pip install": "installs the package; .ci/run does it on a clean clone",
    "pip install": "installs a package",
    "export CROSSPOST_FFMPEG=": "points at a system ffmpeg; "
    "tests/reliability/test_ffmpeg_faults.py sets the variable",
    ".venv/bin/python -m pytest": "the test suite itself",
    "python -m pytest": "the test suite itself",
    "RELIABILITY_FUZZ_EXAMPLES=": "the test suite itself, fuzzing deeper",
    ".venv/bin/ruff": "lints the checkout; .ci/run runs it",
    ".venv/bin/mypy": "type-checks the checkout; .ci/run runs it",
    ".venv/bin/mkdocs build": "tests/docs/test_docs.py builds the site",
    "mkdocs serve": "a web server that runs until it is stopped",
    "pre-commit install": "installs a git hook; tests/ci/test_pre_commit.py runs the hook",
    "pre-commit run": "tests/ci/test_pre_commit.py runs the hook with `pre-commit try-repo`",
    "python docs/gen_reference.py           #": "rewrites the docs; the --check form runs here",
    "python docs/gen_reference.py\n": "rewrites the docs; the --check form runs here",
    "crosspost specs from-instance": "reads a saved instance document or downloads one; "
    "tests/cli/test_from_instance.py runs both, on saved documents and a local server",
}
#: Commands that read or write the repository itself run in it (read-only ones only).
IN_CHECKOUT = ("python docs/gen_reference.py --check",)
#: What a command may not touch: it would leave the test's folders.
REPLACE = {"/tmp/campagne": "{tmp}/campagne"}
DASK_ADDRESS = "tcp://10.0.0.5:8786"


@dataclass(frozen=True)
class Shown:
    page: str
    command: str

    @property
    def id(self) -> str:
        return f"{self.page}: {self.command[:70]}"


def _commands(text: str) -> list[str]:
    """The commands of a shell block: a README chain of `&&` is split into its commands."""
    found = []
    for block in SHELL_BLOCK.findall(text):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            if not line or line.startswith("#"):
                continue
            found += [part.strip() for part in line.split(" && ")]
    return found


def shown_commands() -> list[Shown]:
    return [Shown(page.relative_to(ROOT).as_posix(), command)
            for page in PAGES for command in _commands(page.read_text("utf-8"))]


def _skipped(command: str) -> str | None:
    for start, why in NOT_RUN.items():
        if (command + "\n").startswith(start):
            return why
    return None


SHOWN = shown_commands()
RUN = [s for s in SHOWN if _skipped(s.command) is None]
CONTENT = ("crosspost check", "crosspost plan", "crosspost adapt", "crosspost map")


def _bare(command: str) -> bool:
    """Content commands that need nothing but posts (no policy, spec folder or canvas)."""
    return _run_form(command).startswith(CONTENT) and not any(
        word in command for word in ("--policy", "--spec-dir", "--dask-scheduler"))


def _run_form(command: str) -> str:
    return command.removeprefix(".venv/bin/")


WITHOUT_CONFIG = [s for s in RUN if _bare(s.command)]


@dataclass(frozen=True)
class Place:
    """A copy of the repository's content: ``root`` holds examples/ and platform_specs/;
    ``content`` is the content repository (a crosspost.toml, or none), where commands that
    name `posts/` run."""

    root: Path
    content: Path


def _place(base: Path, configured: bool) -> Place:
    root = base / ("repo" if configured else "stranger")
    if configured:
        shutil.copytree(ROOT / "examples", root / "examples",
                        ignore=shutil.ignore_patterns("out", "make_media.py"))
    else:  # the posts and their media only: no configuration, policy, handles or canvas
        shutil.copytree(ROOT / "examples" / "posts", root / "examples" / "posts")
    shutil.copytree(ROOT / "platform_specs", root / "platform_specs")
    for page in PAGES:
        for name, body in SHOWN_FILE.findall(page.read_text("utf-8")):
            target = root / "examples" / name
            if configured and not name.startswith("examples/") and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, "utf-8")
    return Place(root, root / "examples")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Place:
    return _place(tmp_path_factory.mktemp("docs"), configured=True)


@pytest.fixture(scope="module")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Place:
    return _place(tmp_path_factory.mktemp("docs"), configured=False)


def run_shown(command: str, place: Place, tmp: Path) -> subprocess.CompletedProcess[str]:
    command = _run_form(command)
    for old, new in REPLACE.items():
        command = command.replace(old, new.format(tmp=tmp))
    if command.startswith(IN_CHECKOUT):
        cwd = ROOT
        command = command.replace("python ", f"{sys.executable} ", 1)
    elif "examples" in command or "platform_specs" in command:
        cwd = place.root
    else:
        cwd = place.content
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "CROSSPOST_CACHE": "off"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def _expect_ran(done: subprocess.CompletedProcess[str], command: str) -> None:
    said = done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in said, said
    assert done.returncode in (0, 1), f"{command!r} exited {done.returncode}:\n{said}"


def test_every_shown_command_is_run_or_says_why_not() -> None:
    assert len(SHOWN) > 30  # the extraction reads the pages
    assert any(s.command.startswith("crosspost check") for s in RUN)
    assert {s.command for s in SHOWN if _skipped(s.command)} >= {
        "python3 -m venv .venv", "pre-commit install                   # check on every "
        "`git commit`"}
    unknown = [s.id for s in RUN if not _run_form(s.command).startswith(
        ("crosspost ", "crosspost\n", *IN_CHECKOUT))]
    assert unknown == [], f"classify these commands in NOT_RUN or run them: {unknown}"


@pytest.mark.slow
@pytest.mark.parametrize("shown", RUN, ids=lambda s: s.id)
def test_shown_command_runs_on_the_examples(shown: Shown, repo: Place, tmp_path: Path) -> None:
    if DASK_ADDRESS in shown.command:
        distributed = pytest.importorskip("distributed")
        with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                      dashboard_address=None) as cluster:
            command = shown.command.replace(DASK_ADDRESS, cluster.scheduler_address)
            done = run_shown(command, repo, tmp_path)
    else:
        done = run_shown(shown.command, repo, tmp_path)
    _expect_ran(done, shown.command)


@pytest.mark.slow
@pytest.mark.parametrize("shown", WITHOUT_CONFIG, ids=lambda s: s.id)
def test_content_command_runs_without_configuration(shown: Shown, stranger: Place,
                                                    tmp_path: Path) -> None:
    done = run_shown(shown.command, stranger, tmp_path)
    _expect_ran(done, shown.command)
    assert "path_escape" not in done.stdout + done.stderr
    if _run_form(shown.command).startswith("crosspost adapt"):
        assert "written to" in done.stdout, done.stdout[-2000:]
