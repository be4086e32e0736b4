"""The one event-time rule, used by :class:`eventstudy.EventStudy` and :func:`eventstudy.batch.batch_study`.

Event time counts the sessions of an exchange calendar (:func:`eventstudy.calendars.sessions`):

1. **Calendar check.** A value on a date that is not a session of the calendar, inside the
   span the windows use, is an error (:class:`~eventstudy.errors.CalendarGapError`): it would
   otherwise be dropped, or counted as a session, silently.
2. **Day 0** is the first session on or after the event date. When the event date is not a
   session (a weekend, a holiday, the Lunar New Year closure of XTAI) day 0 rolls forward and
   an :class:`~eventstudy.errors.EventRolledWarning` names the dates (results keep a
   ``rolled`` flag).
3. **Windows** are ``day 0 + offsets`` in sessions; a window running past the data is an
   :class:`~eventstudy.errors.EventOutOfRangeError`.
4. **Missing sessions.** A session inside a window with no value (a missing row or a NaN) is
   an error naming the asset and the date; nothing is filled or shifted.

All functions are vectorised over events (``searchsorted`` and cumulative counts); none loops
over assets, events or days.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import CalendarGapError, EventOutOfRangeError, EventRolledWarning

__all__ = ["locate_day0", "check_off_session", "first_gap", "warn_rolled"]


def locate_day0(
    sess: pd.DatetimeIndex,
    event_dates: np.ndarray,
    first_offset: int,
    last_offset: int,
    calendar: str,
    who: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Day 0 row of each event and whether it rolled, with the windows checked against the data.

    Parameters
    ----------
    sess : DatetimeIndex
        Sessions of the calendar covering the data (sorted).
    event_dates : array of datetime64[ns]
        Normalised event dates, one per pair.
    first_offset, last_offset : int
        First and last event-time offsets the windows use (e.g. -260 and 1).
    calendar : str
        Calendar name (for messages).
    who : sequence of str, optional
        Label of each pair (asset name) for messages.

    Returns
    -------
    (pos0, rolled) : ndarray of int64, ndarray of bool
        Row of day 0 in ``sess`` and whether it differs from the event date.

    Raises
    ------
    EventOutOfRangeError
        An event after the last session, or a window starting before the first session or
        ending after the last one.
    """
    ev = np.asarray(event_dates, dtype="datetime64[ns]")
    pos0 = np.searchsorted(sess.to_numpy(), ev).astype(np.int64, copy=False)
    n = len(sess)

    def name(j: int) -> str:
        return f" for {who[j]}" if who is not None else ""

    late = np.flatnonzero(pos0 >= n)
    if late.size:
        j = int(late[0])
        raise EventOutOfRangeError(
            f"event date {pd.Timestamp(ev[j]):%Y-%m-%d}{name(j)} is after the last {calendar} session in the data "
            f"({sess[-1]:%Y-%m-%d}); load data that covers the event"
        )
    early = np.flatnonzero(pos0 + first_offset < 0)
    after = np.flatnonzero(pos0 + last_offset >= n)
    if early.size or after.size:
        j = int(early[0]) if early.size else int(after[0])
        side = "estimation window starts before" if early.size else "event window ends after"
        subject = f"for {who[j]} with event" if who is not None else "for the event"
        raise EventOutOfRangeError(
            f"{subject} {pd.Timestamp(ev[j]):%Y-%m-%d}, the {side} the data "
            f"({sess[0]:%Y-%m-%d} .. {sess[-1]:%Y-%m-%d}, {n} {calendar} sessions); shorten the windows, "
            "drop the event or load more data"
        )
    rolled = sess.to_numpy()[pos0] != ev
    return pos0, rolled


def check_off_session(
    index: pd.DatetimeIndex,
    values: np.ndarray,
    sess: pd.DatetimeIndex,
    lo: pd.Timestamp,
    hi: pd.Timestamp,
    names: Sequence[str],
    calendar: str,
) -> None:
    """Raise if a column has a value on a non-session date in ``(lo, hi]``.

    Parameters
    ----------
    index : DatetimeIndex
        Dates of the rows of ``values``.
    values : ndarray, shape (len(index), n)
        The data (NaN = no observation).
    sess : DatetimeIndex
        Sessions of the calendar.
    lo, hi : Timestamp
        The span the windows use (exclusive, inclusive).
    names : sequence of str
        Column names.
    calendar : str
        Calendar name (for the message).

    Raises
    ------
    CalendarGapError
        Naming the column and the date.
    """
    off = ~index.isin(sess)
    if not off.any():
        return
    rows = np.flatnonzero(off & (index > lo) & (index <= hi))
    if not rows.size:
        return
    hit = np.isfinite(values[rows])
    if not hit.any():
        return
    r, c = np.argwhere(hit)[0]
    day, name = index[rows[r]], names[c]
    n_off = int(hit[:, c].sum())
    if day.day_of_week < 5:  # a weekday holiday: typically a vendor's forward-filled row
        why = (
            f"a weekday when {calendar} is closed (a holiday); a vendor's forward-filled row? Drop such "
            f"rows, or if they are the series' real trading days pass calendars={{{name!r}: 'data'}} to "
            "take its own dates as its calendar"
        )
    else:
        why = (
            f"a weekend day; if {name} trades 24/7 pass calendars={{{name!r}: '24/7'}} (and "
            f"alignment='market' against an exchange benchmark), or calendars={{{name!r}: 'data'}} to "
            "take its own dates as its calendar"
        )
    raise CalendarGapError(
        f"{name} has a return on {day:%Y-%m-%d}, which is not a {calendar} session, inside the span of its "
        f"windows ({n_off} such day(s)); it would be dropped silently. {day:%Y-%m-%d} is {why}"
    )


def first_gap(bad_rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[int, int] | None:
    """First window holding a bad row, in ``O(D + M)``.

    Parameters
    ----------
    bad_rows : ndarray of bool, shape (D,)
        Rows with a missing value (a missing session or a NaN in any column).
    lo, hi : ndarray of int, shape (M,)
        Inclusive-exclusive row bounds ``[lo, hi)`` of each event's windows.

    Returns
    -------
    (event, row) or None
        The first event whose windows hold a bad row, and that row.
    """
    if not bad_rows.any():
        return None
    csum = np.concatenate([[0], np.cumsum(bad_rows, dtype=np.int64)])
    hit = np.flatnonzero(csum[hi] - csum[lo] > 0)
    if not hit.size:
        return None
    j = int(hit[0])
    return j, int(lo[j] + np.flatnonzero(bad_rows[lo[j] : hi[j]])[0])


def warn_rolled(
    event_dates: Sequence[pd.Timestamp] | np.ndarray,
    day0: Sequence[pd.Timestamp] | np.ndarray,
    rolled: np.ndarray,
    labels: Sequence[str],
    stacklevel: int = 3,
) -> None:
    """Issue one :class:`~eventstudy.errors.EventRolledWarning` listing the rolled event dates.

    Parameters
    ----------
    event_dates, day0 : sequences of dates
        Requested event date and the session used as day 0, per pair.
    rolled : ndarray of bool
        Which pairs rolled.
    labels : sequence of str
        Pair labels (asset names, or event dates in a batch).
    stacklevel : int
        Passed to :func:`warnings.warn`.
    """
    rolled = np.asarray(rolled, dtype=bool)
    if not rolled.any():
        return
    idx = np.flatnonzero(rolled)
    ev = pd.DatetimeIndex(np.asarray(event_dates, dtype="datetime64[ns]")[idx])
    d0 = pd.DatetimeIndex(np.asarray(day0, dtype="datetime64[ns]")[idx])
    pairs = sorted(set(zip(ev.strftime("%Y-%m-%d"), d0.strftime("%Y-%m-%d"), strict=True)))
    shown = ", ".join(f"{e} -> {d}" for e, d in pairs[:10]) + (
        f" and {len(pairs) - 10} more" if len(pairs) > 10 else ""
    )
    who = [labels[i] for i in idx[:3]]
    warnings.warn(
        f"event date(s) not a session of the asset's calendar, day 0 rolled to the next session: "
        f"{shown} ({idx.size} pair(s), e.g. {who}); see results.rolled",
        EventRolledWarning,
        stacklevel=stacklevel,
    )
