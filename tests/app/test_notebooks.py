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
import warnings
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


#: Appended (only in the test's copy) to the notebooks whose tables are compared with the paper's:
#: one line of JSON with what the notebook computed, read back by :func:`exported`.
EXPORT_MARK = "NOTEBOOK-EXPORT "
EXPORT_CELLS = {
    "02_deepseek_monday": """
import json as _json

print("NOTEBOOK-EXPORT " + _json.dumps({
    "universe": list(res.labels),
    "estimation_window": [int(x) for x in res.study.estimation_window],
    "benchmarks": [bench["market"], bench["sector"]],
    "battery": {n: [float(test_table.loc[n, ("(0, 0)", "statistic")]), float(test_table.loc[n, ("(0, 0)", "p")])]
                for n in test_table.index},
    "primary": {k: [r.name, float(r.statistic), float(r.pvalue)] for k, r in primary_results.items()},
    "size": size.to_json(orient="split"),
    "power": power.to_json(orient="split"),
}))
""",
    "03_open_source_week": """
import json as _json

_b = battery(by_market, (0, 4))
print("NOTEBOOK-EXPORT " + _json.dumps({
    "universe": list(by_market.labels),
    "estimation_window": [int(x) for x in by_market.study.estimation_window],
    "benchmarks": [bench["market"], bench["sector"]],
    "battery": {n: [float(_b.loc[n, "statistic"]), float(_b.loc[n, "p"])] for n in _b.index},
    "primary": {k: [r.name, float(r.statistic), float(r.pvalue)] for k, r in primary_results.items()},
}))
""",
}


@pytest.fixture(scope="session")
def executed(kernel_dirs: list[str]):
    """``executed(stem) -> (notebook, seconds)``: each notebook runs once per session (with its export cell)."""
    cache: dict[str, tuple[object, float]] = {}

    def run(stem: str):
        if stem not in cache:
            nb = read(stem)
            if stem in EXPORT_CELLS:
                nb.cells.append(nbformat.v4.new_code_cell(EXPORT_CELLS[stem].strip()))
            t0 = time.perf_counter()
            execute(nb, kernel_dirs)
            cache[stem] = (nb, time.perf_counter() - t0)
        return cache[stem]

    return run


def exported(nb) -> dict:
    """The JSON line the export cell printed."""
    lines = [
        line[len(EXPORT_MARK) :]
        for o in nb.cells[-1].outputs
        if o.output_type == "stream"
        for line in o["text"].splitlines()
        if line.startswith(EXPORT_MARK)
    ]
    assert len(lines) == 1, "the export cell printed no NOTEBOOK-EXPORT line"
    return json.loads(lines[0])


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
def test_notebook_runs(stem: str, executed) -> None:
    nb, _ = executed(stem)  # no time limit here: speed lives in benchmarks/ (a shared machine makes it flaky)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells)
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [
        o["text"] for c in code_cells for o in c.outputs if o.output_type == "stream" and o.name == "stderr"
    ]
    assert stderr == [], f"{stem} wrote to stderr (warnings?): {stderr}"
    figures = [o for c in code_cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert figures, f"{stem} draws no figure"


@pytest.mark.parametrize("stem", ["02_deepseek_monday", "03_open_source_week", "04_crypto"])
def test_study_notebooks_read_the_design(stem: str) -> None:
    """The study notebooks take universe, windows and benchmarks from ``study_design()``, not typed copies."""
    code = "\n".join(c.source for c in read(stem).cells if c.cell_type == "code")
    assert "study_design()" in code
    # no locally typed universe: it comes from the design only
    for typed in ("CORE10", "CHIPS", "MEGACAP", "SEMICONDUCTORS", "DONORS"):
        assert typed not in code, f"{stem} types {typed!r} instead of reading the design"
    assert "estimation_window=(" not in code.replace("estimation_window=(-100, -11)", ""), (
        f"{stem} types an estimation window (only 04's deliberate too-short example may)"
    )


@pytest.mark.notebooks
def test_notebook_tables_equal_the_papers(executed) -> None:
    """The test battery rebuilt in notebooks 02 and 03 equals the paper's table, cell by cell.

    The paper's table comes from the paper's own code (``paper_build.paper_tables`` on the
    paper's analyses), fed the size and power experiment the notebook ran (the same
    ``DeepSeekData.size_experiment``); the notebooks' numbers are formatted with the paper's
    p-value formatter. The notebooks' universe, estimation window and primary tests are checked
    against the design and against the paper's results objects.
    """
    from io import StringIO

    import pandas as pd

    from eventstudy.deepseek import DeepSeekData, study_design
    from eventstudy.deepseek import paper_build as pb
    from eventstudy.deepseek.claims import evaluate_claims
    from eventstudy.errors import GarchFitWarning
    from eventstudy.inference import MULTI_ASSET_TESTS

    nb_mon, nb_osw = executed("02_deepseek_monday")[0], executed("03_open_source_week")[0]
    mon, osw = exported(nb_mon), exported(nb_osw)
    design = study_design()
    # each primary hypothesis gets one generated sentence whose verb follows the design's rule
    for nb, got, key in ((nb_mon, mon, "deepseek_monday"), (nb_osw, osw, "open_source_week")):
        text = " ".join(
            o["text"].replace("\n", " ")
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "stream"
        )
        sentences = re.findall(r"H0: (.+?)\. The primary test, .+? (rejects it|does not reject it) at", text)
        hyps = {spec["hypothesis"]: k for k, spec in design[key]["primary_tests"].items()}
        assert sorted(h for h, _ in sentences) == sorted(hyps), key
        for h, verb in sentences:
            p = got["primary"][hyps[h]][2]
            assert (verb == "rejects it") == (p < design["level"]), (key, h, p, verb)
    for got, key in ((mon, "deepseek_monday"), (osw, "open_source_week")):
        ev = design[key]
        assert got["universe"] == ev["universe"]["treated"], key
        assert got["estimation_window"] == ev["estimation_window"]["days"], key
        assert got["benchmarks"] == [ev["benchmarks"]["market"], ev["benchmarks"]["sector"]], key
        assert {k: v[0] for k, v in got["primary"].items()} == {
            k: spec["test"] for k, spec in ev["primary_tests"].items()
        }, key

    d = DeepSeekData()
    size = pd.read_json(StringIO(mon["size"]), orient="split")
    power = pd.read_json(StringIO(mon["power"]), orient="split")
    with warnings.catch_warnings():  # the robustness grid's GARCH boundary fits warn, as in the paper build
        warnings.simplefilter("ignore", GarchFitWarning)
        a = pb._Analyses(
            {
                "data": d,
                "claims": evaluate_claims(),
                "placebo": d.nvda_placebo(),
                "size": size,
                "power": power,
            }
        )
        paper = pb.paper_tables(a)["test_battery"]
    assert len(paper) == len(MULTI_ASSET_TESTS) == len(mon["battery"]) == len(osw["battery"])
    col_mon = [c for c in paper.columns if "$p$" in c and "27 Jan" in c and "(0,0)" in c]
    col_osw = [c for c in paper.columns if "$p$" in c and "OSW" in c and "(0,4)" in c]
    assert len(col_mon) == len(col_osw) == 1, list(paper.columns)
    nb_mon = [pb.pval(mon["battery"][t][1]) for t in MULTI_ASSET_TESTS]
    nb_osw = [pb.pval(osw["battery"][t][1]) for t in MULTI_ASSET_TESTS]
    assert nb_mon == list(paper[col_mon[0]]), "notebook 02's day-0 battery differs from the paper's table"
    assert nb_osw == list(paper[col_osw[0]]), "notebook 03's week battery differs from the paper's table"
    # the primary tests: the notebooks' statistics are those of the paper's results objects
    for got, key, res, res_sector in (
        (mon, "deepseek_monday", a.monday, a.monday_sox),
        (osw, "open_source_week", a.osw, a.osw_sox),
    ):
        for k, spec in design[key]["primary_tests"].items():
            r = res_sector if spec["benchmark"] == design[key]["benchmarks"]["sector"] else res
            w = tuple(spec["window"])
            ref = (
                r.test(spec["test"], w, asset=spec["asset"])
                if spec["asset"] in r.labels
                else r.test(spec["test"], w)
            )
            # rel 1e-9: the notebooks fit NVDA inside the whole universe, the paper alone (batched OLS)
            assert got["primary"][k][1:] == pytest.approx([ref.statistic, ref.pvalue], rel=1e-9), (key, k)
