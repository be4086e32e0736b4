"""Metric functions of the claims engine on tiny hand-made price and bar frames."""

from __future__ import annotations

import pandas as pd
import pytest

from eventstudy.claims import metrics as m
from eventstudy.errors import MissingDataError


@pytest.fixture
def closes() -> pd.Series:
    idx = pd.to_datetime(["2025-01-23", "2025-01-24", "2025-01-27", "2025-01-28", "2025-01-29"])
    return pd.Series([150.0, 140.0, 119.0, 129.0, 124.0], index=idx, name="XYZ")


def test_close_return_and_points(closes: pd.Series) -> None:
    # one day: 119 / 140 - 1 = -15%
    assert m.close_return(closes, "2025-01-27", "2025-01-27") == pytest.approx(-15.0)
    # three days from the 01-24 close: 124 / 140 - 1
    assert m.close_return(closes, "2025-01-27", "2025-01-29") == pytest.approx(100 * (124 / 140 - 1))
    assert m.index_points(closes, "2025-01-28", "2025-01-28") == pytest.approx(10.0)
    b0, p0, b1, p1 = m.base_and_end(closes, "2025-01-27", "2025-01-28")
    assert (b0, p0, b1, p1) == (pd.Timestamp("2025-01-24"), 140.0, pd.Timestamp("2025-01-28"), 129.0)


def test_close_return_needs_real_observations(closes: pd.Series) -> None:
    with pytest.raises(MissingDataError, match="XYZ has no price on 2025-01-25"):
        m.close_return(closes, "2025-01-25", "2025-01-27")  # a Saturday: never interpolated
    with pytest.raises(MissingDataError, match="before 2025-01-23"):
        m.close_return(closes, "2025-01-23", "2025-01-24")
    gap = closes.copy()
    gap.loc["2025-01-28"] = float("nan")
    with pytest.raises(MissingDataError):
        m.close_return(gap, "2025-01-28", "2025-01-28")


def test_market_value_and_shares_in_force(closes: pd.Series) -> None:
    counts = [
        m.SharesCount("XYZ", pd.Timestamp("2024-11-15"), 24.49, "10-Q"),
        m.SharesCount("XYZ", pd.Timestamp("2025-02-21"), 24.4, "10-K"),
    ]
    assert m.shares_in_force(counts, "2025-01-27").shares_bn == 24.49
    assert m.shares_in_force(counts, "2025-02-21").source == "10-K"
    assert m.shares_in_force(counts, "2025-02-28").shares_bn == 24.4
    with pytest.raises(MissingDataError, match="2024-11-15"):
        m.shares_in_force(counts, "2023-01-24")
    # (119 - 140) x 24.49 = -514.29 bn
    assert m.market_value_change(closes, "2025-01-27", "2025-01-27", 24.49) == pytest.approx(-21 * 24.49)
    assert m.market_value(closes, "2025-01-24", 24.49) == pytest.approx(140 * 24.49)
    assert "24.49 bn as of 2024-11-15 (10-Q)" in counts[0].describe()


def test_window_extreme() -> None:
    lows = pd.Series(
        [96000.0, 91400.0, 86000.0, 80525.0, 82611.0, 78219.0],
        index=pd.date_range("2025-02-23", periods=6, freq="D"),
        name="BTC",
    )
    assert m.window_extreme(lows, "2025-02-24", "2025-02-28") == (78219.0, pd.Timestamp("2025-02-28"))
    assert m.window_extreme(lows, "2025-02-23", "2025-02-24", "max") == (96000.0, pd.Timestamp("2025-02-23"))
    with pytest.raises(MissingDataError):
        m.window_extreme(lows, "2025-03-01", "2025-03-02")


@pytest.fixture
def bars() -> pd.DataFrame:
    ts = pd.to_datetime(
        ["2025-01-27 13:25", "2025-01-27 14:30", "2025-01-27 14:35", "2025-01-27 20:55", "2025-01-27 21:00"],
        utc=True,
    )
    return pd.DataFrame(
        {
            "timestamp": ts,
            "symbol": "XYZ",
            "open": [130.0, 124.0, 126.0, 119.0, 118.0],
            "high": [131.0, 128.0, 127.0, 120.0, 118.5],
            "low": [129.0, 123.0, 125.0, 116.0, 110.0],
            "close": [130.5, 126.0, 125.5, 119.0, 118.2],
            "volume": [1.0, 10.0, 5.0, 7.0, 1.0],
        }
    )


def test_regular_session_opening_gap_and_range(bars: pd.DataFrame) -> None:
    sess = m.regular_session(bars, "2025-01-27")
    # 13:25 UTC = 08:25 New York (pre-market) and 21:00 UTC = 16:00 (after the close) are excluded
    assert len(sess) == 3 and sess["open"].iloc[0] == 124.0
    assert m.opening_gap(sess, 140.0) == pytest.approx(100 * (124 / 140 - 1))
    lo, hi = m.intraday_range(sess, 140.0)
    assert lo == pytest.approx(100 * (116 / 140 - 1)) and hi == pytest.approx(100 * (128 / 140 - 1))
    assert m.nearest_in_range(-5.3, lo, hi) == pytest.approx(hi)  # never traded that high
    assert m.nearest_in_range(-12.0, lo, hi) == -12.0  # inside the range: the claim itself
    with pytest.raises(MissingDataError):
        m.regular_session(bars, "2025-01-28")


def test_weekly_returns_and_worst_week_since() -> None:
    days = pd.bdate_range("2022-08-22", "2022-10-07")
    prices = pd.Series(100.0, index=days, name="XYZ")
    prices.loc["2022-09-02"] = 84.0  # week ending 09-02: -16%
    prices.loc["2022-09-05":] = 90.0  # week ending 09-09: +7.14% (from 84)
    prices.loc["2022-09-16":] = 95.0
    prices.loc["2022-10-03":] = 80.0  # week ending 10-07: 80/95 - 1 = -15.79%
    w = m.weekly_returns(prices)
    assert w.loc["2022-09-02"] == pytest.approx(-16.0)
    assert w.loc["2022-10-07"] == pytest.approx(100 * (80 / 95 - 1))
    r, prev, prev_r = m.last_week_at_least_as_bad(prices, "2022-10-03")
    assert r == pytest.approx(100 * (80 / 95 - 1))
    assert prev == pd.Timestamp("2022-09-02") and prev_r == pytest.approx(-16.0)
    r2, none_date, none_r = m.last_week_at_least_as_bad(prices, "2022-09-02")
    assert none_date is None and none_r is None and r2 == pytest.approx(-16.0)
