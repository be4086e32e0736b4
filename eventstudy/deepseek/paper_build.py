"""Generate every number, table and figure of ``paper/paper.tex`` from the results, then compile.

Nothing here is typed in: each macro of :data:`~eventstudy.deepseek.paper_spec.REQUIRED_MACROS`
is computed from the snapshot through the public API and the study design
(:func:`eventstudy.deepseek.design.study_design`: universe, benchmarks, windows, primary tests),
the claimed figures and verdicts come from the claims engine (one verdict per claim,
:func:`~eventstudy.deepseek.claims.summarise_claims`), each table of ``REQUIRED_TABLES`` from results
objects, each figure of ``REQUIRED_FIGURES`` from :func:`~eventstudy.deepseek.paper_figures.make_figures`.
Conclusions are worded from the primary tests by the design's decision rule
(:mod:`eventstudy.deepseek.narrative`). Before compiling, the inputs are checked against the
spec and ``paper.tex`` against the no-hand-typed-number rule; a missing or extra input is an error.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data import load_long, load_prices
from ..errors import EventStudyError
from ..inference import REGISTRY
from ..report.latex import format_number, format_pvalue, latex_escape, write_macros, write_table
from .claims import load_registry, summarise_claims
from .design import (
    CHIPS,
    EVENT_FREE_MARKET,
    EVENT_MONDAY,
    EVENT_OSW,
    LEVEL,
    MARKET,
    OSW_END,
    POWER_SHIFT,
    R1_RELEASE,
    SECTOR,
    SIZE_DRAWS,
    DeepSeekData,
    select_primary,
)
from .paper_spec import REQUIRED_MACROS, REQUIRED_TABLES, check_inputs, lint_paper

__all__ = [
    "build_paper_inputs",
    "check_prose",
    "paper_macros",
    "paper_tables",
    "PAPER_DATE",
    "DISPLAY_NAMES",
    "SOURCES",
]

#: Date printed on the title page (fixed, so reruns are byte-identical; change it with a release).
PAPER_DATE = "December 2026"

#: Display names of benchmark and index symbols in tables and text (no ``^`` in print).
DISPLAY_NAMES: dict[str, str] = {
    "^GSPC": "S\\&P 500",
    "^IXIC": "Nasdaq Composite",
    "^NDX": "Nasdaq-100",
    "^DJI": "Dow Jones",
    "^SOX": "PHLX Semiconductor (SOX)",
    "^RUT": "Russell 2000",
    EVENT_FREE_MARKET: "EW non-event stocks",
}

#: The seed articles: file, language, title (English rendering of the first line where it is a
#: title) and the outlet or author the text itself names. Identification only; no result.
SOURCES: tuple[dict[str, str], ...] = (
    {
        "file": "000_7920f6e66eb8ef3e.txt",
        "language": "Arabic",
        "title": "(no title line; Arabic version of 003)",
        "outlet": "none named",
        "event": "Open Source Week",
    },
    {
        "file": "001_9d38b88f8e5d4ea9.txt",
        "language": "Arabic",
        "title": "AI and digital assets: an unexpected competition",
        "outlet": "a Gate.io third-party-content page (its disclaimer names Gate)",
        "event": "27 January",
    },
    {
        "file": "002_9d75bff426171bc6.txt",
        "language": "Arabic",
        "title": "DeepSeek changes the rules of AI for ever",
        "outlet": "the lede names the site Khabrayn; quotes Wedbush analysts",
        "event": "27 January",
    },
    {
        "file": "003_a0d70ab5bf434bde.txt",
        "language": "French",
        "title": "Nvidia's big weekly dump led to the collapse of US stocks and BTC: what did DeepSeek "
        "Open Source release this week?",
        "outlet": "none named",
        "event": "Open Source Week",
    },
    {
        "file": "004_3cf4d44d8a9f63df.txt",
        "language": "Arabic (English title words)",
        "title": "DeepSeek's AI shockwave hits Nvidia hard, wiping out billions",
        "outlet": "none named; cites UBS and Sensor Tower",
        "event": "27 January",
    },
)


def pct(x: float, decimals: int = 2, signed: bool = True) -> str:
    """Decimal return -> ``$-$16.97\\%``."""
    return format_number(float(x), decimals, signed=signed, percent=True)


def num(x: float, decimals: int = 2, signed: bool = False) -> str:
    """Plain number with ``$-$`` for the minus sign."""
    return format_number(float(x), decimals, signed=signed)


def pval(p: float) -> str:
    """p-value with three decimals (``$<$0.001`` below)."""
    return format_pvalue(float(p))


def p_rel(text: str) -> str:
    """A formatted p-value with its relation for prose after ``$p$``: ``$=$\\,0.042`` or ``$<$\\,0.001``."""
    return "\\,$<$\\," + text[3:] if text.startswith("$<$") else "\\,$=$\\," + text


def usd_bn(x: float, decimals: int = 1) -> str:
    """USD billions -> ``\\$589.6 billion`` (magnitude only)."""
    return r"\$" + format_number(abs(float(x)), decimals, thousands=True) + " billion"


def name(sym: str) -> str:
    """Display name of a symbol for LaTeX (indices by name, stocks by ticker)."""
    return DISPLAY_NAMES.get(sym, latex_escape(sym))


def _close_return(close: pd.Series, start: str, end: str) -> float:
    """Return from the last close before ``start`` to the close on ``end`` (both on the series' own days)."""
    s = close.dropna()
    before = s.loc[: pd.Timestamp(start) - pd.Timedelta(days=1)].iloc[-1]
    return float(s.loc[pd.Timestamp(end)] / before - 1)


def _window_text(w: Any) -> str:
    a, b = (int(x) for x in w)
    return f"$({a},{b})$" if a != b else f"day ${a}$"


def _win(w: Any) -> str:
    a, b = (int(x) for x in w)
    return f"$({a:+d},{b:+d})$".replace("+0", "0")


class _Analyses:
    """Every analysis the paper reports, computed once, with the design's settings."""

    def __init__(self, outputs: dict[str, Any]) -> None:
        self.data: DeepSeekData = outputs["data"]
        d = self.data
        self.design = d.design
        self.dm, self.do = self.design["deepseek_monday"], self.design["open_source_week"]
        self.universe = tuple(self.dm["universe"]["treated"])
        self.universe_osw = tuple(self.do["universe"]["treated"])
        self.original = tuple(self.dm["universe"]["groups"]["original_six"])
        self.added = tuple(self.dm["universe"]["groups"]["added_by_rule"])
        self.controls = tuple(self.dm["universe"]["controls"]["ai_large_caps"])
        self.monday = d.monday_wide(assets=self.universe)
        self.monday_sox = d.monday_wide(assets=("NVDA",), market=SECTOR)
        self.mega = d.monday_wide(assets=self.controls)
        self.orig = d.monday_wide(assets=self.original)
        self.add = d.monday_wide(assets=self.added)
        self.osw = d.osw_wide(assets=self.universe_osw)
        self.osw_sox = d.osw_wide(assets=("NVDA",), market=SECTOR)
        self.bench_mon = d.benchmarks(EVENT_MONDAY, window=(0, 0))
        self.bench_osw = d.benchmarks(EVENT_OSW, window=(0, 4))
        self.claims: pd.DataFrame = outputs["claims"]
        self.summary = summarise_claims(self.claims)
        self.placebo = outputs["placebo"]
        self.volume = d.abnormal_volume()
        self.vol = d.volatility(post=(1, 20))
        self.caltime = d.calendar_time()
        self.synth = d.synthetic()
        self.robust = outputs.get("robustness")
        if self.robust is None:
            self.robust = d.robustness()
        self.size = outputs.get("size")
        if self.size is None:
            self.size = d.size_experiment()
        self.power = outputs.get("power")
        if self.power is None:
            self.power = d.size_experiment(shift=POWER_SHIFT, windows=((0, 0),))
        self._power_cache: dict[tuple[str, tuple[int, ...], float], float] = {}
        self.picked = select_primary(self.size)
        named = {
            "single": self.design["primary_single_firm_test"],
            "portfolio": self.design["primary_portfolio_test"],
        }
        if self.picked != named:
            raise EventStudyError(
                f"the design names the primary tests {named}, but its selection rule applied to this build's size "
                f"table picks {self.picked}; update design.PRIMARY_SINGLE / PRIMARY_PORTFOLIO and say so in the paper"
            )
        self.split = _split(d)

    # ------------------------------------------------------------------ helpers
    def size_of(self, test: str, window: str = "(0,0)") -> tuple[float, float, int]:
        row = self.size[(self.size["test"] == test) & (self.size["window"] == window)]
        if row.empty:
            raise EventStudyError(f"size table has no row for {test} {window}")
        r = row.iloc[0]
        return float(r["rejection_rate"]), float(r["mc_se"]), int(r["n"])

    def power_of(self, test: str) -> float:
        row = self.power[(self.power["test"] == test) & (self.power["window"] == "(0,0)")]
        return float(row["rejection_rate"].iloc[0])

    def power_at(self, test: str, window: tuple[int, int], shift: float) -> float:
        """Rejection rate of a portfolio ``test`` on the size experiment's placebo dates with ``shift``
        added to every treated stock's day-0 return (power at an observed effect size).

        The same draws, universe, market model and estimation window as :meth:`DeepSeekData.size_experiment`
        (seeded, so reruns agree), restricted to one test and one window.
        """
        key = (test, tuple(window), round(float(shift), 12))
        if key not in self._power_cache:
            out = self.data.size_experiment(shift=float(shift), windows=(tuple(window),), tests=(test,))
            self._power_cache[key] = float(out.loc[out["test"] == test, "rejection_rate"].iloc[0])
        return self._power_cache[key]


def single_firm_power(result: Any, level: float = LEVEL, target: float = 0.8) -> tuple[float, float]:
    """Power of a prediction-error t test at its own observed CAR, and the CAR it detects with ``target`` power.

    Under an abnormal return ``delta`` the statistic ``CAR / sqrt(Var[CAR])`` is noncentral
    ``t(L1 - 2)`` with noncentrality ``delta / sqrt(Var[CAR])`` (Campbell, Lo & MacKinlay 1997,
    sec. 4.6, with the t in place of the normal); power is the two-sided rejection probability at
    ``level``. ``Var[CAR]`` is the test's own (``result.details["var_car"]``).

    Returns
    -------
    (power, detectable) : tuple of float
        Power at ``|CAR|`` and the ``|CAR|`` rejected with probability ``target``.
    """
    from scipy import optimize, stats

    se = float(np.sqrt(result.details["var_car"]))
    car = float(result.details["car"])
    df = int(result.n) - 2
    if not (np.isfinite(se) and se > 0 and df > 0):
        raise EventStudyError(
            f"single_firm_power: Var[CAR]={se**2!r}, df={df}; need a positive variance and df"
        )
    c = float(stats.t.ppf(1 - level / 2, df))

    def power(ncp: float) -> float:
        # the far tail underflows to NaN for a large noncentrality: it is zero there
        return float(np.nan_to_num(stats.nct.sf(c, df, ncp)) + np.nan_to_num(stats.nct.cdf(-c, df, ncp)))

    detectable = float(optimize.brentq(lambda x: power(x) - target, 0.0, 10.0)) * se
    return power(abs(car) / se), detectable


#: Sessions of the overnight / session table: the pre-event window from the R1 release, days 0 and +1
#: of DeepSeek Monday, and Open Source Week.
SPLIT_DATES: tuple[str, ...] = (
    "2025-01-21",
    "2025-01-22",
    "2025-01-23",
    "2025-01-24",
    "2025-01-27",
    "2025-01-28",
    "2025-02-24",
    "2025-02-25",
    "2025-02-26",
    "2025-02-27",
    "2025-02-28",
)
SPLIT_SYMBOLS: tuple[str, ...] = ("NVDA", SECTOR, MARKET)


def _split(d: DeepSeekData) -> pd.DataFrame:
    """Overnight / regular-session split (:func:`eventstudy.intraday.split_returns`)."""
    from ..intraday import split_returns

    return split_returns(list(SPLIT_SYMBOLS), list(SPLIT_DATES), data_dir=d.data_dir)


# --------------------------------------------------------------------------- macros


def _claim(summary: pd.DataFrame, cid: str, col: str = "claimed") -> float:
    row = summary.loc[summary["claim_id"] == cid]
    if row.empty:
        raise EventStudyError(f"claim {cid!r} is not in the claims summary; the paper needs it")
    return float(row[col].iloc[0])


def _design_macros(a: _Analyses) -> dict[str, str]:
    m: dict[str, str] = {}
    for key, ev in (("Mon", a.dm), ("Osw", a.do)):
        est = ev["estimation_window"]
        m[f"{key}EstWindow"] = _win(est["days"])
        m[f"{key}EstStart"] = est["start"]
        m[f"{key}EstEnd"] = est["end"]
        m[f"{key}EstN"] = str(int(est["n"]))
    m["NumTreated"] = str(len(a.universe))
    m["NumOriginal"] = str(len(a.original))
    m["NumAdded"] = str(len(a.added))
    m["TreatedList"] = ", ".join(latex_escape(s) for s in a.universe)
    m["AddedList"] = ", ".join(latex_escape(s) for s in a.added)
    m["ControlList"] = ", ".join(latex_escape(s) for s in a.controls)
    members = a.dm["benchmarks"]["event_free_members"]
    m["EventFreeList"] = ", ".join(latex_escape(s) for s in members)
    m["NumEventFree"] = str(len(members))
    pre = a.dm["pre_event_window"]
    m["PreEventWindow"] = _win(pre["days"])
    m["PreEventStart"] = pre["start"]
    m["PreEventEnd"] = pre["end"]
    m["ROneRelease"] = R1_RELEASE
    m["Level"] = pct(a.design["level"], 0, signed=False)
    m["PrimarySingle"] = _TEST_LABELS[a.design["primary_single_firm_test"]]
    m["PrimaryPortfolio"] = _TEST_LABELS[a.design["primary_portfolio_test"]]
    m["SizeDraws"] = str(SIZE_DRAWS)
    from .design import PLACEBO_END, PLACEBO_START

    m["PlaceboStart"] = PLACEBO_START
    m["PlaceboEnd"] = PLACEBO_END
    m["PowerShift"] = pct(POWER_SHIFT, 0)
    ps, pse, _ = a.size_of(a.design["primary_single_firm_test"])
    ps4, _, _ = a.size_of(a.design["primary_single_firm_test"], "(0,4)")
    pp, ppe, _ = a.size_of(a.design["primary_portfolio_test"])
    pp4, _, _ = a.size_of(a.design["primary_portfolio_test"], "(0,4)")
    m["SizePrimarySingle"] = pct(ps, 1, False)
    m["SizePrimarySingleWeek"] = pct(ps4, 1, False)
    m["SizePrimaryPortfolio"] = pct(pp, 1, False)
    m["SizePrimaryPortfolioSe"] = pct(ppe, 1, False)
    m["SizePrimaryPortfolioWeek"] = pct(pp4, 1, False)
    sq, _, _ = a.size_of("sq")
    sq4, _, _ = a.size_of("sq", "(0,4)")
    m["SizeSq"] = pct(sq, 1, False)
    m["SizeSqWeek"] = pct(sq4, 1, False)
    bw, bwe, _ = a.size_of("brown_warner")
    m["SizeBw"] = pct(bw, 1, False)
    m["SizeBwSe"] = pct(bwe, 1, False)
    m["SizeBwWeek"] = pct(a.size_of("brown_warner", "(0,4)")[0], 1, False)
    m["SizeKp"] = pct(a.size_of("kolari_pynnonen")[0], 1, False)
    m["SizeBmp"] = pct(a.size_of("bmp")[0], 1, False)
    m["PowerPrimaryPortfolio"] = pct(a.power_of(a.design["primary_portfolio_test"]), 1, False)
    m["PowerBw"] = pct(a.power_of("brown_warner"), 1, False)
    m["PowerKp"] = pct(a.power_of("kolari_pynnonen"), 1, False)
    return m


def paper_macros(a: _Analyses) -> dict[str, str]:
    """Every macro of :data:`REQUIRED_MACROS`, formatted."""
    import eventstudy

    d, s = a.data, a.summary
    close = d.prices
    r = d.returns
    m: dict[str, str] = {}
    m["PaperVersion"] = latex_escape(eventstudy.__version__)
    m["PaperDate"] = PAPER_DATE
    m.update(_design_macros(a))
    # claimed figures, from the claims summary (one row per claim)
    m["ClaimedNvdaDayZeroRet"] = format_number(_claim(s, "002-1"), 0, percent=True, scale=1.0)
    m["ClaimedNvdaMcapLoss"] = usd_bn(_claim(s, "002-2"), 0)
    m["ClaimedIxicDayZeroRet"] = format_number(_claim(s, "002-3"), 0, percent=True, scale=1.0)
    m["ClaimedNvdaOswRet"] = format_number(_claim(s, "003-1/ret"), 1, percent=True, scale=1.0)
    # data
    long = load_long(data_dir=d.data_dir)
    m["DataNumSymbols"] = str(long["symbol"].nunique())
    m["DataNumRows"] = format_number(len(long), 0, thousands=True)
    shares = load_registry().shares["NVDA"]
    in_force = max((x for x in shares if x.as_of <= pd.Timestamp(EVENT_MONDAY)), key=lambda x: x.as_of)
    m["NvdaSharesOutstanding"] = f"{in_force.shares_bn:g} billion"
    nv = close["NVDA"].dropna()
    day0 = pd.Timestamp(EVENT_MONDAY)
    before = nv.loc[: day0 - pd.Timedelta(days=1)]
    # event 1
    mon = a.monday
    m["NvdaDayZeroRet"] = pct(r.loc[day0, "NVDA"])
    m["NvdaMcapLoss"] = usd_bn((nv.loc[day0] - before.iloc[-1]) * in_force.shares_bn)
    m["NvdaDayZeroAR"] = pct(mon.abnormal_returns.loc[0, "NVDA"])
    t0 = mon.test(a.design["primary_single_firm_test"], (0, 0), asset="NVDA")
    m["NvdaDayZeroTstat"] = num(t0.statistic, 2, signed=True)
    m["NvdaDayZeroPval"] = pval(t0.pvalue)
    m["NvdaDayZeroSqPval"] = pval(mon.test("sq", (0, 0), asset="NVDA").pvalue)
    m["NvdaBeta"] = num(mon.params.loc["NVDA", "beta"])
    for sym, key in (("^GSPC", "Gspc"), ("^SOX", "Sox"), ("^IXIC", "Ixic")):
        m[f"{key}DayZeroRet"] = pct(r.loc[day0, sym])
    bm = a.bench_mon.set_index("benchmark")
    m["EwDayZeroRet"] = pct(bm.loc["event_free_market", "benchmark_return"])
    m["RutDayZeroRet"] = pct(bm.loc["small_cap", "benchmark_return"])
    m["NvdaArEventFree"] = pct(bm.loc["event_free_market", "car"])
    m["NvdaArRut"] = pct(bm.loc["small_cap", "car"])
    m["NvdaArSox"] = pct(bm.loc["sector", "car"])
    m["NvdaArDiffEventFree"] = num(bm.loc["event_free_market", "diff_vs_market"] * 100, 2, signed=True)
    m["NvdaArDiffRut"] = num(bm.loc["small_cap", "diff_vs_market"] * 100, 2, signed=True)
    m["NvdaBetaRut"] = num(bm.loc["small_cap", "beta"])
    m["NvdaBetaEventFree"] = num(bm.loc["event_free_market", "beta"])
    # the portfolio
    port = a.design["primary_portfolio_test"]
    pr = mon.test(port, (0, 0))
    m["ChipsCaarDayZero"] = pct(mon.caar((0, 0)))
    m["ChipsNumNegative"] = str(int((mon.abnormal_returns.loc[0] < 0).sum()))
    m["ChipsPrimaryStat"] = num(pr.statistic, 2, signed=True)
    m["ChipsPrimaryPval"] = pval(pr.pvalue)
    m["ChipsBwPval"] = pval(mon.test("brown_warner", (0, 0)).pvalue)
    m["ChipsKpPval"] = pval(mon.test("kolari_pynnonen", (0, 0)).pvalue)
    m["OrigCaarDayZero"] = pct(a.orig.caar((0, 0)))
    m["OrigPrimaryPval"] = pval(a.orig.test(port, (0, 0)).pvalue)
    m["AddedCaarDayZero"] = pct(a.add.caar((0, 0)))
    m["AddedPrimaryPval"] = pval(a.add.test(port, (0, 0)).pvalue)
    m["MegaCapCaarDayZero"] = pct(a.mega.caar((0, 0)))
    m["ChipsTopFiveShare"] = pct(_top_five_share(mon.abnormal_returns.loc[0]), 0, False)
    m["PowerObsMon"] = pct(a.power_at(port, (0, 0), mon.caar((0, 0))), 1, False)
    m["NvdaPlaceboCount"] = format_number(a.placebo.n, 0, thousands=True)
    m["NvdaPlaceboPval"] = pval(a.placebo.pvalue)
    # pre-event window from the R1 release
    pre = tuple(a.dm["pre_event_window"]["days"])
    m["NvdaPreCar"] = pct(mon.car(pre)["NVDA"])
    m["NvdaPrePval"] = pval(mon.test(a.design["primary_single_firm_test"], pre, asset="NVDA").pvalue)
    m["ChipsPreCaar"] = pct(mon.caar(pre))
    m["ChipsPrePval"] = pval(mon.test(port, pre).pvalue)
    m["NvdaPreMde"] = pct(
        single_firm_power(mon.test(a.design["primary_single_firm_test"], pre, asset="NVDA"))[1], 1, False
    )
    # overnight / session split
    sp = a.split.set_index(["date", "symbol"])
    k0 = (day0, "NVDA")
    m["NvdaOvernightDayZero"] = pct(sp.loc[k0, "overnight"])
    m["NvdaSessionDayZero"] = pct(sp.loc[k0, "session"])
    osw_days = [pd.Timestamp(x) for x in SPLIT_DATES if x >= EVENT_OSW]
    on = np.array([sp.loc[(t, "NVDA"), "overnight"] for t in osw_days])
    m["NvdaOswOvernightPositive"] = str(int((on > 0).sum()))
    m["NvdaOswDays"] = str(len(osw_days))
    m["NvdaOswOvernightSum"] = pct(float(np.prod(1 + on) - 1))
    sess = np.array([sp.loc[(t, "NVDA"), "session"] for t in osw_days])
    m["NvdaOswSessionSum"] = pct(float(np.prod(1 + sess) - 1))
    feb27 = pd.Timestamp("2025-02-27")
    m["NvdaSessionFebTwentySeven"] = pct(sp.loc[(feb27, "NVDA"), "session"])
    # event 2
    osw, w = a.osw, (0, 4)
    m["NvdaOswRet"] = pct(_close_return(nv, EVENT_OSW, OSW_END))
    m["NvdaOswCar"] = pct(osw.car(w)["NVDA"])
    to = osw.test(a.design["primary_single_firm_test"], w, asset="NVDA")
    m["NvdaOswCarPval"] = pval(to.pvalue)
    pw_osw, mde_osw = single_firm_power(to)
    m["NvdaOswPower"] = pct(pw_osw, 1, False)
    m["NvdaOswMde"] = pct(mde_osw, 1, False)
    m["NvdaOswSectorCar"] = pct(a.osw_sox.car(w)["NVDA"])
    m["NvdaOswSectorPval"] = pval(
        a.osw_sox.test(a.design["primary_single_firm_test"], w, asset="NVDA").pvalue
    )
    m["ChipsOswCaar"] = pct(osw.caar(w))
    m["ChipsOswPrimaryPval"] = pval(osw.test(port, w).pvalue)
    m["ChipsOswKpPval"] = pval(osw.test("kolari_pynnonen", w).pvalue)
    m["PowerObsOsw"] = pct(a.power_at(port, w, osw.caar(w)), 1, False)
    m["GspcOswRet"] = pct(_close_return(close["^GSPC"], EVENT_OSW, OSW_END))
    # claims, counted per claim
    v = s["verdict"]
    m["ClaimsTotal"] = str(len(s))
    m["ClaimsReadings"] = str(len(a.claims))
    m["ClaimsTestable"] = str(int((v != "not_testable").sum()))
    for word, key in (
        ("confirmed", "Confirmed"),
        ("close", "Close"),
        ("contradicted", "Contradicted"),
        ("inconclusive", "Inconclusive"),
        ("not_testable", "NotTestable"),
    ):
        m[f"Claims{key}"] = str(int((v == word).sum()))
    m["ClaimsCharted"] = str(len(_chartable(s)))
    # beyond returns
    vol = load_prices(["NVDA"], field="volume", data_dir=d.data_dir)["NVDA"].dropna()
    p0 = vol.index.get_loc(day0)
    est = a.dm["estimation_window"]["days"]
    m["NvdaVolumeMultiple"] = num(vol.iloc[p0] / vol.iloc[p0 + est[0] : p0 + est[1] + 1].mean(), 1)
    vt = a.volume.tests()
    row = vt[
        (vt["test"] == "volume_t")
        & (vt["asset"] == "NVDA")
        & (vt["window_start"] == 0)
        & (vt["window_end"] == 0)
    ]
    m["NvdaAbnVolumeTstat"] = num(float(row["statistic"].iloc[0]), 2, signed=True)
    m["NvdaVolRatio"] = num(a.vol.ratio)
    vtab = a.vol.tests()
    m["NvdaVolRatioPval"] = pval(float(vtab.loc[vtab["test"] == "variance_ratio", "pvalue"].iloc[0]))
    m["NumGarchAtBound"] = str(
        int(sum(_garch_at_bound(d.volatility(asset=x, post=(1, 20)).garch) for x in CHIPS))
    )
    m["NumGarchFits"] = str(len(CHIPS))
    mm_rmse = float(np.sqrt(np.mean(np.square(mon.estimation_residuals["NVDA"].to_numpy(float)))))
    m["NvdaSynthPreRmse"] = pct(float(a.synth.pre_rmspe["NVDA"]), signed=False)
    m["NvdaMarketModelRmse"] = pct(mm_rmse, signed=False)
    m["SynthPoolSize"] = str(int(a.synth.weights.size))
    m["NvdaSynthPvalMin"] = pval(1.0 / (a.synth.weights.size + 1))
    ct = a.caltime
    m["CalTimeDayZeroAR"] = pct(float(ct.ar_table().loc[0, "ar"]))
    m["CalTimeDayZeroTstat"] = num(float(ct.ar_table().loc[0, "t_hac"]), 2, signed=True)
    # robustness
    rob = a.robust
    m["RobustNumSpecs"] = str(len(rob))
    nb, nu = a.data.garch_at_bound()
    m["GarchUniverseAtBound"] = f"{nb} of {nu}"
    m["RobustNvdaARMin"] = pct(rob["nvda_ar0"].min())
    m["RobustNvdaARMax"] = pct(rob["nvda_ar0"].max())
    m["ConclusionMonday"], m["ConclusionOsw"] = _conclusions(a)
    for k in [k for k in m if k.endswith("Pval")]:
        m[k] = p_rel(m[k])
    wrong = check_prose(a)
    if wrong:
        raise EventStudyError(f"paper.tex states what the data no longer give: {wrong}")
    return m


def check_prose(a: _Analyses) -> list[str]:
    """What ``paper.tex``'s fixed words say about the data, checked on every build.

    Returns the statements the data no longer bear out (empty when the prose holds); the
    build fails on any.
    """
    lv = float(a.design["level"])
    single, port = a.design["primary_single_firm_test"], a.design["primary_portfolio_test"]
    mon, osw = a.monday, a.osw
    pre = tuple(a.dm["pre_event_window"]["days"])
    sp = a.split.set_index(["date", "symbol"])
    osw_days = [pd.Timestamp(x) for x in SPLIT_DATES if x >= EVENT_OSW]
    on = np.array([sp.loc[(t, "NVDA"), "overnight"] for t in osw_days])
    sess = np.array([sp.loc[(t, "NVDA"), "session"] for t in osw_days])
    k0 = (pd.Timestamp(EVENT_MONDAY), "NVDA")
    sq = mon.test("sq", (0, 0), asset="NVDA")
    bm = a.bench_mon.set_index("benchmark")
    verdict = a.summary.set_index("claim_id")["verdict"]
    checks = {
        "NVDA's day-0 AR is significant by the primary test": mon.test(single, (0, 0), asset="NVDA").pvalue
        < lv,
        "the SQ p-value is its floor 2/(n+1)": abs(sq.pvalue - 2 / (int(sq.n) + 1)) < 1e-12,
        "the universe's day-0 CAAR is not significant by the primary test": mon.test(port, (0, 0)).pvalue
        >= lv,
        "Brown-Warner rejects the day-0 CAAR": mon.test("brown_warner", (0, 0)).pvalue < lv,
        "Kolari-Pynnonen does not reject the day-0 CAAR": mon.test("kolari_pynnonen", (0, 0)).pvalue >= lv,
        "the original six fell more than the stocks added by the rule": a.orig.caar((0, 0))
        < a.add.caar((0, 0)),
        "the original six's day-0 CAAR is significant by the primary test": a.orig.test(port, (0, 0)).pvalue
        < lv,
        "the event-free EW market rose on day 0": bm.loc["event_free_market", "benchmark_return"] > 0,
        "NVDA's AR is larger in magnitude against both event-free benchmarks": bool(
            (bm.loc[["event_free_market", "small_cap"], "car"] < bm.loc["market", "car"]).all()
        ),
        "NVDA's pre-event CAR is not significant": mon.test(single, pre, asset="NVDA").pvalue >= lv,
        "the universe's pre-event CAAR is not significant": mon.test(port, pre).pvalue >= lv,
        "NVDA opened below Friday's close and fell further in the session": sp.loc[k0, "overnight"] < 0
        and sp.loc[k0, "session"] < 0,
        "most of NVDA's day-0 fall came overnight": abs(sp.loc[k0, "overnight"]) > abs(sp.loc[k0, "session"]),
        "NVDA's OSW CAR is not significant (market and sector)": osw.test(single, (0, 4), asset="NVDA").pvalue
        >= lv
        and a.osw_sox.test(single, (0, 4), asset="NVDA").pvalue >= lv,
        "NVDA's overnight return was positive on most OSW days": int((on > 0).sum()) * 2 > len(on),
        "NVDA's largest OSW session fall was on 2025-02-27": osw_days[int(np.argmin(sess))]
        == pd.Timestamp("2025-02-27"),
        "BMP over-rejects badly with a shared date": a.size_of("bmp")[0] > 0.15,
        "the synthetic control fits no better than the market model": float(a.synth.pre_rmspe["NVDA"])
        >= float(np.sqrt(np.mean(np.square(mon.estimation_residuals["NVDA"].to_numpy(float))))),
        "27 January index and NVDA claims confirmed": all(
            verdict.get(c) == "confirmed" for c in ("002-1", "002-3", "002-4")
        ),
        "the five largest falls make up most (> 75%) of the universe's summed day-0 AR": _top_five_share(
            mon.abnormal_returns.loc[0]
        )
        > 0.75,
        "at least a quarter of the treated stocks had a positive day-0 AR": int(
            (mon.abnormal_returns.loc[0] > 0).sum()
        )
        * 4
        >= len(a.universe),
        "the primary portfolio test has power >= 80% at the observed day-0 CAAR": a.power_at(
            port, (0, 0), mon.caar((0, 0))
        )
        >= 0.8,
        "the primary portfolio test has power < 80% at the observed OSW CAAR": a.power_at(
            port, (0, 4), osw.caar((0, 4))
        )
        < 0.8,
        "the primary single-firm test has little power (< 50%) at NVDA's OSW CAR": single_firm_power(
            osw.test(single, (0, 4), asset="NVDA"), lv
        )[0]
        < 0.5,
        "NVDA's pre-event CAR is close to zero (|CAR| < 1%)": abs(float(mon.car(pre)["NVDA"])) < 0.01,
        "Marvell and Arm fell more than the universe average; Intel did not": bool(
            mon.abnormal_returns.loc[0, "MRVL"] < mon.caar((0, 0))
            and mon.abnormal_returns.loc[0, "ARM"] < mon.caar((0, 0))
            and mon.abnormal_returns.loc[0, "INTC"] > mon.caar((0, 0))
        )
        and {"MRVL", "ARM"} <= set(a.added)
        and "INTC" in a.original,
        "the causal Open Source Week claim 003-5 is inconclusive": verdict.get("003-5") == "inconclusive",
        "Open Source Week weekly claims contradicted": all(
            verdict.get(c) == "contradicted" for c in ("003-1/ret", "003-2", "003-3")
        ),
    }
    return [k for k, ok in checks.items() if not ok]


def _top_five_share(ar: pd.Series) -> float:
    """Share of the summed abnormal returns due to the five most negative ones (concentration of a fall)."""
    total = float(ar.sum())
    if not total < 0:
        raise EventStudyError(
            f"_top_five_share: the abnormal returns sum to {total!r}; the share needs a fall"
        )
    return float(ar.nsmallest(5).sum()) / total


def _garch_at_bound(g: Any, tol: float = 1e-4) -> bool:
    """A GARCH(1,1) fit whose alpha or beta sits at zero, or whose persistence reaches one."""
    if g is None:
        return False
    if getattr(g, "boundary", None) is not None and bool(g.boundary):
        return True
    a1, b1 = float(g.params["alpha[1]"]), float(g.params["beta[1]"])
    return a1 < tol or b1 < tol or a1 + b1 > 1 - tol or not g.converged


def _conclusions(a: _Analyses) -> tuple[str, str]:
    """One paragraph per event: each primary hypothesis decided by its primary test (the design's rule).

    A non-rejection carries the test's power at the observed effect size: for one firm, the
    prediction-error t's power at its own CAR and the CAR it detects with 80% power
    (:func:`single_firm_power`); for the universe, the primary test's rejection rate on the size
    experiment's placebo dates with the observed CAAR added to every stock's day-0 return
    (:meth:`_Analyses.power_at`). Each sentence points to the test's size in the size table; for a
    sector-adjusted hypothesis it says that size was measured with the S&P 500 model (the size
    experiment has no SOX variant).
    """
    from .narrative import _esc, primary_test_sentence, test_label

    level = float(a.design["level"])
    out = []
    studies = {
        ("deepseek_monday", MARKET): a.monday,
        ("deepseek_monday", SECTOR): a.monday_sox,
        ("open_source_week", MARKET): a.osw,
        ("open_source_week", SECTOR): a.osw_sox,
    }
    for ev, key in ((a.dm, "deepseek_monday"), (a.do, "open_source_week")):
        sentences = []
        for spec in ev["primary_tests"].values():
            w = tuple(spec["window"])
            res = studies[(key, spec["benchmark"])]
            single = spec["asset"] == "NVDA"
            tr = res.test(spec["test"], w, asset="NVDA") if single else res.test(spec["test"], w)
            text = primary_test_sentence(tr, hypothesis=spec["hypothesis"], level=level, style="latex")
            # the paper's lower-case test label in mid-sentence
            text = text.replace(
                f"The primary test, {_esc(test_label(spec['test']), 'latex')},",
                f"The primary test, the {_TEST_LABELS[spec['test']]} test (size in Table~\\ref{{tab:size}}"
                + ("; measured with the S\\&P~500 model" if spec["benchmark"] != MARKET else "")
                + "),",
            )
            if "(size in Table" not in text:
                raise EventStudyError(
                    f"_conclusions: the narrative's wording changed; cannot place the size in {text!r}"
                )
            if tr.pvalue >= level:
                if single:
                    pw, mde = single_firm_power(tr, level)
                    text += (
                        f" Its power at the observed abnormal return is {pct(pw, 1, False)}, and it detects an "
                        f"abnormal return of $\\pm${pct(mde, 1, False)} with 80\\,\\% power: this non-rejection "
                        "is weak evidence that there was no effect."
                    )
                else:
                    shift = res.caar(w)
                    pw = a.power_at(spec["test"], w, shift)
                    text += (
                        f" On the size experiment's placebo dates, with {pct(shift)} added to every treated stock's day-0 "
                        f"return, it rejects {pct(pw, 1, False)} of the time"
                        + (
                            ": a fall of the observed average size shared by the typical stock would very likely "
                            "have been detected, so the non-rejection says the fall was not broad-based, not "
                            "that the average was zero."
                            if pw >= 0.8
                            else ": this non-rejection is weak evidence that there was no effect."
                        )
                    )
            sentences.append(text)
        out.append(" ".join(sentences))
    return out[0], out[1]


# --------------------------------------------------------------------------- tables

# the labels of the tests come from the one test registry (eventstudy.inference.REGISTRY)
_TEST_LABELS = {
    **{name: spec.label_tex for name, spec in REGISTRY.items()},
    "joint_wald_f": "Joint Wald ($F$)",  # joint_wald's F variant (McKeon 1974)
}


def _label(test: str) -> str:
    return _TEST_LABELS.get(test, latex_escape(test))


def _chartable(summary: pd.DataFrame) -> pd.DataFrame:
    claimed = pd.to_numeric(summary["claimed"], errors="coerce")
    observed = pd.to_numeric(summary["observed"], errors="coerce")
    return summary[(summary["unit"] == "percent") & np.isfinite(claimed) & np.isfinite(observed)]


def _design_table(a: _Analyses) -> pd.DataFrame:
    """Settings as rows, the two events as columns (every cell from the design)."""
    cols = {}
    for ev, head in ((a.dm, "DeepSeek Monday"), (a.do, "Open Source Week")):
        est = ev["estimation_window"]
        b = ev["benchmarks"]
        cell = {
            "Event date (day 0)": ev["event_date"],
            "Treated stocks ($N$)": f"{ev['universe']['n_treated']}: every US-listed semiconductor stock in the snapshot",
            "Controls": ", ".join(latex_escape(x) for x in ev["universe"]["controls"]["ai_large_caps"]),
            "Estimation window": f"{_win(est['days'])}, {est['start']} to {est['end']}, {est['n']} sessions",
            "Event windows": ", ".join(_win(w) for w in ev["event_windows"])
            + (f"; pre-event {_win(ev['pre_event_window']['days'])}" if "pre_event_window" in ev else ""),
            "Benchmarks": f"{name(b['market'])} (baseline); {name(b['event_free_market'])}; {name(b['small_cap'])}; "
            f"{name(b['sector'])} (sector-adjusted)",
        }
        for v in ev["primary_tests"].values():
            who = "Nvidia" if v["asset"] == "NVDA" else "Universe (EW)"
            cell[f"Primary: {who} vs {name(v['benchmark'])}"] = (
                f"{_label(v['test'])}, window {_win(v['window'])}"
            )
        cols[head] = cell
    frame = pd.DataFrame(cols)
    frame.insert(0, "Setting", frame.index)
    return frame.reset_index(drop=True)


def _size_table(a: _Analyses) -> pd.DataFrame:
    from ..inference import SINGLE_ASSET_TESTS

    s = a.size
    tests = list(dict.fromkeys(s["test"]))
    rows = []
    for t in tests:
        r0, se0, n0 = a.size_of(t, "(0,0)")
        r4, se4, _ = a.size_of(t, "(0,4)")
        pw = a.power[(a.power["test"] == t)]
        rows.append(
            {
                "Test": _label(t),
                "Kind": "one firm" if t in SINGLE_ASSET_TESTS else "portfolio",
                "Decisions": format_number(n0, 0, thousands=True),
                "Size $(0,0)$": num(r0 * 100, 1),
                "s.e.": num(se0 * 100, 1),
                "Size $(0,4)$": num(r4 * 100, 1),
                "s.e. ": num(se4 * 100, 1),
                "Mean dist.": num((abs(r0 - LEVEL) + abs(r4 - LEVEL)) / 2 * 100, 1),
                "Power $(0,0)$": num(float(pw["rejection_rate"].iloc[0]) * 100, 1) if len(pw) else "---",
            }
        )
    return pd.DataFrame(rows)


def _single_table(a: _Analyses) -> pd.DataFrame:
    single = a.design["primary_single_firm_test"]
    rows = []
    for label, event, bench, window in (
        ("27 Jan", EVENT_MONDAY, a.bench_mon, (0, 0)),
        ("27 Jan, pre-event", EVENT_MONDAY, None, tuple(a.dm["pre_event_window"]["days"])),
        ("OSW", EVENT_OSW, a.bench_osw, (0, 4)),
    ):
        if bench is None:
            res = a.monday
            t = res.test(single, window, asset="NVDA")
            rows.append(
                {
                    "Event": label,
                    "Window": _win(window),
                    "Benchmark": name(MARKET),
                    r"$\beta$": num(res.params.loc["NVDA", "beta"]),
                    r"AR/CAR (\%)": num(res.car(window)["NVDA"] * 100, 2, True),
                    r"Diff.\ (pp)": "---",
                    "$t$": num(t.statistic, 2, True),
                    "$p$ ($t$)": pval(t.pvalue),
                    "$p$ (SQ)": pval(res.test("sq", window, asset="NVDA").pvalue),
                }
            )
            continue
        study = a.data
        for _, b in bench.iterrows():
            res = study._study(("NVDA",), event, (min(window[0], 0), max(window[1], 4)), market=b["symbol"])
            t = res.test(single, window, asset="NVDA")
            rows.append(
                {
                    "Event": label,
                    "Window": _win(window),
                    "Benchmark": name(b["symbol"]),
                    r"$\beta$": num(b["beta"]),
                    r"AR/CAR (\%)": num(b["car"] * 100, 2, True),
                    r"Diff.\ (pp)": num(b["diff_vs_market"] * 100, 2, True)
                    if b["benchmark"] != "market"
                    else "---",
                    "$t$": num(t.statistic, 2, True),
                    "$p$ ($t$)": pval(t.pvalue),
                    "$p$ (SQ)": pval(b["p_sq"]),
                }
            )
    return pd.DataFrame(rows)


def _portfolio_table(a: _Analyses) -> pd.DataFrame:
    port = a.design["primary_portfolio_test"]
    pre = tuple(a.dm["pre_event_window"]["days"])
    specs = [
        ("27 Jan", "all", a.monday, pre),
        ("27 Jan", "all", a.monday, (0, 0)),
        ("27 Jan", "original six", a.orig, (0, 0)),
        ("27 Jan", "added by rule", a.add, (0, 0)),
        ("27 Jan", "all", a.monday, (0, 4)),
        ("OSW", "all", a.osw, (0, 0)),
        ("OSW", "all", a.osw, (0, 4)),
    ]
    rows = []
    for ev, group, res, w in specs:
        pr, bw, kp = res.test(port, w), res.test("brown_warner", w), res.test("kolari_pynnonen", w)
        rows.append(
            {
                "Event": ev,
                "Stocks": group,
                "$N$": str(len(res.labels)),
                "Window": _win(w),
                r"CAAR (\%)": num(res.caar(w) * 100, 2, True),
                "Corrado $z$": num(pr.statistic, 2, True),
                "$p$": pval(pr.pvalue),
                "BW $t$": num(bw.statistic, 2, True),
                "$p$ ": pval(bw.pvalue),
                "KP $t$": num(kp.statistic, 2, True),
                "$p$  ": pval(kp.pvalue),
            }
        )
    return pd.DataFrame(rows)


def _intraday_table(a: _Analyses) -> pd.DataFrame:
    sp = a.split.set_index(["date", "symbol"])
    mon_sess = pd.Index(pd.to_datetime([x for x in SPLIT_DATES if x < EVENT_OSW]))
    rows = []
    for x in SPLIT_DATES:
        t = pd.Timestamp(x)
        if t < pd.Timestamp(EVENT_MONDAY):
            tag = "pre-event"
        elif t < pd.Timestamp(EVENT_OSW):
            tag = f"day {int(mon_sess.get_loc(t)) - 4:+d}".replace("+0", "0")
        else:
            tag = "OSW"
        row = {"Date": x, "Day": tag}
        for sym, short in (("NVDA", "NVDA"), (SECTOR, "SOX"), (MARKET, "S\\&P")):
            row[f"{short} overnight"] = num(sp.loc[(t, sym), "overnight"] * 100, 2, True)
            row[f"{short} session"] = num(sp.loc[(t, sym), "session"] * 100, 2, True)
        rows.append(row)
    return pd.DataFrame(rows)


def _sources_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "File": [latex_escape(x["file"]) for x in SOURCES],
            "Language": [x["language"] for x in SOURCES],
            "Title (English rendering)": [latex_escape(x["title"]) for x in SOURCES],
            "Outlet or author named in the text": [latex_escape(x["outlet"]) for x in SOURCES],
            "Event": [x["event"] for x in SOURCES],
        }
    )


def _day0_table(a: _Analyses) -> pd.DataFrame:
    r = a.data.returns
    day0 = pd.Timestamp(EVENT_MONDAY)
    rows = []
    single = a.design["primary_single_firm_test"]
    for res, group in ((a.monday, None), (a.mega, "control")):
        for sym in res.labels:
            t = res.test(single, (0, 0), asset=sym)
            rows.append(
                {
                    "Stock": latex_escape(sym),
                    "Group": group or ("original six" if sym in a.original else "added by rule"),
                    r"Return (\%)": num(r.loc[day0, sym] * 100, 2, True),
                    r"$\beta$": num(res.params.loc[sym, "beta"]),
                    r"AR (\%)": num(res.abnormal_returns.loc[0, sym] * 100, 2, True),
                    "$t$": num(t.statistic, 2, True),
                    "$p$ ($t$)": pval(t.pvalue),
                    "$p$ (SQ)": pval(res.test("sq", (0, 0), asset=sym).pvalue),
                    r"CAR$(-1,1)$ (\%)": num(res.car((-1, 1))[sym] * 100, 2, True),
                }
            )
    return pd.DataFrame(rows)


def _battery_table(a: _Analyses) -> pd.DataFrame:
    from ..inference import MULTI_ASSET_TESTS

    rows = []
    for t in MULTI_ASSET_TESTS:
        r0, r4 = a.monday.test(t, (0, 0)), a.osw.test(t, (0, 4))
        rows.append(
            {
                "Test": _label(t),
                "Null distribution": latex_escape(str(r0.null_distribution)),
                r"$p$, 27 Jan $(0,0)$": pval(r0.pvalue),
                r"$p$, OSW $(0,4)$": pval(r4.pvalue),
                r"Size $(0,0)$ (\%)": num(a.size_of(t)[0] * 100, 1),
                "Source": _SOURCES_OF.get(t, ""),
            }
        )
    return pd.DataFrame(rows)


_SOURCES_OF = {
    "t_cross_sectional": "Brown--Warner (1985)",
    "brown_warner": "Brown--Warner (1980, 1985)",
    "patell": "Patell (1976)",
    "adjusted_patell": 'Kolari--Pynn\\"onen (2010)',
    "bmp": "Boehmer et al.\\ (1991)",
    "kolari_pynnonen": 'Kolari--Pynn\\"onen (2010)',
    "corrado_rank": "Corrado (1989)",
    "grank": 'Kolari--Pynn\\"onen (2011)',
    "sign": "binomial",
    "generalized_sign": "Cowan (1992)",
    "wilcoxon": "Wilcoxon (1945)",
    "bootstrap": "Hall--Wilson (1991)",
    "wild_bootstrap": "wild bootstrap",
    "permutation": "sign flips",
    "joint_wald": "SUR Wald",
    "bhar_t": "Barber--Lyon (1997)",
    "bhar_skewness_adjusted": "Lyon et al.\\ (1999)",
}


def _robust_table(a: _Analyses) -> pd.DataFrame:
    rob = a.robust
    return pd.DataFrame(
        {
            "Stocks ($N$)": [f"{s} ({n})" for s, n in zip(rob["sample"], rob["n_assets"], strict=True)],
            "Model": [latex_escape(x) for x in rob["model"]],
            "$L$": rob["estimation_length"].astype(int).astype(str).to_numpy(),
            r"NVDA AR (\%)": [num(x * 100, 2, True) for x in rob["nvda_ar0"]],
            "NVDA $t$": [num(x, 2, True) for x in rob["nvda_t0"]],
            r"CAAR (\%)": [num(x * 100, 2, True) for x in rob["chips_caar0"]],
            "BW $p$": [pval(x) for x in rob["chips_p_bw"]],
            "KP $p$": [pval(x) for x in rob["chips_p_kp"]],
        }
    )


def _volvol_table(a: _Analyses) -> pd.DataFrame:
    d = a.data
    cv = d.chip_volume()
    vt = cv.tests()
    vol = load_prices(list(CHIPS), field="volume", data_dir=d.data_dir)
    est = a.dm["estimation_window"]["days"]
    day0 = pd.Timestamp(EVENT_MONDAY)
    rows = []
    for sym in CHIPS:
        series = vol[sym].dropna()
        p0 = series.index.get_loc(day0)
        mult = series.iloc[p0] / series.iloc[p0 + est[0] : p0 + est[1] + 1].mean()
        tv = vt[
            (vt["test"] == "volume_t")
            & (vt["asset"] == sym)
            & (vt["window_start"] == 0)
            & (vt["window_end"] == 0)
        ]
        vs = d.volatility(asset=sym, post=(1, 20))
        tab = vs.tests()
        g = vs.garch
        rows.append(
            {
                "Stock": latex_escape(sym),
                "Volume multiple": num(mult, 1),
                "Abn.\\ log volume $t$": num(float(tv["statistic"].iloc[0]), 2, True),
                "Variance ratio": num(vs.ratio),
                "$F$ test $p$": pval(float(tab.loc[tab["test"] == "variance_ratio", "pvalue"].iloc[0])),
                "GARCH(1,1) at a bound": "yes" if _garch_at_bound(g) else "no",
            }
        )
    return pd.DataFrame(rows)


def _data_table(a: _Analyses) -> pd.DataFrame:
    long = load_long(data_dir=a.data.data_dir)
    group = long["source"].str.replace(r"^(.*?):(.*)/[^/]*?( \(.*\))?$", r"\1:\2", regex=True)
    src = (
        long.assign(group=group)
        .groupby("group", sort=True)
        .agg(
            symbols=("symbol", "nunique"), first=("date", "min"), last=("date", "max"), rows=("date", "size")
        )
    )
    return pd.DataFrame(
        {
            "Source (repository:directory)": [latex_escape(x) for x in src.index],
            "Symbols": src["symbols"].astype(int).astype(str).to_numpy(),
            "First": [f"{x:%Y-%m-%d}" for x in src["first"]],
            "Last": [f"{x:%Y-%m-%d}" for x in src["last"]],
            "Rows": [format_number(x, 0, thousands=True) for x in src["rows"]],
        }
    )


#: Column formats of the tables whose text columns must wrap (so no table runs into the margin).
COLUMN_FORMATS: dict[str, str] = {
    "design": "@{}p{0.2\\linewidth}p{0.38\\linewidth}p{0.38\\linewidth}@{}",
    "sources": "@{}p{0.2\\linewidth}p{0.1\\linewidth}p{0.3\\linewidth}p{0.24\\linewidth}p{0.1\\linewidth}@{}",
    "test_battery": "@{}llrrrl@{}",
    "size": "@{}llrrrrrrr@{}",
}


def paper_tables(a: _Analyses) -> dict[str, pd.DataFrame]:
    """Every table of :data:`REQUIRED_TABLES` except ``claims`` (a longtable) as a formatted DataFrame."""
    return {
        "design": _design_table(a),
        "size": _size_table(a),
        "primary_single": _single_table(a),
        "primary_portfolio": _portfolio_table(a),
        "intraday": _intraday_table(a),
        "sources": _sources_table(),
        "data_summary": _data_table(a),
        "day0_returns": _day0_table(a),
        "test_battery": _battery_table(a),
        "robustness": _robust_table(a),
        "volume_volatility": _volvol_table(a),
    }


def _tex_cell(x: Any, unit: str) -> str:
    v = pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0]
    if pd.isna(v):
        return latex_escape("" if x is None or (isinstance(x, float) and np.isnan(x)) else str(x)) or "---"
    if unit == "USD":
        return format_number(float(v), 0, thousands=True)
    return format_number(float(v), 2, signed=False, thousands=True)


def _short(text: str, verdict: str, width: int = 90) -> str:
    """A not-testable claim's sentence shortened (the full text is in results/claims_summary.csv)."""
    import textwrap

    return textwrap.shorten(text, width=width, placeholder="...") if verdict == "not_testable" else text


def claims_longtable(summary: pd.DataFrame) -> str:
    """One row per claim: the claim in words, file, reading, claimed, observed, unit, verdict (a longtable)."""
    head = (
        "\\begin{longtable}{@{}p{0.04\\linewidth}p{0.42\\linewidth}p{0.16\\linewidth}rrp{0.06\\linewidth}p{0.11\\linewidth}@{}}\n"
        "\\caption{The claims, one row per claim (the verdict of its primary reading; not-testable claims shortened; every reading is in "
        "\\texttt{results/claims.csv}). File: the seed file's number (Table~\\ref{tab:sources}).}\\label{tab:claims}\\\\\n"
        "\\toprule\nFile & Claim & Reading & Claimed & Observed & Unit & Verdict \\\\\n\\midrule\n\\endfirsthead\n"
        "\\toprule\nFile & Claim & Reading & Claimed & Observed & Unit & Verdict \\\\\n\\midrule\n\\endhead\n"
        "\\bottomrule\n\\endfoot\n"
    )
    rows = []
    for _, r in summary.iterrows():
        rows.append(
            " & ".join(
                [
                    latex_escape(str(r["source_file"])[:3]),
                    latex_escape(_short(str(r["claim"]), r["verdict"])),
                    latex_escape(str(r["reading"])),
                    _tex_cell(r["claimed"], str(r["unit"])),
                    _tex_cell(r["observed"], str(r["unit"])),
                    latex_escape(str(r["unit"])),
                    latex_escape(str(r["verdict"]).replace("_", " ")),
                ]
            )
            + " \\\\"
        )
    return "% generated by eventstudy\n" + head + "\n".join(rows) + "\n\\end{longtable}\n"


# --------------------------------------------------------------------------- build


def build_paper_inputs(
    outputs: dict[str, Any],
    paper_dir: Path,
    out_dir: Path,
    compile_pdf: bool = True,
    readme_png: Path | None = None,
) -> Path | None:
    """Write ``paper/generated/*``, ``paper/figures/*`` and compile ``paper/paper.pdf``.

    Raises
    ------
    EventStudyError
        If an input the paper needs is missing, an extra one is produced, ``paper.tex``
        contains a hand-typed result, or the design's primary tests are no longer those its
        selection rule picks from the size table.
    """
    from .paper_compile import compile_paper, pdf_page_count
    from .paper_figures import make_figures

    paper_dir = Path(paper_dir)
    gen, figs = paper_dir / "generated", paper_dir / "figures"
    for p in (gen, figs):
        if p.exists():
            shutil.rmtree(p)
        p.mkdir(parents=True)
    a = _Analyses(outputs)
    macros = paper_macros(a)
    unknown = sorted(set(macros) - set(REQUIRED_MACROS))
    if unknown:
        raise EventStudyError(f"macros not declared in paper_spec.REQUIRED_MACROS: {unknown}")
    write_macros(macros, gen / "macros.tex")
    for tname, df in paper_tables(a).items():
        kw = {"column_format": COLUMN_FORMATS[tname]} if tname in COLUMN_FORMATS else {}
        write_table(df, gen / f"{tname}.tex", environment=False, escape=False, index=False, **kw)
    (gen / "claims.tex").write_text(claims_longtable(a.summary), encoding="utf-8", newline="\n")
    make_figures(a.data, a.summary, a.placebo, figs, readme_png=readme_png)
    problems = check_inputs(paper_dir)
    if problems:
        raise EventStudyError("paper inputs do not match paper_spec: " + "; ".join(map(str, problems)))
    violations = lint_paper((paper_dir / "paper.tex").read_text(encoding="utf-8"))
    if violations:
        raise EventStudyError("paper.tex has hand-typed results: " + "; ".join(map(str, violations)))
    missing_tables = sorted(set(REQUIRED_TABLES) - {p.stem for p in gen.glob("*.tex")})
    if missing_tables:
        raise EventStudyError(f"generated tables missing: {missing_tables}")
    print(f"Paper inputs: {len(macros)} macros, {len(REQUIRED_TABLES)} tables, figures in {figs}", flush=True)
    if not compile_pdf:
        return None
    pdf = compile_paper(paper_dir)
    print(f"Paper: {pdf} ({pdf_page_count(pdf)} pages)", flush=True)
    return pdf
