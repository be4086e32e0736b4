"""The DeepSeek paper's build helpers (eventstudy.deepseek.paper_compile) and its spec
(eventstudy.deepseek.paper_spec); moved from tests/lib/test_report.py (application code)."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy.deepseek import paper_compile as build
from eventstudy.deepseek import paper_spec
from eventstudy.errors import EventStudyError
from eventstudy.report import figures, latex

# --------------------------------------------------------------------------- build helpers


def _tiny_pdf(n_pages: int, compress: bool) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(n_pages))
    pages = f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode()
    body = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    if compress:
        stream = zlib.compress(b"2 0 " + pages)
        body += (
            b"5 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n"
        )
    else:
        body += b"2 0 obj\n" + pages + b"\nendobj\n"
    for i in range(n_pages):
        body += f"{3 + i} 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n".encode()
    return body + b"%%EOF\n"


@pytest.mark.parametrize("compress", [False, True])
def test_pdf_page_count_on_hand_made_pdf(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(_tiny_pdf(3, compress))
    assert build.pdf_page_count(path) == 3


def test_pdf_page_count_rejects_non_pdf(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"hello")
    with pytest.raises(ValueError, match="not a PDF"):
        build.pdf_page_count(tmp_path / "x.pdf")
    (tmp_path / "y.pdf").write_bytes(b"%PDF-1.5\n%%EOF")
    with pytest.raises(ValueError, match="page tree"):
        build.pdf_page_count(tmp_path / "y.pdf")


def test_pdf_page_count_on_matplotlib_pdf(tmp_path: Path) -> None:
    days = pd.date_range("2025-01-20", "2025-01-31", freq="B", name="date")
    prices = pd.DataFrame({"A": np.linspace(100.0, 110.0, len(days))}, index=days)  # SYNTHETIC
    (pdf,) = figures.save_figure(figures.price_paths(prices, "2025-01-27"), "p", tmp_path, formats=("pdf",))
    assert build.pdf_page_count(pdf) == 1


def test_compile_paper_without_latex_names_debian_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\\begin{document}x\\end{document}\n")
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    with pytest.raises(build.LatexNotFoundError) as info:
        build.compile_paper(tmp_path)
    assert build.APT_INSTALL in str(info.value) and "lmodern" in str(info.value)
    assert isinstance(info.value, EventStudyError)


def test_compile_paper_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build.compile_paper(tmp_path)


def test_build_env_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = build._build_env(None, None)
    assert env["SOURCE_DATE_EPOCH"] == str(build.DEFAULT_SOURCE_DATE_EPOCH)
    assert env["FORCE_SOURCE_DATE"] == "1"
    assert build._build_env(123, None)["SOURCE_DATE_EPOCH"] == "123"


@pytest.mark.skipif(
    shutil.which("pdflatex") is None,
    reason="pdflatex not installed (apt-get install " + build.DEBIAN_PACKAGES + ")",
)
@pytest.mark.parametrize("use_latexmk", [True, False])
def test_compile_minimal_document_both_routes(tmp_path: Path, use_latexmk: bool) -> None:
    if use_latexmk and shutil.which("latexmk") is None:
        pytest.skip("latexmk not installed")
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\usepackage{natbib}\\begin{document}Hi \\citet{k}.\\newpage Two."
        "\\bibliographystyle{plainnat}\\bibliography{refs}\\end{document}\n"
    )
    (tmp_path / "refs.bib").write_text(
        "@book{k, author={A. Author}, title={T}, year={2000}, publisher={P}}\n"
    )
    pdf = build.compile_paper(tmp_path, use_latexmk=use_latexmk)
    assert build.pdf_page_count(pdf) == 2


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_compile_error_quotes_log(tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\begin{document}\\undefinedcommand\\end{document}\n"
    )
    with pytest.raises(build.PaperBuildError, match="Undefined control sequence"):
        build.compile_paper(tmp_path, use_latexmk=False)


# --------------------------------------------------------------------------- paper spec


def test_required_names_are_well_formed() -> None:
    for name in paper_spec.REQUIRED_MACROS:
        assert name.isascii() and name.isalpha() and name[0].isupper(), name
        assert name not in latex.RESERVED_MACROS
    for name in [*paper_spec.REQUIRED_TABLES, *paper_spec.REQUIRED_FIGURES]:
        assert name.replace("_", "").isalnum() and name.islower(), name
    assert all(desc.strip() for desc in paper_spec.REQUIRED_MACROS.values())


def test_placeholder_inputs_are_complete_and_marked(tmp_path: Path) -> None:
    assert paper_spec.check_inputs(tmp_path)  # nothing there yet
    written = paper_spec.write_placeholder_inputs(tmp_path)
    assert paper_spec.check_inputs(tmp_path) == []
    assert len(written) == 1 + len(paper_spec.REQUIRED_TABLES) + len(paper_spec.REQUIRED_FIGURES)
    for path in written:
        if path.suffix == ".tex":
            assert path.read_text(encoding="utf-8").startswith("% PLACEHOLDER")
    assert set(latex.read_macros(tmp_path / "generated" / "macros.tex")) == set(paper_spec.REQUIRED_MACROS)


def test_check_inputs_reports_extra_and_missing_macros(tmp_path: Path) -> None:
    paper_spec.write_placeholder_inputs(tmp_path)
    macros = dict.fromkeys(paper_spec.REQUIRED_MACROS, "1")
    macros.pop("NvdaDayZeroRet")
    macros["NotAMacroWeNeed"] = "2"
    latex.write_macros(macros, tmp_path / "generated" / "macros.tex")
    (tmp_path / "figures" / "claims_chart.pdf").unlink()
    problems = paper_spec.check_inputs(tmp_path)
    assert any("NvdaDayZeroRet" in p and "not defined" in p for p in problems)
    assert any("NotAMacroWeNeed" in p for p in problems)
    assert any("claims_chart" in p for p in problems)


def test_claims_output_uses_the_one_escaper() -> None:
    from eventstudy import formatting
    from eventstudy.deepseek import claims_output

    assert claims_output.latex_escape is formatting.latex_escape
