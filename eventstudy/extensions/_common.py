"""Small helpers shared by the "beyond returns" extensions.

Event time here is the position in the rows of the frame the user passes: every row is
taken to be a trading session of the assets (pass one asset's own sessions, or several
assets on one exchange calendar, as :func:`eventstudy.data.load_prices` returns them for
stocks of one exchange). Day 0 is the first row dated on or after the event date and day
``k`` is ``k`` rows later, as in :mod:`eventstudy.alignment`. Rows are never dropped: a
NaN of a needed column inside a needed window raises
:class:`~eventstudy.errors.MissingDataError` naming the column and the date (if that date
is not a session, e.g. a weekend row next to crypto, drop such rows explicitly first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import (
    CalendarGapError,
    DataError,
    EventOutOfRangeError,
    EventStudyError,
    InvalidPriceError,
    MissingDataError,
    SpecificationError,
    WindowError,
)
from ..validation import check_date_index
from ..validation import check_window as _check_window
from ..validation import parse_date as _parse_date

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ExtensionResults",
    "default_windows",
    "EventFrame",
    "as_frame",
    "check_choice",
    "check_window",
    "check_disjoint",
    "event_frame",
    "require_finite",
    "require_positive",
    "new_axes",
    "stars",
]


def as_frame(x: pd.DataFrame | pd.Series, name: str) -> pd.DataFrame:
    """``x`` as a float DataFrame with a sorted, unique DatetimeIndex.

    Raises
    ------
    DataError
        Not a Series/DataFrame, no DatetimeIndex, or non-numeric columns.
    UnsortedDataError, DuplicateDateError
        Dates out of order or repeated.
    """
    if isinstance(x, pd.Series):
        x = x.to_frame(name=x.name if x.name is not None else name)
    if not isinstance(x, pd.DataFrame):
        raise DataError(
            f"{name} must be a pandas DataFrame or Series indexed by date, not {type(x).__name__}"
        )
    check_date_index(x.index, name)
    if x.shape[1] == 0:
        raise DataError(f"{name} has no columns")
    try:
        out = x.astype("float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name} has non-numeric values: {exc}") from exc
    out.columns = pd.Index([str(c) for c in out.columns], dtype=object)
    return out


def check_window(window: Sequence[int], name: str) -> tuple[int, int]:
    """Validate an inclusive event-time window ``(start, end)`` of integers.

    Raises
    ------
    WindowError
        Not two integers, or reversed.
    """
    return _check_window(window, name)  # one rule for every entry point: eventstudy.validation


def check_disjoint(first: tuple[int, int], second: tuple[int, int], names: tuple[str, str]) -> None:
    """Raise :class:`WindowError` unless ``first`` ends before ``second`` starts."""
    if first[1] >= second[0]:
        raise WindowError(
            f"{names[0]} {first} must end before {names[1]} {second} starts; "
            f"e.g. {names[0]}=({first[0]}, {second[0] - 1})"
        )


@dataclass(frozen=True)
class EventFrame:
    """A dated frame re-indexed in event time.

    Attributes
    ----------
    data : DataFrame
        Index ``event_day`` (int), the requested span only, same columns as the input.
    dates : Series
        Calendar date of each event day (index ``event_day``).
    day0 : Timestamp
        Date of event day 0.
    rolled : bool
        Whether day 0 is later than the event date (the event fell on a non-trading day).
    """

    data: pd.DataFrame
    dates: pd.Series
    day0: pd.Timestamp
    rolled: bool

    def rows(self, window: tuple[int, int]) -> pd.DataFrame:
        """Rows of ``data`` with ``window[0] <= event_day <= window[1]``."""
        return self.data.loc[window[0] : window[1]]

    def days(self, window: tuple[int, int]) -> np.ndarray:
        """Event days in ``window`` as an int array."""
        return np.arange(window[0], window[1] + 1)


def event_frame(frame: pd.DataFrame, event_date: Any, span: tuple[int, int], name: str) -> EventFrame:
    """Cut ``frame`` to the event-time ``span`` around ``event_date``, by the package's one event-time rule.

    When every column trades on one calendar (:func:`eventstudy.calendars.calendars_for`), event
    time counts that calendar's sessions, as :class:`~eventstudy.study.EventStudy` does: day 0 is
    the first session on or after ``event_date`` (a roll warns with
    :class:`~eventstudy.errors.EventRolledWarning`), a session missing from the data inside the
    span and a value on a non-session date are :class:`~eventstudy.errors.CalendarGapError`
    (:mod:`eventstudy.eventtime`). Columns on several calendars (data already aligned by the
    caller) fall back to counting the rows as sessions.

    Raises
    ------
    EventOutOfRangeError
        The event date is after the last row, or the span runs past either end.
    CalendarGapError
        A session of the calendar is missing inside the span, or a value sits on a non-session.
    """
    ts = _parse_date(event_date, "event_date")  # a typed error for '2024-13-45' (validation)
    if ts is None:
        raise SpecificationError("an event date is required: pass event_date='YYYY-MM-DD'")
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    ts = ts.normalize()
    f = frame
    idx = f.index
    if len(idx) == 0:
        raise EventOutOfRangeError(f"{name} has no observations")
    pos0 = int(idx.searchsorted(ts, side="left"))
    if pos0 >= len(idx):
        raise EventOutOfRangeError(
            f"event date {ts:%Y-%m-%d} is after the last row of {name} ({idx[-1]:%Y-%m-%d}); load data up to the event"
        )
    lo, hi = pos0 + span[0], pos0 + span[1]
    if lo < 0:
        raise EventOutOfRangeError(
            f"{name} starts on {idx[0]:%Y-%m-%d}, {pos0} rows before day 0 ({idx[pos0]:%Y-%m-%d}); "
            f"event day {span[0]} needs {-span[0]} rows: load earlier data or shorten the window"
        )
    if hi >= len(idx):
        raise EventOutOfRangeError(
            f"{name} ends on {idx[-1]:%Y-%m-%d}, {len(idx) - 1 - pos0} rows after day 0 ({idx[pos0]:%Y-%m-%d}); "
            f"event day {span[1]} is not available: load later data or shorten the window"
        )
    sub = f.iloc[lo : hi + 1]
    _check_sessions(f, sub, ts, idx[pos0], name)
    days = pd.RangeIndex(span[0], span[1] + 1, name="event_day")
    data = sub.set_axis(days, axis=0)
    dates = pd.Series(sub.index, index=days, name="date")
    return EventFrame(data=data, dates=dates, day0=idx[pos0], rolled=bool(idx[pos0] != ts))


def _check_sessions(
    frame: pd.DataFrame, sub: pd.DataFrame, ts: pd.Timestamp, day0: pd.Timestamp, name: str
) -> None:
    """The one event-time rule on an extension's frame: sessions complete in the span, roll warned."""
    from ..calendars import calendars_for, sessions
    from ..eventtime import check_off_session, warn_rolled

    cals = set(calendars_for([str(c) for c in frame.columns]).tolist())
    if len(cals) != 1:
        return
    cal = cals.pop()
    try:
        sess = sessions(cal, min(sub.index[0], ts), sub.index[-1])
    except EventStudyError:
        return  # a calendar the session table cannot build (e.g. the data's own dates)
    check_off_session(
        sub.index, sub.to_numpy(dtype=float), sess, sub.index[0] - pd.Timedelta(days=1), sub.index[-1],
        [str(c) for c in frame.columns], cal,
    )  # fmt: skip
    missing = sess[(sess >= sub.index[0]) & ~sess.isin(sub.index)]
    if len(missing):
        raise CalendarGapError(
            f"{name} has no row on {missing[0]:%Y-%m-%d}, a {cal} session inside the event-time span "
            f"{sub.index[0]:%Y-%m-%d} .. {sub.index[-1]:%Y-%m-%d} ({len(missing)} such session(s)); the "
            "package never interpolates: fix the data source or move the windows"
        )
    if day0 != ts:  # sessions complete: day 0 is the first session on or after the event date
        warn_rolled([ts], [day0], np.array([True]), [name], stacklevel=5)


def require_finite(
    ef: EventFrame, window: tuple[int, int], what: str, window_name: str, columns: Sequence[str] | None = None
) -> None:
    """Raise :class:`MissingDataError` naming column and date on the first NaN/inf in ``window``."""
    block = ef.rows(window)
    if columns is not None:
        block = block[list(columns)]
    bad = ~np.isfinite(block.to_numpy())
    if bad.any():
        i, j = np.argwhere(bad)[0]
        day = int(block.index[i])
        raise MissingDataError(
            f"{block.columns[j]} has no {what} on {ef.dates.loc[day]:%Y-%m-%d} (event day {day}) inside the "
            f"{window_name} {window}; the extensions never skip a missing observation: shorten or move the "
            "window, or pass a frame without that asset (if that date is not a trading session of "
            "these assets, drop such rows first, e.g. frame.dropna(how='all'))"
        )


def require_positive(ef: EventFrame, window: tuple[int, int], what: str, window_name: str) -> None:
    """Raise :class:`InvalidPriceError` naming column and date on the first value ``<= 0`` in ``window``."""
    block = ef.rows(window)
    bad = block.to_numpy() <= 0
    if bad.any():
        i, j = np.argwhere(bad)[0]
        day = int(block.index[i])
        raise InvalidPriceError(
            f"{block.columns[j]} has {what} {block.iat[i, j]:g} on {ef.dates.loc[day]:%Y-%m-%d} (event day {day}) "
            f"inside the {window_name} {window}; zero {what} is a missing or halted session, not a low-volume "
            "day: check the data or move the window"
        )


def check_choice(value: str, allowed: Sequence[str], name: str) -> str:
    """Raise :class:`SpecificationError` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise SpecificationError(
            f"{name}={value!r} is not supported; use one of {', '.join(map(repr, allowed))}"
        )
    return value


def new_axes(
    ax: Axes | None, nrows: int = 1, figsize: tuple[float, float] = (7.0, 4.0)
) -> tuple[Figure, list[Axes]]:
    """A new :class:`~matplotlib.figure.Figure` with ``nrows`` stacked axes, or ``ax``'s figure.

    A figure made here is not registered with pyplot (no global state, no open-figure
    warnings); it renders in Jupyter and saves with ``fig.savefig``.
    """
    if ax is not None:
        if nrows != 1:
            raise SpecificationError(f"this plot has {nrows} panels; call it without ax=")
        return ax.figure, [ax]
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, 1, sharex=False, squeeze=False)[:, 0]
    return fig, list(axes)


def stars(p: float) -> str:
    """Conventional significance stars (``***`` < 1%, ``**`` < 5%, ``*`` < 10%)."""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def default_windows(event_window: tuple[int, int]) -> list[tuple[int, int]]:
    """The windows every extension tests by default: day 0 and the event window (when it holds
    day 0 and is longer), else the event window alone."""
    ew = (int(event_window[0]), int(event_window[1]))
    return [(0, 0), ew] if ew[0] <= 0 <= ew[1] and ew != (0, 0) else [ew]


class ExtensionResults:
    """Base of every extension's results object: the same names everywhere.

    * ``test(window=(0, 0), ...)`` returns a :class:`~eventstudy.inference.base.TestResults`
      (as ``EventStudyResults.test`` does); the keyword after ``window`` picks the variant
      (``kind=`` for volume, ``cov=`` for the calendar-time portfolio, ``statistic=`` for the
      synthetic control, ``name=`` for the volatility tests);
    * ``tests(windows=None)`` is the tidy frame of every variant (:attr:`TEST_VARIANTS`) over
      each window, by default :meth:`default_windows` (day 0 and the event window);
    * ``car(window=None)`` is the cumulated abnormal outcome over a window (returns, log volume);
    * ``summary()`` / ``to_latex()`` / ``plot()`` report it.

    Subclasses are frozen dataclasses with an ``event_window`` field and implement
    :meth:`test` and ``summary``.
    """

    #: keyword options of :meth:`test`, one per variant listed by :meth:`tests`
    TEST_VARIANTS: ClassVar[tuple[Mapping[str, Any], ...]] = ({},)

    def _window(self, window: tuple[int, int] | None) -> tuple[int, int]:
        """``window`` (default: the event window) checked to lie inside the event window."""
        ew = self.event_window  # type: ignore[attr-defined]
        lo, hi = check_window(ew if window is None else window, "window")
        if lo < ew[0] or hi > ew[1]:
            raise WindowError(
                f"window {window} is not inside the event window {tuple(ew)}; widen event_window"
            )
        return lo, hi

    def default_windows(self) -> list[tuple[int, int]]:
        """Day 0 and the event window (see :func:`default_windows`)."""
        return default_windows(self.event_window)  # type: ignore[attr-defined]

    def test(self, window: tuple[int, int] | None = (0, 0), **options: Any) -> Any:  # pragma: no cover
        """One test over ``window``; returns :class:`~eventstudy.inference.base.TestResults`."""
        raise NotImplementedError

    def tests(self, windows: Sequence[tuple[int, int]] | None = None) -> pd.DataFrame:
        """Tidy frame of every variant of :meth:`test` over each window (default: :meth:`default_windows`)."""
        from ..inference.base import results_frame

        rows = [
            r
            for w in (self.default_windows() if windows is None else windows)
            for opts in self.TEST_VARIANTS
            for r in self.test(w, **opts)
        ]
        return results_frame(rows)

    def to_latex(self) -> str:
        """LaTeX (booktabs) rendering of ``summary()``."""
        return self.summary().as_latex()  # type: ignore[attr-defined]
