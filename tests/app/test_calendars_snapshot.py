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
