"""Factor returns for the factor models: Fama-French online, or a user's file.

The snapshot holds no Fama-French factors covering 2025, so the factor models take
them from pandas-datareader (Kenneth French's data library; extra ``online``) or from
a CSV the user supplies. Both are returned in the same shape: a DataFrame of decimal
returns (French publishes percent) on a tz-naive DatetimeIndex named ``date``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, SpecificationError
from ..validation import check_date_index

__all__ = ["load_factors", "FAMA_FRENCH_DAILY"]

#: Daily Fama-French datasets of pandas-datareader's ``famafrench`` reader.
FAMA_FRENCH_DAILY: dict[str, str] = {
    "ff3": "F-F_Research_Data_Factors_daily",
    "ff5": "F-F_Research_Data_5_Factors_2x3_daily",
    "momentum": "F-F_Momentum_Factor_daily",
}


def _validate(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    check_date_index(frame.index, what)
    bad = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise DataError(f"{what} has non-numeric factor column(s) {bad}")
    values = frame.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        r, c = np.argwhere(~np.isfinite(values))[0]
        raise DataError(f"{what} has a missing or infinite {frame.columns[c]} on {frame.index[r]:%Y-%m-%d}")
    return frame


def load_factors(
    source: str | os.PathLike[str] = "ff3",
    start: object = None,
    end: object = None,
    percent: bool = True,
) -> pd.DataFrame:
    """Daily factor returns in decimals.

    Parameters
    ----------
    source : str or path
        ``"ff3"``, ``"ff5"`` or ``"momentum"`` (Fama-French daily files through
        ``pandas_datareader``; needs network and the ``online`` extra), or the path of a
        CSV with a ``date`` column and one column per factor.
    start, end : date-like, optional
        Inclusive range.
    percent : bool
        The values are in percent (as French publishes them) and are divided by 100.

    Returns
    -------
    DataFrame
        Decimal factor returns, DatetimeIndex ``date``.

    Raises
    ------
    DataError
        Missing ``date`` column, text in a factor column, a missing value, duplicated or
        unsorted dates, or a file that does not exist.
    SpecificationError
        An unknown dataset name, or pandas-datareader not installed.
    """
    if isinstance(source, str) and source in FAMA_FRENCH_DAILY:
        try:
            from pandas_datareader.famafrench import FamaFrenchReader
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise SpecificationError(
                "Fama-French factors online need pandas-datareader: pip install 'deepseek-eventstudy[online]'"
            ) from exc
        raw = FamaFrenchReader(FAMA_FRENCH_DAILY[source], start=start, end=end).read()[0]
        frame = raw.copy()
        frame.index = pd.DatetimeIndex(pd.to_datetime(frame.index.astype(str)), name="date")
        what = f"Fama-French {source}"
    else:
        path = Path(source)
        if not path.is_file():
            known = ", ".join(FAMA_FRENCH_DAILY)
            raise DataError(f"factor file '{path}' does not exist (or pass one of the datasets: {known})")
        frame = pd.read_csv(path)
        if "date" not in frame.columns:
            raise DataError(f"factor file '{path}' needs a 'date' column; it has {list(frame.columns)}")
        try:
            frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop("date"), format="ISO8601"), name="date")
        except (ValueError, TypeError) as exc:
            raise DataError(
                f"factor file '{path}': dates could not be parsed (use YYYY-MM-DD): {exc}"
            ) from exc
        what = f"factor file '{path.name}'"
    frame = _validate(frame, what)
    if start is not None:
        frame = frame.loc[pd.Timestamp(start) :]
    if end is not None:
        frame = frame.loc[: pd.Timestamp(end)]
    return frame / 100.0 if percent else frame
