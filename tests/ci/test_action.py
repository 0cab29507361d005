"""The GitHub Action: its script run as the runner runs it (GITHUB_* and INPUT_* set), the
light install it makes, and action.yml wiring every input through."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "action" / "run.py"


def _runner_env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    files = {name: tmp_path / f"{name.lower()}.txt"
             for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
    for file in files.values():
        file.write_text("", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INPUT_")}
    env.update({k: str(v) for k, v in files.items()})
    env.update({"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(tmp_path / "runner-temp"),
                "CROSSPOST_CACHE_DIR": str(tmp_path / "cache")})
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return env


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    subprocess.run(["cp", "-r", str(ROOT / "examples"), str(target)], check=True)
    return target


def test_action_yml_passes_every_input_to_the_script() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    passed = {key for step in action["runs"]["steps"] for key in step.get("env", {})}
    for name, spec in action["inputs"].items():
        assert spec["description"]
        assert f"INPUT_{name.upper().replace('-', '_')}" in passed, name
    script = SCRIPT.read_text("utf-8")
    used = set(re.findall(r'_input\("([a-z-]+)"', script)) | set(
        re.findall(r'\("([a-z-]+)", "--', script))
    assert used == set(action["inputs"]), used ^ set(action["inputs"])


def test_light_requirements_are_the_dependencies_without_the_bundled_ffmpeg() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    light = [line for line in (ROOT / "action" / "light-requirements.txt").read_text(
        "utf-8").splitlines() if line and not line.startswith("#")]
    heavy = [d for d in deps if d.startswith(("imageio-ffmpeg", "numpy"))]
    assert len(heavy) == 2
    assert sorted(light) == sorted(d for d in deps if d not in heavy)


def test_check_step_annotates_summarises_and_writes_sarif(
    tmp_path: Path, examples: Path
) -> None:
    env = _runner_env(tmp_path, paths="posts", sarif="crosspost.sarif", fail_on="error")
    env["CROSSPOST_PYTHON"] = sys.executable
    done = subprocess.run([sys.executable, str(SCRIPT), "check"], cwd=examples, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr  # the examples carry errors on purpose
    assert "::error file=posts/" in done.stdout
    assert re.search(r"::warning file=posts/zonnepanelen\.md,line=\d+,endLine=\d+,col=\d+",
                     done.stdout)
    summary = (tmp_path / "github_step_summary.txt").read_text("utf-8")
    assert summary.startswith("## crosspost:")
    sarif = json.loads((examples / "crosspost.sarif").read_text("utf-8"))
    assert sarif["runs"][0]["results"]
    outputs = (tmp_path / "github_output.txt").read_text("utf-8").splitlines()
    assert outputs == ["exit-code=1", "sarif=crosspost.sarif"]


def test_paths_with_spaces_and_no_shell(tmp_path: Path, examples: Path) -> None:
    (examples / "posts" / "met spatie").mkdir()
    (examples / "posts" / "met spatie" / "a;b.md").write_text(
        "---\nid: ab\ntargets: [x.post]\nlanguage: nl\n---\nKort bericht.\n", "utf-8")
    env = _runner_env(tmp_path, paths="'posts/met spatie/a;b.md'")
    env["CROSSPOST_PYTHON"] = sys.executable
    done = subprocess.run([sys.executable, str(SCRIPT), "check"], cwd=examples, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "exit-code=0" in (tmp_path / "github_output.txt").read_text("utf-8")


@pytest.mark.slow
def test_light_install_checks_with_the_system_ffmpeg(tmp_path: Path, examples: Path) -> None:
    import imageio_ffmpeg

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ffmpeg").symlink_to(imageio_ffmpeg.get_ffmpeg_exe())
    env = _runner_env(tmp_path, light="true")
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    subprocess.run([sys.executable, str(SCRIPT), "install"], cwd=examples, env=env,
                   capture_output=True, text=True, timeout=900, check=True)
    exported = dict(line.split("=", 1) for line in
                    (tmp_path / "github_env.txt").read_text("utf-8").splitlines())
    assert exported["CROSSPOST_FFMPEG"] == str(bin_dir / "ffmpeg")
    python = exported["CROSSPOST_PYTHON"]
    missing = subprocess.run(
        [python, "-c", "import importlib.util as u; print([m for m in ('imageio_ffmpeg', "
         "'numpy', 'moviepy', 'tiktoken') if u.find_spec(m)])"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert missing == "[]"
    env.update(exported)
    done = subprocess.run([sys.executable, str(SCRIPT), "check"], cwd=examples, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "::error file=posts/" in done.stdout
