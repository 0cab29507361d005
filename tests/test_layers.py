"""The package's layers: dependencies point down, and no two subpackages import each other.

Values (content, specs, text, media, variant) never import the rules, the planners, the
renderers, the verbs, the views or the CLI; views never import the CLI. The one exception is a
notebook ``_repr_html_``, which may import its view lazily. The import graph is read from the
source with ``ast``, so an import inside a function counts like one at the top of a module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import crosspost

SRC = Path(crosspost.__file__).parent

#: Lowest first; a unit may import units of its own layer or below, never above.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "yamlsrc", "validation", "fonts", "printable", "confined", "limits",
               "ignore_scope", "interrupts", "factories", "entry_groups"}),
    frozenset({"report", "grouping", "wording", "config"}),
    frozenset({"specs", "text", "media", "content", "variant", "strategy"}),
    frozenset({"rules"}),
    frozenset({"transforms"}),
    frozenset({"output"}),  # files: atomic writes, locks, manifests, what saving asks a renderer
    frozenset({"render"}),  # the renderers (Pillow, ffmpeg) that saving hands its jobs to
    frozenset({"checking", "check_cache", "preview", "planning", "adapting", "batch", "schemas",
               "testing", "evaluation", "ignores"}),
    frozenset({"project"}),  # configuration found from a post's path; the public verbs
    frozenset({"html", "reporters", "contentmap"}),
    frozenset({"cli", "__main__"}),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
LAZY_VIEWS = {"_repr_html_"}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports() -> list[tuple[str, str, str]]:
    """(importing module, imported module, enclosing function) for every crosspost import."""
    found: list[tuple[str, str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("").parts
        is_pkg = rel[-1] == "__init__"
        name = ".".join(rel[:-1] if is_pkg else rel)
        package = name.split(".") if is_pkg else name.split(".")[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func, node in _walk(tree, ""):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found.extend((name, f"{target}.{a.name}" if target == "crosspost" else target,
                              func) for a in node.names)
            elif isinstance(node, ast.Import):
                found.extend((name, a.name, func) for a in node.names)
    return [(a, b, f) for a, b, f in found if b.startswith("crosspost.")]


def _walk(node: ast.AST, func: str) -> list[tuple[str, ast.AST]]:
    out: list[tuple[str, ast.AST]] = []
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else func
        out.append((inner, child))
        out.extend(_walk(child, inner))
    return out


def _edges() -> set[tuple[str, str]]:
    edges = set()
    for source, target, func in _imports():
        a, b = _unit(source), _unit(target)
        if b == "__version__" or func in LAZY_VIEWS:
            continue
        if a and b and a != b:
            edges.add((a, b))
    return edges


def _units() -> set[str]:
    return {p.stem if p.is_file() else p.name for p in SRC.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}


def test_every_unit_has_a_layer() -> None:
    assert _units() - set(RANK) == set()
    assert set(RANK) - _units() == set(), "the layers name units that no longer exist"


def test_the_architecture_page_describes_every_unit() -> None:
    """docs/architecture.md has a paragraph for every package and top-level module."""
    page = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(u for u in _units() - {"__main__"}
                     if f"`{u}`" not in page and f"`{u}/`" not in page)
    assert missing == [], "name these in docs/architecture.md (#packages), with what they hold"


def test_the_architecture_page_lists_the_packages_bottom_up() -> None:
    """The page's package paragraphs follow the layers, lowest first, as the test defines them."""
    page = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## The packages", 1)[1].split("\n## ", 1)[0]
    heads = [line.split(".**", 1)[0] for line in section.splitlines() if line.startswith("**`")]
    ranks = []
    for head in heads:
        units = {u.strip("/") for u in re.findall(r"`([^`]+)`", head)}
        assert units <= set(RANK), f"not a unit: {sorted(units - set(RANK))}"
        ranks.append(sorted({RANK[u] for u in units}))
    assert all(len(r) == 1 for r in ranks), "a paragraph mixes layers"
    assert [r[0] for r in ranks] == sorted(r[0] for r in ranks), heads


def test_no_layer_imports_a_higher_one() -> None:
    upward = sorted(f"{a} -> {b}" for a, b in _edges() if RANK[a] < RANK[b])
    assert upward == []


def _cycles(edges: set[tuple[str, str]]) -> list[str]:
    """Every edge ``a -> b`` from which ``a`` can be reached again: an import cycle."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
        return False

    return sorted(f"{a} <-> {b}" for a, b in edges if reaches(b, a))


def test_no_import_cycle_between_subpackages() -> None:
    """No pair of units imports each other, not even two of one layer (html and reporters,
    render and output once did)."""
    assert _cycles(_edges()) == []


def test_the_checker_sees_a_violation() -> None:
    """The graph really is read: a known downward import is in it; a pair that imports each
    other, or a longer loop, is a cycle; a chain is not."""
    assert ("rules", "specs") in _edges()
    assert ("reporters", "html") in _edges()  # the HTML report format wraps the view
    assert _cycles({("html", "reporters"), ("reporters", "html")}) == [
        "html <-> reporters", "reporters <-> html"]
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a")}) == ["a <-> b", "b <-> c", "c <-> a"]
    assert _cycles({("a", "b"), ("b", "c")}) == []
