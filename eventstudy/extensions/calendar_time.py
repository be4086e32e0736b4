"""Calendar-time (portfolio) event study (Jaffe 1974; Mandelker 1974).

With one common event date, abnormal returns of different assets are cross-correlated
and cross-sectional tests that assume independence over-reject (Brown & Warner 1985;
Kolari & Pynnönen 2010). Forming one portfolio of the event assets and testing its
abnormal return as a single time series removes the problem: the cross-correlation is
inside the portfolio's own variance, estimated from its own estimation-window residuals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SpecificationError, WindowError
from ..inference.base import TestResult, TestResults
from ..summary import Summary
from ._common import (
    ExtensionResults,
    as_frame,
    check_choice,
    check_disjoint,
    check_window,
    event_frame,
    new_axes,
    require_finite,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["calendar_time_portfolio", "CalendarTimeResults", "newey_west_lags"]


def newey_west_lags(n: int) -> int:
    """Newey & West (1994) rule of thumb ``floor(4 (n / 100)^(2/9))``."""
    return int(np.floor(4.0 * (n / 100.0) ** (2.0 / 9.0)))


@dataclass(frozen=True, repr=False)
class CalendarTimeResults(ExtensionResults):
    """Portfolio abnormal returns from the event-dummy regression (see :func:`calendar_time_portfolio`).

    ``ar`` are the event-day dummy coefficients; ``cov`` their covariance (``(T, T)``)
    under ``"nonrobust"`` (OLS) and ``"hac"`` (autocorrelation-robust, see Notes of
    :func:`calendar_time_portfolio`).
    """

    assets: tuple[str, ...]
    weights: pd.Series
    weighting: str
    event_date: pd.Timestamp
    day0: pd.Timestamp
    rolled: bool
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    dates: pd.DatetimeIndex
    event_days: np.ndarray
    portfolio_returns: pd.Series
    params: pd.DataFrame
    ar: np.ndarray
    cov: dict[str, np.ndarray]
    dof: int
    hac_lags: int
    sigma: float

    def _rows(self, window: tuple[int, int] | None) -> tuple[tuple[int, int], np.ndarray]:
        lo, hi = self._window(window)
        return (lo, hi), np.flatnonzero((self.event_days >= lo) & (self.event_days <= hi))

    def _dist(self, cov: str) -> tuple[Any, str]:
        cov = check_choice(cov, ("nonrobust", "hac"), "cov")
        return (stats.t(self.dof), f"t({self.dof})") if cov == "nonrobust" else (stats.norm(), "N(0,1)")

    def ar_table(self) -> pd.DataFrame:
        """Per event day: ``date, ar, se, t, pvalue`` (nonrobust) and ``se_hac, t_hac, pvalue_hac``."""
        se = np.sqrt(np.diag(self.cov["nonrobust"]))
        se_h = np.sqrt(np.diag(self.cov["hac"]))
        t, th = self.ar / se, self.ar / se_h
        return pd.DataFrame(
            {
                "date": self.dates,
                "ar": self.ar,
                "se": se,
                "t": t,
                "pvalue": 2 * stats.t.sf(np.abs(t), self.dof),
                "se_hac": se_h,
                "t_hac": th,
                "pvalue_hac": 2 * stats.norm.sf(np.abs(th)),
            },
            index=pd.Index(self.event_days, name="event_day"),
        )

    def car(self, window: tuple[int, int] | None = None) -> float:
        """Portfolio CAR over ``window`` (sum of the dummy coefficients)."""
        _, r = self._rows(window)
        return float(self.ar[r].sum())

    TEST_VARIANTS = ({"cov": "nonrobust"}, {"cov": "hac"})

    def test(self, window: tuple[int, int] | None = (0, 0), cov: str = "nonrobust") -> TestResults:
        """t test of the portfolio CAR over ``window``: ``CAR / sqrt(1' V_w 1)``.

        ``cov="nonrobust"``: ``t(L - 2)``; ``cov="hac"``: ``N(0, 1)``. Returns one
        :class:`~eventstudy.inference.base.TestResults` element (``.statistic``, ``.pvalue``).
        """
        w, r = self._rows(window)
        dist, null = self._dist(cov)
        V = self.cov[cov][np.ix_(r, r)]
        car = float(self.ar[r].sum())
        se = float(np.sqrt(V.sum()))
        t = car / se
        return TestResults(
            TestResult(
                name=f"calendar_time_{cov}",
                statistic=t,
                pvalue=float(min(1.0, 2.0 * dist.sf(abs(t)))),
                null_distribution=null,
                n=len(self.assets),
                window=w,
                asset="portfolio",
                details={"car": car, "se": se, "hac_lags": self.hac_lags if cov == "hac" else None},
            )
        )

    def tests(self, windows: Sequence[tuple[int, int]] | None = None) -> pd.DataFrame:
        """Tidy frame of both covariance versions for each window (default: day 0 and the event window)."""
        df = super().tests(windows)
        df.insert(
            4,
            "car",
            [self.car((int(a), int(b))) for a, b in zip(df["window_start"], df["window_end"], strict=True)],
        )
        return df

    def summary(self) -> Summary:
        """Specification, portfolio weights and market model, daily ARs and CAR tests."""
        spec = {
            "Portfolio": f"{len(self.assets)} assets, {self.weighting} weights (fixed, rebalanced daily)",
            "Event date": f"{self.event_date:%Y-%m-%d}"
            + (f" (day 0 rolled to {self.day0:%Y-%m-%d})" if self.rolled else ""),
            "Estimation window": f"{self.estimation_window}",
            "Event window": f"{self.event_window} (one dummy per day)",
            "Variance": f"OLS: SSR/(L-2), t({self.dof}); HAC: Bartlett, {self.hac_lags} lags, N(0,1)",
            "Residual sd": f"{self.sigma:.6f}",
        }
        return Summary(
            title="Calendar-time portfolio event study",
            spec=spec,
            tables={
                "Weights": self.weights.to_frame("weight"),
                "Market model": self.params,
                "Portfolio abnormal returns": self.ar_table(),
                "CAR tests": self.tests().set_index("test"),
            },
        )

    def plot(self, ax: Axes | None = None, level: float = 0.95) -> Figure:
        """Portfolio ARs (bars, nonrobust ``level`` error bars) and the CAR path with its band."""
        fig, (ax,) = new_axes(ax)
        tab = self.ar_table()
        q = stats.t.ppf(0.5 + level / 2, self.dof)
        ax.bar(
            self.event_days,
            self.ar * 100,
            color="#c8553d",
            width=0.6,
            yerr=q * tab["se"].to_numpy() * 100,
            capsize=3,
            label="portfolio AR",
        )
        V = self.cov["nonrobust"]
        car = np.cumsum(self.ar) * 100
        car_se = np.sqrt(np.diagonal(np.cumsum(np.cumsum(V, axis=0), axis=1))) * 100
        ax.plot(self.event_days, car, color="#1b6ca8", marker="o", label="CAR")
        ax.fill_between(
            self.event_days, car - q * car_se, car + q * car_se, color="#1b6ca8", alpha=0.15, lw=0
        )
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xlabel("Event day")
        ax.set_ylabel("Percent")
        ax.set_title(f"Calendar-time portfolio ({len(self.assets)} assets, {self.weighting} weights)")
        ax.legend(fontsize="small")
        return fig

    def __repr__(self) -> str:
        return (
            f"CalendarTimeResults(assets={list(self.assets)}, weighting={self.weighting!r}, "
            f"day0={self.day0:%Y-%m-%d}, CAR{self.event_window}={self.car():.4f})"
        )


def calendar_time_portfolio(
    returns: pd.DataFrame,
    market: pd.DataFrame | pd.Series,
    event_date: Any,
    weights: str | pd.Series = "equal",
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    value_weights: pd.Series | None = None,
    hac_lags: int | None = None,
) -> CalendarTimeResults:
    """Portfolio abnormal returns on each event day from a market model with event dummies.

    Parameters
    ----------
    returns : DataFrame
        Daily returns of the event assets (one column each, one calendar).
    market : DataFrame or Series
        Market returns (one column), present on every needed row.
    event_date : date-like
        Day 0 is the first row on or after it.
    weights : {"equal", "value"} or Series, default "equal"
        Portfolio weights, fixed over the sample (i.e. rebalanced daily). ``"value"``
        needs ``value_weights``; a Series is used as value weights directly. The snapshot
        has no share counts, so market-value weights (e.g. market capitalisations at the
        end of the estimation window) must be supplied by the user.
    estimation_window, event_window : (int, int)
        Inclusive event-time windows; the estimation window must end before the event
        window starts. Defaults ``(-260, -11)`` and ``(-1, 1)``, as every extension and
        :class:`~eventstudy.EventStudy`.
    value_weights : Series, optional
        Non-negative weight per asset (index = columns of ``returns``); normalised to sum 1.
    hac_lags : int, optional
        Lags of the Newey-West estimates (default ``floor(4 (n/100)^(2/9))`` with
        ``n = L + T``).

    Returns
    -------
    CalendarTimeResults
        ``ar_table()``, ``car(window)``, ``test(window, cov)``, ``tests()``,
        ``summary()``, ``plot()``, ``to_latex()``.

    Raises
    ------
    MissingDataError
        A NaN return of an asset or the market inside a window (names the date).
    SpecificationError, WindowError, EventOutOfRangeError
        Bad weights, bad or overlapping windows, windows beyond the data.

    Notes
    -----
    Portfolio return ``r_pt = sum_i w_i r_it``. On the ``L + T`` estimation and event
    days the regression (statsmodels OLS)

    ``r_pt = a + b m_t + sum_{tau in event window} g_tau D_tau,t + u_t``

    with ``D_tau,t = 1`` on event day ``tau`` gives ``g_tau`` = the portfolio's market-
    model prediction error on day ``tau`` (the dummy absorbs that observation, so ``a``
    and ``b`` are the estimation-window OLS fit; Thompson 1985; Karafiath 1988) and
    ``CAR = sum_tau g_tau``.

    * Nonrobust: the OLS covariance of ``g``, ``s^2 (I + X* (X'X)^{-1} X*')`` with
      ``s^2 = SSR / (L + T - 2 - T) = SSR_est / (L - 2)`` (ddof = 2); ``t(L - 2)``.
    * HAC: a dummy that covers one observation has a zero residual there, so White or
      Newey-West covariances of ``g_tau`` drop the ``s^2`` term and are far too small;
      they are *not* used. Instead ``Var(g) = Gamma + X* V_NW X*'``, with ``V_NW`` the
      Newey-West (1987) covariance of ``(a, b)`` (statsmodels, Bartlett kernel,
      ``hac_lags`` lags) and ``Gamma[s, t] = k(|s - t|) gamma_|s-t|`` the Bartlett-weighted
      residual autocovariances ``gamma_k = sum_t u_t u_{t-k} / (L - 2)``
      (``k(j) = 1 - j / (lags + 1)``, 0 beyond ``lags``); ``N(0, 1)``.

    The test is robust to cross-correlation across the assets because only the
    portfolio's own time series enters (Jaffe 1974; Mandelker 1974); it is the
    time-series counterpart of the Kolari-Pynnönen adjustment. Fama (1998) recommends
    calendar-time portfolios for long-horizon anomalies with staggered events; with one
    common event the portfolio's composition is fixed and the method reduces to the
    portfolio market model here. The price: all assets get one AR, so heterogeneous
    (offsetting) effects are averaged away, and power is lower than a cross-sectional test
    when the correlation is small.

    Assumptions: constant portfolio weights and market-model parameters over the
    estimation and event windows; no other event in the estimation window; normal
    errors for the nonrobust t distribution.

    References
    ----------
    1. Fama, E. F. (1998). Market efficiency, long-term returns, and behavioral finance.
       *Journal of Financial Economics*, 49(3), 283-306.
    2. Jaffe, J. F. (1974). Special information and insider trading. *Journal of
       Business*, 47(3), 410-428.
    3. Karafiath, I. (1988). Using dummy variables in the event methodology.
       *Financial Review*, 23(3), 351-357.
    4. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with cross-sectional
       correlation of abnormal returns. *Review of Financial Studies*, 23(11), 3996-4025.
    5. Mandelker, G. (1974). Risk and return: the case of merging firms. *Journal of
       Financial Economics*, 1(4), 303-335.
    6. Newey, W. K., & West, K. D. (1987). A simple, positive semi-definite,
       heteroskedasticity and autocorrelation consistent covariance matrix.
       *Econometrica*, 55(3), 703-708.
    7. Thompson, R. (1985). Conditioning the return-generating process on firm-specific
       events: a discussion of event study methods. *Journal of Financial and
       Quantitative Analysis*, 20(2), 151-168.
    """
    import statsmodels.api as sm

    est = check_window(estimation_window, "estimation_window")
    evt = check_window(event_window, "event_window")
    check_disjoint(est, evt, ("estimation_window", "event_window"))
    R = as_frame(returns, "returns")
    assets = list(R.columns)
    if isinstance(weights, pd.Series):
        value_weights, weighting = weights, "value"
    else:
        weighting = check_choice(weights, ("equal", "value"), "weights")
    if weighting == "equal":
        w = np.full(len(assets), 1.0 / len(assets))
    else:
        if value_weights is None:
            raise SpecificationError(
                "weights='value' needs value_weights= (e.g. market capitalisations at the end of the estimation "
                "window); the snapshot has no share counts, so they must be supplied"
            )
        vw = pd.Series(value_weights, dtype="float64")
        vw.index = vw.index.astype(str)
        missing = [a for a in assets if a not in vw.index]
        if missing:
            raise SpecificationError(f"value_weights has no weight for {missing}")
        vw = vw.reindex(assets)
        if not np.all(np.isfinite(vw)) or (vw < 0).any() or vw.sum() <= 0:
            raise SpecificationError("value_weights must be finite, non-negative and not all zero")
        w = (vw / vw.sum()).to_numpy()
    M = as_frame(market, "market")
    if M.shape[1] != 1:
        raise SpecificationError(f"market must be one return series, got columns {list(M.columns)}")
    frame = R.join(M.set_axis([f"{M.columns[0]} (market)"], axis=1), how="left")
    ef = event_frame(frame, event_date, (est[0], evt[1]), "returns")
    require_finite(ef, est, "return", "estimation window")
    require_finite(ef, evt, "return", "event window")
    A = ef.rows(est).to_numpy()
    B = ef.rows(evt).to_numpy()
    L, T = A.shape[0], B.shape[0]
    if L < 10:
        raise WindowError(f"estimation window {est} has {L} days; use at least 10")
    rp = np.concatenate([A[:, :-1] @ w, B[:, :-1] @ w])
    m = np.concatenate([A[:, -1], B[:, -1]])
    D = np.vstack([np.zeros((L, T)), np.eye(T)])
    X = np.column_stack([np.ones(L + T), m, D])
    lags = hac_lags if hac_lags is not None else newey_west_lags(L + T)
    ols = sm.OLS(rp, X).fit()
    hac = sm.OLS(rp, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    g = np.asarray(ols.params[2:])
    cov_ols = np.asarray(ols.cov_params())[2:, 2:]
    u = np.asarray(ols.resid[:L])
    dof = L - 2
    gam = np.array([u[k:] @ u[: L - k] / dof for k in range(min(lags, T - 1) + 1)])
    kern = 1.0 - np.arange(gam.size) / (lags + 1.0)
    lag_mat = np.abs(np.subtract.outer(np.arange(T), np.arange(T)))
    Gamma = np.where(lag_mat < gam.size, (gam * kern)[np.minimum(lag_mat, gam.size - 1)], 0.0)
    Xs = np.column_stack([np.ones(T), B[:, -1]])
    V_ab = np.asarray(hac.cov_params())[:2, :2]
    cov_hac = Gamma + Xs @ V_ab @ Xs.T
    params = pd.DataFrame(
        {"coef": ols.params[:2], "se": ols.bse[:2], "se_hac": np.sqrt(np.diag(V_ab))},
        index=pd.Index(["alpha", "beta"], name="param"),
    )
    return CalendarTimeResults(
        assets=tuple(assets),
        weights=pd.Series(w, index=pd.Index(assets, name="asset"), name="weight"),
        weighting=weighting,
        event_date=pd.Timestamp(event_date),
        day0=ef.day0,
        rolled=ef.rolled,
        estimation_window=est,
        event_window=evt,
        dates=pd.DatetimeIndex(ef.dates.loc[evt[0] : evt[1]].to_numpy(), name="date"),
        event_days=np.arange(evt[0], evt[1] + 1),
        portfolio_returns=pd.Series(
            rp,
            index=pd.Index(
                np.concatenate([np.arange(est[0], est[1] + 1), np.arange(evt[0], evt[1] + 1)]),
                name="event_day",
            ),
            name="portfolio",
        ),
        params=params,
        ar=g,
        cov={"nonrobust": cov_ols, "hac": cov_hac},
        dof=dof,
        hac_lags=lags,
        sigma=float(np.sqrt(u @ u / dof)),
    )
