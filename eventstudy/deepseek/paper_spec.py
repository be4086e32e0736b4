"""What the paper needs from the pipeline, and the rules that keep typed results out of it.

``paper/paper.tex`` contains no result typed by hand. Every number about the data comes from
a macro defined in ``paper/generated/macros.tex``, every table from
``paper/generated/<name>.tex`` and every figure from ``paper/figures/<name>.pdf``. This
module lists them all:

- :data:`REQUIRED_MACROS` -- macro name -> the value it must hold (unit and formatting);
- :data:`REQUIRED_TABLES` -- ``generated/<name>.tex`` -> its content (a bare booktabs
  ``tabular``; the paper owns caption and label);
- :data:`REQUIRED_FIGURES` -- ``figures/<name>.pdf`` -> its content.

Formatting conventions for macro values (use :func:`eventstudy.report.latex.format_number`):
"percent" values carry their ``\\%`` sign and a ``$-$`` minus; "signed" adds ``+`` to positive
values; p-values use :func:`eventstudy.report.latex.format_pvalue` (3 decimals, ``$<$0.001``
below); dollar amounts carry ``\\$`` and their scale word. Conventions for everything: returns
are close-to-close simple returns on the asset's own calendar; event day 0 is 2025-01-27 for
the sell-off and 2025-02-24 for Open Source Week (days 0..+4 = 2025-02-24..28); the baseline
specification is the market model on the S&P 500 (^GSPC), estimation window (-260,-11) sessions.

:func:`lint_paper` applies the rules; :func:`check_inputs` checks a paper directory for missing or
extra inputs; :func:`write_placeholder_inputs` writes PLACEHOLDER inputs for tests of the LaTeX
build only (never used by ``make reproduce``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..report.latex import RESERVED_MACROS

__all__ = [
    "REQUIRED_MACROS",
    "REQUIRED_TABLES",
    "REQUIRED_FIGURES",
    "ALLOWED_NUMBERS",
    "Violation",
    "lint_paper",
    "macros_used",
    "tables_used",
    "figures_used",
    "check_inputs",
    "write_placeholder_inputs",
]

_PCT = "percent with \\%, 2 decimals, signed"
_P = "p-value, format_pvalue (3 decimals, $<$0.001 below)"
_T = "2 decimals, signed"

#: Every macro the paper uses: name -> what value it must hold (unit, formatting).
REQUIRED_MACROS: dict[str, str] = {
    # -- claimed figures, as written in the seed articles (from the claims registry) --
    "ClaimedNvdaDayZeroRet": "claim 002-1: NVDA one-day change as written, percent with \\%, as in the article ('$-$17\\%')",
    "ClaimedNvdaMcapLoss": "claim 002-2: NVDA one-day market-value loss as written, '\\$600 billion'",
    "ClaimedNvdaMcapLossAlt": "claim 004-1: NVDA one-day market-value loss as written, '\\$590 billion'",
    "ClaimedIxicDayZeroRet": "claim 002-3: Nasdaq Composite change on 2025-01-27 as written, percent with \\% ('$-$3\\%')",
    "ClaimedGspcDayZeroRet": "claim 002-4: S&P 500 change on 2025-01-27 as written, percent with \\% ('$-$1.5\\%')",
    "ClaimedNvdaWeekRet": "claim 004-4: NVDA change over the week of 2025-01-27 as written, percent with \\% ('$-$15.8\\%')",
    "ClaimedNvdaOswRet": "claim 003-1: NVDA change over Open Source Week as written, percent with \\% ('$-$10.2\\%')",
    "ClaimedGspcOswRet": "claim 003-2: S&P 500 change over Open Source Week as written, percent with \\% ('$-$4.7\\%')",
    "ClaimedNdxOswRet": "claim 003-3: Nasdaq-100 change over Open Source Week as written, percent with \\% ('$-$5.9\\%')",
    # -- data --
    "DataNumSymbols": "number of distinct symbols in prices_daily.csv, integer",
    "DataNumRows": "number of rows of prices_daily.csv, integer with {,} thousands separator",
    "NumAssetsDayZero": "number of assets in the 2025-01-27 cross-section (table day0_returns), integer",
    "NumChips": "number of semiconductor stocks in the chip portfolio, integer",
    "EstObsMin": "smallest estimation-window length (sessions) used for any asset in the baseline, integer",
    "NvdaSharesOutstanding": "NVDA share count used for market values, with unit, e.g. '24.49 billion' (10-Q, 2024-11-15)",
    "NvdaCloseBefore": "NVDA close on 2025-01-24, dollars with \\$, 2 decimals",
    "NvdaCloseDayZero": "NVDA close on 2025-01-27, dollars with \\$, 2 decimals",
    # -- event 1: 2025-01-27 --
    "NvdaDayZeroRet": "NVDA close-to-close return 2025-01-24 -> 2025-01-27, " + _PCT,
    "NvdaDayZeroAR": "NVDA market-model abnormal return on day 0 (baseline), " + _PCT,
    "NvdaDayZeroTstat": "t statistic of NVDA's day-0 AR with the prediction-error variance, " + _T,
    "NvdaDayZeroPval": "two-sided p-value of that t statistic, " + _P,
    "NvdaDayZeroSqPval": "Gelbach-Helland-Klick SQ p-value of NVDA's day-0 AR, " + _P,
    "NvdaBeta": "NVDA market-model beta on ^GSPC over the estimation window, 2 decimals",
    "NvdaMcapLoss": "NVDA market-value change on day 0 (price change x NvdaSharesOutstanding), '\\$589.6 billion' style: \\$, 1 decimal, 'billion', no sign",
    "NvdaDayOneRet": "NVDA return on 2025-01-28 (day +1), " + _PCT,
    "NvdaWeekRet": "NVDA return 2025-01-24 close -> 2025-01-31 close, " + _PCT,
    "NvdaCarThreeDay": "NVDA CAR(-1,+1), baseline, " + _PCT,
    "NvdaBharWeek": "NVDA BHAR(0,+4), baseline, " + _PCT,
    "NvdaOpenGap": "NVDA return from the 2025-01-24 close to the first 5-minute open of 2025-01-27 (09:30 New York), "
    + _PCT,
    "TsmDayZeroRet": "TSM (NYSE ADR) return on 2025-01-27, " + _PCT,
    "TsmDayZeroAR": "TSM day-0 abnormal return, baseline, " + _PCT,
    "AvgoDayZeroRet": "AVGO return on 2025-01-27, " + _PCT,
    "AvgoDayZeroAR": "AVGO day-0 abnormal return, baseline, " + _PCT,
    "ArmDayZeroRet": "ARM return on 2025-01-27 (Yahoo close), " + _PCT,
    "MuDayZeroRet": "MU return on 2025-01-27, " + _PCT,
    "AmdDayZeroRet": "AMD return on 2025-01-27, " + _PCT,
    "GspcDayZeroRet": "S&P 500 (^GSPC) return on 2025-01-27, " + _PCT,
    "IxicDayZeroRet": "Nasdaq Composite (^IXIC) return on 2025-01-27, " + _PCT,
    "NdxDayZeroRet": "Nasdaq-100 (^NDX) return on 2025-01-27, " + _PCT,
    "DjiDayZeroRet": "Dow Jones Industrial Average (^DJI) return on 2025-01-27, " + _PCT,
    "SoxDayZeroRet": "PHLX Semiconductor index (^SOX) return on 2025-01-27, " + _PCT,
    "BtcDayZeroRet": "BTC-USD@exchange return over the UTC day 2025-01-27 (close 01-26 -> close 01-27), "
    + _PCT,
    "EthDayZeroRet": "ETH-USD (Yahoo) return over the day 2025-01-27, " + _PCT,
    "ChipsCaarDayZero": "chip-portfolio CAAR(0,0), baseline, " + _PCT,
    "ChipsCaarThreeDay": "chip-portfolio CAAR(-1,+1), baseline, " + _PCT,
    "ChipsNumNegative": "number of chip stocks with a negative day-0 AR, integer",
    "ChipsBmpPval": "BMP test p-value for the chip CAAR(0,0), " + _P,
    "ChipsKpPval": "Kolari-Pynnonen (2010) adjusted BMP p-value for the chip CAAR(0,0), " + _P,
    "ChipsGrankPval": "GRANK p-value for the chip CAAR(0,0), " + _P,
    "ChipsGenSignPval": "Cowan generalized sign test p-value for the chip CAAR(0,0), " + _P,
    "MegaCapCaarDayZero": "mega-cap tech (non-chip) CAAR(0,0), baseline, " + _PCT,
    "NvdaPlaceboCount": "number of placebo dates in NVDA's permutation distribution, integer",
    "NvdaPlaceboPval": "permutation p-value: share of placebo dates with |AR| >= |day-0 AR|, " + _P,
    # -- event 2: Open Source Week 2025-02-24..28 --
    "NvdaOswRet": "NVDA return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    "NvdaOswMcapLoss": "NVDA market-value change over the week (price change x shares, 10-K count), '\\$X billion', 1 decimal, no sign",
    "NvdaOswShares": "NVDA share count in force for Open Source Week, with unit, e.g. '24.4 billion' (10-K, 2025-02-21)",
    "NvdaOswCar": "NVDA CAR(0,+4), market model on ^GSPC, " + _PCT,
    "NvdaOswCarTstat": "t statistic of NvdaOswCar with the prediction-error covariance, " + _T,
    "NvdaOswCarPval": "two-sided p-value of NvdaOswCarTstat, " + _P,
    "NvdaOswWaldPval": "joint Wald test p-value that NVDA's five daily ARs of the week are all zero, " + _P,
    "NvdaOswSectorCar": "NVDA CAR(0,+4), market model on ^SOX (sector-adjusted), " + _PCT,
    "NvdaOswSectorPval": "p-value of the t test of NvdaOswSectorCar, " + _P,
    "GspcOswRet": "S&P 500 return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    "NdxOswRet": "Nasdaq-100 return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    "SoxOswRet": "^SOX return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    "BtcOswLow": "lowest BTC-USD@exchange daily low 2025-02-24..28, dollars with \\$, 0 decimals, {,} thousands",
    "ChipsOswCaar": "chip-portfolio CAAR(0,+4), market model on ^GSPC, " + _PCT,
    "ChipsOswBmpPval": "BMP p-value for ChipsOswCaar, " + _P,
    "ChipsOswGrankPval": "GRANK p-value for ChipsOswCaar, " + _P,
    "ChipsOswSectorCaar": "chip-portfolio CAAR(0,+4), market model on ^SOX (sector-adjusted; ^SOX contains the portfolio's members), "
    + _PCT,
    "ChipsOswSectorPval": "cross-sectional t p-value for ChipsOswSectorCaar, " + _P,
    # -- claims --
    "ClaimsTotal": "number of claims in the registry (all interpretations counted once per claim id), integer",
    "ClaimsRows": "number of (claim, interpretation) rows evaluated, integer; the verdict counts are over these rows",
    "ClaimsTestable": "number of claims testable with market data, integer",
    "ClaimsConfirmed": "number of claims with verdict 'confirmed', integer",
    "ClaimsClose": "number of claims with verdict 'close', integer",
    "ClaimsContradicted": "number of claims with verdict 'contradicted', integer",
    "ClaimsNotTestable": "number of claims with verdict 'not_testable', integer",
    "ClaimsRule": "one sentence stating the verdict rule and its tolerances as implemented in eventstudy.claims (LaTeX text, numbers formatted)",
    # -- beyond returns --
    "NvdaVolumeMultiple": "NVDA day-0 volume divided by its mean estimation-window volume, 1 decimal, no unit",
    "NvdaAbnVolumeTstat": "t statistic of NVDA's day-0 abnormal log volume (Ajinkya-Jain market model of log volume), "
    + _T,
    "ChipsAbnVolumePval": "p-value of the chip-portfolio mean abnormal log volume on day 0 (cross-sectional t), "
    + _P,
    "NvdaVolRatio": "ratio of NVDA's market-model residual variance over days (0,+20) to that over days (-120,-1), 2 decimals",
    "NvdaVolRatioPval": "p-value of the F test of NvdaVolRatio, " + _P,
    "SynthNumDonors": "number of donor assets with positive synthetic-control weight, integer",
    "NvdaSynthGap": "NVDA minus synthetic NVDA, day-0 return gap, " + _PCT,
    "NvdaSynthPreRmse": "pre-event RMSE of the synthetic NVDA daily returns, percent with \\%, 2 decimals",
    "NvdaSynthPval": "placebo-in-space p-value of NVDA's day-0 gap (rank among donors), " + _P,
    "NvdaSynthPvalMin": "smallest attainable placebo p-value, 1/(donors + 1), " + _P,
    "SynthPoolSize": "number of donors in the synthetic-control pool, integer",
    "CalTimeAlpha": "average of the five event-day dummy coefficients (days 0..+4) of the equal-weighted chip portfolio in the calendar-time regression, percent with \\%, 3 decimals, signed",
    "CalTimeAlphaTstat": "Newey-West t statistic of CalTimeAlpha (that of the portfolio CAR(0,+4)), " + _T,
    "CalTimeDayZeroAR": "day-0 dummy coefficient of the calendar-time regression, " + _PCT,
    "CalTimeDayZeroTstat": "Newey-West t statistic of CalTimeDayZeroAR, " + _T,
    # -- conclusions (wording chosen by the p-values at the 5% level) --
    "ConclusionMonday": "sentence: NVDA day-0 significance under t and SQ, chip CAAR(0,0) under BMP and under KP/GRANK, p-values formatted",
    "ConclusionOsw": "sentence: NVDA CAR(0,+4) vs market and vs SOX, chip KP p-value, and whether the data support the causal claim",
    # -- robustness --
    "RobustNumSpecs": "number of specifications in the robustness table, integer",
    "SizeDraws": "number of placebo draws of the size table, integer",
    "SizeBmpClustered": "BMP rejection rate at 5% with a shared placebo date, percent with \\%, 1 decimal",
    "SizeWaldIndependent": "joint Wald (chi2) rejection rate at 5% with independent placebo dates, percent with \\%, 1 decimal",
    "SizeKpClustered": "Kolari-Pynnonen rejection rate at 5% with a shared placebo date, percent with \\%, 1 decimal",
    "RobustNvdaARMin": "smallest NVDA day-0 AR across the robustness specifications, " + _PCT,
    "RobustNvdaARMax": "largest NVDA day-0 AR across the robustness specifications, " + _PCT,
    "RobustChipsPvalMax": "largest p-value of the chip CAAR(0,0) across specifications and tests, " + _P,
}

#: Every generated table: ``generated/<name>.tex`` -> content. Each file is a bare ``tabular``
#: (``dataframe_to_booktabs(..., environment=False)``); the paper owns caption and label.
REQUIRED_TABLES: dict[str, str] = {
    "data_summary": "one row per source group: symbols, source repository and file, fields, adjustment, first and last date, observations",
    "day0_returns": "one row per asset on 2025-01-27: asset, group, return (%), AR (%), t, p, CAR(-1,+1) (%), baseline model",
    "day0_tests": "chip portfolio on 2025-01-27: one row per test of inference.TESTS applicable to a portfolio, statistic and p-value for (0,0) and (-1,+1)",
    "osw_returns": "one row per asset for Open Source Week: return (%), CAR(0,+4) (%), BHAR(0,+4) (%), t, p, sector-adjusted CAR (%), p",
    "osw_tests": "chip portfolio CAAR(0,+4): one row per test, statistic and p-value, market and sector-adjusted models",
    "claims": "longtable (with caption and label tab:claims) from eventstudy.claims: one row per (claim, interpretation): id, asset, interpretation, window, claimed, observed, verdict, CAR, p",
    "volume_volatility": "one row per asset: day-0 volume multiple, abnormal log volume t, residual variance ratio (0,+20), F p-value, GARCH persistence",
    "synthetic_control": "donor weights of synthetic NVDA (positive weights only) with pre-event RMSE and day-0 gap",
    "calendar_time": "calendar-time regression of the chip portfolio: one row per event-day dummy (days 0..+4) and the CAR: AR, t, Newey-West t and p",
    "size": "rejection rates at the 5% level of every test on 500 real placebo dates (2017-09..2024), ten stocks, shared date vs independent dates",
    "robustness": "one row per specification (estimation window 120/250; market / market-adjusted / sector-adjusted / two-factor / GARCH): NVDA AR (%), t, chip CAAR (%), parametric p (BMP), non-parametric p (GRANK)",
}

#: Every generated figure: ``figures/<name>.pdf`` -> content (made with eventstudy.report.figures).
REQUIRED_FIGURES: dict[str, str] = {
    "price_paths_jan27": "price_paths around 2025-01-27 (before=10, after=10): NVDA, TSM, AVGO, MU, AMD, MSFT, GOOG, ^GSPC, ^IXIC, BTC-USD",
    "ar_bars_jan27": "ar_bars of day-0 abnormal returns with 95% intervals, all assets of day0_returns",
    "car_paths_jan27": "car_paths grouped, CAR(-10..+10) with 95% prediction-error bands, around 2025-01-27",
    "placebo_jan27": "placebo_hist of NVDA's AR on placebo dates with the day-0 AR and permutation p-value",
    "price_paths_osw": "price_paths around 2025-02-24 (before=10, after=10), same assets as price_paths_jan27",
    "car_paths_osw": "car_paths grouped, CAR(-10..+10) around 2025-02-24, market and sector-adjusted for NVDA",
    "claims_chart": "claims_chart of claimed vs observed percent changes, coloured by verdict",
    "abnormal_volume": "car_paths-style event-time plot of abnormal log volume (NVDA, chip portfolio, ^GSPC proxy SPY) days -10..+10",
    "volatility": "event-time plot of NVDA's GARCH(1,1) conditional volatility and squared residuals, days -60..+20",
    "synthetic_control": "synthetic_control_plot of NVDA vs synthetic NVDA (cumulative returns) with donor placebo gaps",
    "calendar_time": "cumulative abnormal return of the calendar-time chip portfolio, 2024-12..2025-03, both event periods shaded",
}

#: Decimal numbers allowed in the paper's prose (generic constants, not results).
ALLOWED_NUMBERS: frozenset[str] = frozenset({"0.5"})

#: Control words starting with a capital letter that are LaTeX's, not the pipeline's: the
#: capitalised names of :data:`eventstudy.report.latex.RESERVED_MACROS` and a few more.
_LATEX_CAPITALISED: frozenset[str] = frozenset(w for w in RESERVED_MACROS if w[:1].isupper()) | {
    "BibTeX",
    "LARGE",
    "Re",
    "Im",
    "Rightarrow",
    "Leftarrow",
    "Leftrightarrow",
    "Longrightarrow",
    "Bigg",
    "Big",
    "Biggl",
    "Biggr",
    "Bigl",
    "Bigr",
    "bigl",
    "Vert",
}

# --------------------------------------------------------------------------- lint rules


@dataclass(frozen=True)
class Violation:
    """One broken rule: line number in paper.tex, rule name and the offending text."""

    line: int
    rule: str
    text: str

    def __str__(self) -> str:
        return f"paper.tex:{self.line}: {self.rule}: {self.text!r}"


_COMMENT_RE = re.compile(r"(?<!\\)%.*")
_DISPLAY_MATH_RE = re.compile(
    r"\\begin\{(equation|align|gather|multline|eqnarray)(\*?)\}.*?\\end\{\1\2\}|\\\[.*?\\\]", re.S
)
_ARG_COMMANDS = (
    "cite",
    "citet",
    "citep",
    "citealt",
    "citealp",
    "citeauthor",
    "citeyear",
    "label",
    "ref",
    "eqref",
    "autoref",
    "pageref",
    "input",
    "include",
    "includegraphics",
    "bibliography",
    "bibliographystyle",
    "url",
    "href",
    "begin",
    "end",
    "hspace",
    "vspace",
    "setlength",
    "addtolength",
    "usepackage",
    "documentclass",
    "hypersetup",
    "graphicspath",
)
_ARG_RE = re.compile(r"\\(?:" + "|".join(_ARG_COMMANDS) + r")\*?(?:\[[^\]]*\])*\{[^{}]*\}")
_OPT_RE = re.compile(r"(\\[A-Za-z]+\*?)\[[^\]]*\]")
_LENGTH_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:\\(?:line|text|column|paper)(?:width|height)|pt|em|ex|cm|mm|in|bp)\b"
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "typed percentage",
        re.compile(r"\d+(?:\.\d+)?\s*(?:\\?%|\\textpercent|percent\b|per cent\b|percentage points?\b|pp\b)"),
    ),
    (
        "typed dollar figure",
        re.compile(r"\\\$\s*\d|\bUS\$\s*\d|\bUSD\s*\d|\d\s*(?:billion|trillion|million|bn|tn)\b", re.I),
    ),
    ("typed decimal result", re.compile(r"(?<![\w.\\])\d+\.\d+(?![\w.])")),
)


def _blank(m: re.Match[str]) -> str:
    """Replace a match by spaces, keeping newlines (so line numbers survive)."""
    return re.sub(r"[^\n]", " ", m.group(0))


def _strip_comments(tex: str) -> str:
    return "\n".join(_COMMENT_RE.sub("", line) for line in tex.split("\n"))


def _body(tex: str) -> tuple[str, int]:
    """The document body (or the whole text) with comments removed, and its starting line offset."""
    tex = _strip_comments(tex)
    start = tex.find("\\begin{document}")
    if start < 0:
        return tex, 0
    end = tex.find("\\end{document}", start)
    body = tex[start : end if end >= 0 else len(tex)]
    return body, tex.count("\n", 0, start)


def lint_paper(tex: str, allowed: frozenset[str] = ALLOWED_NUMBERS) -> list[Violation]:
    """Find hand-typed results in LaTeX source.

    The document body (everything when there is no ``\\begin{document}``) is checked after
    removing comments, display equations, the arguments of ``\\cite``, ``\\label``, ``\\ref``,
    ``\\input``, ``\\includegraphics`` and similar, optional arguments and lengths
    (``0.9\\linewidth``). What is left must not contain a percentage (``17\\%``), a dollar
    figure (``\\$600``, ``600 billion``) or a decimal number (``118.42``) other than those in
    ``allowed``.

    Parameters
    ----------
    tex : str
        LaTeX source.
    allowed : frozenset of str
        Decimal numbers allowed in prose (generic constants).

    Returns
    -------
    list of Violation
        Empty when the source follows the rules.
    """
    body, offset = _body(tex)
    for pattern in (_DISPLAY_MATH_RE, _ARG_RE, _OPT_RE, _LENGTH_RE):
        if pattern is _OPT_RE:
            body = pattern.sub(
                lambda m: m.group(1) + re.sub(r"[^\n]", " ", m.group(0)[len(m.group(1)) :]), body
            )
        else:
            body = pattern.sub(_blank, body)
    out: list[Violation] = []
    for rule, pattern in _RULES:
        for m in pattern.finditer(body):
            if rule == "typed decimal result" and m.group(0) in allowed:
                continue
            out.append(Violation(offset + body.count("\n", 0, m.start()) + 1, rule, m.group(0)))
    return sorted(out, key=lambda v: (v.line, v.rule))


_CONTROL_WORD_RE = re.compile(r"\\([A-Za-z]+)")
_INPUT_RE = re.compile(r"\\input\{generated/([^}]+?)(?:\.tex)?\}")
_GRAPHICS_RE = re.compile(r"\\includegraphics(?:\[[^\]]*\])?\{figures/([^}]+?)(?:\.pdf)?\}")


def macros_used(tex: str) -> set[str]:
    """Capitalised control words of the body (comments removed) that are not LaTeX's own."""
    body, _ = _body(tex)
    return {w for w in _CONTROL_WORD_RE.findall(body) if w[0].isupper() and w not in _LATEX_CAPITALISED}


def tables_used(tex: str) -> set[str]:
    """Names ``X`` of every ``\\input{generated/X.tex}`` except ``macros``."""
    return set(_INPUT_RE.findall(_strip_comments(tex))) - {"macros"}


def figures_used(tex: str) -> set[str]:
    """Names ``X`` of every ``\\includegraphics{figures/X.pdf}``."""
    return set(_GRAPHICS_RE.findall(_strip_comments(tex)))


def check_inputs(paper_dir: str | Path) -> list[str]:
    """List what is missing or unexpected among a paper directory's generated inputs.

    Parameters
    ----------
    paper_dir : str or pathlib.Path
        Directory with ``generated/macros.tex``, ``generated/<table>.tex`` and ``figures/<fig>.pdf``.

    Returns
    -------
    list of str
        Human-readable problems; empty when every required input is present and the macro file
        defines exactly :data:`REQUIRED_MACROS`.
    """
    from ..report.latex import read_macros

    root = Path(paper_dir)
    problems: list[str] = []
    macros_path = root / "generated" / "macros.tex"
    if not macros_path.is_file():
        problems.append(f"missing {macros_path}")
    else:
        defined = set(read_macros(macros_path))
        for name in sorted(set(REQUIRED_MACROS) - defined):
            problems.append(f"macro \\{name} not defined in {macros_path}")
        for name in sorted(defined - set(REQUIRED_MACROS)):
            problems.append(f"macro \\{name} in {macros_path} is not in REQUIRED_MACROS")
    for name in sorted(REQUIRED_TABLES):
        if not (root / "generated" / f"{name}.tex").is_file():
            problems.append(f"missing table generated/{name}.tex")
    for name in sorted(REQUIRED_FIGURES):
        if not (root / "figures" / f"{name}.pdf").is_file():
            problems.append(f"missing figure figures/{name}.pdf")
    return problems


# --------------------------------------------------------------------------- placeholders

_PLACEHOLDER_HEADER = (
    "% PLACEHOLDER -- written by eventstudy.report.paper_spec.write_placeholder_inputs for tests of the\n"
    "% LaTeX build only. These are NOT results; `make reproduce` overwrites every file.\n"
)


def write_placeholder_inputs(paper_dir: str | Path) -> list[Path]:
    """Write PLACEHOLDER macros, tables and figures so the paper compiles before results exist.

    For tests of the LaTeX build only: every macro expands to a boxed ``PH``, every table is a
    one-row tabular naming itself, every figure a grey box with its name. Never used by
    ``make reproduce``.

    Parameters
    ----------
    paper_dir : str or pathlib.Path
        The paper directory (``generated/`` and ``figures/`` are created inside it).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from matplotlib.figure import Figure

    from ..report.figures import save_figure
    from ..report.latex import MACRO_HEADER, write_macros
    from ..report.style import use_style

    root = Path(paper_dir)
    gen = root / "generated"
    written: list[Path] = []
    macros = write_macros({name: r"\fbox{\textsf{PH}}" for name in REQUIRED_MACROS}, gen / "macros.tex")
    macros.write_text(
        macros.read_text(encoding="utf-8").replace(MACRO_HEADER + "\n", _PLACEHOLDER_HEADER, 1),
        encoding="utf-8",
        newline="\n",
    )
    written.append(macros)
    for name in REQUIRED_TABLES:
        path = gen / f"{name}.tex"
        # the claims table is a longtable carrying its own caption and label
        env, extra = (
            ("longtable", "\\caption{PLACEHOLDER}\\label{tab:claims}\\\\\n")
            if name == "claims"
            else ("tabular", "")
        )
        path.write_text(
            _PLACEHOLDER_HEADER
            + f"\\begin{{{env}}}{{ll}}\n{extra}\\toprule\nPLACEHOLDER & table \\\\\n\\midrule\n"
            + f"\\texttt{{{name.replace('_', chr(92) + '_')}}} & not generated yet \\\\\n\\bottomrule\n\\end{{{env}}}\n",
            encoding="utf-8",
            newline="\n",
        )
        written.append(path)
    for name in REQUIRED_FIGURES:
        with use_style():
            fig = Figure(figsize=(6.4, 3.0))
            ax = fig.add_subplot()
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                f"PLACEHOLDER\nfigures/{name}.pdf",
                ha="center",
                va="center",
                fontsize=14,
                color="#7a7a7a",
                transform=ax.transAxes,
            )
            fig.patch.set_edgecolor("#7a7a7a")
            fig.patch.set_linewidth(1.5)
        written.extend(save_figure(fig, name, root / "figures", formats=("pdf",)))
    return written
