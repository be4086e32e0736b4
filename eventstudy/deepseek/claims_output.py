"""Writers for the evaluated claims: per-claim summary and every reading, as CSV, Markdown, LaTeX, JSON.

Output is deterministic: rows in registry order, numbers with fixed formats (4 decimals;
p-values with 4 significant digits), ``\\n`` line endings, so reruns are byte-identical.

- ``claims_summary.csv``: one row per claim (:data:`~eventstudy.deepseek.claims.SUMMARY_COLUMNS`);
- ``claims.csv``: every reading (:data:`~eventstudy.deepseek.claims.CSV_COLUMNS`);
- ``claims.md``: for a reader: counts of claims, what the abnormal returns show, one table
  row per claim, then the sensitivity and context rows;
- ``claims.tex``: the per-claim table for the paper (booktabs ``longtable``);
- ``claims_evidence.csv``: both benchmarks' AR/CAR/t/p of every reading.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..claims.verdicts import REASONS, VERDICTS
from ..errors import ClaimsError
from ..formatting import format_number, latex_escape  # the one formatter and escaper (re-exported)
from .claims import CSV_COLUMNS, EVIDENCE_COLUMNS, SUMMARY_COLUMNS, describe_events, summarise_claims

__all__ = [
    "format_claims",
    "to_csv",
    "to_summary_csv",
    "to_evidence_csv",
    "to_markdown",
    "to_latex",
    "to_json",
    "write_claims",
    "latex_escape",
    "headline",
]

_P_COLUMNS = {"p_value", "p_t_gspc", "p_sq_gspc", "p_t_sox", "p_sq_sox"}
_EVIDENCE_OUT = ("claim_id", "summary_id", "asset", "window_start", "window_end", *EVIDENCE_COLUMNS)


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _num(x: Any, p: bool = False) -> str:
    """Fixed text form of one cell: 4 decimals (p-values: 4 significant digits), '' when missing."""
    if _missing(x):
        return ""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int | float):  # the one number formatter (eventstudy.formatting)
        return format_number(x, 4, significant=4 if p else None, minus="-", missing="")
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
    """The text of ``claims.csv``: every reading (exactly :data:`CSV_COLUMNS`)."""
    return _text_frame(df, CSV_COLUMNS).to_csv(index=False, lineterminator="\n")


def to_summary_csv(df: pd.DataFrame) -> str:
    """The text of ``claims_summary.csv``: one row per claim (exactly :data:`SUMMARY_COLUMNS`)."""
    return _text_frame(summarise_claims(df), SUMMARY_COLUMNS).to_csv(index=False, lineterminator="\n")


def to_evidence_csv(df: pd.DataFrame) -> str:
    """The text of ``claims_evidence.csv``: both benchmarks, t and SQ p-values, windows used."""
    return _text_frame(df, _EVIDENCE_OUT).to_csv(index=False, lineterminator="\n")


def _md(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _value(x: Any, unit: str) -> str:
    if _missing(x):
        return ""
    if isinstance(x, int | float) and not isinstance(x, bool):
        v = float(x)
        return {
            "percent": f"{v:+.2f}%",
            "USD bn": f"{v:,.1f} bn USD",
            "USD": f"{v:,.0f} USD" if abs(v) >= 1000 else f"{v:,.2f} USD",
            "points": f"{v:+,.1f} pts",
        }.get(unit, f"{v:g}")
    return str(x)


def _p(x: Any) -> str:
    return "" if _missing(x) else (f"{float(x):.2g}" if float(x) >= 0.001 else "< 0.001")


def _evidence_cell(r: pd.Series) -> str:
    """AR with its date, CAR with its window, p with its test; '' when the row carries none."""
    if not r["benchmark"] or _missing(r["car"]):
        return ""
    ar = f"AR {r['ar_date']} {float(r['abnormal_return']):+.2f}%"
    car = f"CAR {r['car_window']} {float(r['car']):+.2f}%"
    return f"vs {r['benchmark']}: {ar}; {car}; {r['p_test']} p {_p(r['p_value'])}"


def _verdict_words(verdict: str, reason: str) -> str:
    """``"not testable (pre-market snapshot)"``: the verdict with its reason code in words."""
    v = verdict.replace("_", " ")
    return f"{v} ({reason.replace('_', ' ')})" if reason else v


def _is_market(r: pd.Series) -> bool:
    return not str(r["claim_id"]).startswith("NT-")


def headline(summary: pd.DataFrame) -> str:
    """The headline sentence: counts of claims (not readings) by verdict."""
    counts = summary["verdict"].value_counts()
    parts = [f"{int(counts.get(v, 0))} {v.replace('_', ' ')}" for v in VERDICTS]
    market = summary[summary.apply(_is_market, axis=1)]
    mc = market["verdict"].value_counts()
    mparts = [f"{int(mc.get(v, 0))} {v.replace('_', ' ')}" for v in VERDICTS if int(mc.get(v, 0))]
    return (
        f"{len(summary)} claims: " + ", ".join(parts) + f". Of these, {len(market)} are market claims "
        "(the tables of CLAIMS.md, with one claim per asset where a sentence names several): "
        + ", ".join(mparts)
        + f"; the other {len(summary) - len(market)} are technology, cost, budget or ranking figures "
        "no market data can test."
    )


def to_markdown(df: pd.DataFrame) -> str:
    """The reader's report: headline counts of claims, event findings, per-claim table, sensitivity rows."""
    _check(df, CSV_COLUMNS)
    s = summarise_claims(df)
    lines = ["# Claims of the seed articles, checked against the data snapshot", ""]
    lines += [headline(s), ""]
    lines += [
        "Each claim has one verdict: that of its primary reading, fixed by the text before any number was "
        "computed (the registry states the reading and a one-line rationale). Other readings of the same "
        "figure are sensitivity rows and context figures (shown below); they never decide a verdict. A claim "
        "that a price moved is judged on the price; a claim that something drove a move, on the abnormal "
        "return with a one-sided p-value in the claimed direction. Evidence (AR with its date, CAR with its "
        "window, the p-value of the design's single-firm test) stands only beside rows about a price move or an attribution, from the paper's "
        "market model and estimation windows (results/design.json). Returns in percent, money in USD "
        "billions, prices in USD.",
        "",
        "## What the abnormal returns show",
        "",
    ]
    for sentence in describe_events(df.attrs.get("events", [])).values():
        lines.append(f"- {sentence}")
    lines += ["", "## Claims", ""]
    head = ["claim", "asset", "reading", "window", "claimed", "observed", "verdict", "why", "evidence"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---" for _ in head) + "|")
    for _, r in s.iterrows():
        parts = [r["reason_text"] if r["reason"] else "", r["basis"]]
        if parts[1] and parts[1] in parts[0]:
            parts[1] = ""  # the basis already stands in the reason (e.g. "ORCL is not in the snapshot")
        if r["context"]:
            parts.append(f"Context: {r['context']}")
        why = ". ".join(p for p in parts if p)
        cells = [
            f"**{r['claim_id']}** {r['claim']}",
            r["asset"],
            r["reading"],
            r["window"],
            _value(r["claimed"], r["unit"]),
            _value(r["observed"], r["unit"]),
            _verdict_words(r["verdict"], r["reason"]),
            why,
            _evidence_cell(r),
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    used = [c for c in REASONS if c in set(s["reason"]) | set(df["reason"])]
    lines += ["", "Reasons: " + "; ".join(f"*{c.replace('_', ' ')}*: {REASONS[c]}" for c in used) + "."]
    lines += [
        "",
        "## Sensitivity and context rows",
        "",
        "Readings other than the primary one: sensitivity rows (another window or series for the same "
        "figure: the verdict under that reading) and context rows (figures shown beside a claim the data "
        "cannot test: no verdict). None of them is the basis of a claim's verdict.",
        "",
    ]
    head = [
        "reading",
        "role",
        "asset",
        "reading label",
        "window",
        "claimed",
        "observed",
        "under this reading",
        "evidence",
        "note",
    ]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join("---" for _ in head) + "|")
    for _, r in df[df["role"] != "primary"].iterrows():
        under = _verdict_words(r["verdict"], r["reason"]) if r["role"] == "sensitivity" else "(context)"
        cells = [
            r["claim_id"],
            r["role"],
            r["asset"],
            r["interpretation_label"],
            f"{r['window_start']}..{r['window_end']}"
            if r["window_start"] != r["window_end"]
            else r["window_start"],
            _value(r["claimed"], r["unit"]),
            _value(r["observed"], r["unit"]),
            under,
            _evidence_cell(r),
            r["reason_text"] or r["note"],
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines).rstrip("\n") + "\n"


_TEX_UNITS = {"percent": "%", "USD bn": "$bn", "USD": "$", "points": "pts", "week-end date": ""}


def _tex_num(x: Any) -> str:
    """Paper format: 2 decimals with thousands separators, text unchanged, '' when missing."""
    if _missing(x):
        return ""
    if isinstance(x, int | float) and not isinstance(x, bool):
        return format_number(x, 2, thousands=",", minus="-", missing="")
    return str(x)


def to_latex(df: pd.DataFrame) -> str:
    """A booktabs ``longtable``: one row per claim with its primary reading, verdict and reason.

    Needs ``booktabs`` and ``longtable``. Numbers use the paper's format (2 decimals with
    thousands separators); the CSV files keep 4 decimals.
    """
    _check(df, CSV_COLUMNS)
    s = summarise_claims(df)
    head = ["Claim", "Asset", "Reading", "Window", "Claimed", "Observed", "Verdict", "Reason"]
    out = [
        "% Generated by eventstudy.deepseek.claims_output.to_latex; do not edit. Needs \\usepackage{booktabs,longtable}.",
        "{\\footnotesize\\setlength{\\tabcolsep}{3pt}",
        "\\begin{longtable}{@{}llp{2.6cm}lrrlp{2.6cm}@{}}",
        "\\caption{Claims of the seed articles against the data snapshot, one row per claim: the verdict of "
        "the claim's primary reading (fixed by the text; other readings are sensitivity rows in "
        "\\texttt{results/claims.md}). Returns in percent, money in USD bn, prices in USD.}\\label{tab:claims}\\\\",
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
    for _, r in s.iterrows():
        unit = _TEX_UNITS.get(r["unit"], r["unit"])
        claimed = _tex_num(r["claimed"])
        win = r["window"].replace("2025-", "").replace("..", "--")
        cells = [
            r["claim_id"],
            r["asset"],
            r["reading"],
            win,
            f"{claimed} {unit}" if unit and claimed and isinstance(r["claimed"], int | float) else claimed,
            _tex_num(r["observed"]),
            r["verdict"].replace("_", " "),
            r["reason"].replace("_", " "),
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


def to_json(df: pd.DataFrame, all_readings: bool = False) -> str:
    """JSON list of records: one per claim (default) or one per reading (``all_readings=True``)."""
    _check(df, CSV_COLUMNS)
    if all_readings:
        extra = (
            "id",
            "event",
            "claim",
            "interpretation_label",
            "rationale",
            "reason_text",
            "tolerance",
            "note",
        )
        cols = [
            *CSV_COLUMNS,
            *[c for c in (*extra, *EVIDENCE_COLUMNS) if c in df.columns and c not in CSV_COLUMNS],
        ]
        frame = df
    else:
        frame = summarise_claims(df)
        cols = list(SUMMARY_COLUMNS)
    records = [
        {c: _json_value(v) for c, v in zip(cols, vals, strict=True)}
        for vals in frame[cols].itertuples(index=False, name=None)
    ]
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def format_claims(df: pd.DataFrame, fmt: str = "md", all_readings: bool = False) -> str:
    """Render the evaluated claims as ``"md"``, ``"csv"``, ``"json"`` or ``"tex"`` text.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`~eventstudy.deepseek.claims.evaluate_claims`.
    fmt : {"md", "csv", "json", "tex"}
    all_readings : bool, default False
        ``csv``/``json``: every reading instead of one row per claim. ``md`` always shows
        both (the claims, then the sensitivity and context rows); ``tex`` is the per-claim table.

    Returns
    -------
    str
    """
    writers = {
        "md": to_markdown,
        "csv": to_csv if all_readings else to_summary_csv,
        "json": lambda d: to_json(d, all_readings),
        "tex": to_latex,
    }
    if fmt not in writers:
        raise ClaimsError(f"format must be one of {sorted(writers)}, not {fmt!r}")
    return writers[fmt](df)


def write_claims(df: pd.DataFrame, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``claims_summary.csv``, ``claims.csv``, ``claims.md``, ``claims.tex`` and ``claims_evidence.csv``.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`~eventstudy.deepseek.claims.evaluate_claims`.
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
        "claims_summary.csv": to_summary_csv(df),
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
