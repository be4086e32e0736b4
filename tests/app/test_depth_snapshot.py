"""Library-depth features on the real snapshot (moved from tests/lib, whose tests now run on SYNTHETIC data).

What needs the real files stays here: the values on the 2025-01-27 ten-stock panel (NVDA TSM AVGO
AMD MU INTC MSFT GOOG AAPL META against ^GSPC), NVDA's overnight/session split on 2025-01-27 and
2025-02-27 with the 5-minute bars, and the FRED yields of ``riskfree_daily.csv``. Every loader
gets the snapshot through the ``data_dir`` fixture.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.errors import DataError, SpecificationError
from eventstudy.thin_trading import daily_riskfree

TICK = ["NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "MSFT", "GOOG", "AAPL", "META"]
GROUP = pd.DataFrame(
    {"group": ["semi"] * 6 + ["platform"] * 4, "size": [3.4, 1.1, 1.1, 0.2, 0.1, 0.1, 3.1, 2.4, 3.7, 1.6]},
    index=TICK,
)


@pytest.fixture(scope="module")
def returns(data_dir):
    return es.to_returns(es.load_prices([*TICK, "^GSPC"], data_dir=data_dir))


@pytest.fixture(scope="module")
def panel(returns):
    r = returns
    return es.EventStudy(r[TICK], market=r["^GSPC"], event_date="2025-01-27", event_window=(-1, 4)).fit()


# ----------------------------------------------------------------- BHAR (from tests/lib/test_bhar.py)


def test_panel_bhar_t_matches_the_bhar_accessor(panel):
    b = panel.bhar((0, 4)).to_numpy()
    r = panel.test("bhar_t", window=(0, 4))
    assert r.statistic == pytest.approx(b.mean() / (b.std(ddof=1) / math.sqrt(10)), rel=1e-12)
    assert r.window == (0, 4)
    # a one-day BHAR is the AR, so bhar_t equals the cross-sectional t on day 0
    assert panel.test("bhar_t", window=(0, 0)).statistic == pytest.approx(
        panel.test("t_cross_sectional", window=(0, 0)).statistic, rel=1e-10
    )


def test_panel_skewness_adjusted_is_seeded_from_the_study(panel):
    a = panel.test("bhar_skewness_adjusted", window=(-1, 1))
    b = panel.test("bhar_skewness_adjusted", window=(-1, 1))
    assert a.pvalue == b.pvalue
    assert a.null_distribution == "bootstrap(1000, n_b=10)"


# ----------------------------------------------------------------- multiple testing (from test_multitest.py)


def test_panel_tests_adjust_holm_over_the_whole_family(panel):
    names = ["t_prediction_error", "kolari_pynnonen", "corrado_rank", "bhar_t"]
    t = panel.tests((0, 0), names=names, adjust="holm")
    assert "pvalue_adjusted" in t.columns and len(t) == 13
    p = t["pvalue"].to_numpy()
    m = len(p)
    hand = np.empty(m)
    running = 0.0
    for k, i in enumerate(np.argsort(p)):  # Holm (1979) step-down, plain loop
        running = max(running, min(1.0, (m - k) * p[i]))
        hand[i] = running
    assert t["pvalue_adjusted"].to_numpy() == pytest.approx(hand, abs=1e-12)


def test_panel_size_note_flags_the_over_rejecting_tests(panel):
    t = panel.tests((-1, 1), names=["patell", "kolari_pynnonen", "joint_wald", "corrado_rank"]).set_index(
        "test"
    )
    assert panel.design == "clustered"
    assert t.loc["kolari_pynnonen", "size_note"] == "" and t.loc["corrado_rank", "size_note"] == ""
    assert "over-rejects" in t.loc["patell", "size_note"]
    assert "F p-value" in t.loc["joint_wald", "size_note"]


# ----------------------------------------------------------------- cross-sectional regression (from test_regress.py)


def test_panel_regress_hc1_by_hand(panel):
    m = panel.regress("car ~ beta + C(group)", data=GROUP, window=(-1, 1), cov_type="HC1")
    semi = (GROUP["group"] == "semi").to_numpy(dtype=float)
    X = np.column_stack([np.ones(10), semi, panel.params["beta"].to_numpy()])
    y = panel.car((-1, 1)).to_numpy()
    xtx_inv = np.linalg.inv(X.T @ X)
    b = xtx_inv @ X.T @ y
    e = y - X @ b
    V = xtx_inv @ ((X * e[:, None] ** 2).T @ X) @ xtx_inv * 10 / (10 - 3)  # HC1 (MacKinnon & White 1985)
    assert m.params.to_numpy() == pytest.approx(b, rel=1e-9)
    assert m.bse.to_numpy() == pytest.approx(np.sqrt(np.diag(V)), rel=1e-9)
    assert int(m.nobs) == 10


# ----------------------------------------------------------------- thin trading and excess returns (from test_thin_trading.py)


@pytest.mark.parametrize("model", ["scholes_williams", "dimson"])
def test_thin_trading_models_on_the_panel(returns, model):
    r = returns
    res = es.EventStudy(r[TICK], market=r["^GSPC"], event_date="2025-01-27", model=model).fit()
    assert res.params["beta"].between(0.5, 3.5).all()
    assert res.car((0, 0)).loc["NVDA"] < -0.12


def test_daily_riskfree_conversion_on_the_fred_file(data_dir):
    rf = daily_riskfree("dgs1mo_pct", pd.DatetimeIndex(["2025-01-27", "2025-01-28"]), data_dir=data_dir)
    # the rate of 2025-01-27 is the last yield published before it: 4.45% on 2025-01-24
    assert rf.loc["2025-01-27"] == pytest.approx(1.0445 ** (1 / 252) - 1, rel=1e-14)
    assert rf.loc["2025-01-28"] == pytest.approx(1.0444 ** (1 / 252) - 1, rel=1e-14)
    with pytest.raises(SpecificationError, match="dgs6mo"):
        daily_riskfree("dgs6mo", pd.DatetimeIndex(["2025-01-27"]), data_dir=data_dir)


def test_excess_returns_option_subtracts_the_fred_rate(data_dir, returns, monkeypatch):
    monkeypatch.setenv("EVENTSTUDY_DATA", str(data_dir))  # EventStudy(riskfree=str) reads it there
    r = returns
    raw = es.EventStudy(r[["NVDA"]], market=r["^GSPC"], event_date="2025-01-27").fit()
    ex = es.EventStudy(r[["NVDA"]], market=r["^GSPC"], event_date="2025-01-27", riskfree="dgs1mo_pct").fit()
    rf = daily_riskfree("dgs1mo_pct", pd.DatetimeIndex(raw.panel.dates_est[:, 0]), data_dir=data_dir)
    assert ex.panel.y_est[:, 0] == pytest.approx(raw.panel.y_est[:, 0] - rf.to_numpy(), abs=1e-15)
    assert ex.panel.m_est[:, 0] == pytest.approx(raw.panel.m_est[:, 0] - rf.to_numpy(), abs=1e-15)


# ----------------------------------------------------------------- intraday (from test_intraday.py)


def test_split_returns_nvda_by_hand(data_dir):
    t = es.intraday.split_returns("NVDA", ["2025-01-27", "2025-02-27"], data_dir=data_dir).set_index("date")
    d = t.loc["2025-01-27"]
    # close 2025-01-24 142.62; open 2025-01-27 124.80 (the 09:30 bar's open); close 118.42
    assert d["prev_close"] == 142.62 and d["open"] == 124.80 and d["close"] == 118.42
    assert d["overnight"] == pytest.approx(124.80 / 142.62 - 1, rel=1e-14)
    assert d["session"] == pytest.approx(118.42 / 124.80 - 1, rel=1e-14)
    assert d["overnight"] == pytest.approx(-0.124947, abs=1e-6)
    assert d["session"] == pytest.approx(-0.051122, abs=1e-6)
    assert (1 + d["overnight"]) * (1 + d["session"]) == pytest.approx(1 + d["close_to_close"], abs=1e-14)
    assert d["first_bar_open"] == 124.80
    f = t.loc["2025-02-27"]  # close 2025-02-26 131.28, open 135.00, close 120.15
    assert f["overnight"] == pytest.approx(135.00 / 131.28 - 1, rel=1e-14)
    assert f["session"] == pytest.approx(120.15 / 135.00 - 1, rel=1e-14)


def test_split_returns_rows_and_close_only_series(data_dir):
    t = es.intraday.split_returns(["NVDA", "^GSPC"], "2025-01-27", data_dir=data_dir)
    assert list(t["symbol"]) == ["NVDA", "^GSPC"]
    with pytest.raises(DataError, match="no open price"):
        es.intraday.split_returns("ARM", "2025-01-27", data_dir=data_dir)  # close-only series


def test_intraday_market_model_on_the_real_bars_by_hand(data_dir):
    bars = es.load_bars(["NVDA", "^GSPC"], start="2025-01-17", end="2025-01-28", data_dir=data_dir)
    res = es.IntradayEventStudy(
        bars,
        asset="NVDA",
        market="^GSPC",
        event_time="2025-01-27 09:30",
        estimation_days=5,
        event_window=(0, 11),
    ).fit()
    # bar returns with plain pandas: C_b / C_{b-1} - 1 inside a session, C_1 / O_1 - 1 first
    b = bars.assign(ts=bars["timestamp"].dt.tz_convert("America/New_York"))
    ret = {}
    for sym in ("NVDA", "^GSPC"):
        x = b[b["symbol"] == sym].sort_values("ts")
        day = x["ts"].dt.date
        r = x["close"] / x["close"].shift(1) - 1
        first = day != day.shift(1)
        r[first] = (x["close"] / x["open"] - 1)[first]
        ret[sym] = pd.Series(r.to_numpy(), index=x["ts"].to_numpy())
    y, m = ret["NVDA"], ret["^GSPC"]
    days = pd.DatetimeIndex(y.index).tz_localize(None).normalize()
    est = days.isin(pd.to_datetime(["2025-01-17", "2025-01-21", "2025-01-22", "2025-01-23", "2025-01-24"]))
    beta, alpha = np.polyfit(m[est].to_numpy(), y[est].to_numpy(), 1)
    assert res.parameters.loc["NVDA", "beta"] == pytest.approx(beta, rel=1e-9)
    assert res.parameters.loc["NVDA", "n_obs"] == 5 * 78
    t0 = np.flatnonzero(pd.DatetimeIndex(y.index) == pd.Timestamp("2025-01-27 09:30", tz="America/New_York"))[
        0
    ]
    hand = y.iloc[t0 : t0 + 12].to_numpy() - alpha - beta * m.iloc[t0 : t0 + 12].to_numpy()
    assert res.abnormal_returns["NVDA"].to_numpy() == pytest.approx(hand, rel=1e-7, abs=1e-12)
    assert res.car().loc["NVDA"] == pytest.approx(hand.sum(), rel=1e-7)
