"""The built wheel carries the platform specs and loads them from inside the package."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crosspost.specs.loader import builtin_spec_dir, spec_files

REPO = Path(__file__).resolve().parents[2]

PROBE = """\
import json, sys
sys.path.insert(0, sys.argv[1])
import crosspost
from crosspost.specs.loader import builtin_spec_dir
from crosspost.specs.registry import load_specs
specs = load_specs()
print(json.dumps({
    "package": crosspost.__file__,
    "spec_dir": str(builtin_spec_dir()),
    "targets": specs.targets(),
    "origins": sorted(specs.origins.values()),
}))
"""


@pytest.mark.slow
def test_built_wheel_loads_its_own_specs(tmp_path: Path) -> None:
    if not (REPO / "pyproject.toml").is_file():
        pytest.skip("not a source checkout")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = dist.glob("crosspost-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    bundled = sorted(p.name for p in spec_files(builtin_spec_dir()))
    for name in bundled:
        assert f"crosspost/_platform_specs/{name}" in names
    assert "crosspost/_platform_specs/schema/platform-spec.schema.json" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(site)],
        check=True, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    found = json.loads(result.stdout)
    inside = site / "crosspost"
    assert Path(found["package"]).is_relative_to(inside)
    assert Path(found["spec_dir"]) == inside / "_platform_specs"
    assert found["targets"]
    assert found["origins"]
    for origin in found["origins"]:
        assert Path(origin).is_relative_to(inside / "_platform_specs")
    assert sorted(Path(o).name for o in found["origins"]) == bundled
