"""Nonparametric rank tests.

* :func:`corrado_rank` -- Corrado (1989) rank test with the multi-day extension of
  Corrado & Zivney (1992) / Campbell & Wasley (1993).
* :func:`grank` -- Kolari & Pynnönen (2011) generalized rank test on standardized CARs.

Ranks are taken per asset over time with average ranks for ties
(:func:`scipy.stats.rankdata`), vectorised across assets.
"""

from __future__ import annotations

import numpy as np

from ..errors import SpecificationError, WindowError
from .base import EventSample, TestResult, check_alternative, pvalue_symmetric, resolve_window
from .kernels import corrado_z, norm_dist, rank_rows, t_dist, time_rank_sums

__all__ = ["corrado_rank", "grank"]


def _check_days(sample: EventSample) -> None:
    if sample.est_days is None:
        return
    est = np.asarray(sample.est_days)
    if est.size != sample.n_est:
        raise WindowError(f"est_days has {est.size} labels but ar_est has {sample.n_est} rows")
    if est.size and est.max() >= np.min(sample.event_days):
        raise WindowError(
            f"estimation window (ends at {int(est.max())}) overlaps the event window "
            f"(starts at {int(np.min(sample.event_days))}); rank tests need disjoint windows"
        )


def corrado_rank(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
    sd_days: str = "all",
) -> TestResult:
    r"""Corrado (1989) rank test, multi-day form of Campbell & Wasley (1993).

    For each asset the ``M = L + T`` abnormal returns of the combined estimation and
    (whole) event window are ranked, ``K_it`` (average ranks for ties), and turned
    into demeaned uniform scores ``U_it = K_it / (M + 1) - 1/2`` (the Corrado & Zivney
    1992 scaling; with no missing returns this is Corrado's ``K_it - (M+1)/2``
    divided by ``M + 1``, which leaves the statistic unchanged). With
    ``bar U_t = (1/N) sum_i U_it``:

    .. math::

        S_U = \sqrt{\frac{1}{M}\sum_{t=1}^{M} \bar U_t^2}, \qquad
        Z = \frac{\sum_{t=\tau_1}^{\tau_2} \bar U_t}{\sqrt{\tau_2 - \tau_1 + 1}\; S_U}

    For a one-day window this is Corrado's (1989) rank statistic ``T_1``; the window
    sum over ``sqrt(length)`` is the Campbell & Wasley (1993) / Cowan (1992)
    multi-day cumulation. ``S_U`` is computed around the known null mean 0 (not the sample
    mean) over all ``M`` days (Corrado 1989) or, with ``sd_days="estimation"``,
    over the ``L`` estimation days only (used by some later papers). Time-series
    variance of ``bar U_t`` captures cross-sectional dependence. Assumes each
    asset's abnormal returns are exchangeable over the combined period under the
    null (no event-induced variance). Reference distribution ``N(0, 1)``.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns; ``est_days`` (if set) must precede ``event_days``.
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis.
    sd_days : {"all", "estimation"}
        Days over which ``S_U`` is computed.

    Returns
    -------
    TestResult
        ``details``: ``mean_u`` (window mean of ``bar U_t``), ``sd_u``, ``m``.

    References
    ----------
    1. Corrado, C. J. (1989). A nonparametric test for abnormal security-price
       performance in event studies. *Journal of Financial Economics* 23(2), 385-395.
    2. Corrado, C. J., & Zivney, T. L. (1992). The specification and power of the
       sign test in event study hypothesis tests using daily stock returns.
       *Journal of Financial and Quantitative Analysis* 27(3), 465-478.
    3. Campbell, C. J., & Wasley, C. E. (1993). Measuring security price
       performance using daily NASDAQ returns. *Journal of Financial Economics*
       33(1), 73-92.
    4. Cowan, A. R. (1992). Nonparametric event study tests. *Review of Quantitative
       Finance and Accounting* 2(4), 343-358.
    """
    check_alternative(alternative)
    if sd_days not in ("all", "estimation"):
        raise SpecificationError(f"sd_days={sd_days!r} is unknown; use 'all' or 'estimation'")
    _check_days(sample)
    win, rows = resolve_window(sample, window)
    L = sample.n_est
    A = np.concatenate([sample.ar_est, sample.ar_evt])  # (M, N) in time order
    m = A.shape[0]
    # the one Corrado kernel, shared with eventstudy.batch (exact average ranks); A.T is a view
    z, s, mean_u = corrado_z(time_rank_sums(A.T), sample.n_assets, L, rows, sd_days)
    return TestResult(
        name="corrado_rank",
        statistic=float(z),
        pvalue=float(pvalue_symmetric(z, norm_dist(), alternative)),
        null_distribution="N(0,1)",
        n=sample.n_assets,
        window=win,
        alternative=alternative,
        details={"mean_u": float(mean_u), "sd_u": float(s), "m": m, "sd_days": sd_days},
    )


def grank(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    r"""Kolari & Pynnönen (2011) generalized rank (GRANK) test of the CAR.

    Steps (Kolari & Pynnönen 2011, sec. 2):

    1. Standardized estimation-window abnormal returns ``SAR_it = AR_it / S_i``,
       ``S_i = sample.sigma`` (residual standard deviation).
    2. Standardized CAR ``SCAR_i = CAR_i / S_{CAR_i}`` with the prediction-error
       standard deviation of the CAR (``sample.scar``), re-standardized
       cross-sectionally for event-induced volatility:
       ``SCAR*_i = SCAR_i / S_SCAR``, ``S_SCAR`` the cross-sectional standard
       deviation of ``SCAR_i`` (denominator ``N - 1``).
    3. Generalized SARs: ``GSAR_it = SAR_it`` on the ``L`` estimation days and
       ``GSAR_i0 = SCAR*_i`` for the event window collapsed to one day ``t = 0``;
       ``T = L + 1`` observations per asset.
    4. Demeaned standardized ranks ``U_it = rank(GSAR_it) / (T + 1) - 1/2`` (average
       ranks for ties), ``bar U_t = (1/N) sum_i U_it``.
    5. ``Z = bar U_0 / S_U`` with ``S_U = sqrt((1/T) sum_{t} bar U_t^2)`` over all
       ``T`` days including ``t = 0`` (no missing returns, so ``n_t / n = 1``).
    6. ``t_grank = Z sqrt((T - 2) / (T - 1 - Z^2))``, referred to ``t(T - 2) = t(L - 1)``.

    Robust to event-induced volatility, cross-correlation (through the time series
    of ``bar U_t``) and non-normality. Assumes the estimation SARs and the
    re-standardized SCAR are exchangeable under the null.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns (``N >= 2``).
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided", "less", "greater"}
        Alternative hypothesis.

    Returns
    -------
    TestResult
        ``statistic`` is ``t_grank``; ``details``: ``z``, ``ubar0``, ``sd_u``, ``s_scar``.

    References
    ----------
    1. Kolari, J. W., & Pynnönen, S. (2011). Nonparametric rank tests for event
       studies. *Journal of Empirical Finance* 18(5), 953-971.
    """
    check_alternative(alternative)
    if sample.n_assets < 2:
        raise SpecificationError(f"grank needs at least 2 assets; the sample has {sample.n_assets}")
    _check_days(sample)
    win, _ = resolve_window(sample, window)
    sar = sample.ar_est / sample.sigma
    scar = sample.scar(window)
    s_scar = scar.std(ddof=1)
    G = np.vstack([sar, (scar / s_scar)[None, :]])  # (T, N), event period last
    T = G.shape[0]
    U = rank_rows(G.T).T / (T + 1.0) - 0.5  # exact average ranks, as scipy's rankdata
    ubar = U.mean(axis=1)
    s = np.sqrt(np.mean(ubar**2))
    z = ubar[-1] / s
    t = z * np.sqrt((T - 2.0) / (T - 1.0 - z**2))
    df = T - 2
    return TestResult(
        name="grank",
        statistic=float(t),
        pvalue=float(pvalue_symmetric(t, t_dist(df), alternative)),
        null_distribution=f"t({df})",
        n=sample.n_assets,
        window=win,
        alternative=alternative,
        details={"z": float(z), "ubar0": float(ubar[-1]), "sd_u": float(s), "s_scar": float(s_scar)},
    )
