r"""Batch event studies: ``N`` assets x ``M`` event dates in one vectorised pass.

:func:`batch_study` runs the market-model event study of every asset at every event
date (the classic "many firms, many events" panel, ``K = N M`` asset-event pairs) and
computes, for each event date, four cross-sectional tests over the ``N`` assets:

* Patell (1976) standardized-residual ``Z``,
* Boehmer, Musumeci & Poulsen (1991) standardized cross-sectional ``t`` (BMP),
* Kolari & Pynnönen (2010) cross-correlation adjusted BMP,
* Corrado (1989) rank test (multi-day form of Campbell & Wasley 1993).

The numbers are those of the single-event functions of :mod:`eventstudy.inference`
(:func:`~eventstudy.inference.patell`, :func:`~eventstudy.inference.bmp`,
:func:`~eventstudy.inference.kolari_pynnonen`, :func:`~eventstudy.inference.corrado_rank`)
applied to each event's :class:`~eventstudy.inference.base.EventSample`
(:func:`batch_study_reference` is that slow reference path; ``tests/test_batch.py``
checks agreement to ``1e-10``). Only the arithmetic is reorganised:

Event time
    All assets share one trading calendar: the rows of ``returns.index``. Day 0 of an
    event is the first row on or after the event date (``rolled`` when it is not the
    date itself), the same rule as :func:`eventstudy.alignment.build_panel`, which
    counts the sessions of the asset's calendar; the two agree when the index is that
    calendar's sessions (e.g. ``eventstudy.sessions("XNYS", ...)``). Nothing is filled:
    a NaN inside a window raises :class:`~eventstudy.errors.MissingDataError`.
Fit (``method="shared"``, the default)
    For one event date every asset has the same design matrix ``X = [1, R_m]`` over the
    estimation window, so ``(X'X)^{-1}`` is computed once per event (not per pair) and
    ``B = (X'X)^{-1} X'Y`` for the ``N`` assets at once; the CAR variance
    ``1'V_i 1 = sigma_i^2 (w + s'(X'X)^{-1}s)``, ``s = X^{*\prime} 1`` (MacKinlay 1997,
    eq. 9-14) needs no ``K x T x T`` covariance array. Same formulas as
    :func:`eventstudy.engine.fit_batch` (explicit ``(X'X)^{-1}``, ``sigma^2 = SSR/(L-ddof)``,
    the same conditioning check); ``method="fit_batch"`` calls ``fit_batch`` itself on
    chunks of pairs (slower; kept as a cross-check and for the benchmark).
Kolari-Pynnönen ``bar r``
    The sum of the off-diagonal residual correlations is
    ``||sum_i z_i||^2 - sum_i ||z_i||^2`` with ``z_i`` the demeaned, unit-norm residual
    columns: ``O(L N)`` per event instead of the ``O(L N^2)`` correlation matrix.
Corrado ranks
    Each pair's ``L + T`` residuals are ranked with one SIMD ``numpy`` sort of integer
    keys (order-preserving bit pattern of the float with its time index in the low bits);
    any pair whose values are tied or closer than ``2^b`` units in the last place is
    re-ranked exactly by :func:`scipy.stats.rankdata` (average ranks), so ranks equal
    the reference's.

Chunks of event dates are processed in a thread pool (``numpy`` releases the GIL in
the sorts, gathers and ufuncs); memory is bounded by ``chunk_pairs``, not by ``K``.
For panels beyond one machine, see :mod:`eventstudy.dask_backend`.

References
----------
1. Patell, J. M. (1976). Corporate forecasts of earnings per share and stock price
   behavior: Empirical tests. *Journal of Accounting Research* 14(2), 246-276.
2. Boehmer, E., Musumeci, J., & Poulsen, A. B. (1991). Event-study methodology under
   conditions of event-induced variance. *Journal of Financial Economics* 30(2), 253-272.
3. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with cross-sectional
   correlation of abnormal returns. *Review of Financial Studies* 23(11), 3996-4025.
4. Corrado, C. J. (1989). A nonparametric test for abnormal security-price performance
   in event studies. *Journal of Financial Economics* 23(2), 385-395.
5. Campbell, C. J., & Wasley, C. E. (1993). Measuring security price performance using
   daily NASDAQ returns. *Journal of Financial Economics* 33(1), 73-92.
6. MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of Economic
   Literature* 35(1), 13-39.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from .alignment import check_windows
from .engine import check_design, fit_batch, fit_shared_design
from .errors import (
    DataError,
    EventOutOfRangeError,
    EventRolledWarning,
    MissingDataError,
    SpecificationError,
)
from .inference.base import check_alternative, pvalue_symmetric, window_slice
from .validation import check_date_index

__all__ = ["BatchResult", "STAT_COLUMNS", "batch_study", "batch_study_reference"]

STAT_COLUMNS: tuple[str, ...] = ("patell", "bmp", "kolari_pynnonen", "corrado_rank")
"""The four tests computed per event date (names as in :data:`eventstudy.inference.TESTS`)."""

Method = Literal["shared", "fit_batch"]


@dataclass(frozen=True)
class BatchResult:
    """Results of :func:`batch_study` for ``M`` event dates x ``N`` assets.

    Attributes
    ----------
    car : DataFrame, shape (M, N)
        Cumulative abnormal return of each asset (columns) at each event date (index
        ``event_date``) over ``window``.
    scar : DataFrame, shape (M, N)
        Standardized CAR ``CAR_i / sqrt(1'V_i 1)`` (Patell 1976).
    alpha, beta, sigma : DataFrame, shape (M, N)
        Market-model intercept, slope and residual standard deviation
        ``sqrt(SSR / (L - ddof))``.
    stats : DataFrame, M rows
        Per event date: ``day0``, ``rolled``, ``n`` (assets), ``caar``, then for each of
        ``patell``, ``bmp``, ``kolari_pynnonen``, ``corrado_rank`` the statistic (column
        named after the test) and ``<test>_pvalue``; ``rbar`` (Kolari-Pynnönen average
        residual correlation) and ``corrado_sd`` (``S_U``).
    estimation_window, event_window, window : tuple of int
        Windows in event time (``window`` is the CAR/test window).
    ddof, dof : int
        Residual-variance denominator ``L - ddof`` and ``dof = L - 2``.
    alternative : str
        Alternative hypothesis of the p-values.
    """

    car: pd.DataFrame
    scar: pd.DataFrame
    alpha: pd.DataFrame
    beta: pd.DataFrame
    sigma: pd.DataFrame
    stats: pd.DataFrame
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    window: tuple[int, int]
    ddof: int
    dof: int
    alternative: str = "two-sided"

    @property
    def n_events(self) -> int:
        """Number of event dates ``M``."""
        return int(self.car.shape[0])

    @property
    def n_assets(self) -> int:
        """Number of assets ``N``."""
        return int(self.car.shape[1])

    def statistics(self) -> pd.DataFrame:
        """The four statistics only (M x 4), columns in :data:`STAT_COLUMNS` order."""
        return self.stats[list(STAT_COLUMNS)].copy()

    def pvalues(self) -> pd.DataFrame:
        """The four p-values only (M x 4), columns named after the tests."""
        out = self.stats[[f"{c}_pvalue" for c in STAT_COLUMNS]].copy()
        out.columns = list(STAT_COLUMNS)
        return out

    def to_long(self) -> pd.DataFrame:
        """Tidy long frame: one row per (event date, test) with statistic and p-value."""
        rows = []
        for name in STAT_COLUMNS:
            part = pd.DataFrame(
                {
                    "event_date": self.stats.index,
                    "test": name,
                    "statistic": self.stats[name].to_numpy(),
                    "pvalue": self.stats[f"{name}_pvalue"].to_numpy(),
                }
            )
            rows.append(part)
        return pd.concat(rows, ignore_index=True)

    @classmethod
    def concat(cls, parts: Sequence[BatchResult]) -> BatchResult:
        """Stack results of disjoint sets of event dates (same assets and windows), in order."""
        if not parts:
            raise SpecificationError("BatchResult.concat needs at least one part")
        first = parts[0]
        for p in parts[1:]:
            if (
                list(p.car.columns) != list(first.car.columns)
                or p.window != first.window
                or p.estimation_window != first.estimation_window
                or p.event_window != first.event_window
                or p.ddof != first.ddof
                or p.alternative != first.alternative
            ):
                raise SpecificationError(
                    "BatchResult.concat: parts differ in assets, windows, ddof or alternative"
                )

        def cat(attr: str) -> pd.DataFrame:
            return pd.concat([getattr(p, attr) for p in parts], axis=0)

        return cls(
            car=cat("car"),
            scar=cat("scar"),
            alpha=cat("alpha"),
            beta=cat("beta"),
            sigma=cat("sigma"),
            stats=cat("stats"),
            estimation_window=first.estimation_window,
            event_window=first.event_window,
            window=first.window,
            ddof=first.ddof,
            dof=first.dof,
            alternative=first.alternative,
        )

    def __repr__(self) -> str:
        return (
            f"BatchResult(events={self.n_events}, assets={self.n_assets}, window={self.window}, "
            f"estimation_window={self.estimation_window}, ddof={self.ddof})"
        )


# ---------------------------------------------------------------------------------------------
# validation and gather
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    R: np.ndarray  # (D, N) returns, C order
    m: np.ndarray  # (D,) market
    index: pd.DatetimeIndex
    assets: tuple[str, ...]
    events: pd.DatetimeIndex  # requested, normalised
    pos0: np.ndarray  # (M,) day-0 row
    offsets: np.ndarray  # (W,) event-time offsets: estimation then event window
    L: int
    T: int
    wrows: np.ndarray  # rows of the test window inside the event window
    window: tuple[int, int]
    est: tuple[int, int]
    evt: tuple[int, int]
    ddof: int


def _prepare(
    returns: pd.DataFrame,
    market: pd.Series,
    event_dates: Sequence[Any],
    estimation_window: tuple[int, int],
    event_window: tuple[int, int],
    window: tuple[int, int] | None,
    ddof: int | None,
    min_estimation: int,
) -> _Spec:
    if not isinstance(returns, pd.DataFrame):
        raise SpecificationError("returns must be a DataFrame (DatetimeIndex x assets)")
    if not isinstance(market, pd.Series):
        raise SpecificationError("market must be a Series of market returns on a DatetimeIndex")
    idx = returns.index
    check_date_index(idx, "returns")
    check_date_index(market.index, "market")
    est_days, evt_days = check_windows(estimation_window, event_window, min_estimation)
    est = (int(est_days[0]), int(est_days[-1]))
    evt = (int(evt_days[0]), int(evt_days[-1]))
    wrows = window_slice(evt_days, window)
    win = (int(evt_days[wrows[0]]), int(evt_days[wrows[-1]]))
    L, T = est_days.size, evt_days.size
    if ddof is None:
        ddof = 2
    ddof = int(ddof)
    if not 0 <= ddof < L:
        raise SpecificationError(f"ddof={ddof} must lie in [0, L) with L={L}")
    if L - 2 <= 2:
        raise SpecificationError(f"the estimation window needs more than 4 days; L={L}")
    try:
        R = returns.to_numpy(dtype=float, copy=False)
    except (TypeError, ValueError) as exc:
        raise DataError(f"returns must be numeric: {exc}") from exc
    R = np.ascontiguousarray(R)
    if R.shape[1] < 2:
        raise SpecificationError(f"batch_study needs at least 2 assets; got {R.shape[1]}")
    m = market.reindex(idx).to_numpy(dtype=float)
    try:
        events = pd.DatetimeIndex(pd.to_datetime(list(event_dates)))
    except (ValueError, TypeError) as exc:
        raise SpecificationError(f"event dates could not be parsed as dates: {exc}") from exc
    if events.size == 0:
        raise SpecificationError("event_dates is empty")
    if events.tz is not None:
        events = events.tz_localize(None)
    events = events.normalize()
    if events.has_duplicates:
        raise SpecificationError(f"event date {events[events.duplicated()][0]:%Y-%m-%d} is listed twice")
    pos0 = idx.searchsorted(events)
    offsets = np.concatenate([est_days, evt_days])
    D = len(idx)
    late = np.flatnonzero(pos0 + offsets[-1] >= D)
    early = np.flatnonzero(pos0 + offsets[0] < 0)
    if late.size or early.size:
        j = int(late[0]) if late.size else int(early[0])
        side = "event window ends after" if late.size else "estimation window starts before"
        raise EventOutOfRangeError(
            f"for the event {events[j]:%Y-%m-%d}, the {side} the data ({idx[0]:%Y-%m-%d} .. {idx[-1]:%Y-%m-%d}, "
            f"{D} rows); shorten the windows, drop the event or load more data"
        )
    _check_windows_finite(R, m, idx, returns.columns, market.name, events, pos0, offsets)
    return _Spec(
        R=R,
        m=m,
        index=idx,
        assets=tuple(map(str, returns.columns)),
        events=events,
        pos0=np.asarray(pos0, dtype=np.int64),
        offsets=offsets,
        L=L,
        T=T,
        wrows=wrows,
        window=win,
        est=est,
        evt=evt,
        ddof=ddof,
    )


def _check_windows_finite(
    R: np.ndarray,
    m: np.ndarray,
    idx: pd.DatetimeIndex,
    columns: pd.Index,
    mname: Any,
    events: pd.DatetimeIndex,
    pos0: np.ndarray,
    offsets: np.ndarray,
) -> None:
    """Raise if any return or market value inside any window is missing (O(D N + M))."""
    row_bad = ~np.isfinite(R).all(axis=1) | ~np.isfinite(m)
    if not row_bad.any():
        return
    csum = np.concatenate([[0], np.cumsum(row_bad)])
    lo, hi = pos0 + offsets[0], pos0 + offsets[-1] + 1
    hit = np.flatnonzero(csum[hi] - csum[lo] > 0)
    if not hit.size:
        return
    j = int(hit[0])
    r = int(lo[j] + np.flatnonzero(row_bad[lo[j] : hi[j]])[0])
    if not np.isfinite(m[r]):
        who = f"market {mname or ''}".strip()
    else:
        who = str(columns[int(np.flatnonzero(~np.isfinite(R[r]))[0])])
    raise MissingDataError(
        f"{who} has no valid return on {idx[r]:%Y-%m-%d}, inside the windows of the event {events[j]:%Y-%m-%d}; "
        "batch_study needs every asset on every row of returns.index inside the windows (one shared calendar) "
        "and never fills: drop the asset or the event, or use EventStudy for assets on their own calendars"
    )


# ---------------------------------------------------------------------------------------------
# kernels
# ---------------------------------------------------------------------------------------------


def _fit_shared(Y: np.ndarray, mx: np.ndarray, sp: _Spec, events: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """Market model for ``c`` events x ``N`` assets sharing each event's design.

    Calls :func:`eventstudy.engine.fit_shared_design`; ``Y`` (c, W, N) is overwritten with the
    residuals (estimation rows then event rows).
    """
    X = _design(mx)
    fit = fit_shared_design(Y, X, sp.L, ddof=sp.ddof, labels=events.strftime("event %Y-%m-%d"))
    s = np.empty((mx.shape[0], 2))
    s[:, 0] = sp.wrows.size
    s[:, 1] = mx[:, sp.L + sp.wrows].sum(axis=1)
    q = np.einsum("cp,cpq,cq->c", s, fit.xtx_inv, s)  # 1' X* (X'X)^{-1} X*' 1 over the window
    var_car = fit.sigma2 * (sp.wrows.size + q)[:, None]
    return {
        "alpha": fit.params[:, 0, :],
        "beta": fit.params[:, 1, :],
        "sigma2": fit.sigma2,
        "var_car": var_car,
    }


def _design(mx: np.ndarray) -> np.ndarray:
    """Market-model design ``[1, R_m]`` per event, shape (c, W, 2)."""
    X = np.empty((mx.shape[0], mx.shape[1], 2))
    X[:, :, 0] = 1.0
    X[:, :, 1] = mx
    return X


def _fit_engine(Y: np.ndarray, mx: np.ndarray, sp: _Spec) -> dict[str, np.ndarray]:
    """Same fit through :func:`eventstudy.engine.fit_batch` with ``K = c N`` pairs."""
    c, W, N = Y.shape
    L, T = sp.L, sp.T
    K = c * N
    y_est = Y[:, :L, :].transpose(1, 0, 2).reshape(L, K)
    y_evt = Y[:, L:, :].transpose(1, 0, 2).reshape(T, K)
    Xc = _design(mx)
    # pair k = e * N + i shares its event's design: broadcast views, no K x L x p copy
    X_est = np.broadcast_to(Xc[:, None, :L, :], (c, N, L, 2)).reshape(K, L, 2)
    X_evt = np.broadcast_to(Xc[:, None, L:, :], (c, N, T, 2)).reshape(K, T, 2)
    fit = fit_batch(y_est, X_est, y_evt, X_evt, ddof=sp.ddof)
    Y[:, :L, :] = fit.resid_est.reshape(L, c, N).transpose(1, 0, 2)
    Y[:, L:, :] = fit.ar.reshape(T, c, N).transpose(1, 0, 2)
    r = sp.wrows
    var_car = fit.cov_evt[:, r][:, :, r].sum(axis=(1, 2)).reshape(c, N)
    return {
        "alpha": fit.params[:, 0].reshape(c, N),
        "beta": fit.params[:, 1].reshape(c, N),
        "sigma2": (fit.sigma**2).reshape(c, N),
        "var_car": var_car,
    }


def _rbar(E: np.ndarray) -> np.ndarray:
    """Average off-diagonal Pearson correlation of the columns of each ``E[c]`` (L, N).

    ``sum_{i != j} r_ij = ||sum_i z_i||^2 - sum_i ||z_i||^2`` with ``z_i`` the demeaned,
    unit-norm columns: the quantity of
    :func:`eventstudy.inference.parametric.average_correlation` (``numpy.corrcoef``) in
    ``O(L N)`` instead of ``O(L N^2)``.
    """
    n = E.shape[2]
    Dm = E - E.mean(axis=1, keepdims=True)
    nrm2 = np.einsum("cln,cln->cn", Dm, Dm)
    inv_nrm = 1.0 / np.sqrt(nrm2)
    S = np.matmul(Dm, inv_nrm[:, :, None])[:, :, 0]  # (c, L)
    total = np.einsum("cl,cl->c", S, S)
    diag = (nrm2 * inv_nrm * inv_nrm).sum(axis=1)
    return (total - diag) / (n * (n - 1.0))


_RANK_BLOCK = 256  # rows ranked at once: 256 x (L+T) x 8 bytes stays in L2


def _rank_block(key: np.ndarray, out: np.ndarray, original: np.ndarray) -> None:
    """Rank the rows of ``key`` (C-contiguous float64 copy, destroyed) into ``out``."""
    n = key.shape[1]
    shift = max(1, int(n - 1).bit_length())
    low = np.int64((1 << shift) - 1)
    bits = key.view(np.int64)
    # The low ``shift`` bits of the IEEE pattern become the time index. For positive floats
    # the pattern orders like the value; for negative floats in reverse, but only inside a
    # group of equal high bits, and such groups are sent to the exact fallback below.
    bits &= ~low
    bits |= np.arange(n, dtype=np.int64)
    key.sort(axis=1)  # SIMD float sort
    order = bits & low
    bits &= ~low
    tied = (bits[:, 1:] == bits[:, :-1]).any(axis=1)
    np.put_along_axis(out, order, np.arange(1.0, n + 1.0)[None, :], axis=1)
    if tied.any():
        out[tied] = stats.rankdata(original[tied], axis=1)


def rank_rows(A: np.ndarray) -> np.ndarray:
    """Ranks (1-based, average ranks for ties) along the last axis, equal to ``scipy.stats.rankdata``.

    Fast path: in a copy of each row the low ``b = bit_length(n - 1)`` bits of every
    float64 bit pattern are replaced by the element's position and the row is sorted with
    ``numpy``'s SIMD sort; the sorted low bits are the permutation. Rows in which two values
    share their high bits (ties, ``-0.0`` vs ``0.0`` aside, or values within ``2^b`` units in
    the last place) are re-ranked by :func:`scipy.stats.rankdata`, so the result is exact.

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
    for s in range(0, flat.shape[0], _RANK_BLOCK):
        a = flat[s : s + _RANK_BLOCK]
        _rank_block(np.add(a, 0.0, order="C"), out[s : s + _RANK_BLOCK], a)  # + 0.0: -0.0 -> 0.0
    return out.reshape(A.shape)


def _rank_sums(E: np.ndarray) -> np.ndarray:
    """``sum_i rank_i(t)`` over the ``N`` assets of each event: ``E`` (c, W, N) -> (c, W).

    Each asset's ``W`` residuals are ranked over time (:func:`rank_rows` on cache-sized
    blocks of assets, transposed on the fly).
    """
    c, W, N = E.shape
    sums = np.zeros((c, W))
    out = np.empty((min(_RANK_BLOCK, N), W))
    for e in range(c):
        for s in range(0, N, _RANK_BLOCK):
            a = E[e, :, s : s + _RANK_BLOCK].T  # (b, W) view
            o = out[: a.shape[0]]
            _rank_block(np.add(a, 0.0, order="C"), o, a)
            sums[e] += o.sum(axis=0)
    return sums


def _corrado(E: np.ndarray, sp: _Spec, sd_days: str) -> tuple[np.ndarray, np.ndarray]:
    """Corrado (1989) statistic per event from residuals ``E`` (c, W, N) in time order.

    ``U_it = K_it / (W + 1) - 1/2``, ``bar U_t = mean_i U_it = sum_i K_it / (N (W + 1)) - 1/2``,
    ``S_U = sqrt(mean_t bar U_t^2)``, ``Z = sum_{t in window} bar U_t / (sqrt(w) S_U)``
    (as :func:`eventstudy.inference.corrado_rank`).
    """
    c, W, N = E.shape
    ubar = _rank_sums(E) / (N * (W + 1.0)) - 0.5
    ref = ubar if sd_days == "all" else ubar[:, : sp.L]
    s = np.sqrt(np.mean(ref**2, axis=1))
    w = ubar[:, sp.L + sp.wrows]
    z = w.sum(axis=1) / (np.sqrt(sp.wrows.size) * s)
    return z, s


def _chunk(
    sp: _Spec, sel: np.ndarray, method: Method, sd_days: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    rows = sp.pos0[sel, None] + sp.offsets[None, :]  # (c, W)
    Y = sp.R[rows]  # (c, W, N) gather, one copy
    mx = sp.m[rows]
    ev = sp.events[sel]
    if method == "shared":
        f = _fit_shared(Y, mx, sp, ev)
    else:
        Xe = _design(mx[:, : sp.L])
        check_design(Xe.transpose(0, 2, 1) @ Xe, ev.strftime("event %Y-%m-%d"))
        f = _fit_engine(Y, mx, sp)
    L, N = sp.L, Y.shape[2]
    car = Y[:, L + sp.wrows, :].sum(axis=1)
    scar = car / np.sqrt(f["var_car"])
    d = sp.L - 2
    out: dict[str, np.ndarray] = {}
    out["patell"] = scar.sum(axis=1) / np.sqrt(N * (d / (d - 2.0)))
    mean, sd = scar.mean(axis=1), scar.std(axis=1, ddof=1)
    t_bmp = mean / (sd / np.sqrt(N))
    out["bmp"] = t_bmp
    rbar = _rbar(Y[:, :L, :])
    denom = 1.0 + (N - 1) * rbar
    with np.errstate(invalid="ignore"):
        adj = np.where(denom > 0, np.sqrt((1.0 - rbar) / np.where(denom > 0, denom, 1.0)), np.nan)
    out["kolari_pynnonen"] = t_bmp * adj
    out["rbar"] = rbar
    out["corrado_rank"], out["corrado_sd"] = _corrado(Y, sp, sd_days)
    out["caar"] = car.mean(axis=1)
    return car, scar, f["alpha"], f["beta"], np.sqrt(f["sigma2"]), out


# ---------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------


def batch_study(
    returns: pd.DataFrame,
    market: pd.Series,
    event_dates: Sequence[Any],
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    window: tuple[int, int] | None = None,
    ddof: int | None = None,
    *,
    alternative: str = "two-sided",
    corrado_sd_days: str = "all",
    method: Method = "shared",
    chunk_pairs: int = 4_096,
    threads: int | None = None,
    min_estimation: int = 100,
    backend: Literal["numpy", "dask"] = "numpy",
    client: Any = None,
    partitions: int | None = None,
) -> BatchResult:
    """Market-model event study of ``N`` assets at each of ``M`` event dates, with four tests.

    Every asset is studied at every event date (``K = N M`` pairs); for each event date the
    Patell (1976) Z, BMP (Boehmer, Musumeci & Poulsen 1991) t, Kolari & Pynnönen (2010)
    adjusted BMP t and Corrado (1989) rank Z are computed over the ``N`` assets, with the
    conventions of :mod:`eventstudy.inference` (identical numbers to
    :func:`batch_study_reference`).

    Parameters
    ----------
    returns : DataFrame
        Returns, DatetimeIndex (sorted, tz-naive) x assets. The rows are the shared trading
        calendar: event time counts rows. No NaN is allowed inside any window.
    market : Series
        Market returns; reindexed to ``returns.index``.
    event_dates : sequence of date-like
        Event dates; day 0 is the first row on or after each (``stats["rolled"]``).
    estimation_window, event_window : tuple of int
        Inclusive windows in event time (must not overlap).
    window : tuple of int, optional
        CAR and test window inside the event window (default: the whole event window).
    ddof : int, optional
        Residual variance ``SSR / (L - ddof)``; default 2 (``p``, MacKinlay 1997).
    alternative : {"two-sided", "less", "greater"}
        Alternative of the p-values.
    corrado_sd_days : {"all", "estimation"}
        Days over which Corrado's ``S_U`` is computed (see
        :func:`eventstudy.inference.corrado_rank`).
    method : {"shared", "fit_batch"}
        ``"shared"``: closed form using the design shared by all assets of an event
        (fast); ``"fit_batch"``: :func:`eventstudy.engine.fit_batch` on chunks of pairs.
    chunk_pairs : int
        Pairs processed per chunk (memory ~ ``chunk_pairs x (L+T) x 40`` bytes per thread).
    threads : int, optional
        Worker threads over chunks (default: ``os.cpu_count()``).
    min_estimation : int
        Minimum estimation-window length.
    backend : {"numpy", "dask"}
        ``"dask"`` partitions the event dates over a ``dask.distributed`` cluster
        (:func:`eventstudy.dask_backend.batch_study_dask`; ``client``, ``partitions``).
    client, partitions
        Passed to the Dask backend.

    Returns
    -------
    BatchResult
        ``car`` (M x N), ``stats`` (M rows: statistics and p-values), ``scar``, ``alpha``,
        ``beta``, ``sigma``.

    Raises
    ------
    MissingDataError
        A NaN inside a window (names the asset and date).
    EventOutOfRangeError
        A window runs past the data.
    SpecificationError
        Bad options, fewer than 2 assets, or a singular market design.

    References
    ----------
    Patell (1976); Boehmer, Musumeci & Poulsen (1991); Kolari & Pynnönen (2010);
    Corrado (1989); Campbell & Wasley (1993); MacKinlay (1997). Full citations in the
    module docstring.
    """
    if backend == "dask":
        from .dask_backend import batch_study_dask

        return batch_study_dask(
            returns,
            market,
            event_dates,
            estimation_window,
            event_window,
            window,
            ddof,
            client=client,
            partitions=partitions,
            alternative=alternative,
            corrado_sd_days=corrado_sd_days,
            method=method,
            chunk_pairs=chunk_pairs,
            min_estimation=min_estimation,
        )
    if backend != "numpy":
        raise SpecificationError(f"backend={backend!r} must be 'numpy' or 'dask'")
    check_alternative(alternative)
    if corrado_sd_days not in ("all", "estimation"):
        raise SpecificationError(f"corrado_sd_days={corrado_sd_days!r} must be 'all' or 'estimation'")
    if method not in ("shared", "fit_batch"):
        raise SpecificationError(f"method={method!r} must be 'shared' or 'fit_batch'")
    sp = _prepare(returns, market, event_dates, estimation_window, event_window, window, ddof, min_estimation)
    M, N = sp.events.size, len(sp.assets)
    per = max(1, int(chunk_pairs) // N)
    chunks = [np.arange(i, min(i + per, M)) for i in range(0, M, per)]
    arrays = {k: np.empty((M, N)) for k in ("car", "scar", "alpha", "beta", "sigma")}
    scal = {k: np.empty(M) for k in ("caar", *STAT_COLUMNS, "rbar", "corrado_sd")}

    def work(sel: np.ndarray) -> None:
        car, scar, a, b, sig, out = _chunk(sp, sel, method, corrado_sd_days)
        arrays["car"][sel], arrays["scar"][sel] = car, scar
        arrays["alpha"][sel], arrays["beta"][sel], arrays["sigma"][sel] = a, b, sig
        for k, v in out.items():
            scal[k][sel] = v

    nthreads = max(1, int(threads or os.cpu_count() or 1))
    if nthreads == 1 or len(chunks) == 1:
        for sel in chunks:
            work(sel)
    else:
        with ThreadPoolExecutor(max_workers=nthreads) as ex:
            list(ex.map(work, chunks))
    return _assemble(sp, arrays, scal, alternative)


def _assemble(
    sp: _Spec,
    arrays: dict[str, np.ndarray],
    scal: dict[str, np.ndarray],
    alternative: str,
    pvalues: dict[str, np.ndarray] | None = None,
) -> BatchResult:
    N = len(sp.assets)
    ev_index = pd.Index(sp.events, name="event_date")
    cols = pd.Index(sp.assets, name="asset")

    def frame(a: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(a, index=ev_index, columns=cols)

    day0 = sp.index[sp.pos0]
    st = pd.DataFrame(index=ev_index)
    st["day0"] = day0.to_numpy()
    st["rolled"] = np.asarray(day0 != sp.events)
    st["n"] = N
    st["caar"] = scal["caar"]
    norm, tdist = stats.norm(), stats.t(N - 1)
    for name, dist in (("patell", norm), ("bmp", tdist), ("kolari_pynnonen", tdist), ("corrado_rank", norm)):
        st[name] = scal[name]
        if pvalues is not None:
            st[f"{name}_pvalue"] = pvalues[name]
        else:
            st[f"{name}_pvalue"] = np.asarray(pvalue_symmetric(scal[name], dist, alternative), dtype=float)
    st["rbar"] = scal["rbar"]
    st["corrado_sd"] = scal["corrado_sd"]
    return BatchResult(
        car=frame(arrays["car"]),
        scar=frame(arrays["scar"]),
        alpha=frame(arrays["alpha"]),
        beta=frame(arrays["beta"]),
        sigma=frame(arrays["sigma"]),
        stats=st,
        estimation_window=sp.est,
        event_window=sp.evt,
        window=sp.window,
        ddof=sp.ddof,
        dof=sp.L - 2,
        alternative=alternative,
    )


def batch_study_reference(
    returns: pd.DataFrame,
    market: pd.Series,
    event_dates: Sequence[Any],
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    window: tuple[int, int] | None = None,
    ddof: int | None = None,
    *,
    alternative: str = "two-sided",
    corrado_sd_days: str = "all",
    calendars: dict[str, str] | None = None,
) -> BatchResult:
    """The slow reference path: one :class:`eventstudy.EventStudy` per event date.

    For each event date the market-model study of all assets is fitted
    (:func:`eventstudy.alignment.build_panel` + :func:`eventstudy.engine.fit_batch`) and
    :func:`~eventstudy.inference.patell`, :func:`~eventstudy.inference.bmp`,
    :func:`~eventstudy.inference.kolari_pynnonen` and
    :func:`~eventstudy.inference.corrado_rank` are called on its
    :class:`~eventstudy.inference.base.EventSample`. Same output as :func:`batch_study`;
    a Python loop over events, for checking and small panels.

    Parameters
    ----------
    returns, market, event_dates, estimation_window, event_window, window, ddof, alternative, corrado_sd_days
        As in :func:`batch_study`. Each asset's calendar is
        :func:`eventstudy.calendars.calendar_for` (or ``calendars``), so ``returns.index``
        must be that calendar's sessions.
    calendars : dict, optional
        Calendar per asset, passed to :class:`eventstudy.EventStudy`.

    Returns
    -------
    BatchResult
    """
    from .inference import bmp, corrado_rank, kolari_pynnonen, patell
    from .study import EventStudy

    check_alternative(alternative)
    events = pd.DatetimeIndex(pd.to_datetime(list(event_dates))).normalize()
    cols = list(map(str, returns.columns))
    N = len(cols)
    keys = ("car", "scar", "alpha", "beta", "sigma")
    arrays = {k: np.empty((events.size, N)) for k in keys}
    scal = {k: np.empty(events.size) for k in ("caar", *STAT_COLUMNS, "rbar", "corrado_sd")}
    pvals = {k: np.empty(events.size) for k in STAT_COLUMNS}
    day0 = []
    win: tuple[int, int] = (0, 0)
    ddof_used, dof = 2, 0
    for j, d in enumerate(events):
        with warnings.catch_warnings():
            # a rolled day 0 is reported in ``stats["rolled"]``, as by the batch engine
            warnings.simplefilter("ignore", EventRolledWarning)
            res = EventStudy(
                returns,
                market=market,
                event_date=d,
                estimation_window=estimation_window,
                event_window=event_window,
                model="market",
                ddof=ddof,
                calendars=calendars,
            ).fit()
        s = res.sample
        arrays["car"][j] = s.car(window)
        arrays["scar"][j] = s.scar(window)
        arrays["alpha"][j] = res.fit.params[:, 0]
        arrays["beta"][j] = res.fit.params[:, 1]
        arrays["sigma"][j] = res.fit.sigma
        scal["caar"][j] = s.car(window).mean()
        tp = patell(s, window, alternative=alternative)
        tb = bmp(s, window, alternative=alternative)
        tk = kolari_pynnonen(s, window, alternative=alternative)
        tc = corrado_rank(s, window, alternative=alternative, sd_days=corrado_sd_days)
        for name, t in zip(STAT_COLUMNS, (tp, tb, tk, tc), strict=True):
            scal[name][j] = t.statistic
            pvals[name][j] = t.pvalue
        scal["rbar"][j] = tk.details["rbar"]
        scal["corrado_sd"][j] = tc.details["sd_u"]
        day0.append(res.panel.day0[0])
        win, ddof_used, dof = tp.window, int(s.ddof), int(s.dof)
    sp = _Spec(
        R=np.empty((0, N)),
        m=np.empty(0),
        index=pd.DatetimeIndex(day0),
        assets=tuple(cols),
        events=events,
        pos0=np.arange(events.size),
        offsets=np.empty(0, dtype=np.int64),
        L=dof + 2,
        T=0,
        wrows=np.empty(0, dtype=np.int64),
        window=win,
        est=(int(estimation_window[0]), int(estimation_window[1])),
        evt=(int(event_window[0]), int(event_window[1])),
        ddof=ddof_used,
    )
    return _assemble(sp, arrays, scal, alternative, pvalues=pvals)
