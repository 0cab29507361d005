"""The source archive is complete: it carries the licence, the examples and everything the
tests read, and its tests pass from the unpacked archive."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    return out


def test_sdist_carries_licence_examples_and_what_tests_read(dist: Path) -> None:
    (sdist,) = dist.glob("crosspost-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", "mkdocs.yml", ".pre-commit-hooks.yaml",
                   "examples/crosspost.toml", "examples/posts/zonnepanelen.md",
                   "examples/posts/media/warmtepomp-uitleg.mp4", "tests/conftest.py",
                   "docs/index.md", "platform_specs/schema/platform-spec.schema.json"):
        assert needed in names, needed
    assert not any(n.startswith("examples/out/") or "__pycache__" in n for n in names)


def test_wheel_metadata_names_the_licence_and_no_moviepy(dist: Path) -> None:
    (wheel,) = dist.glob("crosspost-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(meta_name).decode()
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in archive.namelist())
    assert "License-Expression: EUPL-1.2" in metadata
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    core = [r for r in requires if "extra ==" not in r]
    assert not any("moviepy" in r or "tiktoken" in r for r in core), core


def test_tests_pass_from_the_unpacked_sdist(dist: Path, tmp_path: Path) -> None:
    (sdist,) = dist.glob("crosspost-*.tar.gz")
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10.12 / 3.11.4 on
            archive.extractall(tmp_path, filter="data")
        else:  # pragma: no cover
            archive.extractall(tmp_path)  # our own archive, just built
    (tree,) = tmp_path.glob("crosspost-*")
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "CROSSPOST_CACHE": "off"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         "tests/cli/test_check_cli.py", "tests/check", "tests/docs/test_docs.py",
         "-k", "not mkdocs"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert str(tree / "src") in subprocess.run(
        [sys.executable, "-c", "import crosspost; print(crosspost.__file__)"],
        cwd=tree, env=env, capture_output=True, text=True, check=True).stdout
