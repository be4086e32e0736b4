"""Data-quality checks that warn (not raise) on suspicious but usable price data.

:func:`check_quality` looks for four kinds of problems and emits one
:class:`~eventstudy.errors.DataQualityWarning` per issue:

==================  ==========================================================================
kind                condition
==================  ==========================================================================
``stale_price``     the same close on ``>= stale_run`` (5) consecutive observations of a symbol
``extreme_return``  a one-day return with ``|r| > 50%`` (stocks, ETFs, indices) or ``> 60%``
                    (crypto), unless the price ratio looks like an unadjusted split (those are
                    :func:`~eventstudy.data.to_returns`' business: it raises
                    :class:`~eventstudy.errors.SuspectedSplitError`)
``short_history``   a requested window ``(start, end)`` begins before a symbol's first
                    observation or ends after its last one
``zero_volume``     zero volume on a session where the symbol otherwise reports volume: a run of
                    fewer than ``stale_run`` zero-volume sessions with positive volume on both
                    sides. Long zero stretches (index volume before 2024 in the snapshot) mean
                    "volume not reported", not a data error, and are ignored.
==================  ==========================================================================

In strict mode (``warnings.simplefilter("error", DataQualityWarning)``, the default of
``make reproduce``) each warning becomes an error.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataError, DataQualityWarning
from .returns import SPLIT_FACTORS
from .snapshot import exchange_timezone

__all__ = [
    "QualityIssue",
    "check_quality",
    "KINDS",
    "STALE_RUN",
    "EXTREME_RETURN",
    "EXTREME_RETURN_CRYPTO",
]

#: Issue kinds reported by :func:`check_quality`.
KINDS: tuple[str, ...] = ("stale_price", "extreme_return", "short_history", "zero_volume")
#: Minimum number of consecutive identical closes reported as stale.
STALE_RUN = 5
#: ``|r|`` above which a one-day return of a stock, ETF or index is reported.
EXTREME_RETURN = 0.50
#: ``|r|`` above which a one-day return of a crypto asset is reported.
EXTREME_RETURN_CRYPTO = 0.60


@dataclass(frozen=True)
class QualityIssue:
    """One data-quality finding.

    Attributes
    ----------
    symbol : str
        The series concerned.
    date : Timestamp
        First date of the problem (start of the stale run or zero-volume run, the return's
        date, the window's start or end).
    kind : str
        One of :data:`KINDS`.
    message : str
        Human-readable description naming symbol, dates and values.
    """

    symbol: str
    date: pd.Timestamp
    kind: str
    message: str


def _is_crypto(symbol: str) -> bool:
    return exchange_timezone(str(symbol)) == "UTC"


def _day(ts: object) -> str:
    return f"{pd.Timestamp(ts):%Y-%m-%d}"  # type: ignore[arg-type]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Half-open ``[start, stop)`` index ranges of the True runs of a 1-d boolean mask."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _wide(prices: pd.DataFrame, volume: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Wide close prices and (optional) wide volume from a wide or a long frame."""
    if not isinstance(prices, pd.DataFrame):
        raise DataError(f"prices must be a DataFrame, got {type(prices).__name__}")
    cols = {str(c) for c in prices.columns}
    if {"date", "symbol", "close"} <= cols:  # long format (load_long)
        long = prices
        close = long.pivot(index="date", columns="symbol", values="close")
        order = list(dict.fromkeys(long["symbol"]))
        close = close.reindex(columns=order).sort_index()
        if volume is None and "volume" in cols:
            volume = long.pivot(index="date", columns="symbol", values="volume").reindex(
                index=close.index, columns=order
            )
        return close.astype("float64"), volume
    if not isinstance(prices.index, pd.DatetimeIndex):
        raise DataError(
            "prices must be wide (DatetimeIndex, one column per symbol) or long "
            f"(columns date, symbol, close); got index {type(prices.index).__name__}"
        )
    return prices.astype("float64"), volume


def _stale(close: pd.DataFrame, run: int) -> list[QualityIssue]:
    out = []
    for sym in close.columns:
        s = close[sym].dropna()
        if len(s) < run:
            continue
        v = s.to_numpy()
        same = np.concatenate([[False], v[1:] == v[:-1]])  # equal to the previous observation
        for a, b in _runs(same):
            n = b - a + 1  # the run of equal closes includes the observation before it
            if n >= run:
                start, end = s.index[a - 1], s.index[b - 1]
                out.append(
                    QualityIssue(
                        str(sym),
                        pd.Timestamp(start),
                        "stale_price",
                        f"stale price: {sym} closes at {v[a]:g} on {n} consecutive observations "
                        f"from {_day(start)} to {_day(end)}; check the source for a suspended or "
                        "unrefreshed series",
                    )
                )
    return out


def _extreme(close: pd.DataFrame, returns: pd.DataFrame | None, tol: float) -> list[QualityIssue]:
    out = []
    factors = np.array([*SPLIT_FACTORS, *(1.0 / f for f in SPLIT_FACTORS)])
    frame = returns if returns is not None else close
    for sym in frame.columns:
        s = frame[sym].dropna()
        if returns is None:
            r = (s / s.shift(1) - 1.0).iloc[1:]
        else:
            r = s.astype("float64")
        limit = EXTREME_RETURN_CRYPTO if _is_crypto(str(sym)) else EXTREME_RETURN
        ratio = 1.0 + r.to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            split_like = (np.abs(ratio[:, None] / factors - 1.0) <= tol).any(axis=1)
        hit = (np.abs(r.to_numpy()) > limit) & ~split_like
        for i in np.flatnonzero(hit):
            when = r.index[i]
            out.append(
                QualityIssue(
                    str(sym),
                    pd.Timestamp(when),
                    "extreme_return",
                    f"extreme return: {sym} moves {r.iat[i]:+.1%} on {_day(when)} (threshold "
                    f"{limit:.0%}{' for crypto' if limit == EXTREME_RETURN_CRYPTO else ''}); check "
                    "for a bad print or an unrecorded corporate action",
                )
            )
    return out


def _short(frame: pd.DataFrame, windows: Sequence[tuple[object, object]]) -> list[QualityIssue]:
    out = []
    for w in windows:
        try:
            lo, hi = (pd.Timestamp(x) for x in w)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise DataError(f"windows must be (start, end) date pairs, got {w!r}") from None
        for sym in frame.columns:
            s = frame[sym].dropna()
            if s.empty:
                out.append(
                    QualityIssue(
                        str(sym),
                        lo,
                        "short_history",
                        f"short history: {sym} has no observations at all, so it cannot cover the "
                        f"window {_day(lo)} .. {_day(hi)}",
                    )
                )
                continue
            first, last = s.index[0], s.index[-1]
            if first > lo or last < hi:
                n_in = int(((s.index >= lo) & (s.index <= hi)).sum())
                out.append(
                    QualityIssue(
                        str(sym),
                        lo if first > lo else hi,
                        "short_history",
                        f"short history: {sym} has data from {_day(first)} to {_day(last)}, which does "
                        f"not cover the requested window {_day(lo)} .. {_day(hi)} ({n_in} observations "
                        "inside it); shorten the window or use a longer series",
                    )
                )
    return out


def _zero_volume(volume: pd.DataFrame, run: int) -> list[QualityIssue]:
    out = []
    for sym in volume.columns:
        v = volume[sym].dropna()
        if v.empty:
            continue
        x = v.to_numpy(dtype="float64")
        for a, b in _runs(x == 0):
            if b - a >= run or a == 0 or b == len(x):
                continue  # a long zero stretch or an edge: volume not reported, not an error
            if x[a - 1] > 0 and x[b] > 0:
                start, end = v.index[a], v.index[b - 1]
                span = _day(start) if a + 1 == b else f"{_day(start)} .. {_day(end)}"
                out.append(
                    QualityIssue(
                        str(sym),
                        pd.Timestamp(start),
                        "zero_volume",
                        f"zero volume: {sym} reports volume 0 on {span} ({b - a} session(s)) but "
                        "positive volume on the sessions around it; the day may be a bad or filled row",
                    )
                )
    return out


def check_quality(
    prices: pd.DataFrame,
    returns: pd.DataFrame | None = None,
    windows: Sequence[tuple[object, object]] | None = None,
    *,
    volume: pd.DataFrame | None = None,
    stale_run: int = STALE_RUN,
    split_tolerance: float = 0.02,
) -> list[QualityIssue]:
    """Look for stale prices, extreme returns, short histories and stray zero volumes.

    Parameters
    ----------
    prices : DataFrame
        Wide close prices (DatetimeIndex, one column per symbol, NaN = no observation), or
        the long format of :func:`~eventstudy.data.load_long` (``date, symbol, close`` and,
        if present, ``volume``).
    returns : DataFrame, optional
        Wide one-day returns to check for extreme moves; computed from ``prices`` (per
        column on its own observations) when omitted. Also used for the history check.
    windows : sequence of (start, end) date pairs, optional
        Requested estimation windows (calendar dates); a symbol whose data do not cover a
        window is reported.
    volume : DataFrame, optional
        Wide volume, same layout as wide ``prices``; taken from a long ``prices`` frame
        when omitted. No zero-volume check without it.
    stale_run : int, default 5
        Number of consecutive identical closes reported as stale (and the longest zero-volume
        run still considered "otherwise reported").
    split_tolerance : float, default 0.02
        Price ratios within this relative distance of a split factor (2, 3, 4, 5, 10, 20 or
        their reciprocals) are left to the split check and not reported as extreme returns.

    Returns
    -------
    list of QualityIssue
        In order: stale prices, extreme returns, short histories, zero volumes.

    Warns
    -----
    DataQualityWarning
        Once per issue (``stacklevel=2``: the caller's line). Under
        ``warnings.simplefilter("error", DataQualityWarning)`` the first issue raises.

    Raises
    ------
    DataError
        ``prices`` is neither wide nor long, or a window is not a pair of dates.
    """
    if stale_run < 2:
        raise DataError(f"stale_run must be >= 2, got {stale_run}")
    close, volume = _wide(prices, volume)
    issues = _stale(close, stale_run)
    issues += _extreme(close, returns, split_tolerance)
    if windows:
        issues += _short(returns if returns is not None else close, windows)
    if volume is not None:
        issues += _zero_volume(volume, stale_run)
    for issue in issues:
        warnings.warn(DataQualityWarning(issue.message), stacklevel=2)
    return issues
