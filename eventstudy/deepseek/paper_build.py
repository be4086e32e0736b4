"""Generate every number, table and figure of ``paper/paper.tex`` from the results, then compile.

Nothing here is typed in: each macro of :data:`eventstudy.report.paper_spec.REQUIRED_MACROS`
is computed from the snapshot through the public API (the claimed figures come from the
claims registry), each table of ``REQUIRED_TABLES`` from results objects, each figure of
``REQUIRED_FIGURES`` by :func:`eventstudy.report.paper_figures.make_figures`. Before
compiling, the inputs are checked against the spec and ``paper.tex`` against the
no-hand-typed-number rule; a missing or extra input is an error.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..data import load_bars, load_long, load_prices
from ..errors import EventStudyError
from ..report.latex import format_number, format_pvalue, latex_escape, write_macros, write_table
from .claims import load_registry
from .design import (
    CHIPS,
    CORE10,
    CRYPTO_ESTIMATION_ALIGNED,
    EVENT_MONDAY,
    EVENT_OSW,
    MARKET,
    MEGACAP,
    OSW_END,
    SECTOR,
    DeepSeekData,
)
from .paper_spec import REQUIRED_MACROS, REQUIRED_TABLES, check_inputs, lint_paper

__all__ = ["build_paper_inputs", "paper_macros", "paper_tables"]


def pct(x: float, decimals: int = 2, signed: bool = True) -> str:
    """Decimal return -> ``$-$16.97\\%``."""
    return format_number(float(x), decimals, signed=signed, percent=True)


def num(x: float, decimals: int = 2, signed: bool = False) -> str:
    """Plain number with ``$-$`` for the minus sign."""
    return format_number(float(x), decimals, signed=signed)


def pval(p: float) -> str:
    """p-value with three decimals (``$<$0.001`` below)."""
    return format_pvalue(float(p))


def usd_bn(x: float, decimals: int = 1) -> str:
    """USD billions -> ``\\$589.6 billion`` (magnitude only)."""
    return r"\$" + format_number(abs(float(x)), decimals, thousands=True) + " billion"


def _claim(claims: pd.DataFrame, cid: str, col: str = "claimed") -> float:
    row = claims.loc[claims["claim_id"] == cid]
    if row.empty:
        raise EventStudyError(f"claim {cid!r} is not in the claims table; the paper needs it")
    return float(row[col].iloc[0])


def _close_return(close: pd.Series, start: str, end: str) -> float:
    """Return from the last close before ``start`` to the close on ``end`` (both on the series' own days)."""
    s = close.dropna()
    before = s.loc[: pd.Timestamp(start) - pd.Timedelta(days=1)].iloc[-1]
    return float(s.loc[pd.Timestamp(end)] / before - 1)


def _test(res: Any, name: str, window: tuple[int, int], asset: str | None = None) -> Any:
    return res.test(name, window, asset=asset) if asset else res.test(name, window)


class _Analyses:
    """Every analysis the paper reports, computed once."""

    def __init__(self, outputs: dict[str, Any]) -> None:
        self.data: DeepSeekData = outputs["data"]
        d = self.data
        self.monday = outputs["monday"]
        self.osw = outputs["osw"]
        self.claims: pd.DataFrame = outputs["claims"]
        self.placebo = outputs["placebo"]
        self.chips = d.monday(assets=CHIPS)
        self.mega = d.monday(assets=MEGACAP)
        self.osw_sector = d.open_source_week(market=SECTOR)
        self.osw_chips = d.open_source_week(assets=CHIPS)
        self.osw_chips_sector = d.open_source_week(assets=CHIPS, market=SECTOR)
        self.volume = d.abnormal_volume()
        self.chip_volume = d.chip_volume()
        self.vol20 = d.volatility(post=(0, 20))
        self.synth = d.synthetic()
        self.caltime = d.calendar_time()
        self.robust = d.robustness()
        self.crypto = d.crypto()
        self.evidence = self.claims  # carries n_est of every claim's event-study evidence
        self.size = size_table(d)


# --------------------------------------------------------------------------- macros


def paper_macros(a: _Analyses) -> dict[str, str]:
    """Every macro of :data:`REQUIRED_MACROS`, formatted."""
    d, claims = a.data, a.claims
    close = d.prices
    m: dict[str, str] = {}
    # claimed figures, from the registry's claims table
    m["ClaimedNvdaDayZeroRet"] = format_number(_claim(claims, "002-1"), 0, percent=True, scale=1.0)
    m["ClaimedNvdaMcapLoss"] = usd_bn(_claim(claims, "002-2/a"), 0)
    m["ClaimedNvdaMcapLossAlt"] = usd_bn(_claim(claims, "004-1"), 0)
    m["ClaimedIxicDayZeroRet"] = format_number(_claim(claims, "002-3"), 0, percent=True, scale=1.0)
    m["ClaimedGspcDayZeroRet"] = format_number(_claim(claims, "002-4"), 1, percent=True, scale=1.0)
    m["ClaimedNvdaWeekRet"] = format_number(_claim(claims, "004-4/a"), 1, percent=True, scale=1.0)
    m["ClaimedNvdaOswRet"] = format_number(_claim(claims, "003-1/ret/a"), 1, percent=True, scale=1.0)
    m["ClaimedGspcOswRet"] = format_number(_claim(claims, "003-2/a"), 1, percent=True, scale=1.0)
    m["ClaimedNdxOswRet"] = format_number(_claim(claims, "003-3/a"), 1, percent=True, scale=1.0)
    # data
    long = load_long(data_dir=d.data_dir)
    m["DataNumSymbols"] = str(long["symbol"].nunique())
    m["DataNumRows"] = format_number(len(long), 0, thousands=True)
    m["NumAssetsDayZero"] = str(len(a.monday.labels))
    m["NumChips"] = str(len(CHIPS))
    n_est = [
        int(a.monday.params["n_obs"].min()),
        CRYPTO_ESTIMATION_ALIGNED[1] - CRYPTO_ESTIMATION_ALIGNED[0] + 1,
    ]
    if a.evidence is not None and "n_est" in a.evidence:
        n_est += [int(x) for x in a.evidence["n_est"].dropna()]
    m["EstObsMin"] = str(min(n_est))
    shares = load_registry().shares["NVDA"]
    in_force = max((s for s in shares if s.as_of <= pd.Timestamp(EVENT_MONDAY)), key=lambda s: s.as_of)
    in_force_osw = max((s for s in shares if s.as_of <= pd.Timestamp(OSW_END)), key=lambda s: s.as_of)
    m["NvdaSharesOutstanding"] = f"{in_force.shares_bn:g} billion"
    nv = close["NVDA"].dropna()
    day0, before = pd.Timestamp(EVENT_MONDAY), nv.loc[: pd.Timestamp(EVENT_MONDAY) - pd.Timedelta(days=1)]
    m["NvdaCloseBefore"] = r"\$" + num(before.iloc[-1])
    m["NvdaCloseDayZero"] = r"\$" + num(nv.loc[day0])
    # event 1
    r = d.returns
    mon, ev = a.monday, EVENT_MONDAY
    m["NvdaDayZeroRet"] = pct(r.loc[day0, "NVDA"])
    m["NvdaDayZeroAR"] = pct(mon.abnormal_returns.loc[0, "NVDA"])
    t0 = _test(mon, "t_prediction_error", (0, 0), "NVDA")
    m["NvdaDayZeroTstat"] = num(t0.statistic, 2, signed=True)
    m["NvdaDayZeroPval"] = pval(t0.pvalue)
    m["NvdaDayZeroSqPval"] = pval(_test(mon, "sq", (0, 0), "NVDA").pvalue)
    m["NvdaBeta"] = num(mon.params.loc["NVDA", "beta"])
    m["NvdaMcapLoss"] = usd_bn((nv.loc[day0] - before.iloc[-1]) * in_force.shares_bn)
    m["NvdaDayOneRet"] = pct(r.loc[pd.Timestamp("2025-01-28"), "NVDA"])
    m["NvdaWeekRet"] = pct(_close_return(nv, ev, "2025-01-31"))
    m["NvdaCarThreeDay"] = pct(mon.car((-1, 1))["NVDA"])
    m["NvdaBharWeek"] = pct(mon.bhar((0, 4))["NVDA"])
    bars = load_bars(["NVDA"], start=ev, end=ev, data_dir=d.data_dir).sort_values("timestamp")
    m["NvdaOpenGap"] = pct(float(bars["open"].iloc[0]) / before.iloc[-1] - 1)
    for sym, key in (("TSM", "Tsm"), ("AVGO", "Avgo")):
        m[f"{key}DayZeroRet"] = pct(r.loc[day0, sym])
        m[f"{key}DayZeroAR"] = pct(mon.abnormal_returns.loc[0, sym])
    arm = load_prices(["ARM"], data_dir=d.data_dir)["ARM"]
    m["ArmDayZeroRet"] = pct(_close_return(arm, ev, ev))
    m["MuDayZeroRet"] = pct(r.loc[day0, "MU"])
    m["AmdDayZeroRet"] = pct(r.loc[day0, "AMD"])
    for sym, key in (("^GSPC", "Gspc"), ("^IXIC", "Ixic"), ("^NDX", "Ndx"), ("^DJI", "Dji"), ("^SOX", "Sox")):
        m[f"{key}DayZeroRet"] = pct(r.loc[day0, sym])
    btc_x = load_prices(["BTC-USD@exchange"], data_dir=d.data_dir)["BTC-USD@exchange"]
    m["BtcDayZeroRet"] = pct(_close_return(btc_x, ev, ev))
    m["EthDayZeroRet"] = pct(r.loc[day0, "ETH-USD"])
    ch = a.chips
    m["ChipsCaarDayZero"] = pct(ch.caar((0, 0)))
    m["ChipsCaarThreeDay"] = pct(ch.caar((-1, 1)))
    m["ChipsNumNegative"] = str(int((ch.abnormal_returns.loc[0] < 0).sum()))
    m["ChipsBmpPval"] = pval(ch.test("bmp", (0, 0)).pvalue)
    m["ChipsKpPval"] = pval(ch.test("kolari_pynnonen", (0, 0)).pvalue)
    m["ChipsGrankPval"] = pval(ch.test("grank", (0, 0)).pvalue)
    m["ChipsGenSignPval"] = pval(ch.test("generalized_sign", (0, 0)).pvalue)
    m["MegaCapCaarDayZero"] = pct(a.mega.caar((0, 0)))
    m["NvdaPlaceboCount"] = format_number(a.placebo.n, 0, thousands=True)
    m["NvdaPlaceboPval"] = pval(a.placebo.pvalue)
    # event 2
    osw, w = a.osw, (0, 4)
    m["NvdaOswRet"] = pct(_close_return(nv, EVENT_OSW, OSW_END))
    before_osw = nv.loc[: pd.Timestamp(EVENT_OSW) - pd.Timedelta(days=1)].iloc[-1]
    osw_change = (nv.loc[pd.Timestamp(OSW_END)] - before_osw) * in_force_osw.shares_bn
    if osw_change >= 0:
        raise EventStudyError(
            "the paper's prose calls NVDA's Open Source Week change a loss, but it is a gain"
        )
    m["NvdaOswMcapLoss"] = usd_bn(osw_change)
    m["NvdaOswShares"] = f"{in_force_osw.shares_bn:g} billion"
    m["NvdaOswCar"] = pct(osw.car(w)["NVDA"])
    to = _test(osw, "t_prediction_error", w, "NVDA")
    m["NvdaOswCarTstat"] = num(to.statistic, 2, signed=True)
    m["NvdaOswCarPval"] = pval(to.pvalue)
    nvda_osw = d.open_source_week(assets=("NVDA",))
    m["NvdaOswWaldPval"] = pval(nvda_osw.test("joint_wald", w).pvalue)
    m["NvdaOswSectorCar"] = pct(a.osw_sector.car(w)["NVDA"])
    m["NvdaOswSectorPval"] = pval(_test(a.osw_sector, "t_prediction_error", w, "NVDA").pvalue)
    m["GspcOswRet"] = pct(_close_return(close["^GSPC"], EVENT_OSW, OSW_END))
    m["NdxOswRet"] = pct(_close_return(close["^NDX"], EVENT_OSW, OSW_END))
    m["SoxOswRet"] = pct(_close_return(close["^SOX"], EVENT_OSW, OSW_END))
    btc_low = load_prices(
        ["BTC-USD@exchange"], field="low", start=EVENT_OSW, end=OSW_END, data_dir=d.data_dir
    )
    m["BtcOswLow"] = r"\$" + format_number(float(btc_low.iloc[:, 0].min()), 0, thousands=True)
    m["ChipsOswCaar"] = pct(a.osw_chips.caar(w))
    m["ChipsOswBmpPval"] = pval(a.osw_chips.test("bmp", w).pvalue)
    m["ChipsOswGrankPval"] = pval(a.osw_chips.test("grank", w).pvalue)
    m["ChipsOswSectorCaar"] = pct(a.osw_chips_sector.caar(w))
    m["ChipsOswSectorPval"] = pval(a.osw_chips_sector.test("t_cross_sectional", w).pvalue)
    # claims
    v = claims["verdict"]
    base = claims["claim_id"].str.split("/").str[0]
    m["ClaimsTotal"] = str(base.nunique())
    m["ClaimsRows"] = str(len(claims))
    m["ClaimsTestable"] = str(int((v != "not_testable").sum()))
    m["ClaimsConfirmed"] = str(int((v == "confirmed").sum()))
    m["ClaimsClose"] = str(int((v == "close").sum()))
    m["ClaimsContradicted"] = str(int((v == "contradicted").sum()))
    m["ClaimsNotTestable"] = str(int((v == "not_testable").sum()))
    m["ClaimsRule"] = _claims_rule()
    # beyond returns
    vol = load_prices(["NVDA"], field="volume", data_dir=d.data_dir)["NVDA"].dropna()
    p0 = vol.index.get_loc(day0)
    est = vol.iloc[p0 - 260 : p0 - 10]
    m["NvdaVolumeMultiple"] = num(vol.iloc[p0] / est.mean(), 1)
    vt = a.volume.tests()
    row = vt[
        (vt["test"] == "volume_t")
        & (vt["asset"] == "NVDA")
        & (vt["window_start"] == 0)
        & (vt["window_end"] == 0)
    ]
    m["NvdaAbnVolumeTstat"] = num(float(row["statistic"].iloc[0]), 2, signed=True)
    cv = a.chip_volume.frame()
    day0_av = cv.loc[cv["event_day"] == 0, "abnormal"] if "abnormal" in cv else _abnormal_column(cv)
    m["ChipsAbnVolumePval"] = pval(stats.ttest_1samp(day0_av.to_numpy(dtype=float), 0.0).pvalue)
    m["NvdaVolRatio"] = num(a.vol20.ratio)
    vtab = a.vol20.tests()
    m["NvdaVolRatioPval"] = pval(float(vtab.loc[vtab["test"] == "variance_ratio", "pvalue"].iloc[0]))
    weights = a.synth.weights
    m["SynthNumDonors"] = str(int((weights > 1e-6).sum()))
    m["SynthPoolSize"] = str(int(weights.size))
    m["NvdaSynthGap"] = pct(float(a.synth.gap.loc[0]))
    m["NvdaSynthPreRmse"] = pct(float(a.synth.pre_rmspe["NVDA"]), signed=False)
    m["NvdaSynthPval"] = pval(a.synth.test((0, 0), statistic="gap").pvalue)
    m["NvdaSynthPvalMin"] = pval(1.0 / (weights.size + 1))
    ct = a.caltime
    m["CalTimeAlpha"] = format_number(ct.car((0, 4)) / 5, 3, signed=True, percent=True)
    m["CalTimeAlphaTstat"] = num(ct.test((0, 4), cov="hac").statistic, 2, signed=True)
    m["CalTimeDayZeroAR"] = pct(float(ct.ar_table().loc[0, "ar"]))
    m["CalTimeDayZeroTstat"] = num(float(ct.ar_table().loc[0, "t_hac"]), 2, signed=True)
    # robustness
    rob = a.robust
    m["RobustNumSpecs"] = str(len(rob))
    size = a.size
    m["SizeDraws"] = str(SIZE_DRAWS)
    m["SizeBmpClustered"] = format_number(float(size.loc["bmp", "clustered"]), 1, percent=True)
    m["SizeKpClustered"] = format_number(float(size.loc["kolari_pynnonen", "clustered"]), 1, percent=True)
    wald = float(size.loc["joint_wald", "independent"])
    if wald <= 0.08:
        raise EventStudyError(
            "paper.tex says the joint Wald test over-rejects with independent dates; it no longer does"
        )
    m["SizeWaldIndependent"] = format_number(wald, 1, percent=True)
    m["RobustNvdaARMin"] = pct(rob["nvda_ar0"].min())
    m["RobustNvdaARMax"] = pct(rob["nvda_ar0"].max())
    m["RobustChipsPvalMax"] = pval(rob[["chips_p_bmp", "chips_p_grank"]].to_numpy().max())
    m["ConclusionMonday"], m["ConclusionOsw"] = _conclusions(a)
    _check_prose(claims)
    return m


#: Verdicts that the fixed prose of the Conclusions section states; checked on every build.
PROSE_VERDICTS: dict[str, str] = {
    "002-1": "confirmed",
    "002-2/a": "confirmed",
    "002-3": "confirmed",
    "002-4": "confirmed",
    "004-1": "confirmed",
}


def _check_prose(claims: pd.DataFrame) -> None:
    """Fail the build if the data no longer bear out what the paper's fixed sentences say."""
    got = claims.set_index("claim_id")["verdict"]
    wrong = {cid: got.get(cid) for cid, v in PROSE_VERDICTS.items() if got.get(cid) != v}
    pre = claims[claims["claim_id"].str.match(r"001-1/(NVDA|TSM|ARM|PG)/[bcd]$")]
    if (pre["verdict"] == "confirmed").any():
        wrong["001-1 (regular-session readings)"] = "some confirmed"
    if wrong:
        raise EventStudyError(f"paper.tex's Conclusions state verdicts the data no longer give: {wrong}")


def p_eq(p: float) -> str:
    """``$p=0.042$`` or ``$p<0.001$`` (one math group)."""
    text = pval(p)
    return f"$p{text.replace('$<$', '<')}$" if text.startswith("$<$") else f"$p={text}$"


def _significance(p: float, level: float = 0.05) -> str:
    return "significant" if p < level else "not significant"


def _conclusions(a: _Analyses, level: float = 0.05) -> tuple[str, str]:
    """Two sentences whose wording follows the p-values (no conclusion is typed by hand)."""
    mon, ch = a.monday, a.chips
    p_t = mon.test("t_prediction_error", (0, 0), asset="NVDA").pvalue
    p_sq = mon.test("sq", (0, 0), asset="NVDA").pvalue
    p_bmp = ch.test("bmp", (0, 0)).pvalue
    p_kp = ch.test("kolari_pynnonen", (0, 0)).pvalue
    p_grank = ch.test("grank", (0, 0)).pvalue
    lv = format_number(level * 100, 0) + r"\%"
    nvda = (
        f"Nvidia's abnormal return on 27 January is {_significance(max(p_t, p_sq), level)} at the {lv} level "
        f"under both the prediction-error $t$ test ({p_eq(p_t)}) and the SQ test ({p_eq(p_sq)})"
        if (p_t < level) == (p_sq < level)
        else f"Nvidia's abnormal return on 27 January is {_significance(p_t, level)} under the $t$ test "
        f"({p_eq(p_t)}) but {_significance(p_sq, level)} under the SQ test ({p_eq(p_sq)})"
    )
    robust = max(p_kp, p_grank)
    sector = (
        f"the chip portfolio's day-0 abnormal return is {_significance(p_bmp, level)} by BMP ({p_eq(p_bmp)}) "
        f"and {_significance(robust, level)} once cross-correlation is allowed for "
        f'(Kolari--Pynn\\"onen {p_eq(p_kp)}, GRANK {p_eq(p_grank)})'
    )
    monday = nvda + "; " + sector + "."
    osw, sec, chips = a.osw, a.osw_sector, a.osw_chips
    w = (0, 4)
    p_m = osw.test("t_prediction_error", w, asset="NVDA").pvalue
    p_s = sec.test("t_prediction_error", w, asset="NVDA").pvalue
    p_c = chips.test("kolari_pynnonen", w).pvalue
    supported = p_m < level and p_s < level
    osw_text = (
        f"Over Open Source Week Nvidia's cumulative abnormal return is {_significance(p_m, level)} against the "
        f"market ({p_eq(p_m)}) and {_significance(p_s, level)} against the semiconductor index "
        f"({p_eq(p_s)}), and the chip portfolio's is {_significance(p_c, level)} after the cross-correlation "
        f"correction ({p_eq(p_c)}): the data "
        + ("are consistent with" if supported else "do not support")
        + " the claim that the week's releases, rather than the market or the sector, drove Nvidia's fall."
    )
    return monday, osw_text


def _abnormal_column(frame: pd.DataFrame) -> pd.Series:
    cols = [c for c in frame.columns if c.startswith("abnormal")]
    if not cols:
        raise EventStudyError(f"abnormal-volume frame has no abnormal column: {list(frame.columns)}")
    return frame.loc[frame["event_day"] == 0, cols[0]]


def _claims_rule() -> str:
    """The return and money tolerance rules of the registry, as one LaTeX sentence."""
    from ..claims import describe_tolerance

    reg = load_registry()
    picked: dict[str, str] = {}
    for c in reg.claims:
        key = {("abs_diff", "percent"): "returns", ("rel_diff", "USD bn"): "money"}.get(
            (c.tolerance.get("rule"), c.unit)
        )
        if key and key not in picked:
            picked[key] = describe_tolerance(c.tolerance, c.unit)
    parts = [f"{k}: {latex_escape(v)}" for k, v in sorted(picked.items())]
    return "Tolerances are stated per claim in the registry; for " + "; for ".join(parts) + "."


# --------------------------------------------------------------------------- tables


def _fmt_frame(df: pd.DataFrame, spec: dict[str, Any]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col, f in spec.items():
        out[col] = [f(v) for v in df[col]] if callable(f) else df[col]
    return out


def paper_tables(a: _Analyses) -> dict[str, pd.DataFrame]:
    """Every table of :data:`REQUIRED_TABLES` (except ``claims``) as a formatted DataFrame."""
    d = a.data
    t: dict[str, pd.DataFrame] = {}
    long = load_long(data_dir=d.data_dir)
    # one row per source group (the directory of the raw file: IBKR stocks, IBKR indices, Yahoo, exchange)
    group = long["source"].str.replace(r"^(.*?):(.*)/[^/]*?( \(.*\))?$", r"\1:\2", regex=True)
    src = (
        long.assign(group=group)
        .groupby("group", sort=True)
        .agg(
            symbols=("symbol", "nunique"), first=("date", "min"), last=("date", "max"), rows=("date", "size")
        )
    )
    t["data_summary"] = pd.DataFrame(
        {
            "Source (repository:directory)": [latex_escape(s) for s in src.index],
            "Symbols": src["symbols"].astype(int).astype(str).to_numpy(),
            "First": [f"{x:%Y-%m-%d}" for x in src["first"]],
            "Last": [f"{x:%Y-%m-%d}" for x in src["last"]],
            "Rows": [format_number(x, 0, thousands=True) for x in src["rows"]],
        }
    )
    mon, r = a.monday, d.returns
    day0 = pd.Timestamp(EVENT_MONDAY)
    tests0 = [mon.test("t_prediction_error", (0, 0), asset=s) for s in mon.labels]
    t["day0_returns"] = pd.DataFrame(
        {
            "Asset": [latex_escape(s) for s in mon.labels],
            "Group": ["chips" if s in CHIPS else "mega-cap" for s in mon.labels],
            r"Return (\%)": [num(r.loc[day0, s] * 100, 2, True) for s in mon.labels],
            r"AR (\%)": [num(mon.abnormal_returns.loc[0, s] * 100, 2, True) for s in mon.labels],
            "$t$": [num(x.statistic, 2, True) for x in tests0],
            "$p$": [pval(x.pvalue) for x in tests0],
            r"CAR$(-1,1)$ (\%)": [num(mon.car((-1, 1))[s] * 100, 2, True) for s in mon.labels],
        }
    )
    t["day0_tests"] = _tests_table(a.chips, [(0, 0), (-1, 1)], ["$(0,0)$", "$(-1,1)$"])
    osw, sec = a.osw, a.osw_sector
    w = (0, 4)
    to = [osw.test("t_prediction_error", w, asset=s) for s in osw.labels]
    ts = [sec.test("t_prediction_error", w, asset=s) for s in osw.labels]
    t["osw_returns"] = pd.DataFrame(
        {
            "Asset": [latex_escape(s) for s in osw.labels],
            r"Return (\%)": [
                num(_close_return(d.prices[s], EVENT_OSW, OSW_END) * 100, 2, True) for s in osw.labels
            ],
            r"CAR (\%)": [num(osw.car(w)[s] * 100, 2, True) for s in osw.labels],
            r"BHAR (\%)": [num(osw.bhar(w)[s] * 100, 2, True) for s in osw.labels],
            "$t$": [num(x.statistic, 2, True) for x in to],
            "$p$": [pval(x.pvalue) for x in to],
            r"CAR vs SOX (\%)": [num(sec.car(w)[s] * 100, 2, True) for s in osw.labels],
            "$p$ (SOX)": [pval(x.pvalue) for x in ts],
        }
    )
    t["osw_tests"] = _tests_table_models(a.osw_chips, a.osw_chips_sector, w)
    # volume and volatility, one row per chip stock
    cv = a.chip_volume
    vt = cv.tests()
    rows = []
    vol = load_prices(list(CHIPS), field="volume", data_dir=d.data_dir)
    for s in CHIPS:
        series = vol[s].dropna()
        p0 = series.index.get_loc(day0)
        mult = series.iloc[p0] / series.iloc[p0 - 260 : p0 - 10].mean()
        tv = vt[
            (vt["test"] == "volume_t")
            & (vt["asset"] == s)
            & (vt["window_start"] == 0)
            & (vt["window_end"] == 0)
        ]
        vs = d.volatility(asset=s, post=(0, 20))
        tab = vs.tests()
        g = vs.garch
        persistence = float(g.params["alpha[1]"] + g.params["beta[1]"]) if g is not None else np.nan
        rows.append(
            {
                "Asset": latex_escape(s),
                "Volume multiple": num(mult, 1),
                "Abn.\\ log volume $t$": num(float(tv["statistic"].iloc[0]), 2, True),
                "Variance ratio": num(vs.ratio),
                "$F$ test $p$": pval(float(tab.loc[tab["test"] == "variance_ratio", "pvalue"].iloc[0])),
                "GARCH persistence": num(persistence) if np.isfinite(persistence) else "---",
                "GARCH $e^2/h$": num(g.mean_ratio) if g is not None else "---",
            }
        )
    t["volume_volatility"] = pd.DataFrame(rows)
    weights = a.synth.weights
    pos = weights[weights > 1e-6].sort_values(ascending=False)
    t["synthetic_control"] = pd.DataFrame(
        {"Donor": [latex_escape(s) for s in pos.index], "Weight": [num(x, 3) for x in pos]}
    )
    ar = a.caltime.ar_table()
    ct_rows = [
        {
            "Day": f"{ar.loc[k, 'date']:%Y-%m-%d} ({k:+d})",
            r"AR (\%)": num(ar.loc[k, "ar"] * 100, 2, True),
            "$t$": num(ar.loc[k, "t"], 2, True) if "t" in ar else "---",
            "$t$ (HAC)": num(ar.loc[k, "t_hac"], 2, True),
            "$p$ (HAC)": pval(ar.loc[k, "pvalue_hac"]),
        }
        for k in ar.index
    ]
    hac = a.caltime.test((0, 4), cov="hac")
    plain = a.caltime.test((0, 4), cov="nonrobust")
    ct_rows.append(
        {
            "Day": r"CAR$(0,4)$",
            r"AR (\%)": num(a.caltime.car((0, 4)) * 100, 2, True),
            "$t$": num(plain.statistic, 2, True),
            "$t$ (HAC)": num(hac.statistic, 2, True),
            "$p$ (HAC)": pval(hac.pvalue),
        }
    )
    t["calendar_time"] = pd.DataFrame(ct_rows)
    size = a.size
    t["size"] = pd.DataFrame(
        {
            "Test": [_TEST_LABELS.get(n, n) for n in size.index],
            "Shared date": [format_number(x, 1, percent=True) for x in size["clustered"]],
            "Independent dates": [format_number(x, 1, percent=True) for x in size["independent"]],
        }
    )
    rob = a.robust
    t["robustness"] = pd.DataFrame(
        {
            "Model": [latex_escape(x) for x in rob["model"]],
            "$L$": rob["estimation_length"].astype(int).astype(str).to_numpy(),
            r"NVDA AR (\%)": [num(x * 100, 2, True) for x in rob["nvda_ar0"]],
            "NVDA $t$": [num(x, 2, True) for x in rob["nvda_t0"]],
            r"Chips CAAR (\%)": [num(x * 100, 2, True) for x in rob["chips_caar0"]],
            "BMP $p$": [pval(x) for x in rob["chips_p_bmp"]],
            "GRANK $p$": [pval(x) for x in rob["chips_p_grank"]],
        }
    )
    return t


SIZE_DRAWS = 500


def size_table(data: DeepSeekData, n_draws: int = SIZE_DRAWS) -> pd.DataFrame:
    """Rejection rates at 5% of every test on real placebo dates (shared vs independent dates)."""
    from ..inference import MULTI_ASSET_TESTS
    from ..simulation import rejection_rates

    rets = data.returns
    names = ["t_prediction_error", "sq", *MULTI_ASSET_TESTS]
    out = {}
    for clustered in (True, False):
        rr = rejection_rates(
            rets[list(CORE10)].dropna(how="all"),
            rets[MARKET].dropna(),
            names,
            n_draws=n_draws,
            clustered=clustered,
        )
        out["clustered" if clustered else "independent"] = rr.set_index("test")["rejection_rate"]
    return pd.DataFrame(out)


_TEST_LABELS = {
    "t_prediction_error": "Prediction-error $t$ (per stock)",
    "sq": "SQ (per stock)",
    "t_cross_sectional": "Cross-sectional $t$",
    "brown_warner": "Brown--Warner",
    "patell": "Patell $Z$",
    "bmp": "BMP",
    "kolari_pynnonen": 'Kolari--Pynn\\"onen',
    "corrado_rank": "Corrado rank",
    "grank": "GRANK",
    "sign": "Sign",
    "generalized_sign": "Generalized sign",
    "wilcoxon": "Wilcoxon",
    "bootstrap": "Bootstrap",
    "permutation": "Permutation",
    "joint_wald": "Joint Wald",
}


def _tests_table(res: Any, windows: list[tuple[int, int]], labels: list[str]) -> pd.DataFrame:
    from ..inference import MULTI_ASSET_TESTS

    rows = []
    for name in MULTI_ASSET_TESTS:
        row: dict[str, str] = {"Test": _TEST_LABELS[name]}
        for w, lab in zip(windows, labels, strict=True):
            tr = res.test(name, w)
            row[f"Stat. {lab}"] = num(tr.statistic, 2, True)
            row[f"$p$ {lab}"] = pval(tr.pvalue)
        rows.append(row)
    return pd.DataFrame(rows)


def _tests_table_models(market: Any, sector: Any, window: tuple[int, int]) -> pd.DataFrame:
    from ..inference import MULTI_ASSET_TESTS

    rows = []
    for name in MULTI_ASSET_TESTS:
        a, b = market.test(name, window), sector.test(name, window)
        rows.append(
            {
                "Test": _TEST_LABELS[name],
                "Stat. (S\\&P 500)": num(a.statistic, 2, True),
                "$p$ (S\\&P 500)": pval(a.pvalue),
                "Stat. (SOX)": num(b.statistic, 2, True),
                "$p$ (SOX)": pval(b.pvalue),
            }
        )
    return pd.DataFrame(rows)


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
        If an input the paper needs is missing, an extra one is produced, or ``paper.tex``
        contains a hand-typed result.
    """
    from .claims_output import format_claims
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
    for name, df in paper_tables(a).items():
        write_table(df, gen / f"{name}.tex", environment=False, escape=False, index=False)
    claims_tex = format_claims(a.claims, "tex").replace("{\\footnotesize", "{\\scriptsize", 1)
    (gen / "claims.tex").write_text(claims_tex, encoding="utf-8", newline="\n")
    make_figures(a.data, a.claims, a.placebo, figs, readme_png=readme_png)
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
