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
the sell-off and 2025-02-24 for Open Source Week (days 0..+4 = 2025-02-24..28); the universe,
benchmarks, estimation windows and primary tests are those of the study design
(:func:`eventstudy.deepseek.design.study_design`, ``results/design.json``).

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
_P = "p-value with its relation for prose after $p$: '$=$\\,0.042' or '$<$\\,0.001' (paper_build.p_rel of format_pvalue)"
_T = "2 decimals, signed"
_R = "rejection rate in percent with \\%, 1 decimal"
_D = "from study_design() (results/design.json)"

#: Every macro the paper uses: name -> what value it must hold (unit, formatting).
REQUIRED_MACROS: dict[str, str] = {
    # -- title page --
    "PaperVersion": "eventstudy.__version__",
    "PaperDate": "paper_build.PAPER_DATE (fixed, so reruns are byte-identical)",
    # -- the study design (every window, universe and benchmark comes from the design) --
    "MonEstWindow": "DeepSeek Monday estimation window in event days, '$(-105,-11)$' style, " + _D,
    "MonEstStart": "first date of that window, YYYY-MM-DD, " + _D,
    "MonEstEnd": "last date of that window, YYYY-MM-DD, " + _D,
    "MonEstN": "sessions in that window, integer, " + _D,
    "OswEstWindow": "Open Source Week estimation window in event days, " + _D,
    "OswEstStart": "first date of that window, " + _D,
    "OswEstEnd": "last date of that window, " + _D,
    "OswEstN": "sessions in that window, integer, " + _D,
    "NumTreated": "number of treated stocks (the universe rule), integer, " + _D,
    "NumOriginal": "number of the original six chip stocks in the universe, integer, " + _D,
    "NumAdded": "number of treated stocks added by the rule, integer, " + _D,
    "TreatedList": "the treated stocks, comma-separated tickers, " + _D,
    "AddedList": "the stocks added by the rule, comma-separated tickers, " + _D,
    "ControlList": "the AI large caps (controls), comma-separated tickers, " + _D,
    "EventFreeList": "members of the event-free equal-weighted market, comma-separated tickers, " + _D,
    "NumEventFree": "number of those members, integer, " + _D,
    "PreEventWindow": "pre-event window from the R1 release in event days, " + _D,
    "PreEventStart": "its first date, " + _D,
    "PreEventEnd": "its last date, " + _D,
    "ROneRelease": "DeepSeek-R1 release date, YYYY-MM-DD (design.R1_RELEASE)",
    "Level": "the decision rule's significance level in percent with \\%, 0 decimals, " + _D,
    "PrimarySingle": "display name of the primary single-firm test, " + _D,
    "PrimaryPortfolio": "display name of the primary portfolio test, " + _D,
    "SizeDraws": "number of placebo dates of the size experiment, integer",
    "PlaceboStart": "first date of the placebo period of the size experiment, YYYY-MM-DD",
    "PlaceboEnd": "last date of the placebo period, YYYY-MM-DD",
    "PowerShift": "abnormal return injected on day 0 for the power column, percent with \\%, 0 decimals",
    "SizePrimarySingle": "primary single-firm test's rejection rate, shared date, window (0,0), " + _R,
    "SizePrimarySingleWeek": "the same for window (0,4), " + _R,
    "SizePrimaryPortfolio": "primary portfolio test's rejection rate, shared date, (0,0), " + _R,
    "SizePrimaryPortfolioSe": "its Monte-Carlo standard error sqrt(p(1-p)/n), " + _R,
    "SizePrimaryPortfolioWeek": "the primary portfolio test's rate for (0,4), " + _R,
    "SizeSq": "SQ test's rejection rate, shared date, (0,0), " + _R,
    "SizeSqWeek": "SQ test's rejection rate, (0,4), " + _R,
    "SizeBw": "Brown-Warner rejection rate, shared date, (0,0), " + _R,
    "SizeBwSe": "its Monte-Carlo standard error, " + _R,
    "SizeBwWeek": "Brown-Warner rejection rate, (0,4), " + _R,
    "SizeKp": "Kolari-Pynnonen rejection rate, shared date, (0,0), " + _R,
    "SizeBmp": "BMP rejection rate, shared date, (0,0), " + _R,
    "PowerPrimaryPortfolio": "primary portfolio test's rejection rate with PowerShift injected on day 0, "
    + _R,
    "PowerBw": "Brown-Warner's rejection rate with PowerShift injected, " + _R,
    "PowerKp": "Kolari-Pynnonen's rejection rate with PowerShift injected, " + _R,
    # -- claimed figures (claims summary, one row per claim) --
    "ClaimedNvdaDayZeroRet": "claim 002-1: NVDA one-day change as written, percent with \\% ('$-$17\\%')",
    "ClaimedNvdaMcapLoss": "claim 002-2: NVDA one-day market-value loss as written, '\\$600 billion'",
    "ClaimedIxicDayZeroRet": "claim 002-3: Nasdaq Composite change on 2025-01-27 as written, percent with \\%",
    "ClaimedNvdaOswRet": "claim 003-1/ret: NVDA change over Open Source Week as written, percent with \\%",
    # -- data --
    "DataNumSymbols": "number of distinct symbols in prices_daily.csv, integer",
    "DataNumRows": "number of rows of prices_daily.csv, integer with {,} thousands separator",
    "NvdaSharesOutstanding": "NVDA share count used for market values, with unit, e.g. '24.49 billion'",
    # -- DeepSeek Monday --
    "NvdaDayZeroRet": "NVDA close-to-close return 2025-01-24 -> 2025-01-27, " + _PCT,
    "NvdaMcapLoss": "NVDA market-value change on day 0 (price change x shares), \\$, 1 decimal, 'billion', no sign",
    "NvdaDayZeroAR": "NVDA market-model (^GSPC, design window) abnormal return on day 0, " + _PCT,
    "NvdaDayZeroTstat": "statistic of the primary single-firm test of NvdaDayZeroAR, " + _T,
    "NvdaDayZeroPval": "its two-sided p-value, " + _P,
    "NvdaDayZeroSqPval": "SQ p-value of NvdaDayZeroAR, " + _P,
    "NvdaBeta": "NVDA market-model beta on ^GSPC over the design window, 2 decimals",
    "GspcDayZeroRet": "S&P 500 return on 2025-01-27, " + _PCT,
    "SoxDayZeroRet": "^SOX return on 2025-01-27, " + _PCT,
    "IxicDayZeroRet": "Nasdaq Composite return on 2025-01-27, " + _PCT,
    "EwDayZeroRet": "event-free equal-weighted market's return on 2025-01-27, " + _PCT,
    "RutDayZeroRet": "Russell 2000 return on 2025-01-27, " + _PCT,
    "NvdaArEventFree": "NVDA day-0 AR, market model on the event-free EW market, " + _PCT,
    "NvdaArRut": "NVDA day-0 AR, market model on ^RUT, " + _PCT,
    "NvdaArSox": "NVDA day-0 AR, market model on ^SOX (sector-adjusted), " + _PCT,
    "NvdaArDiffEventFree": "NvdaArEventFree minus NvdaDayZeroAR in percentage points, " + _T,
    "NvdaArDiffRut": "NvdaArRut minus NvdaDayZeroAR in percentage points, " + _T,
    "NvdaBetaRut": "NVDA beta on ^RUT, 2 decimals",
    "NvdaBetaEventFree": "NVDA beta on the event-free EW market, 2 decimals",
    "ChipsCaarDayZero": "treated universe's CAAR(0,0), " + _PCT,
    "ChipsNumNegative": "number of treated stocks with a negative day-0 AR, integer",
    "ChipsPrimaryStat": "primary portfolio test statistic for CAAR(0,0), " + _T,
    "ChipsPrimaryPval": "its p-value, " + _P,
    "ChipsBwPval": "Brown-Warner p-value for CAAR(0,0), " + _P,
    "ChipsKpPval": "Kolari-Pynnonen p-value for CAAR(0,0), " + _P,
    "OrigCaarDayZero": "CAAR(0,0) of the original six, " + _PCT,
    "OrigPrimaryPval": "primary portfolio test p-value for the original six, " + _P,
    "AddedCaarDayZero": "CAAR(0,0) of the stocks added by the rule, " + _PCT,
    "AddedPrimaryPval": "primary portfolio test p-value for them, " + _P,
    "MegaCapCaarDayZero": "CAAR(0,0) of the AI large caps (controls), " + _PCT,
    "ChipsTopFiveShare": "share of the treated universe's summed day-0 AR due to its five most negative ARs, "
    "unsigned percent, no decimals",
    "PowerObsMon": "primary portfolio test rejection rate on the size placebo dates with ChipsCaarDayZero added to every treated stock's day-0 return (power at the observed effect), percent, one decimal",
    "NvdaPlaceboCount": "number of placebo dates in NVDA's permutation distribution, integer",
    "NvdaPlaceboPval": "permutation p-value of NVDA's day-0 AR, " + _P,
    "NvdaPreCar": "NVDA CAR over the pre-event window, " + _PCT,
    "NvdaPrePval": "primary single-firm test p-value of NvdaPreCar, " + _P,
    "ChipsPreCaar": "treated universe's CAAR over the pre-event window, " + _PCT,
    "ChipsPrePval": "primary portfolio test p-value of ChipsPreCaar, " + _P,
    "NvdaPreMde": "|CAR| over the pre-event window that the primary single-firm test detects with 80% power (noncentral t, the test's own Var[CAR]), unsigned percent, one decimal",
    "NvdaOvernightDayZero": "NVDA overnight return 2025-01-24 close -> 2025-01-27 open, " + _PCT,
    "NvdaSessionDayZero": "NVDA regular-session return on 2025-01-27 (open -> close), " + _PCT,
    "NvdaOswOvernightPositive": "number of Open Source Week sessions with a positive NVDA overnight return, integer",
    "NvdaOswDays": "number of Open Source Week sessions, integer",
    "NvdaOswOvernightSum": "compounded NVDA overnight returns over Open Source Week, " + _PCT,
    "NvdaOswSessionSum": "compounded NVDA session returns over Open Source Week, " + _PCT,
    "NvdaSessionFebTwentySeven": "NVDA regular-session return on 2025-02-27 (after its earnings), " + _PCT,
    # -- Open Source Week --
    "NvdaOswRet": "NVDA return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    "NvdaOswCar": "NVDA CAR(0,+4), market model on ^GSPC, design window, " + _PCT,
    "NvdaOswCarPval": "primary single-firm test p-value of NvdaOswCar, " + _P,
    "NvdaOswPower": "power of the primary single-firm test at the observed NvdaOswCar (noncentral t), percent, one decimal",
    "NvdaOswMde": "|CAR(0,+4)| of NVDA that the primary single-firm test detects with 80% power, unsigned percent, one decimal",
    "NvdaOswSectorCar": "NVDA CAR(0,+4), market model on ^SOX (sector-adjusted), " + _PCT,
    "NvdaOswSectorPval": "primary single-firm test p-value of NvdaOswSectorCar, " + _P,
    "ChipsOswCaar": "treated universe's CAAR(0,+4), " + _PCT,
    "ChipsOswPrimaryPval": "primary portfolio test p-value of ChipsOswCaar, " + _P,
    "ChipsOswKpPval": "Kolari-Pynnonen p-value of ChipsOswCaar, " + _P,
    "PowerObsOsw": "primary portfolio test rejection rate, window (0,+4), on the size placebo dates with ChipsOswCaar added to every treated stock's day-0 return, percent, one decimal",
    "GspcOswRet": "S&P 500 return 2025-02-21 close -> 2025-02-28 close, " + _PCT,
    # -- claims, counted per claim (summarise_claims) --
    "ClaimsTotal": "number of claims (one row per claim of the summary), integer",
    "ClaimsReadings": "number of readings evaluated (rows of results/claims.csv), integer",
    "ClaimsTestable": "number of claims whose verdict is not 'not_testable', integer",
    "ClaimsConfirmed": "claims confirmed, integer",
    "ClaimsClose": "claims close, integer",
    "ClaimsContradicted": "claims contradicted, integer",
    "ClaimsInconclusive": "claims inconclusive, integer",
    "ClaimsNotTestable": "claims not testable with market data, integer",
    "ClaimsCharted": "claims drawn in the claims figure (percent, numeric claimed and observed), integer",
    # -- further evidence --
    "NvdaVolumeMultiple": "NVDA day-0 volume over its mean design-window volume, 1 decimal",
    "NvdaAbnVolumeTstat": "t statistic of NVDA's day-0 abnormal log volume, " + _T,
    "NvdaVolRatio": "NVDA residual variance ratio, days (+1,+20) over (-120,-1) (day 0 excluded), 2 decimals",
    "NvdaVolRatioPval": "F test p-value of NvdaVolRatio, " + _P,
    "NumGarchAtBound": "number of the six chip GARCH(1,1) fits at a parameter bound, integer",
    "NumGarchFits": "number of GARCH(1,1) fits, integer",
    "NvdaSynthPreRmse": "pre-event RMSE of the synthetic NVDA, percent with \\%, 2 decimals",
    "NvdaMarketModelRmse": "RMSE of NVDA's market-model residuals over the design window, percent with \\%, 2 decimals",
    "SynthPoolSize": "donors in the synthetic-control pool, integer",
    "NvdaSynthPvalMin": "smallest attainable placebo p-value 1/(donors+1), " + _P,
    "CalTimeDayZeroAR": "day-0 dummy coefficient of the calendar-time regression of the treated universe, "
    + _PCT,
    "CalTimeDayZeroTstat": "Newey-West t statistic of CalTimeDayZeroAR, " + _T,
    "RobustNumSpecs": "number of specifications in the robustness table, integer",
    "GarchUniverseAtBound": "treated stocks whose GARCH(1,1) market-model fit sits at a bound, 'k of N'",
    "RobustNvdaARMin": "smallest NVDA day-0 AR across them, " + _PCT,
    "RobustNvdaARMax": "largest NVDA day-0 AR across them, " + _PCT,
    # -- conclusions: one generated sentence per primary hypothesis, by the design's decision rule --
    "ConclusionMonday": "narrative.primary_test_sentence for each primary hypothesis of DeepSeek Monday",
    "ConclusionOsw": "narrative.primary_test_sentence for each primary hypothesis of Open Source Week",
}

#: Every generated table: ``generated/<name>.tex`` -> content. Each file is a bare ``tabular``
#: (``dataframe_to_booktabs(..., environment=False)``); the paper owns caption and label.
REQUIRED_TABLES: dict[str, str] = {
    "design": "one row per event: treated N, estimation window (days, dates, sessions), event windows, primary tests",
    "size": "one row per test: decisions, size at (0,0) and (0,4) with Monte-Carlo s.e., mean distortion, power",
    "primary_single": "NVDA under each benchmark: event, window, benchmark, beta, AR/CAR, difference, t, p, SQ p",
    "primary_portfolio": "treated universe and its groups: N, window, CAAR, Corrado z and p, BW t and p, KP t and p",
    "intraday": "overnight and regular-session returns of NVDA, SOX and the S&P 500 on the pre-event and event days",
    "sources": "the seed articles: file, language, title, outlet or author named, event",
    "data_summary": "one row per source group: symbols, first and last date, rows",
    "day0_returns": "one row per treated stock and control on 2025-01-27: return, beta, AR, t, p, SQ p, CAR(-1,1)",
    "test_battery": "one row per portfolio test: null distribution, p on 27 Jan (0,0) and OSW (0,4), size",
    "robustness": "one row per (sample, model): L, NVDA AR and t, CAAR, BW p, KP p",
    "volume_volatility": "one row per chip stock with volume: volume multiple, abnormal log volume t, variance ratio (day 0 excluded), F p, GARCH(1,1) at a bound",
    "claims": "longtable (with caption and label tab:claims), one row per claim: file, claim, reading, claimed, observed, unit, verdict",
}

#: Every generated figure: ``figures/<name>.pdf`` -> content.
REQUIRED_FIGURES: dict[str, str] = {
    "price_paths_jan27": "price_paths around 2025-01-27 (before=10, after=10), the README figure",
    "ar_bars_jan27": "day-0 ARs with 95% intervals of the treated universe and the controls, hatched by group",
    "car_paths_jan27": "CAR(-10..+10) of NVDA and the design's EW groups, a 95% band for every series",
    "placebo_jan27": "placebo_hist of NVDA's AR on placebo dates with the day-0 AR and permutation p-value",
    "car_paths_osw": "as car_paths_jan27 around 2025-02-24, with NVDA vs ^SOX",
    "claims_chart": "claimed vs observed percent changes, one row per claim labelled in words, marker by verdict",
}

#: Decimal numbers allowed in the paper's prose (generic constants, not results).
ALLOWED_NUMBERS: frozenset[str] = frozenset({"0.5"})

#: Control words starting with a capital letter that are LaTeX's, not the pipeline's: the
#: capitalised names of :data:`eventstudy.report.latex.RESERVED_MACROS` and a few more.
_LATEX_CAPITALISED: frozenset[str] = frozenset(w for w in RESERVED_MACROS if w[:1].isupper()) | {
    "BibTeX",
    "FloatBarrier",  # placeins: keep the appendix tables in order
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
