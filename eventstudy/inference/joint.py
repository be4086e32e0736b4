r"""Joint Wald test that every asset's event-day abnormal returns are zero.

Derivation (multivariate regression / SUR with event-day dummies; Binder 1985;
Schipper & Thompson 1985). For asset ``i`` stack the estimation and event rows,

.. math::

    y_i = Z_i \theta_i + u_i, \quad Z_i = \begin{pmatrix} X_i & 0 \\ X_i^* & I_T \end{pmatrix},
    \quad \theta_i = (\beta_i', \gamma_i')',

one dummy per event day. Equation-by-equation OLS gives ``gamma_i = y_i^* - X_i^*
b_i = AR_i`` (the event-window abnormal returns) with
``gamma_i - gamma_i^0 = u_i^* - A_i u_i^{est}``, ``A_i = X_i^*(X_i'X_i)^{-1}X_i'``
(``T x L``). With ``Cov(u_{it}, u_{js}) = sigma_ij 1[t = s]`` (contemporaneous
cross-correlation only, same calendar dates for all assets):

.. math::

    \mathrm{Cov}(\gamma_i, \gamma_j) = \sigma_{ij}\left(I_T + A_i A_j'\right),

which is ``sigma_ij [(Z_i'Z_i)^{-1} Z_i'Z_j (Z_j'Z_j)^{-1}]_{\gamma\gamma}``, the SUR-OLS
cross-covariance. When all assets share the same regressors (``X_i = X``; e.g. one
market index) it is the Kronecker form

.. math::

    \mathrm{Var}(\mathrm{vec}\,\Gamma) = \Sigma \otimes M, \qquad
    M = I_T + X^*(X'X)^{-1}X^{*\prime} = [(Z'Z)^{-1}]_{\gamma\gamma},

and OLS equals SUR-GLS (Zellner 1962), so the test is the classical multivariate
linear hypothesis test.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from ..errors import SpecificationError
from .base import EventSample, TestResult, check_alternative, resolve_window

__all__ = ["joint_wald", "mckeon_f"]


def mckeon_f(trace: float, p: int, q: int, nu: int) -> tuple[float, float, float] | None:
    """McKeon (1974) F approximation to the Lawley-Hotelling trace ``U = tr(H E^{-1})``.

    ``U ~ g F(a, b)`` with ``a = p q``, ``B = (nu + q - p - 1)(nu - 1) / ((nu - p - 3)(nu - p))``,
    ``b = 4 + (a + 2)/(B - 1)``, ``g = a (b - 2) / (b (nu - p - 1))``. For ``q = 1`` it is
    exactly Hotelling's ``T^2``: ``b = nu - p + 1``, ``g = p/(nu - p + 1)``.

    Returns
    -------
    tuple of float or None
        ``(F, a, b)``, or ``None`` when ``nu <= p + 3`` (approximation undefined).
    """
    if nu - p - 3 <= 0:
        return None
    a = p * q
    big_b = (nu + q - p - 1.0) * (nu - 1.0) / ((nu - p - 3.0) * (nu - p))
    if big_b <= 1.0:
        return None
    b = 4.0 + (a + 2.0) / (big_b - 1.0)
    g = a * (b - 2.0) / (b * (nu - p - 1.0))
    return trace / g, float(a), b


def _cross_terms(sample: EventSample, rows: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Estimation-error terms: per-asset ``A_i`` restricted to ``rows`` or one common ``M - I``.

    Returns ``(A, None)`` with ``A`` of shape (N, W, L) when the assets' designs
    differ, ``(None, C)`` with the common ``C = X*(X'X)^{-1}X*'`` block (W, W)
    when they are identical.
    """
    w = rows.size
    if sample.regressors_est is not None and sample.regressors_evt is not None:
        Xe, Xv = np.asarray(sample.regressors_est), np.asarray(sample.regressors_evt)[:, rows]
        same = np.allclose(Xe, Xe[:1]) and np.allclose(Xv, Xv[:1])
        xtx = np.einsum("nlp,nlq->npq", Xe, Xe)
        if same:
            coef = np.linalg.solve(xtx[0], Xv[0].T)  # (p, W)
            return None, Xv[0] @ coef
        proj = np.linalg.solve(xtx, np.transpose(Xe, (0, 2, 1)))  # (N, p, L)
        return np.einsum("nwp,npl->nwl", Xv, proj), None
    # No regressors stored: recover the estimation-error block from cov_evt. This needs
    # it to be common to all assets (constant-mean or market-adjusted models).
    blocks = sample.cov_evt[:, rows][:, :, rows] / (sample.sigma**2)[:, None, None] - np.eye(w)
    if not np.allclose(blocks, blocks[:1], rtol=1e-8, atol=1e-12):
        raise SpecificationError(
            "joint_wald: the sample has no regressors and the assets' prediction-error blocks differ; "
            "store regressors_est/regressors_evt in the EventSample"
        )
    return None, blocks[0]


def joint_wald(
    sample: EventSample,
    window: tuple[int, int] | None = None,
    *,
    alternative: str = "two-sided",
) -> TestResult:
    r"""Joint Wald test that all assets' abnormal returns on every window day are zero.

    ``H0: gamma_it = 0`` for all ``N`` assets and all ``W`` days of ``window``
    (``q = N W`` restrictions), with ``gamma`` the event-day dummy coefficients of the
    stacked regression described in the module docstring (dummies for the whole
    event window; the window's subset is tested). The statistic is

    .. math::

        \mathcal W = g' \hat V^{-1} g \sim \chi^2(N W), \qquad
        \hat V_{(i,t),(j,s)} = \hat\sigma_{ij}\left(1[t=s] + (A_i A_j')_{ts}\right),

    ``g`` the window's ARs stacked asset by asset, ``A_i = X_i^*(X_i'X_i)^{-1}X_i'``,
    and ``hat Sigma = E'E/(L - ddof)`` the cross-asset covariance of the estimation
    residuals ``E = sample.ar_est`` (same ``ddof`` as ``sample.sigma``, so its diagonal
    is ``sigma_i^2``). With identical designs ``hat V = hat Sigma (x) M`` and
    ``W = tr(Gamma' M^{-1} Gamma hat Sigma^{-1})`` is computed without forming the
    ``NW x NW`` matrix. Without stored regressors the common ``M`` is recovered from
    ``cov_evt`` (valid for constant-mean and market-adjusted models).

    Finite-sample F version (``details["f_*"]``): with identical designs
    ``W / (L - ddof)`` is the Lawley-Hotelling trace ``tr(H E^{-1})`` of the
    multivariate linear hypothesis (``H = Gamma' M^{-1} Gamma``, error d.f.
    ``nu = sample.dof = L - p``), referred to McKeon's (1974) ``F(a, b)``
    approximation (:func:`mckeon_f`), exact Hotelling ``T^2`` for one-day windows
    under normal errors. With differing designs the F value is the same formula and
    only approximate. Undefined (``None``) when ``nu <= N + 3``.

    The ``chi2`` reference is asymptotic in ``L``: it ignores the estimation of
    ``Sigma`` and over-rejects when ``N`` is not small relative to ``L`` (about 9% at
    the 5% level for ``N = 5``, ``L = 120``, ``W = 3`` with iid normal data, where the
    F version rejects about 6%). On REAL returns neither is sized: on 1,000 placebo dates
    of the ten study stocks (``N = 10``, ``L = 250``, market model against ^GSPC) the chi2
    p-value rejected 17.8%, 26.0% and 31.2% at the 5% level for the windows (0, 0), (-1, 1)
    and (0, 4) with a shared date (15.3%, 25.4%, 29.0% with independent dates), and the
    F p-value 15.7%, 24.0%, 27.6% (13.9%, 22.4%, 25.4%): fat tails, volatility clustering
    and serial correlation matter far more than the estimation of ``Sigma``, which is all
    the F corrects. Read either p-value as descriptive; ``EventStudyResults.tests()`` flags
    the test in its ``size_note`` column (:mod:`eventstudy.inference.sizing`), and the
    Kolari-Pynnönen, Corrado rank and prediction-error t tests are the sized alternatives.

    Assumes normal (for the F) errors, contemporaneous cross-correlation only,
    no serial correlation, identical event dates for all assets, and
    ``N < L - p`` so that ``hat Sigma`` is invertible. Only ``alternative="two-sided"``.

    Parameters
    ----------
    sample : EventSample
        Abnormal returns; regressors optional (see above).
    window : tuple of int, optional
        Inclusive event-time window (``None``: the whole event window).
    alternative : {"two-sided"}
        The Wald test is two-sided only.

    Returns
    -------
    TestResult
        ``statistic`` is ``W``, ``null_distribution="chi2(NW)"``; ``details``: ``q``,
        ``identical_design``, ``f_stat``, ``f_df1``, ``f_df2``, ``f_pvalue``.

    Raises
    ------
    SpecificationError
        If ``hat Sigma`` is singular (too many assets for the estimation window) or
        the covariance cannot be formed.

    References
    ----------
    1. Binder, J. J. (1985). On the use of the multivariate regression model in
       event studies. *Journal of Accounting Research* 23(1), 370-383.
    2. Schipper, K., & Thompson, R. (1985). The impact of merger-related
       regulations using exact distributions of test statistics. *Journal of
       Accounting Research* 23(1), 184-221.
    3. Zellner, A. (1962). An efficient method of estimating seemingly unrelated
       regressions and tests for aggregation bias. *Journal of the American
       Statistical Association* 57(298), 348-368.
    4. McKeon, J. J. (1974). F approximations to the distribution of Hotelling's
       T_0^2. *Biometrika* 61(2), 381-383.
    """
    check_alternative(alternative, ("two-sided",))
    win, rows = resolve_window(sample, window)
    n, w, L = sample.n_assets, rows.size, sample.n_est
    denom = L - sample.ddof
    sigma_hat = sample.ar_est.T @ sample.ar_est / denom
    try:
        chol = np.linalg.cholesky(sigma_hat)
    except np.linalg.LinAlgError as exc:
        raise SpecificationError(
            f"joint_wald: the {n}x{n} residual covariance is singular (N={n} assets, L={L}); "
            "use fewer assets or a longer estimation window"
        ) from exc
    cond = np.linalg.cond(sigma_hat)
    if not np.isfinite(cond) or cond > 1e12:
        raise SpecificationError(
            f"joint_wald: residual covariance is ill-conditioned (cond={cond:.3g}); N={n} is too large for L={L}"
        )
    gam = sample.ar_evt[rows].T  # (N, W), asset-major
    A, C = _cross_terms(sample, rows)
    details: dict[str, Any] = {"q": n * w, "identical_design": C is not None, "denominator": denom}
    if C is not None:
        M = np.eye(w) + C
        # W = tr(G' M^{-1} G Sigma^{-1}) with G = gam.T (W x N)
        h = gam @ np.linalg.solve(M, gam.T)  # (N, N) = Gamma' M^{-1} Gamma
        y = np.linalg.solve(chol, h)
        stat = float(np.trace(np.linalg.solve(chol.T, y)))
    else:
        V = sigma_hat[:, :, None, None] * (np.eye(w) + np.einsum("iwl,jvl->ijwv", A, A))
        V = V.transpose(0, 2, 1, 3).reshape(n * w, n * w)
        g = gam.reshape(-1)
        stat = float(g @ np.linalg.solve(V, g))
    q = n * w
    f = mckeon_f(stat / denom, n, w, sample.dof)
    if f is None:
        details.update(f_stat=None, f_df1=None, f_df2=None, f_pvalue=None)
    else:
        details.update(f_stat=f[0], f_df1=f[1], f_df2=f[2], f_pvalue=float(stats.f.sf(f[0], f[1], f[2])))
    return TestResult(
        name="joint_wald",
        statistic=stat,
        pvalue=float(stats.chi2.sf(stat, q)),
        null_distribution=f"chi2({q})",
        n=n,
        window=win,
        alternative="two-sided",
        details=details,
    )
