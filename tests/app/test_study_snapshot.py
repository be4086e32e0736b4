"""EventStudy on the real snapshot (moved from tests/lib: it reads the private data)."""

from __future__ import annotations

import pytest

import eventstudy as es


@pytest.fixture(scope="module")
def snap_returns():
    p = es.load_prices(["NVDA", "TSM", "^GSPC", "BTC-USD"])
    return es.to_returns(p)


def test_nvda_day0_ar_by_hand(snap_returns):
    r = snap_returns
    res = es.EventStudy(
        r[["NVDA", "TSM"]],
        market=r["^GSPC"],
        event_date="2025-01-27",
        estimation_window=(-260, -11),
        event_window=(-1, 1),
        model="market",
        ddof=2,
    ).fit()
    a, b = res.params.loc["NVDA", ["alpha", "beta"]]
    hand = (118.42 / 142.62 - 1) - a - b * (6012.28 / 6101.24 - 1)  # closes from SOURCES.md
    assert res.abnormal_returns.loc[0, "NVDA"] == pytest.approx(hand, abs=1e-12)
    assert res.params.loc["NVDA", "n_obs"] == 250
