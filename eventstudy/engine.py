"""Vectorised batch least squares: the one estimation core of the package.

Every normal-return model with regressors (constant mean, market model, factor
models) is an OLS regression of an asset's returns on a design matrix over the
estimation window (MacKinlay 1997, sec. 4). :func:`fit_batch` estimates ``K``
such regressions at once, one per asset-event pair, with stacked ``numpy``
linear algebra (``einsum`` and batched ``solve``): there is no Python loop over
assets, events or days. :class:`eventstudy.EventStudy` and
:func:`eventstudy.placebo` both call it, so there is one implementation.

Variance convention
-------------------
``sigma_k^2 = SSR_k / (L - ddof)``. ``ddof = p`` (the number of estimated
coefficients, ``L - 2`` for the market model) is the unbiased OLS convention of
MacKinlay (1997, eq. 8 and footnote); ``ddof = 1`` reproduces references that
divide by ``L - 1`` (e.g. R's estudy2). The event-window covariance keeps the
estimation-error term (Patell 1976; MacKinlay 1997, eq. 9-10):

.. math:: V_k = \\sigma_k^2 \\left(I_T + X^*_k (X_k'X_k)^{-1} X_k^{*\\prime}\\right).

References
----------
1. MacKinlay, A. C. (1997). Event studies in economics and finance.
   *Journal of Economic Literature* 35(1), 13-39.
2. Patell, J. M. (1976). Corporate forecasts of earnings per share and stock
   price behavior: Empirical tests. *Journal of Accounting Research* 14(2), 246-276.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import SpecificationError

__all__ = ["BatchFit", "SharedFit", "check_design", "fit_batch", "fit_shared_design", "fixed_batch"]


@dataclass(frozen=True)
class BatchFit:
    """Result of :func:`fit_batch` for ``K`` regressions.

    Attributes
    ----------
    params : ndarray, shape (K, p)
        OLS coefficients (constant first).
    sigma : ndarray, shape (K,)
        Residual standard deviation ``sqrt(SSR / (L - ddof))``.
    resid_est : ndarray, shape (L, K)
        Estimation-window residuals (abnormal returns).
    ar : ndarray, shape (T, K)
        Event-window abnormal returns ``y* - X* b``.
    cov_evt : ndarray, shape (K, T, T)
        Covariance of the event-window abnormal returns under the null.
    xtx_inv : ndarray, shape (K, p, p)
        ``(X'X)^{-1}`` of each regression (``p = 0`` for fixed models).
    dof : int
        ``L - p``.
    ddof : int
        Denominator convention of ``sigma``.
    r2 : ndarray, shape (K,)
        Coefficient of determination over the estimation window (NaN when ``p <= 1``).
    extra_params : ndarray, shape (K, q), optional
        Model-specific parameters beyond the mean equation (GARCH ``omega, alpha1, beta1``).
    extra_names : tuple of str
        Names of ``extra_params`` columns.
    """

    params: np.ndarray
    sigma: np.ndarray
    resid_est: np.ndarray
    ar: np.ndarray
    cov_evt: np.ndarray
    xtx_inv: np.ndarray
    dof: int
    ddof: int
    r2: np.ndarray
    extra_params: np.ndarray | None = None
    extra_names: tuple[str, ...] = ()


def _check_shapes(
    y_est: np.ndarray, X_est: np.ndarray, y_evt: np.ndarray, X_evt: np.ndarray
) -> tuple[int, ...]:
    if y_est.ndim != 2 or y_evt.ndim != 2:
        raise SpecificationError("y_est and y_evt must be 2-D arrays (days x pairs)")
    L, K = y_est.shape
    T = y_evt.shape[0]
    if y_evt.shape[1] != K:
        raise SpecificationError(f"y_evt has {y_evt.shape[1]} columns, y_est has {K}")
    if X_est.ndim != 3 or X_est.shape[:2] != (K, L):
        raise SpecificationError(f"X_est must have shape (K, L, p) = ({K}, {L}, p); got {X_est.shape}")
    p = X_est.shape[2]
    if X_evt.shape != (K, T, p):
        raise SpecificationError(f"X_evt must have shape ({K}, {T}, {p}); got {X_evt.shape}")
    if L <= p:
        raise SpecificationError(f"estimation window has {L} observations for {p} coefficients")
    return L, K, T, p


def _condition_numbers(xtx: np.ndarray) -> np.ndarray:
    """2-norm condition numbers of symmetric PSD matrices (closed form for p <= 2)."""
    p = xtx.shape[-1]
    if p == 1:
        return np.where(xtx[:, 0, 0] > 0, 1.0, np.inf)
    if p == 2:
        a, b, d = xtx[:, 0, 0], xtx[:, 0, 1], xtx[:, 1, 1]
        half_tr = (a + d) / 2
        root = np.sqrt(((a - d) / 2) ** 2 + b**2)
        lo, hi = half_tr - root, half_tr + root
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(lo > 0, hi / lo, np.inf)
    return np.linalg.cond(xtx)


def check_design(xtx: np.ndarray, labels: Sequence[object] | None = None) -> None:
    """Raise if any ``X'X`` is singular or ill-conditioned (2-norm condition number > 1e12).

    Parameters
    ----------
    xtx : ndarray, shape (K, p, p)
        Cross-product matrices of the estimation-window designs.
    labels : sequence, optional
        Names of the K designs for the message (default: their positions).

    Raises
    ------
    SpecificationError
        Naming the first offending designs.
    """
    cond = _condition_numbers(xtx)
    bad = np.flatnonzero(~np.isfinite(cond) | (cond > 1e12))
    if bad.size:
        names = [labels[i] for i in bad[:5]] if labels is not None else bad[:5].tolist()
        raise SpecificationError(
            f"the estimation-window design is singular for {names}: "
            "a regressor is constant or collinear with the constant over the window"
        )


@dataclass(frozen=True)
class SharedFit:
    """Result of :func:`fit_shared_design`: ``c`` designs, each shared by ``N`` assets.

    Attributes
    ----------
    params : ndarray, shape (c, p, N)
        OLS coefficients.
    sigma2 : ndarray, shape (c, N)
        ``SSR / (L - ddof)``.
    xtx_inv : ndarray, shape (c, p, p)
        ``(X'X)^{-1}`` of each design.
    ddof : int
        Denominator convention.
    """

    params: np.ndarray
    sigma2: np.ndarray
    xtx_inv: np.ndarray
    ddof: int


def fit_shared_design(
    Y: np.ndarray, X: np.ndarray, L: int, ddof: int | None = None, labels: Sequence[object] | None = None
) -> SharedFit:
    """OLS for ``c`` designs each shared by ``N`` assets; ``Y`` becomes the residuals in place.

    The same estimator as :func:`fit_batch` (MacKinlay 1997, eq. 7-8; same conditioning
    check and ``ddof`` convention) for the common case where every asset of an event
    has the same regressors (one market, one event date): ``(X'X)^{-1}`` is formed once per
    event instead of once per pair, and nothing of size ``K x L x p`` is materialised.

    Parameters
    ----------
    Y : ndarray, shape (c, W, N)
        Returns: the first ``L`` rows of each block are the estimation window, the rest the
        event window. Overwritten with the residuals (abnormal returns) on all ``W`` rows.
    X : ndarray, shape (c, W, p)
        Designs on the same rows (constant column included).
    L : int
        Estimation-window length.
    ddof : int, optional
        Residual-variance denominator ``L - ddof``; default ``p``.
    labels : sequence, optional
        Names of the ``c`` designs for error messages.

    Returns
    -------
    SharedFit
    """
    p = X.shape[2]
    if L <= p:
        raise SpecificationError(f"estimation window has {L} observations for {p} coefficients")
    ddof = p if ddof is None else int(ddof)
    Xe = X[:, :L, :]
    Xt = Xe.transpose(0, 2, 1)
    xtx = Xt @ Xe
    check_design(xtx, labels)
    inv = np.linalg.inv(xtx)
    params = inv @ (Xt @ Y[:, :L, :])  # (c, p, N)
    Y -= X @ params
    ssr = np.einsum("cln,cln->cn", Y[:, :L], Y[:, :L])
    return SharedFit(params=params, sigma2=ssr / (L - ddof), xtx_inv=inv, ddof=ddof)


def fit_batch(
    y_est: np.ndarray,
    X_est: np.ndarray,
    y_evt: np.ndarray,
    X_evt: np.ndarray,
    ddof: int | None = None,
) -> BatchFit:
    """Estimate ``K`` OLS normal-return regressions at once.

    Parameters
    ----------
    y_est : ndarray, shape (L, K)
        Estimation-window returns, one column per asset-event pair.
    X_est : ndarray, shape (K, L, p)
        Estimation-window design matrices (constant column included).
    y_evt : ndarray, shape (T, K)
        Event-window returns.
    X_evt : ndarray, shape (K, T, p)
        Event-window design matrices.
    ddof : int, optional
        Residual-variance denominator ``L - ddof``; default ``p``.

    Returns
    -------
    BatchFit
        Coefficients, residuals, abnormal returns and their covariance.

    Notes
    -----
    ``b_k = (X_k'X_k)^{-1} X_k'y_k`` (MacKinlay 1997, eq. 7) computed by a batched
    ``numpy.linalg.solve``; a singular design (e.g. a constant market return)
    raises :class:`~eventstudy.errors.SpecificationError` naming the pair.
    """
    y_est = np.asarray(y_est, dtype=float)
    y_evt = np.asarray(y_evt, dtype=float)
    X_est = np.asarray(X_est, dtype=float)
    X_evt = np.asarray(X_evt, dtype=float)
    L, K, T, p = _check_shapes(y_est, X_est, y_evt, X_evt)
    ddof = p if ddof is None else int(ddof)
    if not 0 <= ddof < L:
        raise SpecificationError(f"ddof={ddof} must lie in [0, L) with L={L}")
    if K > 1 and _shared(X_est) and _shared(X_evt):
        return _fit_shared_batch(y_est, X_est[0], y_evt, X_evt[0], ddof, K)
    Xt = X_est.transpose(0, 2, 1)
    xtx = Xt @ X_est  # matmul: an order of magnitude faster than the equivalent einsum
    xty = (Xt @ y_est.T[:, :, None])[:, :, 0]
    check_design(xtx)
    xtx_inv = np.linalg.inv(xtx)
    params = np.einsum("kpq,kq->kp", xtx_inv, xty)
    resid = y_est - np.einsum("klp,kp->lk", X_est, params)
    ssr = np.einsum("lk,lk->k", resid, resid)
    sigma2 = ssr / (L - ddof)
    ar = y_evt - np.einsum("ktp,kp->tk", X_evt, params)
    h = np.einsum("ktp,kpq,ksq->kts", X_evt, xtx_inv, X_evt)
    cov = sigma2[:, None, None] * (np.eye(T)[None] + h)
    if p > 1:
        dev = y_est - y_est.mean(axis=0)
        sst = np.einsum("lk,lk->k", dev, dev)
        r2 = 1.0 - ssr / sst
    else:
        r2 = np.full(K, np.nan)
    return BatchFit(
        params=params,
        sigma=np.sqrt(sigma2),
        resid_est=resid,
        ar=ar,
        cov_evt=cov,
        xtx_inv=xtx_inv,
        dof=L - p,
        ddof=ddof,
        r2=r2,
    )


def _shared(X: np.ndarray) -> bool:
    """Whether all ``K`` design matrices are the same (one event date, one calendar)."""
    if X.strides[0] == 0:  # a broadcast view (models.design_matrix)
        return True
    return bool(np.array_equal(X[-1], X[0]) and (X == X[:1]).all())


def _fit_shared_batch(
    y_est: np.ndarray, X0: np.ndarray, y_evt: np.ndarray, Xe0: np.ndarray, ddof: int, K: int
) -> BatchFit:
    """:func:`fit_batch` when every pair has the same design: ``(X'X)^{-1}`` once, ``B = (X'X)^{-1} X'Y``.

    Same estimator and conventions (MacKinlay 1997, eq. 7-10): a matrix product over the
    ``K`` columns instead of ``K`` small regressions.
    """
    L, p = X0.shape
    T = y_evt.shape[0]
    xtx = X0.T @ X0
    check_design(xtx[None])
    inv = np.linalg.inv(xtx)
    xty = X0.T @ y_est  # (p, K)
    params = inv @ xty
    resid = y_est - X0 @ params
    ssr = np.einsum("lk,lk->k", resid, resid)
    sigma2 = ssr / (L - ddof)
    ar = y_evt - Xe0 @ params
    h = Xe0 @ inv @ Xe0.T
    cov = sigma2[:, None, None] * (np.eye(T) + h)[None]
    if p > 1:  # SST = sum y^2 - L ybar^2: one pass (the constant's column of X'y is sum y)
        ybar = xty[0] / L if bool((X0[:, 0] == 1.0).all()) else y_est.mean(axis=0)
        r2 = 1.0 - ssr / (np.einsum("lk,lk->k", y_est, y_est) - L * ybar * ybar)
    else:
        r2 = np.full(K, np.nan)
    return BatchFit(
        params=np.ascontiguousarray(params.T),
        sigma=np.sqrt(sigma2),
        resid_est=resid,
        ar=ar,
        cov_evt=cov,
        xtx_inv=np.repeat(inv[None], K, axis=0),
        dof=L - p,
        ddof=ddof,
        r2=r2,
    )


def fixed_batch(y_est: np.ndarray, y_evt: np.ndarray, ddof: int = 0) -> BatchFit:
    """Abnormal returns of a model with no estimated coefficients.

    Used by the market-adjusted model, where ``y`` is already ``R_i - R_m``
    (Brown & Warner 1980). There is no estimation error, so
    ``V = sigma^2 I`` and ``sigma^2 = sum(AR^2) / (L - ddof)`` (ddof defaults to 0
    because nothing is estimated; pass 1 or 2 to match other conventions).

    Parameters
    ----------
    y_est, y_evt : ndarray, shapes (L, K), (T, K)
        Estimation- and event-window abnormal returns.
    ddof : int
        Residual-variance denominator ``L - ddof``.

    Returns
    -------
    BatchFit
        With ``params`` of shape (K, 0) and ``dof = L - ddof``.
    """
    y_est = np.asarray(y_est, dtype=float)
    y_evt = np.asarray(y_evt, dtype=float)
    L, K = y_est.shape
    T = y_evt.shape[0]
    sigma2 = np.einsum("lk,lk->k", y_est, y_est) / (L - ddof)
    cov = sigma2[:, None, None] * np.broadcast_to(np.eye(T), (K, T, T))
    return BatchFit(
        params=np.empty((K, 0)),
        sigma=np.sqrt(sigma2),
        resid_est=y_est.copy(),
        ar=y_evt.copy(),
        cov_evt=np.array(cov),
        xtx_inv=np.empty((K, 0, 0)),
        dof=L - ddof,
        ddof=ddof,
        r2=np.full(K, np.nan),
    )
