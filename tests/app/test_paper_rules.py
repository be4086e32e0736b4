"""The paper's rule: no result typed by hand in paper/paper.tex.

Every number about the data comes from a macro of generated/macros.tex, every table from
generated/<name>.tex, every figure from figures/<name>.pdf, and each of them is listed in
eventstudy.report.paper_spec. These tests enforce it, show that the checker can fail, and
build the paper with PLACEHOLDER inputs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from eventstudy.deepseek import paper_compile as build
from eventstudy.deepseek import paper_spec

PAPER_DIR = Path(__file__).resolve().parents[2] / "paper"
PAPER = PAPER_DIR / "paper.tex"
BIB = PAPER_DIR / "references.bib"
_BUILD_ARTEFACTS = shutil.ignore_patterns(
    "generated", "figures", "*.pdf", "*.aux", "*.log", "*.bbl", "*.blg", "*.fls", "*.fdb_latexmk", "*.out"
)


@pytest.fixture(scope="module")
def tex() -> str:
    return PAPER.read_text(encoding="utf-8")


def _doc(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


# --------------------------------------------------------------------------- the paper itself


def test_paper_has_no_typed_results(tex: str) -> None:
    violations = paper_spec.lint_paper(tex)
    assert violations == [], "hand-typed results in paper.tex:\n" + "\n".join(map(str, violations))


def test_every_macro_used_is_required_and_vice_versa(tex: str) -> None:
    used = paper_spec.macros_used(tex)
    required = set(paper_spec.REQUIRED_MACROS)
    assert used - required == set(), (
        f"macros used in paper.tex but not in REQUIRED_MACROS: {sorted(used - required)}"
    )
    assert required - used == set(), f"REQUIRED_MACROS never used in paper.tex: {sorted(required - used)}"


def test_paper_does_not_define_result_macros(tex: str) -> None:
    defined = set(re.findall(r"\\(?:re)?newcommand\*?\{?\\([A-Za-z]+)", tex))
    assert defined & set(paper_spec.REQUIRED_MACROS) == set()
    assert "\\input{generated/macros.tex}" in tex


def test_every_table_and_figure_is_listed(tex: str) -> None:
    assert paper_spec.tables_used(tex) == set(paper_spec.REQUIRED_TABLES)
    assert paper_spec.figures_used(tex) == set(paper_spec.REQUIRED_FIGURES)
    # no graphics or inputs from anywhere else
    assert re.findall(r"\\includegraphics(?:\[[^\]]*\])?\{(?!figures/)", tex) == []
    assert re.findall(r"\\input\{(?!generated/)", tex) == []


def test_sections_present(tex: str) -> None:
    for title in [
        "Introduction",
        "Sources and data",
        "Design",
        "Results: Monday 27 January 2025",
        "Results: Open Source Week",
        "The claims",
        "Further evidence and robustness",
        "Conclusions",
        "Test formulas",
        "Additional exhibits",
    ]:
        assert re.search(r"\\section\{" + re.escape(title), tex), title
    assert "\\appendix" in tex and tex.index("\\appendix") < tex.index("\\section{Test formulas")
    for pkg in ["booktabs", "graphicx", "amsmath", "natbib", "hyperref"]:
        assert re.search(r"\\usepackage(\[[^\]]*\])?\{[^}]*\b" + pkg + r"\b", tex), pkg


def test_title_page_has_version_and_date(tex: str) -> None:
    assert re.search(r"\\date\{.*\\PaperVersion.*\\PaperDate", tex)


def _main_text(tex: str) -> str:
    body = tex[tex.index("\\begin{document}") : tex.index("\\appendix")]
    return paper_spec._strip_comments(body)


def test_about_six_exhibits_in_the_main_text(tex: str) -> None:
    main = _main_text(tex)
    n_tables = len(re.findall(r"\\begin\{table\}", main))
    n_figures = len(re.findall(r"\\begin\{figure\}", main))
    assert n_tables + n_figures <= 7, (n_tables, n_figures)


def test_no_design_setting_is_typed(tex: str) -> None:
    """Estimation windows, universe lists and benchmarks come from design macros, never typed."""
    body = paper_spec._body(tex)[0]
    windows = {
        tuple(int(x) for x in m) for m in re.findall(r"(?<![A-Za-z])\(([-+]?\d+),\s*([-+]?\d+)\)", body)
    }
    # only the design's event windows may be typed (the generic windows the text explains)
    allowed = {(0, 0), (-1, 1), (0, 4), (1, 20), (-120, -1)}
    assert windows <= allowed, windows - allowed
    for typed in ("-260", "-105", "-124", "(-11)", "ADI, AMAT", "ABBV, AZN"):
        assert typed not in body, typed
    for macro in (
        "MonEstWindow",
        "OswEstWindow",
        "TreatedList",
        "EventFreeList",
        "PreEventWindow",
        "NumTreated",
    ):
        assert "\\" + macro in body, macro


def test_every_p_value_macro_follows_p_in_prose(tex: str) -> None:
    """p-value macros carry their relation ('$=$ 0.04', '$<$ 0.001'): prose writes ``$p$\\X``."""
    body = paper_spec._body(tex)[0]
    for name in [n for n in paper_spec.REQUIRED_MACROS if n.endswith("Pval")]:
        for m in re.finditer(r"(.{0,4})\\" + name + r"\b", body):
            assert m.group(1).endswith("$p$"), (name, m.group(0))


def test_every_citation_has_a_complete_bib_entry(tex: str) -> None:
    bib = BIB.read_text(encoding="utf-8")
    entries = {key: kind for kind, key in re.findall(r"@(\w+)\{([^,]+),", bib)}
    cited = {
        k.strip()
        for group in re.findall(r"\\cite[tp]?\*?(?:\[[^\]]*\])*\{([^}]*)\}", tex)
        for k in group.split(",")
    }
    assert cited - set(entries) == set()
    assert set(entries) - cited == set(), "bib entries never cited"
    for key, kind in entries.items():
        block = bib.split("@" + kind + "{" + key + ",", 1)[1].split("\n}", 1)[0]
        fields = {"author", "year", "title"} | (
            {"journal", "volume", "pages"} if kind == "article" else {"publisher"}
        )
        missing = [f for f in fields if not re.search(r"^\s*" + f + r"\s*=", block, re.M)]
        assert missing == [], f"{key}: missing {missing}"
    assert len(entries) >= 26


# --------------------------------------------------------------------------- the checker can fail


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("NVDA fell 17\\% on Monday.", "typed percentage"),
        ("NVDA fell 16.97 \\% on Monday.", "typed percentage"),
        ("a drop of 3 percent", "typed percentage"),
        ("It lost \\$600 billion of value.", "typed dollar figure"),
        ("It lost 590 billion dollars.", "typed dollar figure"),
        ("worth USD 3 trillion", "typed dollar figure"),
        ("Nvidia closed at 118.42 on Monday.", "typed decimal result"),
        ("the abnormal return is $-0.1634$", "typed decimal result"),
        ("with $t=-4.21$", "typed decimal result"),
    ],
)
def test_checker_catches_planted_results(body: str, rule: str) -> None:
    violations = paper_spec.lint_paper(_doc(body))
    assert rule in {v.rule for v in violations}, violations
    assert all(v.line == 3 for v in violations)


def test_checker_catches_a_planted_claim_in_the_real_paper(tex: str) -> None:
    planted = tex.replace(
        "\\section{Sources and data}", "NVDA fell 17\\% on Monday.\n\\section{Sources and data}", 1
    )
    violations = paper_spec.lint_paper(planted)
    assert [v.rule for v in violations] == ["typed percentage"]
    assert violations[0].line == planted[: planted.index("NVDA fell 17")].count("\n") + 1


@pytest.mark.parametrize(
    "body",
    [
        "% NVDA fell 17\\% -- comments are ignored",
        "Nvidia fell \\NvdaDayZeroRet{} on 27 January 2025.",
        "\\citet{MacKinlay1997} and \\ref{eq:1} and \\label{sec:2.1}",
        "\\includegraphics[width=0.8\\linewidth]{figures/x}",
        "\\begin{equation} V = \\sigma^2 (1 + 1/L_1) + 0.25 \\end{equation}",
        "window $(-260,-11)$, days 0 to $+4$, a probability of 0.5",
        "\\hspace{1.5em} in the years 1997 and 2025",
    ],
)
def test_checker_allows_non_results(body: str) -> None:
    assert paper_spec.lint_paper(_doc(body)) == []


def test_macro_detection_ignores_latex_capitalised_commands() -> None:
    used = paper_spec.macros_used(_doc("\\LaTeX{} $\\Delta \\Sigma$ \\NvdaBeta{} \\Large x"))
    assert used == {"NvdaBeta"}


# --------------------------------------------------------------------------- the build


@pytest.mark.skipif(
    shutil.which("pdflatex") is None,
    reason="pdflatex not installed; on Debian/Ubuntu: apt-get install " + build.DEBIAN_PACKAGES,
)
def test_paper_builds_with_placeholder_inputs(tmp_path: Path) -> None:
    work = tmp_path / "paper"
    shutil.copytree(PAPER_DIR, work, ignore=_BUILD_ARTEFACTS)
    paper_spec.write_placeholder_inputs(work)
    pdf = build.compile_paper(work)
    assert pdf == work / "paper.pdf" and pdf.is_file()
    assert build.pdf_page_count(pdf) >= 4
    log = (work / "paper.log").read_text(encoding="utf-8", errors="replace")
    assert "undefined" not in log.lower(), "undefined references or citations in the build"
    # reproducible: a second build from scratch in another directory gives the same bytes
    again = tmp_path / "again"
    shutil.copytree(PAPER_DIR, again, ignore=_BUILD_ARTEFACTS)
    paper_spec.write_placeholder_inputs(again)
    assert build.compile_paper(again).read_bytes() == pdf.read_bytes()
