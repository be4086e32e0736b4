r"""Thin trading: Scholes-Williams and Dimson betas, trade-to-trade returns, excess returns.

Non-synchronous trading biases the OLS market-model beta of thinly traded assets
(Scholes & Williams 1977; Dimson 1979). Two estimators use the market's lagged and
leading returns (``R_{m,t-1}``, ``R_{m,t+1}``), built from the market series itself by
:func:`market_leads_lags` (the market's previous and next session), so the alignment
machinery places them on each asset's event-time rows like factors:

* ``model="dimson"`` (Dimson 1979, eq. 9 with one lag and one lead): the OLS regression
  ``R_it = alpha + b_{-1} R_{m,t-1} + b_0 R_{mt} + b_{+1} R_{m,t+1} + e_it``; the beta is
  ``b_{-1} + b_0 + b_{+1}`` (``params["beta"]``) and the abnormal return is the
  regression's prediction error (all three slopes applied in the event window), with the
  OLS prediction-error covariance of :mod:`eventstudy.engine`.
* ``model="scholes_williams"`` (Scholes & Williams 1977, eq. 13-14):
  ``beta_SW = (b^- + b + b^+)/(1 + 2 rho_m)`` with ``b^-, b, b^+`` the slopes of three
  simple regressions of ``R_it`` on ``R_{m,t-1}``, ``R_{mt}``, ``R_{m,t+1}`` and ``rho_m``
  the first-order autocorrelation of the market (the correlation of ``R_{mt}`` and
  ``R_{m,t-1}`` over the estimation rows); ``alpha_SW = mean(R_i) - beta_SW mean(R_m)``;
  ``AR_it = R_it - alpha_SW - beta_SW R_mt``. Variance convention: ``sigma^2 = SSR/(L - ddof)``
  (``ddof = 2``) and the event-window covariance uses the OLS market-model correction
  ``sigma^2 (I + X*(X'X)^{-1}X*')`` with ``X = [1, R_m]``, an approximation of order ``1/L``
  (the SW estimator is not OLS).

Trade-to-trade returns (Maynes & Rumsey 1993), where an asset has sessions without a price,
are built by :func:`trade_to_trade` and estimated by :func:`trade_to_trade_study` (an
explicit option: :class:`eventstudy.EventStudy` still raises on a missing price): the asset's
return on a trade day spans every session since its previous trade, the market return of that
row is compounded over the same span, and the market model is fitted by WLS with the
variance proportional to the span.

Excess returns over the risk-free rate (:func:`daily_riskfree`, :func:`excess_returns`)
subtract a daily rate from the asset and market returns before the model is fitted (the
CAPM form of the market model; Sharpe 1964).

References
----------
1. Scholes, M., & Williams, J. (1977). Estimating betas from nonsynchronous data. *JFE* 5(3), 309-327.
2. Dimson, E. (1979). Risk measurement when shares are subject to infrequent trading.
   *JFE* 7(2), 197-226.
3. Maynes, E., & Rumsey, J. (1993). Conducting event studies with thinly traded stocks.
   *Journal of Banking & Finance* 17(1), 145-157.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .engine import BatchFit, fit_batch
from .errors import DataError, EventOutOfRangeError, SpecificationError

__all__ = [
    "THIN_TRADING_MODELS",
    "LEAD_LAG_NAMES",
    "market_leads_lags",
    "fit_dimson",
    "fit_scholes_williams",
    "trade_to_trade",
    "TradeToTradeResult",
    "trade_to_trade_study",
    "daily_riskfree",
    "excess_returns",
]

THIN_TRADING_MODELS: tuple[str, ...] = ("scholes_williams", "dimson")
LEAD_LAG_NAMES: tuple[str, ...] = ("mkt_lag1", "mkt", "mkt_lead1")
"""Columns of :func:`market_leads_lags` (the order of Dimson's slopes)."""


def market_leads_lags(market: pd.Series) -> pd.DataFrame:
    """``R_{m,t-1}``, ``R_{mt}``, ``R_{m,t+1}`` on the market's own dates (NaN at the ends)."""
    m = pd.Series(market, dtype=float)
    return pd.DataFrame({"mkt_lag1": m.shift(1), "mkt": m, "mkt_lead1": m.shift(-1)}, index=m.index)


def dimson_param_names() -> list[str]:
    """Coefficient names of the Dimson regression (constant first)."""
    return ["alpha", "beta_lag1", "beta_0", "beta_lead1"]


def fit_dimson(
    y_est: np.ndarray, X_est: np.ndarray, y_evt: np.ndarray, X_evt: np.ndarray, ddof: int | None = None
) -> BatchFit:
    """Dimson (1979) regression on ``[1, R_{m,t-1}, R_mt, R_{m,t+1}]`` (see the module docstring).

    ``extra_params`` holds the summed beta (``"beta"``).
    """
    fit = fit_batch(y_est, X_est, y_evt, X_evt, ddof=ddof)
    beta = fit.params[:, 1:].sum(axis=1, keepdims=True)
    return replace(fit, extra_params=beta, extra_names=("beta",))


def _slopes(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Simple-regression slopes of each column of ``y`` (L, K) on ``x`` (L, K)."""
    xd = x - x.mean(axis=0)
    yd = y - y.mean(axis=0)
    return (xd * yd).sum(axis=0) / (xd * xd).sum(axis=0)


def fit_scholes_williams(
    y_est: np.ndarray,
    F_est: np.ndarray,
    y_evt: np.ndarray,
    F_evt: np.ndarray,
    ddof: int | None = None,
) -> BatchFit:
    """Scholes-Williams (1977) market model (see the module docstring).

    Parameters
    ----------
    y_est, y_evt : ndarray, shapes (L, K), (T, K)
        Returns.
    F_est, F_evt : ndarray, shapes (L, K, 3), (T, K, 3)
        ``R_{m,t-1}``, ``R_mt``, ``R_{m,t+1}`` on each pair's rows (:data:`LEAD_LAG_NAMES`).
    ddof : int, optional
        Residual-variance denominator ``L - ddof`` (default 2).

    Returns
    -------
    BatchFit
        ``params`` = ``(alpha_SW, beta_SW)``; ``extra_params`` = ``b^-``, ``b``, ``b^+``, ``rho_m``.
    """
    L, K = y_est.shape
    T = y_evt.shape[0]
    ddof = 2 if ddof is None else int(ddof)
    m_lag, m, m_lead = (F_est[:, :, j] for j in range(3))
    b_minus, b0, b_plus = _slopes(y_est, m_lag), _slopes(y_est, m), _slopes(y_est, m_lead)
    md, ld = m - m.mean(axis=0), m_lag - m_lag.mean(axis=0)
    rho = (md * ld).sum(axis=0) / np.sqrt((md * md).sum(axis=0) * (ld * ld).sum(axis=0))
    if np.any(1.0 + 2.0 * rho <= 0):
        raise SpecificationError(
            "scholes_williams: market autocorrelation <= -1/2, the estimator is undefined"
        )
    beta = (b_minus + b0 + b_plus) / (1.0 + 2.0 * rho)
    alpha = y_est.mean(axis=0) - beta * m.mean(axis=0)
    resid = y_est - alpha - beta * m
    ar = y_evt - alpha - beta * F_evt[:, :, 1]
    ssr = (resid**2).sum(axis=0)
    sigma = np.sqrt(ssr / (L - ddof))
    X = np.stack([np.ones((L, K)), m], axis=2).transpose(1, 0, 2)  # (K, L, 2)
    Xs = np.stack([np.ones((T, K)), F_evt[:, :, 1]], axis=2).transpose(1, 0, 2)
    xtx_inv = np.linalg.inv(np.einsum("klp,klq->kpq", X, X))
    corr = np.einsum("ktp,kpq,ksq->kts", Xs, xtx_inv, Xs)
    cov = sigma[:, None, None] ** 2 * (np.eye(T)[None] + corr)
    sst = ((y_est - y_est.mean(axis=0)) ** 2).sum(axis=0)
    return BatchFit(
        params=np.column_stack([alpha, beta]),
        sigma=sigma,
        resid_est=resid,
        ar=ar,
        cov_evt=cov,
        xtx_inv=xtx_inv,
        dof=L - 2,
        ddof=ddof,
        r2=1.0 - ssr / sst,
        extra_params=np.column_stack([b_minus, b0, b_plus, rho]),
        extra_names=("beta_lag1", "beta_0", "beta_lead1", "rho_market"),
    )


def trade_to_trade(prices: pd.Series, market_prices: pd.Series) -> pd.DataFrame:
    """Trade-to-trade returns of one asset and the market over the same spans (Maynes & Rumsey 1993).

    Parameters
    ----------
    prices : Series
        The asset's prices on the market's sessions, NaN on sessions without a trade.
    market_prices : Series
        The market's prices (no NaN on the asset's span).

    Returns
    -------
    DataFrame
        Indexed by the asset's trade dates after its first: ``ret`` (``P_t / P_prev - 1``),
        ``market`` (the market's return compounded over the same sessions), ``span`` (number
        of sessions the return covers; 1 when the asset traded the session before).

    Raises
    ------
    DataError
        The market lacks a price inside the asset's span, or a price is not positive.
    """
    p = pd.Series(prices, dtype=float)
    mk = pd.Series(market_prices, dtype=float).reindex(p.index)
    first, last = p.first_valid_index(), p.last_valid_index()
    if first is None:
        raise DataError(f"{p.name} has no price at all")
    span_rows = p.loc[first:last]
    mk = mk.loc[first:last]
    if mk.isna().any():
        raise DataError(
            f"the market has no price on {mk.index[mk.isna()][0]:%Y-%m-%d} inside {p.name}'s span; "
            "the package never fills a price"
        )
    traded = span_rows.dropna()
    if (traded <= 0).any() or (mk <= 0).any():
        raise DataError("prices must be positive")
    pos = mk.index.get_indexer(traded.index)
    ret = traded.to_numpy()[1:] / traded.to_numpy()[:-1] - 1.0
    mret = mk.to_numpy()[pos[1:]] / mk.to_numpy()[pos[:-1]] - 1.0
    return pd.DataFrame(
        {"ret": ret, "market": mret, "span": np.diff(pos)},
        index=traded.index[1:],
    )


@dataclass(frozen=True)
class TradeToTradeResult:
    """Result of :func:`trade_to_trade_study`.

    Attributes
    ----------
    table : DataFrame
        Per asset: ``alpha`` (per session), ``beta``, ``sigma`` (per session), ``n_trades_est``,
        ``car``, ``var_car``, ``t``, ``pvalue`` (``t(n_trades_est - 2)``), ``n_trades_evt``,
        ``sessions_without_trade`` (in the estimation and event windows).
    abnormal_returns : DataFrame
        One row per asset and event-window trade: ``asset``, ``date``, ``event_day``, ``span``,
        ``ret``, ``market``, ``ar``.
    """

    table: pd.DataFrame
    abnormal_returns: pd.DataFrame


def trade_to_trade_study(
    prices: pd.DataFrame,
    market_prices: pd.Series,
    event_date: object,
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    calendar: str = "XNYS",
    min_trades: int = 30,
) -> TradeToTradeResult:
    r"""Market-model event study on trade-to-trade returns (Maynes & Rumsey 1993).

    The explicit alternative to :class:`eventstudy.EventStudy` for assets with sessions
    without a price (which :class:`~eventstudy.EventStudy` refuses: the package never fills a
    price). Event time counts ``calendar`` sessions (day 0: the first session on or after
    ``event_date``). For each asset, :func:`trade_to_trade` gives the return between
    consecutive trades, spanning ``n_t`` sessions, and the market return compounded over the
    same sessions. The model (Maynes & Rumsey 1993, sec. 3)

    .. math:: R_{it}(n_t) = \alpha n_t + \beta R_{mt}(n_t) + e_{it}, \qquad \mathrm{Var}(e_{it}) = \sigma^2 n_t

    is fitted by weighted least squares (weights ``1/n_t``) on the trades whose whole span lies
    in the estimation window; ``sigma^2 = SSR_w/(L_trades - 2)``. Event-window trades (the trade
    day inside the window, the span starting after the estimation window) give
    ``AR = R - alpha n - beta R_m`` and ``CAR = sum AR`` with
    ``Var(CAR) = sigma^2 (sum n_t + x' (X'WX)^{-1} x)``, ``x = sum_t (n_t, R_mt)`` (the
    prediction-error term); ``t = CAR/sqrt(Var(CAR))`` against ``t(L_trades - 2)``.

    Parameters
    ----------
    prices : DataFrame
        Prices (DatetimeIndex on the market's sessions, one column per asset), NaN on sessions
        without a trade.
    market_prices : Series
        Market prices without gaps on those sessions.
    event_date : date-like
        The event date.
    estimation_window, event_window : tuple of int
        Inclusive windows in sessions of ``calendar``.
    calendar : str
        Exchange calendar of the event time.
    min_trades : int
        Minimum number of estimation-window trades per asset.

    Raises
    ------
    EventOutOfRangeError
        Too few estimation trades, or no trade inside the event window, for an asset.
    DataError
        A market price missing inside an asset's span (see :func:`trade_to_trade`).
    """
    from scipy import stats

    from . import calendars as cal

    e1, e2 = (int(x) for x in estimation_window)
    w1, w2 = (int(x) for x in event_window)
    if not e1 <= e2 < w1 <= w2:
        raise SpecificationError(
            f"estimation_window {estimation_window} must end before event_window {event_window} starts"
        )
    sess = cal.sessions(calendar, prices.index.min(), prices.index.max())
    day0, _ = cal.event_day0(calendar, event_date)
    pos0 = int(sess.searchsorted(day0))
    if pos0 >= len(sess) or pos0 + e1 < 0 or pos0 + w2 >= len(sess):
        raise EventOutOfRangeError(
            f"the windows around {day0:%Y-%m-%d} leave the prices ({sess[0]:%Y-%m-%d} .. {sess[-1]:%Y-%m-%d})"
        )
    off = prices.index.difference(sess)
    if len(off) and prices.loc[off].notna().to_numpy().any():
        raise DataError(
            f"prices has values on {off[0]:%Y-%m-%d}, not a {calendar} session; they would be dropped: "
            "pass calendar= or drop those rows"
        )
    rows, ar_rows = [], []
    for a in map(str, prices.columns):
        p = prices[a].reindex(sess)
        t2t = trade_to_trade(p.rename(a), market_prices)
        day = sess.get_indexer(t2t.index) - pos0
        start = day - t2t["span"].to_numpy() + 1
        est = (day <= e2) & (start >= e1)
        evt = (day >= w1) & (day <= w2) & (start > e2)
        L = int(est.sum())
        if L < max(min_trades, 3):
            raise EventOutOfRangeError(
                f"{a} has {L} trade-to-trade returns inside the estimation window {estimation_window}; "
                f"min_trades={min_trades}: lengthen the window"
            )
        if not evt.any():
            raise EventOutOfRangeError(
                f"{a} has no trade inside the event window {event_window}: its abnormal return there is "
                "unobserved; widen the event window"
            )
        n = t2t["span"].to_numpy(dtype=float)
        X = np.column_stack([n, t2t["market"].to_numpy()])
        y = t2t["ret"].to_numpy()
        w = 1.0 / n
        Xe, ye, we = X[est], y[est], w[est]
        xtwx = Xe.T @ (Xe * we[:, None])
        coef = np.linalg.solve(xtwx, Xe.T @ (we * ye))
        resid = ye - Xe @ coef
        s2 = float((we * resid**2).sum() / (L - 2))
        ar = y[evt] - X[evt] @ coef
        xs = X[evt].sum(axis=0)
        var = s2 * (n[evt].sum() + float(xs @ np.linalg.solve(xtwx, xs)))
        t = float(ar.sum() / np.sqrt(var))
        covered = (sess >= sess[pos0 + e1]) & (sess <= sess[pos0 + w2])
        rows.append(
            {
                "asset": a,
                "alpha": float(coef[0]),
                "beta": float(coef[1]),
                "sigma": float(np.sqrt(s2)),
                "n_trades_est": L,
                "car": float(ar.sum()),
                "var_car": var,
                "t": t,
                "pvalue": float(2 * stats.t(L - 2).sf(abs(t))),
                "n_trades_evt": int(evt.sum()),
                "sessions_without_trade": int(p[covered].isna().sum()),
            }
        )
        ar_rows.append(
            pd.DataFrame(
                {
                    "asset": a,
                    "date": t2t.index[evt],
                    "event_day": day[evt],
                    "span": t2t["span"].to_numpy()[evt],
                    "ret": y[evt],
                    "market": X[evt, 1],
                    "ar": ar,
                }
            )
        )
    return TradeToTradeResult(
        table=pd.DataFrame(rows).set_index("asset"), abnormal_returns=pd.concat(ar_rows, ignore_index=True)
    )


def daily_riskfree(
    riskfree: pd.Series | pd.DataFrame | str | None = "dgs1mo_pct",
    dates: pd.DatetimeIndex | None = None,
    periods_per_year: int = 252,
    data_dir: object = None,
) -> pd.Series:
    """Daily risk-free rate (decimal) on ``dates``.

    Parameters
    ----------
    riskfree : Series, DataFrame or str
        A column name of :func:`eventstudy.load_riskfree` (``"dgs1mo_pct"``, ``"dgs3mo_pct"``:
        FRED constant-maturity yields in percent per year), or a user's Series of daily
        rates in decimals per period (used as given, no conversion).
    dates : DatetimeIndex, optional
        Sessions to return the rate on (default: the file's dates).
    periods_per_year : int
        Compounding periods per year for the FRED conversion.

    Notes
    -----
    Conversion of an annual yield ``y`` (percent): ``rf_t = (1 + y_{t-1}/100)^{1/252} - 1``,
    with ``y_{t-1}`` the last yield published BEFORE session ``t`` (the rate known when the
    holding period starts; a bond-market holiday such as Columbus Day keeps the last
    published yield, which is the rate in force, not an interpolation).

    Raises
    ------
    DataError
        A session before the first published yield, or a user Series missing a session.
    """
    if isinstance(riskfree, pd.Series):
        rf = pd.Series(riskfree, dtype=float)
        if dates is None:
            return rf
        missing = dates.difference(rf.index)
        if len(missing):
            raise DataError(
                f"riskfree has no rate on {missing[0]:%Y-%m-%d} ({len(missing)} session(s)); "
                "give a rate for every session of the returns"
            )
        return rf.reindex(dates)
    if riskfree is None:
        riskfree = "dgs1mo_pct"
    from .data import load_riskfree

    table = load_riskfree(data_dir=data_dir)
    if not isinstance(riskfree, str) or riskfree not in table.columns:
        raise SpecificationError(
            f"riskfree={riskfree!r}: use a column of load_riskfree() {list(table.columns)} or a Series"
        )
    y = table[riskfree].dropna()
    daily = (1.0 + y / 100.0) ** (1.0 / periods_per_year) - 1.0
    if dates is None:
        return daily.rename("rf")
    idx = pd.DatetimeIndex(dates)
    pos = daily.index.searchsorted(idx, side="left") - 1  # last publication strictly before t
    if (pos < 0).any():
        bad = idx[pos < 0][0]
        raise DataError(
            f"no risk-free yield published before {bad:%Y-%m-%d} (file starts {daily.index[0]:%Y-%m-%d})"
        )
    return pd.Series(daily.to_numpy()[pos], index=idx, name="rf")


def excess_returns(
    returns: pd.DataFrame, market: pd.Series | None, riskfree: pd.Series | str | None, data_dir: object = None
) -> tuple[pd.DataFrame, pd.Series | None]:
    """``R_it - rf_t`` and ``R_mt - rf_t`` with :func:`daily_riskfree` on the returns' dates."""
    idx = returns.index if market is None else returns.index.union(market.index)
    rf = daily_riskfree(riskfree, pd.DatetimeIndex(idx), data_dir=data_dir)
    out = returns.sub(rf.reindex(returns.index), axis=0)
    mk = None if market is None else market - rf.reindex(market.index)
    return out, mk
