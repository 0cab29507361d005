"""Find and run ffmpeg without a shell, with a hard timeout and optional progress.

Every run goes through ``run_ffmpeg`` so that the safety rules live in one place: argument
lists only, ``-nostdin`` (ffmpeg otherwise reads keys from the terminal and can hang in CI),
its own process group (a timeout kills ffmpeg and anything it started), bounded output
buffers, and errors that quote ffmpeg's last stderr lines.
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from crosspost.errors import ToolError, ToolMissingError
from crosspost.media.ffmpeg_input import VIDEO_DEMUXERS, input_args, input_url

__all__ = [
    "FFMPEG_ENV",
    "VIDEO_DEMUXERS",
    "CompletedRun",
    "exit_status",
    "find_ffmpeg",
    "input_args",
    "input_url",
    "run_ffmpeg",
    "stream_ffmpeg",
]

FFMPEG_ENV = "CROSSPOST_FFMPEG"
_MAX_CAPTURE = 4 * 1024 * 1024  # per stream; ffmpeg's header dump is a few KiB
_TAIL_LINES = 12


@dataclass(frozen=True)
class CompletedRun:
    """Result of one ffmpeg run; ``stdout``/``stderr`` are decoded with surrogateescape."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def stderr_tail(self, lines: int = _TAIL_LINES) -> str:
        kept = [line for line in self.stderr.splitlines() if line.strip()]
        return "\n".join(kept[-lines:])


def find_ffmpeg(configured: str | None = None) -> str:
    """Return the ffmpeg executable: ``configured``, then ``$CROSSPOST_FFMPEG``, then imageio's.

    A configured or environment path that does not work is an error, not a reason to fall back
    silently to another ffmpeg that may behave differently.
    """
    looked: list[str] = []
    for label, value in (("configured ffmpeg", configured), (f"${FFMPEG_ENV}", _env())):
        if value is None:
            looked.append(f"{label}: not set")
            continue
        found = _usable(value)
        if found is not None:
            return found
        raise ToolMissingError(
            f"{label} {value!r} is not an executable file (looked: {'; '.join(looked)})"
        )
    try:
        exe = _imageio_ffmpeg()
    except ImportError:
        looked.append("imageio-ffmpeg: not installed")
    except Exception as exc:  # imageio_ffmpeg raises RuntimeError with its own search list
        looked.append(f"imageio-ffmpeg: {exc}")
    else:
        found = _usable(exe)
        if found is not None:
            return found
        looked.append(f"imageio-ffmpeg: {exe!r} is not executable")
    raise ToolMissingError(
        "ffmpeg not found; looked at: "
        + "; ".join(looked)
        + f". Install imageio-ffmpeg or set {FFMPEG_ENV} to an ffmpeg binary."
    )


#: Bump when the layout of the remembered answer changes.
_MEMO_SCHEMA = 1
_MEMO_BYTES = 64 * 1024


def _imageio_ffmpeg() -> str:
    """imageio-ffmpeg's ffmpeg (``get_ffmpeg_exe``), remembered between runs.

    imageio-ffmpeg checks the binary it bundles by running ``ffmpeg -version`` in every process
    that asks (about 12 ms of CPU), and importing it costs about 25 ms more (logging,
    importlib.resources). The bundled binary is found without that import (``_bundled``) and
    checked the same way; the answer is kept in the user's cache folder under what it depends
    on: where imageio-ffmpeg is installed, the identity (size, times, inode) of its code and of
    the binary. A binary replaced, touched or removed, another imageio-ffmpeg, or
    ``IMAGEIO_FFMPEG_EXE`` set (which imageio returns untested) asks again; without a usable
    bundled binary imageio-ffmpeg itself is asked (conda's ffmpeg, the system's), and that
    answer is not remembered: whether a bundled one appears is not in the key.
    """
    memo = _memo_file()
    key = _memo_key() if not os.environ.get("IMAGEIO_FFMPEG_EXE") else None
    if memo is not None and key is not None:
        known = _read_memo(memo, key)
        if known is not None:
            return known
    exe = _bundled(str(key["binaries"])) if key is not None else None
    if exe is None:
        import imageio_ffmpeg

        exe = str(imageio_ffmpeg.get_ffmpeg_exe())
    if memo is not None and key is not None and _stat_of(exe) is not None \
            and os.path.dirname(os.path.abspath(exe)) == key["binaries"]:
        _write_memo(memo, {**key, "exe": exe, "exe_stat": _stat_of(exe)})
    return exe


#: How long ``ffmpeg -version`` may take before the binary counts as not working.
_VERSION_SECONDS = 60


@functools.lru_cache(maxsize=4)  # once per process, as imageio-ffmpeg asks
def _bundled(binaries: str) -> str | None:
    """imageio-ffmpeg's bundled binary, found without importing imageio-ffmpeg: the one
    executable regular file named ``ffmpeg*`` in its ``binaries`` folder (neither the folder
    nor the file a link), which exits 0 on ``-version`` as imageio-ffmpeg requires. None when
    there is no such file, or more than one: then imageio-ffmpeg looks as before."""
    try:
        if not stat.S_ISDIR(os.lstat(binaries).st_mode):
            return None
        with os.scandir(binaries) as entries:
            found = [entry.path for entry in entries if entry.name.startswith("ffmpeg")
                     and entry.is_file(follow_symlinks=False)]
    except OSError:
        return None
    if len(found) != 1 or not os.access(found[0], os.X_OK):
        return None
    try:
        done = subprocess.run([found[0], "-version"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=_child_env(), timeout=_VERSION_SECONDS, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return found[0] if done.returncode == 0 else None


def _memo_file() -> str | None:
    if os.environ.get("IMAGEIO_FFMPEG_EXE"):
        return None
    from crosspost.media.disk_cache import default_cache_dir

    folder = default_cache_dir()
    return None if folder is None else os.path.join(folder, f"ffmpeg-v{_MEMO_SCHEMA}.json")


def _memo_key() -> dict[str, object] | None:
    """Where imageio-ffmpeg is and the identity of its code, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("imageio_ffmpeg")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = os.path.abspath(next(iter(spec.submodule_search_locations)))
    code = {name: _stat_of(os.path.join(package, name))
            for name in ("__init__.py", "_utils.py", "_definitions.py")}
    return {"schema": _MEMO_SCHEMA, "package": package, "code": code,
            "binaries": os.path.join(package, "binaries")}


def _stat_of(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _read_memo(memo: str, key: dict[str, object]) -> str | None:
    """The remembered binary when the key is unchanged and the binary is the same file."""
    import json

    try:
        with open(memo, "rb") as handle:
            known = json.loads(handle.read(_MEMO_BYTES + 1)[:_MEMO_BYTES])
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or any(known.get(k) != v for k, v in key.items()):
        return None
    exe = known.get("exe")
    if not isinstance(exe, str) or os.path.dirname(exe) != key["binaries"]:
        return None
    stat = _stat_of(exe)
    if stat is None or stat != known.get("exe_stat") or not os.access(exe, os.X_OK):
        return None
    return exe


def _write_memo(memo: str, entry: dict[str, object]) -> None:
    """Write atomically; failing to write is not an error."""
    import json

    with contextlib.suppress(OSError):
        os.makedirs(os.path.dirname(memo), exist_ok=True)
        temp = f"{memo}.{os.getpid()}.tmp"
        try:
            with open(temp, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(temp, memo)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def _env() -> str | None:
    value = os.environ.get(FFMPEG_ENV, "").strip()
    return value or None


def _usable(candidate: str) -> str | None:
    if os.sep not in candidate and (os.altsep is None or os.altsep not in candidate):
        return shutil.which(candidate)
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return os.path.abspath(candidate)
    return None


def run_ffmpeg(
    args: Sequence[str],
    *,
    timeout: float,
    progress: Callable[[float], None] | None = None,
    duration: float | None = None,
    check: bool = True,
    ffmpeg: str | None = None,
) -> CompletedRun:
    """Run ``ffmpeg -nostdin -hide_banner -nostats ARGS`` for at most ``timeout`` seconds.

    ``progress`` is called in the caller's thread with a non-decreasing fraction in [0, 1]
    (from ``-progress pipe:1`` over ``duration`` seconds of output; without a duration only
    the final 1.0 is reported); stdout then carries progress, so do not write output there.
    With ``check`` a non-zero exit raises ToolError quoting ffmpeg's last stderr lines.
    ``ffmpeg`` overrides the executable (see ``find_ffmpeg``).
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    exe = find_ffmpeg(ffmpeg)
    cmd = [exe, "-nostdin", "-hide_banner", "-nostats"]
    if progress is not None:
        cmd += ["-progress", "pipe:1", "-stats_period", "0.25"]
    cmd += list(args)
    started = time.monotonic()
    fractions: queue.SimpleQueue[float] = queue.SimpleQueue()
    on_line = _ProgressParser(duration, fractions.put).feed if progress is not None else None
    with _running(cmd, ToolMissingError) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        out = _Capture(proc.stdout, on_line)
        err = _Capture(proc.stderr, None, on_close=lambda: fractions.put(_CLOSED))
        timed_out = True
        try:
            timed_out = _wait(proc, started + timeout, fractions, progress)
        finally:
            if timed_out or proc.poll() is None:
                _kill_group(proc)
            _finish_readers(proc, (out, err))
    seconds = time.monotonic() - started
    run = CompletedRun(tuple(cmd), proc.returncode, out.text(), err.text(), seconds)
    if timed_out:
        shown = " ".join(cmd[4:])[:300]
        raise ToolError(f"ffmpeg timed out after {timeout:g} s and was killed: {shown}")
    if check and run.returncode != 0:
        status = exit_status(run.returncode) + _os_error(run.stderr)
        raise ToolError(f"ffmpeg failed ({status}):\n{run.stderr_tail()}")
    if progress is not None and run.returncode == 0:
        progress(1.0)
    return run


#: Reasons ffmpeg prints where it failed, often well before its last lines (the statistics).
_OS_ERRORS = ("No space left on device", "Disk quota exceeded", "File too large",
              "Read-only file system", "Permission denied")


def _os_error(stderr: str) -> str:
    """``": No space left on device"`` when ffmpeg reported an operating-system error."""
    found = next((reason for reason in _OS_ERRORS if reason in stderr), None)
    return f": {found}" if found else ""


def exit_status(code: int) -> str:
    """``exit 1``, or ``crashed with SIGSEGV`` for a negative (signal) return code."""
    if code >= 0:
        return f"exit {code}"
    try:
        return f"crashed with {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


@contextlib.contextmanager
def _running(cmd: list[str], missing: type[ToolError]) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``cmd`` in its own session, bound to this process (``_die_with_parent``).

    Interrupts are held while it starts (``interrupts.held``), so a Ctrl-C or SIGTERM never
    strands a child whose pid was not yet known; if the block is left with the child still
    running, its whole group is killed. ``missing`` is raised when it cannot start.
    """
    from crosspost.interrupts import held

    env = _child_env()
    proc: subprocess.Popen[bytes] | None = None
    try:
        with held():
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, start_new_session=True,
                                        env=env, preexec_fn=_die_with_parent())
            except OSError as exc:
                raise missing(f"could not start ffmpeg {cmd[0]!r}: {exc}") from exc
        yield proc
    finally:
        if proc is not None and proc.poll() is None:
            _kill_group(proc)


def _child_env() -> dict[str, str]:
    """ffmpeg's environment: no colour codes in its messages, no report files in the cwd."""
    env = dict(os.environ, AV_LOG_FORCE_NOCOLOR="1")
    for variable in ("AV_LOG_FORCE_COLOR", "FFREPORT"):  # FFREPORT writes log files to cwd
        env.pop(variable, None)
    return env


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a child setup step that has the kernel SIGKILL ffmpeg when crosspost dies.

    ffmpeg runs in its own session, so a signal to crosspost's process group does not reach it,
    and a crosspost that is SIGKILLed (or crashes) cannot kill it either: without this it
    would encode on as an orphan. ``PR_SET_PDEATHSIG`` ties it to the thread that started it,
    which waits in ``run_ffmpeg`` until ffmpeg ends. Elsewhere: None (no setup step).
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def setup() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # crosspost died before the line above took effect
            os._exit(1)

    return setup


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@functools.lru_cache(maxsize=1)
def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


#: Put on the progress queue when ffmpeg closes its stderr, which it does as it exits.
_CLOSED = -1.0
#: How often the wait looks at the process when no message comes (a child of ffmpeg that
#: holds stderr open would otherwise hide its exit); exit itself wakes the wait at once.
_POLL_SECONDS = 0.5


def _wait(
    proc: subprocess.Popen[bytes],
    deadline: float,
    fractions: queue.SimpleQueue[float],
    progress: Callable[[float], None] | None,
) -> bool:
    """Wait for exit, forwarding progress; return True if the deadline passed first.

    No polling floor: the stderr reader wakes this wait the moment ffmpeg closes the pipe,
    so a 30 ms probe costs 30 ms, not 50.
    """
    best = 0.0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return proc.poll() is None
        try:
            value = fractions.get(timeout=min(remaining, _POLL_SECONDS))
        except queue.Empty:
            if proc.poll() is not None:
                return False
            continue
        if value == _CLOSED:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.001))
            except subprocess.TimeoutExpired:
                return True
            return False
        if progress is not None and value > best:
            best = value
            progress(value)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored
        proc.wait(timeout=5)


def _finish_readers(proc: subprocess.Popen[bytes], readers: Sequence[_Capture]) -> None:
    for reader in readers:
        reader.thread.join(timeout=2)
    if any(reader.thread.is_alive() for reader in readers):
        # ffmpeg exited but something it started still holds the pipes: end the whole group.
        _kill_group(proc)
        for reader in readers:
            reader.thread.join(timeout=2)


class _Capture:
    """Drain one pipe in a thread, keeping at most ``_MAX_CAPTURE`` bytes (head and tail).

    Reads chunks, not lines: ffmpeg's stats use ``\r`` and would make one endless "line".
    """

    def __init__(self, pipe: IO[bytes], on_line: Callable[[str], None] | None,
                 on_close: Callable[[], None] | None = None) -> None:
        self._on_line = on_line
        self._on_close = on_close
        self._pipe = pipe
        self._head = bytearray()
        self._tail = bytearray()
        self._partial = b""
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with self._pipe:
                while chunk := os.read(self._pipe.fileno(), 65536):
                    self._keep(chunk)
                    if self._on_line is not None:
                        *lines, self._partial = (self._partial + chunk).split(b"\n")
                        self._partial = self._partial[-4096:]
                        for raw in lines:
                            self._on_line(raw.decode("utf-8", "replace").strip())
        finally:
            if self._on_close is not None:
                self._on_close()

    def _keep(self, chunk: bytes) -> None:
        room = _MAX_CAPTURE // 2 - len(self._head)
        if room > 0:
            self._head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self._tail += chunk
            if len(self._tail) > _MAX_CAPTURE:
                del self._tail[: len(self._tail) - _MAX_CAPTURE // 2]

    def text(self) -> str:
        return bytes(self._head + self._tail).decode("utf-8", "surrogateescape")


class _ProgressParser:
    """Turn ``-progress`` key=value blocks into fractions of ``duration``."""

    def __init__(self, duration: float | None, emit: Callable[[float], None]) -> None:
        self._total_us = duration * 1e6 if duration and duration > 0 else None
        self._emit = emit

    def feed(self, line: str) -> None:
        key, _, value = line.partition("=")
        if self._total_us is None or key not in ("out_time_us", "out_time_ms"):
            return
        try:
            micros = float(value)
        except ValueError:  # "N/A" before the first frame
            return
        self._emit(min(max(micros / self._total_us, 0.0), 1.0))


def stream_ffmpeg(args: Sequence[str], *, chunk: int, timeout: float,
                  ffmpeg: str | None = None) -> Iterator[bytes]:
    """Run ``ffmpeg -nostdin -hide_banner -nostats ARGS`` writing raw data to ``pipe:1`` and
    yield it in pieces of exactly ``chunk`` bytes (a trailing partial piece is dropped).

    Memory stays at one piece however long the input: the consumer works frame by frame.
    The same safety as ``run_ffmpeg``: its own process group, killed at ``timeout`` seconds
    or when the consumer stops early; a non-zero exit raises ToolError with stderr's tail.
    """
    if timeout <= 0 or chunk <= 0:
        raise ValueError("timeout and chunk must be positive")
    exe = find_ffmpeg(ffmpeg)
    cmd = [exe, "-nostdin", "-hide_banner", "-nostats", *args]
    with _running(cmd, ToolError) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        err = _Capture(proc.stderr, None)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _kill_group(proc)

        timer = threading.Timer(timeout, expire)
        timer.daemon = True
        timer.start()
        finished = False
        try:
            while (piece := _read_exact(proc.stdout, chunk)) is not None:
                yield piece
            proc.wait()
            finished = True
        finally:
            timer.cancel()
            if not finished and proc.poll() is None:
                _kill_group(proc)
            proc.stdout.close()
            _finish_readers(proc, (err,))
    if expired.is_set():
        raise ToolError(f"ffmpeg timed out after {timeout:g} s and was killed: "
                        + " ".join(cmd[4:])[:300])
    if proc.returncode != 0:
        tail = "\n".join([ln for ln in err.text().splitlines() if ln.strip()][-_TAIL_LINES:])
        raise ToolError(f"ffmpeg failed ({exit_status(proc.returncode)}):\n{tail}")


def _read_exact(pipe: IO[bytes], size: int) -> bytes | None:
    """``size`` bytes from ``pipe``, or None at the end of the stream."""
    parts = bytearray()
    while len(parts) < size:
        data = pipe.read(size - len(parts))
        if not data:
            return None
        parts += data
    return bytes(parts)
