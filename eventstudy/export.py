"""Exports of a fitted study: an Excel workbook and one self-contained HTML report.

* :func:`to_excel` writes a sheet each for the model parameters, the abnormal returns, the
  cumulative abnormal returns (CAR, BHAR and SCAR per asset, and the CAR paths) and the
  tests (``openpyxl``).
* :func:`report` writes ONE HTML page: the specification, the same tables and the figures
  (CAR paths with bands and day-0 abnormal returns) embedded as base64 PNG, so the file
  opens anywhere without its neighbours.

Numbers are written as numbers (decimals, not percent strings), time zones dropped from
dates (Excel has none), and nothing is rounded in the workbook.
"""

from __future__ import annotations

import base64
import html
import io
import os
from typing import TYPE_CHECKING

import pandas as pd

from .errors import SpecificationError

if TYPE_CHECKING:
    from .study import EventStudyResults

__all__ = ["export_tables", "to_excel", "report"]

SHEETS: tuple[str, ...] = ("parameters", "abnormal_returns", "cars", "car_paths", "tests")


def _naive(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.tz_localize(None)
    return out


def export_tables(
    res: EventStudyResults, window: tuple[int, int] | None = None, tests: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The tables written by :func:`to_excel` and :func:`report`, by sheet name."""
    w = res._window(window)
    cars = pd.DataFrame(
        {
            "car": res.car(w),
            "bhar": res.bhar(w),
            "scar": res.sample.scar(w),
            "var_car": res.car_variance(w),
        }
    )
    cars.index.name = "asset"
    cars.insert(0, "window", f"({w[0]},{w[1]})")
    return {
        "parameters": _naive(res.params),
        "abnormal_returns": res.abnormal_returns,
        "cars": cars,
        "car_paths": res.cumulative_abnormal_returns(),
        "tests": res.tests(w) if tests is None else tests,
    }


def _check_path(path: str | os.PathLike[str], suffixes: tuple[str, ...], what: str) -> str:
    p = os.fspath(path)
    if not p.lower().endswith(suffixes):
        raise SpecificationError(f"{what} path {p!r} must end with {' or '.join(suffixes)}")
    parent = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(parent):
        raise SpecificationError(f"the folder of {p!r} does not exist; create {parent!r} first")
    return p


def to_excel(
    res: EventStudyResults, path: str | os.PathLike[str], window: tuple[int, int] | None = None
) -> str:
    """Write the study to an ``.xlsx`` workbook (sheets: :data:`SHEETS`).

    Parameters
    ----------
    res : EventStudyResults
        A fitted study.
    path : str or Path
        Target file, ending in ``.xlsx``; overwritten if it exists.
    window : tuple of int, optional
        Window of the CAR and test sheets (default: the event window).

    Returns
    -------
    str
        The path written.
    """
    p = _check_path(path, (".xlsx",), "to_excel")
    with pd.ExcelWriter(p, engine="openpyxl") as xw:
        for name, df in export_tables(res, window).items():
            df.to_excel(xw, sheet_name=name)
    return p


def _figure_png(fig) -> str:  # noqa: ANN001 - a matplotlib Figure
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:1.6em}img{max-width:100%}"
    ".note{color:#8a4b00}"
)


def report(
    res: EventStudyResults,
    path: str | os.PathLike[str],
    window: tuple[int, int] | None = None,
    title: str = "Event study report",
) -> str:
    """Write one self-contained HTML page: summary, tables and figures (base64 PNG).

    Parameters
    ----------
    res : EventStudyResults
        A fitted study.
    path : str or Path
        Target file, ending in ``.html`` or ``.htm``; overwritten if it exists.
    window : tuple of int, optional
        Window of the CAR table and the tests (default: the event window).
    title : str
        Page title.

    Returns
    -------
    str
        The path written.
    """
    p = _check_path(path, (".html", ".htm"), "report")
    w = res._window(window)
    tables = export_tables(res, w)
    summary = res.summary(w)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<h2>Summary</h2><table>",
        *(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in summary.spec.items()
        ),
        f"<tr><th>CAAR{w}</th><td>{res.caar(w):.6f}</td></tr></table>",
    ]
    notes = tables["tests"].get("size_note")
    if notes is not None and notes.astype(bool).any():
        parts.append("<h2>Size notes</h2><ul class='note'>")
        for t, n in (
            tables["tests"]
            .loc[notes.astype(bool), ["test", "size_note"]]
            .drop_duplicates()
            .itertuples(index=False)
        ):
            parts.append(f"<li><b>{html.escape(str(t))}</b>: {html.escape(str(n))}</li>")
        parts.append("</ul>")
    figs = []
    for kind, caption in (
        ("car", "CAR paths with 95% prediction-error bands"),
        ("ar", "Day-0 abnormal returns"),
    ):
        try:
            figs.append((caption, _figure_png(res.plot(kind=kind))))
        except Exception as exc:  # a figure that cannot be drawn is named, not hidden
            figs.append((f"{caption} (not drawn: {exc})", ""))
    parts.append("<h2>Figures</h2>")
    for caption, b64 in figs:
        if b64:
            parts.append(f"<figure><img alt='{html.escape(caption)}' src='data:image/png;base64,{b64}'>")
            parts.append(f"<figcaption>{html.escape(caption)}</figcaption></figure>")
        else:
            parts.append(f"<p class='note'>{html.escape(caption)}</p>")
    for name, df in tables.items():
        parts.append(f"<h2>{html.escape(name.replace('_', ' ').capitalize())}</h2>")
        parts.append(df.to_html(float_format=lambda x: f"{x:.6g}", na_rep="", border=0))
    parts.append("</body></html>")
    with open(p, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))
    return p
