"""Every Python example in README.md and docs/ runs, and every output they show is the output.

``python`` blocks are run in order, one namespace per page, in a copy of the example campaign
(the paths the docs use, such as ``examples/posts/...``, resolve as they do for a reader in a
checkout). ``pycon`` blocks are doctests: each ``>>>`` line runs and what follows it must be
what Python prints, so a changed result fails here. A block that cannot run here is listed in
``NOT_RUN`` with the reason; a new block that neither runs nor is listed fails this test.
Shell commands are run by ``test_doc_commands.py``.
"""

from __future__ import annotations

import doctest
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(python|pycon)\n(.*?)^```", re.S | re.M)
#: Folders the examples write to, moved into the test's own folder (and named back in output).
OUTSIDE = ("/tmp/campagne", "/tmp/out")

#: Blocks shown but not run, by page and a line they contain, and why.
NOT_RUN: dict[tuple[str, str], str] = {
    ("docs/scaling.md", 'Client("tcp://scheduler.example.internal:8786")'):
        "needs a Dask scheduler at a made-up address; tests/batch runs adapt_many on Dask",
    ("docs/scaling.md", "except BatchInterrupted as stop:"):
        "needs a Ctrl-C during a batch; tests/batch/test_adapt_many.py raises one",
}


@dataclass(frozen=True)
class Block:
    page: str
    kind: str
    code: str
    line: int

    @property
    def skipped(self) -> str | None:
        return next((why for (page, marker), why in NOT_RUN.items()
                     if page == self.page and marker in self.code), None)


def blocks(page: Path) -> list[Block]:
    text = page.read_text("utf-8")
    name = page.relative_to(ROOT).as_posix()
    return [Block(name, m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1)
            for m in BLOCK.finditer(text)]


PAGES_WITH_CODE = [p for p in PAGES if blocks(p)]


class _Checker(doctest.OutputChecker):
    """Compares with the folders the docs name, not the test's own."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self.replacements = replacements

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        for real, shown in self.replacements.items():
            got = got.replace(real, shown)
        return super().check_output(want, got, optionflags)


def _place(tmp: Path) -> tuple[Path, dict[str, str]]:
    root = tmp / "checkout"
    shutil.copytree(ROOT / "examples", root / "examples",
                    ignore=shutil.ignore_patterns("out", "make_media.py"))
    moved = {shown: str(tmp / Path(shown).name) for shown in OUTSIDE}
    return root, moved


def _moved(code: str, moved: dict[str, str]) -> str:
    for shown, real in moved.items():
        code = code.replace(shown, real)
    return code


def _run(block: Block, namespace: dict[str, object], moved: dict[str, str]) -> None:
    if block.kind == "python":
        code = compile(_moved(block.code, moved), f"{block.page}:{block.line}", "exec")
        exec(code, namespace)
        return
    test = doctest.DocTestParser().get_doctest(block.code, namespace, block.page, block.page,
                                               block.line)
    for example in test.examples:  # the code writes to the test's folders; outputs stay
        example.source = _moved(example.source, moved)
    runner = doctest.DocTestRunner(
        checker=_Checker({real: shown for shown, real in moved.items()}),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []
    runner.run(test, out=failures.append, clear_globs=False)
    assert runner.failures == 0, "".join(failures)
    namespace.update(test.globs)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_examples_run_and_show_their_output(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, moved = _place(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("CROSSPOST_CACHE", "off")
    namespace: dict[str, object] = {"__name__": "__main__"}
    ran = 0
    for block in blocks(page):
        if block.skipped:
            continue
        _run(block, namespace, moved)
        ran += 1
    assert ran, f"{page.name}: every block is skipped"


def test_every_not_run_entry_names_a_shown_block() -> None:
    shown = [b for p in PAGES for b in blocks(p)]
    for (page, marker), why in NOT_RUN.items():
        assert any(b.page == page and marker in b.code for b in shown), (page, marker, why)


def test_shown_output_is_a_doctest_not_a_comment() -> None:
    """An output shown as a comment (``# e.g. {...}``) is never checked: show it in a
    ``pycon`` block, where it is."""
    for page in PAGES:
        for block in blocks(page):
            assert "# e.g." not in block.code, f"{block.page}:{block.line}"
