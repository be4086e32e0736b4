"""Reporting: house figure style, figures, LaTeX tables and macros.

Submodules
----------
style
    The matplotlib house style (:func:`use_style`) and the asset-group and verdict colours.
figures
    Pure functions from tidy pandas inputs to matplotlib Figures, and :func:`save_figure`.
latex
    Escaping, fixed number formatting, ``\\newcommand`` macro files and booktabs tables.
"""

from __future__ import annotations

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
]
