"""Gather returns in event time: one column per asset-event pair.

Event time counts the asset's own trading sessions (DESIGN: "event time is an
integer index of the asset's sessions; dates are only for display"). Day 0 is
the asset's first session on or after the event date; when that is not the
event date itself the pair is marked as *rolled*. Nothing here fills,
interpolates or shortens anything: a missing observation inside a window is an
error naming the asset, the date and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import calendars as cal
from . import eventtime
from .errors import (
    CalendarGapError,
    DataError,
    EstimationWindowTooShortError,
    EventOutOfRangeError,
    MissingDataError,
    UnknownSymbolError,
    WindowError,
)
from .validation import check_date_index, check_window

__all__ = ["EventTimePanel", "build_panel", "check_windows", "normalise_events"]


@dataclass(frozen=True)
class EventTimePanel:
    """Returns of ``K`` asset-event pairs in event time.

    Attributes
    ----------
    labels, assets : tuple of str
        Pair label (the asset name when each asset has one event) and asset.
    event_dates, day0 : DatetimeIndex
        Requested event date and the session used as day 0, one per pair.
    rolled : ndarray of bool, shape (K,)
        Whether day 0 differs from the requested date.
    calendars : tuple of str
        Calendar of each pair (``"XNYS"``, ``"XTAI"``, ``"24/7"``).
    est_days, evt_days : ndarray of int, shapes (L,), (T,)
        Event-time labels of the estimation and event rows.
    y_est, y_evt : ndarray, shapes (L, K), (T, K)
        Asset returns.
    m_est, m_evt : ndarray or None
        Market returns on the same dates.
    f_est, f_evt : ndarray or None, shapes (L, K, f), (T, K, f)
        Factor returns on the same dates.
    dates_est, dates_evt : ndarray of datetime64, shapes (L, K), (T, K)
        The calendar date of each row.
    factor_names : tuple of str
        Factor column names.
    """

    labels: tuple[str, ...]
    assets: tuple[str, ...]
    event_dates: pd.DatetimeIndex
    day0: pd.DatetimeIndex
    rolled: np.ndarray
    calendars: tuple[str, ...]
    est_days: np.ndarray
    evt_days: np.ndarray
    y_est: np.ndarray
    y_evt: np.ndarray
    m_est: np.ndarray | None
    m_evt: np.ndarray | None
    f_est: np.ndarray | None
    f_evt: np.ndarray | None
    dates_est: np.ndarray
    dates_evt: np.ndarray
    factor_names: tuple[str, ...] = ()


def check_windows(
    estimation_window: tuple[int, int], event_window: tuple[int, int], min_estimation: int
) -> tuple[np.ndarray, np.ndarray]:
    """Validate the windows and return the event-time labels of their rows.

    Raises
    ------
    WindowError
        If a window is reversed or the two windows overlap (a gap is allowed).
    EstimationWindowTooShortError
        If the estimation window has fewer than ``min_estimation`` days.
    """
    # pairs of integers (a float such as 1.5 is refused, never truncated): eventstudy.validation
    (e0, e1) = check_window(estimation_window, "estimation_window")
    (v0, v1) = check_window(event_window, "event_window")
    if e0 > e1:
        raise WindowError(
            f"estimation_window {estimation_window} is reversed: write (start, end) with start <= end"
        )
    if v0 > v1:
        raise WindowError(f"event_window {event_window} is reversed: write (start, end) with start <= end")
    if not (e1 < v0 or v1 < e0):
        raise WindowError(
            f"estimation_window {estimation_window} overlaps event_window {event_window}: "
            "the estimation window must end before the event window starts (a gap is allowed)"
        )
    n_est = e1 - e0 + 1
    if n_est < min_estimation:
        raise EstimationWindowTooShortError(
            f"estimation_window {estimation_window} has {n_est} days, fewer than min_estimation={min_estimation}; "
            "lengthen the window, or lower min_estimation knowingly"
        )
    return np.arange(e0, e1 + 1), np.arange(v0, v1 + 1)


def normalise_events(
    columns: Sequence[str], event_date: object = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return a frame of pairs with columns ``asset``, ``event_date``.

    ``event_date`` may be one date (every asset), or a mapping/Series asset -> date;
    ``events`` may be a frame with columns ``asset`` and ``event_date`` (many events per asset).
    One date is parsed once, not once per asset.
    """
    single = False
    if events is not None:
        if event_date is not None:
            raise WindowError("pass either event_date or events, not both")
        missing = {"asset", "event_date"} - set(events.columns)
        if missing:
            raise DataError(f"events needs columns 'asset' and 'event_date'; missing {sorted(missing)}")
        assets = events["asset"].astype(str).to_numpy()
        raw = pd.Series(events["event_date"].to_numpy())
    elif isinstance(event_date, Mapping | pd.Series):
        mapping = dict(event_date)
        assets = np.array(list(map(str, mapping)), dtype=object)
        raw = pd.Series(list(mapping.values()))
    elif event_date is None:
        raise WindowError("an event date is required: pass event_date='YYYY-MM-DD' (or events=)")
    else:
        single = True
        assets = np.asarray(list(columns), dtype=object)
        if isinstance(event_date, pd.Timestamp | np.datetime64):  # already a date: no parsing
            ts = pd.Timestamp(event_date)
            if ts is pd.NaT:
                raise WindowError("an event date is missing (NaT); give every event a date 'YYYY-MM-DD'")
            ts = (ts.tz_localize(None) if ts.tzinfo is not None else ts).normalize()
            return pd.DataFrame(
                {
                    "asset": assets,
                    "event_date": np.full(len(assets), ts.to_datetime64(), dtype="datetime64[ns]"),
                }
            )
        raw = pd.Series([event_date])
    try:  # vectorised; ISO 8601 so that pandas never guesses a format
        parsed = raw if pd.api.types.is_datetime64_any_dtype(raw) else pd.to_datetime(raw, format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise WindowError(f"event dates could not be parsed as dates (use 'YYYY-MM-DD'): {exc}") from exc
    if parsed.isna().any():
        raise WindowError("an event date is missing (NaT); give every event a date 'YYYY-MM-DD'")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    dates = parsed.dt.normalize().to_numpy(dtype="datetime64[ns]")
    if single:
        dates = np.repeat(dates, len(assets))
    out = pd.DataFrame({"asset": assets, "event_date": dates})
    unknown_mask = (
        np.zeros(len(assets), dtype=bool)
        if single
        else ~pd.Index(assets).isin(pd.Index([str(c) for c in columns]))
    )
    if unknown_mask.any():
        unknown = sorted(set(assets[unknown_mask]))
        raise UnknownSymbolError(
            f"events name assets not in the returns frame: {unknown}; columns are {list(columns)}"
        )
    if not single and out.duplicated().any():
        dup = out[out.duplicated()].iloc[0]
        raise WindowError(f"event ({dup['asset']}, {dup['event_date']:%Y-%m-%d}) is listed twice")
    return out


def _first_bad(mask: np.ndarray) -> tuple[int, int]:
    r, c = np.nonzero(mask)
    order = np.lexsort((r, c))
    return int(r[order[0]]), int(c[order[0]])


def build_panel(
    returns: pd.DataFrame,
    pairs: pd.DataFrame,
    estimation_window: tuple[int, int],
    event_window: tuple[int, int],
    market: pd.Series | None = None,
    factors: pd.DataFrame | None = None,
    calendars: Mapping[str, str] | None = None,
    min_estimation: int = 100,
) -> EventTimePanel:
    """Gather returns of every asset-event pair in event time (vectorised per calendar).

    The event-time rule is :mod:`eventstudy.eventtime` (shared with
    :func:`eventstudy.batch.batch_study`): values off the calendar's sessions inside the span
    of the windows are refused, day 0 is the first session on or after the event date
    (``rolled`` when it differs), windows past the data and missing sessions are errors.
    There is no Python loop over assets or pairs: one calendar lookup per distinct asset
    (cached), then array gathers per calendar (one to three).

    Parameters
    ----------
    returns : DataFrame
        Wide returns (DatetimeIndex, one column per asset); NaN where an asset has no session.
    pairs : DataFrame
        Columns ``asset``, ``event_date`` (see :func:`normalise_events`).
    estimation_window, event_window : tuple of int
        Inclusive windows in event time.
    market : Series, optional
        Market returns on a DatetimeIndex.
    factors : DataFrame, optional
        Factor returns on a DatetimeIndex.
    calendars : mapping, optional
        Calendar per asset, overriding :func:`eventstudy.calendars.calendar_for`.
    min_estimation : int
        Minimum estimation-window length.

    Raises
    ------
    EventOutOfRangeError, CalendarGapError, MissingDataError, WindowError
        With the asset, the date and the fix in the message.
    """
    est_days, evt_days = check_windows(estimation_window, event_window, min_estimation)
    offsets = np.concatenate([est_days, evt_days])
    L = est_days.size
    _check_index(returns, "returns", inf=False)  # inf is checked on the gathered windows below
    if market is not None:
        _check_index(market.to_frame(), "market")
    if factors is not None:
        _check_index(factors, "factors")
    calendars = dict(calendars or {})
    columns = pd.Index([str(c) for c in returns.columns.tolist()])
    asset_col = pairs["asset"].to_numpy().astype(str)
    col_names = columns.to_numpy(dtype=object)
    if asset_col.size == col_names.size and bool((asset_col == col_names).all()):
        col_all = np.arange(asset_col.size)  # one event date: the pairs are the columns, in order
    else:
        col_all = columns.get_indexer(asset_col)
    inverse, uniq_assets = pd.factorize(asset_col)  # hashing, not a string sort
    cal_of = cal.calendars_for(uniq_assets)  # vectorised symbol table, then the overrides
    if calendars:
        over = pd.Series(np.asarray(uniq_assets, dtype=object)).map(calendars).to_numpy(dtype=object)
        given = pd.notna(over) & (over != "")
        cal_of[given] = over[given]
    pair_cal = cal_of[inverse]  # one (cached) calendar lookup per asset, not per pair
    K = len(pairs)
    n_rows = offsets.size
    values = returns.to_numpy(dtype=float, copy=False)
    n_cols = values.shape[1]
    row_major = not values.flags.f_contiguous
    flat = values.ravel(order="C" if row_major else "F")  # a view in the frame's own memory order
    ev_all = pairs["event_date"].to_numpy(dtype="datetime64[ns]")
    one_cal = cal_of.size > 0 and bool((cal_of == cal_of[0]).all())
    Y = np.empty((n_rows, K))
    M = np.empty((n_rows, K)) if market is not None else None
    nf = 0 if factors is None else factors.shape[1]
    F = np.empty((n_rows, K, nf)) if factors is not None else None
    D = np.empty((n_rows, K), dtype="datetime64[ns]")
    day0 = np.empty(K, dtype="datetime64[ns]")
    rolled_all = np.zeros(K, dtype=bool)
    index = returns.index
    start, end = index.min(), index.max()
    for cname in [cal_of[0]] if one_cal else sorted(set(pair_cal)):  # calendars (one to three), not assets
        idx = slice(None) if one_cal else np.flatnonzero(pair_cal == cname)
        assets = asset_col[idx]
        col = col_all[idx]
        ev = ev_all[idx]
        sess = cal.sessions(cname, start, end)
        sess_np = sess.to_numpy()
        pos0, rolled = eventtime.locate_day0(sess, ev, int(offsets[0]), int(offsets[-1]), cname, who=assets)
        # a value on a non-session inside the span the windows use would be dropped silently
        lo_row, hi_row = int(pos0.min() + offsets[0]), int(pos0.max() + offsets[-1])
        span_lo = sess[max(lo_row - 1, 0)]
        span_hi = sess[hi_row]
        same = index.equals(sess)
        src = None if same else index.get_indexer(sess)  # row of each session (-1: missing)
        if not same:
            ucols = np.unique(col)
            eventtime.check_off_session(
                index, values[:, ucols], sess, span_lo, span_hi, list(columns[ucols]), cname
            )
        shared = bool((pos0 == pos0[0]).all())  # one event date: every pair has the same rows
        rows = (pos0[0] + offsets)[:, None] if shared else pos0[None, :] + offsets[:, None]
        src_rows = rows if same else src[rows]
        # one 1-D take from the frame's memory (no per-asset work, no 2-D fancy indexing)
        lin = src_rows * n_cols + col[None, :] if row_major else col[None, :] * len(index) + src_rows
        y = np.take(flat, lin)
        if not same:
            y[np.broadcast_to(src_rows < 0, y.shape)] = np.nan
        dates = np.broadcast_to(sess_np[rows], y.shape)
        if not np.isfinite(y).all():
            _raise_missing(
                y, ~np.isfinite(y), dates, assets, ev, pos0, sess, returns, cname, L, estimation_window
            )
        day0[idx] = sess_np[pos0]
        rolled_all[idx] = rolled
        mv = None
        if market is not None:
            mv = np.broadcast_to(market.reindex(sess).to_numpy(dtype=float)[rows], y.shape)
            if not np.isfinite(mv).all():
                _raise_on_missing(mv, dates, f"market {market.name or ''}".strip(), cname, L, assets)
        if one_cal:  # one calendar: the gathered arrays are the panel (shared rows stay broadcast)
            Y, D, M = y, dates, mv
        else:
            Y[:, idx] = y
            D[:, idx] = dates
            if M is not None:
                M[:, idx] = mv
        if factors is not None:
            fv = factors.reindex(sess).to_numpy(dtype=float)[np.broadcast_to(rows, y.shape)]
            _raise_on_missing(
                np.where(np.isfinite(fv).all(axis=2), 0.0, np.nan), dates, "factors", cname, L, assets
            )
            F[:, idx, :] = fv
    labels = tuple(asset_col.tolist()) if len(uniq_assets) == K else _labels(pairs)
    return EventTimePanel(
        labels=labels,
        assets=tuple(asset_col.tolist()),
        event_dates=pd.DatetimeIndex(ev_all),
        day0=pd.DatetimeIndex(day0),
        rolled=rolled_all,
        calendars=tuple(pair_cal.tolist()),
        est_days=est_days,
        evt_days=evt_days,
        y_est=Y[:L],
        y_evt=Y[L:],
        m_est=None if M is None else M[:L],
        m_evt=None if M is None else M[L:],
        f_est=None if F is None else F[:L],
        f_evt=None if F is None else F[L:],
        dates_est=D[:L],
        dates_evt=D[L:],
        factor_names=() if factors is None else tuple(map(str, factors.columns)),
    )


def _raise_missing(
    y: np.ndarray,
    bad: np.ndarray,
    dates: np.ndarray,
    assets: np.ndarray,
    ev: np.ndarray,
    pos0: np.ndarray,
    sess: pd.DatetimeIndex,
    returns: pd.DataFrame,
    cname: str,
    L: int,
    estimation_window: tuple[int, int],
) -> None:
    """Raise the typed error for the first missing value of the gathered panel."""
    r, c = _first_bad(bad)
    a = assets[c]
    if np.isinf(y[r, c]):
        raise DataError(
            f"returns contains inf for {a} on {pd.Timestamp(dates[r, c]):%Y-%m-%d}; "
            "check the prices behind these returns (a zero price?)"
        )
    first_valid = returns[a].first_valid_index() if a in returns.columns else None
    what = "estimation" if r < L else "event"
    if first_valid is None:
        raise MissingDataError(
            f"{a} has no returns at all (an all-NaN column); drop it or fix the data source"
        )
    if pd.Timestamp(dates[r, c]) < first_valid:
        n_avail = int(pos0[c] - sess.searchsorted(first_valid))
        raise EventOutOfRangeError(
            f"{a}'s {what} window for the event {pd.Timestamp(ev[c]):%Y-%m-%d} starts on "
            f"{pd.Timestamp(dates[0, c]):%Y-%m-%d}, before its first return on {first_valid:%Y-%m-%d} "
            f"({n_avail} {cname} sessions before day 0 are available); shorten estimation_window, "
            f"e.g. to ({-n_avail}, {int(estimation_window[1])}), or use a longer series"
        )
    raise CalendarGapError(
        f"{a} has no valid return on {pd.Timestamp(dates[r, c]):%Y-%m-%d}, a {cname} session inside the {what} "
        f"window of the event {pd.Timestamp(ev[c]):%Y-%m-%d}; the package never interpolates: fix the data "
        "source or move the windows"
    )


def _labels(pairs: pd.DataFrame) -> tuple[str, ...]:
    assets = pairs["asset"]
    if not assets.duplicated().any():
        return tuple(assets.astype(str).tolist())
    when = pd.DatetimeIndex(pairs["event_date"]).strftime("%Y-%m-%d")
    return tuple((assets.astype(str) + " " + np.asarray(when, dtype=object)).tolist())


def _raise_on_missing(
    values: np.ndarray, dates: np.ndarray, what: str, cname: str, L: int, assets: np.ndarray
) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = _first_bad(bad)
        if np.isinf(values[r, c]):
            raise DataError(
                f"{what} contains inf on {pd.Timestamp(dates[r, c]):%Y-%m-%d}; "
                "check the prices behind these returns (a zero price?)"
            )
        window = "estimation" if r < L else "event"
        hint = (
            " (a 24/7 asset against an exchange benchmark: use alignment='market')" if cname == "24/7" else ""
        )
        raise CalendarGapError(
            f"{what} has no value on {pd.Timestamp(dates[r, c]):%Y-%m-%d}, a {cname} session inside "
            f"{assets[c]}'s {window} window{hint}; the package never interpolates"
        )


def _check_index(frame: pd.DataFrame, name: str, inf: bool = True) -> None:
    check_date_index(frame.index, name)
    vals = frame.to_numpy()  # a view for a single numeric block: no per-column dtype Series
    if vals.dtype.kind not in "fiu":
        bad = [c for c, dt in frame.dtypes.items() if dt.kind not in "fiu"]
        if bad:
            raise DataError(f"{name} has non-numeric column(s) {bad}; returns must be numbers")
    vals = frame.to_numpy(dtype=float, copy=False)
    if inf and np.isinf(vals).any():
        r, c = np.argwhere(np.isinf(vals))[0]
        raise DataError(
            f"{name} contains inf for {frame.columns[c]} on {frame.index[r]:%Y-%m-%d}; "
            "check the prices behind these returns (a zero price?)"
        )
