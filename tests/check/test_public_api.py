"""`import crosspost` is light, and its public names are explicit and all resolve."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import crosspost

HEAVY = ("PIL", "moviepy", "numpy", "langdetect", "tiktoken", "pydantic", "imageio_ffmpeg")
IMPORT_BUDGET_S = 0.2


def _fresh(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)


def test_import_is_fast() -> None:
    """Best of three fresh interpreters, measured by `-X importtime` (cumulative, in µs)."""
    best = float("inf")
    for _ in range(3):
        stderr = _fresh("import crosspost", "-X", "importtime").stderr
        match = re.search(r"^import time:\s+\d+ \|\s+(\d+) \| crosspost$", stderr, re.MULTILINE)
        assert match, stderr[-2000:]
        best = min(best, int(match.group(1)) / 1e6)
    assert best < IMPORT_BUDGET_S, f"import crosspost took {best:.3f} s"


def test_import_loads_no_heavy_modules() -> None:
    code = ("import sys, crosspost\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    assert _fresh(code).stdout.strip() == "[]"


def test_all_is_explicit_and_resolves() -> None:
    names = crosspost.__all__
    assert isinstance(names, list)
    assert names == sorted(set(names))
    expected = {"check", "check_paths", "load_item", "load_specs", "load_policy", "load_config",
                "load_handles", "HandleMap", "Project", "plan", "adapt", "adapt_many",
                "Report", "Finding", "SourceItem", "MediaAsset", "VariantSet", "CrosspostError"}
    assert expected <= set(names)
    assert set(names) <= set(dir(crosspost))
    # In a fresh interpreter, so that no other test has imported a submodule yet; the three
    # functions named like their modules first (see the xfail below for the other order).
    code = ("import types, crosspost\n"
            "first = ['check', 'plan', 'adapt']\n"
            "bad = [n for n in first + [n for n in crosspost.__all__ if n not in first]\n"
            "       if isinstance(getattr(crosspost, n), types.ModuleType)\n"
            "       or getattr(getattr(crosspost, n), '__name__', n) != n]\n"
            "print(bad)")
    assert _fresh(code).stdout.strip() == "[]"


def test_functions_are_not_shadowed_by_their_submodules() -> None:
    code = ("import types, crosspost\n"
            "crosspost.Variant\n"
            "print([n for n in ('check', 'plan', 'adapt')\n"
            "       if isinstance(getattr(crosspost, n), types.ModuleType)])")
    assert _fresh(code).stdout.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        crosspost.no_such_name  # noqa: B018


def test_errors_share_one_base() -> None:
    errors = [getattr(crosspost, n) for n in crosspost.__all__ if n.endswith("Error")]
    assert errors
    assert all(issubclass(e, crosspost.CrosspostError) for e in errors)


def test_one_version_for_the_package_the_cli_and_the_reports() -> None:
    from importlib.metadata import version

    import crosspost.cli
    from crosspost.reporters.about import tool_version

    assert crosspost.__version__ == version("crosspost") == tool_version()
    assert not hasattr(crosspost.cli, "_version")
