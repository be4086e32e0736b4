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
from .errors import (
    CalendarGapError,
    DataError,
    EstimationWindowTooShortError,
    EventOutOfRangeError,
    MissingDataError,
    UnknownSymbolError,
    WindowError,
)
from .validation import check_date_index

__all__ = ["EventTimePanel", "build_panel", "check_windows", "normalise_events"]


@dataclass(frozen=True)
class EventTimePanel:
    """Returns of ``K`` asset-event pairs in event time.

    Attributes
    ----------
    labels, assets : tuple of str
        Pair label (the asset name when each asset has one event) and asset.
    event_dates, day0 : tuple of Timestamp
        Requested event date and the session used as day 0.
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
    event_dates: tuple[pd.Timestamp, ...]
    day0: tuple[pd.Timestamp, ...]
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
    (e0, e1), (v0, v1) = (tuple(int(x) for x in estimation_window), tuple(int(x) for x in event_window))
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
    """
    if events is not None:
        if event_date is not None:
            raise WindowError("pass either event_date or events, not both")
        missing = {"asset", "event_date"} - set(events.columns)
        if missing:
            raise DataError(f"events needs columns 'asset' and 'event_date'; missing {sorted(missing)}")
        out = pd.DataFrame(
            {"asset": events["asset"].astype(str).to_numpy(), "event_date": events["event_date"].to_numpy()}
        )
    elif isinstance(event_date, Mapping | pd.Series):
        mapping = dict(event_date)
        out = pd.DataFrame({"asset": list(mapping), "event_date": list(mapping.values())})
    elif event_date is None:
        raise WindowError("an event date is required: pass event_date='YYYY-MM-DD' (or events=)")
    else:
        out = pd.DataFrame({"asset": list(columns), "event_date": [event_date] * len(columns)})
    raw = out["event_date"]
    try:  # vectorised; ISO 8601 so that pandas never guesses a format
        parsed = raw if pd.api.types.is_datetime64_any_dtype(raw) else pd.to_datetime(raw, format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise WindowError(f"event dates could not be parsed as dates (use 'YYYY-MM-DD'): {exc}") from exc
    if parsed.isna().any():
        raise WindowError("an event date is missing (NaT); give every event a date 'YYYY-MM-DD'")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    out["event_date"] = parsed.dt.normalize()
    unknown = sorted(set(out["asset"]) - set(map(str, columns)))
    if unknown:
        raise UnknownSymbolError(
            f"events name assets not in the returns frame: {unknown}; columns are {list(columns)}"
        )
    if out.duplicated().any():
        dup = out[out.duplicated()].iloc[0]
        raise WindowError(f"event ({dup['asset']}, {dup['event_date']:%Y-%m-%d}) is listed twice")
    return out.reset_index(drop=True)


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
    _check_index(returns, "returns")
    calendars = dict(calendars or {})
    asset_col = pairs["asset"].to_numpy()
    uniq_assets, inverse = np.unique(asset_col.astype(str), return_inverse=True)
    cal_of = np.array([calendars.get(a) or cal.calendar_for(a) for a in uniq_assets], dtype=object)
    pair_cal = cal_of[inverse]  # one calendar lookup per asset, not per pair
    K = len(pairs)
    n_rows = offsets.size
    Y = np.full((n_rows, K), np.nan)
    M = np.full((n_rows, K), np.nan) if market is not None else None
    nf = 0 if factors is None else factors.shape[1]
    F = np.full((n_rows, K, nf), np.nan) if factors is not None else None
    D = np.empty((n_rows, K), dtype="datetime64[ns]")
    day0 = np.empty(K, dtype="datetime64[ns]")
    if market is not None:
        _check_index(market.to_frame(), "market")
    if factors is not None:
        _check_index(factors, "factors")
    start, end = returns.index.min(), returns.index.max()
    for cname in sorted(set(pair_cal)):  # loop over calendars (one to three), not assets
        idx = np.flatnonzero(pair_cal == cname)
        assets = pairs["asset"].to_numpy()[idx]
        uniq = list(dict.fromkeys(assets))
        sess = cal.sessions(cname, start, end)
        block = returns[uniq]
        vals = block.reindex(sess).to_numpy(dtype=float)
        col = pd.Index(uniq).get_indexer(assets)
        ev = pairs["event_date"].to_numpy()[idx]
        pos0 = sess.searchsorted(ev)
        late = np.flatnonzero(pos0 >= len(sess))
        if late.size:
            j = late[0]
            raise EventOutOfRangeError(
                f"event date {pd.Timestamp(ev[j]):%Y-%m-%d} for {assets[j]} is after the last {cname} session "
                f"in the data ({sess[-1]:%Y-%m-%d}); load data that covers the event"
            )
        rows = pos0[None, :] + offsets[:, None]
        lo_bad = np.flatnonzero(rows[0] < 0)
        hi_bad = np.flatnonzero(rows[-1] >= len(sess))
        if lo_bad.size or hi_bad.size:
            j = lo_bad[0] if lo_bad.size else hi_bad[0]
            side = "estimation window starts before" if lo_bad.size else "event window ends after"
            raise EventOutOfRangeError(
                f"for {assets[j]} with event {pd.Timestamp(ev[j]):%Y-%m-%d}, the {side} the data "
                f"({sess[0]:%Y-%m-%d} .. {sess[-1]:%Y-%m-%d}, {cname} sessions); shorten the windows or load more data"
            )
        # a value on a non-session inside the span the windows use would be dropped silently
        span_lo = sess[max(int(rows.min()) - 1, 0)]
        span_hi = sess[int(rows.max())]
        inside = block.loc[(block.index > span_lo) & (block.index <= span_hi)]
        off = inside.loc[~inside.index.isin(sess)]
        if off.notna().to_numpy().any():
            r, c = np.argwhere(off.notna().to_numpy())[0]
            raise CalendarGapError(
                f"{uniq[c]} has a return on {off.index[r]:%Y-%m-%d}, which is not a {cname} session, inside "
                f"the span of its windows; it would be dropped. Use alignment='market' to compound 24/7 returns "
                f"onto the market's sessions, or set calendars={{{uniq[c]!r}: ...}} to the right calendar"
            )
        y = vals[rows, col[None, :]]
        dates = sess.to_numpy()[rows]
        bad = ~np.isfinite(y)
        if bad.any():
            r, c = _first_bad(bad)
            a = assets[c]
            first_valid = block[a].first_valid_index()
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
        Y[:, idx] = y
        D[:, idx] = dates
        day0[idx] = sess.to_numpy()[pos0]
        if market is not None:
            mv = market.reindex(sess).to_numpy(dtype=float)[rows]
            _raise_on_missing(mv, dates, f"market {market.name or ''}".strip(), cname, L, assets)
            M[:, idx] = mv
        if factors is not None:
            fv = factors.reindex(sess).to_numpy(dtype=float)[rows]
            _raise_on_missing(
                np.where(np.isfinite(fv).all(axis=2), 0.0, np.nan), dates, "factors", cname, L, assets
            )
            F[:, idx, :] = fv
    ev_all = pd.to_datetime(pairs["event_date"]).to_numpy()
    labels = _labels(pairs)
    return EventTimePanel(
        labels=labels,
        assets=tuple(pairs["asset"]),
        event_dates=tuple(pd.Timestamp(x) for x in ev_all),
        day0=tuple(pd.Timestamp(x) for x in day0),
        rolled=day0 != ev_all,
        calendars=tuple(pair_cal),
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


def _labels(pairs: pd.DataFrame) -> tuple[str, ...]:
    if not pairs["asset"].duplicated().any():
        return tuple(pairs["asset"])
    return tuple(
        f"{a} {d:%Y-%m-%d}" for a, d in zip(pairs["asset"], pd.to_datetime(pairs["event_date"]), strict=True)
    )


def _raise_on_missing(
    values: np.ndarray, dates: np.ndarray, what: str, cname: str, L: int, assets: np.ndarray
) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        r, c = _first_bad(bad)
        window = "estimation" if r < L else "event"
        hint = (
            " (a 24/7 asset against an exchange benchmark: use alignment='market')" if cname == "24/7" else ""
        )
        raise CalendarGapError(
            f"{what} has no value on {pd.Timestamp(dates[r, c]):%Y-%m-%d}, a {cname} session inside "
            f"{assets[c]}'s {window} window{hint}; the package never interpolates"
        )


def _check_index(frame: pd.DataFrame, name: str) -> None:
    check_date_index(frame.index, name)
    num = frame.select_dtypes(include="number")
    if num.shape[1] != frame.shape[1]:
        bad = [c for c in frame.columns if c not in num.columns]
        raise DataError(f"{name} has non-numeric column(s) {bad}; returns must be numbers")
    inf = np.isinf(num.to_numpy(dtype=float))
    if inf.any():
        r, c = np.argwhere(inf)[0]
        raise DataError(
            f"{name} contains inf for {num.columns[c]} on {num.index[r]:%Y-%m-%d}; "
            "check the prices behind these returns (a zero price?)"
        )
