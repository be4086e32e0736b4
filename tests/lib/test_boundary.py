"""The library never imports the DeepSeek application (``eventstudy/deepseek/``).

Two checks: a static one over every import statement of every library module (including
imports inside functions), and a dynamic one that imports every library module in a fresh
interpreter and looks for ``eventstudy.deepseek`` in ``sys.modules``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import eventstudy

PKG = Path(eventstudy.__file__).resolve().parent
APP = PKG / "deepseek"


def _library_modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if APP not in p.parents)


def _imported_names(path: Path) -> list[str]:
    """Absolute module names imported by ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG.parent).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            names.append(mod)
            names += [f"{mod}.{a.name}" for a in node.names]
    return names


def test_there_are_library_modules_to_check() -> None:
    mods = _library_modules()
    assert len(mods) > 30
    assert not any("deepseek" in p.parts for p in mods)


def test_no_library_module_imports_the_application() -> None:
    offenders = {
        str(p.relative_to(PKG)): n
        for p in _library_modules()
        for n in _imported_names(p)
        if n == "eventstudy.deepseek" or n.startswith("eventstudy.deepseek.")
    }
    assert offenders == {}


def test_checker_sees_a_relative_import_of_the_application(tmp_path: Path) -> None:
    # the static check must be able to fail: a module one level down importing ``..deepseek``
    fake = PKG / "inference" / "base.py"
    names = _imported_names(fake)
    assert any(n.startswith("eventstudy.") for n in names)
    src = tmp_path / "x.py"
    src.write_text("from ..deepseek import design\n", encoding="utf-8")
    tree = ast.parse(src.read_text(encoding="utf-8"))
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom) and node.level == 2 and node.module == "deepseek"


def test_importing_every_library_module_does_not_load_the_application() -> None:
    mods = [
        ".".join(p.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in _library_modules()
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('eventstudy.deepseek'))\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
