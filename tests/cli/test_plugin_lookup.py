"""Entry points found without importlib.metadata, and plugins that still load.

``entry_groups.may_declare`` may answer "not declared" only where importlib.metadata finds
nothing; the console script's stand-in for pydantic's plugin loader must hand over to pydantic
whenever a plugin is installed. Both are compared with importlib.metadata itself and with
installed plugins run by the real console script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib.metadata import DistributionFinder, MetadataPathFinder
from pathlib import Path

import pytest

from crosspost import entry_groups
from crosspost.entry_groups import may_declare


@pytest.fixture(autouse=True)
def _fresh_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cached answer, and the finders of a crosspost process: a library the suite imported
    (``importlib_metadata``) may have added its own, which makes every answer "maybe"."""
    from importlib.machinery import PathFinder

    entry_groups._declared.cache_clear()
    monkeypatch.setattr(sys, "meta_path", [
        finder for finder in sys.meta_path
        if finder is PathFinder or getattr(finder, "find_distributions", None) is None])


def _dist(folder: Path, name: str, entry_points_txt: str | bytes) -> None:
    info = folder / name
    info.mkdir(parents=True)
    data = entry_points_txt.encode() if isinstance(entry_points_txt, str) else entry_points_txt
    (info / "entry_points.txt").write_bytes(data)


def test_every_group_importlib_metadata_finds_here_is_declared() -> None:
    """In a fresh process: the suite's imports change the finders (see ``_fresh_scan``)."""
    code = (
        "import json\n"
        "from importlib.metadata import distributions\n"
        "from crosspost.entry_groups import may_declare\n"
        "groups = {e.group for d in distributions() for e in d.entry_points}\n"
        "print(json.dumps([sorted(groups), [g for g in groups if not may_declare(g)],\n"
        "                  may_declare('crosspost.no-such-group')]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    groups, undeclared, unknown_group = json.loads(done.stdout)
    assert "console_scripts" in groups  # crosspost's own script, at least
    assert undeclared == []
    assert unknown_group is False


def _groups_importlib_finds(path: Path) -> set[str]:
    """What importlib.metadata's own path finder reads on ``path`` alone."""
    context = DistributionFinder.Context(path=[str(path)])
    return {entry.group for dist in MetadataPathFinder.find_distributions(context)
            for entry in dist.entry_points}


def test_the_groups_are_those_importlib_metadata_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "a-1.0.dist-info",
          "[console_scripts]\na = a:main\n\n  [pydantic]  \nfake = a:plugin\n")
    _dist(tmp_path, "b-2.0.egg-info", "# a comment\n[crosspost.rules]\nextra = b:RULES\n")
    _dist(tmp_path, "c-3.0.dist-info", "")
    (tmp_path / "d-4.0.dist-info").mkdir()  # no entry_points.txt
    (tmp_path / "e.egg-info").write_text("Metadata-Version: 1.0\n", "utf-8")  # a file
    _dist(tmp_path, "not-metadata", "[pydantic.other]\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    expected = _groups_importlib_finds(tmp_path)
    assert expected == {"console_scripts", "pydantic", "crosspost.rules"}
    assert entry_groups._declared(tuple(sys.path), ()) == frozenset(expected)
    assert not may_declare("pydantic.other")


def test_what_cannot_be_read_here_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip archive on sys.path, a finder that lists distributions of its own, an entry
    point file that is not UTF-8 or too large: "maybe", never "not declared"."""
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("z-1.0.dist-info/entry_points.txt", "[pydantic]\nz = z:plugin\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert may_declare("pydantic")

    _dist(tmp_path / "latin", "l-1.0.dist-info", "[crosspost.rules]\nx = caf\xe9:R\n".encode(
        "latin-1"))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "latin")])
    entry_groups._declared.cache_clear()
    assert may_declare("anything")

    _dist(tmp_path / "large", "g-1.0.dist-info", "#" * (2 * 1024 * 1024))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "large")])
    entry_groups._declared.cache_clear()
    assert may_declare("anything")

    class Finder:
        @staticmethod
        def find_distributions(*args: object, **kwargs: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing")])
    entry_groups._declared.cache_clear()
    assert not may_declare("anything")
    monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
    assert may_declare("anything")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_entry_points_does_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "f-1.0.dist-info").mkdir()
    os.mkfifo(tmp_path / "f-1.0.dist-info" / "entry_points.txt")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert not may_declare("pydantic")


PLUGIN = '''
import sys

from crosspost.rules.base import Rule
from crosspost.rules.meta import RuleMeta


class Plugin:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        sys.stderr.write(f"pydantic plugin saw {path.name}\\n")
        return None, None, None


plugin = Plugin()
META = RuleMeta(id="org.plugin", name="Plugin rule", summary="Always.", why="A test.")


def check(ctx):
    yield ctx.finding(META.id, "the plugin rule ran", severity="info", target=ctx.target)


RULES = (Rule(META, "target", check),)
'''


def _console_script(folder: Path, plugins: Path | None) -> subprocess.CompletedProcess[str]:
    """`crosspost check post.md` through the console script's ``run`` in a fresh process,
    printing at exit whether importlib.metadata was imported."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('metadata:', 'importlib.metadata' in sys.modules))\n"
        "sys.argv = ['crosspost', 'check', '--format', 'json', 'post.md']\n"
        "from crosspost.cli import run\n"
        "run()\n"
    )
    env = {**os.environ, "CROSSPOST_CACHE": "off"}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if plugins is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(plugins), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=folder, env=env)


def _post(folder: Path) -> Path:
    folder.mkdir()
    (folder / "crosspost.toml").write_text("", "utf-8")
    (folder / "post.md").write_text("---\nid: a\nlanguage: nl\ntargets: [x.post]\n---\n"
                                    "Een korte tekst.\n", "utf-8")
    return folder


def test_the_console_script_checks_without_importlib_metadata(tmp_path: Path) -> None:
    done = _console_script(_post(tmp_path / "repo"), None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "metadata: False"


def test_installed_pydantic_and_rule_plugins_still_load_in_the_console_script(
    tmp_path: Path,
) -> None:
    plugins = tmp_path / "plugins"
    _dist(plugins, "fakeplugin-1.0.dist-info",
          "[pydantic]\nfake = fakeplugin:plugin\n\n[crosspost.rules]\nfake = fakeplugin:RULES\n")
    (plugins / "fakeplugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n", "utf-8")
    (plugins / "fakeplugin.py").write_text(PLUGIN, "utf-8")
    done = _console_script(_post(tmp_path / "repo"), plugins)
    assert done.returncode == 0, done.stderr
    assert "pydantic plugin saw " in done.stderr  # pydantic's own loader took over
    *report, last = done.stdout.splitlines()
    assert "the plugin rule ran" in json.dumps(json.loads("\n".join(report)))
    assert last == "metadata: True"


def test_the_stand_in_hands_over_to_pydantic_s_loader(tmp_path: Path) -> None:
    """Any other name asked of the stand-in loads pydantic's own module in its place;
    validation keeps working before and after."""
    code = (
        "import sys\n"
        "from crosspost.cli.pydantic_plugins import defer_plugin_lookup, LOADER\n"
        "defer_plugin_lookup()\n"
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n"
        "    x: int\n"
        "assert M.model_validate({'x': '2'}).x == 2\n"
        "print('before:', 'importlib.metadata' in sys.modules, sys.modules[LOADER].__name__)\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
        "class N(BaseModel):\n"
        "    y: str\n"
        "assert N(y='a').y == 'a' and M(x=3).x == 3\n"
        "print('after:', PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules,\n"
        "      hasattr(sys.modules[LOADER], '_plugins'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=True)
    assert done.stdout.splitlines() == ["before: False pydantic.plugin._loader",
                                        "after: pydantic True True"]
