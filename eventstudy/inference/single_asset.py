"""Single-asset (single-firm, single-event) significance tests.

Each function returns one :class:`~eventstudy.inference.base.TestResult` per
asset, in the order of ``sample.assets``, with ``asset=`` set.

* :func:`t_prediction_error` -- CAR over its prediction-error standard deviation.
* :func:`dummy_regression` -- event-day dummy regression (Karafiath 1988; Salinger 1992).
* :func:`sq` -- the SQ test of Gelbach, Helland & Klick (2013), a sample-quantile test
  that does not assume normal abnormal returns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from ..errors import SpecificationError
from .base import EventSample, TestResult, check_alternative, pvalue_symmetric, resolve_window

__all__ = ["t_prediction_error", "dummy_regression", "sq"]

_COV_TYPES = ("nonrobust", "HC0", "HC1", "HC3", "HAC")


def _label(sample: EventSample, i: int) -> str:
    return sample.assets[i] if len(sample.assets) == sample.n_assets else str(i)


def _select(sample: EventSample, asset: int | str | None) -> list[int]:
    """Positions of the requested asset (index or label), or of all assets."""
    if asset is None:
        return list(range(sample.n_assets))
    if isinstance(asset, str):
        if asset not in sample.assets:
            raise SpecificationError(
                f"asset {asset!r} is not in the sample; choose one of {list(sample.assets)}"
            )
        return [sample.assets.index(asset)]
    i = int(asset)
    if not -sample.n_assets <= i < sample.n_assets:
        raise SpecificationError(f"asset index {i} is out of range for {sample.n_assets} assets")
    return [i % sample.n_assets]


def t_prediction_error(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    asset: int | str | None = None,
    alternative: str = "two-sided",
) -> list[TestResult]:
    r"""Prediction-error t test of one asset's CAR.

    .. math::

        t_i = \frac{CAR_i(\tau_1, \tau_2)}{\sqrt{\iota' V_i \iota}},
        \qquad V_i = \hat\sigma_i^2 \left(I + X_i^* (X_i'X_i)^{-1} X_i^{*\prime}\right)

    (MacKinlay 1997, eqs. 9-14; Campbell, Lo & MacKinlay 1997, sec. 4.4). ``V_i`` is
    the window block of ``sample.cov_evt`` (the estimation-error term is kept, so
    this is the exact finite-sample variance of the CAR under the null, not the
    large-``L`` approximation ``T \sigma^2``).

    Variance convention: ``sigma_i^2 = SSR_i / (L - sample.ddof)``, as stored in the
    sample. Reference distribution: Student ``t(sample.dof)``, exact under normal,
    homoskedastic, serially uncorrelated disturbances when ``ddof = p``; the
    ``N(0, 1)`` p-value is reported in ``details["pvalue_normal"]``.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns and their null covariance.
    window : tuple of int, optional
        Inclusive event-time window; ``None`` uses the whole event window.
    asset : int or str, optional
        Only this asset (position or label); the result is then a one-element list.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAR.

    Returns
    -------
    list of TestResult
        One per asset; ``n`` is the estimation-window length ``L``.

    References
    ----------
    1. MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of
       Economic Literature* 35(1), 13-39.
    2. Campbell, J. Y., Lo, A. W., & MacKinlay, A. C. (1997). *The Econometrics of
       Financial Markets*, ch. 4. Princeton University Press.
    """
    check_alternative(alternative)
    win, _ = resolve_window(sample, window)
    car = sample.car(window)
    var = sample.car_variance(window)
    t = car / np.sqrt(var)
    p_t = pvalue_symmetric(t, stats.t(sample.dof), alternative)
    p_n = pvalue_symmetric(t, stats.norm(), alternative)
    return [
        TestResult(
            name="t_prediction_error",
            statistic=float(t[i]),
            pvalue=float(p_t[i]),
            null_distribution=f"t({sample.dof})",
            n=sample.n_est,
            window=win,
            alternative=alternative,
            asset=_label(sample, i),
            details={"car": float(car[i]), "var_car": float(var[i]), "pvalue_normal": float(p_n[i])},
        )
        for i in _select(sample, asset)
    ]


def _hc3_cov(res: Any) -> np.ndarray:
    """HC3 covariance with leverage-one rows (event-day dummies) contributing zero.

    An observation with its own dummy has leverage ``h = 1`` and residual 0; the
    HC3 weight ``e^2 / (1 - h)^2`` is ``0/0``. Its limit is taken as 0 (the residual
    is identically zero whatever the data), which is what HC0 does for that row.
    """
    Z = res.model.exog
    pinv = res.normalized_cov_params  # (Z'Z)^{-1}
    h = np.einsum("ij,jk,ik->i", Z, pinv, Z)
    e2 = res.resid**2
    free = h < 1.0 - 1e-10
    omega = np.zeros_like(e2)
    omega[free] = e2[free] / (1.0 - h[free]) ** 2
    meat = (Z * omega[:, None]).T @ Z
    return pinv @ meat @ pinv


def _event_disturbance_cov(resid_est: np.ndarray, T: int, df: float, lags: int) -> np.ndarray:
    """Null covariance of ``T`` consecutive event-day disturbances from estimation residuals.

    Toeplitz with entries ``w_k gamma_k`` for ``|t - s| = k <= lags`` (Bartlett
    weights ``w_k = 1 - k/(lags + 1)``), ``gamma_k = sum_t e_t e_{t-k} / df``; ``lags = 0``
    gives ``s^2 I_T``.
    """
    e = np.asarray(resid_est, dtype=float)
    k = np.abs(np.subtract.outer(np.arange(T), np.arange(T)))
    gam = np.zeros(T)
    for lag in range(min(lags, T - 1, e.size - 1) + 1):  # at most maxlags + 1 terms
        gam[lag] = (1.0 - lag / (lags + 1.0)) * (e[lag:] @ e[: e.size - lag]) / df
    return gam[k]


def dummy_regression(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    asset: int | str | None = None,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    use_t: bool = True,
    add_event_variance: bool = True,
    alternative: str = "two-sided",
) -> list[TestResult]:
    r"""Event-day dummy regression test of one asset's CAR.

    For each asset, OLS (statsmodels) over the estimation and event windows of

    .. math::

        R_t = x_t'\beta + \sum_{k=1}^{T} \gamma_k D_{kt} + \varepsilon_t,

    with one dummy ``D_k`` per event-window day (Karafiath 1988; Salinger 1992).
    Because every event day has its own dummy, ``beta`` is identified by the
    estimation window alone and ``gamma_k`` equals the event-day abnormal return
    ``AR_k`` exactly. ``H0: sum_{k in window} gamma_k = 0`` (the CAR) is tested with
    statsmodels ``t_test`` under the chosen covariance.

    Variance conventions (``cov_type``):

    * ``"nonrobust"``: ``s^2 (Z'Z)^{-1}`` with ``s^2 = SSR / (L - p)``. The t statistic
      equals :func:`t_prediction_error` when ``sample.ddof = p``.
    * ``"HC0"``, ``"HC1"``: White (1980) / MacKinnon & White (1985) sandwich from statsmodels.
    * ``"HC3"``: computed here and passed to ``t_test(cov_p=...)``; rows of leverage one
      (the dummied event days, residual 0) get weight 0 instead of ``0/0``.
    * ``"HAC"``: Newey & West (1987), Bartlett kernel, ``maxlags`` lags (default
      ``floor(4 (n/100)^{2/9})``).

    Robust covariances and the event-day disturbance. With one dummy per event day
    the event-day residuals are zero, so a sandwich (HC/HAC) covariance of ``gamma``
    contains only the estimation-error part of ``Var(CAR)``; the variance of the
    event-day disturbances themselves, ``Var(sum u*)``, is missing and the test
    over-rejects badly (t ratios of 5 under the null are typical). With
    ``add_event_variance=True`` (default) the null covariance of the event-day
    disturbances estimated from the estimation residuals is added to the dummy
    block before ``t_test(cov_p=...)``: ``s^2 I_T`` for HC types
    (``s^2 = SSR/(L - p)``) and, for HAC, the Toeplitz matrix of Bartlett-weighted
    residual autocovariances ``w_k gamma_k`` (``gamma_k = sum_t e_t e_{t-k}/(L - p)``,
    ``w_k = 1 - k/(maxlags + 1)``). ``add_event_variance=False`` gives the raw
    statsmodels covariance (diagnostic only; ``details["caveat"]`` says so). For
    ``"nonrobust"`` the option has no effect: ``s^2 (Z'Z)^{-1}`` already contains it.

    Reference distribution: ``t(L - p)`` when ``use_t`` (default), else ``N(0, 1)``.

    Parameters
    ----------
    sample : EventSample
        Must carry ``returns_est``, ``returns_evt``, ``regressors_est``, ``regressors_evt``.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    cov_type : {"nonrobust", "HC0", "HC1", "HC3", "HAC"}
        Covariance estimator.
    maxlags : int, optional
        Newey-West lags for ``cov_type="HAC"``.
    use_t : bool
        Student t (``df = L - p``) instead of the normal reference distribution.
    add_event_variance : bool
        Add the estimated event-day disturbance covariance to robust covariances (see above).
    asset : int or str, optional
        Only this asset (position or label); the result is then a one-element list.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAR.

    Returns
    -------
    list of TestResult
        One per asset; ``statistic`` is the t ratio, ``details["car"]`` the dummy sum
        and ``details["gamma"]`` the dummy coefficients of the whole event window.

    Raises
    ------
    SpecificationError
        If the sample has no raw returns or regressors, or ``cov_type`` is unknown.

    References
    ----------
    1. Karafiath, I. (1988). Using dummy variables in the event methodology.
       *Financial Review* 23(3), 351-357.
    2. Salinger, M. (1992). Standard errors in event studies. *Journal of Financial
       and Quantitative Analysis* 27(1), 39-53.
    3. White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator
       and a direct test for heteroskedasticity. *Econometrica* 48(4), 817-838.
    4. MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent
       covariance matrix estimators with improved finite sample properties.
       *Journal of Econometrics* 29(3), 305-325.
    5. Newey, W. K., & West, K. D. (1987). A simple, positive semi-definite,
       heteroskedasticity and autocorrelation consistent covariance matrix.
       *Econometrica* 55(3), 703-708.
    """
    from statsmodels.regression.linear_model import OLS  # imported here: heavy, used only by this test

    check_alternative(alternative)
    if cov_type not in _COV_TYPES:
        raise SpecificationError(f"cov_type={cov_type!r} is unknown; use one of {', '.join(_COV_TYPES)}")
    needed = ("returns_est", "returns_evt", "regressors_est", "regressors_evt")
    missing = [f for f in needed if getattr(sample, f) is None]
    if missing:
        raise SpecificationError(
            f"dummy_regression needs sample.{', sample.'.join(missing)}; the normal-return model "
            "has no regressors (use model='market' or 'factor'), or build the EventSample with raw returns"
        )
    win, rows = resolve_window(sample, window)
    L, T = sample.returns_est.shape[0], sample.returns_evt.shape[0]
    p = sample.regressors_est.shape[2]
    D = np.vstack([np.zeros((L, T)), np.eye(T)])
    R = np.zeros((1, p + T))
    R[0, p + rows] = 1.0
    lags = 0  # Newey-West lags (HAC only); 0 gives s^2 I_T for the added event-day term
    if cov_type == "HAC":
        lags = int(np.floor(4.0 * ((L + T) / 100.0) ** (2.0 / 9.0))) if maxlags is None else int(maxlags)
    out: list[TestResult] = []
    for i in _select(sample, asset):  # one statsmodels fit per asset
        y = np.concatenate([sample.returns_est[:, i], sample.returns_evt[:, i]])
        Z = np.hstack([np.vstack([sample.regressors_est[i], sample.regressors_evt[i]]), D])
        model = OLS(y, Z)
        if cov_type == "HC3":
            res = model.fit(use_t=use_t)
            cov = _hc3_cov(res)
        elif cov_type == "HAC":
            res = model.fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=use_t)
            cov = np.asarray(res.cov_params())
        else:
            res = model.fit(cov_type=cov_type, use_t=use_t)
            cov = np.asarray(res.cov_params())
        if cov_type != "nonrobust" and add_event_variance:
            cov = cov.copy()
            cov[p:, p:] += _event_disturbance_cov(res.resid[:L], T, res.df_resid, lags)
        tt = res.t_test(R, cov_p=cov, use_t=use_t)
        tstat = float(np.asarray(tt.tvalue).ravel()[0])
        df = int(round(res.df_resid))
        dist = stats.t(df) if use_t else stats.norm()
        gamma = np.asarray(res.params[p:], dtype=float)
        details: dict[str, Any] = {
            "car": float(np.asarray(tt.effect).ravel()[0]),
            "se_car": float(np.asarray(tt.sd).ravel()[0]),
            "gamma": gamma,
            "cov_type": cov_type,
            "df_resid": df,
        }
        if cov_type == "HAC":
            details["maxlags"] = lags
        if cov_type != "nonrobust":
            details["add_event_variance"] = add_event_variance
        if cov_type != "nonrobust" and not add_event_variance:
            details["caveat"] = (
                "robust variance omits the event-day disturbance variance (event-day residuals are "
                "zero with one dummy per day); diagnostic only, over-rejects"
            )
        out.append(
            TestResult(
                name="dummy_regression",
                statistic=tstat,
                pvalue=float(pvalue_symmetric(tstat, dist, alternative)),
                null_distribution=f"t({df})" if use_t else "N(0,1)",
                n=int(res.nobs),
                window=win,
                alternative=alternative,
                asset=_label(sample, i),
                details=details,
            )
        )
    return out


def sq(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    asset: int | str | None = None,
    alternative: str = "two-sided",
    convention: str = "plus_one",
) -> list[TestResult]:
    r"""SQ (sample-quantile) test of one asset's CAR (Gelbach, Helland & Klick 2013).

    The null distribution of the event-window CAR is the empirical distribution of
    the estimation-window residuals (GHK 2013, sec. III): for a ``d``-day window the
    reference sample is the ``n = L - d + 1`` overlapping sums of ``d`` consecutive
    estimation residuals, ``S_j = sum_{k=j}^{j+d-1} e_k``. The test is valid without
    normality as the estimation window grows, provided residuals are stationary and
    the event-window disturbance has the same distribution; it has no power beyond
    its ``1/n`` resolution.

    Quantile convention (``convention="ecdf"``: GHK's empirical CDF)::

        p_less    = #{S_j <= CAR} / n          (= F_n(CAR), the empirical CDF)
        p_greater = #{S_j >= CAR} / n
        p_two     = min(1, 2 * min(p_less, p_greater))

    Without ties ``p_greater = 1 - F_n(CAR)``, so ``p_two = 2 min(F, 1 - F)`` as in
    GHK's rejection rule (reject when CAR is below the ``alpha/2`` or above the
    ``1 - alpha/2`` sample quantile). ``convention="plus_one"`` (the default) uses
    ``(# + 1)/(n + 1)``, the randomisation-test convention that never returns 0:
    an event beyond every estimation residual gets ``p = 2/(n+1)``, an honest
    statement of the test's ``1/n`` resolution rather than a p-value of zero; it is
    also the convention of :func:`eventstudy.placebo`.
    Other conventions (e.g. interpolated sample quantiles, ``count/(n+1)``) differ
    by ``O(1/n)``.

    ``statistic`` is the CAR itself.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns; uses ``ar_est`` (time order) and ``ar_evt``.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    asset : int or str, optional
        Only this asset (position or label); the result is then a one-element list.
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAR.
    convention : {"ecdf", "plus_one"}
        Empirical p-value convention (see above).

    Returns
    -------
    list of TestResult
        One per asset; ``n`` is the number of reference sums ``L - d + 1``;
        ``details["ecdf"]`` is ``F_n(CAR)``.

    References
    ----------
    1. Gelbach, J. B., Helland, E., & Klick, J. (2013). Valid inference in
       single-firm, single-event studies. *American Law and Economics Review* 15(2),
       495-541.
    """
    check_alternative(alternative)
    if convention not in ("ecdf", "plus_one"):
        raise SpecificationError(f"convention={convention!r} is unknown; use 'ecdf' or 'plus_one'")
    win, rows = resolve_window(sample, window)
    d = rows.size
    L = sample.n_est
    if d > L:
        raise SpecificationError(f"sq: window of {d} days is longer than the estimation window ({L})")
    car = sample.car(window)
    # (L-d+1, N) overlapping d-day sums, summed directly (no cumsum round-off)
    sums = np.lib.stride_tricks.sliding_window_view(sample.ar_est, d, axis=0).sum(axis=-1)
    n = sums.shape[0]
    le = (sums <= car).sum(axis=0)
    ge = (sums >= car).sum(axis=0)
    if convention == "ecdf":
        p_less, p_greater = le / n, ge / n
    else:
        p_less, p_greater = (le + 1) / (n + 1), (ge + 1) / (n + 1)
    if alternative == "two-sided":
        pv = np.minimum(1.0, 2.0 * np.minimum(p_less, p_greater))
    elif alternative == "less":
        pv = p_less
    else:
        pv = p_greater
    return [
        TestResult(
            name="sq",
            statistic=float(car[i]),
            pvalue=float(pv[i]),
            null_distribution="empirical",
            n=n,
            window=win,
            alternative=alternative,
            asset=_label(sample, i),
            details={"ecdf": float(le[i] / n), "n_sums": n, "window_length": d, "convention": convention},
        )
        for i in _select(sample, asset)
    ]
