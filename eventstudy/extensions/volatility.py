"""Volatility event studies: did the event change an asset's risk?

:func:`volatility_shift` compares one asset's market-model residual variance and beta
before and after the event (variance-ratio F test, Brown-Forsythe/Levene test,
beta-shift interaction regression, GARCH(1,1) forecast comparison).
:func:`event_induced_variance` measures the cross-sectional increase in the variance of
standardized abnormal returns across assets on the event day (Boehmer, Musumeci &
Poulsen 1991).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import special, stats

from ..engine import fit_shared_design
from ..errors import SpecificationError, WindowError
from ..inference.base import TestResult, TestResults, check_alternative, results_frame
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

__all__ = [
    "volatility_shift",
    "VolatilityShiftResults",
    "GarchComparison",
    "event_induced_variance",
    "EventInducedVarianceResults",
    "LOG_CHI2_1_MEAN",
    "LOG_CHI2_1_VAR",
]

#: ``E[log z^2]`` for ``z ~ N(0, 1)``: ``psi(1/2) + log 2`` (about -1.2704).
LOG_CHI2_1_MEAN: float = float(special.digamma(0.5) + np.log(2.0))
#: ``Var[log z^2]`` for ``z ~ N(0, 1)``: ``pi^2 / 2`` (trigamma(1/2)).
LOG_CHI2_1_VAR: float = float(np.pi**2 / 2.0)


def _ols(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS coefficients (p, N) and residuals of ``y`` (n, N) or (n,) on ``X`` (n, p), one solve.

    The package's shared-design estimator (:func:`eventstudy.engine.fit_shared_design`).
    """
    y = np.asarray(y, dtype=float)
    Y = (y[:, None] if y.ndim == 1 else y).copy()[None]  # fit_shared_design works in place
    fit = fit_shared_design(Y, np.asarray(X, dtype=float)[None], Y.shape[1])
    if y.ndim == 1:
        return fit.params[0][:, 0], Y[0][:, 0]
    return fit.params[0], Y[0]


def _two_sided_f(F: float, d1: int, d2: int) -> float:
    return float(min(1.0, 2.0 * min(stats.f.cdf(F, d1, d2), stats.f.sf(F, d1, d2))))


def _pick_asset(returns: pd.DataFrame, asset: str | None, name: str) -> str:
    if asset is None:
        if returns.shape[1] != 1:
            raise SpecificationError(
                f"{name} has {returns.shape[1]} columns; pass asset= to choose one of {list(returns.columns)}"
            )
        return str(returns.columns[0])
    if asset not in returns.columns:
        raise SpecificationError(
            f"asset {asset!r} is not a column of {name}; columns: {list(returns.columns)}"
        )
    return asset


def _market_series(market: pd.DataFrame | pd.Series) -> pd.DataFrame:
    m = as_frame(market, "market")
    if m.shape[1] != 1:
        raise SpecificationError(
            f"market must be one return series, got {m.shape[1]} columns: {list(m.columns)}"
        )
    return m


def _join(asset_frame: pd.DataFrame, market: pd.DataFrame) -> pd.DataFrame:
    """Asset columns and the market column (last, named ``"<name> (market)"``) on the asset frame's rows."""
    mk = market.set_axis([f"{market.columns[0]} (market)"], axis=1)
    return asset_frame.join(mk, how="left")


@dataclass(frozen=True)
class GarchComparison:
    """GARCH(1,1) fitted before the event vs. squared residuals after it.

    Attributes
    ----------
    params : Series
        Pre-event GARCH parameters (``mu`` when the mean is constant, ``omega``,
        ``alpha[1]``, ``beta[1]``), returns in percent.
    h : ndarray, shape (n2,)
        One-step-ahead conditional variance forecasts for the post days (percent^2).
    e : ndarray, shape (n2,)
        Post-day residuals (percent): return minus forecast mean.
    mean_ratio : float
        ``mean(e^2 / h)`` (1 under H0).
    log_test, ratio_test : TestResult
        See :func:`volatility_shift`, Notes.
    converged : bool
        Whether the optimiser reported convergence.
    mean : str
        ``"constant"`` (GARCH on raw returns) or ``"market"`` (on market-model residuals).
    boundary : bool
        Whether the fit sits at the edge of the parameter space (``alpha[1]`` or ``beta[1]``
        below, or ``beta[1]`` or ``alpha[1] + beta[1]`` above one minus
        :data:`eventstudy.models.GARCH_BOUNDARY_TOL`). Both flags are also in the GARCH
        tests' ``details`` (``garch_boundary``, ``garch_converged``); unlike
        ``EventStudy(model="garch")`` the extension does not warn.
    """

    params: pd.Series
    h: np.ndarray
    e: np.ndarray
    mean_ratio: float
    log_test: TestResult
    ratio_test: TestResult
    converged: bool
    mean: str
    boundary: bool = False


def _pick(
    results: list[TestResult], window: tuple[int, int] | None, own: tuple[int, int], name: str | None
) -> TestResults:
    """The tests of a fixed-window extension: all of them, or the one called ``name``."""
    if window is not None and (int(window[0]), int(window[1])) != tuple(own):
        raise WindowError(
            f"these tests are over the fitted window {tuple(own)}, not {tuple(window)}; refit with it"
        )
    if name is None:
        return TestResults(results)
    for r in results:
        if r.name == name:
            return TestResults(r)
    raise SpecificationError(f"test {name!r} is not one of {[r.name for r in results]}")


@dataclass(frozen=True, repr=False)
class VolatilityShiftResults(ExtensionResults):
    """Pre/post comparison of one asset's residual variance and beta (see :func:`volatility_shift`)."""

    asset: str
    event_date: pd.Timestamp
    day0: pd.Timestamp
    rolled: bool
    pre: tuple[int, int]
    post: tuple[int, int]
    pre_dates: pd.DatetimeIndex
    post_dates: pd.DatetimeIndex
    resid_pre: np.ndarray
    resid_post: np.ndarray
    params_pre: np.ndarray
    params_post: np.ndarray
    var_pre: float
    var_post: float
    variance_ratio: TestResult
    levene: TestResult
    beta_shift: TestResult
    interaction: pd.DataFrame
    cov_type: str
    garch: GarchComparison | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """``s_post^2 / s_pre^2``."""
        return self.var_post / self.var_pre

    def test_results(self) -> list[TestResult]:
        """All tests as :class:`TestResult` objects."""
        out = [self.variance_ratio, self.levene, self.beta_shift]
        if self.garch is not None:
            out += [self.garch.log_test, self.garch.ratio_test]
        return out

    def default_windows(self) -> list[tuple[int, int]]:
        """The post window, the one window these tests are over."""
        return [tuple(self.post)]

    def test(self, window: tuple[int, int] | None = None, name: str | None = None) -> TestResults:
        """The tests over the post window: all (``name=None``) or the one named (e.g. ``"brown_forsythe"``)."""
        return _pick(self.test_results(), window, self.post, name)

    def tests(self, windows: Sequence[tuple[int, int]] | None = None) -> pd.DataFrame:
        """Tidy frame of all tests (over the post window)."""
        for w in windows or ():
            self.test(w)  # raises unless it is the post window
        return results_frame(self.test_results())

    def residuals(self) -> pd.DataFrame:
        """Tidy frame of the market-model residuals: ``event_day, date, period, residual``.

        Residuals come from separate pre and post fits. With GARCH, the post rows also
        carry ``garch_h`` (forecast variance, percent^2) and ``garch_e`` (percent).
        """
        pre = pd.DataFrame(
            {
                "event_day": np.arange(self.pre[0], self.pre[1] + 1),
                "date": self.pre_dates,
                "period": "pre",
                "residual": self.resid_pre,
            }
        )
        post = pd.DataFrame(
            {
                "event_day": np.arange(self.post[0], self.post[1] + 1),
                "date": self.post_dates,
                "period": "post",
                "residual": self.resid_post,
            }
        )
        if self.garch is not None:
            post = post.assign(garch_h=self.garch.h, garch_e=self.garch.e)
        return pd.concat([pre, post], ignore_index=True)

    def market_model(self) -> pd.DataFrame:
        """Pre and post market-model parameters and residual variances (ddof = 2)."""
        return pd.DataFrame(
            {
                "alpha": [self.params_pre[0], self.params_post[0]],
                "beta": [self.params_pre[1], self.params_post[1]],
                "resid_var": [self.var_pre, self.var_post],
                "n": [self.resid_pre.size, self.resid_post.size],
            },
            index=pd.Index(["pre", "post"], name="period"),
        )

    def summary(self) -> Summary:
        """Specification, pre/post market models, the interaction regression, GARCH and tests."""
        spec = {
            "Asset": self.asset,
            "Event date": f"{self.event_date:%Y-%m-%d}"
            + (f" (day 0 rolled to {self.day0:%Y-%m-%d})" if self.rolled else ""),
            "Pre window": f"{self.pre} ({self.resid_pre.size} obs)",
            "Post window": f"{self.post} ({self.resid_post.size} obs)",
            "Variance": "SSR/(n-2) in each period",
            "Variance ratio": f"{self.ratio:.4f}",
            "Interaction cov": self.cov_type,
        }
        tables = {"Market model by period": self.market_model(), "Interaction regression": self.interaction}
        if self.garch is not None:
            g = self.garch
            spec["GARCH(1,1) mean"] = g.mean + ("" if g.converged else " (optimiser did NOT converge)")
            spec["GARCH mean e^2/h"] = f"{g.mean_ratio:.4f}"
            tables["GARCH(1,1) pre-event parameters"] = g.params.to_frame("estimate")
        tables["Tests"] = self.tests().set_index("test")
        return Summary(title="Volatility event study", spec=spec, tables=tables)

    def plot(self, ax: Axes | None = None) -> Figure:
        """Residuals with +/- 2 s bands per period; with GARCH, a second panel of ``|e|`` vs ``sqrt(h)``."""
        two = self.garch is not None and ax is None
        fig, axes = new_axes(ax, nrows=2 if two else 1, figsize=(7.0, 6.0 if two else 4.0))
        a = axes[0]
        d_pre = np.arange(self.pre[0], self.pre[1] + 1)
        d_post = np.arange(self.post[0], self.post[1] + 1)
        a.plot(d_pre, self.resid_pre * 100, color="0.45", lw=0.8, label="pre residual")
        a.plot(d_post, self.resid_post * 100, color="#c8553d", lw=0.8, label="post residual")
        for d, v, c in ((d_pre, self.var_pre, "0.45"), (d_post, self.var_post, "#c8553d")):
            s = 2 * np.sqrt(v) * 100
            a.fill_between([d[0], d[-1]], [-s, -s], [s, s], color=c, alpha=0.12, lw=0)
        a.axvline(0, color="0.3", lw=0.8, ls="--")
        a.set_ylabel("Market-model residual (%)")
        a.set_title(f"{self.asset}: variance ratio {self.ratio:.2f} (p={self.variance_ratio.pvalue:.3g})")
        a.legend(fontsize="small")
        if two:
            assert self.garch is not None
            b = axes[1]
            b.plot(d_post, np.abs(self.garch.e), color="#c8553d", lw=0.8, marker=".", label="|e| post")
            b.plot(d_post, np.sqrt(self.garch.h), color="#1b6ca8", lw=1.2, label="GARCH(1,1) one-step sd")
            b.set_ylabel("percent")
            b.set_title(f"mean e^2/h = {self.garch.mean_ratio:.2f}")
            b.legend(fontsize="small")
            b.set_xlabel("Event day")
        else:
            a.set_xlabel("Event day")
        return fig

    def __repr__(self) -> str:
        return (
            f"VolatilityShiftResults(asset={self.asset!r}, day0={self.day0:%Y-%m-%d}, ratio={self.ratio:.4f}, "
            f"beta_shift={self.beta_shift.details.get('gamma', float('nan')):.4f})"
        )


def _garch(y_all: np.ndarray, n1: int, mean: str, asset: str, post: tuple[int, int]) -> GarchComparison:
    try:
        from arch import arch_model
    except ImportError as exc:  # pragma: no cover - arch is installed in dev
        raise SpecificationError(
            "garch=True needs the optional 'arch' package (pip install 'deepseek-eventstudy[garch]'); or pass garch=False"
        ) from exc
    y = pd.Series(np.asarray(y_all, dtype=float) * 100.0)  # percent: better conditioned optimisation
    am = arch_model(
        y,
        mean="Constant" if mean == "constant" else "Zero",
        vol="GARCH",
        p=1,
        q=1,
        dist="normal",
        rescale=False,
    )
    res = am.fit(last_obs=n1, disp="off", show_warning=False)
    fc = res.forecast(horizon=1, start=n1 - 1, reindex=False)
    n2 = y.size - n1
    h = fc.variance.to_numpy()[:n2, 0]
    mu = fc.mean.to_numpy()[:n2, 0]
    e = y.to_numpy()[n1:] - mu
    z2 = e**2 / h
    n = z2.size
    lam = float(np.mean(np.log(z2)))
    log_stat = (lam - LOG_CHI2_1_MEAN) / np.sqrt(LOG_CHI2_1_VAR / n)
    log_test = TestResult(
        name="garch_log_ratio",
        statistic=float(log_stat),
        pvalue=float(2.0 * stats.norm.sf(abs(log_stat))),
        null_distribution="N(0,1)",
        n=n,
        window=post,
        asset=asset,
        details={"mean_log_z2": lam, "expected": LOG_CHI2_1_MEAN},
    )
    mr = float(z2.mean())
    sd = float(z2.std(ddof=1))
    t_stat = (mr - 1.0) / (sd / np.sqrt(n))
    ratio_test = TestResult(
        name="garch_mean_ratio",
        statistic=float(t_stat),
        pvalue=float(2.0 * stats.t.sf(abs(t_stat), n - 1)),
        null_distribution=f"t({n - 1})",
        n=n,
        window=post,
        asset=asset,
        details={"mean_ratio": mr},
    )
    from ..models import GARCH_BOUNDARY_TOL as tol

    a1, b1 = float(res.params["alpha[1]"]), float(res.params["beta[1]"])
    boundary = a1 < tol or b1 < tol or b1 > 1 - tol or a1 + b1 > 1 - tol
    converged = bool(res.convergence_flag == 0)
    # flagged, not warned: the extension's callers read .boundary/.converged and the tests' details
    for tr in (log_test, ratio_test):
        tr.details.update(garch_converged=converged, garch_boundary=boundary)
    return GarchComparison(
        params=res.params.copy(),
        h=h,
        e=e,
        mean_ratio=mr,
        log_test=log_test,
        ratio_test=ratio_test,
        converged=converged,
        mean=mean,
        boundary=boundary,
    )


def volatility_shift(
    returns: pd.DataFrame | pd.Series,
    market: pd.DataFrame | pd.Series,
    event_date: Any,
    pre: tuple[int, int] = (-120, -1),
    post: tuple[int, int] = (0, 59),
    asset: str | None = None,
    cov_type: str = "HC1",
    hac_lags: int | None = None,
    garch: bool = True,
    garch_mean: str = "market",
) -> VolatilityShiftResults:
    """Test for a change in an asset's residual variance and beta at an event.

    Parameters
    ----------
    returns : DataFrame or Series
        Daily returns, DatetimeIndex; one column, or pick one with ``asset``.
    market : DataFrame or Series
        Market returns (one column), e.g. the S&P 500; must be present on every
        needed row of ``returns``.
    event_date : date-like
        Day 0 is the first row of ``returns`` on or after it.
    pre, post : (int, int)
        Inclusive event-time windows before and after the event; ``pre`` must end
        before ``post`` starts. Day 0 belongs to ``post`` by default.
    asset : str, optional
        Column of ``returns`` to use.
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"}, default "HC1"
        Covariance of the interaction regression (statsmodels). ``"HAC"`` is Newey-West
        with ``hac_lags`` lags (default ``floor(4 (n/100)^(2/9))``).
    hac_lags : int, optional
        Lags of the HAC covariance.
    garch : bool, default True
        Run the GARCH(1,1) comparison (needs the optional ``arch`` package).
    garch_mean : {"market", "constant"}, default "market"
        GARCH on the market-model residuals (pre-window parameters; zero mean) or on the
        raw returns with a constant mean.

    Returns
    -------
    VolatilityShiftResults
        ``variance_ratio``, ``levene``, ``beta_shift`` (and ``garch``) tests,
        ``market_model()``, ``interaction``, ``residuals()``, ``tests()``, ``summary()``,
        ``plot()``, ``to_latex()``.

    Raises
    ------
    MissingDataError
        A NaN return of the asset or the market inside ``pre`` or ``post`` (names the date).
    WindowError, EventOutOfRangeError, SpecificationError
        Malformed/overlapping windows, windows beyond the data, bad options, or
        ``garch=True`` without ``arch`` installed.

    Notes
    -----
    With market-model residuals ``e`` from *separate* OLS fits of ``r = a + b m + e`` on
    the ``n1`` pre days and the ``n2`` post days (``p = 2``):

    1. **Variance ratio** ``F = s_post^2 / s_pre^2`` with ``s^2 = SSR / (n - 2)`` (ddof = 2)
       is ``F(n2 - 2, n1 - 2)`` under H0 of equal variances with i.i.d. normal errors
       (the classical two-sample variance F test applied to regression residuals);
       two-sided p-value ``2 min(P(F' <= F), P(F' >= F))``.
    2. **Brown-Forsythe** (Brown & Forsythe 1974): Levene's (1960) test on absolute
       deviations from the group *median*, ``scipy.stats.levene(e_pre, e_post,
       center="median")``, ``F(1, n1 + n2 - 2)``; robust to fat tails.
    3. **Beta shift**: on the pooled pre + post sample,
       ``r_t = a + b m_t + d P_t + g (m_t P_t) + u_t`` with ``P_t = 1`` on post days;
       ``g`` is the change in beta, ``d`` the change in alpha (identical to the
       difference of the separate fits). Its standard error uses ``cov_type``
       (White 1980 HC; Newey & West 1987 HAC). statsmodels uses ``t(n - 4)`` for
       ``"nonrobust"`` and ``N(0, 1)`` for the robust covariances.
    4. **GARCH(1,1)** (Bollerslev 1986): ``e_t = sqrt(h_t) z_t``,
       ``h_t = omega + alpha e_{t-1}^2 + beta h_{t-1}``, fitted by Gaussian ML on the
       pre days only (``arch``; returns scaled to percent). With those parameters fixed,
       ``h_t`` for each post day is the one-step-ahead forecast from information up to
       ``t - 1`` (``ARCHModelResult.forecast(horizon=1)``). Under H0 (no change in the
       volatility process) ``z_t^2 = e_t^2 / h_t`` has mean 1. Reported: the mean ratio
       ``mean(z^2)`` with a t test of ``mean(z^2) = 1`` (``t(n2 - 1)``, sample sd with
       ddof = 1; only needs ``E z^2 = 1``), and the log test
       ``(mean(log z^2) - E) / sqrt(pi^2 / (2 n2)) ~ N(0, 1)``, where
       ``E = psi(1/2) + log 2 = -1.2704`` and ``pi^2 / 2`` are the mean and variance of
       ``log chi2(1)`` (Harvey, Ruiz & Shephard 1994); the log form is less dominated by
       one huge day but assumes Gaussian ``z``. Both ignore parameter-estimation error
       and treat post days as independent.

    Assumptions: the market model is the right benchmark in both periods; errors are
    serially uncorrelated (tests 1-2) and normal (test 1); the event date is known;
    ``pre`` contains no other event.

    References
    ----------
    1. Bollerslev, T. (1986). Generalized autoregressive conditional heteroskedasticity.
       *Journal of Econometrics*, 31(3), 307-327.
    2. Brown, M. B., & Forsythe, A. B. (1974). Robust tests for the equality of
       variances. *JASA*, 69(346), 364-367.
    3. Harvey, A., Ruiz, E., & Shephard, N. (1994). Multivariate stochastic variance
       models. *Review of Economic Studies*, 61(2), 247-264.
    4. Levene, H. (1960). Robust tests for equality of variances. In *Contributions to
       Probability and Statistics*, 278-292. Stanford University Press.
    5. Newey, W. K., & West, K. D. (1987). A simple, positive semi-definite,
       heteroskedasticity and autocorrelation consistent covariance matrix.
       *Econometrica*, 55(3), 703-708.
    6. White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and
       a direct test for heteroskedasticity. *Econometrica*, 48(4), 817-838.
    """
    import statsmodels.api as sm

    cov_type = check_choice(cov_type, ("nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"), "cov_type")
    garch_mean = check_choice(garch_mean, ("market", "constant"), "garch_mean")
    pre = check_window(pre, "pre")
    post = check_window(post, "post")
    check_disjoint(pre, post, ("pre", "post"))
    R = as_frame(returns, "returns")
    name = _pick_asset(R, asset, "returns")
    M = _market_series(market)
    frame = _join(R[[name]], M)
    ef = event_frame(frame, event_date, (pre[0], post[1]), "returns")
    for w, wn in ((pre, "pre window"), (post, "post window")):
        require_finite(ef, w, "return", wn)
    a = ef.rows(pre).to_numpy()
    b = ef.rows(post).to_numpy()
    y1, m1, y2, m2 = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    n1, n2 = y1.size, y2.size
    if min(n1, n2) < 5:
        raise WindowError(f"pre {pre} and post {post} need at least 5 days each")
    X1 = np.column_stack([np.ones(n1), m1])
    X2 = np.column_stack([np.ones(n2), m2])
    b1, e1 = _ols(y1, X1)
    b2, e2 = _ols(y2, X2)
    v1 = float(e1 @ e1 / (n1 - 2))
    v2 = float(e2 @ e2 / (n2 - 2))
    F = v2 / v1
    vr = TestResult(
        name="variance_ratio",
        statistic=F,
        pvalue=_two_sided_f(F, n2 - 2, n1 - 2),
        null_distribution=f"F({n2 - 2},{n1 - 2})",
        n=n1 + n2,
        window=post,
        asset=name,
        details={"var_pre": v1, "var_post": v2, "pvalue_greater": float(stats.f.sf(F, n2 - 2, n1 - 2))},
    )
    lev = stats.levene(e1, e2, center="median")
    bf = TestResult(
        name="brown_forsythe",
        statistic=float(lev.statistic),
        pvalue=float(lev.pvalue),
        null_distribution=f"F(1,{n1 + n2 - 2})",
        n=n1 + n2,
        window=post,
        asset=name,
    )
    # interaction regression on the pooled sample
    y = np.concatenate([y1, y2])
    m = np.concatenate([m1, m2])
    P = np.concatenate([np.zeros(n1), np.ones(n2)])
    X = np.column_stack([np.ones(n1 + n2), m, P, m * P])
    kw: dict[str, Any] = {}
    if cov_type == "HAC":
        lags = hac_lags if hac_lags is not None else int(np.floor(4 * ((n1 + n2) / 100) ** (2 / 9)))
        kw = {"cov_kwds": {"maxlags": lags}}
    fit = sm.OLS(y, X).fit(cov_type=cov_type, **kw)
    names = ["alpha", "beta", "delta_alpha (post)", "gamma (market x post)"]
    ci = np.asarray(fit.conf_int())
    interaction = pd.DataFrame(
        {
            "coef": fit.params,
            "se": fit.bse,
            "stat": fit.tvalues,
            "pvalue": fit.pvalues,
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
        },
        index=pd.Index(names, name="term"),
    )
    bs = TestResult(
        name="beta_shift",
        statistic=float(fit.tvalues[3]),
        pvalue=float(fit.pvalues[3]),
        null_distribution=f"t({int(fit.df_resid)})" if fit.use_t else "N(0,1)",
        n=n1 + n2,
        window=post,
        asset=name,
        details={
            "gamma": float(fit.params[3]),
            "se": float(fit.bse[3]),
            "beta_pre": float(fit.params[1]),
            "cov_type": cov_type,
            **kw,
        },
    )
    gc = None
    if garch:
        if garch_mean == "market":
            series = np.concatenate([e1, y2 - X2 @ b1])  # post residuals with the pre parameters
        else:
            series = y
        gc = _garch(series, n1, garch_mean, name, post)
    return VolatilityShiftResults(
        asset=name,
        event_date=pd.Timestamp(event_date),
        day0=ef.day0,
        rolled=ef.rolled,
        pre=pre,
        post=post,
        pre_dates=pd.DatetimeIndex(ef.dates.loc[pre[0] : pre[1]].to_numpy(), name="date"),
        post_dates=pd.DatetimeIndex(ef.dates.loc[post[0] : post[1]].to_numpy(), name="date"),
        resid_pre=e1,
        resid_post=e2,
        params_pre=b1,
        params_post=b2,
        var_pre=v1,
        var_post=v2,
        variance_ratio=vr,
        levene=bf,
        beta_shift=bs,
        interaction=interaction,
        cov_type=cov_type + (f" (maxlags={kw['cov_kwds']['maxlags']})" if kw else ""),
        garch=gc,
    )


# --------------------------------------------------------------------------------------
# Boehmer, Musumeci & Poulsen (1991): event-induced variance across assets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class EventInducedVarianceResults(ExtensionResults):
    """Cross-section of standardized abnormal returns (see :func:`event_induced_variance`)."""

    assets: tuple[str, ...]
    event_date: pd.Timestamp
    day0: pd.Timestamp
    estimation_window: tuple[int, int]
    window: tuple[int, int]
    car: np.ndarray
    se: np.ndarray
    scar: np.ndarray
    dof: int
    cs_variance: float
    variance_test: TestResult
    bmp_test: TestResult

    @property
    def ratio(self) -> float:
        """Cross-sectional variance of the standardized (C)ARs relative to its null value 1."""
        return self.cs_variance

    def frame(self) -> pd.DataFrame:
        """Per asset: ``car``, its prediction-error ``se`` and the standardized ``scar``."""
        return pd.DataFrame(
            {"car": self.car, "se": self.se, "scar": self.scar}, index=pd.Index(self.assets, name="asset")
        )

    def default_windows(self) -> list[tuple[int, int]]:
        """The window the standardized (C)ARs are over."""
        return [tuple(self.window)]

    def test(self, window: tuple[int, int] | None = None, name: str | None = None) -> TestResults:
        """The variance (chi2) and BMP (t) tests: both (``name=None``) or the one named."""
        return _pick([self.variance_test, self.bmp_test], window, self.window, name)

    def tests(self, windows: Sequence[tuple[int, int]] | None = None) -> pd.DataFrame:
        """Tidy frame of the variance (chi2) and BMP (t) tests."""
        for w in windows or ():
            self.test(w)
        return results_frame([self.variance_test, self.bmp_test])

    def summary(self) -> Summary:
        """Specification, per-asset standardized (C)ARs and the two tests."""
        spec = {
            "Event date": f"{self.event_date:%Y-%m-%d} (day 0 = {self.day0:%Y-%m-%d})",
            "Estimation window": f"{self.estimation_window} (t({self.dof}))",
            "Window": f"{self.window}",
            "Assets": str(len(self.assets)),
            "Cross-sectional var": f"{self.cs_variance:.4f} (1 under H0; ddof=1)",
        }
        return Summary(
            title="Event-induced variance (Boehmer, Musumeci & Poulsen 1991)",
            spec=spec,
            tables={"Standardized abnormal returns": self.frame(), "Tests": self.tests().set_index("test")},
        )

    def plot(self, ax: Axes | None = None) -> Figure:
        """Standardized (C)ARs per asset with the +/-1.96 band of a N(0,1) null."""
        fig, (ax,) = new_axes(ax)
        order = np.argsort(self.scar)
        ax.barh(np.array(self.assets)[order], self.scar[order], color="#1b6ca8")
        for x in (-1.96, 1.96):
            ax.axvline(x, color="0.4", lw=0.8, ls="--")
        ax.axvline(0, color="0.2", lw=0.8)
        ax.set_xlabel(f"Standardized CAR{self.window}")
        ax.set_title(f"Cross-sectional variance {self.cs_variance:.2f} (p={self.variance_test.pvalue:.3g})")
        return fig

    def __repr__(self) -> str:
        return f"EventInducedVarianceResults(N={len(self.assets)}, window={self.window}, cs_variance={self.cs_variance:.4f})"


def event_induced_variance(
    returns: pd.DataFrame,
    market: pd.DataFrame | pd.Series,
    event_date: Any,
    estimation_window: tuple[int, int] = (-260, -11),
    window: tuple[int, int] = (0, 0),
    assets: Sequence[str] | None = None,
    alternative: str = "greater",
) -> EventInducedVarianceResults:
    """Event-induced variance across assets (Boehmer, Musumeci & Poulsen 1991).

    Parameters
    ----------
    returns : DataFrame
        Daily returns, one column per asset, all on one calendar (DatetimeIndex).
    market : DataFrame or Series
        Market returns (one column).
    event_date : date-like
        Day 0 is the first row on or after it.
    estimation_window : (int, int), default (-260, -11)
        Market-model estimation window; must end before ``window`` starts.
    window : (int, int), default (0, 0)
        Event day (or days: the CAR is standardized) tested.
    assets : sequence of str, optional
        Subset of columns.
    alternative : {"greater", "two-sided", "less"}, default "greater"
        Alternative of the variance test (an *increase* in variance is the usual one).

    Returns
    -------
    EventInducedVarianceResults
        ``cs_variance`` (the ratio to its null value 1), ``variance_test``,
        ``bmp_test``, ``frame()``, ``summary()``, ``plot()``, ``to_latex()``.

    Notes
    -----
    For each asset ``i`` the market model is fitted by OLS on the ``L`` estimation days
    (one batched solve; ``s_i^2 = SSR_i / (L - 2)``, ddof = 2). The (cumulative)
    abnormal return over the ``W``-day window is standardized by its prediction-error
    standard deviation (Patell 1976; BMP 1991, eq. 1):
    ``SCAR_i = CAR_i / (s_i sqrt(W + 1' X*_i (X_i'X_i)^{-1} X*_i' 1))``.
    BMP's point is that an event can raise the cross-sectional variance of the SCARs
    above the estimation-period value; their statistic divides the mean SCAR by the
    cross-sectional standard deviation ``s_N`` (ddof = 1):
    ``t_BMP = mean(SCAR) / (s_N / sqrt(N)) ~ t(N - 1)`` (reported as ``bmp_test``).
    The event-induced variance itself is ``s_N^2``, which is 1 under H0 when the SCARs
    are i.i.d. ``N(0, 1)``; ``(N - 1) s_N^2 ~ chi2(N - 1)`` (``variance_test``). Under H0
    with estimated ``s_i`` each SCAR is ``t(L - 2)`` with variance ``(L - 2)/(L - 4)``
    (about 1.008 for L = 250), a small upward bias that is ignored (stored in details).

    Assumptions: SCARs independent across assets — with one common event date they are
    cross-correlated (Kolari & Pynnönen 2010), which inflates ``s_N^2``'s variance and
    biases it *down* when correlation is positive; read the chi2 p-value with care and
    see :func:`~eventstudy.extensions.calendar_time_portfolio` for a cross-correlation-
    robust check of the mean.

    References
    ----------
    1. Boehmer, E., Musumeci, J., & Poulsen, A. B. (1991). Event-study methodology under
       conditions of event-induced variance. *Journal of Financial Economics*, 30(2),
       253-272.
    2. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with cross-sectional
       correlation of abnormal returns. *Review of Financial Studies*, 23(11), 3996-4025.
    3. Patell, J. M. (1976). Corporate forecasts of earnings per share and stock price
       behavior: empirical tests. *Journal of Accounting Research*, 14(2), 246-276.
    """
    alternative = check_alternative(alternative)
    est = check_window(estimation_window, "estimation_window")
    win = check_window(window, "window")
    check_disjoint(est, win, ("estimation_window", "window"))
    R = as_frame(returns, "returns")
    if assets is not None:
        missing = [a for a in assets if a not in R.columns]
        if missing:
            raise SpecificationError(f"assets {missing} are not columns of returns")
        R = R[list(assets)]
    if R.shape[1] < 3:
        raise SpecificationError(f"the cross-sectional variance needs at least 3 assets, got {R.shape[1]}")
    M = _market_series(market)
    frame = _join(R, M)
    ef = event_frame(frame, event_date, (est[0], win[1]), "returns")
    require_finite(ef, est, "return", "estimation window")
    require_finite(ef, win, "return", "event window")
    E = ef.rows(est).to_numpy()
    V = ef.rows(win).to_numpy()
    L, W = E.shape[0], V.shape[0]
    X = np.column_stack([np.ones(L), E[:, -1]])
    Xw = np.column_stack([np.ones(W), V[:, -1]])
    B, resid = _ols(E[:, :-1], X)
    dof = L - 2
    s2 = (resid**2).sum(axis=0) / dof
    ar = V[:, :-1] - Xw @ B
    xs = Xw.sum(axis=0)
    factor = W + float(xs @ np.linalg.inv(X.T @ X) @ xs)
    car = ar.sum(axis=0)
    se = np.sqrt(s2 * factor)
    scar = car / se
    N = scar.size
    s2n = float(scar.var(ddof=1))
    chi = (N - 1) * s2n
    if alternative == "greater":
        p = float(stats.chi2.sf(chi, N - 1))
    elif alternative == "less":
        p = float(stats.chi2.cdf(chi, N - 1))
    else:
        p = float(min(1.0, 2.0 * min(stats.chi2.sf(chi, N - 1), stats.chi2.cdf(chi, N - 1))))
    vt = TestResult(
        name="event_induced_variance",
        statistic=chi,
        pvalue=p,
        null_distribution=f"chi2({N - 1})",
        n=N,
        window=win,
        alternative=alternative,
        details={"cs_variance": s2n, "null_variance_t": dof / (dof - 2) if dof > 2 else float("nan")},
    )
    tb = float(scar.mean() / (np.sqrt(s2n) / np.sqrt(N)))
    bt = TestResult(
        name="bmp",
        statistic=tb,
        pvalue=float(2.0 * stats.t.sf(abs(tb), N - 1)),
        null_distribution=f"t({N - 1})",
        n=N,
        window=win,
        details={"mean_scar": float(scar.mean())},
    )
    return EventInducedVarianceResults(
        assets=tuple(R.columns),
        event_date=pd.Timestamp(event_date),
        day0=ef.day0,
        estimation_window=est,
        window=win,
        car=car,
        se=se,
        scar=scar,
        dof=dof,
        cs_variance=s2n,
        variance_test=vt,
        bmp_test=bt,
    )
