"""Normal-return models: design matrices and the GARCH(1,1) market model.

A model turns the returns gathered in event time into abnormal returns:

============================  ===========================================  ==============
name                          normal return :math:`E[R_{it} | X_t]`           reference
============================  ===========================================  ==============
``"constant_mean"``           :math:`\\mu_i`                                 MacKinlay (1997), eq. 5
``"market_adjusted"``         :math:`R_{mt}` (alpha 0, beta 1; no fit)     Brown & Warner (1980)
``"market"``                  :math:`\\alpha_i + \\beta_i R_{mt}`             MacKinlay (1997), eq. 6
``"factor"``                  :math:`\\alpha_i + \\sum_j b_{ij} F_{jt}`       Fama & French (1993)
``"garch"``                   market model with GARCH(1,1) errors          Bollerslev (1986)
============================  ===========================================  ==============

OLS models go through :func:`eventstudy.engine.fit_batch`; the GARCH model is
fitted per asset with ``arch`` (optional extra ``garch``).

References
----------
1. MacKinlay, A. C. (1997). Event studies in economics and finance. *JEL* 35(1), 13-39.
2. Brown, S. J., & Warner, J. B. (1980). Measuring security price performance. *JFE* 8(3), 205-258.
3. Fama, E. F., & French, K. R. (1993). Common risk factors in the returns on stocks and bonds.
   *JFE* 33(1), 3-56.
4. Bollerslev, T. (1986). Generalized autoregressive conditional heteroskedasticity.
   *Journal of Econometrics* 31(3), 307-327.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .engine import BatchFit, fit_batch, fixed_batch
from .errors import SpecificationError

__all__ = ["MODELS", "ModelName", "design_matrix", "param_names", "fit_model"]

ModelName = Literal["constant_mean", "market_adjusted", "market", "factor", "garch"]
MODELS: tuple[str, ...] = ("constant_mean", "market_adjusted", "market", "factor", "garch")


def param_names(model: str, factor_names: tuple[str, ...] = ()) -> list[str]:
    """Names of the estimated coefficients of ``model`` (constant first)."""
    if model == "constant_mean":
        return ["alpha"]
    if model in ("market", "garch"):
        return ["alpha", "beta"]
    if model == "factor":
        return ["alpha", *factor_names]
    return []


def design_matrix(
    model: str, market: np.ndarray | None, factors: np.ndarray | None, n_rows: int, k: int
) -> np.ndarray:
    """Design matrices of ``k`` pairs over ``n_rows`` days, shape (k, n_rows, p).

    Parameters
    ----------
    model : str
        One of ``"constant_mean"``, ``"market"``, ``"factor"`` (``"garch"`` uses the market design).
    market : ndarray, shape (n_rows, k), optional
        Market returns aligned on each pair's days.
    factors : ndarray, shape (n_rows, k, f), optional
        Factor returns aligned on each pair's days.
    n_rows, k : int
        Number of days and of pairs.
    """
    const = np.ones((k, n_rows, 1))
    if model == "constant_mean":
        return const
    if model in ("market", "garch"):
        if market is None:
            raise SpecificationError(f"model={model!r} needs market returns: pass market=")
        return np.concatenate([const, market.T[:, :, None]], axis=2)
    if model == "factor":
        if factors is None:
            raise SpecificationError("model='factor' needs a factors DataFrame: pass factors=")
        return np.concatenate([const, np.transpose(factors, (1, 0, 2))], axis=2)
    raise SpecificationError(f"design_matrix has no design for model {model!r}")


def fit_model(
    model: str,
    y_est: np.ndarray,
    y_evt: np.ndarray,
    X_est: np.ndarray | None,
    X_evt: np.ndarray | None,
    ddof: int | None,
    gaps: np.ndarray | None = None,
) -> BatchFit:
    """Fit ``model`` for ``K`` pairs and return abnormal returns with their covariance.

    Parameters
    ----------
    model : str
        Model name (see module docstring).
    y_est, y_evt : ndarray, shapes (L, K), (T, K)
        Returns (for ``"market_adjusted"``: returns minus market returns).
    X_est, X_evt : ndarray, shapes (K, L, p), (K, T, p), optional
        Design matrices (``None`` for ``"market_adjusted"``).
    ddof : int, optional
        Residual-variance denominator ``L - ddof``; default: number of coefficients.
    gaps : ndarray of int, shape (T,), optional
        Steps from the last estimation day to each event day (GARCH forecast horizons).
    """
    if model == "market_adjusted":
        return fixed_batch(y_est, y_evt, ddof=0 if ddof is None else ddof)
    if model == "garch":
        return fit_garch_market_model(y_est, y_evt, X_est, X_evt, ddof=ddof, horizons=gaps)
    return fit_batch(y_est, X_est, y_evt, X_evt, ddof=ddof)


def fit_garch_market_model(
    y_est: np.ndarray,
    y_evt: np.ndarray,
    X_est: np.ndarray,
    X_evt: np.ndarray,
    ddof: int | None = None,
    horizons: np.ndarray | None = None,
) -> BatchFit:
    """Market model with GARCH(1,1) errors, fitted per asset by maximum likelihood.

    :math:`R_t = \\alpha + \\beta R_{mt} + e_t`, :math:`e_t = \\sqrt{h_t} z_t`,
    :math:`h_t = \\omega + a e_{t-1}^2 + b h_{t-1}` (Bollerslev 1986), estimated with
    ``arch.arch_model(mean="LS", vol="GARCH")`` on returns scaled to percent
    (scaling back afterwards; ``rescale=False`` so nothing is changed silently).

    Variance convention: the event-window covariance is diagonal with the
    conditional-variance forecasts ``h_{L+s} = omega + (a+b)^{s-1} (h_{L+1} - omega/(1-a-b)) + ...``
    computed by the recursion ``h_{L+1} = omega + a e_L^2 + b h_L``,
    ``h_{L+s} = omega + (a + b) h_{L+s-1}``; parameter-estimation error is not
    added (unlike the OLS prediction-error correction). ``sigma`` is the plain
    residual standard deviation ``sqrt(SSR/(L - ddof))`` for comparison.
    """
    try:
        from arch import arch_model
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise SpecificationError(
            "model='garch' needs the optional dependency arch: pip install 'deepseek-eventstudy[garch]'"
        ) from exc
    L, K = y_est.shape
    T = y_evt.shape[0]
    horizons = np.arange(1, T + 1) if horizons is None else np.asarray(horizons, dtype=int)
    ddof = 2 if ddof is None else int(ddof)
    params = np.empty((K, 2))
    resid = np.empty((L, K))
    cov = np.zeros((K, T, T))
    garch_params = np.empty((K, 3))
    for k in range(K):  # one maximum-likelihood fit per asset; not a hot path
        am = arch_model(
            100 * y_est[:, k], x=100 * X_est[k, :, 1:2], mean="LS", vol="GARCH", p=1, q=1, rescale=False
        )
        fit = am.fit(disp="off", show_warning=False)
        c, b, omega, a1, b1 = (float(v) for v in fit.params.to_numpy()[:5])
        params[k] = (c / 100.0, b)
        e = fit.resid / 100.0
        resid[:, k] = e
        h_last = (fit.conditional_volatility[-1] / 100.0) ** 2
        omega_d = omega / 1e4
        h = np.empty(int(horizons.max()))
        h[0] = omega_d + a1 * e[-1] ** 2 + b1 * h_last
        for s in range(1, h.size):  # short recursion over forecast steps
            h[s] = omega_d + (a1 + b1) * h[s - 1]
        cov[k] = np.diag(h[horizons - 1])
        garch_params[k] = (omega_d, a1, b1)
    ar = y_evt - np.einsum("ktp,kp->tk", X_evt, params)
    sigma = np.sqrt((resid**2).sum(axis=0) / (L - ddof))
    return BatchFit(
        params=params,
        sigma=sigma,
        resid_est=resid,
        ar=ar,
        cov_evt=cov,
        xtx_inv=np.full((K, 2, 2), np.nan),
        dof=L - 2,
        ddof=ddof,
        r2=np.full(K, np.nan),
        extra_params=garch_params,
        extra_names=("omega", "garch_alpha", "garch_beta"),
    )
