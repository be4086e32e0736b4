"""Abnormal trading volume around an event.

Volume is measured as ``v_t = log(1 + V_t)`` (Ajinkya & Jain 1989 show that raw daily
volume is strongly right-skewed and its log is close to normal; Campbell & Wasley 1996
use the same ``log(1 + x)`` transform of turnover, ``x`` = shares traded / shares
outstanding. The snapshot has no share counts, so the default here is log share volume;
pass turnover instead of volume to get Campbell & Wasley's measure exactly — a constant
share count only shifts ``v_t`` and leaves mean-model abnormal volume unchanged up to the
``+1``).

Normal volume comes from the estimation window, by the mean model ``v_t = mu + e_t`` or
the market-volume model ``v_t = a + b m_t + e_t`` with ``m_t`` the log volume of a market
proxy (an index ETF such as SPY; several columns are averaged). Abnormal volume on event
day ``t`` is the prediction error ``AV_t = v_t - v_hat_t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from ..engine import fit_shared_design
from ..errors import SpecificationError, WindowError
from ..inference.base import TestResult, TestResults
from ..summary import Summary
from ._common import (
    EventFrame,
    ExtensionResults,
    as_frame,
    check_choice,
    check_disjoint,
    check_window,
    event_frame,
    new_axes,
    require_finite,
    require_positive,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["abnormal_volume", "AbnormalVolumeResults"]


@dataclass(frozen=True, repr=False)
class AbnormalVolumeResults(ExtensionResults):
    """Abnormal log volume of ``N`` assets around one event (see :func:`abnormal_volume`).

    Arrays are in event time: rows are event days ``event_days`` (shape ``(T,)``), columns
    the assets. ``variance`` is the prediction-error variance of each abnormal volume,
    ``s^2 (1 + x_t'(X'X)^{-1} x_t)`` with ``s^2 = SSR / (L - p)``.
    """

    assets: tuple[str, ...]
    model: str
    event_date: pd.Timestamp
    day0: pd.Timestamp
    rolled: bool
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    event_days: np.ndarray
    dates: pd.DatetimeIndex
    est_days: np.ndarray
    est_dates: pd.DatetimeIndex
    log_volume: np.ndarray
    normal: np.ndarray
    abnormal: np.ndarray
    variance: np.ndarray
    resid_est: np.ndarray
    params: pd.DataFrame
    sigma: np.ndarray
    dof: int
    x_evt: np.ndarray
    xtx_inv: np.ndarray

    # ----------------------------------------------------------------- accessors
    @property
    def n_est(self) -> int:
        """Estimation-window length ``L``."""
        return int(self.resid_est.shape[0])

    def _rows(self, window: tuple[int, int] | None) -> tuple[tuple[int, int], np.ndarray]:
        lo, hi = self._window(window)
        return (lo, hi), np.flatnonzero((self.event_days >= lo) & (self.event_days <= hi))

    def _asset_index(self, asset: str | None) -> list[int]:
        if asset is None:
            return list(range(len(self.assets)))
        if asset not in self.assets:
            raise SpecificationError(
                f"asset {asset!r} is not in this result; choose one of {list(self.assets)}"
            )
        return [self.assets.index(asset)]

    def ranks(self) -> tuple[np.ndarray, np.ndarray]:
        """Ranks of the combined estimation + event abnormal volumes, and the combined values.

        Returns ``(K, A)`` of shape ``(L + T, N)``: rows are the estimation days then the
        event days; ties get average ranks (``scipy.stats.rankdata``).
        """
        combined = np.vstack([self.resid_est, self.abnormal])
        return stats.rankdata(combined, axis=0), combined

    @property
    def t_stat(self) -> np.ndarray:
        """Daily ``AV_t / sqrt(Var_t)``, shape ``(T, N)``; ``t(L - p)`` under H0."""
        return self.abnormal / np.sqrt(self.variance)

    def frame(self) -> pd.DataFrame:
        """Tidy frame: one row per asset and event day.

        Columns ``asset, event_day, date, log_volume, normal, abnormal, se, t, pvalue,
        rank, rank_pvalue`` (two-sided p-values; ``rank`` is the Corrado rank among the
        ``L + T`` estimation and event days, ``rank_pvalue`` its exact uniform p-value).
        """
        T, N = self.abnormal.shape
        K, A = self.ranks()
        evt = A[self.n_est :]
        ge = (A[None, :, :] >= evt[:, None, :]).mean(axis=1)
        le = (A[None, :, :] <= evt[:, None, :]).mean(axis=1)
        rank_p = np.minimum(1.0, 2.0 * np.minimum(ge, le))
        t = self.t_stat
        return pd.DataFrame(
            {
                "asset": np.repeat(np.array(self.assets, dtype=object), T),
                "event_day": np.tile(self.event_days, N),
                "date": np.tile(self.dates.to_numpy(), N),
                "log_volume": self.log_volume.T.ravel(),
                "normal": self.normal.T.ravel(),
                "abnormal": self.abnormal.T.ravel(),
                "se": np.sqrt(self.variance).T.ravel(),
                "t": t.T.ravel(),
                "pvalue": (2.0 * stats.t.sf(np.abs(t), self.dof)).T.ravel(),
                "rank": K[self.n_est :].T.ravel(),
                "rank_pvalue": rank_p.T.ravel(),
            }
        )

    def car(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Cumulative abnormal log volume (CAV) over ``window`` (default: the event window), per asset.

        Named ``car`` like every extension's cumulated abnormal outcome; :meth:`cav` is the same.
        """
        _, r = self._rows(window)
        return pd.Series(self.abnormal[r].sum(axis=0), index=pd.Index(self.assets, name="asset"), name="CAV")

    def cav(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Cumulative abnormal log volume over ``window``: the same as :meth:`car`."""
        return self.car(window)

    TEST_VARIANTS = ({"kind": "t"}, {"kind": "rank"})

    def test(
        self, window: tuple[int, int] | None = (0, 0), kind: str = "t", asset: str | None = None
    ) -> TestResults:
        """The ``kind="t"`` (:meth:`t_test`) or ``kind="rank"`` (:meth:`rank_test`) test over
        ``window``: one element per asset, or one with ``asset=``."""
        kind = check_choice(kind, ("t", "rank"), "kind")
        return self.t_test(window, asset) if kind == "t" else self.rank_test(window, asset)

    # --------------------------------------------------------------------- tests
    def t_test(self, window: tuple[int, int] | None = (0, 0), asset: str | None = None) -> TestResults:
        """Parametric test of the cumulative abnormal log volume over ``window``, per asset.

        ``t = CAV / sqrt(s^2 (W + 1' X_w (X'X)^{-1} X_w' 1))`` with ``W`` days in the window
        and ``X_w`` their regressor rows (MacKinlay 1997, eq. 9-14, applied to log volume);
        ``t(L - p)`` under H0 (normal, homoskedastic, serially uncorrelated log volume).
        """
        w, r = self._rows(window)
        xs = self.x_evt[r].sum(axis=0)
        factor = r.size + float(xs @ self.xtx_inv @ xs)
        cav = self.abnormal[r].sum(axis=0)
        se = self.sigma * np.sqrt(factor)
        t = cav / se
        p = 2.0 * stats.t.sf(np.abs(t), self.dof)
        return TestResults(
            TestResult(
                name="volume_t",
                statistic=float(t[j]),
                pvalue=float(p[j]),
                null_distribution=f"t({self.dof})",
                n=self.n_est,
                window=w,
                asset=self.assets[j],
                details={"cav": float(cav[j]), "se": float(se[j]), "model": self.model},
            )
            for j in self._asset_index(asset)
        )

    def rank_test(self, window: tuple[int, int] | None = (0, 0), asset: str | None = None) -> TestResults:
        """Rank test of abnormal volume over ``window`` (Corrado 1989, single-asset form).

        Abnormal volumes of the ``M = L + T`` estimation and event days are ranked
        together (average ranks for ties). Under H0 they are exchangeable, so the ranks of
        the ``W`` window days are a random draw without replacement from the ``M`` ranks:
        their sum ``S`` has mean ``W (M + 1) / 2`` and variance
        ``W (M - W) / (M - 1) * s_K^2`` with ``s_K^2`` the population (ddof=0) variance of
        all ``M`` ranks (``(M^2 - 1) / 12`` without ties). The statistic is
        ``z = (S - E S) / sqrt(Var S)``. For a one-day window the p-value is exact: the
        two-sided empirical quantile ``2 min(P(A >= A_t), P(A <= A_t))`` over the ``M`` days
        (including the day itself); for longer windows it is the normal approximation.
        """
        w, r = self._rows(window)
        K, A = self.ranks()
        M = K.shape[0]
        W = r.size
        S = K[self.n_est + r].sum(axis=0)
        var_s = W * (M - W) / (M - 1) * K.var(axis=0, ddof=0)
        z = (S - W * (M + 1) / 2.0) / np.sqrt(var_s)
        if W == 1:
            a = A[self.n_est + r[0]]
            p = np.minimum(1.0, 2.0 * np.minimum((A >= a).mean(axis=0), (A <= a).mean(axis=0)))
            null = f"exact uniform rank (M={M})"
        else:
            p = 2.0 * stats.norm.sf(np.abs(z))
            null = "N(0,1)"
        return TestResults(
            TestResult(
                name="volume_rank",
                statistic=float(z[j]),
                pvalue=float(p[j]),
                null_distribution=null,
                n=M,
                window=w,
                asset=self.assets[j],
                details={"rank_sum": float(S[j]), "M": M, "W": W},
            )
            for j in self._asset_index(asset)
        )

    # ----------------------------------------------------------------- reporting
    def summary(self) -> Summary:
        """Specification, normal-volume model parameters, daily abnormal volume and tests."""
        spec = {
            "Measure": "log(1 + volume)",
            "Model": "mean" if self.model == "mean" else "market volume (OLS)",
            "Event date": f"{self.event_date:%Y-%m-%d}"
            + (f" (day 0 rolled to {self.day0:%Y-%m-%d})" if self.rolled else ""),
            "Estimation window": f"{self.estimation_window} ({self.n_est} obs)",
            "Event window": f"{self.event_window}",
            "Variance": f"SSR/(L-{self.n_est - self.dof}), prediction-error corrected; t({self.dof})",
        }
        daily = self.frame().drop(columns=["date"]).set_index(["asset", "event_day"])
        daily = daily.reset_index().set_index("asset")
        params = self.params.assign(sigma=self.sigma)
        return Summary(
            title="Abnormal trading volume",
            spec=spec,
            tables={
                "Normal-volume model": params,
                "Abnormal log volume": daily,
                "Tests": self.tests().set_index("test"),
            },
        )

    def plot(
        self, asset: str | None = None, ax: Axes | None = None, level: float = 0.95, tail: int = 40
    ) -> Figure:
        """Abnormal log volume over the last ``tail`` estimation days and the event window.

        The grey band is ``+/- z s`` (estimation residuals), the error bars
        ``+/- z sqrt(Var_t)`` (event-day prediction errors), ``z`` the ``level`` normal quantile.
        """
        j = self._asset_index(asset or self.assets[0])[0]
        fig, (ax,) = new_axes(ax)
        z = stats.norm.ppf(0.5 + level / 2)
        show = self.est_days >= self.event_days[0] - tail
        ax.plot(
            self.est_days[show],
            self.resid_est[show, j],
            color="0.55",
            lw=0.8,
            marker=".",
            label="estimation window",
        )
        ax.axhspan(-z * self.sigma[j], z * self.sigma[j], color="0.85", alpha=0.5, lw=0)
        sd = np.sqrt(self.variance[:, j])
        ax.bar(
            self.event_days,
            self.abnormal[:, j],
            color="#c8553d",
            width=0.8,
            yerr=z * sd,
            capsize=2,
            label="event window",
        )
        ax.axhline(0, color="0.3", lw=0.8)
        ax.axvline(0, color="0.3", lw=0.8, ls="--")
        ax.set_xlabel("Event day")
        ax.set_ylabel("Abnormal log(1 + volume)")
        ax.set_title(f"{self.assets[j]}: abnormal volume ({self.model} model)")
        ax.legend(fontsize="small")
        return fig

    def __repr__(self) -> str:
        return (
            f"AbnormalVolumeResults(assets={list(self.assets)}, model={self.model!r}, day0={self.day0:%Y-%m-%d}, "
            f"event_window={self.event_window}, L={self.n_est})"
        )


def abnormal_volume(
    volume: pd.DataFrame | pd.Series,
    event_date: Any,
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    model: str = "mean",
    market_volume: pd.DataFrame | pd.Series | None = None,
) -> AbnormalVolumeResults:
    """Abnormal trading volume: ``log(1 + V)`` against a mean or market-volume model.

    Parameters
    ----------
    volume : DataFrame or Series
        Daily share volume, DatetimeIndex, one column per asset (all on one calendar).
        Each row is a trading session; event day ``k`` is ``k`` rows after
        day 0, the first row on or after ``event_date``.
    event_date : date-like
        Event date (day 0 rolls forward to the next row if it is not a trading day).
    estimation_window, event_window : (int, int)
        Inclusive event-time windows; the estimation window must end before the event
        window starts (days in between are used by neither).
    model : {"mean", "market"}, default "mean"
        ``"mean"``: ``v_it = mu_i + e_it`` (p = 1). ``"market"``: ``v_it = a_i + b_i m_t + e_it``
        (p = 2), OLS on the estimation window, with ``m_t`` the market log volume.
    market_volume : DataFrame or Series, optional
        Required for ``model="market"``: raw volume of a market proxy, e.g. SPY. With
        several columns ``m_t`` is the mean of their ``log(1 + V)`` (an equal-weighted log
        volume index; scaling ``m_t`` does not change abnormal volume). Must have a
        positive value on every estimation and event date of ``volume``.

    Returns
    -------
    AbnormalVolumeResults
        ``frame()`` (daily abnormal volume with t and rank p-values), ``cav(window)``,
        ``t_test(window)``, ``rank_test(window)``, ``tests()``, ``summary()``, ``plot()``,
        ``to_latex()``.

    Raises
    ------
    MissingDataError
        NaN volume (asset or market) on a day inside either window; names asset and date.
    InvalidPriceError
        Zero or negative volume inside either window (a missing or halted session).
    WindowError, EventOutOfRangeError, SpecificationError
        Malformed or overlapping windows, windows beyond the data, unknown ``model`` or
        ``model="market"`` without ``market_volume``.

    Notes
    -----
    With ``L`` estimation days, ``X`` the ``(L, p)`` estimation design and ``x_t`` the
    event-day regressor row (Campbell & Wasley 1996, section 2; MacKinlay 1997, eq. 7-10):

    * ``v_hat_t = x_t' b``, ``b = (X'X)^{-1} X'v``; ``AV_t = v_t - v_hat_t``.
    * ``s^2 = SSR / (L - p)`` (ddof = p: 1 for the mean model, 2 for the market model).
    * ``Var(AV_t) = s^2 (1 + x_t'(X'X)^{-1} x_t)`` (prediction error; ``s^2 (1 + 1/L)``
      for the mean model) and ``t_t = AV_t / sqrt(Var(AV_t)) ~ t(L - p)`` under H0.
    * Rank test: see :meth:`AbnormalVolumeResults.rank_test` (Corrado 1989).

    Assumptions: log volume is i.i.d. normal around the model in the estimation window
    (the t test; log volume is autocorrelated in practice, which makes the t test
    over-reject — the rank test only needs exchangeability of the ``L + T`` days); no
    volume event in the estimation window; the event does not move the market volume
    proxy (else the market model absorbs part of the abnormal volume).

    References
    ----------
    1. Ajinkya, B. B., & Jain, P. C. (1989). The behavior of daily stock market trading
       volume. *Journal of Accounting and Economics*, 11(4), 331-359.
    2. Campbell, C. J., & Wasley, C. E. (1996). Measuring abnormal daily trading volume
       for samples of NYSE/ASE and NASDAQ securities using parametric and nonparametric
       test statistics. *Review of Quantitative Finance and Accounting*, 6(3), 309-326.
    3. Corrado, C. J. (1989). A nonparametric test for abnormal security-price
       performance in event studies. *Journal of Financial Economics*, 23(2), 385-395.
    4. MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of
       Economic Literature*, 35(1), 13-39.
    """
    model = check_choice(model, ("mean", "market"), "model")
    est = check_window(estimation_window, "estimation_window")
    evt = check_window(event_window, "event_window")
    check_disjoint(est, evt, ("estimation_window", "event_window"))
    V = as_frame(volume, "volume")
    ef = event_frame(V, event_date, (est[0], evt[1]), "volume")
    for w, name in ((est, "estimation window"), (evt, "event window")):
        require_finite(ef, w, "volume", name)
        require_positive(ef, w, "volume", name)
    v_est = np.log1p(ef.rows(est).to_numpy())
    v_evt = np.log1p(ef.rows(evt).to_numpy())
    L, T = v_est.shape[0], v_evt.shape[0]

    if model == "market":
        if market_volume is None:
            raise SpecificationError(
                "model='market' needs market_volume (e.g. SPY's volume); or use model='mean'"
            )
        MV = as_frame(market_volume, "market_volume")
        aligned = MV.reindex(ef.dates.to_numpy())
        aligned.index = ef.data.index
        mf = EventFrame(data=aligned, dates=ef.dates, day0=ef.day0, rolled=ef.rolled)
        for w, name in ((est, "estimation window"), (evt, "event window")):
            require_finite(mf, w, "market volume", name)
            require_positive(mf, w, "market volume", name)
        m_est = np.log1p(mf.rows(est).to_numpy()).mean(axis=1)
        m_evt = np.log1p(mf.rows(evt).to_numpy()).mean(axis=1)
        X_est = np.column_stack([np.ones(L), m_est])
        X_evt = np.column_stack([np.ones(T), m_evt])
        names = ["alpha", "beta"]
    else:
        X_est, X_evt = np.ones((L, 1)), np.ones((T, 1))
        names = ["mean"]
    p = X_est.shape[1]
    dof = L - p
    if dof < 2:
        raise WindowError(f"estimation window {est} has {L} days; the {model} model needs at least {p + 2}")
    # one shared design for all assets: the package's OLS (eventstudy.engine.fit_shared_design)
    Y = np.concatenate([v_est, v_evt])[None]
    fit = fit_shared_design(Y, np.concatenate([X_est, X_evt])[None], L, ddof=p)
    b, xtx_inv, s2 = fit.params[0], fit.xtx_inv[0], fit.sigma2[0]
    resid = Y[0, :L]
    normal = v_evt - Y[0, L:]
    h = np.einsum("tp,pq,tq->t", X_evt, xtx_inv, X_evt)
    variance = s2[None, :] * (1.0 + h[:, None])
    assets = tuple(V.columns)
    return AbnormalVolumeResults(
        assets=assets,
        model=model,
        event_date=pd.Timestamp(event_date),
        day0=ef.day0,
        rolled=ef.rolled,
        estimation_window=est,
        event_window=evt,
        event_days=np.arange(evt[0], evt[1] + 1),
        dates=pd.DatetimeIndex(ef.rows(evt).index.map(ef.dates), name="date"),
        est_days=np.arange(est[0], est[1] + 1),
        est_dates=pd.DatetimeIndex(ef.rows(est).index.map(ef.dates), name="date"),
        log_volume=v_evt,
        normal=normal,
        abnormal=v_evt - normal,
        variance=variance,
        resid_est=resid,
        params=pd.DataFrame(b.T, index=pd.Index(assets, name="asset"), columns=names),
        sigma=np.sqrt(s2),
        dof=dof,
        x_evt=X_evt,
        xtx_inv=xtx_inv,
    )
