"""The library's import graph: no circles among its modules, and ``import eventstudy`` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import eventstudy

PACKAGE = Path(eventstudy.__file__).parent
APPLICATION = "eventstudy.deepseek"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module, name: str, is_pkg: bool) -> set[str]:
    """Modules imported when ``name`` is executed: module-level statements, not functions or TYPE_CHECKING."""
    out: set[str] = set()
    package = name if is_pkg else name.rpartition(".")[0]

    def visit(stmts: list[ast.stmt]) -> None:
        for node in stmts:
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    mod = ".".join([*base, node.module] if node.module else base)
                else:
                    mod = node.module or ""
                out.add(mod)
                out.update(f"{mod}.{a.name}" for a in node.names)  # `from . import x` imports a submodule
            elif isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for h in node.handlers:
                    visit(h.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return out


def _runtime_imports(node: ast.AST) -> list[ast.stmt]:
    """Every import statement at any depth (functions included), except under ``if TYPE_CHECKING:``."""
    out: list[ast.stmt] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for sub in child.orelse:
                out.extend(_runtime_imports(ast.Module(body=[sub], type_ignores=[])))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            out.append(child)
        else:
            out.extend(_runtime_imports(child))
    return out


def library_graph(deferred: bool = True) -> dict[str, set[str]]:
    """Module -> library modules it imports.

    ``deferred=False``: what runs when the module is imported (module-level statements).
    ``deferred=True``: also imports inside functions, so a circle cannot hide behind a local
    import (``a`` imports ``b`` at the top, ``b`` imports ``a`` in a function: still two modules
    that cannot be understood apart). Imports under ``if TYPE_CHECKING:`` are annotations only
    and never run, so they do not count.
    """
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = {m for m in files if not (m == APPLICATION or m.startswith(APPLICATION + "."))}
    graph: dict[str, set[str]] = {}
    for m in sorted(modules):
        path = files[m]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if deferred:
            tree = ast.Module(body=_runtime_imports(tree), type_ignores=[])
        raw = _top_level_imports(tree, m, path.name == "__init__.py")
        graph[m] = {r for r in raw if r in modules and r != m}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def _without_parent_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # A package's __init__ importing its own submodules, and a submodule importing a sibling
    # through the package, are how packages are built, not circles between concepts.
    return {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph.items()}


def test_no_import_circles() -> None:
    """Data flows one way (prices -> returns -> event time -> fit -> statistics -> results -> reports)."""
    for deferred in (False, True):
        graph = _without_parent_edges(library_graph(deferred))
        assert "eventstudy.study" in graph and "eventstudy.inference.base" in graph
        assert find_cycles(graph) == [], f"deferred={deferred}"


def test_cycle_finder_can_fail() -> None:
    code = "if TYPE_CHECKING:\n    from .study import R\ndef f():\n    from .batch import g\n"
    found = _runtime_imports(ast.parse(code))
    assert [(n.module, n.level) for n in found] == [
        ("batch", 1)
    ]  # the local import counts, the annotation not
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .study import X\nfrom .b import y\n"
    )
    assert _top_level_imports(tree, "eventstudy.plotting", False) == {
        "typing",
        "typing.TYPE_CHECKING",
        "eventstudy.b",
        "eventstudy.b.y",
    }


HEAVY = ("statsmodels", "matplotlib", "arch", "exchange_calendars", "scipy.stats")


def _heavy_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_import_eventstudy_is_light() -> None:
    """``import eventstudy`` loads none of statsmodels, matplotlib, arch, exchange-calendars, scipy.stats."""
    assert _heavy_after("import eventstudy") == []


def test_building_a_study_is_light() -> None:
    """Reaching the main classes and the test registry still imports none of the heavy libraries;
    they load where used (a test's function, a plot, a GARCH fit, a calendar lookup)."""
    code = (
        "import eventstudy as es\nes.EventStudy, es.EventStudyResults, es.TestResult, es.compare\n"
        "from eventstudy.inference import REGISTRY, TESTS\nassert len(TESTS) == len(REGISTRY)"
    )
    assert _heavy_after(code) == []
    assert "matplotlib" in _heavy_after("from eventstudy.report import figures")  # the probe can fail
