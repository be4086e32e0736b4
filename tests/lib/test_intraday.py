"""Intraday: the overnight/session split and the 5-minute event study, checked by hand on a SYNTHETIC
snapshot folder (tests/lib/synthetic.py). NVDA's real split on 2025-01-27 and 2025-02-27 and the
study on the real bars are in tests/app/test_depth_snapshot.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from synthetic import write_snapshot

import eventstudy as es
from eventstudy.errors import DataError, EventOutOfRangeError, SpecificationError


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """SYNTHETIC daily rows, 5-minute bars and yields with a sha256 manifest, usable as data_dir=."""
    return write_snapshot(tmp_path_factory.mktemp("synthetic_snapshot"))


def test_split_returns_by_hand(snapshot):
    t = es.intraday.split_returns("AAA", ["2025-01-27", "2025-02-27"], data_dir=snapshot).set_index("date")
    d = t.loc["2025-01-27"]
    # hand-written rows (synthetic.HAND_DAILY): close 2025-01-24 150.00; open 2025-01-27 130.00, close 123.50
    assert d["prev_close"] == 150.00 and d["open"] == 130.00 and d["close"] == 123.50
    assert d["prev_date"] == pd.Timestamp("2025-01-24")
    assert d["overnight"] == pytest.approx(-2 / 15, rel=1e-14)  # 130/150 - 1
    assert d["session"] == pytest.approx(-0.05, rel=1e-13)  # 123.5/130 - 1
    assert d["close_to_close"] == pytest.approx(123.5 / 150 - 1, rel=1e-13)
    assert (1 + d["overnight"]) * (1 + d["session"]) == pytest.approx(1 + d["close_to_close"], abs=1e-14)
    assert d["first_bar_open"] == 130.00  # the 09:30 bar opens at the daily open
    f = t.loc["2025-02-27"]  # close 2025-02-26 125.00, open 128.00, close 115.20
    assert f["overnight"] == pytest.approx(0.024, rel=1e-13)
    assert f["session"] == pytest.approx(-0.1, rel=1e-13)
    assert math.isnan(f["first_bar_open"])  # no 5-minute bars that day


def test_split_returns_rows_and_errors(snapshot):
    t = es.intraday.split_returns(["AAA", "MKT"], "2025-01-27", data_dir=snapshot)
    assert list(t["symbol"]) == ["AAA", "MKT"]
    with pytest.raises(DataError, match="no daily row on 2025-01-25"):
        es.intraday.split_returns("AAA", "2025-01-25", data_dir=snapshot)  # a Saturday
    with pytest.raises(DataError, match="no open price"):
        es.intraday.split_returns("CLO", "2025-01-27", data_dir=snapshot)  # close-only series
    with pytest.raises(SpecificationError, match="empty"):
        es.intraday.split_returns([], "2025-01-27", data_dir=snapshot)


@pytest.fixture(scope="module")
def bars(snapshot):
    return es.load_bars(["AAA", "MKT", "BBB"], start="2025-01-17", end="2025-01-28", data_dir=snapshot)


def test_intraday_market_model_by_hand(bars):
    st = es.IntradayEventStudy(
        bars,
        asset="AAA",
        market="MKT",
        event_time="2025-01-27 09:30",
        estimation_days=5,
        event_window=(0, 11),
    )
    res = st.fit()
    # rebuild the bar returns with plain pandas: C_b / C_{b-1} - 1 inside a session, C_1 / O_1 - 1 first
    b = bars.assign(ts=bars["timestamp"].dt.tz_convert("America/New_York"))
    ret = {}
    for sym in ("AAA", "MKT"):
        x = b[b["symbol"] == sym].sort_values("ts")
        day = x["ts"].dt.date
        r = x["close"] / x["close"].shift(1) - 1
        first = day != day.shift(1)
        r[first] = (x["close"] / x["open"] - 1)[first]
        ret[sym] = pd.Series(r.to_numpy(), index=x["ts"].to_numpy())
    y, m = ret["AAA"], ret["MKT"]
    days = pd.DatetimeIndex(y.index).tz_localize(None).normalize()
    est = days.isin(pd.to_datetime(["2025-01-17", "2025-01-21", "2025-01-22", "2025-01-23", "2025-01-24"]))
    beta, alpha = np.polyfit(m[est].to_numpy(), y[est].to_numpy(), 1)
    assert res.parameters.loc["AAA", "beta"] == pytest.approx(beta, rel=1e-9)
    assert res.parameters.loc["AAA", "alpha"] == pytest.approx(alpha, rel=1e-7, abs=1e-12)
    assert res.parameters.loc["AAA", "n_obs"] == 5 * 78
    assert beta == pytest.approx(1.3, abs=0.3)  # the simulated beta of AAA on MKT
    t0 = np.flatnonzero(pd.DatetimeIndex(y.index) == pd.Timestamp("2025-01-27 09:30", tz="America/New_York"))[
        0
    ]
    hand = y.iloc[t0 : t0 + 12].to_numpy() - alpha - beta * m.iloc[t0 : t0 + 12].to_numpy()
    assert res.abnormal_returns["AAA"].to_numpy() == pytest.approx(hand, rel=1e-7, abs=1e-12)
    assert res.car().loc["AAA"] == pytest.approx(hand.sum(), rel=1e-7)
    assert res.times.iloc[0] == pd.Timestamp("2025-01-27 09:30", tz="America/New_York")
    assert res.times.iloc[-1] == pd.Timestamp("2025-01-27 10:25", tz="America/New_York")
    tab = res.tests()
    assert {"t_prediction_error", "dummy_regression"} <= set(tab["test"])


def test_event_time_naive_is_local_and_aware_is_converted(bars):
    kw = {"asset": "AAA", "market": "MKT", "estimation_days": 3, "event_window": (-2, 3)}
    a = es.IntradayEventStudy(bars, event_time="2025-01-27 10:02", **kw).fit()
    b = es.IntradayEventStudy(bars, event_time="2025-01-27 15:02+00:00", **kw).fit()
    assert a.event_bar == b.event_bar == pd.Timestamp("2025-01-27 10:00", tz="America/New_York")
    # the window counts bars: -2 .. 3 is six bars, 09:50 .. 10:15
    assert list(a.abnormal_returns.index) == [-2, -1, 0, 1, 2, 3]
    assert a.times.iloc[0] == pd.Timestamp("2025-01-27 09:50", tz="America/New_York")
    # before the open: bar 0 is the first bar of the session
    c = es.IntradayEventStudy(bars, event_time="2025-01-27 08:00", **{**kw, "event_window": (0, 3)}).fit()
    assert c.event_bar == pd.Timestamp("2025-01-27 09:30", tz="America/New_York")


def test_several_assets_and_cross_sectional_tests(bars):
    res = es.IntradayEventStudy(
        bars, asset=["AAA", "BBB"], market="MKT", event_time="2025-01-27 09:30", event_window=(0, 5)
    ).fit()
    assert res.labels == ["AAA", "BBB"]
    assert res.test("patell").n == 2


def test_intraday_bad_input(bars):
    kw = {"asset": "AAA", "market": "MKT"}
    with pytest.raises(EventOutOfRangeError, match="estimation_days"):
        es.IntradayEventStudy(bars, event_time="2025-01-27 09:30", estimation_days=30, **kw).fit()
    with pytest.raises(EventOutOfRangeError, match="leaves the bars"):
        es.IntradayEventStudy(bars, event_time="2025-01-28 15:30", event_window=(0, 12), **kw).fit()
    with pytest.raises(SpecificationError, match="estimation_days"):
        es.IntradayEventStudy(bars, event_time="2025-01-27 09:30", estimation_days=0, **kw)
    holed = bars.drop(bars.index[(bars["symbol"] == "AAA")][100])
    with pytest.raises(DataError, match="never fills a bar"):
        es.IntradayEventStudy(holed, event_time="2025-01-27 09:30", **kw).fit()
    with pytest.raises(DataError, match="no rows for"):
        es.IntradayEventStudy(bars, asset="ZZZ", market="MKT", event_time="2025-01-27 09:30").fit()
    with pytest.raises(SpecificationError, match="not a time stamp"):
        es.IntradayEventStudy(bars, event_time="soon", **kw).fit()
