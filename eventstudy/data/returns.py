"""Prices to returns, with checks for invalid prices and unadjusted stock splits."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import (
    DataError,
    InvalidPriceError,
    SpecificationError,
    SuspectedSplitError,
)
from ..validation import check_columns_unique, check_date_index

__all__ = ["to_returns", "SPLIT_FACTORS"]

#: One-day price ratios that look like an unadjusted split (and their reciprocals).
SPLIT_FACTORS: tuple[float, ...] = (2.0, 3.0, 4.0, 5.0, 10.0, 20.0)


def _allowed_mask(frame: pd.DataFrame, allow_jumps: Iterable[tuple[str, object]]) -> np.ndarray:
    mask = np.zeros(frame.shape, dtype=bool)
    cols = {c: j for j, c in enumerate(frame.columns)}
    for item in allow_jumps:
        try:
            sym, when = item
        except (TypeError, ValueError):
            raise SpecificationError(
                f"allow_jumps entries must be (symbol, 'YYYY-MM-DD') pairs, got {item!r}"
            ) from None
        if sym not in cols:
            continue
        ts = pd.Timestamp(when)  # type: ignore[arg-type]
        rows = np.flatnonzero(frame.index.normalize() == ts.normalize())
        mask[rows, cols[sym]] = True
    return mask


def to_returns(
    prices: pd.DataFrame | pd.Series,
    kind: str = "simple",
    split_check: bool = True,
    split_tolerance: float = 0.02,
    allow_jumps: Iterable[tuple[str, object]] = (),
) -> pd.DataFrame | pd.Series:
    """Convert prices to simple or log returns, column by column.

    Parameters
    ----------
    prices : DataFrame or Series
        Wide prices (DatetimeIndex, one column per symbol). NaN means "no observation that
        date" (a stock on a weekend next to crypto).
    kind : {"simple", "log"}, default "simple"
        ``p_t / p_prev - 1`` or ``log(p_t / p_prev)``.
    split_check : bool, default True
        Raise :class:`SuspectedSplitError` on a one-day price ratio within
        ``split_tolerance`` (relative) of 2, 3, 4, 5, 10, 20 or their reciprocals.
    split_tolerance : float, default 0.02
        Relative tolerance of the split check (0.02: a ratio in [0.49, 0.51] is flagged as 1:2).
    allow_jumps : iterable of (symbol, date), optional
        Known genuine jumps exempt from the split check, e.g. ``[("XYZ", "2024-06-10")]``.

    Returns
    -------
    DataFrame or Series
        Same shape as ``prices`` minus the first row. Each column's return at a date uses
        that column's previous non-NaN price (a stock's Friday->Monday return is one return
        even when the frame also holds weekend rows for crypto); NaN where the column has no
        price that date, and at its first observation.

    Raises
    ------
    InvalidPriceError
        A price is infinite, zero or negative, or NaN on a row where no column has a price
        (a missing observation rather than a non-trading day); names symbol and date.
    SuspectedSplitError
        A ratio looks like an unadjusted split; names symbol, date, ratio and the overrides.
    SpecificationError
        Unknown ``kind`` or malformed ``allow_jumps``.
    """
    if kind not in ("simple", "log"):
        raise SpecificationError(f"kind must be 'simple' or 'log', not {kind!r}")
    if split_tolerance < 0:
        raise SpecificationError(f"split_tolerance must be >= 0, got {split_tolerance}")
    is_series = isinstance(prices, pd.Series)
    frame = prices.to_frame(name=prices.name if prices.name is not None else 0) if is_series else prices
    if not isinstance(frame, pd.DataFrame):
        raise SpecificationError(f"prices must be a DataFrame or Series, got {type(prices).__name__}")
    if len(frame) < 2:
        raise DataError(f"need at least two rows of prices to form returns, got {len(frame)}")
    check_columns_unique(frame.columns, "prices")
    if isinstance(frame.index, pd.DatetimeIndex):
        check_date_index(frame.index, "prices", allow_tz=True)
    non_numeric = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if non_numeric:
        col = non_numeric[0]
        coerced = pd.to_numeric(frame[col], errors="coerce")
        bad_at = frame.index[coerced.isna() & frame[col].notna()]
        where = f" (first on {bad_at[0]})" if len(bad_at) else ""
        raise DataError(
            f"prices must be numeric: column {col!r} holds text{where}; parse it as numbers first"
        )
    try:
        values = frame.to_numpy(dtype="float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"prices must be numeric: {exc}") from None

    # Invalid values: inf / non-positive anywhere; NaN only inside a column's span on an
    # otherwise empty row (with a single column: any interior NaN).
    nan = np.isnan(values)
    bad = np.isinf(values) | (~nan & (values <= 0))
    observed = ~nan
    after_first = np.maximum.accumulate(observed, axis=0)
    before_last = np.maximum.accumulate(observed[::-1], axis=0)[::-1]
    empty_row = ~observed.any(axis=1)
    bad |= nan & after_first & before_last & empty_row[:, None]
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InvalidPriceError(
            f"invalid price for {frame.columns[j]} on {frame.index[i]}: {values[i, j]!r} "
            f"({int(bad.sum())} invalid value(s)); prices must be finite and positive, and a "
            "missing day must be a missing row, not a NaN. Fix or drop those rows"
        )

    prev = pd.DataFrame(values, index=frame.index, columns=frame.columns).ffill().shift(1).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = values / prev  # NaN where no price today or no earlier price

    if split_check:
        factors = np.array([*SPLIT_FACTORS, *(1.0 / f for f in SPLIT_FACTORS)])
        with np.errstate(invalid="ignore"):
            near = (np.abs(ratio[..., None] / factors - 1.0) <= split_tolerance).any(axis=-1)
        near &= ~_allowed_mask(frame, allow_jumps)
        if near.any():
            hits = np.argwhere(near)
            i, j = hits[0]
            sym, day = frame.columns[j], pd.Timestamp(frame.index[i])
            raise SuspectedSplitError(
                f"suspected unadjusted split in {sym} on {day.date()}: price ratio {ratio[i, j]:.4f} "
                f"({prev[i, j]:g} -> {values[i, j]:g}; {len(hits)} suspect day(s) in total). Use "
                f"split-adjusted prices, or if the move is real pass allow_jumps=[({str(sym)!r}, "
                f"'{day.date()}')] (or split_check=False)"
            )

    out = ratio - 1.0 if kind == "simple" else np.log(ratio)
    result = pd.DataFrame(out, index=frame.index, columns=frame.columns).iloc[1:]
    if is_series:
        return result.iloc[:, 0].rename(prices.name)
    return result
