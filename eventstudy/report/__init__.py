"""Reporting: house figure style, figures, LaTeX tables and macros, and the paper build.

Submodules
----------
style
    The matplotlib house style (:func:`use_style`) and the asset-group and verdict colours.
figures
    Pure functions from tidy pandas inputs to matplotlib Figures, and :func:`save_figure`.
latex
    Escaping, fixed number formatting, ``\\newcommand`` macro files and booktabs tables.
build
    :func:`compile_paper` (reproducible latexmk/pdflatex build) and :func:`pdf_page_count`.
paper_spec
    Every macro, table and figure the paper needs, and the no-typed-results rules.
"""

from __future__ import annotations

from .build import PaperBuildError, compile_paper, pdf_page_count
from .figures import (
    ar_bars,
    car_paths,
    claims_chart,
    placebo_hist,
    price_paths,
    save_figure,
    synthetic_control_plot,
)
from .latex import (
    dataframe_to_booktabs,
    format_number,
    format_pvalue,
    latex_escape,
    read_macros,
    write_macros,
    write_table,
)
from .paper_spec import REQUIRED_FIGURES, REQUIRED_MACROS, REQUIRED_TABLES, check_inputs, lint_paper
from .style import use_style

__all__ = [
    "use_style",
    "save_figure",
    "price_paths",
    "ar_bars",
    "car_paths",
    "claims_chart",
    "placebo_hist",
    "synthetic_control_plot",
    "latex_escape",
    "format_number",
    "format_pvalue",
    "write_macros",
    "read_macros",
    "dataframe_to_booktabs",
    "write_table",
    "compile_paper",
    "pdf_page_count",
    "PaperBuildError",
    "REQUIRED_MACROS",
    "REQUIRED_TABLES",
    "REQUIRED_FIGURES",
    "check_inputs",
    "lint_paper",
]
