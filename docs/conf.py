"""Sphinx configuration of the eventstudy documentation site (``make docs``).

Built with warnings as errors (``sphinx-build -W --keep-going``). Pages that must follow the
code are written here at build time into ``docs/_generated/`` (git-ignored), never typed:

- ``api/<module>.rst``: one autodoc page per library module found by walking the package
  (new modules appear without editing the docs); modules that already have a hand-written
  page (an ``.. automodule::`` under ``docs/``) are skipped, so nothing is documented twice;
- ``tests_table.rst``: the significance tests and their metadata, from
  :data:`eventstudy.inference.registry.REGISTRY`;
- ``size_table.rst``: the size of the tests on real placebo dates from ``results/size.csv``
  when ``make reproduce`` has written it;
- ``notebooks/*.ipynb``: copies of ``notebooks/``, rendered by myst-nb without executing them.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
GEN = DOCS / "_generated"
sys.path.insert(0, str(ROOT))

import eventstudy  # noqa: E402

project = "eventstudy"
author = "eventstudy developers"
copyright = "2025, eventstudy developers"  # noqa: A001
version = release = eventstudy.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
root_doc = "index"
html_theme = "alabaster"
html_title = "eventstudy"
html_static_path: list[str] = []

# Rendered, never executed: running them needs the data snapshot and takes minutes; the test
# suite executes them (tests/app/test_notebooks.py).
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3

autosummary_generate = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # numpydoc's Parameters section carries the types
autodoc_default_options = {"show-inheritance": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
suppress_warnings = ["myst.header"]

# --------------------------------------------------------------------------- generated pages

_HANDWRITTEN = re.compile(r"^\.\. automodule:: ([\w.]+)", re.M)


def _documented_by_hand() -> set[str]:
    done: set[str] = set()
    for rst in DOCS.rglob("*.rst"):
        if GEN in rst.parents or "_build" in rst.parts:
            continue
        done |= set(_HANDWRITTEN.findall(rst.read_text(encoding="utf-8")))
    return done


def _modules(application: bool) -> list[str]:
    """Public modules of the library (``application=False``) or of ``eventstudy.deepseek``."""
    names = ["eventstudy.deepseek" if application else "eventstudy"]
    for info in pkgutil.walk_packages(eventstudy.__path__, "eventstudy."):
        parts = info.name.split(".")
        if (parts[1] == "deepseek") != application or any(p.startswith("_") for p in parts):
            continue
        names.append(info.name)
    return sorted(set(names))


def _title(text: str, char: str = "=") -> str:
    return f"{text}\n{char * len(text)}\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _automodule(name: str) -> str:
    """A module documents its own public members; a package only the objects it defines itself
    (its ``__all__`` re-exports names documented in their home modules)."""
    module = importlib.import_module(name)
    text = f"\n.. automodule:: {name}\n"
    if not hasattr(module, "__path__"):
        return text + "   :members:\n"
    own = [
        n
        for n, obj in vars(module).items()
        if not n.startswith("_") and getattr(obj, "__module__", None) == name and callable(obj)
    ]
    return text + (f"   :members: {', '.join(own)}\n" if own else "")


def _module_pages(kind: str, application: bool) -> None:
    """``_generated/<kind>/<module>.rst`` per module and ``_generated/<kind>_modules.rst``, an
    autosummary table of them with a hidden toctree."""
    by_hand = _documented_by_hand()
    modules = [m for m in _modules(application) if m not in by_hand]
    for name in modules:
        _write(GEN / kind / f"{name}.rst", _title(f"``{name}``") + _automodule(name))
    for stale in (GEN / kind).glob("*.rst"):
        if stale.stem not in modules:
            stale.unlink()
    lines = [".. autosummary::", ""] + [f"   {m}" for m in modules]
    lines += ["", ".. toctree::", "   :hidden:", ""] + [f"   /_generated/{kind}/{m}" for m in modules]
    _write(GEN / f"{kind}_modules.rst", "\n".join(lines) + "\n")


def _rst_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return str(s).replace("\n", " ").replace("|", "\\|") or "\\-"

    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        out.append("   * - " + cell(row[0]))
        out += [f"     - {cell(c)}" for c in row[1:]]
    return "\n".join(out) + "\n"


def _tests_table() -> None:
    from eventstudy.inference.registry import REGISTRY

    rows = [
        [
            f"``{s.name}``",
            s.label,
            "per asset" if s.scope == "asset" else "cross-section",
            str(s.min_n),
            "one day" if s.windows == "day" else "any window",
            s.null,
            "yes" if s.time_series_se else "no",
            s.citation,
        ]
        for s in REGISTRY.values()
    ]
    header = ["name", "test", "result", "min. N", "windows", "null", "time-series SE", "source"]
    _write(GEN / "tests_table.rst", _rst_table(header, rows))


def _size_table() -> None:
    csv = ROOT / "results" / "size.csv"
    if not csv.is_file():
        text = (
            ".. note::\n\n   ``results/size.csv`` has not been generated in this checkout: run "
            "``make reproduce`` and rebuild the docs to see the rejection rates here. The paper "
            "(``paper/paper.pdf``, section on the size of the tests) prints the same table.\n"
        )
    else:
        import pandas as pd

        df = pd.read_csv(csv)
        if {"test", "window", "rejection_rate"} <= set(df.columns):
            if "shift" in df.columns:
                df = df[df["shift"] == 0]
            rate = df["rejection_rate"].map(lambda x: f"{100 * x:.1f} %")
            if "mc_se" in df.columns:
                rate = rate + df["mc_se"].map(lambda x: f" ({100 * x:.1f})")
            order = pd.unique(df["test"])
            wide = df.assign(rate=rate).pivot(index="test", columns="window", values="rate")
            wide.columns = [f"window {c}" for c in wide.columns]
            if "n" in df.columns:
                wide.insert(0, "decisions", df.groupby("test")["n"].max().astype(int).astype(str))
            df = wide.reindex(order).reset_index()
        rows = [
            [f"{v:.3f}" if isinstance(v, float) else str(v) for v in rec]
            for rec in df.itertuples(index=False, name=None)
        ]
        text = (
            "Read from ``results/size.csv``, written by ``make reproduce`` in this checkout.\n\n"
            + _rst_table([str(c) for c in df.columns], rows)
        )
    _write(GEN / "size_table.rst", text)


def _notebooks() -> None:
    dest = GEN / "notebooks"
    dest.mkdir(parents=True, exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = dest / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)


def _optional_pages() -> None:
    """Leave out a hand-written page whose module is not (yet) in the package."""
    for rst in DOCS.glob("extensions/*.rst"):
        mods = _HANDWRITTEN.findall(rst.read_text(encoding="utf-8"))
        if mods and importlib.util.find_spec(mods[0]) is None:
            exclude_patterns.append(str(rst.relative_to(DOCS)))


_module_pages("api", application=False)
_module_pages("app", application=True)
_tests_table()
_size_table()
_notebooks()
_optional_pages()
