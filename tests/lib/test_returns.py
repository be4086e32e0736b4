"""to_returns: arithmetic, per-column observations, invalid prices and the split check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventstudy.data import read_price_file, to_returns
from eventstudy.errors import InvalidPriceError, SpecificationError, SuspectedSplitError


def _frame(data: dict[str, list[float]], start: str = "2025-01-22") -> pd.DataFrame:
    n = len(next(iter(data.values())))
    return pd.DataFrame(data, index=pd.date_range(start, periods=n, freq="D", name="date"))


def test_series_in_series_out():
    s = pd.Series([10.0, 11.0, 9.9], index=pd.date_range("2025-01-01", periods=3), name="X")
    r = to_returns(s)
    assert isinstance(r, pd.Series) and r.name == "X"
    assert r.tolist() == pytest.approx([0.1, -0.1])


@pytest.mark.parametrize("bad", [0.0, -1.0, np.inf])
def test_invalid_prices(bad):
    f = _frame({"AAA": [10.0, 11.0, bad, 12.0]})
    with pytest.raises(InvalidPriceError, match=r"AAA.*2025-01-24"):
        to_returns(f)


def test_nan_on_empty_row_is_invalid_but_weekend_gap_is_not():
    with pytest.raises(InvalidPriceError, match="AAA"):
        to_returns(_frame({"AAA": [10.0, np.nan, 12.0]}))
    ok = to_returns(_frame({"AAA": [10.0, np.nan, 12.0], "BTC": [1.0, 1.1, 1.2]}))
    assert ok["AAA"].iloc[-1] == pytest.approx(0.2)


def test_bad_kind():
    with pytest.raises(SpecificationError):
        to_returns(_frame({"A": [1.0, 2.0]}), kind="pct")


@pytest.mark.parametrize(("after", "ratio"), [(50.5, 0.5), (10.1, 0.1), (303.0, 3.0), (5.06, 0.05)])
def test_suspected_split(after, ratio):
    f = _frame({"XYZ": [100.0, 101.0, after, after * 1.01]})
    with pytest.raises(SuspectedSplitError) as info:
        to_returns(f)
    msg = str(info.value)
    assert "XYZ" in msg and "2025-01-24" in msg and f"{after / 101.0:.4f}" in msg
    assert "allow_jumps" in msg
    r = to_returns(f, allow_jumps=[("XYZ", "2025-01-24")])
    assert r.loc["2025-01-24", "XYZ"] == pytest.approx(after / 101.0 - 1)
    assert to_returns(f, split_check=False).shape == (3, 1)
    assert abs(after / 101.0 / ratio - 1) <= 0.02


def test_ratio_outside_tolerance_not_flagged():
    f = _frame({"XYZ": [100.0, 47.0, 60.0]})  # 0.47: 6% away from 1:2
    assert to_returns(f).iloc[0, 0] == pytest.approx(-0.53)
    with pytest.raises(SuspectedSplitError):
        to_returns(f, split_tolerance=0.07)


def test_unadjusted_split_in_user_file(write_csv):
    text = "date,symbol,close\n2024-06-06,NV,1209.0\n2024-06-07,NV,1208.9\n2024-06-10,NV,121.79\n"
    long = read_price_file(write_csv(text, manifest=False))
    wide = long.pivot(index="date", columns="symbol", values="close")
    with pytest.raises(SuspectedSplitError, match=r"NV.*2024-06-10.*0\.1007"):
        to_returns(wide)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.7, max_value=1.3), min_size=2, max_size=30))
def test_log_returns_telescope(steps):
    prices = 100.0 * np.cumprod(steps)
    s = pd.Series(prices, index=pd.date_range("2020-01-01", periods=len(prices)))
    r = to_returns(s, kind="log", split_check=False)
    assert r.sum() == pytest.approx(np.log(prices[-1] / prices[0]), abs=1e-9)
    simple = to_returns(s, split_check=False)
    assert np.prod(1 + simple.to_numpy()) == pytest.approx(prices[-1] / prices[0], rel=1e-9)
