"""Start-up: `--version` and `--help` load no models, and a command reads the specs once."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crosspost.cli import main

PLAN_SPEC = Path(__file__).resolve().parent.parent / "plan" / "spec"
#: What `--version` and `--help` must not import: models, configuration, specs, media, text.
HEAVY = ("pydantic", "yaml", "crosspost.config", "crosspost.specs", "crosspost.rules",
         "crosspost.text", "crosspost.media", "PIL", "langdetect", "concurrent.futures",
         "dataclasses", "inspect")


def _loaded_by(*argv: str) -> list[str]:
    code = (
        "import sys\n"
        "from crosspost.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return [line for line in done.stdout.splitlines() if line.startswith("[")]


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("check", "--help")])
def test_version_and_help_load_nothing_heavy(argv: tuple[str, ...]) -> None:
    assert _loaded_by(*argv) == ["[]"]


def test_check_of_a_post_without_media_loads_no_media_code(tmp_path: Path) -> None:
    """Pixels (Pillow, numpy), rendering, the media facts models and the reframing maths
    are loaded when a medium needs them; without the cache no SQLite, and suggestions
    (difflib) only for a name that is not found."""
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    (tmp_path / "post.md").write_text(
        "---\nid: klein\nlanguage: nl\ntargets: [x.post, bluesky.post]\n---\n"
        "Kom naar de informatieavond over het warmtenet in buurthuis De Linde.\n", "utf-8")
    assert _loaded_after(tmp_path, ["check", "--no-cache", "post.md"], (
        "PIL", "numpy", "imageio", "crosspost.media.pixels", "crosspost.render",
        "crosspost.media.facts", "crosspost.media.scene", "crosspost.variant.geometry",
        "sqlite3", "difflib", "html")) == []


def test_adapt_of_a_photo_loads_no_detector_and_no_network_code(tmp_path: Path) -> None:
    """A post that declares its language and keeps no metadata in its photos needs neither
    langdetect (listing the detectable languages reads its folder) nor the XML escaping that
    pulls in urllib, http.client and ssl."""
    from PIL import Image

    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    Image.new("RGB", (900, 600), (40, 120, 200)).save(tmp_path / "foto.jpg", quality=90)
    (tmp_path / "post.md").write_text(
        "---\nid: foto\nlanguage: nl\ntargets: [x.post, instagram.feed]\nmedia:\n"
        "  - path: foto.jpg\n    alt: Een blauwe foto\n---\nDe wijk.\n", "utf-8")
    assert _loaded_after(tmp_path, ["adapt", "post.md", "--out", "out"], (
        "langdetect", "ssl", "http.client", "urllib.request", "xml.sax")) == []
    assert (tmp_path / "out").is_dir()


def test_a_command_leaves_nothing_frozen_for_its_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project is loaded with the collector paused and then frozen; when ``main``
    returns, a caller in the same process gets every object back to the collector."""
    import gc

    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    (tmp_path / "post.md").write_text("---\nid: a\nlanguage: nl\ntargets: [x.post]\n---\n"
                                      "Een korte tekst.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    assert gc.isenabled()
    assert main(["check", "post.md"]) == 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    assert main(["check", "missing.md"]) == 2  # an error on the way out too
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_adapt_reads_specs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import crosspost.specs.registry as registry

    # Counted where the registry reads the files, whatever name a caller imported.

    root = tmp_path / "repo"
    shutil.copytree(PLAN_SPEC, root / "specs")
    (root / "crosspost.toml").write_text(
        'include = ["posts/**/*.md"]\nspec_dirs = ["specs"]\ntargets = ["p.post"]\n', "utf-8")
    (root / "posts").mkdir()
    (root / "posts" / "a.md").write_text("---\nid: a\n---\nEen korte tekst.\n", "utf-8")
    (root / "posts" / "b.md").write_text("---\nid: b\n---\nNog een tekst.\n", "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    calls: list[Any] = []
    real = registry.spec_files

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "spec_files", counting)
    assert main(["plan"]) == 0
    assert "2 items: 2 planned" in capsys.readouterr().out
    assert len(calls) == 2  # the built-in folder and `specs`, each once


def _loaded_after(folder: Path, command: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with ``prefixes`` that a fresh process running ``crosspost
    COMMAND`` in ``folder`` (exit 0, no cache) has loaded when it is done."""
    code = (
        "import sys\n"
        "from crosspost.cli import main\n"
        f"assert main({command!r}) == 0\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120, cwd=folder,
                          env={**os.environ, "CROSSPOST_CACHE": "off"})
    loaded: list[str] = ast.literal_eval(done.stdout.splitlines()[-1])
    return loaded


def test_the_console_script_exits_with_the_command_s_code_and_skips_the_last_walk(
    tmp_path: Path,
) -> None:
    """The installed `crosspost` script runs ``cli.run``: the exit code is the command's, and
    what is alive when the command ends is frozen, so the interpreter's collection at
    shutdown does not walk it (about 50 ms of a small check)."""
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "crosspost"]
    assert script.value == "crosspost.cli:run"
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    (tmp_path / "post.md").write_text("---\nid: a\nlanguage: nl\ntargets: [x.post]\n---\n"
                                      + "Een veel te lange tekst. " * 20 + "\n", "utf-8")
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 1000))\n"
        "sys.argv = ['crosspost', 'check', 'post.md']\n"
        "from crosspost.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={**os.environ, "CROSSPOST_CACHE": "off"})
    assert done.returncode == 1, done.stderr  # 500 characters, over x.post's 280: an error
    assert done.stdout.splitlines()[-1] == "frozen at exit: True"


def test_adapt_of_a_video_loads_no_image_planner_decoder_or_futures(
    tmp_path: Path, ffmpeg_exe: str
) -> None:
    """A video post plans and renders without the image planner, the photo decoder and probe
    of the pixel store, or concurrent.futures (one post in this process needs no pool); its
    short text, which fits, without the fitting and thread code or the counters of platforms
    it does not target; its MP4 without the Matroska reader; with nothing remembered (no
    cache), imageio-ffmpeg's binary is found without importing imageio-ffmpeg."""
    (tmp_path / "crosspost.toml").write_text("", "utf-8")
    subprocess.run([ffmpeg_exe, "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x180:rate=30:duration=4", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", str(tmp_path / "clip.mp4")], check=True,
                   timeout=60)
    (tmp_path / "post.md").write_text(
        "---\nid: clip\nlanguage: nl\ntargets: [instagram.reel]\nmedia:\n"
        "  - path: clip.mp4\n    alt: Een testbeeld\n---\nDe wijk.\n", "utf-8")
    assert _loaded_after(tmp_path, ["adapt", "post.md", "--out", "out"], (
        "crosspost.transforms.image", "crosspost.media.pixels.decode",
        "crosspost.media.pixels.analysis", "crosspost.media.probe_image", "concurrent.futures",
        "crosspost.render.image", "imageio_ffmpeg", "sqlite3", "crosspost.text.fit",
        "crosspost.text.cuts",
        "crosspost.text.sentences", "crosspost.text.thread", "crosspost.text.graphemes",
        "crosspost.text.twitter_length", "crosspost.text.mastodon_length",
        "crosspost.media.container.matroska")) == []
    assert any((tmp_path / "out" / "clip" / "instagram.reel").glob("*.mp4"))


def test_defaults_made_without_validating_are_the_validated_defaults() -> None:
    """``DEFAULTS`` and ``DEFAULT_LIMITS`` are made without validating (importing the media and
    adapt modules would otherwise build validators); they must be exactly what validating the
    models' own defaults gives, down to which fields count as set."""
    from crosspost.limits import DEFAULT_LIMITS, Limits
    from crosspost.specs.adapt_settings import DEFAULTS, AdaptSettings

    validated = AdaptSettings()
    assert validated == DEFAULTS
    assert DEFAULTS.model_dump() == validated.model_dump()
    assert DEFAULTS.model_fields_set == validated.model_fields_set == set()
    for group in AdaptSettings.model_fields:
        ours, theirs = getattr(DEFAULTS, group), getattr(validated, group)
        assert type(ours) is type(theirs)
        assert ours.model_fields_set == theirs.model_fields_set == set()
    assert Limits() == DEFAULT_LIMITS
    assert DEFAULT_LIMITS.model_fields_set == Limits().model_fields_set
