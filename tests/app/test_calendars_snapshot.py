"""Calendars on the real snapshot (moved from tests/lib: it reads the private data)."""

from __future__ import annotations

import pytest

from eventstudy.calendars import align_returns
from eventstudy.data import load_prices, to_returns


def test_align_real_btc(data_dir):
    p = load_prices(["NVDA", "BTC-USD"], start="2025-01-23", end="2025-01-28", data_dir=data_dir)
    r = to_returns(p)
    out = align_returns(r, policy="market")
    btc = p["BTC-USD"]
    assert out.loc["2025-01-27", "BTC-USD"] == pytest.approx(btc["2025-01-27"] / btc["2025-01-24"] - 1)
    assert out.loc["2025-01-27", "NVDA"] == pytest.approx(118.42 / 142.62 - 1)


def test_the_application_registers_its_symbols_and_data():
    """SAMSUNG/SKHYNIX (no exchange suffix), the figures' asset groups and the data directory are the
    application's knowledge, registered when eventstudy.deepseek is imported."""
    import eventstudy.deepseek  # noqa: F401
    from eventstudy.calendars import calendar_for
    from eventstudy.data import exchange_timezone
    from eventstudy.data.snapshot import _DEFAULT_DATA_DIR
    from eventstudy.report.style import group_of

    assert calendar_for("SAMSUNG") == "XKRX" and exchange_timezone("SKHYNIX") == "Asia/Seoul"
    assert group_of("NVDA") == "chips" and group_of("MSFT") == "mega_cap_tech"
    assert _DEFAULT_DATA_DIR and (_DEFAULT_DATA_DIR[0] / "prices_daily.csv").is_file()
