"""Input checks shared by every module that takes dated data (no econometrics here)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import DataError, DuplicateDateError, UnsortedDataError

__all__ = ["check_date_index"]


def check_date_index(index: pd.Index, name: str, allow_tz: bool = False) -> None:
    """Raise unless ``index`` is a sorted DatetimeIndex without duplicated dates.

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
        Not a DatetimeIndex, or time-zone-aware when dates are expected.
    DuplicateDateError
        A date occurs twice (the first one is named).
    UnsortedDataError
        Dates are not increasing (the first inversion is named).
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(f"{name} must have a DatetimeIndex (dates); got {type(index).__name__}")
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
