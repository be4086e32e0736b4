"""Trading calendars: which exchange a symbol trades on (from :mod:`eventstudy.markets`), its sessions, event-day rolling and
alignment of 24/7 (crypto) returns onto a market's sessions.

Built on :mod:`exchange_calendars`; calendars are built once per process over 2010..2030.
The pseudo-calendar ``"24/7"`` has a session on every calendar day.
"""

from __future__ import annotations

import functools
import os
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import CalendarGapError, EventOutOfRangeError, SpecificationError
from .markets import ALWAYS_OPEN, US, market_for, registered

if TYPE_CHECKING:
    from exchange_calendars import ExchangeCalendar

__all__ = [
    "ALWAYS_OPEN",
    "calendar_for",
    "get_calendar",
    "sessions",
    "event_day0",
    "align_returns",
    "check_sessions",
]

CALENDAR_START = "2010-01-01"
CALENDAR_END = "2030-12-31"


def calendar_for(symbol: str) -> str:
    """Calendar name of a symbol, from the one symbol table :func:`eventstudy.markets.market_for`.

    Parameters
    ----------
    symbol : str
        Ticker, optionally with an ``@source`` suffix (``BTC-USD@exchange``).

    Returns
    -------
    str
        ``"24/7"`` for crypto pairs (``-USD``, ``-USDT``, ``-EUR``, ...), ``"XTAI"`` for ``*.TW``,
        ``"XKRX"`` for ``*.KS``, a few other suffixes (``.T``, ``.HK``, ``.L``, ...), a name
        registered with :func:`eventstudy.markets.register`, and ``"XNYS"`` otherwise
        (US stocks, ETFs, ^indices).
    """
    return market_for(symbol).calendar


def calendars_for(symbols: Sequence[str]) -> np.ndarray:
    """:func:`calendar_for` of many symbols at once (object array), vectorised.

    A plain ticker (no ``.``, ``-`` or ``@``) that is not registered in
    :mod:`eventstudy.markets` is a US listing (:data:`eventstudy.markets.US`) by the table's own
    rules, so it needs no per-symbol lookup; the others go through the (cached)
    :func:`calendar_for`.
    """
    key = tuple(symbols.tolist() if isinstance(symbols, np.ndarray) else symbols)
    if not all(isinstance(x, str) for x in key[:1]) or (key and type(key[-1]) is not str):
        key = tuple(str(x) for x in key)
    return _calendars_for(key, tuple(sorted(registered().items()))).copy()


@functools.lru_cache(maxsize=64)
def _calendars_for(key: tuple[str, ...], _registry: tuple) -> np.ndarray:
    """Cached body of :func:`calendars_for` (keyed by the symbols and the registrations)."""
    syms = np.asarray(key, dtype=object)
    out = np.full(syms.size, US.calendar, dtype=object)
    if syms.size == 0:
        return out
    text = syms.astype(str)
    special = (np.char.find(text, ".") >= 0) | (np.char.find(text, "-") >= 0) | (np.char.find(text, "@") >= 0)
    reg = registered()
    if reg:
        special |= np.isin(np.char.upper(np.char.strip(text)), list(reg))
    for i in np.flatnonzero(special):  # suffixed or registered symbols only (a handful)
        out[i] = calendar_for(syms[i])
    return out


@functools.cache
def get_calendar(name: str) -> ExchangeCalendar:
    """Cached :class:`exchange_calendars.ExchangeCalendar` covering 2010..2030.

    Raises
    ------
    SpecificationError
        Unknown calendar name (or ``"24/7"``, which has no exchange calendar).
    """
    import exchange_calendars as xcals

    if name == ALWAYS_OPEN:
        raise SpecificationError("'24/7' is not an exchange calendar")
    try:
        with warnings.catch_warnings():  # exchange_calendars trips pandas deprecations
            warnings.simplefilter("ignore")
            return xcals.get_calendar(name, start=CALENDAR_START, end=CALENDAR_END)
    except xcals.errors.InvalidCalendarName:
        raise SpecificationError(
            f"unknown exchange calendar {name!r} (e.g. 'XNYS', 'XTAI', '24/7')"
        ) from None


def _day(x: object, what: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SpecificationError(f"{what} {x!r} is not a date") from None
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _sessions_cache_file(name: str) -> Path | None:
    try:  # the installed exchange_calendars (its file's mtime) keys the cache, without importing it
        from importlib.util import find_spec

        spec = find_spec("exchange_calendars")
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        ver = f"{origin.stat().st_mtime_ns:x}" if origin is not None else None
    except (ImportError, OSError, ValueError):
        return None
    if ver is None:
        return None
    root = Path(os.environ.get("EVENTSTUDY_CACHE") or Path.home() / ".cache" / "eventstudy").expanduser()
    safe = "".join(ch if ch.isalnum() else "_" for ch in name)
    return root / "sessions" / f"{safe}-xcals{ver}-{CALENDAR_START}-{CALENDAR_END}.npy"


#: Calendars made of a series' own dates (``calendars={asset: "data"}``), by content-hashed name.
_DATA_CALENDARS: dict[str, np.ndarray] = {}


def data_calendar(asset: str, dates: pd.DatetimeIndex) -> str:
    """Register ``dates`` (a series' own observation dates) as a calendar; return its name.

    Behind ``EventStudy(calendars={asset: "data"})``: event time then counts the rows where
    the series has a value, for a listing whose exchange the package does not know or a
    vendor series with rows on exchange holidays. The name (``"data:ASSET:hash"``) is
    derived from the dates, so the same dates always give the same calendar.
    """
    import hashlib

    arr = np.unique(pd.DatetimeIndex(dates).normalize().to_numpy(dtype="datetime64[ns]"))
    if arr.size < 2:
        raise SpecificationError(f"calendars={{{asset!r}: 'data'}}: {asset} has fewer than two dated values")
    name = f"data:{asset}:{hashlib.sha256(arr.tobytes()).hexdigest()[:12]}"
    arr.setflags(write=False)
    _DATA_CALENDARS.setdefault(name, arr)
    return name


@functools.lru_cache(maxsize=64)
def _session_array(name: str) -> np.ndarray:
    """All sessions of exchange calendar ``name`` over 2010..2030 (datetime64[ns], read-only).

    Cached in the process and on disk (``$EVENTSTUDY_CACHE/sessions``, default
    ``~/.cache/eventstudy``, keyed by the exchange_calendars version), so a new process
    neither imports exchange_calendars nor builds the calendar (~0.3 s) to get sessions.
    The file is written atomically (temporary file + rename) and checked when read.
    """
    if name in _DATA_CALENDARS:
        return _DATA_CALENDARS[name]
    path = _sessions_cache_file(name)
    if path is not None and path.is_file():
        try:
            arr = np.load(path, allow_pickle=False)
            if arr.dtype == np.dtype("datetime64[ns]") and arr.ndim == 1 and arr.size > 1000:
                if bool(np.all(arr[1:] > arr[:-1])):
                    arr.setflags(write=False)
                    return arr
        except (OSError, ValueError):
            pass
    arr = np.asarray(get_calendar(name).sessions, dtype="datetime64[ns]")
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
            with os.fdopen(fd, "wb") as fh:
                np.save(fh, arr, allow_pickle=False)
            os.replace(tmp, path)
        except OSError:  # read-only home: the in-process cache still holds
            pass
    arr = arr.copy()
    arr.setflags(write=False)
    return arr


def _check_bounds(calendar: str, *days: pd.Timestamp) -> None:
    arr = _session_array(calendar)
    first, last = pd.Timestamp(arr[0]), pd.Timestamp(arr[-1])
    for d in days:
        if d < first or d > last:
            raise EventOutOfRangeError(
                f"{d.date()} is outside the {calendar} calendar's range {first.date()}..{last.date()}"
            )


def sessions(calendar: str, start: object, end: object) -> pd.DatetimeIndex:
    """Sessions of a calendar between two dates (inclusive).

    Parameters
    ----------
    calendar : str
        Exchange calendar name (``"XNYS"``) or ``"24/7"`` (every calendar day).
    start, end : date-like
        Inclusive bounds.

    Returns
    -------
    DatetimeIndex
        tz-naive session dates named ``"date"``.
    """
    lo, hi = _day(start, "start"), _day(end, "end")
    if hi < lo:
        raise SpecificationError(f"end {hi.date()} is before start {lo.date()}")
    return _sessions(calendar, lo, hi)


@functools.lru_cache(maxsize=256)
def _sessions(calendar: str, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.DatetimeIndex:
    """Cached body of :func:`sessions` (a DatetimeIndex is immutable, so sharing it is safe)."""
    if calendar == ALWAYS_OPEN:
        return pd.DatetimeIndex(pd.date_range(lo, hi, freq="D").to_numpy(dtype="datetime64[ns]"), name="date")
    if calendar not in _DATA_CALENDARS:  # a series' own dates: any range, sliced
        _check_bounds(calendar, lo, hi)
    arr = _session_array(calendar)
    i = np.searchsorted(arr, np.datetime64(lo, "ns"), "left")
    j = np.searchsorted(arr, np.datetime64(hi, "ns"), "right")
    return pd.DatetimeIndex(arr[i:j], name="date")


def event_day0(calendar: str, event_date: object) -> tuple[pd.Timestamp, bool]:
    """First session on or after ``event_date``.

    Parameters
    ----------
    calendar : str
        Calendar name or ``"24/7"`` (never rolls).
    event_date : date-like
        Announcement date.

    Returns
    -------
    (Timestamp, bool)
        Day 0 and whether it differs from ``event_date`` (weekend, holiday: e.g. XTAI
        2025-01-27 -> 2025-02-03 because of the Lunar New Year closure).
    """
    day = _day(event_date, "event_date")
    if calendar == ALWAYS_OPEN:
        return day, False
    _check_bounds(calendar, day)
    s = pd.Timestamp(get_calendar(calendar).date_to_session(day, direction="next")).normalize()
    return s, bool(s != day)


def _calendar_map(columns: pd.Index, calendars: Mapping[str, str] | None) -> dict[object, str]:
    calendars = dict(calendars or {})
    return {c: calendars.get(str(c), calendar_for(str(c))) for c in columns}


def align_returns(
    returns: pd.DataFrame,
    policy: str = "own",
    market_calendar: str = "XNYS",
    calendars: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Put returns of assets with different calendars on a common footing.

    Parameters
    ----------
    returns : DataFrame
        Simple returns, DatetimeIndex of dates, one column per asset; NaN = no session.
    policy : {"own", "market"}, default "own"
        ``"own"`` returns a copy unchanged (each asset on its own sessions). ``"market"``
        maps every row onto the market calendar's sessions: a date that is not a market
        session rolls into the next session, and returns are compounded there,
        ``prod(1 + r) - 1`` (a crypto asset's Saturday, Sunday and Monday returns become
        Monday's). Columns already on the market calendar are just restricted to its sessions.
    market_calendar : str, default "XNYS"
        Target calendar of the ``"market"`` policy.
    calendars : mapping of column -> calendar name, optional
        Overrides :func:`calendar_for` (e.g. ``{"MYCOIN": "24/7"}``).

    Returns
    -------
    DataFrame
        ``"market"``: indexed by the market sessions from the first to the last date of
        ``returns``. For a 24/7 column a session is NaN when any day it compounds is missing
        (NaN) or lies before the first row of ``returns`` (incomplete window); for other
        exchanges NaN days are non-sessions and are skipped (NaN if none remain).
        Rows after the last market session of the frame are dropped.

    Raises
    ------
    SpecificationError
        Unknown policy or calendar.
    """
    if policy not in ("own", "market"):
        raise SpecificationError(f"policy must be 'own' or 'market', not {policy!r}")
    if not isinstance(returns.index, pd.DatetimeIndex):
        raise SpecificationError("returns must have a DatetimeIndex")
    if policy == "own":
        return returns.copy()
    if market_calendar == ALWAYS_OPEN:
        return returns.copy()
    idx = returns.index
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    days = pd.DatetimeIndex(idx.normalize().to_numpy(dtype="datetime64[ns]"))
    if len(days) == 0:
        return returns.copy()
    first, last = days.min(), days.max()
    cal = get_calendar(market_calendar)
    _check_bounds(market_calendar, first, last)
    sess = sessions(market_calendar, first, last)
    if len(sess) == 0:
        return pd.DataFrame(index=sess, columns=returns.columns, dtype="float64")
    prev_session = pd.Timestamp(cal.previous_session(sess[0])) if sess[0] > cal.first_session else None
    pos = sess.searchsorted(days, side="left")
    keep = pos < len(sess)
    key = np.where(keep, pos, -1)

    cal_of = _calendar_map(returns.columns, calendars)
    values = returns.to_numpy(dtype="float64")
    out = np.full((len(sess), values.shape[1]), np.nan)
    rows = key[keep]
    vals = values[keep]

    on_market = np.array([cal_of[c] == market_calendar for c in returns.columns])
    # identity for market-calendar columns: a value on a session date stays there
    exact = np.zeros(len(days), dtype=bool)
    exact[keep] = sess[key[keep]] == days[keep]
    if on_market.any():
        out_m = np.full((len(sess), int(on_market.sum())), np.nan)
        out_m[key[exact]] = values[exact][:, on_market]
        out[:, on_market] = out_m

    other = ~on_market
    if other.any():
        growth = pd.DataFrame(1.0 + vals[:, other]).groupby(rows)
        always = np.array([cal_of[c] == ALWAYS_OPEN for c in returns.columns])[other]
        prod_skip = growth.prod(min_count=1)
        any_nan = pd.DataFrame(np.isnan(vals[:, other])).groupby(rows).any()
        comp = prod_skip.to_numpy() - 1.0
        comp[:, always] = np.where(any_nan.to_numpy()[:, always], np.nan, comp[:, always])
        block = np.full((len(sess), int(other.sum())), np.nan)
        block[prod_skip.index.to_numpy()] = comp
        # 24/7 columns: the first session's window must start right after the previous
        # session; if the frame begins later, that window is incomplete.
        if prev_session is not None and first > prev_session + pd.Timedelta(days=1):
            block[0, always] = np.nan
        out[:, other] = block
    return pd.DataFrame(out, index=sess, columns=returns.columns)


def check_sessions(
    series: pd.Series | pd.DataFrame | pd.DatetimeIndex,
    calendar: str,
    start: object,
    end: object,
) -> None:
    """Raise if a series lacks any session of its calendar between ``start`` and ``end``.

    Parameters
    ----------
    series : Series, DataFrame or DatetimeIndex
        Observations (NaN values count as missing); a DataFrame is checked column by column.
    calendar : str
        Calendar name or ``"24/7"``.
    start, end : date-like
        Inclusive bounds of the needed window.

    Raises
    ------
    CalendarGapError
        Listing the missing sessions (per column for a DataFrame).
    """
    expected = sessions(calendar, start, end)
    if isinstance(series, pd.DatetimeIndex):
        present = {"index": series}
    elif isinstance(series, pd.Series):
        present = {series.name if series.name is not None else "series": series.dropna().index}
    elif isinstance(series, pd.DataFrame):
        present = {c: series[c].dropna().index for c in series.columns}
    else:
        raise SpecificationError(
            f"series must be a Series, DataFrame or DatetimeIndex, not {type(series).__name__}"
        )
    problems = []
    for name, idx in present.items():
        got = pd.DatetimeIndex(idx)
        if got.tz is not None:
            got = got.tz_localize(None)
        missing = expected.difference(got.normalize())
        if len(missing):
            listed = ", ".join(str(d.date()) for d in missing[:10])
            more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            problems.append(f"{name}: {len(missing)} missing {calendar} session(s): {listed}{more}")
    if problems:
        raise CalendarGapError(
            f"missing sessions between {_day(start, 'start').date()} and {_day(end, 'end').date()} — "
            + "; ".join(problems)
            + ". Use a window inside the data or a source that has these sessions"
        )


def off_session_dates(
    frame: pd.DataFrame, calendars: Mapping[str, str] | None = None
) -> dict[str, pd.DatetimeIndex]:
    """Dates on which each column has a value although its calendar has no session.

    A row on a non-session (a Saturday close of an index, say) is a data fault: an event
    study on the asset's sessions would refuse it. Returns ``{column: dates}`` for the
    columns that have any (24/7 columns never do).

    Parameters
    ----------
    frame : DataFrame
        Wide prices or returns (DatetimeIndex).
    calendars : mapping, optional
        Calendar per column overriding :func:`calendar_for`.
    """
    calendars = dict(calendars or {})
    out: dict[str, pd.DatetimeIndex] = {}
    if frame.empty:
        return out
    start, end = frame.index.min(), frame.index.max()
    for col in frame.columns:  # one calendar lookup per column
        name = calendars.get(str(col)) or calendar_for(str(col))
        if name == "24/7":
            continue
        present = frame.index[frame[col].notna().to_numpy()]
        off = present.difference(sessions(name, start, end))
        if len(off):
            out[str(col)] = off
    return out
