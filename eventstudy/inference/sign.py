"""Sign and signed-rank tests on the assets' CARs.

* :func:`sign` -- binomial sign test of ``P(CAR > 0) = 0.5``.
* :func:`generalized_sign` -- Cowan (1992) generalized sign test with the
  estimation-window fraction of positive abnormal returns as the null proportion.
* :func:`wilcoxon` -- Wilcoxon (1945) signed-rank test via :func:`scipy.stats.wilcoxon`.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..errors import SpecificationError
from .base import EventSample, TestResult, check_alternative, pvalue_symmetric, resolve_window

__all__ = ["sign", "generalized_sign", "wilcoxon"]


def _binom_p(k: int, n: int, p: float, alternative: str) -> float:
    return float(stats.binomtest(k, n, p, alternative=alternative).pvalue)


def sign(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    method: str = "exact",
) -> TestResult:
    r"""Binomial sign test of the CARs.

    ``H0: P(CAR_i > 0) = 1/2`` (median CAR zero), with ``N^+`` the number of
    positive CARs among the ``n`` non-zero ones (zeros are dropped). ``method="exact"``
    (default) refers ``N^+`` to ``Binomial(n, 0.5)`` (scipy ``binomtest``; the
    two-sided p-value doubles the smaller tail, capped at 1);
    ``method="normal"`` uses

    .. math::  Z = \frac{N^+ - n/2}{\sqrt{n/4}} \sim N(0, 1)

    without continuity correction (Cowan 1992; Campbell, Lo & MacKinlay 1997,
    sec. 4.6). Assumes cross-sectional independence and, for the median to mean
    "no effect", symmetric CARs -- Brown & Warner (1980) show the test is
    misspecified when the AR distribution is skewed (see :func:`generalized_sign`).

    Parameters
    ----------
    sample : EventSample
        Abnormal returns.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        ``"greater"``: more positive CARs than one half.
    method : {"exact", "normal"}
        Exact binomial (``statistic = N^+``) or normal approximation (``statistic = Z``).

    Returns
    -------
    TestResult
        ``n`` is the number of non-zero CARs; ``details``: ``n_pos``, ``z``.

    References
    ----------
    1. Cowan, A. R. (1992). Nonparametric event study tests. *Review of
       Quantitative Finance and Accounting* 2(4), 343-358.
    2. Campbell, J. Y., Lo, A. W., & MacKinlay, A. C. (1997). *The Econometrics of
       Financial Markets*, ch. 4. Princeton University Press.
    3. Brown, S. J., & Warner, J. B. (1980). Measuring security price performance.
       *Journal of Financial Economics* 8(3), 205-258.
    """
    check_alternative(alternative)
    if method not in ("exact", "normal"):
        raise SpecificationError(f"method={method!r} is unknown; use 'exact' or 'normal'")
    win, _ = resolve_window(sample, window)
    car = sample.car(window)
    n = int(np.count_nonzero(car))
    if n == 0:
        raise SpecificationError("sign: every CAR is exactly zero; the sign test is undefined")
    k = int((car > 0).sum())
    z = (k - 0.5 * n) / np.sqrt(0.25 * n)
    if method == "exact":
        stat, p, null = float(k), _binom_p(k, n, 0.5, alternative), f"Binomial({n}, 0.5)"
    else:
        stat, p, null = float(z), float(pvalue_symmetric(z, stats.norm(), alternative)), "N(0,1)"
    return TestResult(
        name="sign",
        statistic=stat,
        pvalue=p,
        null_distribution=null,
        n=n,
        window=win,
        alternative=alternative,
        details={"n_pos": k, "z": float(z), "n_zero": int(car.size - n), "method": method},
    )


def generalized_sign(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    method: str = "normal",
) -> TestResult:
    r"""Cowan (1992) generalized sign test.

    The null proportion of positive CARs is estimated from the estimation window,

    .. math::

        \hat p = \frac{1}{N}\sum_{i=1}^N \frac{1}{L}\sum_{t \in est} 1[AR_{it} > 0], \qquad
        Z = \frac{w - N \hat p}{\sqrt{N \hat p (1 - \hat p)}}

    with ``w`` the number of assets with ``CAR_i > 0`` (Cowan 1992, sec. 2; no
    continuity correction). This allows for a skewed abnormal-return distribution
    (more negative than positive residuals). ``method="exact"`` instead refers ``w``
    to ``Binomial(N, p_hat)``. Assumes cross-sectional independence, and that the
    estimation-window proportion of positive daily ARs is the null proportion of
    positive window CARs (exact for one-day windows). Reference distribution
    ``N(0, 1)``.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis.
    method : {"normal", "exact"}
        Normal approximation (Cowan 1992, ``statistic = Z``) or exact binomial
        (``statistic = w``).

    Returns
    -------
    TestResult
        ``details``: ``p_hat``, ``n_pos``, ``z``.

    References
    ----------
    1. Cowan, A. R. (1992). Nonparametric event study tests. *Review of
       Quantitative Finance and Accounting* 2(4), 343-358.
    """
    check_alternative(alternative)
    if method not in ("exact", "normal"):
        raise SpecificationError(f"method={method!r} is unknown; use 'normal' or 'exact'")
    win, _ = resolve_window(sample, window)
    car = sample.car(window)
    n = car.size
    p_hat = float((sample.ar_est > 0).mean(axis=0).mean())
    if not 0.0 < p_hat < 1.0:
        raise SpecificationError(f"generalized_sign: estimation-window share of positive ARs is {p_hat}")
    w = int((car > 0).sum())
    z = (w - n * p_hat) / np.sqrt(n * p_hat * (1.0 - p_hat))
    if method == "normal":
        stat, p, null = float(z), float(pvalue_symmetric(z, stats.norm(), alternative)), "N(0,1)"
    else:
        stat, p, null = float(w), _binom_p(w, n, p_hat, alternative), f"Binomial({n}, {p_hat:.4f})"
    return TestResult(
        name="generalized_sign",
        statistic=stat,
        pvalue=p,
        null_distribution=null,
        n=n,
        window=win,
        alternative=alternative,
        details={"p_hat": p_hat, "n_pos": w, "z": float(z), "method": method},
    )


def wilcoxon(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    method: str = "auto",
) -> TestResult:
    r"""Wilcoxon (1945) signed-rank test of the CARs.

    ``W^+ = sum_{i: CAR_i > 0} rank(|CAR_i|)`` (zeros dropped, ``zero_method="wilcox"``,
    average ranks for ties). ``H0``: the CARs are symmetric about zero. p-values come
    from :func:`scipy.stats.wilcoxon`: exact distribution of ``W^+`` when
    ``method="exact"`` or, with ``method="auto"``, when there are ``n <= 50`` non-zero
    CARs and no ties among their absolute values; otherwise the normal approximation with tie correction and no
    continuity correction. ``statistic`` is always ``W^+`` (scipy reports
    ``min(W^+, W^-)`` for two-sided tests; that value is in ``details``). Assumes
    independent CARs from distributions symmetric about their median.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis (``"greater"``: CARs shifted above zero).
    method : {"auto", "exact", "approx"}
        See above.

    Returns
    -------
    TestResult
        ``null_distribution`` is ``"Wilcoxon signed-rank(n)"`` (exact) or ``"N(0,1)"``.

    References
    ----------
    1. Wilcoxon, F. (1945). Individual comparisons by ranking methods.
       *Biometrics Bulletin* 1(6), 80-83.
    2. Hollander, M., Wolfe, D. A., & Chicken, E. (2014). *Nonparametric
       Statistical Methods*, 3rd ed., ch. 3. Wiley.
    """
    check_alternative(alternative)
    if method not in ("auto", "exact", "approx"):
        raise SpecificationError(f"method={method!r} is unknown; use 'auto', 'exact' or 'approx'")
    win, _ = resolve_window(sample, window)
    car = sample.car(window)
    nz = car[car != 0]
    n = nz.size
    if n == 0:
        raise SpecificationError("wilcoxon: every CAR is exactly zero; the test is undefined")
    a = np.abs(nz)
    ties = np.unique(a).size < n
    if method == "auto":
        method = "exact" if (n <= 50 and not ties) else "approx"
    res = stats.wilcoxon(nz, alternative=alternative, method=method, zero_method="wilcox")
    w_plus = float(stats.rankdata(a)[nz > 0].sum())
    return TestResult(
        name="wilcoxon",
        statistic=w_plus,
        pvalue=float(res.pvalue),
        null_distribution=f"Wilcoxon signed-rank({n})" if method == "exact" else "N(0,1)",
        n=n,
        window=win,
        alternative=alternative,
        details={"scipy_statistic": float(res.statistic), "method": method, "n_zero": int(car.size - n)},
    )
