"""The eleven figures of the paper (:data:`~eventstudy.report.paper_spec.REQUIRED_FIGURES`).

:func:`make_figures` computes every figure's input from the snapshot through
:class:`~eventstudy.deepseek.DeepSeekData` and the package's public API, draws it with the
house figure functions (:mod:`eventstudy.report.figures`,
:mod:`eventstudy.report.figures_extra`) and saves it with
:func:`~eventstudy.report.figures.save_figure` (byte-identical reruns). Nothing is typed in,
and no price is filled or interpolated: a missing observation is left out of a chart or raises.

The data helpers (:func:`price_frame`, :func:`car_bands`, :func:`day0_ar_frame`,
:func:`volume_frame`, :func:`volatility_frame`, :func:`synthetic_paths`,
:func:`calendar_time_ar`) are public so the paper's text and tests can check what is drawn.
:data:`FIGURE_NOTES` states, per figure, the facts a caption should carry.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from scipy import stats

from .. import calendars as cal
from ..data import load_prices, to_returns
from ..errors import DataError
from ..extensions import abnormal_volume, synthetic_control
from ..placebo import PlaceboResult
from ..report.figures import (
    ar_bars,
    car_paths,
    claims_chart,
    freeze_layout,
    placebo_hist,
    price_paths,
    save_figure,
    synthetic_control_plot,
)
from ..report.style import group_of, save_metadata, use_style
from ..study import EventStudy, EventStudyResults
from .design import (
    CHIPS,
    CORE10,
    DONORS,
    ESTIMATION_WINDOW,
    EVENT_MONDAY,
    EVENT_OSW,
    MARKET,
    OSW_END,
    SECTOR,
    DeepSeekData,
)
from .paper_spec import REQUIRED_FIGURES

__all__ = [
    "PRICE_ASSETS",
    "DAY0_ASSETS",
    "CRYPTO_LABEL",
    "SECTOR_LABEL",
    "BAND_ASSETS",
    "FIGURE_NOTES",
    "price_frame",
    "car_bands",
    "day0_ar_frame",
    "volume_frame",
    "volatility_frame",
    "synthetic_paths",
    "calendar_time_ar",
    "make_figures",
]

#: Assets of the two price-path figures.
PRICE_ASSETS: tuple[str, ...] = (
    "NVDA",
    "TSM",
    "AVGO",
    "MU",
    "AMD",
    "MSFT",
    "GOOG",
    "^GSPC",
    "^IXIC",
    "BTC-USD",
)
#: Assets of the day-0 abnormal-return bars: the ten stocks and two full-history indices
#: (market model on ^GSPC, estimation window (-260,-11)) and the two coins (returns compounded
#: onto NYSE sessions, market model on ^GSPC over :data:`eventstudy.deepseek.CRYPTO_ESTIMATION_ALIGNED`).
DAY0_ASSETS: tuple[str, ...] = (*CORE10, "^IXIC", "^SOX", "BTC-USD", "ETH-USD")
#: Legend label of bitcoin in the price paths (its returns compounded onto NYSE sessions).
CRYPTO_LABEL = "BTC-USD (on NYSE sessions)"
#: Column label of NVDA's sector-adjusted CAR in the Open Source Week figure.
SECTOR_LABEL = "NVDA vs ^SOX"
#: Assets whose 95% prediction-error band is drawn in the CAR-path figures (one per panel; the
#: bands of six overlapping chip stocks would hide the lines).
BAND_ASSETS: tuple[str, ...] = ("NVDA", "MSFT")
#: Span of the volatility figure and of the calendar-time figure.
VOLATILITY_SPAN: tuple[int, int] = (-60, 20)
CALENDAR_SPAN: tuple[str, str] = ("2024-12-01", "2025-03-31")

#: Facts each figure's caption should state (how the data were aligned, which model, which band).
FIGURE_NOTES: dict[str, str] = {
    "price_paths_jan27": (
        "Stocks and indices are plotted on NYSE (XNYS) sessions; BTC-USD's daily UTC closes are "
        "compounded onto NYSE sessions (weekend returns roll into Monday, "
        "eventstudy.calendars.align_returns), so every line is 100 at the 2025-01-24 close and the "
        "Monday value is the Friday-to-Monday change. 10 sessions before and after day 0."
    ),
    "ar_bars_jan27": (
        "Day-0 market-model abnormal returns against ^GSPC, estimation window (-260,-11) "
        "(crypto: returns compounded onto NYSE sessions, window (-105,-6)), with 95% "
        "prediction-error intervals (t quantile, MacKinlay 1997 eq. 9)."
    ),
    "car_paths_jan27": (
        "CAR cumulated from day -10 (market model on ^GSPC, estimation window (-260,-11)); bands "
        "are 95% prediction-error bands from the cumulated covariance of the abnormal returns "
        "(sum of the leading block of cov_evt), t quantile; bands drawn for NVDA and MSFT only "
        "(BAND_ASSETS) so the lines stay readable."
    ),
    "placebo_jan27": (
        "NVDA's market-model AR on every XNYS session of 2017-2024 as a pseudo-event; "
        "two-sided permutation p-value (1 + #{|x| >= |x0|}) / (1 + n)."
    ),
    "price_paths_osw": (
        "As price_paths_jan27 around 2025-02-24; every line is 100 at the 2025-02-21 close; BTC-USD "
        "compounded onto NYSE sessions."
    ),
    "car_paths_osw": (
        "CAR cumulated from day -10 around 2025-02-24, market model on ^GSPC with the estimation "
        "window ending before 2025-01-27; 'NVDA vs ^SOX' is NVDA's market model on ^SOX "
        "(sector-adjusted); 95% prediction-error bands for NVDA, NVDA vs ^SOX and MSFT."
    ),
    "claims_chart": "Only claims in percent with a numeric claimed and observed value are drawn.",
    "abnormal_volume": (
        "Abnormal log(1 + volume): NVDA and each chip stock from the market-volume model on SPY "
        "(Ajinkya-Jain), the chip portfolio as the equal-weighted mean of the six; SPY (the S&P 500 "
        "proxy) from its constant-mean log-volume model; estimation window (-260,-11); 95% bands "
        "for NVDA and SPY; not cumulated."
    ),
    "volatility": (
        "GARCH(1,1) with zero mean fitted to NVDA's market-model residuals over the estimation "
        "window (-260,-11) and filtered with those parameters through day +20; residuals after "
        "day -11 are out-of-sample prediction errors."
    ),
    "synthetic_control": (
        "Weights fitted on days (-260,-11) (same as the synthetic_control table); cumulative "
        "returns and gaps are sums of daily returns from day -20; grey lines: each donor "
        "re-fitted as a placebo."
    ),
    "calendar_time": (
        "Equal-weighted portfolio of the six chip stocks (daily rebalanced); AR = r_p - a - b r_m "
        "with a, b from the market model on ^GSPC over the estimation window (-260,-11) before "
        "2025-01-27; cumulated from the first session of December 2024; shaded: days 0..+4 of "
        "2025-01-27 and Open Source Week 2025-02-24..28."
    ),
}


# --------------------------------------------------------------------------- data helpers


def price_frame(
    data: DeepSeekData,
    event_date: str,
    assets: Sequence[str] = PRICE_ASSETS,
    before: int = 10,
    after: int = 10,
    crypto: Sequence[str] = ("BTC-USD", "ETH-USD"),
) -> pd.DataFrame:
    """Closes on NYSE sessions around ``event_date``, crypto compounded onto those sessions.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    event_date : str
        Event date (day 0 = first NYSE session on or after it).
    assets : sequence of str
        Columns of ``data.prices``.
    before, after : int, default 10
        Sessions kept before day 0 (the last one is the reference close) and after it.
    crypto : sequence of str
        Assets trading every day: their returns are compounded onto NYSE sessions with
        :func:`eventstudy.calendars.align_returns` and turned into a level (the product of
        ``1 + r``), renamed ``"<asset> (on NYSE sessions)"``.

    Returns
    -------
    pandas.DataFrame
        Index: the ``before + 1 + after`` NYSE sessions (plus a margin of one session before);
        exchange-traded assets keep their closes (NaN where there is none; nothing is filled).
        Rebased at the reference close, a crypto column equals the asset's close on that
        session's date over its close on the reference date.
    """
    event = pd.Timestamp(event_date)
    sess = cal.sessions(
        "XNYS", event - pd.Timedelta(days=3 * before + 20), event + pd.Timedelta(days=3 * after + 20)
    )
    day0 = int(sess.searchsorted(event))
    if day0 - before - 1 < 0 or day0 + after >= sess.size:
        raise DataError(f"price_frame: not enough NYSE sessions around {event.date()}")
    keep = sess[day0 - before - 1 : day0 + after + 1]
    out: dict[str, pd.Series] = {}
    for a in assets:
        if a not in data.prices.columns:
            raise DataError(f"price_frame: {a} is not in the snapshot's prices")
        if a in crypto:
            aligned = cal.align_returns(
                data.returns[[a]], policy="market", market_calendar="XNYS", calendars={a: "24/7"}
            )[a].reindex(keep)
            if aligned.iloc[1:].isna().any():
                bad = aligned.index[1:][aligned.iloc[1:].isna().to_numpy()][0]
                raise DataError(f"price_frame: {a} has no complete compounded return on {bad.date()}")
            level = (1.0 + aligned.iloc[1:]).cumprod()
            level = pd.concat([pd.Series([1.0], index=keep[:1]), level])
            out[f"{a} (on NYSE sessions)"] = level
        else:
            out[a] = data.prices[a].reindex(keep)
    return pd.DataFrame(out, index=keep).iloc[1:]


def car_bands(res: EventStudyResults, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """CAR paths from the first event day with prediction-error bands.

    Parameters
    ----------
    res : EventStudyResults
        A fitted event study.
    level : float, default 0.95
        Two-sided coverage.

    Returns
    -------
    car, lower, upper : pandas.DataFrame
        Index: event day; columns: assets. ``Var(CAR_i(t0, t)) = 1' V_i 1`` over the leading
        ``(k + 1) x (k + 1)`` block of ``res.sample.cov_evt`` (MacKinlay 1997, eq. 14), and the band
        is ``CAR +/- t_{dof}((1 + level) / 2) * sqrt(Var)``.
    """
    car = res.cumulative_abnormal_returns()
    cov = np.asarray(res.sample.cov_evt)
    T = cov.shape[1]
    var = np.column_stack([cov[:, : k + 1, : k + 1].sum(axis=(1, 2)) for k in range(T)]).T
    q = float(stats.t.ppf(0.5 + level / 2.0, res.sample.dof))
    half = pd.DataFrame(q * np.sqrt(var), index=car.index, columns=car.columns)
    return car, car - half, car + half


def _day0_rows(res: EventStudyResults, level: float) -> pd.DataFrame:
    ar = res.abnormal_returns.loc[0]
    days = list(res.event_days)
    k = days.index(0)
    se = np.sqrt(np.asarray(res.sample.cov_evt)[:, k, k])
    q = float(stats.t.ppf(0.5 + level / 2.0, res.sample.dof))
    return pd.DataFrame(
        {
            "asset": ar.index.astype(str),
            "ar": ar.to_numpy(float),
            "ci_low": ar.to_numpy(float) - q * se,
            "ci_high": ar.to_numpy(float) + q * se,
        }
    )


def day0_ar_frame(
    data: DeepSeekData, assets: Sequence[str] = DAY0_ASSETS, level: float = 0.95
) -> pd.DataFrame:
    """Day-0 (2025-01-27) abnormal returns with prediction-error intervals, one row per asset.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    assets : sequence of str
        Stocks and indices use :meth:`DeepSeekData.monday` (market model on ^GSPC, window
        (-260,-11)); ``BTC-USD``/``ETH-USD`` use :meth:`DeepSeekData.crypto` (``"aligned"``).
    level : float, default 0.95
        Coverage of the intervals (``t_{dof}`` quantile times the prediction-error s.e.).

    Returns
    -------
    pandas.DataFrame
        Columns ``asset, ar, ci_low, ci_high, group`` in the order of ``assets``.
    """
    coins = [a for a in assets if a in ("BTC-USD", "ETH-USD")]
    others = tuple(a for a in assets if a not in coins)
    parts = []
    if others:
        parts.append(_day0_rows(data.monday(assets=others), level))
    if coins:
        parts.append(_day0_rows(data.crypto("aligned"), level).query("asset in @coins"))
    out = pd.concat(parts, ignore_index=True).set_index("asset").loc[list(assets)].reset_index()
    out["group"] = [group_of(a) for a in out["asset"]]
    return out


def volume_frame(data: DeepSeekData, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Abnormal log volume of NVDA, the chip portfolio and SPY on days -10..+10 of 2025-01-27.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    level : float, default 0.95
        Coverage of the bands (NVDA and SPY only).

    Returns
    -------
    values, lower, upper : pandas.DataFrame
        Index: event day; columns ``NVDA``, ``Chip portfolio`` (equal-weighted mean of the six
        chips' abnormal log volume, :meth:`DeepSeekData.chip_volume`) and ``SPY`` (constant-mean
        model of its own log volume); bands ``AV +/- t_{dof} * se`` for NVDA and SPY.
    """
    chips = data.chip_volume(event_window=(-10, 10))
    cf = chips.frame()
    wide = cf.pivot(index="event_day", columns="asset", values="abnormal")
    se_n = cf.loc[cf["asset"] == "NVDA"].set_index("event_day")["se"]
    vol = load_prices(["SPY"], field="volume", data_dir=data.data_dir)
    spy = abnormal_volume(
        vol["SPY"], EVENT_MONDAY, estimation_window=ESTIMATION_WINDOW, event_window=(-10, 10)
    )
    sf = spy.frame().set_index("event_day")
    values = pd.DataFrame(
        {"NVDA": wide["NVDA"], "Chip portfolio": wide[list(CHIPS)].mean(axis=1), "SPY": sf["abnormal"]}
    )
    values.index = values.index.astype(int)
    q_n = float(stats.t.ppf(0.5 + level / 2.0, chips.dof))
    q_s = float(stats.t.ppf(0.5 + level / 2.0, spy.dof))
    half = pd.DataFrame({"NVDA": q_n * se_n, "SPY": q_s * sf["se"]}).reindex(values.index)
    lower = values[["NVDA", "SPY"]] - half
    upper = values[["NVDA", "SPY"]] + half
    return values, lower, upper


def volatility_frame(
    data: DeepSeekData, asset: str = "NVDA", span: tuple[int, int] = VOLATILITY_SPAN
) -> pd.DataFrame:
    """GARCH(1,1) conditional volatility and squared market-model residuals in event time.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    asset : str, default "NVDA"
        The stock.
    span : (int, int), default (-60, 20)
        Event days returned (the end must be positive; the start inside the estimation window).

    Returns
    -------
    pandas.DataFrame
        Index: event day over ``span``; columns ``residual``, ``sq_resid`` and ``volatility``
        (decimals). Residuals are the baseline market model's (^GSPC, estimation window
        (-260,-11)): in-sample up to day -11, prediction errors after. A zero-mean GARCH(1,1)
        (``arch``, normal errors, residuals in percent) is fitted on the estimation-window
        residuals only and run with those parameters through the whole span.
    """
    from arch import arch_model

    res = EventStudy(
        data.returns[[asset]],
        market=data.returns[MARKET],
        event_date=EVENT_MONDAY,
        estimation_window=ESTIMATION_WINDOW,
        event_window=(ESTIMATION_WINDOW[1] + 1, span[1]),
    ).fit()
    resid = pd.concat([res.estimation_residuals[asset], res.abnormal_returns[asset]])
    if resid.isna().any():
        raise DataError(f"volatility_frame: {asset} has a missing return in the span")
    y = resid.to_numpy(float) * 100.0
    n_est = res.estimation_residuals.shape[0]
    fit = arch_model(y[:n_est], mean="Zero", vol="GARCH", p=1, q=1, dist="normal", rescale=False).fit(
        disp="off", show_warning=False
    )
    full = arch_model(y, mean="Zero", vol="GARCH", p=1, q=1, dist="normal", rescale=False).fix(
        fit.params.to_numpy()
    )
    vol = np.asarray(full.conditional_volatility, dtype=float) / 100.0
    out = pd.DataFrame(
        {"residual": resid.to_numpy(float), "sq_resid": resid.to_numpy(float) ** 2, "volatility": vol},
        index=pd.Index(resid.index.astype(int), name="event_day"),
    )
    out.attrs["garch_params"] = fit.params.to_dict()
    return out.loc[span[0] : span[1]]


def synthetic_paths(data: DeepSeekData, start: int = -20) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cumulative returns of NVDA and synthetic NVDA, and donor placebo gaps, from day ``start``.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    start : int, default -20
        First event day shown (inside the estimation window (-260,-11)).

    Returns
    -------
    paths, placebo_gaps : pandas.DataFrame
        ``paths``: columns ``treated``, ``synthetic``, running sums of daily returns over days
        ``start..+4``; ``placebo_gaps``: one column per donor, running sum of its placebo gap.
        Weights are fitted on (-260,-11) as in :meth:`DeepSeekData.synthetic`; the event window is
        widened to (-10,+4) so the days between the two windows are drawn too.
    """
    r = to_returns(load_prices(["NVDA", *DONORS], data_dir=data.data_dir))
    sc = synthetic_control(
        r, "NVDA", list(DONORS), EVENT_MONDAY, estimation_window=ESTIMATION_WINDOW, event_window=(-10, 4)
    )
    t = sc.treated_returns.loc[start:]
    s = sc.synthetic_returns.loc[start:]
    paths = pd.DataFrame({"treated": t.cumsum(), "synthetic": s.cumsum()})
    gaps = pd.concat([sc.gaps_est, sc.gaps]).loc[start:, list(DONORS)]
    paths.index = paths.index.astype(int)
    gaps.index = gaps.index.astype(int)
    return paths, gaps.cumsum()


def calendar_time_ar(
    data: DeepSeekData, start: str = CALENDAR_SPAN[0], end: str = CALENDAR_SPAN[1]
) -> pd.Series:
    """Daily abnormal return of the equal-weighted chip portfolio in calendar time.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    start, end : str
        Dates of the first and last sessions kept.

    Returns
    -------
    pandas.Series
        ``r_p,t - a - b r_m,t`` on every NYSE session from ``start`` to ``end``, with ``r_p`` the
        portfolio of :meth:`DeepSeekData.calendar_time` (its weights) and ``a``, ``b`` its market
        model on ^GSPC estimated over the estimation window (-260,-11) before 2025-01-27. A
        missing return raises (no price is filled).
    """
    ct = data.calendar_time()
    a = float(ct.params.loc["alpha", "coef"])
    b = float(ct.params.loc["beta", "coef"])
    sess = cal.sessions("XNYS", start, end)
    w = ct.weights.reindex(list(CHIPS))
    r = data.returns[[*CHIPS, MARKET]].reindex(sess)
    if r.isna().any().any():
        bad = r.index[r.isna().any(axis=1)][0]
        raise DataError(f"calendar_time_ar: missing return on {bad.date()} (nothing is filled)")
    rp = r[list(CHIPS)].to_numpy(float) @ w.to_numpy(float)
    return pd.Series(
        rp - a - b * r[MARKET].to_numpy(float), index=sess, name="Chip portfolio (equal-weighted)"
    )


# --------------------------------------------------------------------------- drawing

_MARKERS: tuple[str, ...] = ("^", "s", "D", "v")


def _distinguish(fig: Figure) -> Figure:
    """Give a marker to a data line whose colour and line style repeat an earlier one's.

    The house style cycles four line styles within a colour, so the fifth chip stock would be
    drawn like the first; the repeat gets a marker (and so does its legend entry).
    """
    for ax in fig.axes:
        seen: dict[tuple[str, str], int] = {}
        changed: dict[str, str] = {}
        for line in ax.get_lines():
            gid = line.get_gid() or ""
            if ":" not in gid:
                continue
            key = (str(line.get_color()), str(line.get_linestyle()))
            n = seen.get(key, 0)
            seen[key] = n + 1
            if n:
                marker = _MARKERS[(n - 1) % len(_MARKERS)]
                line.set_marker(marker)
                line.set_markersize(3.5)
                changed[str(line.get_label())] = marker
        leg = ax.get_legend()
        if leg is not None and changed:
            for handle, text in zip(leg.legend_handles, leg.get_texts(), strict=True):
                if text.get_text() in changed and isinstance(handle, Line2D):
                    handle.set_marker(changed[text.get_text()])
                    handle.set_markersize(3.5)
    return fig


def _legend_below(fig: Figure, ncols: int) -> Figure:
    """Replace the axes legends by one figure legend below the axes, so no line is covered.

    The layout is run again (constrained) and frozen, as :func:`~eventstudy.report.figures.freeze_layout` does.
    """
    handles: list[object] = []
    labels: list[str] = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None:
            continue
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
        leg.remove()
    with use_style():
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols)
        fig.set_layout_engine("constrained")
    return freeze_layout(fig)


def _groups_for(columns: Sequence[str]) -> dict[str, str]:
    return {c: group_of(c.split(" ", 1)[0]) for c in columns}


def _build(data: DeepSeekData, claims: pd.DataFrame, placebo: PlaceboResult) -> dict[str, Figure]:
    figs: dict[str, Figure] = {}
    for name, event in (("price_paths_jan27", EVENT_MONDAY), ("price_paths_osw", EVENT_OSW)):
        prices = price_frame(data, event)
        fig = price_paths(prices, event, 10, 10, groups=_groups_for(list(prices.columns)))
        figs[name] = _legend_below(_distinguish(fig), ncols=5)

    figs["ar_bars_jan27"] = ar_bars(day0_ar_frame(data))

    car, lo, hi = car_bands(data.monday_wide())
    band = [c for c in BAND_ASSETS if c in car.columns]
    figs["car_paths_jan27"] = _legend_below(
        _distinguish(car_paths(car, bands={"95%": (lo[band], hi[band])}, grouped=True)), ncols=5
    )

    figs["placebo_jan27"] = placebo_hist(placebo.distribution, placebo.event_value, pvalue=placebo.pvalue)

    car_m, lo_m, hi_m = car_bands(data.osw_wide())
    car_s, lo_s, hi_s = car_bands(data.osw_wide(assets=("NVDA",), market=SECTOR))
    order = ["NVDA", SECTOR_LABEL, *[c for c in car_m.columns if c != "NVDA"]]

    def _join(m: pd.DataFrame, s: pd.DataFrame) -> pd.DataFrame:
        return pd.concat([m, s.rename(columns={"NVDA": SECTOR_LABEL})], axis=1)[order]

    band = [c for c in (*BAND_ASSETS, SECTOR_LABEL) if c in order]
    fig = car_paths(
        _join(car_m, car_s),
        bands={"95%": (_join(lo_m, lo_s)[band], _join(hi_m, hi_s)[band])},
        grouped=True,
        groups={SECTOR_LABEL: "chips"},
    )
    figs["car_paths_osw"] = _legend_below(_distinguish(fig), ncols=6)

    figs["claims_chart"] = claims_chart(claims)

    values, v_lo, v_hi = volume_frame(data)
    figs["abnormal_volume"] = car_paths(
        values,
        bands={"95%": (v_lo, v_hi)},
        groups={"Chip portfolio": "chips"},
        scale=1.0,
        ylabel="Abnormal log volume",
    )

    from ..report.figures_extra import calendar_time_plot, volatility_plot

    figs["volatility"] = volatility_plot(volatility_frame(data), asset="NVDA")

    paths, gaps = synthetic_paths(data)
    figs["synthetic_control"] = synthetic_control_plot(paths, gaps, ylabel="Cumulative return (%)")

    ct_ar = calendar_time_ar(data)
    ct = data.calendar_time()
    figs["calendar_time"] = calendar_time_plot(
        ct_ar,
        periods=[(ct.dates[0], ct.dates[-1]), (EVENT_OSW, OSW_END)],
        labels=[f"{ct.dates[0]:%d}-{ct.dates[-1]:%d %b} (days 0 to +4)", "Open Source Week"],
    )
    return figs


def make_figures(
    data: DeepSeekData,
    claims: pd.DataFrame,
    placebo: PlaceboResult,
    out_dir: Path,
    formats: Sequence[str] = ("pdf", "png"),
    readme_png: Path | None = None,
) -> dict[str, list[Path]]:
    """Write the eleven figures of :data:`~eventstudy.report.paper_spec.REQUIRED_FIGURES`.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    claims : pandas.DataFrame
        :func:`eventstudy.claims.evaluate_claims` output (``claim_id, claimed, observed, unit, verdict``).
    placebo : PlaceboResult
        NVDA's placebo distribution (:meth:`DeepSeekData.nvda_placebo`).
    out_dir : pathlib.Path
        Directory of ``<name>.<fmt>`` (created if missing).
    formats : sequence of str, default ("pdf", "png")
        File formats (see :func:`~eventstudy.report.figures.save_figure`).
    readme_png : pathlib.Path, optional
        Also write the PNG of ``price_paths_jan27`` there (the README figure).

    Returns
    -------
    dict of str to list of pathlib.Path
        Figure name -> written files, in the order of ``REQUIRED_FIGURES``.

    Notes
    -----
    :data:`FIGURE_NOTES` lists what each caption should state. Reruns write byte-identical
    files.
    """
    figs = _build(data, claims, placebo)
    if set(figs) != set(REQUIRED_FIGURES):  # pragma: no cover - guards the spec
        raise RuntimeError(
            f"figures {sorted(set(figs) ^ set(REQUIRED_FIGURES))} out of sync with REQUIRED_FIGURES"
        )
    out = Path(out_dir)
    written = {name: save_figure(figs[name], name, out, formats=formats) for name in REQUIRED_FIGURES}
    if readme_png is not None:
        target = Path(readme_png)
        target.parent.mkdir(parents=True, exist_ok=True)
        png = [p for p in written["price_paths_jan27"] if p.suffix == ".png"]
        if png:
            shutil.copyfile(png[0], target)
        else:
            with use_style():
                figs["price_paths_jan27"].savefig(target, format="png", metadata=save_metadata("png"))
    return written
