"""The GitHub Action's steps, as one script with no dependencies: `install` and `check`.

    python3 action/run.py install   # a virtual environment with crosspost, under RUNNER_TEMP
    python3 action/run.py check     # one `crosspost check`: annotations, summary, SARIF

Inputs come as the environment variables action.yml sets (``INPUT_*``); results go to
``$GITHUB_OUTPUT`` and ``$GITHUB_ENV`` as the runner expects. Paths and options are passed to
crosspost as an argument list, never through a shell.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHT_REQUIREMENTS = HERE / "light-requirements.txt"


def _input(name: str, default: str = "") -> str:
    return os.environ.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip()


def _append(variable: str, lines: dict[str, str]) -> None:
    """Write ``name=value`` lines to the file the runner names in ``variable``."""
    target = os.environ.get(variable)
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        for key, value in lines.items():
            if "\n" in value or "\r" in value:
                raise SystemExit(f"crosspost action: {key} must be one line")
            handle.write(f"{key}={value}\n")


def _venv_dir() -> Path:
    return Path(os.environ.get("RUNNER_TEMP") or HERE.parent / ".action-tmp") / "crosspost-venv"


def _python(env_dir: Path) -> Path:
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install() -> int:
    """Install crosspost: light (the runner's ffmpeg, no bundled one) when it can be."""
    requirement = _input("version") or str(HERE.parent)
    light = _input("light", "auto").lower()
    ffmpeg = shutil.which("ffmpeg")
    if light == "true" and not ffmpeg:
        raise SystemExit("crosspost action: light: true needs ffmpeg on the runner's PATH")
    use_light = light == "true" or (light == "auto" and ffmpeg is not None)
    env_dir = _venv_dir()
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    pip = [str(_python(env_dir)), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if use_light:
        subprocess.run([*pip, "--no-deps", requirement], check=True)
        subprocess.run([*pip, "-r", str(LIGHT_REQUIREMENTS)], check=True)
    else:
        subprocess.run([*pip, requirement], check=True)
    env = {"CROSSPOST_PYTHON": str(_python(env_dir))}
    if use_light and ffmpeg:
        env["CROSSPOST_FFMPEG"] = ffmpeg
    _append("GITHUB_ENV", env)
    print(f"crosspost action: installed {'light, with ' + str(ffmpeg) if use_light else 'in full'}")
    return 0


def check_arguments() -> list[str]:
    """The `crosspost check` arguments for the inputs."""
    args = ["check", *shlex.split(_input("paths")), "--format", "github"]
    for name, option in (("fail-on", "--fail-on"), ("config", "--config"),
                         ("policy", "--policy")):
        value = _input(name)
        if value:
            args += [option, value]
    for target in shlex.split(_input("targets")):
        args += ["--target", target]
    sarif = _input("sarif")
    if sarif:
        args += ["--report", f"sarif={sarif}"]
    junit = _input("junit")
    if junit:
        args += ["--report", f"junit={junit}"]
    return args


def check() -> int:
    """Run one check; its exit code is the step's, and an output for later steps."""
    python = os.environ.get("CROSSPOST_PYTHON") or sys.executable
    command = [python, "-m", "crosspost", *check_arguments()]
    print("crosspost action: " + shlex.join(command[2:]), flush=True)
    code = subprocess.run(command, check=False).returncode
    outputs = {"exit-code": str(code)}
    if _input("sarif") and Path(_input("sarif")).is_file():
        outputs["sarif"] = _input("sarif")
    _append("GITHUB_OUTPUT", outputs)
    return code


def main(argv: list[str]) -> int:
    steps = {"install": install, "check": check}
    if len(argv) != 2 or argv[1] not in steps:
        print(f"usage: {argv[0]} install|check", file=sys.stderr)
        return 2
    return steps[argv[1]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
