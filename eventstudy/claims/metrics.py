"""Observed figures for market claims: one pure function per metric.

Inputs are price series (a ``DatetimeIndex`` of sessions -> price) or 5-minute bars
(``timestamp``, ``open``, ``high``, ``low``, ``close``), as returned by
:mod:`eventstudy.data`. Windows are inclusive ranges of *sessions*: a return over the
window ``(start, end)`` compounds from the close of the last session before ``start`` to
the close of ``end``. Nothing is filled or interpolated: a price the window needs that
is absent raises :class:`~eventstudy.errors.MissingDataError` naming the series and date.
Returns are in percent, money in USD billions, index moves in points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ClaimsError, MissingDataError

__all__ = [
    "SharesCount",
    "shares_in_force",
    "base_and_end",
    "close_return",
    "index_points",
    "market_value",
    "market_value_change",
    "window_extreme",
    "regular_session",
    "opening_gap",
    "intraday_range",
    "nearest_in_range",
    "weekly_returns",
    "last_week_at_least_as_bad",
]


@dataclass(frozen=True)
class SharesCount:
    """A shares-outstanding figure with its as-of date and filing."""

    symbol: str
    as_of: pd.Timestamp
    shares_bn: float
    source: str

    def describe(self) -> str:
        """One-line description used in the output (count, as-of date, filing)."""
        return f"{self.symbol} shares outstanding {self.shares_bn:g} bn as of {self.as_of:%Y-%m-%d} ({self.source})"


def shares_in_force(counts: Sequence[SharesCount], date: object) -> SharesCount:
    """The latest shares count whose as-of date is on or before ``date``.

    Parameters
    ----------
    counts : sequence of SharesCount
        Counts of one symbol.
    date : date-like
        Date at which the count must be in force.

    Returns
    -------
    SharesCount

    Raises
    ------
    MissingDataError
        No count is in force at ``date``.
    """
    day = pd.Timestamp(date)
    valid = [c for c in counts if c.as_of <= day]
    if not valid:
        first = min((c.as_of for c in counts), default=None)
        raise MissingDataError(
            f"no shares-outstanding count in force on {day:%Y-%m-%d}"
            + (f" (the earliest recorded count is as of {first:%Y-%m-%d})" if first is not None else "")
        )
    return max(valid, key=lambda c: c.as_of)


def _clean(prices: pd.Series) -> pd.Series:
    s = prices.dropna()
    if not s.index.is_monotonic_increasing:
        s = s.sort_index()
    return s


def base_and_end(
    prices: pd.Series, start: object, end: object
) -> tuple[pd.Timestamp, float, pd.Timestamp, float]:
    """Base close (last observation before ``start``) and end close (on ``end``).

    Parameters
    ----------
    prices : Series
        Prices of one series on its own sessions (NaN rows are ignored).
    start, end : date-like
        First and last session of the window (inclusive).

    Returns
    -------
    tuple
        ``(base_date, base_price, end_date, end_price)``.

    Raises
    ------
    MissingDataError
        ``start`` or ``end`` is not an observation of the series, or nothing precedes ``start``.
    """
    s = _clean(prices)
    t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    if t1 < t0:
        raise ClaimsError(f"window ({t0:%Y-%m-%d}, {t1:%Y-%m-%d}) is reversed")
    name = prices.name or "series"
    for t in (t0, t1):
        if t not in s.index:
            raise MissingDataError(
                f"{name} has no price on {t:%Y-%m-%d} (not a session of this series, or missing)"
            )
    before = s.loc[: t0 - pd.Timedelta(days=1)]
    if before.empty:
        raise MissingDataError(f"{name} has no price before {t0:%Y-%m-%d} to serve as the base close")
    return before.index[-1], float(before.iloc[-1]), t1, float(s.loc[t1])


def close_return(prices: pd.Series, start: object, end: object) -> float:
    """Close-to-close return over a window of sessions, in percent.

    ``100 * (P_end / P_base - 1)`` with ``P_base`` the close before ``start``.

    Examples
    --------
    >>> s = pd.Series([100.0, 90.0, 99.0], index=pd.to_datetime(["2025-01-24", "2025-01-27", "2025-01-28"]))
    >>> round(close_return(s, "2025-01-27", "2025-01-28"), 6)
    -1.0
    """
    _, p0, _, p1 = base_and_end(prices, start, end)
    return 100.0 * (p1 / p0 - 1.0)


def index_points(prices: pd.Series, start: object, end: object) -> float:
    """Change of an index level over a window, in points (``P_end - P_base``)."""
    _, p0, _, p1 = base_and_end(prices, start, end)
    return p1 - p0


def market_value(prices: pd.Series, date: object, shares_bn: float) -> float:
    """Market value on ``date`` in USD billions: close x shares outstanding (billions)."""
    s = _clean(prices)
    t = pd.Timestamp(date)
    if t not in s.index:
        raise MissingDataError(f"{prices.name or 'series'} has no price on {t:%Y-%m-%d}")
    return float(s.loc[t]) * float(shares_bn)


def market_value_change(prices: pd.Series, start: object, end: object, shares_bn: float) -> float:
    """Market-value change over a window in USD billions: ``(P_end - P_base) x shares``.

    One shares count is used for both ends (the caller picks the count in force, see
    :func:`shares_in_force`), so the figure is a pure price effect.
    """
    return index_points(prices, start, end) * float(shares_bn)


def window_extreme(
    prices: pd.Series, start: object, end: object, how: str = "min"
) -> tuple[float, pd.Timestamp]:
    """Lowest (``how="min"``) or highest (``"max"``) value of a series on the window's dates.

    Parameters
    ----------
    prices : Series
        Lows (or highs, or closes for a close-based reading) on a DatetimeIndex.
    start, end : date-like
        Inclusive window.
    how : {"min", "max"}

    Returns
    -------
    tuple
        ``(value, date)``.

    Raises
    ------
    MissingDataError
        No observation in the window.
    """
    s = _clean(prices).loc[pd.Timestamp(start) : pd.Timestamp(end)]
    if s.empty:
        raise MissingDataError(f"{prices.name or 'series'} has no observation between {start} and {end}")
    if how == "min":
        return float(s.min()), pd.Timestamp(s.idxmin())
    if how == "max":
        return float(s.max()), pd.Timestamp(s.idxmax())
    raise ClaimsError(f"how must be 'min' or 'max', not {how!r}")


def regular_session(
    bars: pd.DataFrame,
    date: object,
    tz: str = "America/New_York",
    open_time: str = "09:30",
    close_time: str = "16:00",
) -> pd.DataFrame:
    """The 5-minute bars of one regular session (local ``open_time`` <= start < ``close_time``).

    Parameters
    ----------
    bars : DataFrame
        Bars of one symbol with a tz-aware ``timestamp`` column (bar start).
    date : date-like
        Local session date.
    tz : str
        Exchange time zone.

    Returns
    -------
    DataFrame
        The session's bars in time order.

    Raises
    ------
    MissingDataError
        No bar of that session.
    """
    ts = pd.to_datetime(bars["timestamp"])
    if ts.dt.tz is None:
        raise ClaimsError("bars need a tz-aware 'timestamp' column")
    local = ts.dt.tz_convert(tz)
    day = pd.Timestamp(date).date()
    minutes = local.dt.hour * 60 + local.dt.minute
    o = int(open_time[:2]) * 60 + int(open_time[3:])
    c = int(close_time[:2]) * 60 + int(close_time[3:])
    mask = (local.dt.date == day) & (minutes >= o) & (minutes < c)
    out = bars.loc[mask.to_numpy()].assign(timestamp=local[mask]).sort_values("timestamp")
    if out.empty:
        sym = bars["symbol"].iloc[0] if "symbol" in bars.columns and len(bars) else "series"
        raise MissingDataError(f"{sym} has no regular-session 5-minute bar on {day}")
    return out


def opening_gap(session: pd.DataFrame, prev_close: float) -> float:
    """Opening gap in percent: first regular-session open over the previous official close.

    Parameters
    ----------
    session : DataFrame
        Bars of one session in time order (``open`` column), or a one-row daily bar.
    prev_close : float
        Previous session's official close (from the daily file).
    """
    if session.empty:
        raise MissingDataError("no bar to take the opening print from")
    first_open = float(session["open"].iloc[0])
    if not np.isfinite(first_open):
        raise MissingDataError("the first bar has no open")
    return 100.0 * (first_open / float(prev_close) - 1.0)


def intraday_range(session: pd.DataFrame, prev_close: float) -> tuple[float, float]:
    """Range of the session's return against the previous close, in percent.

    Returns
    -------
    tuple
        ``(lowest, highest)``: ``100 (min(low)/prev_close - 1)`` and ``100 (max(high)/prev_close - 1)``.
    """
    lo, hi = float(session["low"].min()), float(session["high"].max())
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise MissingDataError("the session has no low/high")
    return 100.0 * (lo / prev_close - 1.0), 100.0 * (hi / prev_close - 1.0)


def nearest_in_range(claimed: float, lowest: float, highest: float) -> float:
    """The point of ``[lowest, highest]`` nearest to ``claimed`` (``claimed`` itself when inside)."""
    return float(np.clip(claimed, lowest, highest))


def weekly_returns(prices: pd.Series, anchor: str = "W-FRI") -> pd.Series:
    """Week-on-week close returns (percent), indexed by each week's last session.

    A week's close is its last available close; the return runs from the previous week's
    close (so a holiday-shortened week is still one week).
    """
    s = _clean(prices)
    periods = s.index.to_period(anchor)
    grouped = s.groupby(periods)
    closes = grouped.last()
    last_day = s.index.to_series().groupby(periods).max()
    out = 100.0 * closes.pct_change()
    out.index = pd.DatetimeIndex(last_day.to_numpy(), name="week_end")
    return out.iloc[1:]


def last_week_at_least_as_bad(
    prices: pd.Series, week_of: object
) -> tuple[float, pd.Timestamp | None, float | None]:
    """The week containing ``week_of`` and the latest earlier week with a return at least as low.

    Parameters
    ----------
    prices : Series
        Daily closes.
    week_of : date-like
        Any session of the week in question.

    Returns
    -------
    tuple
        ``(week_return, earlier_week_end, earlier_week_return)``; the last two are ``None``
        when no earlier week in the history was as bad.
    """
    w = weekly_returns(prices)
    day = pd.Timestamp(week_of)
    target = w.index[w.index >= day]
    if target.empty or (target[0] - day).days > 6:
        raise MissingDataError(f"{prices.name or 'series'} has no complete week containing {day:%Y-%m-%d}")
    t_end = target[0]
    r = float(w.loc[t_end])
    earlier = w.loc[w.index < t_end]
    hit = earlier[earlier <= r]
    if hit.empty:
        return r, None, None
    return r, pd.Timestamp(hit.index[-1]), float(hit.iloc[-1])
