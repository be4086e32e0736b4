r"""Batch event studies: ``N`` assets x ``M`` event dates, the many-event face of the one engine.

:func:`batch_study` runs the market-model event study of every asset at every event date
(``K = N M`` asset-event pairs) and, for each event date, the four cross-sectional tests
over the ``N`` assets:

* Patell (1976) standardized-residual ``Z``,
* Boehmer, Musumeci & Poulsen (1991) standardized cross-sectional ``t`` (BMP),
* Kolari & Pynnönen (2010) cross-correlation adjusted BMP,
* Corrado (1989) rank test (multi-day form of Campbell & Wasley 1993).

One engine
    The statistics are the kernels of :mod:`eventstudy.inference.kernels`
    (:func:`~eventstudy.inference.kernels.patell_z`, :func:`~eventstudy.inference.kernels.bmp_t`,
    :func:`~eventstudy.inference.kernels.kp_adjustment`,
    :func:`~eventstudy.inference.kernels.rbar_from_sum`,
    :func:`~eventstudy.inference.kernels.time_rank_sums`,
    :func:`~eventstudy.inference.kernels.corrado_z`) called with a leading events axis; the
    single-event tests (:func:`eventstudy.inference.patell` and co., used by
    :class:`eventstudy.EventStudy`) call the same kernels without it. The event-time rule
    (calendar check, day-0 roll with its :class:`~eventstudy.errors.EventRolledWarning`,
    missing-session error) is :mod:`eventstudy.eventtime`, shared with
    :func:`eventstudy.alignment.build_panel`. :func:`batch_study_reference` (one
    ``EventStudy`` per event date) is the reference path; ``tests/lib/test_batch.py`` checks
    agreement to ``1e-10``.

Market model from window sums (``method="shared"``, the default)
    All assets share one trading calendar (the sessions of ``calendar``). For a block of
    event dates sorted in time, the sums ``sum r``, ``sum r m``, ``sum r^2`` over each
    estimation window (and ``sum r`` over the test window) of every asset come from one BLAS
    product of 0/1 window-indicator rows with the block of returns (a cumulative-sum version
    was measured slower: ``numpy.cumsum`` runs element by element), and each asset-event
    regression is then closed-form, ``O(1)``:

    .. math::

        S_{xx} = \sum m^2 - (\sum m)^2 / L,\quad S_{xy} = \sum r m - \sum r \sum m / L,\quad
        \hat\beta = S_{xy} / S_{xx},\quad \hat\alpha = (\sum r - \hat\beta \sum m) / L,

        SSR = \sum r^2 - (\sum r)^2 / L - \hat\beta S_{xy},\quad
        \sigma^2 = SSR / (L - \mathrm{ddof}).

    The CAR over the test window is ``sum_w r - w alpha - beta sum_w m`` and its
    prediction-error variance ``sigma^2 (w + s'(X'X)^{-1}s)``, ``s = (w, sum_w m)``
    (MacKinlay 1997, eq. 9-14). Values outside every window (a NaN on a non-window row)
    enter the products as zero and drop out; a missing value inside a window is an error.
    ``method="fit_batch"`` fits with :func:`eventstudy.engine.fit_batch` (a cross-check).
Kolari-Pynnönen ``bar r`` (linear in ``N``)
    ``bar r = (||sum_i z_i||^2 - N) / (N (N - 1))`` with ``z_i`` the residuals scaled to unit
    norm: one weighted sum over assets per estimation day, never the ``N x N`` matrix.
Corrado ranks
    Ranked once per event (exact average ranks: SIMD key sort, scipy fallback on ties).

Blocks of events are processed in a thread pool (``numpy`` releases the GIL); memory is
bounded by ``chunk_pairs``, not by ``K``. With ``per_asset=False`` only the per-event
statistics are kept (for very large runs). For clusters see :mod:`eventstudy.dask_backend`.

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

import importlib
import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import calendars as cal
from . import eventtime
from .alignment import check_windows
from .engine import check_design, fit_batch
from .errors import (
    CalendarGapError,
    DataError,
    EventRolledWarning,
    SpecificationError,
)
from .inference.base import check_alternative, pvalue_symmetric, window_slice
from .inference.kernels import (
    bmp_t,
    corrado_z,
    kp_adjustment,
    norm_dist,
    patell_z,
    rbar_from_sum,
    t_dist,
    time_rank_sums,
)
from .validation import check_batch_variance, check_date_index, check_int, check_market, check_units

__all__ = ["BatchResult", "STAT_COLUMNS", "batch_study", "batch_study_reference"]

STAT_COLUMNS: tuple[str, ...] = ("patell", "bmp", "kolari_pynnonen", "corrado_rank")
"""The four tests computed per event date (names as in :data:`eventstudy.inference.TESTS`)."""

PER_ASSET: tuple[str, ...] = ("car", "scar", "alpha", "beta", "sigma")
"""The M x N per-asset frames of a :class:`BatchResult`."""

Method = Literal["shared", "fit_batch"]


@dataclass(frozen=True)
class BatchResult:
    """Results of :func:`batch_study` for ``M`` event dates x ``N`` assets.

    Attributes
    ----------
    car : DataFrame, shape (M, N), or None
        Cumulative abnormal return of each asset (columns) at each event date (index
        ``event_date``) over ``window``. ``None`` with ``per_asset=False``.
    scar : DataFrame, shape (M, N), or None
        Standardized CAR ``CAR_i / sqrt(1'V_i 1)`` (Patell 1976).
    alpha, beta, sigma : DataFrame, shape (M, N), or None
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
    calendar : str
        The trading calendar event time counts.
    """

    car: pd.DataFrame | None
    scar: pd.DataFrame | None
    alpha: pd.DataFrame | None
    beta: pd.DataFrame | None
    sigma: pd.DataFrame | None
    stats: pd.DataFrame
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    window: tuple[int, int]
    ddof: int
    dof: int
    alternative: str = "two-sided"
    calendar: str = "XNYS"

    @property
    def n_events(self) -> int:
        """Number of event dates ``M``."""
        return int(self.stats.shape[0])

    @property
    def n_assets(self) -> int:
        """Number of assets ``N``."""
        return int(self.stats["n"].iloc[0]) if len(self.stats) else 0

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
        m = len(self.stats)
        return pd.DataFrame(
            {
                "event_date": np.tile(self.stats.index.to_numpy(), len(STAT_COLUMNS)),
                "test": np.repeat(np.array(STAT_COLUMNS, dtype=object), m),
                "statistic": np.concatenate([self.stats[c].to_numpy() for c in STAT_COLUMNS]),
                "pvalue": np.concatenate([self.stats[f"{c}_pvalue"].to_numpy() for c in STAT_COLUMNS]),
            }
        )

    @classmethod
    def concat(cls, parts: Sequence[BatchResult]) -> BatchResult:
        """Stack results of disjoint sets of event dates (same assets and windows), in order."""
        if not parts:
            raise SpecificationError("BatchResult.concat needs at least one part")
        first = parts[0]
        for p in parts[1:]:
            if (
                (p.car is None) != (first.car is None)
                or (p.car is not None and list(p.car.columns) != list(first.car.columns))
                or p.window != first.window
                or p.estimation_window != first.estimation_window
                or p.event_window != first.event_window
                or p.ddof != first.ddof
                or p.alternative != first.alternative
                or p.calendar != first.calendar
            ):
                raise SpecificationError(
                    "BatchResult.concat: parts differ in assets, windows, ddof, alternative or calendar"
                )

        def cat(attr: str) -> pd.DataFrame | None:
            if getattr(first, attr) is None:
                return None
            return pd.concat([getattr(p, attr) for p in parts], axis=0)

        return cls(
            **{k: cat(k) for k in (*PER_ASSET, "stats")},
            estimation_window=first.estimation_window,
            event_window=first.event_window,
            window=first.window,
            ddof=first.ddof,
            dof=first.dof,
            alternative=first.alternative,
            calendar=first.calendar,
        )

    def __repr__(self) -> str:
        return (
            f"BatchResult(events={self.n_events}, assets={self.n_assets}, window={self.window}, "
            f"estimation_window={self.estimation_window}, ddof={self.ddof}, calendar={self.calendar!r})"
        )


# ---------------------------------------------------------------------------------------------
# validation and the event-time rule
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    R: np.ndarray  # (D, N) returns on the calendar's sessions
    m: np.ndarray  # (D,) market on the same rows
    index: pd.DatetimeIndex  # the sessions
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
    calendar: str
    finite: bool = True  # no missing value anywhere in R, m


def _shared_calendar(names: Sequence[str], calendar: str | None, calendars: dict[str, str] | None) -> str:
    """The one calendar of all assets (``calendar`` if given, else from the symbol table)."""
    if calendar is not None:
        return str(calendar)
    table = cal.calendars_for(names)  # vectorised symbol table
    found = (
        set(table.tolist())
        if not calendars
        else {calendars.get(a) or c for a, c in zip(names, table, strict=True)}
    )
    if len(found) > 1:
        raise SpecificationError(
            f"batch_study counts event time on one shared calendar, but the assets trade on {sorted(found)}; "
            "pass calendar='XNYS' (say) if the returns are all on that calendar's sessions, or use "
            "EventStudy, which puts every asset on its own calendar"
        )
    return found.pop()


def _prepare(
    returns: pd.DataFrame,
    market: pd.Series,
    event_dates: Sequence[Any],
    estimation_window: tuple[int, int],
    event_window: tuple[int, int],
    window: tuple[int, int] | None,
    ddof: int | None,
    min_estimation: int,
    calendar: str | None = None,
    calendars: dict[str, str] | None = None,
    stacklevel: int = 4,
) -> _Spec:
    if not isinstance(returns, pd.DataFrame):
        raise SpecificationError("returns must be a DataFrame (DatetimeIndex x assets)")
    market = check_market(market)  # a one-column frame is squeezed, an array refused (validation)
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
    ddof = 2 if ddof is None else check_int(ddof, "ddof", minimum=0, example="1")
    if not 0 <= ddof < L:
        raise SpecificationError(f"ddof={ddof} must lie in [0, L) with L={L}")
    if L - 2 <= 2:
        raise SpecificationError(f"the estimation window needs more than 4 days; L={L}")
    names = [str(c) for c in returns.columns.tolist()]
    if len(set(names)) != len(names):
        dup = pd.Index(names)[pd.Index(names).duplicated()][0]
        raise SpecificationError(f"returns has the column {dup!r} twice; give every asset one column")
    try:
        R = returns.to_numpy(dtype=float, copy=False)
    except (TypeError, ValueError) as exc:
        raise DataError(f"returns must be numeric: {exc}") from exc
    if R.shape[1] < 2:
        raise SpecificationError(f"batch_study needs at least 2 assets; got {R.shape[1]}")
    # prices or percent instead of decimal returns: checked on the last year of rows (cheap)
    check_units(R[-260:], names, "returns", stacklevel=stacklevel)
    check_units(
        market.to_numpy(dtype=float)[-260:], [str(market.name)], "market returns", stacklevel=stacklevel
    )
    try:
        events = pd.DatetimeIndex(pd.to_datetime(list(event_dates)))
    except (ValueError, TypeError) as exc:
        raise SpecificationError(f"event dates could not be parsed as dates: {exc}") from exc
    if events.size == 0:
        raise SpecificationError("event_dates is empty")
    if events.hasnans:
        raise SpecificationError("an event date is missing (NaT); give every event a date 'YYYY-MM-DD'")
    if events.tz is not None:
        events = events.tz_localize(None)
    events = events.normalize()
    if events.has_duplicates:
        raise SpecificationError(f"event date {events[events.duplicated()][0]:%Y-%m-%d} is listed twice")
    # ---- the one event-time rule (eventstudy.eventtime), as in EventStudy
    cname = _shared_calendar(names, calendar, calendars)
    sess = cal.sessions(cname, idx[0], idx[-1])
    offsets = np.concatenate([est_days, evt_days])
    pos0, rolled = eventtime.locate_day0(sess, events.to_numpy(), est[0], evt[1], cname)
    lo, hi = pos0 + est[0], pos0 + evt[1] + 1
    same = idx.equals(sess)
    src = None
    if not same:
        eventtime.check_off_session(
            idx, R, sess, sess[max(int(lo.min()) - 1, 0)], sess[int(hi.max()) - 1], names, cname
        )
        src = idx.get_indexer(sess)
        R = np.take(R, np.where(src < 0, 0, src), axis=0)
        R[src < 0] = np.nan  # a session missing from the data
    m = market.reindex(sess).to_numpy(dtype=float)
    bad_rows = ~np.isfinite(m) | ~np.isfinite(R).all(axis=1)  # O(D N) once
    # only the window rows count (the gap between the windows is not used, as in EventStudy)
    hits = [
        h
        for h in (
            eventtime.first_gap(bad_rows, pos0 + est[0], pos0 + est[1] + 1),
            eventtime.first_gap(bad_rows, pos0 + evt[0], pos0 + evt[1] + 1),
        )
        if h is not None
    ]
    hit = min(hits) if hits else None
    if hit is not None:
        j, r = hit
        if not np.isfinite(m[r]):
            who = f"market {market.name or ''}".strip()
        else:
            who = names[int(np.flatnonzero(~np.isfinite(R[r]))[0])]
        what = "no row (a missing session)" if src is not None and src[r] < 0 else "no valid return"
        raise CalendarGapError(
            f"{who} has {what} on {sess[r]:%Y-%m-%d}, a {cname} session inside the windows of the event "
            f"{events[j]:%Y-%m-%d}; the package never interpolates or shifts a window: fix the data source, "
            "drop the asset or the event"
        )
    if rolled.any():
        labels = np.asarray(events.strftime("%Y-%m-%d"), dtype=object)
        eventtime.warn_rolled(events, sess.to_numpy()[pos0], rolled, labels, stacklevel=stacklevel)
    return _Spec(
        R=R,
        m=m,
        index=sess,
        assets=tuple(names),
        events=events,
        pos0=pos0,
        offsets=offsets,
        L=L,
        T=T,
        wrows=wrows,
        window=win,
        est=est,
        evt=evt,
        ddof=ddof,
        calendar=cname,
        finite=not bool(bad_rows.any()),
    )


# ---------------------------------------------------------------------------------------------
# kernels: one block of events (sorted in time), all N assets
# ---------------------------------------------------------------------------------------------


def _block(sp: _Spec, p0: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Rows ``[lo, hi)`` spanned by the events at day-0 rows ``p0``: ``(lo, rct (N, S), mc (S,))``.

    ``rct`` is the block asset-major and C-contiguous (a view of a column-major pandas frame's
    memory, one copy otherwise).
    """
    lo = int(p0.min()) + int(sp.offsets[0])
    hi = int(p0.max()) + int(sp.offsets[-1]) + 1
    rct = sp.R[lo:hi].T
    mc = sp.m[lo:hi]
    if not sp.finite:  # values outside every window (validated): enter the sums as zero
        rct = np.where(np.isfinite(rct), rct, 0.0)
        mc = np.where(np.isfinite(mc), mc, 0.0)
    return lo, np.ascontiguousarray(rct), mc


def _fit_window_sums(
    sp: _Spec, rct: np.ndarray, mc: np.ndarray, rel0: np.ndarray, events: pd.DatetimeIndex
) -> dict[str, np.ndarray]:
    """Market model of ``N`` assets x ``c`` events in ``O(1)`` each from window sums.

    ``rct`` (N, S): the block's returns, asset-major; ``rel0`` (c,): day-0 rows relative to
    the block. The window sums ``sum r``, ``sum r m``, ``sum r^2`` (estimation window) and
    ``sum r`` (test window) of every asset-event come from one BLAS product of 0/1
    window-indicator rows with the block (measured faster than ``numpy.cumsum``, which runs
    element by element at ~6 ns per element); the regression, its residual variance and the
    CAR with its prediction-error variance are then closed-form in those sums. Returns
    arrays of shape (N, c).
    """
    L = sp.L
    a = rel0 + sp.est[0]
    b = rel0 + sp.est[1] + 1
    w0 = rel0 + sp.evt[0] + int(sp.wrows[0])
    w1 = rel0 + sp.evt[0] + int(sp.wrows[-1]) + 1
    c = rel0.size
    t = np.arange(rct.shape[1])
    est = ((t[None, :] >= a[:, None]) & (t[None, :] < b[:, None])).astype(float)  # (c, S)
    win = ((t[None, :] >= w0[:, None]) & (t[None, :] < w1[:, None])).astype(float)
    sums = np.concatenate([est, est * mc[None, :], win]) @ rct.T  # (3c, N): BLAS on the view
    sr, srm, srw = sums[:c].T, sums[c : 2 * c].T, sums[2 * c :].T
    srr = (est @ np.square(rct).T).T
    sm, smm, smw = est @ mc, est @ (mc * mc), win @ mc
    xtx = np.empty((rel0.size, 2, 2))
    xtx[:, 0, 0], xtx[:, 0, 1], xtx[:, 1, 0], xtx[:, 1, 1] = L, sm, sm, smm
    check_design(xtx, events.strftime("event %Y-%m-%d"))  # same conditioning rule as fit_batch
    sxx = smm - sm * sm / L
    sxy = srm - sr * sm / L
    beta = sxy / sxx
    alpha = (sr - beta * sm) / L
    ssr = np.maximum(srr - sr * sr / L - beta * sxy, 0.0)
    check_batch_variance(ssr, srr - sr * sr / L, sp.assets, events)  # never NaN statistics
    sigma2 = ssr / (L - sp.ddof)
    wlen = float(sp.wrows.size)
    car = srw - wlen * alpha - beta * smw
    det = L * smm - sm * sm
    q = (wlen * wlen * smm - 2.0 * wlen * smw * sm + smw * smw * L) / det  # s'(X'X)^{-1}s
    return {
        "alpha": alpha,
        "beta": beta,
        "ssr": ssr,
        "sigma2": sigma2,
        "car": car,
        "var_car": sigma2 * (wlen + q),
    }


def _fit_engine(sp: _Spec, E: np.ndarray, mx: np.ndarray, events: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """Same fit through :func:`eventstudy.engine.fit_batch`; ``E`` (N, c, W) becomes the residuals."""
    N, c, W = E.shape
    L = sp.L
    K = c * N
    y = E.transpose(2, 1, 0).reshape(W, K)  # pair k = e * N + i
    X = np.empty((c, W, 2))
    X[:, :, 0] = 1.0
    X[:, :, 1] = mx
    check_design(X[:, :L].transpose(0, 2, 1) @ X[:, :L], events.strftime("event %Y-%m-%d"))
    Xk = np.broadcast_to(X[:, None], (c, N, W, 2)).reshape(K, W, 2)
    fit = fit_batch(y[:L], Xk[:, :L], y[L:], Xk[:, L:], ddof=sp.ddof)
    E[...] = np.concatenate([fit.resid_est, fit.ar]).reshape(W, c, N).transpose(2, 1, 0)
    r = sp.wrows
    var_car = fit.cov_evt[:, r][:, :, r].sum(axis=(1, 2)).reshape(c, N).T
    ssr = (fit.sigma**2 * (L - sp.ddof)).reshape(c, N).T
    sst = ((y[:L] - y[:L].mean(axis=0)) ** 2).sum(axis=0).reshape(c, N).T
    check_batch_variance(ssr, sst, sp.assets, events)  # never NaN statistics
    return {
        "alpha": fit.params[:, 0].reshape(c, N).T,
        "beta": fit.params[:, 1].reshape(c, N).T,
        "ssr": ssr,
        "sigma2": (fit.sigma**2).reshape(c, N).T,
        "car": fit.ar[r].sum(axis=0).reshape(c, N).T,
        "var_car": var_car,
    }


def _chunk(sp: _Spec, sel: np.ndarray, method: Method, sd_days: str) -> dict[str, np.ndarray]:
    """All outputs for the events ``sel`` (indices into ``sp.events``, sorted by day 0)."""
    p0 = sp.pos0[sel]
    events = sp.events[sel]
    lo, rct, mc = _block(sp, p0)
    rel0 = p0 - lo
    rows = rel0[:, None] + sp.offsets[None, :]  # (c, W)
    N, L = rct.shape[0], sp.L
    mx = mc[rows]  # (c, W)
    if method == "shared":
        f = _fit_window_sums(sp, rct, mc, rel0, events)
        # z_it = e_it / ||e_i||, e_it = r_it - alpha_i - beta_i m_t: sum_i z_it per event from
        # one BLAS product of the weights with the block, O(N S); no residual array
        wgt = 1.0 / np.sqrt(f["ssr"])  # (N, c)
        g = wgt.T @ rct  # (c, S): sum_i w_ie r_it on every row of the block
        sw = np.take_along_axis(g, rows[:, :L], axis=1)  # each event's estimation rows
        sum_z = (
            sw - (f["alpha"] * wgt).sum(axis=0)[:, None] - (f["beta"] * wgt).sum(axis=0)[:, None] * mx[:, :L]
        )
        rbar = rbar_from_sum(sum_z, float(N), N)
        # Corrado: rank r - beta m (the constant alpha does not change ranks), gathered and
        # formed block by block in cache inside the kernel
        rank_sums = time_rank_sums(rct, slope=f["beta"], x=mx, take=rows)
    else:
        E = np.take(rct, rows, axis=1)  # (N, c, W): each asset's window series in time order
        f = _fit_engine(sp, E, mx, events)
        dm = E[:, :, :L] - E[:, :, :L].mean(axis=2, keepdims=True)
        nrm2 = np.einsum("ncl,ncl->nc", dm, dm)
        wgt = 1.0 / np.sqrt(nrm2)
        rbar = rbar_from_sum(np.einsum("ncl,nc->cl", dm, wgt), (nrm2 * wgt * wgt).sum(axis=0), N)
        rank_sums = time_rank_sums(E)
    scar = (f["car"] / np.sqrt(f["var_car"])).T  # (c, N)
    t_bmp = bmp_t(scar)[0]
    z_c, s_u, _ = corrado_z(rank_sums, N, L, sp.wrows, sd_days)
    return {
        "car": f["car"].T,
        "scar": scar,
        "alpha": f["alpha"].T,
        "beta": f["beta"].T,
        "sigma": np.sqrt(f["sigma2"]).T,
        "caar": f["car"].mean(axis=0),
        "patell": patell_z(scar, L - 2),
        "bmp": t_bmp,
        "kolari_pynnonen": t_bmp * kp_adjustment(rbar, N),
        "rbar": rbar,
        "corrado_rank": z_c,
        "corrado_sd": s_u,
    }


# ---------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------


def _progress(total: int, progress: bool | None, desc: str) -> Any:
    """A tqdm bar over ``total`` blocks; ``progress=None``: only on a terminal (tqdm's ``disable=None``)."""
    from tqdm.auto import tqdm

    disable = None if progress is None else not progress
    return tqdm(total=total, desc=desc, unit="block", disable=disable, leave=False)


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
    chunk_pairs: int = 65_536,
    threads: int | None = None,
    min_estimation: int = 100,
    calendar: str | None = None,
    calendars: dict[str, str] | None = None,
    per_asset: bool = True,
    progress: bool | None = None,
    backend: Literal["numpy", "dask"] = "numpy",
    client: Any = None,
    partitions: int | None = None,
) -> BatchResult:
    """Market-model event study of ``N`` assets at each of ``M`` event dates, with four tests.

    Every asset is studied at every event date (``K = N M`` pairs); for each event date the
    Patell (1976) Z, BMP (Boehmer, Musumeci & Poulsen 1991) t, Kolari & Pynnönen (2010)
    adjusted BMP t and Corrado (1989) rank Z are computed over the ``N`` assets with the
    kernels of :mod:`eventstudy.inference.kernels` (the same code as
    :class:`eventstudy.EventStudy`'s tests; identical numbers to :func:`batch_study_reference`).

    Parameters
    ----------
    returns : DataFrame
        Returns, DatetimeIndex (sorted, tz-naive) x assets, on the sessions of one calendar.
        No NaN is allowed inside any window.
    market : Series
        Market returns; reindexed to the calendar's sessions.
    event_dates : sequence of date-like
        Event dates; day 0 is the first session on or after each (``stats["rolled"]``, with an
        :class:`~eventstudy.errors.EventRolledWarning`, as in ``EventStudy``).
    estimation_window, event_window : tuple of int
        Inclusive windows in event time (sessions; they must not overlap).
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
        ``"shared"``: market model closed-form from window sums, ``O(1)`` per asset-event (fast);
        ``"fit_batch"``: :func:`eventstudy.engine.fit_batch` on blocks of pairs (cross-check).
    chunk_pairs : int
        Asset-event pairs per block of event dates (a block holds its ``N`` assets' returns over
        the rows its windows span, ``N x (L + T + spread) x 8`` bytes per thread; nothing of size
        ``pairs x (L+T)`` is materialised).
    threads : int, optional
        Worker threads over blocks (default: ``os.cpu_count()``).
    min_estimation : int
        Minimum estimation-window length.
    calendar : str, optional
        The shared trading calendar (default: the assets' calendar from
        :func:`eventstudy.calendars.calendar_for`, which must be the same for all).
    calendars : dict, optional
        Calendar per asset overriding the symbol table (as in ``EventStudy``).
    per_asset : bool
        Keep the M x N frames (``car``, ``scar``, ``alpha``, ``beta``, ``sigma``); ``False``
        keeps only the per-event statistics (bounded memory for very large runs).
    progress : bool, optional
        tqdm progress bar over blocks; default ``None``: shown only when stderr is a terminal
        (so never in tests or logs).
    backend : {"numpy", "dask"}
        ``"dask"`` partitions the event dates over a ``dask.distributed`` cluster
        (:func:`eventstudy.dask_backend.batch_study_dask`; ``client``, ``partitions``).
    client, partitions
        Passed to the Dask backend.

    Returns
    -------
    BatchResult
        ``stats`` (M rows: statistics and p-values) and the per-asset frames.

    Raises
    ------
    CalendarGapError
        A missing session or value inside a window, or a value on a non-session (names the
        asset and date).
    EventOutOfRangeError
        A window runs past the data.
    SpecificationError
        Bad options, fewer than 2 assets, assets on several calendars, or a singular market
        design.

    References
    ----------
    Patell (1976); Boehmer, Musumeci & Poulsen (1991); Kolari & Pynnönen (2010);
    Corrado (1989); Campbell & Wasley (1993); MacKinlay (1997). Full citations in the
    module docstring.
    """
    if backend == "dask":
        # The Dask layer sits on top of this module (it imports batch_study), so it is looked up
        # by name here rather than imported: no import circle batch <-> dask_backend.
        batch_study_dask = importlib.import_module("eventstudy.dask_backend").batch_study_dask
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
            calendar=calendar,
            calendars=calendars,
            per_asset=per_asset,
        )
    if backend != "numpy":
        raise SpecificationError(f"backend={backend!r} must be 'numpy' or 'dask'")
    check_alternative(alternative)
    if corrado_sd_days not in ("all", "estimation"):
        raise SpecificationError(f"corrado_sd_days={corrado_sd_days!r} must be 'all' or 'estimation'")
    if method not in ("shared", "fit_batch"):
        raise SpecificationError(f"method={method!r} must be 'shared' or 'fit_batch'")
    sp = _prepare(
        returns, market, event_dates, estimation_window, event_window, window, ddof, min_estimation,
        calendar, calendars,
    )  # fmt: skip
    return _run(sp, method, corrado_sd_days, chunk_pairs, threads, per_asset, progress, alternative)


def _run(
    sp: _Spec,
    method: Method,
    sd_days: str,
    chunk_pairs: int,
    threads: int | None,
    per_asset: bool,
    progress: bool | None,
    alternative: str,
) -> BatchResult:
    M, N = sp.events.size, len(sp.assets)
    per = max(1, int(chunk_pairs) // N)
    order = np.argsort(sp.pos0, kind="stable")  # blocks of events close in time share rows
    chunks = [order[i : i + per] for i in range(0, M, per)]
    arrays = {k: np.empty((M, N)) for k in PER_ASSET} if per_asset else {}
    scal = {k: np.empty(M) for k in ("caar", *STAT_COLUMNS, "rbar", "corrado_sd")}

    def work(sel: np.ndarray) -> None:
        out = _chunk(sp, sel, method, sd_days)
        for k in arrays:
            arrays[k][sel] = out[k]
        for k in scal:
            scal[k][sel] = out[k]

    nthreads = max(1, int(threads or os.cpu_count() or 1))
    from threadpoolctl import threadpool_limits

    # parallelism is over blocks of events; a multi-threaded BLAS inside each block's small
    # products would oversubscribe the cores (OpenBLAS threads spin): one BLAS thread each
    with _progress(len(chunks), progress, "batch_study") as bar, threadpool_limits(limits=1, user_api="blas"):
        if nthreads == 1 or len(chunks) == 1:
            for sel in chunks:
                work(sel)
                bar.update()
        else:
            with ThreadPoolExecutor(max_workers=nthreads) as ex:
                for _ in ex.map(work, chunks):
                    bar.update()
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

    def frame(k: str) -> pd.DataFrame | None:
        return pd.DataFrame(arrays[k], index=ev_index, columns=cols) if k in arrays else None

    day0 = sp.index[sp.pos0]
    st = pd.DataFrame(index=ev_index)
    st["day0"] = day0.to_numpy()
    st["rolled"] = np.asarray(day0 != sp.events)
    st["n"] = N
    st["caar"] = scal["caar"]
    norm, tdist = norm_dist(), t_dist(N - 1)
    for name, dist in (("patell", norm), ("bmp", tdist), ("kolari_pynnonen", tdist), ("corrado_rank", norm)):
        st[name] = scal[name]
        if pvalues is not None:
            st[f"{name}_pvalue"] = pvalues[name]
        else:
            st[f"{name}_pvalue"] = np.asarray(pvalue_symmetric(scal[name], dist, alternative), dtype=float)
    st["rbar"] = scal["rbar"]
    st["corrado_sd"] = scal["corrado_sd"]
    return BatchResult(
        **{k: frame(k) for k in PER_ASSET},
        stats=st,
        estimation_window=sp.est,
        event_window=sp.evt,
        window=sp.window,
        ddof=sp.ddof,
        dof=sp.L - 2,
        alternative=alternative,
        calendar=sp.calendar,
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
        :func:`eventstudy.calendars.calendar_for` (or ``calendars``).
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
    cols = [str(c) for c in returns.columns.tolist()]
    N = len(cols)
    arrays = {k: np.empty((events.size, N)) for k in PER_ASSET}
    scal = {k: np.empty(events.size) for k in ("caar", *STAT_COLUMNS, "rbar", "corrado_sd")}
    pvals = {k: np.empty(events.size) for k in STAT_COLUMNS}
    day0 = []
    win: tuple[int, int] = (0, 0)
    ddof_used, dof = 2, 0
    cname = "XNYS"
    for j, d in enumerate(events):  # the reference: one EventStudy per event, on purpose
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
        arrays["alpha"][j] = res.model_fit.params[:, 0]
        arrays["beta"][j] = res.model_fit.params[:, 1]
        arrays["sigma"][j] = res.model_fit.sigma
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
        cname = res.panel.calendars[0]
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
        calendar=cname,
    )
    return _assemble(sp, arrays, scal, alternative, pvalues=pvals)
