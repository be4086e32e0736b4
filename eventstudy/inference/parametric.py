"""Parametric cross-sectional tests of the cumulative average abnormal return.

All functions test ``H0: E[CAAR(tau_1, tau_2)] = 0`` across the ``N`` assets of an
:class:`~eventstudy.inference.base.EventSample` and return one
:class:`~eventstudy.inference.base.TestResult` (``n = N``).

* :func:`t_cross_sectional` -- ordinary cross-sectional t test of the CARs.
* :func:`brown_warner` -- Brown & Warner (1980, 1985) crude dependence adjustment.
* :func:`patell` -- Patell (1976) standardized-residual Z test.
* :func:`bmp` -- Boehmer, Musumeci & Poulsen (1991) standardized cross-sectional test.
* :func:`kolari_pynnonen` -- Kolari & Pynnönen (2010) cross-correlation adjusted BMP.
"""

from __future__ import annotations

import numpy as np

from ..errors import SpecificationError
from .base import EventSample, TestResult, check_alternative, pvalue_symmetric, resolve_window
from .kernels import average_correlation as _average_correlation
from .kernels import bmp_t, kp_adjustment, norm_dist, patell_z, t_dist

__all__ = ["t_cross_sectional", "brown_warner", "patell", "bmp", "kolari_pynnonen", "average_correlation"]


def _need_assets(sample: EventSample, k: int, name: str) -> None:
    if sample.n_assets < k:
        raise SpecificationError(f"{name} needs at least {k} assets; the sample has {sample.n_assets}")


def t_cross_sectional(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    ddof: int = 1,
) -> TestResult:
    r"""Cross-sectional t test of the mean CAR.

    .. math::

        t = \frac{\overline{CAR}}{s_{CAR} / \sqrt{N}}, \qquad
        s_{CAR}^2 = \frac{1}{N - \mathrm{ddof}} \sum_i (CAR_i - \overline{CAR})^2

    (the "cross-sectional" t test of Brown & Warner 1985 and Campbell, Lo &
    MacKinlay 1997, ch. 4, with the variance estimated from the CARs). The cross-sectional variance makes the test
    robust to event-induced variance but not to cross-sectional correlation
    (clustered event dates). Assumes independent, identically distributed CARs;
    reference distribution ``t(N - 1)`` (exact for normal CARs with ``ddof=1``).

    Parameters
    ----------
    sample : EventSample
        Abnormal returns of ``N >= 2`` assets.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAAR.
    ddof : int
        Denominator of the cross-sectional variance is ``N - ddof`` (default 1).

    Returns
    -------
    TestResult
        ``details``: ``caar``, ``sd_car``.

    References
    ----------
    1. Brown, S. J., & Warner, J. B. (1985). Using daily stock returns: The case of
       event studies. *Journal of Financial Economics* 14(1), 3-31.
    2. Campbell, J. Y., Lo, A. W., & MacKinlay, A. C. (1997). *The Econometrics of
       Financial Markets*, ch. 4. Princeton University Press.
    """
    check_alternative(alternative)
    _need_assets(sample, 2, "t_cross_sectional")
    win, _ = resolve_window(sample, window)
    car = sample.car(window)
    n = car.size
    sd = car.std(ddof=ddof)
    t = car.mean() / (sd / np.sqrt(n))
    return TestResult(
        name="t_cross_sectional",
        statistic=float(t),
        pvalue=float(pvalue_symmetric(t, t_dist(n - 1), alternative)),
        null_distribution=f"t({n - 1})",
        n=n,
        window=win,
        alternative=alternative,
        details={"caar": float(car.mean()), "sd_car": float(sd), "ddof": ddof},
    )


def brown_warner(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    ddof: int = 1,
    demean: bool = False,
) -> TestResult:
    r"""Brown & Warner crude dependence adjustment test.

    The standard deviation comes from the time series of the equally weighted
    average abnormal return over the estimation window, so cross-sectional
    correlation of same-date abnormal returns is accounted for (the "crude
    dependence adjustment" of Brown & Warner 1980, and Brown & Warner 1985,
    market-model version):

    .. math::

        \bar A_t = \frac{1}{N}\sum_i AR_{it}, \quad
        S(\bar A) = \sqrt{\frac{1}{L - \mathrm{ddof}}\sum_{t \in est}(\bar A_t - \bar{\bar A})^2},
        \quad
        t = \frac{\sum_{t=\tau_1}^{\tau_2} \bar A_t}{\sqrt{\tau_2 - \tau_1 + 1}\; S(\bar A)}.

    The multi-day form divides by ``sqrt(window length)`` (serially uncorrelated
    ``bar A_t``). With ``demean=True`` the numerator uses ``bar A_t - mean`` (Brown &
    Warner 1980 mean-adjusted variant); with OLS residuals the estimation mean is zero
    anyway. Assumes the average AR is stationary and serially uncorrelated and the
    event does not change its variance. Reference distribution ``t(L - 1)``
    (Brown & Warner 1985 use t with 238 d.f. for 239 estimation days).

    Parameters
    ----------
    sample : EventSample
        Abnormal returns.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAAR.
    ddof : int
        The estimation-window variance has denominator ``L - ddof`` (default 1).
    demean : bool
        Subtract the estimation-window mean of ``bar A_t`` from the event-window values.

    Returns
    -------
    TestResult
        ``details``: ``caar``, ``sd_aar`` (``S(bar A)``), ``window_length``.

    References
    ----------
    1. Brown, S. J., & Warner, J. B. (1980). Measuring security price performance.
       *Journal of Financial Economics* 8(3), 205-258.
    2. Brown, S. J., & Warner, J. B. (1985). Using daily stock returns: The case of
       event studies. *Journal of Financial Economics* 14(1), 3-31.
    """
    check_alternative(alternative)
    win, rows = resolve_window(sample, window)
    aar_est = sample.ar_est.mean(axis=1)
    aar_evt = sample.ar_evt[rows].mean(axis=1)
    s = aar_est.std(ddof=ddof)
    num = aar_evt.sum() - (rows.size * aar_est.mean() if demean else 0.0)
    t = num / (np.sqrt(rows.size) * s)
    df = sample.n_est - 1
    return TestResult(
        name="brown_warner",
        statistic=float(t),
        pvalue=float(pvalue_symmetric(t, t_dist(df), alternative)),
        null_distribution=f"t({df})",
        n=sample.n_assets,
        window=win,
        alternative=alternative,
        details={"caar": float(aar_evt.sum()), "sd_aar": float(s), "window_length": int(rows.size)},
    )


def patell(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    r"""Patell (1976) standardized abnormal return Z test.

    .. math::

        SCAR_i = \frac{CAR_i}{\sqrt{\iota' V_i \iota}}, \qquad
        Z = \frac{\sum_{i=1}^N SCAR_i}{\sqrt{\sum_{i=1}^N \frac{d_i}{d_i - 2}}}

    where ``V_i`` is the prediction-error covariance of the window's abnormal returns
    (``sample.cov_evt``; Patell 1976, sec. 3, standardized prediction errors with the
    ``1 + 1/L + (R_m - bar R_m)^2 / sum (R_m - bar R_m)^2`` correction, cumulated as
    in MacKinlay 1997, eq. 14) and ``d_i = sample.dof = L - p``: each ``SCAR_i`` is
    ``t(d_i)`` with variance ``d_i/(d_i - 2)``. Assumes normal, homoskedastic,
    serially uncorrelated residuals, no event-induced variance and cross-sectional
    independence. Reference distribution ``N(0, 1)`` (central limit over assets).

    Variance convention: ``SCAR`` uses ``sigma_i^2 = SSR/(L - sample.ddof)``; the
    ``d/(d-2)`` factor is exact only when ``sample.ddof = p``.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns and their prediction-error covariance.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAAR.

    Returns
    -------
    TestResult
        ``details``: ``mean_scar``, ``var_factor`` (``d/(d-2)``).

    References
    ----------
    1. Patell, J. M. (1976). Corporate forecasts of earnings per share and stock
       price behavior: Empirical tests. *Journal of Accounting Research* 14(2), 246-276.
    2. MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of
       Economic Literature* 35(1), 13-39.
    """
    check_alternative(alternative)
    win, _ = resolve_window(sample, window)
    d = sample.dof
    if d <= 2:
        raise SpecificationError(f"patell needs more than 2 residual degrees of freedom; dof={d}")
    scar = sample.scar(window)
    factor = d / (d - 2.0)
    z = patell_z(scar, d)
    return TestResult(
        name="patell",
        statistic=float(z),
        pvalue=float(pvalue_symmetric(z, norm_dist(), alternative)),
        null_distribution="N(0,1)",
        n=sample.n_assets,
        window=win,
        alternative=alternative,
        details={"mean_scar": float(scar.mean()), "var_factor": factor},
    )


def _bmp_core(sample: EventSample, window: tuple[int, int] | None) -> tuple[float, np.ndarray]:
    scar = sample.scar(window)
    return float(bmp_t(scar)[0]), scar


def bmp(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    r"""Boehmer, Musumeci & Poulsen (1991) standardized cross-sectional test.

    .. math::

        t_{BMP} = \frac{\overline{SCAR}}{\sqrt{\frac{1}{N(N-1)}\sum_i (SCAR_i - \overline{SCAR})^2}}

    with ``SCAR_i`` the Patell-standardized CAR (prediction-error variance, see
    :func:`patell`; BMP 1991, sec. 2, "standardized cross-sectional method"; for
    windows the CAR is standardized by its own prediction-error standard deviation
    as in Kolari & Pynnönen 2010, sec. 1). The cross-sectional variance of the
    SCARs makes the test robust to event-induced variance. Assumes cross-sectional
    independence. Reference distribution ``t(N - 1)``; ``details["pvalue_normal"]``
    gives the ``N(0, 1)`` p-value used by some software.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns and their prediction-error covariance (``N >= 2``).
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAAR.

    Returns
    -------
    TestResult
        ``details``: ``mean_scar``, ``sd_scar`` (ddof 1), ``pvalue_normal``.

    References
    ----------
    1. Boehmer, E., Musumeci, J., & Poulsen, A. B. (1991). Event-study methodology
       under conditions of event-induced variance. *Journal of Financial Economics*
       30(2), 253-272.
    2. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with
       cross-sectional correlation of abnormal returns. *Review of Financial
       Studies* 23(11), 3996-4025.
    """
    check_alternative(alternative)
    _need_assets(sample, 2, "bmp")
    win, _ = resolve_window(sample, window)
    t, scar = _bmp_core(sample, window)
    n = scar.size
    return TestResult(
        name="bmp",
        statistic=t,
        pvalue=float(pvalue_symmetric(t, t_dist(n - 1), alternative)),
        null_distribution=f"t({n - 1})",
        n=n,
        window=win,
        alternative=alternative,
        details={
            "mean_scar": float(scar.mean()),
            "sd_scar": float(scar.std(ddof=1)),
            "pvalue_normal": float(pvalue_symmetric(t, norm_dist(), alternative)),
        },
    )


def average_correlation(resid: np.ndarray) -> float:
    """Average off-diagonal Pearson correlation of the columns of ``resid`` (L, N).

    In ``O(L N)`` by :func:`eventstudy.inference.kernels.average_correlation`
    (``bar r = (||sum_i z_i||^2 - N) / (N (N - 1))``), not the ``N x N`` matrix.
    """
    return float(_average_correlation(resid))


def _equicorrelation_rbar(sample: EventSample, name: str) -> float:
    """``bar r`` of ``sample.ar_est`` for the Kolari & Pynnönen (2010) variance ``1 + (N - 1) bar r``.

    Raises
    ------
    SpecificationError
        If ``1 + (N - 1) bar r <= 0`` (``bar r`` below ``-1/(N-1)``): the adjustment is undefined.
    """
    rbar = average_correlation(sample.ar_est)
    if 1.0 + (sample.n_assets - 1) * rbar <= 0:
        raise SpecificationError(
            f"{name}: average residual correlation {rbar:.4f} is below -1/(N-1); adjustment undefined"
        )
    return rbar


def kolari_pynnonen(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    r"""Kolari & Pynnönen (2010) cross-correlation adjusted BMP test.

    .. math::

        t_{KP} = t_{BMP} \sqrt{\frac{1 - \bar r}{1 + (N - 1)\bar r}}

    (Kolari & Pynnönen 2010, sec. 2, the adjusted BMP statistic ``t_AB``), where
    ``bar r`` is the average of the ``N(N-1)`` off-diagonal Pearson correlations of
    the assets' estimation-window residuals (``sample.ar_est``). The adjustment
    corrects the variance of the mean SCAR for equicorrelated abnormal returns
    (clustered event dates). Assumes the correlation of the standardized CARs equals
    the daily residual correlation and is stable into the event window. Reference
    distribution ``t(N - 1)`` as for :func:`bmp`.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns (``N >= 2``).
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis for the CAAR.

    Returns
    -------
    TestResult
        ``details``: ``rbar``, ``t_bmp``, ``adjustment``.

    References
    ----------
    1. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with
       cross-sectional correlation of abnormal returns. *Review of Financial
       Studies* 23(11), 3996-4025.
    2. Boehmer, E., Musumeci, J., & Poulsen, A. B. (1991). Event-study methodology
       under conditions of event-induced variance. *Journal of Financial Economics*
       30(2), 253-272.
    """
    check_alternative(alternative)
    _need_assets(sample, 2, "kolari_pynnonen")
    win, _ = resolve_window(sample, window)
    t_bmp, scar = _bmp_core(sample, window)
    n = scar.size
    rbar = _equicorrelation_rbar(sample, "kolari_pynnonen")
    adj = kp_adjustment(rbar, n)
    t = t_bmp * adj
    return TestResult(
        name="kolari_pynnonen",
        statistic=float(t),
        pvalue=float(pvalue_symmetric(t, t_dist(n - 1), alternative)),
        null_distribution=f"t({n - 1})",
        n=n,
        window=win,
        alternative=alternative,
        details={"rbar": rbar, "t_bmp": t_bmp, "adjustment": float(adj)},
    )
