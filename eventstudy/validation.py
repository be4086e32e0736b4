"""Input checks at the boundary of the package (no econometrics here).

Every public entry point (:class:`eventstudy.EventStudy`, the loaders, :func:`eventstudy.placebo`,
``batch_study``, the extensions, the CLI) validates its arguments with these helpers, so the
same mistake gets the same typed error (a subclass of
:class:`~eventstudy.errors.EventStudyError`) whose message names the argument, the value
and the fix, wherever it is made.

Three kinds of checks live here:

* **types and shapes** (:func:`check_window`, :func:`check_int`, :func:`check_seed`,
  :func:`check_market`, :func:`check_factors`, :func:`check_returns_frame`,
  :func:`check_date_index`, :func:`parse_date`, :func:`check_options`): an error;
* **likely unit or design mistakes** (:func:`check_units`, :func:`check_market_calendar`,
  :func:`check_event_mapping`): a warning of :class:`~eventstudy.errors.DataQualityWarning`'s
  family, an error when ``strict=True`` (``--strict`` on the command line);
* **degenerate results** (:func:`check_residual_variance`): an error, never a NaN
  statistic or a p-value made of rounding noise; and :func:`overlapping_events`, the
  detector behind ``EventStudy(overlap=...)``.
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import (
    CalendarGapError,
    CalendarMismatchWarning,
    DataError,
    DuplicateDateError,
    PartialEventMappingWarning,
    SpecificationError,
    UnitsWarning,
    UnsortedDataError,
    WindowError,
)

__all__ = [
    "validate_study_inputs",
    "check_market_calendar_lazy",
    "check_panel_units",
    "apply_overlap_policy",
    "PRICE_LEVEL",
    "PERCENT_LEVEL",
    "REL_VARIANCE_FLOOR",
    "ABS_VARIANCE_FLOOR",
    "check_date_index",
    "check_window",
    "check_int",
    "check_seed",
    "check_market",
    "check_factors",
    "check_returns_frame",
    "check_columns_unique",
    "check_options",
    "parse_date",
    "warn_or_raise",
    "check_units",
    "check_market_calendar",
    "check_event_mapping",
    "check_residual_variance",
    "overlapping_events",
]

#: Models whose normal return involves no market series.
_NO_MARKET = ("constant_mean", "factor", "market_adjusted")
#: Mean ``|value|`` above which an all-positive series is taken to be prices, not returns.
PRICE_LEVEL = 1.0
#: Mean ``|r|`` above which returns look like percent (a daily decimal return averages ~0.01-0.03).
PERCENT_LEVEL = 0.2
#: Residual variance below ``REL_VARIANCE_FLOOR * var(r)`` is rounding noise, not a fit.
REL_VARIANCE_FLOOR = 1e-12
#: Residual variance below this (squared decimal returns) is zero for any real asset.
ABS_VARIANCE_FLOOR = 1e-20


# --------------------------------------------------------------------------- dates


def check_date_index(index: pd.Index, name: str, allow_tz: bool = False) -> None:
    """Raise unless ``index`` is a non-empty, sorted DatetimeIndex without missing or repeated dates.

    Parameters
    ----------
    index : pandas.Index
        The index to check.
    name : str
        What the index belongs to, for the message (``"returns"``, ``"market"``, ...).
    allow_tz : bool
        Accept a time-zone-aware index (intraday bars); daily data must be tz-naive.

    Raises
    ------
    DataError
        Not a DatetimeIndex, empty, holding a missing date (NaT), or time-zone-aware when
        dates are expected.
    DuplicateDateError
        A date occurs twice (the first one is named).
    UnsortedDataError
        Dates are not increasing (the first inversion is named).
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(
            f"{name} must have a DatetimeIndex (dates); got {type(index).__name__}: "
            f"set one with {name}.index = pd.to_datetime({name}.index)"
        )
    if len(index) == 0:
        raise DataError(f"{name} has no rows (an empty date index); pass data covering the windows")
    if index.hasnans:
        pos = int(np.flatnonzero(index.isna())[0])
        raise DataError(
            f"{name} has a missing date (NaT) at row {pos} of {len(index)}; drop such rows "
            f"({name}[{name}.index.notna()]) or fix the dates"
        )
    if index.tz is not None and not allow_tz:
        raise DataError(f"{name} has a time-zone-aware index ({index.tz}); pass dates (tz-naive)")
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise DuplicateDateError(
            f"{name} has the date {dup:%Y-%m-%d} more than once; drop the duplicated rows first"
        )
    if not index.is_monotonic_increasing:
        pos = int(np.flatnonzero(np.diff(index.asi8) < 0)[0])
        raise UnsortedDataError(
            f"{name} dates are not sorted ({index[pos]:%Y-%m-%d} comes before {index[pos + 1]:%Y-%m-%d}); "
            "call .sort_index() first"
        )


def parse_date(value: object, name: str) -> pd.Timestamp | None:
    """``value`` as a tz-naive Timestamp (``None`` passes through).

    Raises
    ------
    SpecificationError
        ``value`` is not a date (``'2024-13-45'``, ``'yesterday'``, a list, NaT).
    """
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise SpecificationError(
            f"{name}={value!r} is not a date; write it as 'YYYY-MM-DD' (or pass a pandas Timestamp)"
        ) from None
    if ts is pd.NaT or pd.isna(ts):
        raise SpecificationError(f"{name}={value!r} is a missing date (NaT); pass 'YYYY-MM-DD' or None")
    return ts


# --------------------------------------------------------------------------- scalars


def _is_int(x: object) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool | np.bool_)


def check_int(value: object, name: str, minimum: int | None = None, example: str | None = None) -> int:
    """``value`` as an ``int`` (Python or numpy integer; never a float, bool or string).

    Raises
    ------
    SpecificationError
        Not an integer, or below ``minimum``.
    """
    eg = f", e.g. {name}={example}" if example is not None else ""
    if not _is_int(value):
        raise SpecificationError(f"{name}={value!r} must be an integer ({type(value).__name__} given){eg}")
    out = int(value)  # type: ignore[call-overload]
    if minimum is not None and out < minimum:
        raise SpecificationError(f"{name}={out} must be >= {minimum}{eg}")
    return out


def check_seed(seed: object) -> int:
    """A non-negative integer seed for :func:`numpy.random.default_rng`."""
    return check_int(seed, "seed", minimum=0, example="20250127")


def check_window(window: object, name: str) -> tuple[int, int]:
    """Validate an inclusive event-time window: a pair ``(start, end)`` of integers.

    Python and numpy integers are accepted; floats (even ``1.0``), strings, booleans, a
    bare integer, ``None`` and sequences of another length are refused, so a window is
    never truncated or guessed.

    Raises
    ------
    WindowError
        Not a pair of integers, or reversed.
    """
    eg = "e.g. (0, 0) for the event day alone, or (-1, 1)"
    if isinstance(window, str | bytes) or not isinstance(window, Sequence | np.ndarray):
        raise WindowError(f"{name}={window!r} must be a pair (start, end) of integer event days; {eg}")
    items = list(window)
    if len(items) != 2:
        raise WindowError(
            f"{name}={tuple(items)!r} has {len(items)} value(s); it must be a pair (start, end) of "
            f"integer event days, {eg}"
        )
    bad = [x for x in items if not _is_int(x)]
    if bad:
        raise WindowError(
            f"{name}={tuple(items)!r} must hold integers (event days count sessions); got {bad[0]!r} "
            f"({type(bad[0]).__name__}): write whole numbers, {eg}"
        )
    lo, hi = int(items[0]), int(items[1])
    if lo > hi:
        raise WindowError(f"{name} {(lo, hi)} is reversed: write (start, end) with start <= end")
    return lo, hi


def check_options(func: Callable[..., Any], options: Mapping[str, Any], where: str) -> None:
    """Raise unless every keyword in ``options`` is a parameter of ``func``.

    Raises
    ------
    SpecificationError
        Naming the unknown option(s) and the accepted ones.
    """
    if not options:
        return
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    accepted = [
        n
        for n, p in params.items()
        if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        and n not in ("sample", "window")
    ]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise SpecificationError(
            f"unknown option(s) {unknown} for {where}; it accepts {sorted(accepted) or 'no options'}"
        )


# --------------------------------------------------------------------------- frames


def check_columns_unique(columns: pd.Index, name: str) -> None:
    """Raise :class:`DataError` when a column name occurs twice."""
    if columns.has_duplicates:
        dup = columns[columns.duplicated()][0]
        where = np.flatnonzero(columns == dup).tolist()
        raise DataError(
            f"{name} has the column {dup!r} more than once (positions {where}); keep one "
            f"({name}.loc[:, ~{name}.columns.duplicated()]) or rename them"
        )


def check_returns_frame(returns: object, name: str = "returns") -> pd.DataFrame:
    """``returns`` as a DataFrame (a Series becomes one column), non-empty, columns unique.

    Raises
    ------
    SpecificationError
        Not a DataFrame or Series (a numpy array has no dates).
    DataError
        No columns, no rows, or a column name twice.
    """
    if isinstance(returns, pd.Series):
        returns = returns.to_frame(name=returns.name if returns.name is not None else "asset")
    if not isinstance(returns, pd.DataFrame):
        raise SpecificationError(
            f"{name} must be a pandas DataFrame (DatetimeIndex, one column per asset); got "
            f"{type(returns).__name__}: wrap it, e.g. pd.DataFrame(values, index=dates, columns=names)"
        )
    if returns.shape[1] == 0:
        raise DataError(f"{name} has no columns (no assets); pass one column per asset")
    if returns.shape[0] == 0:
        raise DataError(f"{name} has no rows; pass returns covering the windows")
    check_columns_unique(returns.columns, name)
    return returns


def check_market(market: object, name: str = "market") -> pd.Series | None:
    """The market as a Series: ``None`` passes, a one-column DataFrame is squeezed.

    Raises
    ------
    SpecificationError
        Anything else (a numpy array or list has no dates; a several-column frame is ambiguous).
    """
    if market is None or isinstance(market, pd.Series):
        return market
    if isinstance(market, pd.DataFrame):
        if market.shape[1] == 1:
            col = market.columns[0]
            return market.iloc[:, 0].rename(col)
        raise SpecificationError(
            f"{name} is a DataFrame with {market.shape[1]} columns {list(market.columns)[:5]}; pass one "
            f"Series, e.g. {name}=returns['^GSPC'] (several regressors: model='factor', factors=frame)"
        )
    raise SpecificationError(
        f"{name} must be a pandas Series of returns indexed by date; got {type(market).__name__}: "
        f"wrap it, e.g. pd.Series(values, index=dates, name='^GSPC')"
    )


def check_factors(factors: object) -> pd.DataFrame | None:
    """Factors as a DataFrame: ``None`` passes; a Series is one factor (named by its name).

    Raises
    ------
    SpecificationError
        Not a DataFrame or Series, no columns, or a column name twice.
    """
    if factors is None:
        return None
    if isinstance(factors, pd.Series):
        return factors.to_frame(name=factors.name if factors.name is not None else "factor")
    if not isinstance(factors, pd.DataFrame):
        raise SpecificationError(
            f"factors must be a pandas DataFrame of factor returns indexed by date (one column per "
            f"factor) or a Series (one factor); got {type(factors).__name__}"
        )
    if factors.shape[1] == 0:
        raise SpecificationError("factors has no columns; pass one column per factor")
    try:
        check_columns_unique(factors.columns, "factors")
    except DataError as exc:
        raise SpecificationError(str(exc)) from None
    return factors


# --------------------------------------------------------------------------- warnings


def warn_or_raise(
    message: str, category: type[Warning], error: type[Exception], strict: bool, stacklevel: int = 3
) -> None:
    """Warn with ``category``, or raise ``error`` with the same message when ``strict``."""
    if strict:
        raise error(f"{message} (strict mode: this warning is an error)")
    warnings.warn(message, category, stacklevel=stacklevel + 1)


def check_units(
    values: np.ndarray, labels: Sequence[str], name: str, strict: bool = False, stacklevel: int = 3
) -> None:
    """Warn when columns of ``values`` look like prices, or like returns in percent.

    Rule (per column, over the finite values): all positive with mean above
    :data:`PRICE_LEVEL` -> prices; else mean ``|r|`` above :data:`PERCENT_LEVEL` -> percent.
    Daily decimal returns average ``|r|`` of 0.01-0.03 (crypto included), far below both.

    Parameters
    ----------
    values : ndarray, shape (n, k)
        The observations a study uses (estimation window).
    labels : sequence of str
        Column names for the message.
    name : str
        Argument name (``"returns"``, ``"market"``, ``"factors"``).
    strict : bool
        Raise :class:`DataError` instead of warning.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim == 1:
        v = v[:, None]
    if v.size == 0:
        return
    mean_abs = np.abs(v).mean(axis=0)  # one pass; a NaN or inf anywhere in a column shows up here
    if np.isfinite(mean_abs).all():
        n = np.full(v.shape[1], v.shape[0])
        all_pos = np.zeros(v.shape[1], dtype=bool)
        big = mean_abs > PRICE_LEVEL  # only these columns can be prices: look at their signs alone
        if big.any():
            all_pos[big] = (v[:, big] > 0).all(axis=0)
    else:
        fin = np.isfinite(v)
        n = fin.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_abs = np.abs(np.where(fin, v, 0.0)).sum(axis=0) / n
            all_pos = (np.where(fin, v, 1.0) > 0).all(axis=0)
    prices = (n > 0) & all_pos & (mean_abs > PRICE_LEVEL)
    percent = (n > 0) & ~prices & (mean_abs > PERCENT_LEVEL)
    messages = (
        (
            prices,
            lambda who, m: (
                f"{name} look like prices, not returns: {who} are all positive with a mean of "
                f"{m:.4g}; convert them first with es.to_returns(prices)"
            ),
        ),
        (
            percent,
            lambda who, m: (
                f"{name} look like percent, not decimals: mean |value| of {who} is {m:.4g} "
                f"(daily decimal returns average about 0.01-0.03); divide by 100"
            ),
        ),
    )
    for mask, message in messages:
        if mask.any():
            cols = np.flatnonzero(mask)
            who = [str(labels[j]) for j in cols]
            warn_or_raise(
                message(who[:5], mean_abs[int(cols[0])]), UnitsWarning, DataError, strict, stacklevel
            )


def check_market_calendar(
    market: pd.Series, asset_calendars: Mapping[str, str], strict: bool = False, stacklevel: int = 3
) -> None:
    """Warn when a market with weekend returns is paired with session-traded assets.

    Reindexing such a market (a 24/7 coin, or a series with vendor weekend rows) onto an
    exchange's sessions drops its weekend returns, so each Monday's market return misses
    the weekend move.

    Parameters
    ----------
    market : Series
        Market returns.
    asset_calendars : mapping
        Calendar of each asset (``"24/7"`` for always-open assets).
    strict : bool
        Raise :class:`CalendarGapError` instead of warning.
    """
    exch = sorted({c for c in asset_calendars.values() if c != "24/7"})
    if not exch:
        return
    idx = market.index[market.notna().to_numpy()]
    if not isinstance(idx, pd.DatetimeIndex) or idx.empty:
        return
    weekend = idx[idx.day_of_week >= 5]
    if weekend.empty:
        return
    who = [a for a, c in asset_calendars.items() if c != "24/7"]
    mname = market.name if market.name is not None else "market"
    warn_or_raise(
        f"market {mname} has returns on {len(weekend)} weekend day(s) (e.g. {weekend[0]:%Y-%m-%d}), but "
        f"{who[:3]}{' ...' if len(who) > 3 else ''} trade on {', '.join(exch)} sessions: those weekend "
        "returns would be dropped and each Monday's market return would miss the weekend. Use an "
        "exchange-traded market, or compound it onto the sessions first: "
        f"es.align_returns(market.to_frame(), policy='market', market_calendar={exch[0]!r})",
        CalendarMismatchWarning,
        CalendarGapError,
        strict,
        stacklevel,
    )


def check_event_mapping(
    columns: Sequence[str], event_date: object, strict: bool = False, stacklevel: int = 3
) -> None:
    """Warn when an ``event_date`` mapping names only some of the return columns.

    The columns without a date would otherwise be left out of the study silently.
    """
    if not isinstance(event_date, Mapping | pd.Series):
        return
    keys = {str(k) for k in (event_date.keys() if isinstance(event_date, Mapping) else event_date.index)}
    if not keys:
        raise SpecificationError(
            "event_date is an empty mapping; give {asset: 'YYYY-MM-DD'} for the assets to study"
        )
    left = [c for c in map(str, columns) if c not in keys]
    if left and len(keys & set(map(str, columns))) > 0:
        n = len(list(columns))
        warn_or_raise(
            f"event_date names {n - len(left)} of the {n} return columns; the other {len(left)} "
            f"({left[:5]}{' ...' if len(left) > 5 else ''}) are left out of the study. Give them dates, "
            "or select the columns you mean first (returns[[...]])",
            PartialEventMappingWarning,
            SpecificationError,
            strict,
            stacklevel,
        )


# --------------------------------------------------------------------------- results


def check_residual_variance(
    sigma: np.ndarray,
    y_est: np.ndarray,
    labels: Sequence[str],
    model: str,
    market: pd.Series | str | None = None,
    m_est: np.ndarray | None = None,
) -> None:
    """Refuse a normal-return fit whose residual variance is zero, rounding noise or not finite.

    A residual variance below ``REL_VARIANCE_FLOOR * var(r)`` or ``ABS_VARIANCE_FLOOR`` makes
    every standardized statistic a ratio of rounding errors (a t of -4.4 from 1e-18 noise, or
    NaN for the whole study).

    Parameters
    ----------
    sigma : ndarray, shape (K,)
        Residual standard deviations.
    y_est : ndarray, shape (L, K)
        Estimation-window returns (for ``market_adjusted``: returns minus the market).
    labels : sequence of str
        Pair labels for the message.
    model : str
        Normal-return model (chooses the likely cause).
    market : Series or str, optional
        The market series (or its name), for the message.
    m_est : ndarray, shape (L, K), optional
        Market returns on the same rows (tells "the market itself" from "a leveraged copy").

    Raises
    ------
    SpecificationError
        Naming the asset(s) and the likely cause.
    """
    s2 = np.asarray(sigma, dtype=float) ** 2
    y = np.asarray(y_est, dtype=float)
    var_r = y.var(axis=0, ddof=1) if y.shape[0] > 1 else np.zeros(y.shape[1])
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(s2) | (s2 <= ABS_VARIANCE_FLOOR) | (s2 <= REL_VARIANCE_FLOOR * var_r)
    if not bad.any():
        return
    idx = np.flatnonzero(bad)
    j = int(idx[0])
    who = str(labels[j])
    others = f" ({len(idx)} pair(s): {[str(labels[i]) for i in idx[:5]]})" if idx.size > 1 else ""
    market_name = market.name if isinstance(market, pd.Series) else market
    mk = str(market_name) if market_name is not None else "the market"
    if not np.isfinite(s2[j]):
        cause = "its residual variance is not finite: check for inf/NaN returns or an extreme ddof"
        raise SpecificationError(f"{who}{others}: {cause}")
    if var_r[j] <= ABS_VARIANCE_FLOOR:
        what = "against the market" if model not in _NO_MARKET else f"under model={model!r}"
        raise SpecificationError(
            f"{who} has zero residual variance {what}{others}: its returns are constant over the "
            "estimation window (a stale or constant price?); drop it or fix the data"
        )
    if model == "market_adjusted":
        cause = f"it equals {mk} over the estimation window: is the market among the assets?"
    elif model not in _NO_MARKET:  # market model, GARCH, lead-lag (Scholes-Williams, Dimson) models
        same = who == str(market_name) or (
            m_est is not None and np.allclose(y[:, j], m_est[:, j], rtol=1e-12, atol=1e-15)
        )
        cause = (
            f"it equals {mk} over the estimation window: is the market among the assets?"
            if same
            else f"it is an exact linear function of {mk} (R^2 = 1): a leveraged copy of the market?"
        )
    elif model == "factor":
        cause = "it is an exact combination of the factors: is a factor among the assets?"
    else:
        cause = "its returns do not vary beyond rounding noise (a stale price?)"
    raise SpecificationError(
        f"{who} has zero residual variance against the {'market' if model != 'factor' else 'factors'}"
        f"{others} (sigma = {np.sqrt(max(s2[j], 0.0)):.3g}): {cause} Drop it from the assets; "
        "its abnormal returns would be rounding noise"
    )


def overlapping_events(assets: Sequence[str], est_dates: np.ndarray, evt_dates: np.ndarray) -> np.ndarray:
    """Which pairs' estimation windows contain the event window of another event of the same asset.

    Parameters
    ----------
    assets : sequence of str, length K
        Asset of each asset-event pair.
    est_dates, evt_dates : ndarray of datetime64, shapes (L, K), (T, K)
        Calendar dates of each pair's estimation and event rows (sorted within a column).

    Returns
    -------
    ndarray of bool, shape (K,)
        True where an event window of another pair of the same asset intersects the pair's
        estimation window (``O(K log K)``: one sorted search over all pairs, no pairwise matrix).
    """
    a = np.asarray(assets).astype(str)
    K = a.size
    out = np.zeros(K, dtype=bool)
    if K < 2 or np.unique(a).size == K:
        return out

    def days(x: np.ndarray) -> np.ndarray:  # calendar-day numbers
        return np.asarray(x, dtype="datetime64[D]").astype("int64")

    es0, es1 = days(est_dates[0]), days(est_dates[-1])
    ev0, ev1 = days(evt_dates[0]), days(evt_dates[-1])
    _, code = np.unique(a, return_inverse=True)
    # one sorted key per asset: code * span + day, so a single binary search covers every asset
    base = min(es0.min(), ev0.min())
    span = int(max(es1.max(), ev1.max()) - base) + 2
    off = code.astype("int64") * span - base
    starts, ends = np.sort(ev0 + off), np.sort(ev1 + off)
    hi = np.searchsorted(starts, es1 + off, side="right")  # events of the asset starting <= estimation end
    lo = np.searchsorted(ends, es0 + off, side="left")  # ... ending before the estimation start
    out[:] = (hi - lo) > 0
    return out


# --------------------------------------------------------------------------- EventStudy glue


def validate_study_inputs(study: Any) -> None:
    """Validate and normalise the arguments of an :class:`~eventstudy.EventStudy` in place.

    ``returns`` becomes a DataFrame (a Series: one column), ``market`` a Series (a
    one-column DataFrame is squeezed), ``factors`` a DataFrame (a Series: one factor), the
    windows tuples of ``int``; ``ddof``, ``seed``, ``min_estimation`` and ``events`` are
    type-checked (see the module docstring). Called from ``EventStudy.__post_init__``.
    """
    put = object.__setattr__
    put(study, "returns", check_returns_frame(study.returns))
    put(study, "market", check_market(study.market))
    put(study, "factors", check_factors(study.factors))
    est = check_window(study.estimation_window, "estimation_window")
    put(study, "estimation_window", est)
    put(study, "event_window", check_window(study.event_window, "event_window"))
    check_int(study.min_estimation, "min_estimation", minimum=1, example="100")
    check_seed(study.seed)
    if study.ddof is not None:
        ddof = check_int(study.ddof, "ddof", minimum=0, example="1")
        n_est = est[1] - est[0] + 1
        if ddof >= n_est:
            raise SpecificationError(
                f"ddof={ddof} must be smaller than the estimation-window length L={n_est} "
                "(the residual variance divides by L - ddof); use ddof=1 or 2"
            )
    if study.events is not None:
        if not isinstance(study.events, pd.DataFrame):
            raise SpecificationError(
                "events must be a DataFrame with columns 'asset' and 'event_date'; got "
                f"{type(study.events).__name__}"
            )
        if len(study.events) == 0:
            raise SpecificationError(
                "events is empty (no asset-event rows); pass at least one row (asset, event_date)"
            )


def check_market_calendar_lazy(
    market: pd.Series,
    assets: Sequence[str],
    calendars: Mapping[str, str] | None,
    strict: bool = False,
    stacklevel: int = 3,
) -> None:
    """:func:`check_market_calendar`, looking calendars up only when the market has weekend dates."""
    idx = market.index
    if not isinstance(idx, pd.DatetimeIndex) or not (idx[market.notna().to_numpy()].day_of_week >= 5).any():
        return
    from .calendars import calendar_for

    calendars = calendars or {}
    used = pd.unique(np.asarray(assets, dtype=object))
    check_market_calendar(
        market, {str(a): calendars.get(a) or calendar_for(str(a)) for a in used}, strict, stacklevel + 1
    )


def check_panel_units(
    panel: Any, model: str, market: pd.Series | None, strict: bool = False, stacklevel: int = 3
) -> None:
    """:func:`check_units` on the estimation-window returns, market and factors a study uses.

    Also refuses, before any fit, an asset whose estimation-window returns are constant
    (zero variance: a stale or constant price), which no model can standardize.
    """
    y = np.asarray(panel.y_est, dtype=float)
    if y.shape[0] > 1:
        # var >= range**2 / (2 n): only columns whose range passes that bound can have var <= floor,
        # so the exact variance is computed for those alone (a NaN range keeps the column a candidate)
        rng = np.ptp(y, axis=0)
        cand = ~(rng**2 > 2 * y.shape[0] * ABS_VARIANCE_FLOOR)
        flat = np.zeros(y.shape[1], dtype=bool)
        if cand.any():
            flat[cand] = y[:, cand].var(axis=0) <= ABS_VARIANCE_FLOOR
        if flat.any():
            idx = np.flatnonzero(flat)
            who = [str(panel.labels[i]) for i in idx[:5]]
            raise SpecificationError(
                f"{who[0]} has zero residual variance under model={model!r}"
                f"{f' ({idx.size} pair(s): {who})' if idx.size > 1 else ''}: its returns are constant "
                f"({y[0, idx[0]]:g} on every day of the estimation window; a stale or constant price?). "
                "Drop it or fix the data"
            )
    if panel.m_est is not None and model not in ("constant_mean", "factor") and y.shape[0] > 1:
        same = (y == panel.m_est).all(axis=0)  # the market left among the assets: every model degenerates
        if same.any():
            who = [str(panel.labels[i]) for i in np.flatnonzero(same)[:5]]
            name = str(market.name) if market is not None and market.name is not None else "the market"
            raise SpecificationError(
                f"{who[0]} has zero residual variance against the market: its returns equal {name} on every "
                f"day of the estimation window (pairs {who}): is the market among the assets? Drop it"
            )
    check_units(panel.y_est, panel.labels, "returns", strict, stacklevel + 1)
    if panel.m_est is not None and model not in ("constant_mean", "factor"):
        name = str(market.name) if market is not None and market.name is not None else "market"
        check_units(panel.m_est[:, :1], [name], "market returns", strict, stacklevel + 1)
    if panel.f_est is not None and model == "factor":
        check_units(panel.f_est[:, 0, :], panel.factor_names, "factors", strict, stacklevel + 1)


def _contaminated(assets: np.ndarray, dates: np.ndarray, evt_dates: np.ndarray) -> np.ndarray:
    """``(n, K)`` mask: date ``dates[r, k]`` lies in the event window of another event of pair k's asset.

    One sorted search over every (row, pair): event windows keyed ``asset code * span + day``.
    A pair's own event window never meets its estimation rows (the windows are disjoint).
    """

    def days(x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype="datetime64[D]").astype("int64")

    _, code = np.unique(assets.astype(str), return_inverse=True)
    d, ev0, ev1 = days(dates), days(evt_dates[0]), days(evt_dates[-1])
    base = int(min(d.min(), ev0.min()))
    span = int(max(d.max(), ev1.max())) - base + 2
    off = code.astype("int64") * span - base
    starts, ends = np.sort(ev0 + off), np.sort(ev1 + off)
    key = d + off[None, :]
    inside = np.searchsorted(starts, key, side="right") - np.searchsorted(ends, key, side="left")
    return inside > 0


def _exclude_days(panel: Any, pairs: pd.DataFrame, build: Callable[..., Any], est: tuple[int, int]) -> Any:
    """The panel with each pair's contaminated estimation days replaced by earlier clean sessions."""
    import dataclasses

    from .errors import EventOutOfRangeError

    L = panel.est_days.size
    assets = np.asarray(panel.assets, dtype=object)
    extra = 0
    for _ in range(8):  # extend until every pair has L clean days (a few rounds at most)
        bad = _contaminated(assets, panel.dates_est, panel.dates_evt)
        clean = ~bad
        short = L - clean.sum(axis=0)
        if (short <= 0).all():
            break
        extra += int(short.max())
        try:
            panel = build(pairs, (est[0] - extra, est[1]))
        except EventOutOfRangeError as exc:
            raise EventOutOfRangeError(
                f"overlap='exclude_days' needs {extra} more sessions before the estimation window to replace "
                f"the days inside other events' windows: {exc}. Load earlier data, or use "
                "overlap='drop_event' / 'drop_asset'"
            ) from None
    else:  # pragma: no cover - needs more than 8 rounds of nested events
        raise SpecificationError(
            "overlap='exclude_days' could not find clean estimation days; use 'drop_event'"
        )
    # the last L clean rows of each pair, in time order
    from_end = np.cumsum(clean[::-1], axis=0)[::-1]
    take = clean & (from_end <= L)
    rows = np.argsort(~take, axis=0, kind="stable")[:L]  # selected rows first, order kept
    pick = lambda a: None if a is None else np.take_along_axis(a, rows, axis=0)  # noqa: E731
    f_est = None
    if panel.f_est is not None:
        f_est = np.take_along_axis(panel.f_est, rows[:, :, None], axis=0)
    return dataclasses.replace(
        panel,
        est_days=np.arange(est[0], est[1] + 1),
        y_est=pick(panel.y_est),
        m_est=pick(panel.m_est),
        f_est=f_est,
        dates_est=pick(panel.dates_est),
    )


def apply_overlap_policy(
    panel: Any,
    pairs: pd.DataFrame,
    policy: str,
    build: Callable[..., Any],
    stacklevel: int = 3,
) -> Any:
    """Apply ``EventStudy(overlap=policy)`` to a built panel of several events per asset.

    An asset-event pair is *contaminated* when its estimation window contains a day of the
    event window of another event of the same asset: that event's abnormal returns would
    inflate sigma and bias the normal-return parameters.

    Parameters
    ----------
    panel : EventTimePanel
        The panel built from ``pairs``.
    pairs : DataFrame
        Columns ``asset``, ``event_date``.
    policy : {"warn", "ignore", "exclude_days", "drop_event", "drop_asset"}
        ``"warn"``: :class:`~eventstudy.errors.OverlappingEventsWarning` naming the pairs;
        ``"exclude_days"``: each pair's estimation window skips the contaminated days and
        reaches back for as many earlier clean sessions (still ``L`` days, ending on the same
        last clean session; ``est_days`` keeps the nominal labels); ``"drop_event"``: drop
        the contaminated pairs; ``"drop_asset"``: drop every pair of an asset with one.
    build : callable
        ``build(pairs, estimation_window=None)`` -> panel (rebuilds after dropping/extending).

    Returns
    -------
    EventTimePanel

    Raises
    ------
    SpecificationError
        The policy would drop every pair.
    EventOutOfRangeError
        ``"exclude_days"`` runs out of data before the extended window.
    """
    from .errors import OverlappingEventsWarning

    assets = np.asarray(panel.assets, dtype=object)
    if policy == "ignore" or pd.unique(assets).size == assets.size:
        return panel
    hit = overlapping_events(assets, panel.dates_est, panel.dates_evt)
    if not hit.any():
        return panel
    who = [lab for lab, h in zip(panel.labels, hit, strict=True) if h]
    if policy == "warn":
        warnings.warn(
            f"{len(who)} asset-event pair(s) have another event of the same asset inside their "
            f"estimation window (e.g. {who[:3]}): its abnormal returns inflate sigma and bias the "
            "normal-return parameters. Pass overlap='exclude_days' (estimate on clean days only), "
            "'drop_event' (drop those pairs), 'drop_asset' (drop every event of such assets) or 'ignore'",
            OverlappingEventsWarning,
            stacklevel=stacklevel + 1,
        )
        return panel
    if policy == "exclude_days":
        est = (int(panel.est_days[0]), int(panel.est_days[-1]))
        return _exclude_days(panel, pairs, build, est)
    drop = hit if policy == "drop_event" else np.isin(assets, assets[hit])
    if drop.all():
        raise SpecificationError(
            f"overlap={policy!r} drops every asset-event pair (all {drop.size} estimation windows "
            "contain another event); shorten estimation_window or use overlap='exclude_days'"
        )
    return build(pairs.loc[~drop].reset_index(drop=True))


def resolve_data_calendars(returns: pd.DataFrame, calendars: Mapping[str, str]) -> dict[str, str]:
    """Replace each ``"data"`` entry of ``calendars`` by a calendar of that column's own dates.

    Raises
    ------
    UnknownSymbolError
        A ``"data"`` entry names no column of ``returns``.
    """
    from .calendars import data_calendar
    from .errors import UnknownSymbolError

    out = dict(calendars)
    cols = {str(c): c for c in returns.columns}
    for asset, name in calendars.items():
        if name != "data":
            continue
        if str(asset) not in cols:
            raise UnknownSymbolError(
                f"calendars={{{asset!r}: 'data'}} names no column of returns; columns are {list(cols)[:8]}"
            )
        s = returns[cols[str(asset)]]
        out[asset] = data_calendar(str(asset), s.index[s.notna().to_numpy()])
    return out


def check_batch_variance(
    ssr: np.ndarray, sst: np.ndarray, assets: Sequence[str], events: Sequence[Any], market: str | None = None
) -> None:
    """:func:`check_residual_variance` for ``batch_study``: ``ssr``, ``sst`` of shape (N, c).

    Raises
    ------
    SpecificationError
        An asset whose residual sum of squares is zero, rounding noise (below
        ``REL_VARIANCE_FLOOR * SST``) or not finite at some event, naming asset and event.
    """
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(ssr) | (ssr <= ABS_VARIANCE_FLOOR) | (ssr <= REL_VARIANCE_FLOOR * sst)
    if not bad.any():
        return
    i, e = (int(v[0]) for v in np.nonzero(bad))
    n_assets = int(bad.any(axis=1).sum())
    who = str(assets[i])
    when = pd.Timestamp(events[e])
    mk = market or "the market"
    if not np.isfinite(sst[i, e]) or sst[i, e] <= ABS_VARIANCE_FLOOR:
        cause = "its returns are constant over the estimation window (a stale or constant price?)"
    elif who == str(market):
        cause = f"it is {mk} itself: is the market among the assets?"
    else:
        cause = (
            f"it is an exact linear function of {mk} (R^2 = 1): is the market (or a copy) among the assets?"
        )
    raise SpecificationError(
        f"{who} has zero residual variance against the market for the event {when:%Y-%m-%d}"
        f"{f' ({n_assets} asset(s) affected)' if n_assets > 1 else ''}: {cause} Drop it from the assets; "
        "its standardized abnormal returns would be rounding noise"
    )
