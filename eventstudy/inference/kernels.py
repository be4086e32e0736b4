r"""Vectorised kernels of the cross-sectional tests: the one implementation of each formula.

Every function here is a pure array function. The leading axes are free ("batch" axes:
one entry per event date); the last axis is the cross-section of ``N`` assets (or, for the
rank kernels, time). The single-event tests of :mod:`eventstudy.inference`
(:func:`~eventstudy.inference.patell`, :func:`~eventstudy.inference.bmp`,
:func:`~eventstudy.inference.kolari_pynnonen`, :func:`~eventstudy.inference.corrado_rank`)
call them with no leading axis; :func:`eventstudy.batch.batch_study` calls them with one
leading events axis. A formula fix is therefore made once.

Kolari-Pynnönen ``bar r`` in ``O(L N)``
    With ``z_i`` the demeaned residual column of asset ``i`` scaled to unit norm, the Pearson
    correlation is ``r_ij = z_i' z_j`` and ``||z_i||^2 = 1``, so

    .. math::

        \Big\|\sum_i z_i\Big\|^2 = \sum_i \|z_i\|^2 + \sum_{i \ne j} z_i' z_j
        = N + \sum_{i \ne j} r_{ij},
        \qquad
        \bar r = \frac{\|\sum_i z_i\|^2 - N}{N (N - 1)},

    i.e. ``bar r = (Var(sum_i z_i) - sum_i Var(z_i)) / (N (N - 1))`` for the standardised
    residuals. One pass over the ``L x N`` residuals instead of the ``N x N`` correlation
    matrix (``O(L N^2)`` time, ``O(N^2)`` memory).

Exact ranks from one SIMD sort
    :func:`rank_rows` and :func:`time_rank_sums` rank rows with ``numpy``'s sort of float
    keys whose low ``b = bit_length(n - 1)`` mantissa bits are replaced by the element's
    position; rows where two keys share their high bits (ties, or values within ``2^b`` ulps)
    are re-ranked by :func:`scipy.stats.rankdata` (average ranks), so the ranks equal
    scipy's exactly.

References
----------
1. Patell, J. M. (1976). *Journal of Accounting Research* 14(2), 246-276.
2. Boehmer, E., Musumeci, J., & Poulsen, A. B. (1991). *Journal of Financial Economics*
   30(2), 253-272.
3. Kolari, J. W., & Pynnönen, S. (2010). *Review of Financial Studies* 23(11), 3996-4025.
4. Corrado, C. J. (1989). *Journal of Financial Economics* 23(2), 385-395.
5. Campbell, C. J., & Wasley, C. E. (1993). *Journal of Financial Economics* 33(1), 73-92.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

__all__ = [
    "patell_z",
    "bmp_t",
    "kp_adjustment",
    "average_correlation",
    "rbar_from_sum",
    "rank_rows",
    "time_rank_sums",
    "corrado_z",
    "t_dist",
    "norm_dist",
]


def patell_z(scar: np.ndarray, dof: int) -> np.ndarray:
    r"""Patell (1976) ``Z = sum_i SCAR_i / sqrt(N d / (d - 2))`` along the last axis.

    Parameters
    ----------
    scar : ndarray, shape (..., N)
        Standardized CARs (prediction-error variance).
    dof : int
        Residual degrees of freedom ``d = L - p`` (each ``SCAR_i ~ t(d)``, variance ``d/(d-2)``).

    Returns
    -------
    ndarray, shape (...)
    """
    scar = np.asarray(scar, dtype=float)
    n = scar.shape[-1]
    return scar.sum(axis=-1) / np.sqrt(n * (dof / (dof - 2.0)))


def bmp_t(scar: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Boehmer-Musumeci-Poulsen ``t = mean(SCAR) / (sd(SCAR) / sqrt(N))`` along the last axis.

    ``sd`` has denominator ``N - 1``.

    Returns
    -------
    (t, mean, sd) : ndarrays of shape (...)
    """
    scar = np.asarray(scar, dtype=float)
    n = scar.shape[-1]
    mean = scar.mean(axis=-1)
    sd = scar.std(axis=-1, ddof=1)
    return mean / (sd / np.sqrt(n)), mean, sd


def kp_adjustment(rbar: np.ndarray, n: int) -> np.ndarray:
    r"""Kolari-Pynnönen (2010) factor ``sqrt((1 - bar r) / (1 + (N - 1) bar r))``.

    NaN where ``1 + (N - 1) bar r <= 0`` (the adjustment is undefined there).
    """
    rbar = np.asarray(rbar, dtype=float)
    denom = 1.0 + (n - 1) * rbar
    ok = denom > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, np.sqrt((1.0 - rbar) / np.where(ok, denom, 1.0)), np.nan)


def average_correlation(resid: np.ndarray) -> np.ndarray:
    r"""Average off-diagonal Pearson correlation of the asset columns, in ``O(L N)``.

    ``bar r = (||sum_i z_i||^2 - N) / (N (N - 1))`` with ``z_i`` the demeaned, unit-norm
    column of asset ``i`` (derivation in the module docstring). Equals
    ``(corrcoef.sum() - trace) / (N (N - 1))`` of :func:`numpy.corrcoef`.

    Parameters
    ----------
    resid : ndarray, shape (..., L, N)
        Residuals, time on axis -2, assets on axis -1 (any memory layout).

    Returns
    -------
    ndarray, shape (...)
        NaN where a column has zero variance.
    """
    e = np.asarray(resid, dtype=float)
    n = e.shape[-1]
    dm = e - e.mean(axis=-2, keepdims=True)
    nrm2 = np.einsum("...ln,...ln->...n", dm, dm)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / np.sqrt(nrm2)
    s = np.matmul(dm, inv[..., :, None])[..., 0]  # (..., L): sum_i z_it
    unit = (nrm2 * inv * inv).sum(axis=-1)  # = N (exactly 1 per column up to rounding)
    return rbar_from_sum(s, unit, n)


def rbar_from_sum(sum_z: np.ndarray, unit: np.ndarray | float, n: int) -> np.ndarray:
    r"""``bar r = (||sum_i z_i||^2 - sum_i ||z_i||^2) / (N (N - 1))`` from the summed standardised residuals.

    Parameters
    ----------
    sum_z : ndarray, shape (..., L)
        ``sum_i z_it`` with ``z_i`` the demeaned residuals of asset ``i`` scaled to unit norm.
    unit : ndarray or float, shape (...)
        ``sum_i ||z_i||^2`` (``N`` up to rounding).
    n : int
        Number of assets ``N``.
    """
    total = np.einsum("...l,...l->...", sum_z, sum_z)
    return (total - unit) / (n * (n - 1.0))


def _rankdata(a: np.ndarray) -> np.ndarray:
    """Average ranks along the last axis (the exact fallback; imports scipy.stats on first use)."""
    from scipy import stats

    return stats.rankdata(a, axis=-1)


_RANK_BLOCK = 256  # rows ranked at once: 256 x W x 8 bytes stays in L2


def _sorted_keys(a: np.ndarray, key: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort the rows of ``a`` (2-D) by value; return (order, tied rows mask, keys).

    ``order[r, k]`` is the position of the ``k``-th smallest element of row ``r``. ``key``:
    a C-contiguous scratch copy of ``a`` the function may destroy (made when not given).
    """
    n = a.shape[1]
    shift = max(1, int(n - 1).bit_length())
    low = np.int64((1 << shift) - 1)
    if key is None:
        key = np.add(a, 0.0, order="C")  # copy; + 0.0 turns -0.0 into 0.0
    else:
        key += 0.0
    bits = key.view(np.int64)
    # the low bits of the IEEE pattern become the position; for positive floats the pattern
    # orders like the value, for negative ones in reverse, but only inside a group of equal
    # high bits, and such groups are sent to the exact fallback
    bits &= ~low
    bits |= np.arange(n, dtype=np.int64)
    key.sort(axis=1)  # SIMD float sort
    order = bits & low
    bits &= ~low
    tied = (bits[:, 1:] == bits[:, :-1]).any(axis=1)
    return order, tied, key


def rank_rows(A: np.ndarray) -> np.ndarray:
    """Ranks (1-based, average ranks for ties) along the last axis; equal to ``scipy.stats.rankdata``.

    Parameters
    ----------
    A : ndarray, shape (..., n)
        Finite values.

    Returns
    -------
    ndarray of float, shape (..., n)
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[-1]
    flat = A.reshape(-1, n)
    out = np.empty(flat.shape)
    ranks = np.arange(1.0, n + 1.0)
    for s in range(0, flat.shape[0], _RANK_BLOCK):  # blocks of rows (cache), not assets
        a = flat[s : s + _RANK_BLOCK]
        order, tied, _ = _sorted_keys(a)
        o = out[s : s + _RANK_BLOCK]
        np.put_along_axis(o, order, ranks[None, :], axis=1)
        if tied.any():
            o[tied] = _rankdata(a[tied])
    return out.reshape(A.shape)


def time_rank_sums(
    E: np.ndarray,
    slope: np.ndarray | None = None,
    x: np.ndarray | None = None,
    take: np.ndarray | None = None,
) -> np.ndarray:
    r"""``sum_i rank_i(t)``: rank each asset's series over time, sum the ranks over assets.

    Parameters
    ----------
    E : ndarray, shape (N, ..., W)
        Series of ``N`` assets (axis 0) over ``W`` days (last axis), ranked along the last
        axis with average ranks for ties (as :func:`scipy.stats.rankdata`).
    slope, x : ndarrays, shapes (N, ...) and (..., W), optional
        Rank ``E - slope x`` instead of ``E`` (residuals of a regression on one shared
        regressor, computed block by block in cache rather than materialised; the constant
        of a regression does not change ranks).
    take : ndarray of int, shape (c, W), optional
        With ``take``, ``E`` is a (N, S) block of series and entry ``e`` of asset ``i`` is
        ``E[i, take[e]]``: gathered block by block in cache, never materialised as (N, c, W).

    Returns
    -------
    ndarray, shape (..., W)
        Rank sums over the ``N`` assets.

    Notes
    -----
    After the key sort, the rank of day ``t`` in a row is one plus its sorted position, so
    the sum over rows is a weighted histogram of the positions (:func:`numpy.bincount`);
    no per-row scatter of ranks is materialised.
    """
    E = np.asarray(E, dtype=float)
    if take is not None:
        take = np.asarray(take)
        N, W, mid = E.shape[0], take.shape[-1], take.shape[:-1]
    else:
        N, W, mid = E.shape[0], E.shape[-1], E.shape[1:-1]
    c = int(np.prod(mid, dtype=np.int64))
    # row r = (asset r // c, batch entry r % c); a view when contiguous
    rows = E.reshape(N * c, W) if take is None else None
    sums = np.zeros(c * W)
    step = max(c, (_RANK_BLOCK // c) * c)  # whole assets per block: the entry pattern repeats
    weights = np.tile(np.arange(1.0, W + 1.0), step)  # rank k + 1 at sorted position k
    entry_off = ((np.arange(step, dtype=np.int64) % c) * W)[:, None]
    if slope is not None:
        slope_rows = np.asarray(slope, dtype=float).reshape(N * c)
        x_tiled = np.tile(np.asarray(x, dtype=float).reshape(c, W), (step // c, 1))  # row r: entry r % c
        buf = np.empty((step, W))  # scratch for one block's residuals (reused)
    for s in range(0, c * N, step):  # blocks of rows (cache), not a loop over assets or events
        if take is None:
            a = rows[s : s + step]
        else:  # gather this block of assets' windows only
            a = np.take(E[s // c : (s + step) // c], take, axis=-1).reshape(-1, W)
        nb = a.shape[0]
        if slope is None:
            order, tied, _ = _sorted_keys(a)
        else:
            # the block starts at a whole asset, so its entries cycle 0..c-1
            xb = x_tiled[:nb]
            sb = slope_rows[s : s + nb, None]
            res = np.multiply(sb, xb, out=buf[:nb])
            np.subtract(a, res, out=res)  # residuals of this block only (in cache), sorted in place
            order, tied, _ = _sorted_keys(res, key=res)
        order += entry_off[:nb]
        if tied.any():
            keep = ~tied
            sums += np.bincount(order[keep].ravel(), weights=weights[: int(keep.sum()) * W], minlength=c * W)
            vals = a[tied] if slope is None else a[tied] - sb[tied] * xb[tied]
            exact = _rankdata(vals)
            np.add.at(sums, (entry_off[:nb][tied] + np.arange(W)[None, :]).ravel(), exact.ravel())
        else:
            sums += np.bincount(order.ravel(), weights=weights[: nb * W], minlength=c * W)
    return sums.reshape(*mid, W)


def corrado_z(
    rank_sums: np.ndarray, n_assets: int, n_est: int, window_rows: np.ndarray, sd_days: str = "all"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Corrado (1989) rank statistic, multi-day form (Campbell & Wasley 1993).

    ``U_it = K_it / (W + 1) - 1/2``, ``bar U_t = sum_i K_it / (N (W + 1)) - 1/2``,
    ``S_U = sqrt(mean_t bar U_t^2)`` over all ``W = L + T`` days (``sd_days="all"``) or the
    ``L`` estimation days, ``Z = sum_{t in window} bar U_t / (sqrt(w) S_U)``.

    Parameters
    ----------
    rank_sums : ndarray, shape (..., W)
        ``sum_i K_it`` (:func:`time_rank_sums`) over estimation then event days.
    n_assets, n_est : int
        ``N`` and ``L``.
    window_rows : ndarray of int
        Rows of the test window inside the event window (positions after the ``L`` rows).
    sd_days : {"all", "estimation"}

    Returns
    -------
    (z, s_u, mean_u) : ndarrays of shape (...)
    """
    rank_sums = np.asarray(rank_sums, dtype=float)
    W = rank_sums.shape[-1]
    ubar = rank_sums / (n_assets * (W + 1.0)) - 0.5
    ref = ubar if sd_days == "all" else ubar[..., :n_est]
    s = np.sqrt(np.mean(ref**2, axis=-1))
    w = ubar[..., n_est + np.asarray(window_rows)]
    z = w.sum(axis=-1) / (np.sqrt(w.shape[-1]) * s)
    return z, s, w.mean(axis=-1)


class _Dist:
    """``sf``/``cdf`` of a symmetric null through :mod:`scipy.special`.

    The same functions :mod:`scipy.stats` evaluates (``norm.sf(x) = ndtr(-x)``,
    ``t.sf(x, df) = stdtr(df, -x)``), without the ~1 ms of freezing and argument checking
    of a frozen ``scipy.stats`` distribution.
    """

    __slots__ = ("df",)

    def __init__(self, df: float | None) -> None:
        self.df = df

    def cdf(self, x: Any) -> Any:
        from scipy import special

        return special.ndtr(x) if self.df is None else special.stdtr(self.df, x)

    def sf(self, x: Any) -> Any:
        return self.cdf(-np.asarray(x, dtype=float))

    def __repr__(self) -> str:
        return "N(0,1)" if self.df is None else f"t({self.df})"


@functools.lru_cache(maxsize=256)
def t_dist(df: float) -> _Dist:
    """Student ``t(df)`` null with ``sf``/``cdf`` (as ``scipy.stats.t(df)``)."""
    return _Dist(float(df))


@functools.lru_cache(maxsize=1)
def norm_dist() -> _Dist:
    """Standard normal null with ``sf``/``cdf`` (as ``scipy.stats.norm()``)."""
    return _Dist(None)
