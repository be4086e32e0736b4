"""Calendars: symbol mapping, sessions, event-day rolling, 24/7 alignment, gap checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eventstudy.calendars import align_returns, calendar_for, check_sessions, event_day0, sessions
from eventstudy.errors import CalendarGapError, EventOutOfRangeError, SpecificationError


@pytest.mark.parametrize(
    ("symbol", "cal"),
    [
        ("NVDA", "XNYS"),
        ("^GSPC", "XNYS"),
        ("SPY", "XNYS"),
        ("NVDA@yahoo", "XNYS"),
        ("2330.TW", "XTAI"),
        ("BTC-USD", "24/7"),
        ("BTC-USD@exchange", "24/7"),
        ("SOL-USDT", "24/7"),
        ("005930.KS", "XKRX"),
        ("BTC-EUR", "24/7"),
    ],
)
def test_calendar_for(symbol, cal):
    assert calendar_for(symbol) == cal


@pytest.mark.parametrize(
    ("symbol", "calendar", "tz"),
    [
        ("NVDA", "XNYS", "America/New_York"),
        ("2330.TW", "XTAI", "Asia/Taipei"),
        ("005930.KS", "XKRX", "Asia/Seoul"),
        ("BTC-USD", "24/7", "UTC"),
        ("BTC-EUR", "24/7", "UTC"),  # once the 24/7 calendar but the New York zone
        ("ETH-USDT@exchange", "24/7", "UTC"),
    ],
)
def test_one_symbol_table(symbol, calendar, tz):
    """Calendar and time zone come from one table (eventstudy.markets), so they cannot disagree."""
    from eventstudy.data import exchange_timezone
    from eventstudy.markets import market_for

    m = market_for(symbol)
    assert (m.calendar, m.timezone, m.always_open) == (calendar, tz, calendar == "24/7")
    assert calendar_for(symbol) == calendar and exchange_timezone(symbol) == tz


def test_register_a_listing_without_suffix(monkeypatch):
    """An application registers names the generic rules would put in New York; re-registering elsewhere fails."""
    from eventstudy import markets

    monkeypatch.setattr(markets, "_REGISTERED", {})
    assert calendar_for("MYKOREANCO") == "XNYS"
    markets.register("MyKoreanCo", "XKRX", "Asia/Seoul")
    assert calendar_for("MYKOREANCO@yahoo") == "XKRX"
    markets.register("MYKOREANCO", "XKRX", "Asia/Seoul")  # same market: fine
    with pytest.raises(SpecificationError, match="already registered"):
        markets.register("MYKOREANCO", "XTAI", "Asia/Taipei")


def test_sessions():
    s = sessions("XNYS", "2025-01-17", "2025-01-27")
    assert [d.strftime("%m-%d") for d in s] == ["01-17", "01-21", "01-22", "01-23", "01-24", "01-27"]
    assert s.tz is None and s.name == "date"
    assert len(sessions("24/7", "2025-01-17", "2025-01-27")) == 11
    taipei = sessions("XTAI", "2025-01-20", "2025-02-04")
    assert [d.strftime("%m-%d") for d in taipei] == ["01-20", "01-21", "01-22", "02-03", "02-04"]


def test_event_day0_rolls():
    assert event_day0("XTAI", "2025-01-27") == (pd.Timestamp("2025-02-03"), True)  # Lunar New Year
    assert event_day0("XNYS", "2025-01-25") == (pd.Timestamp("2025-01-27"), True)  # Saturday
    assert event_day0("XNYS", "2025-01-27") == (pd.Timestamp("2025-01-27"), False)
    assert event_day0("24/7", "2025-01-25") == (pd.Timestamp("2025-01-25"), False)
    with pytest.raises(EventOutOfRangeError):
        event_day0("XNYS", "1990-01-02")
    with pytest.raises(SpecificationError):
        event_day0("XXXX", "2025-01-27")


def _mixed() -> pd.DataFrame:
    idx = pd.date_range("2025-01-23", "2025-01-28", freq="D", name="date")  # Thu .. Tue
    return pd.DataFrame(
        {
            "STK": [0.01, 0.02, np.nan, np.nan, -0.10, 0.05],
            "BTC-USD": [0.01, 0.02, 0.03, -0.04, 0.05, -0.01],
        },
        index=idx,
    )


def test_align_market_compounds_weekend_crypto():
    r = _mixed()
    out = align_returns(r, policy="market")
    assert [d.strftime("%m-%d") for d in out.index] == ["01-23", "01-24", "01-27", "01-28"]
    assert out.loc["2025-01-27", "BTC-USD"] == pytest.approx(1.03 * 0.96 * 1.05 - 1)
    assert out.loc["2025-01-24", "BTC-USD"] == pytest.approx(0.02)
    assert out["STK"].tolist() == pytest.approx([0.01, 0.02, -0.10, 0.05])
    # compounding keeps the total: product over the aligned rows == product over all days
    total = np.prod(1 + r["BTC-USD"].to_numpy())
    assert np.prod(1 + out["BTC-USD"].to_numpy()) == pytest.approx(total)


def test_align_own_and_overrides():
    r = _mixed()
    own = align_returns(r, policy="own")
    pd.testing.assert_frame_equal(own, r)
    own.iloc[0, 0] = 99.0
    assert r.iloc[0, 0] == 0.01
    renamed = r.rename(columns={"BTC-USD": "COIN"})
    out = align_returns(renamed, policy="market", calendars={"COIN": "24/7"})
    assert out.loc["2025-01-27", "COIN"] == pytest.approx(1.03 * 0.96 * 1.05 - 1)
    with pytest.raises(SpecificationError):
        align_returns(r, policy="weekly")


def test_align_missing_crypto_day_and_incomplete_first_window():
    r = _mixed()
    r.loc["2025-01-26", "BTC-USD"] = np.nan
    out = align_returns(r, policy="market")
    assert np.isnan(out.loc["2025-01-27", "BTC-USD"])
    late = _mixed().loc["2025-01-26":]  # starts Sunday: Monday's window lacks Saturday
    out2 = align_returns(late, policy="market")
    assert np.isnan(out2.loc["2025-01-27", "BTC-USD"])
    assert out2.loc["2025-01-28", "BTC-USD"] == pytest.approx(-0.01)


def test_check_sessions():
    # SYNTHETIC prices on every XNYS session of January 2025 (the values do not matter)
    idx = sessions("XNYS", "2025-01-02", "2025-01-31")
    p = pd.Series(np.linspace(100, 120, len(idx)), index=idx, name="NVDA")
    check_sessions(p, "XNYS", "2025-01-02", "2025-01-31")  # complete
    with pytest.raises(CalendarGapError, match=r"1 missing XNYS session\(s\): 2025-01-27"):
        check_sessions(p.drop(pd.Timestamp("2025-01-27")), "XNYS", "2025-01-02", "2025-01-31")
    frame = p.to_frame()
    frame.loc["2025-01-28", "NVDA"] = np.nan
    with pytest.raises(CalendarGapError, match="NVDA.*2025-01-28"):
        check_sessions(frame, "XNYS", "2025-01-27", "2025-01-31")
    with pytest.raises(CalendarGapError, match="2025-01-25"):
        check_sessions(p, "24/7", "2025-01-24", "2025-01-27")


def test_the_library_alone_knows_no_application_symbol():
    """Without eventstudy.deepseek, a suffix-less Korean listing is not guessed (fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "from eventstudy.calendars import calendar_for\n"
        "from eventstudy.report.style import group_of\n"
        "print(calendar_for('SAMSUNG'), group_of('NVDA'), calendar_for('005930.KS'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["XNYS", "other", "XKRX"]
