"""Helpers of the reliability suite: hashing trees, checking output folders, waiting, mounts."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEMP_PREFIX = ".crosspost-tmp-"
#: Files a variant folder may hold besides the files its manifest lists.
BOOKKEEPING = {"manifest.json", ".crosspost.lock", ".crosspost-previous.json"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every file below ``root`` (relative path -> sha256), to prove nothing changed."""
    return {str(p.relative_to(root)): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def listing(root: Path) -> list[str]:
    """Every path below ``root``, folders included, to prove nothing was created."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def temps(root: Path) -> list[Path]:
    return sorted(root.rglob(f"{TEMP_PREFIX}*")) if root.exists() else []


def variant_folders(out: Path) -> list[Path]:
    """``OUT/<item>/<target>`` folders: every folder that holds a lock, manifest or temp."""
    marks = [*out.rglob("manifest.json"), *out.rglob(".crosspost.lock"),
             *out.rglob(".crosspost-previous.json")]
    return sorted({p.parent for p in marks})


def manifest_files(folder: Path) -> dict[str, tuple[str, int]] | None:
    """``{path: (sha256, bytes)}`` of the folder's manifest, or None when it has none."""
    path = folder / "manifest.json"
    if not path.exists():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))  # a torn manifest fails here
    from crosspost.output.manifest import Manifest

    Manifest.model_validate(doc)  # and a manifest missing fields here
    return {f["path"]: (f["sha256"], f["bytes"]) for f in doc["files"]}


Hashes = dict[Path, dict[str, str]]


def assert_consistent(out: Path, *, temps_allowed: bool = False) -> Hashes:
    """The output invariant: nothing partial, and no manifest that lies.

    * A folder with ``manifest.json``: every file it lists exists with that SHA-256 and size,
      and every other file is bookkeeping (lock, set-aside manifest) or a temporary file.
    * A folder without one (a run stopped half-way) is checked by ``assert_old_or_new``: this
      returns the hashes of its files for that.
    * Temporary files only where ``temps_allowed`` (after a SIGKILL, until the next run).
    """
    unlisted: Hashes = {}
    for folder in variant_folders(out):
        files = manifest_files(folder)
        present = {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()
                   and p.name not in BOOKKEEPING and not p.name.startswith(TEMP_PREFIX)}
        if files is None:
            unlisted[folder] = {name: sha256(path) for name, path in present.items()}
            continue
        for name, (digest, size) in files.items():
            assert name in present, f"{folder}: manifest lists {name}, which is missing"
            assert present[name].stat().st_size == size, f"{folder / name}: size differs"
            assert sha256(present[name]) == digest, f"{folder / name}: not the listed file"
        extra = set(present) - set(files)
        assert not extra, f"{folder}: files no manifest lists: {sorted(extra)}"
    if not temps_allowed:
        assert not temps(out), f"temporary files left: {temps(out)}"
    return unlisted


def manifest_hashes(out: Path) -> Hashes:
    """``{folder: {file: sha256}}`` from every manifest below ``out``."""
    return {folder: {name: digest for name, (digest, _) in (manifest_files(folder) or {}).items()}
            for folder in variant_folders(out) if (folder / "manifest.json").exists()}


def assert_old_or_new(unlisted: Hashes, before: Hashes, after: Hashes) -> None:
    """Each file of a folder a stopped run left without manifest is whole: it is the version
    the last complete run recorded (``before``) or the one the next complete run made from the
    same inputs (``after``), never something in between."""
    for folder, files in unlisted.items():
        for name, digest in files.items():
            allowed = {before.get(folder, {}).get(name), after.get(folder, {}).get(name)}
            assert digest in allowed, f"{folder / name} is neither the old nor the new file"


def wait_for(condition: Callable[[], object], timeout: float = 30.0, *,
             proc: subprocess.Popen[str] | None = None, what: str = "condition") -> None:
    """Poll until ``condition()`` is true; fail early if ``proc`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"process exited ({proc.returncode}) before {what}:\n"
                                 f"{out}\n{err}")
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")



def group_members(pgid: int) -> set[int]:
    """Pids of the live processes in process group ``pgid`` (from /proc, like ``pgrep -g``)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.add(int(stat.parent.name))
    return found


def kill_ours(pids: list[int], marker: str) -> None:
    """SIGKILL those of ``pids`` still running whose command line holds ``marker`` (the
    test's temporary folder), so that a pid reused by another process is left alone."""
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


# ------------------------------------------------------------------------- running the CLI


@dataclass
class Finished:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: this interpreter's paths, no colour, no CI hints."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CROSSPOST_", "FAKE_FFMPEG_", "RELIABILITY_"))}
    env.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def _default_signals() -> None:
    # A test runner started in the background inherits SIGINT ignored; a user's crosspost
    # in a terminal has the default, which this test needs to send Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


#: Every CLI process started, so that a failing test leaves none running (see conftest).
STARTED: list[subprocess.Popen[str]] = []


def start_cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """``python -m crosspost ARGS`` in its own process group (like a terminal's job)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crosspost", *args], cwd=cwd, env=env, text=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=_default_signals,
    )
    STARTED.append(proc)
    return proc


def stop_started() -> None:
    """Kill the process group of every CLI process a test started and left running."""
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=5)


def run_cli(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> Finished:
    proc = start_cli(args, cwd, env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(f"crosspost {' '.join(args)} hung:\n{out}\n{err}") from None
    return Finished(proc.returncode, out, err)


# ------------------------------------------------------------------------------- mounts


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` at ``path``; unmounted (lazily if busy) however the test ends.

    Raises ``PermissionError`` where mounting is not allowed (not root, no CAP_SYS_ADMIN).
    """
    path.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        raise PermissionError("mounting needs root and mount(8)")
    done = subprocess.run([mount, "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                           str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PermissionError(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)
