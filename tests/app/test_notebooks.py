"""The tutorial notebooks: they run top to bottom, are committed without outputs, and their
prose carries no hand-typed result figures.

Kernel resolution: the notebooks name the kernel ``python3``. Rather than trusting whatever
``python3`` kernelspec the machine resolves first (a user-level spec in ``~/.local/share/jupyter``
would shadow the venv's and could point at another interpreter), the tests write a private
``python3`` kernelspec whose ``argv[0]`` is ``sys.executable`` (the interpreter running pytest,
i.e. the venv's python on ``make test``) and hand nbclient a ``KernelManager`` restricted to it.
``test_kernel_is_this_interpreter`` proves the kernel runs this interpreter and imports this
checkout's ``eventstudy``; nothing is installed or registered anywhere.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = ("01_quickstart", "02_deepseek_monday", "03_open_source_week", "04_crypto")
CELL_TIMEOUT = 300  # seconds per cell
KERNEL_NAME = "python3"

# ------------------------------------------------------------------ hand-typed figures
#: Spans removed before the search: dates, window tuples and the event names may be typed.
ALLOWED = (
    r"\b\d{4}-\d{2}-\d{2}(?:\.\.\d{2}(?:-\d{2})?)?\b",  # ISO dates (and 2025-02-24..28 ranges)
    r"\b\d{4}-\d{2}(?:/\d{2})?\b",  # year-month, 2025-01-25/26
    r"[(\[]\s*[-+]?\d+\s*,\s*[-+]?\d+\s*[)\]]",  # event-time windows (-1, 1), [0, 4]
    r"DeepSeek-R1",
    r"Open Source Week",
)
#: What a hand-typed result looks like.
FIGURES = {
    "percentage": r"[-+\u2212]?\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b|pct\b|percentage points?\b|pp\b)",
    "dollar amount": r"(?:US\$|\$|USD\s?)\s*\d",
    "scaled amount": r"\d+(?:[.,]\d+)?\s*(?:thousand|million|billion|trillion|bn|tn|k)\b",
    "decimal number": r"(?<![\w.])[-+\u2212]?\d+\.\d+",
    "grouped number": r"\b\d{1,3}(?:,\d{3})+\b",
}
_ALLOWED_RE = re.compile("|".join(ALLOWED))
_FIGURES_RE = {k: re.compile(v, re.IGNORECASE) for k, v in FIGURES.items()}


def hand_typed_figures(text: str) -> list[tuple[str, str]]:
    """``(kind, match)`` for every result-like figure typed in ``text`` (markdown prose)."""
    clean = _ALLOWED_RE.sub(" ", text)
    return [(kind, m.group(0)) for kind, rx in _FIGURES_RE.items() for m in rx.finditer(clean)]


def markdown_figures(nb) -> list[tuple[int, str, str]]:
    """``(cell index, kind, match)`` for the hand-typed figures of a notebook's markdown cells."""
    return [
        (i, kind, hit)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for kind, hit in hand_typed_figures(cell.source)
    ]


def read(stem: str):
    return nbformat.read(NB_DIR / f"{stem}.ipynb", as_version=4)


# ------------------------------------------------------------------ kernel
@pytest.fixture(scope="session")
def kernel_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A private kernelspec directory whose ``python3`` runs this very interpreter."""
    root = tmp_path_factory.mktemp("kernels")
    spec = root / KERNEL_NAME
    spec.mkdir()
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (eventstudy tests)",
                "language": "python",
                "metadata": {"debugger": False},
            }
        ),
        encoding="utf-8",
    )
    return [str(root)]


def _kernel_manager(kernel_dirs: list[str]) -> KernelManager:
    ksm = KernelSpecManager(kernel_dirs=kernel_dirs, ensure_native_kernel=False)
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)
    assert km.kernel_spec.argv[0] == sys.executable
    return km


def execute(nb, kernel_dirs: list[str]):
    """Execute ``nb`` in place (cwd = notebooks/) with the current interpreter's kernel."""
    client = nbclient.NotebookClient(
        nb,
        km=_kernel_manager(kernel_dirs),
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NB_DIR)}},
    )
    client.execute(cleanup_kc=True)  # we pass km, so ask nbclient to shut the kernel down
    return nb


# ------------------------------------------------------------------ tests
def test_notebooks_present() -> None:
    assert sorted(p.stem for p in NB_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.notebooks
def test_kernel_is_this_interpreter(kernel_dirs: list[str]) -> None:
    import eventstudy

    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell("import sys, eventstudy\nprint(sys.executable)\nprint(eventstudy.__file__)")
    )
    execute(nb, kernel_dirs)
    exe, pkg = nb.cells[0].outputs[0]["text"].strip().splitlines()
    assert Path(exe).resolve() == Path(sys.executable).resolve()
    assert Path(pkg).resolve() == Path(eventstudy.__file__).resolve()


def test_default_python3_spec_would_use_this_interpreter() -> None:
    """Diagnostic: what ``jupyter kernelspec list`` resolves ``python3`` to on this machine.

    The notebook tests do not depend on it (they use their own spec); this only says whether
    a user opening the notebooks in Jupyter from this venv gets the venv's interpreter.
    """
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    argv0 = spec.argv[0]
    # jupyter_client replaces a bare "python"/"python3" with the launching interpreter
    if argv0 not in {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}:
        if Path(argv0).resolve() != Path(sys.executable).resolve():
            pytest.skip(f"a python3 kernelspec at {spec.resource_dir} runs {argv0}, not {sys.executable}")


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_committed_without_outputs(stem: str) -> None:
    nb = read(stem)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL_NAME
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{stem} cell {i} has outputs"
            assert cell.execution_count is None, f"{stem} cell {i} has an execution count"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_markdown_has_no_hand_typed_figures(stem: str) -> None:
    hits = markdown_figures(read(stem))
    assert hits == [], f"{stem}: hand-typed figures in markdown (print them from code instead): {hits}"


@pytest.mark.parametrize(
    "text",
    [
        "Nvidia fell -17% on Monday",
        "an abnormal return of 16.97 % on day 0",
        "it lost $600 billion of market value",
        "a 600 billion loss",
        "more than USD 1 trillion",
        "the t statistic is -5.13",
        "Bitcoin fell below 100,500",
        "down 4 percent",
        "a gap of 3 pp",
    ],
)
def test_checker_catches_planted_figures(text: str) -> None:
    assert hand_typed_figures(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Day 0 is 2025-01-27; the windows are (-1, 1), [0, 4] and (-260, -11).",
        "The DeepSeek-R1 sell-off and the Open Source Week (2025-02-24 .. 2025-02-28).",
        "An estimation window of 250 sessions, ten stocks, the weekend of 2025-01-25/26.",
        "Kolari & Pynnönen (2010) multiply by `sqrt((1 - rbar) / (1 + (N - 1) rbar))`.",
    ],
)
def test_checker_allows_dates_windows_and_names(text: str) -> None:
    assert hand_typed_figures(text) == []


def test_checker_flags_a_planted_cell() -> None:
    nb = read("01_quickstart")
    assert markdown_figures(nb) == []
    nb.cells.append(nbformat.v4.new_markdown_cell("The table shows NVDA fell 16.97% and lost $590 billion."))
    hits = markdown_figures(nb)
    assert {kind for _, kind, _ in hits} >= {"percentage", "dollar amount", "scaled amount"}
    assert all(i == len(nb.cells) - 1 for i, _, _ in hits)


@pytest.mark.notebooks
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebook_runs(stem: str, kernel_dirs: list[str]) -> None:
    nb = read(stem)
    t0 = time.perf_counter()
    execute(nb, kernel_dirs)
    elapsed = time.perf_counter() - t0
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells)
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [
        o["text"] for c in code_cells for o in c.outputs if o.output_type == "stream" and o.name == "stderr"
    ]
    assert stderr == [], f"{stem} wrote to stderr (warnings?): {stderr}"
    assert elapsed < 120, f"{stem} took {elapsed:.0f} s"
