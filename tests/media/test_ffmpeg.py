"""find_ffmpeg, run_ffmpeg and input_args: the rules every ffmpeg call relies on."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from crosspost.errors import ToolError
from crosspost.media import ffmpeg as ffmpeg_mod
from crosspost.media.ffmpeg import FFMPEG_ENV, find_ffmpeg, input_args, run_ffmpeg
from crosspost.testing import pid_gone

# ---------------------------------------------------------------- find_ffmpeg


def _fake_exe(path: Path, body: str) -> Path:
    path.write_text(f"#!{sys.executable}\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_find_prefers_configured_then_env_then_imageio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ffmpeg_exe: str
) -> None:
    configured = _fake_exe(tmp_path / "configured", "")
    from_env = _fake_exe(tmp_path / "from-env", "")
    monkeypatch.setenv(FFMPEG_ENV, str(from_env))
    assert find_ffmpeg(str(configured)) == str(configured)
    assert find_ffmpeg() == str(from_env)
    monkeypatch.delenv(FFMPEG_ENV)
    assert find_ffmpeg() == os.path.abspath(ffmpeg_exe)


def test_broken_configured_path_is_an_error_not_a_silent_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(FFMPEG_ENV, raising=False)
    with pytest.raises(ToolError, match=r"configured ffmpeg '.*/nope' is not an executable"):
        find_ffmpeg(str(tmp_path / "nope"))
    monkeypatch.setenv(FFMPEG_ENV, str(tmp_path / "also-nope"))
    with pytest.raises(ToolError, match=r"\$CROSSPOST_FFMPEG '.*also-nope'"):
        find_ffmpeg()


def test_missing_everywhere_lists_every_place(monkeypatch: pytest.MonkeyPatch) -> None:
    import imageio_ffmpeg

    def boom() -> str:
        raise RuntimeError("No ffmpeg exe could be found")

    monkeypatch.delenv(FFMPEG_ENV, raising=False)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")  # nothing remembered: imageio is asked
    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", boom)
    monkeypatch.setattr(ffmpeg_mod, "_bundled", lambda binaries: None)
    with pytest.raises(ToolError) as info:
        find_ffmpeg()
    message = str(info.value)
    assert "configured ffmpeg: not set" in message
    assert "$CROSSPOST_FFMPEG: not set" in message
    assert "imageio-ffmpeg: No ffmpeg exe could be found" in message


def test_imageio_s_answer_is_remembered_and_asked_again_when_anything_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ffmpeg_exe: str
) -> None:
    """A second process finds imageio-ffmpeg's bundled binary without running
    ``ffmpeg -version``; a remembered answer that no longer holds is not used."""
    import json
    import subprocess

    monkeypatch.delenv(FFMPEG_ENV, raising=False)
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE", raising=False)
    monkeypatch.delenv("CROSSPOST_CACHE", raising=False)
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    code = ("import sys; from crosspost.media.ffmpeg import find_ffmpeg; "
            "print(find_ffmpeg(), 'imageio_ffmpeg' in sys.modules)")

    def lookup() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, timeout=60)
        return done.stdout.split()

    expected = os.path.abspath(ffmpeg_exe)
    assert lookup() == [expected, "False"]  # found and run with -version, not imported
    memo = tmp_path / "cache" / f"ffmpeg-v{ffmpeg_mod._MEMO_SCHEMA}.json"
    assert lookup() == [expected, "False"]  # remembered
    entry = json.loads(memo.read_text("utf-8"))
    key = ffmpeg_mod._memo_key()
    assert key is not None
    assert ffmpeg_mod._read_memo(str(memo), key) == expected
    for changed in ({"exe_stat": [1, 2, 3, 4, 5]},  # the binary replaced or touched
                    {"exe": str(tmp_path / "ffmpeg")},  # not the bundled binary
                    {"code": {"__init__.py": [0, 0, 0, 0, 0]}},  # imageio-ffmpeg reinstalled
                    {"package": str(tmp_path)}):  # another imageio-ffmpeg
        memo.write_text(json.dumps({**entry, **changed}), "utf-8")
        assert ffmpeg_mod._read_memo(str(memo), key) is None, changed
        assert lookup() == [expected, "False"]
    memo.write_text("{not json", "utf-8")
    assert ffmpeg_mod._read_memo(str(memo), key) is None
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", expected)  # imageio returns it untested
    assert lookup() == [expected, "True"]


def test_the_bundled_binary_is_found_as_imageio_ffmpeg_finds_it_without_importing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one executable regular file named ffmpeg* in imageio-ffmpeg's ``binaries`` folder,
    checked with ``-version`` once per process and remembered between processes; a link
    there, two candidates or a binary that fails ``-version`` leave the search to
    imageio-ffmpeg itself (conda's ffmpeg, the system's)."""
    import subprocess

    package = tmp_path / "lib" / "imageio_ffmpeg"
    (package / "binaries").mkdir(parents=True)
    log = tmp_path / "log"
    system = _fake_exe(tmp_path / "system-ffmpeg", "")
    (package / "__init__.py").write_text(
        f"open({str(log)!r}, 'a').write('imported\\n')\n"
        f"def get_ffmpeg_exe():\n    return {str(system)!r}\n", "utf-8")
    record = f"import sys\nopen({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')"
    bundled = _fake_exe(package / "binaries" / "ffmpeg-test-v1", record)
    (package / "binaries" / "README.md").write_text("", "utf-8")
    for name in (FFMPEG_ENV, "IMAGEIO_FFMPEG_EXE", "CROSSPOST_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CROSSPOST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path / "lib"),
                                                      os.environ.get("PYTHONPATH", "")]))

    def lookup() -> tuple[str, list[str]]:
        log.write_text("", "utf-8")
        code = ("from crosspost.media.ffmpeg import find_ffmpeg\n"
                "assert find_ffmpeg() == find_ffmpeg()\nprint(find_ffmpeg())")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, timeout=60)
        return done.stdout.strip(), log.read_text("utf-8").splitlines()

    assert lookup() == (str(bundled), ["-version"])  # once, in a process asking three times
    assert lookup() == (str(bundled), [])  # remembered
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    assert lookup() == (str(bundled), ["-version"])
    bundled.rename(tmp_path / "real-ffmpeg")
    bundled.symlink_to(tmp_path / "real-ffmpeg")  # a link is not followed
    assert lookup() == (str(system), ["imported"])
    bundled.unlink()
    failing = _fake_exe(package / "binaries" / "ffmpeg-test-v1", "raise SystemExit(1)")
    assert lookup() == (str(system), ["imported"])
    second = _fake_exe(package / "binaries" / "ffmpeg-test-v2", record)
    failing.unlink()
    _fake_exe(package / "binaries" / "ffmpeg-test-v1", record)
    assert lookup() == (str(system), ["imported"])  # two candidates: imageio chooses
    second.unlink()
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(system))  # imageio returns it untested
    assert lookup() == (str(system), ["imported"])


# ---------------------------------------------------------------- run_ffmpeg


def test_run_reports_progress_fractions_ending_at_one() -> None:
    seen: list[float] = []
    args = ["-f", "lavfi", "-i", "testsrc2=size=64x36:rate=25:duration=2"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-f", "null", "-"]
    run = run_ffmpeg(args, timeout=60, progress=seen.append, duration=2.0)
    assert run.returncode == 0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert all(0.0 <= value <= 1.0 for value in seen)
    assert run.args[1:4] == ("-nostdin", "-hide_banner", "-nostats")


def test_exit_wakes_the_wait_without_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait ends when ffmpeg closes its pipes, not at the next tick of a polling loop:
    every ffmpeg call used to cost at least 50 ms more than ffmpeg itself."""
    import queue

    timeouts: list[float | None] = []

    class Recording(queue.SimpleQueue):  # type: ignore[type-arg]
        def get(self, block: bool = True, timeout: float | None = None) -> object:
            timeouts.append(timeout)
            return super().get(block, timeout)

    monkeypatch.setattr(ffmpeg_mod.queue, "SimpleQueue", Recording)
    args = ["-f", "lavfi", "-i", "testsrc2=size=64x36:rate=25:duration=1", "-f", "null", "-"]
    assert run_ffmpeg(args, timeout=60).returncode == 0
    # One wait that the closing pipe ends (a slow machine may need one more tick of 0.5 s).
    assert 1 <= len(timeouts) <= 3
    assert all(t is not None and t >= ffmpeg_mod._POLL_SECONDS for t in timeouts)


def test_failure_raises_tool_error_with_stderr_tail() -> None:
    with pytest.raises(ToolError, match=r"ffmpeg failed \(exit \d+\):\n.*no-such-filter"):
        run_ffmpeg(["-f", "lavfi", "-i", "no-such-filter", "-f", "null", "-"], timeout=30)


def test_failure_without_check_returns_the_run() -> None:
    run = run_ffmpeg(["-f", "lavfi", "-i", "no-such-filter"], timeout=30, check=False)
    assert run.returncode != 0
    assert "no-such-filter" in run.stderr


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    """A fake ffmpeg starts a grandchild and both sleep forever; both must be gone."""
    pids = tmp_path / "pids"
    fake = _fake_exe(
        tmp_path / "ffmpeg",
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(3600)\n",
    )
    started = time.monotonic()  # 4 s: time for the fake to start its grandchild under load
    with pytest.raises(ToolError, match=r"ffmpeg timed out after 4 s"):
        run_ffmpeg(["-i", "x"], timeout=4, ffmpeg=str(fake))
    assert time.monotonic() - started < 15
    parent, child = (int(p) for p in pids.read_text().split())
    assert pid_gone(parent)
    assert pid_gone(child)


class _Stop(Exception):
    pass


def test_progress_callback_error_kills_ffmpeg_and_propagates() -> None:
    def stop(_: float) -> None:
        raise _Stop

    args = ["-re", "-f", "lavfi", "-i", "testsrc2=size=32x18:rate=10:duration=30"]
    args += ["-f", "null", "-"]
    started = time.monotonic()
    with pytest.raises(_Stop):
        run_ffmpeg(args, timeout=60, progress=stop, duration=30.0)
    assert time.monotonic() - started < 15


def test_huge_stderr_is_capped_but_keeps_the_last_lines(tmp_path: Path) -> None:
    fake = _fake_exe(
        tmp_path / "ffmpeg",
        "import sys\n"
        "sys.stderr.write(('x' * 99 + '\\r') * 100_000)\n"
        "sys.stderr.write('\\nError: the real reason\\n')\n"
        "sys.exit(3)\n",
    )
    with pytest.raises(ToolError, match=r"exit 3\):\n(.|\n)*Error: the real reason$"):
        run_ffmpeg(["-i", "x"], timeout=30, ffmpeg=str(fake))
    run = run_ffmpeg(["-i", "x"], timeout=30, ffmpeg=str(fake), check=False)
    assert len(run.stderr) <= 4 * 1024 * 1024 + 2 * 1024 * 1024
    assert run.stderr.endswith("Error: the real reason\n")


def test_run_rejects_non_positive_timeout() -> None:
    with pytest.raises(ValueError, match="timeout"):
        run_ffmpeg(["-version"], timeout=0)


def test_progress_parser_ignores_na_and_clamps() -> None:
    values: list[float] = []
    parser = ffmpeg_mod._ProgressParser(2.0, values.append)
    for line in ("out_time_us=N/A", "out_time_us=1000000", "out_time_ms=5000000", "speed=1x"):
        parser.feed(line)
    assert values == [0.5, 1.0]


# ---------------------------------------------------------------- input_args


def test_input_args_whitelist_protocol_and_formats(tmp_path: Path) -> None:
    args = input_args("-i.mp4")
    assert args[:4] == [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        "mov,matroska,avi,mpegts",
    ]
    assert args[4] == "-i"
    assert args[5] == "file:" + os.path.abspath("-i.mp4")
    assert input_args(tmp_path / "a.mkv", formats=["matroska"])[3] == "matroska"


@pytest.mark.parametrize("bad", ["", "mov,hls", "-f", "a\0b"])
def test_input_args_rejects_bad_demuxer_names(bad: str) -> None:
    with pytest.raises(ValueError, match="demuxer"):
        input_args("a.mp4", formats=[bad])


def test_an_interrupt_while_ffmpeg_starts_leaves_no_running_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM (turned into KeyboardInterrupt, as the CLI and pool workers do) landing while
    ``Popen`` waits for the child's exec used to lose the child's pid: nothing killed it, and
    a pool test found its half-written output left behind. The interrupt now waits until the
    child is owned, then stops the run and the child with it."""
    import signal
    import subprocess

    fake = _fake_exe(tmp_path / "ffmpeg", "import time\ntime.sleep(3600)\n")
    real_popen = subprocess.Popen
    started: list[int] = []

    def popen_then_signal(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        proc = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc.pid)
        os.kill(os.getpid(), signal.SIGTERM)  # as if it arrived during the exec wait
        for _ in range(1000):  # give the handler its chance to run in here
            pass
        return proc  # type: ignore[no-any-return]

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(subprocess, "Popen", popen_then_signal)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_ffmpeg(["-i", "x"], timeout=60, ffmpeg=str(fake))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(started) == 1
    assert pid_gone(started[0])


def test_held_delivers_interrupts_after_the_block() -> None:
    import signal

    from crosspost.interrupts import held

    seen: list[str] = []

    def stop(signum: int, frame: object) -> None:
        seen.append("handler")
        raise KeyboardInterrupt

    def block() -> None:
        with held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            seen.append("block finished")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(KeyboardInterrupt):
            block()
        assert seen == ["block finished", "handler"]
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, previous)
