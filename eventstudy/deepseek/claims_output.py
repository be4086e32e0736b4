"""Writers for the evaluated claims: CSV, Markdown, LaTeX (booktabs) and JSON.

Output is deterministic: rows in registry order, numbers with fixed formats (4 decimals;
p-values with 4 significant digits), ``\\n`` line endings, so reruns are byte-identical.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ClaimsError
from .claims import CSV_COLUMNS, EVIDENCE_COLUMNS

__all__ = [
    "format_claims",
    "to_csv",
    "to_evidence_csv",
    "to_markdown",
    "to_latex",
    "to_json",
    "write_claims",
    "latex_escape",
]

_P_COLUMNS = {"p_value", "p_t_gspc", "p_sq_gspc", "p_t_sox", "p_sq_sox"}
_EVIDENCE_OUT = ("claim_id", "asset", "window_start", "window_end", *EVIDENCE_COLUMNS)


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _num(x: Any, p: bool = False) -> str:
    """Fixed text form of one cell: 4 decimals (p-values: 4 significant digits), '' when missing."""
    if _missing(x):
        return ""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int | float):
        v = float(x)
        if p:
            return f"{v:.4g}"
        out = f"{v:.4f}"
        return "0.0000" if out == "-0.0000" else out
    return str(x)


def _check(df: pd.DataFrame, cols: tuple[str, ...]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ClaimsError(f"the claims frame lacks columns {missing}; pass the output of evaluate_claims()")


def _text_frame(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    _check(df, cols)
    out = {c: [_num(v, c in _P_COLUMNS) for v in df[c].tolist()] for c in cols}
    if "n_est" in out:
        out["n_est"] = ["" if _missing(v) else str(int(v)) for v in df["n_est"].tolist()]
    return pd.DataFrame(out, dtype=object)


def to_csv(df: pd.DataFrame) -> str:
    """The text of ``claims.csv`` (exactly :data:`~eventstudy.claims.engine.CSV_COLUMNS`)."""
    return _text_frame(df, CSV_COLUMNS).to_csv(index=False, lineterminator="\n")


def to_evidence_csv(df: pd.DataFrame) -> str:
    """The text of ``claims_evidence.csv``: both benchmarks, t and SQ p-values, windows used."""
    return _text_frame(df, _EVIDENCE_OUT).to_csv(index=False, lineterminator="\n")


def _md_cell(x: str) -> str:
    return x.replace("|", "\\|").replace("\n", " ")


def _window(row: pd.Series) -> str:
    a, b = row["window_start"], row["window_end"]
    if not a:
        return ""
    return a if a == b else f"{a} .. {b}"


def to_markdown(df: pd.DataFrame) -> str:
    """A readable Markdown report: verdict counts, the table, and per-claim details.

    The details give the claim in English, the source file, the interpretation, the
    tolerance rule, how the observed figure was obtained (or why it cannot be) and the
    event-study evidence against ^GSPC and ^SOX.
    """
    _check(df, CSV_COLUMNS)
    t = _text_frame(df, CSV_COLUMNS)
    counts = df["verdict"].value_counts()
    lines = ["# Market claims of the seed articles, checked against the data snapshot", ""]
    lines.append(
        "Verdicts: "
        + ", ".join(
            f"{v} {int(counts.get(v, 0))}" for v in ("confirmed", "close", "contradicted", "not_testable")
        )
        + "."
    )
    lines += [
        "",
        "Returns in percent, money in USD billions, prices in USD, index moves in points. "
        "AR/CAR: market model against ^GSPC (percent); p: t_prediction_error; p(SQ): sample-quantile test. "
        "Every interpretation of an ambiguous claim is a row of its own; none is picked silently.",
        "",
    ]
    head = [
        "claim",
        "asset",
        "interpretation",
        "window",
        "claimed",
        "observed",
        "unit",
        "verdict",
        "AR",
        "CAR",
        "p",
        "p(SQ)",
    ]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---" for _ in head) + "|")
    label = df["interpretation_label"] if "interpretation_label" in df.columns else df["interpretation"]
    psq = [_num(v, True) for v in df["p_sq_gspc"].tolist()] if "p_sq_gspc" in df.columns else [""] * len(df)
    for i, row in t.iterrows():
        cells = [
            row["claim_id"],
            row["asset"],
            str(label.iloc[i]),
            _window(row),
            row["claimed"],
            row["observed"],
            row["unit"],
            row["verdict"],
            row["abnormal_return"],
            row["car"],
            row["p_value"],
            psq[i],
        ]
        lines.append("| " + " | ".join(_md_cell(str(c)) for c in cells) + " |")
    lines += ["", "## Details", ""]
    for i, row in t.iterrows():
        src = df.iloc[i]
        lines.append(f"### {row['claim_id']} ({row['verdict']})")
        lines.append("")
        if "claim" in df.columns:
            lines.append(f"- Claim: {src['claim']}")
        lines.append(f"- Source: `{row['source_file']}`; asset {row['asset']}; metric `{row['metric']}`")
        lines.append(f"- Interpretation: {row['interpretation']}")
        if row["window_start"]:
            lines.append(f"- Window (sessions): {_window(row)}")
        if row["claimed"] or row["observed"]:
            lines.append(
                f"- Claimed {row['claimed'] or 'n/a'} vs observed {row['observed'] or 'n/a'} {row['unit']}"
            )
        if "tolerance" in df.columns:
            lines.append(f"- Tolerance: {src['tolerance']}")
        if "note" in df.columns and src["note"]:
            lines.append(f"- {'Reason' if row['verdict'] == 'not_testable' else 'Data'}: {src['note']}")
        if "car_gspc" in df.columns and not _missing(src["car_gspc"]):
            ev = (
                f"- Evidence: event days {src['evidence_window']}, estimation {src['estimation_window']}; "
                f"vs ^GSPC AR {_num(src['ar_gspc'])}, CAR {_num(src['car_gspc'])}, "
                f"t {_num(src['t_gspc'])}, p {_num(src['p_t_gspc'], True)}, p(SQ) {_num(src['p_sq_gspc'], True)}"
            )
            if not _missing(src["car_sox"]):
                ev += (
                    f"; vs ^SOX AR {_num(src['ar_sox'])}, CAR {_num(src['car_sox'])}, t {_num(src['t_sox'])}, "
                    f"p {_num(src['p_t_sox'], True)}, p(SQ) {_num(src['p_sq_sox'], True)}"
                )
            lines.append(ev)
        if "evidence_note" in df.columns and src["evidence_note"]:
            lines.append(f"- Evidence note: {src['evidence_note']}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_LATEX_MAP = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}


def latex_escape(text: str) -> str:
    """Escape LaTeX special characters of plain text.

    Examples
    --------
    >>> latex_escape("S&P 500 ^GSPC 5% $78,000")
    'S\\\\&P 500 \\\\textasciicircum{}GSPC 5\\\\% \\\\$78,000'
    """
    return "".join(_LATEX_MAP.get(ch, ch) for ch in str(text))


_TEX_UNITS = {"percent": "%", "USD bn": "$bn", "USD": "$", "points": "pts", "week-end date": ""}


def _tex_num(x: Any, p: bool = False) -> str:
    """Paper format: 2 decimals (p-values 3 significant digits), text unchanged, '' when missing."""
    if _missing(x):
        return ""
    if isinstance(x, int | float) and not isinstance(x, bool):
        out = f"{float(x):.3g}" if p else f"{float(x):,.2f}"
        return "0.00" if out == "-0.00" else out
    return str(x)


def to_latex(df: pd.DataFrame) -> str:
    """A booktabs ``longtable`` of every claim row (needs ``booktabs`` and ``longtable``).

    Numbers use the paper's format (2 decimals with thousands separators, p-values with 3
    significant digits); the CSV keeps 4 decimals.
    """
    _check(df, CSV_COLUMNS)
    t = _text_frame(df, CSV_COLUMNS)
    label = df["interpretation_label"] if "interpretation_label" in df.columns else df["interpretation"]
    head = ["Claim", "Asset", "Interpretation", "Window", "Claimed", "Observed", "Verdict", "CAR", "$p$"]
    out = [
        "% Generated by eventstudy.claims.output.to_latex; do not edit. Needs \\usepackage{booktabs,longtable}.",
        "{\\footnotesize\\setlength{\\tabcolsep}{3pt}",
        "\\begin{longtable}{@{}llp{2.3cm}lrrlrr@{}}",
        "\\caption{Market claims of the seed articles against the data snapshot (windows: sessions of 2025). "
        "Returns and CAR in percent "
        "(market model vs.\\ S\\&P 500), money in USD bn, prices in USD, index moves in points; $p$ from the "
        "prediction-error $t$ test.}\\label{tab:claims}\\\\",
        "\\toprule",
        " & ".join(head) + " \\\\",
        "\\midrule",
        "\\endfirsthead",
        "\\toprule",
        " & ".join(head) + " \\\\",
        "\\midrule",
        "\\endhead",
        "\\bottomrule",
        "\\endfoot",
    ]
    for i, row in t.iterrows():
        src = df.iloc[i]
        a, b = row["window_start"][5:], row["window_end"][5:]
        win = a if a == b else f"{a}--{b}"
        unit = _TEX_UNITS.get(row["unit"], row["unit"])
        claimed = _tex_num(src["claimed"])
        cells = [
            row["claim_id"],
            row["asset"],
            str(label.iloc[i]),
            win,
            f"{claimed} {unit}" if unit and claimed not in ("", "down", "up") else claimed,
            _tex_num(src["observed"]),
            row["verdict"].replace("_", " "),
            _tex_num(src["car"]),
            _tex_num(src["p_value"], p=True),
        ]
        out.append(" & ".join(latex_escape(c) for c in cells) + " \\\\")
    out += ["\\end{longtable}", "}"]
    return "\n".join(out) + "\n"


def _json_value(x: Any) -> Any:
    if _missing(x):
        return None
    if isinstance(x, float):
        return round(x, 10)
    if hasattr(x, "item"):
        return x.item()
    return x


def to_json(df: pd.DataFrame) -> str:
    """JSON list of records: the CSV columns plus claim text, tolerance, note and evidence."""
    _check(df, CSV_COLUMNS)
    extra = [
        c
        for c in ("id", "claim", "interpretation_label", "tolerance", "note", *EVIDENCE_COLUMNS)
        if c in df.columns
    ]
    cols = [*CSV_COLUMNS, *[c for c in extra if c not in CSV_COLUMNS]]
    records = [
        {c: _json_value(v) for c, v in zip(cols, vals, strict=True)}
        for vals in df[cols].itertuples(index=False, name=None)
    ]
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def format_claims(df: pd.DataFrame, fmt: str = "md") -> str:
    """Render the evaluated claims as ``"md"``, ``"csv"``, ``"json"`` or ``"tex"`` text.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`~eventstudy.claims.evaluate_claims`.
    fmt : {"md", "csv", "json", "tex"}

    Returns
    -------
    str
    """
    writers = {"md": to_markdown, "csv": to_csv, "json": to_json, "tex": to_latex}
    if fmt not in writers:
        raise ClaimsError(f"format must be one of {sorted(writers)}, not {fmt!r}")
    return writers[fmt](df)


def write_claims(df: pd.DataFrame, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``claims.csv``, ``claims.md``, ``claims.tex`` and ``claims_evidence.csv``.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`~eventstudy.claims.evaluate_claims`.
    out_dir : str or Path
        Directory (created if needed).

    Returns
    -------
    dict
        File name -> path written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "claims.csv": to_csv(df),
        "claims.md": to_markdown(df),
        "claims.tex": to_latex(df),
        "claims_evidence.csv": to_evidence_csv(df),
    }
    paths = {}
    for name, text in texts.items():
        p = out / name
        with open(p, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths[name] = p
    return paths
