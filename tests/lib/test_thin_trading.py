"""Thin trading (Scholes-Williams, Dimson, trade-to-trade), excess returns and GARCH fit flags, on
SYNTHETIC data (the real-panel checks are in tests/app/test_depth_snapshot.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from synthetic import EVENT as PANEL_EVENT
from synthetic import daily_panel, write_snapshot

import eventstudy as es
from eventstudy.errors import DataError, GarchFitWarning, SpecificationError
from eventstudy.thin_trading import daily_riskfree, trade_to_trade

EVENT = "2023-06-15"  # a real XNYS session; every return below is SYNTHETIC


@pytest.fixture(scope="module")
def synthetic():
    """SYNTHETIC returns on real XNYS sessions: an asset that reacts to the market with a lag."""
    idx = es.sessions("XNYS", "2022-01-03", "2023-12-29")
    rng = np.random.default_rng(42)
    m = pd.Series(rng.normal(0.0004, 0.01, idx.size), index=idx, name="MKT")
    y = 0.0002 + 0.6 * m.shift(1) + 0.9 * m + 0.1 * m.shift(-1) + rng.normal(0, 0.01, idx.size)
    return pd.DataFrame({"THIN": y}).iloc[1:-1], m


def _est_rows(res):
    return res.panel.dates_est[:, 0]


def test_dimson_is_ols_on_lag_current_lead(synthetic):
    y, m = synthetic
    res = es.EventStudy(y, market=m, event_date=EVENT, model="dimson", event_window=(-1, 1)).fit()
    d = pd.DatetimeIndex(_est_rows(res))
    X = np.column_stack([np.ones(d.size), m.shift(1).loc[d], m.loc[d], m.shift(-1).loc[d]])
    b = np.linalg.lstsq(X, y["THIN"].loc[d].to_numpy(), rcond=None)[0]
    p = res.params.loc["THIN"]
    assert [p["alpha"], p["beta_lag1"], p["beta_0"], p["beta_lead1"]] == pytest.approx(b, rel=1e-9)
    assert p["beta"] == pytest.approx(b[1:].sum(), rel=1e-12)  # Dimson (1979): the summed beta
    assert p["beta"] == pytest.approx(1.6, abs=0.15)  # recovers the simulated 0.6 + 0.9 + 0.1
    dv = pd.DatetimeIndex(res.panel.dates_evt[:, 0])
    Xv = np.column_stack([np.ones(3), m.shift(1).loc[dv], m.loc[dv], m.shift(-1).loc[dv]])
    assert res.abnormal_returns["THIN"].to_numpy() == pytest.approx(y["THIN"].loc[dv] - Xv @ b, abs=1e-14)


def test_scholes_williams_by_hand(synthetic):
    y, m = synthetic
    res = es.EventStudy(y, market=m, event_date=EVENT, model="scholes_williams", event_window=(0, 2)).fit()
    d = pd.DatetimeIndex(_est_rows(res))
    r = list(y["THIN"].loc[d])
    cols = {k: list(m.shift(s).loc[d]) for k, s in (("lag", 1), ("cur", 0), ("lead", -1))}

    def slope(x, v):
        mx, mv = sum(x) / len(x), sum(v) / len(v)
        return sum((a - mx) * (b - mv) for a, b in zip(x, v, strict=True)) / sum((a - mx) ** 2 for a in x)

    def corr(x, v):
        mx, mv = sum(x) / len(x), sum(v) / len(v)
        num = sum((a - mx) * (b - mv) for a, b in zip(x, v, strict=True))
        return num / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - mv) ** 2 for b in v))

    bm, b0, bp = (slope(cols[k], r) for k in ("lag", "cur", "lead"))
    rho = corr(cols["cur"], cols["lag"])
    beta = (bm + b0 + bp) / (1 + 2 * rho)  # Scholes & Williams (1977)
    alpha = sum(r) / len(r) - beta * sum(cols["cur"]) / len(r)
    p = res.params.loc["THIN"]
    assert p["beta"] == pytest.approx(beta, rel=1e-10)
    assert p["alpha"] == pytest.approx(alpha, rel=1e-8)
    assert [p["beta_lag1"], p["beta_0"], p["beta_lead1"], p["rho_market"]] == pytest.approx(
        [bm, b0, bp, rho], rel=1e-10
    )
    resid = [a - alpha - beta * c for a, c in zip(r, cols["cur"], strict=True)]
    assert p["sigma"] == pytest.approx(math.sqrt(sum(e * e for e in resid) / (len(r) - 2)), rel=1e-10)
    assert "dummy_regression" not in res.applicable_tests()


def test_thin_trading_models_need_a_market_and_no_factors(synthetic):
    y, m = synthetic
    with pytest.raises(SpecificationError, match="needs market"):
        es.EventStudy(y, event_date=EVENT, model="dimson")
    with pytest.raises(SpecificationError, match="drop factors"):
        es.EventStudy(y, market=m, factors=m.to_frame(), event_date=EVENT, model="scholes_williams")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A SYNTHETIC snapshot folder (tests/lib/synthetic.py) holding ``riskfree_daily.csv``."""
    return write_snapshot(tmp_path_factory.mktemp("synthetic_snapshot"))


def test_daily_riskfree_conversion_by_hand(snapshot):
    dates = pd.DatetimeIndex(["2024-10-14", "2024-10-15", "2025-01-27", "2025-01-28"])
    rf = daily_riskfree("dgs1mo_pct", dates, data_dir=snapshot)
    # the rate of 2025-01-27 is the last yield published before it: 4.40% on 2025-01-24 (HAND_YIELDS)
    assert rf.loc["2025-01-27"] == pytest.approx(1.0440 ** (1 / 252) - 1, rel=1e-14)
    assert rf.loc["2025-01-28"] == pytest.approx(1.0438 ** (1 / 252) - 1, rel=1e-14)
    # no yield on 2024-10-14 (a bond-market holiday): 10-15 keeps 10-11's 4.90%, nothing interpolated
    assert rf.loc["2024-10-14"] == pytest.approx(1.0490 ** (1 / 252) - 1, rel=1e-14)
    assert rf.loc["2024-10-15"] == pytest.approx(1.0490 ** (1 / 252) - 1, rel=1e-14)
    assert rf.loc["2025-01-27"] == pytest.approx(1.708856e-4, abs=1e-10)  # 252nd root of 1.044, less one
    with pytest.raises(SpecificationError, match="dgs6mo"):
        daily_riskfree("dgs6mo", pd.DatetimeIndex(["2025-01-27"]), data_dir=snapshot)
    with pytest.raises(DataError, match="no risk-free yield published before 2023-08-01"):
        daily_riskfree("dgs1mo_pct", pd.DatetimeIndex(["2023-08-01"]), data_dir=snapshot)
    user = pd.Series([0.0001], index=pd.DatetimeIndex(["2025-01-27"]))
    with pytest.raises(DataError, match="2025-01-28"):
        daily_riskfree(user, pd.DatetimeIndex(["2025-01-27", "2025-01-28"]))


def test_excess_returns_option_subtracts_the_rate(snapshot, monkeypatch):
    """SYNTHETIC returns and yields: EventStudy(riskfree=) reads the file where $EVENTSTUDY_DATA points."""
    monkeypatch.setenv("EVENTSTUDY_DATA", str(snapshot))
    r, m = daily_panel(seed=9, tickers=("S00",))
    raw = es.EventStudy(r, market=m, event_date=PANEL_EVENT).fit()
    ex = es.EventStudy(r, market=m, event_date=PANEL_EVENT, riskfree="dgs1mo_pct").fit()
    rf = daily_riskfree("dgs1mo_pct", pd.DatetimeIndex(raw.panel.dates_est[:, 0]), data_dir=snapshot)
    assert ex.panel.y_est[:, 0] == pytest.approx(raw.panel.y_est[:, 0] - rf.to_numpy(), abs=1e-15)
    assert ex.panel.m_est[:, 0] == pytest.approx(raw.panel.m_est[:, 0] - rf.to_numpy(), abs=1e-15)
    # a constant user rate moves alpha by rf (1 - beta) and leaves beta unchanged
    c = pd.Series(0.0002, index=r.index)
    exc = es.EventStudy(r, market=m, event_date=PANEL_EVENT, riskfree=c).fit()
    b = raw.params.loc["S00", "beta"]
    assert exc.params.loc["S00", "beta"] == pytest.approx(b, rel=1e-10)
    assert exc.params.loc["S00", "alpha"] == pytest.approx(
        raw.params.loc["S00", "alpha"] - 0.0002 * (1 - b), abs=1e-14
    )


def test_trade_to_trade_by_hand():
    idx = pd.date_range("2025-01-06", periods=6, freq="B")
    p = pd.Series([10.0, np.nan, np.nan, 11.0, 12.1, np.nan], index=idx, name="THIN")
    mk = pd.Series([100.0, 101.0, 99.0, 102.0, 103.0, 104.0], index=idx)
    t = trade_to_trade(p, mk)
    # 01-09 covers three sessions: 11/10 - 1 and the market compounded 102/100 - 1
    assert list(t.index) == [idx[3], idx[4]]
    assert t.loc[idx[3], "ret"] == pytest.approx(0.1) and t.loc[idx[3], "market"] == pytest.approx(0.02)
    assert t.loc[idx[3], "span"] == 3 and t.loc[idx[4], "span"] == 1
    assert t.loc[idx[4], "ret"] == pytest.approx(0.1) and t.loc[idx[4], "market"] == pytest.approx(
        103 / 102 - 1
    )
    with pytest.raises(DataError, match="never fills"):
        trade_to_trade(p, mk.drop(idx[2]))


def test_missing_price_is_still_an_error_by_default(synthetic):
    y, m = synthetic
    holed = y.copy()
    holed.iloc[300] = np.nan  # a session without a return inside the estimation window
    with pytest.raises(es.CalendarGapError, match="never interpolates"):
        es.EventStudy(holed, market=m, event_date=EVENT, model="dimson").fit()


def test_garch_boundary_fit_is_flagged_and_warned():
    """SYNTHETIC iid normal errors: no ARCH effect, so the GARCH fit sits on the boundary."""
    idx = es.sessions("XNYS", "2022-01-03", "2023-12-29")
    rng = np.random.default_rng(3)
    m = pd.Series(rng.normal(0, 0.01, idx.size), index=idx)
    y = pd.DataFrame({"IID": 0.8 * m + rng.normal(0, 0.01, idx.size)})
    with pytest.warns(GarchFitWarning, match="IID"):
        res = es.EventStudy(y, market=m, event_date=EVENT, model="garch", event_window=(0, 1)).fit()
    p = res.params.loc["IID"]
    assert bool(p["garch_boundary"]) and bool(p["garch_converged"])
    assert p["garch_alpha"] < 1e-3 or p["garch_beta"] < 1e-3 or p["garch_beta"] > 0.999


@pytest.mark.parametrize("model", ["scholes_williams", "dimson"])
def test_thin_trading_models_on_a_panel(model):
    """SYNTHETIC ten-asset panel with betas in [0.6, 1.8] and a -15% day-0 shock to S00."""
    r, m = daily_panel(seed=10)
    res = es.EventStudy(r, market=m, event_date=PANEL_EVENT, model=model).fit()
    market = es.EventStudy(r, market=m, event_date=PANEL_EVENT).fit()
    assert res.params["beta"].between(0.3, 2.2).all()
    # no lagged reaction was simulated: the thin-trading betas stay close to the OLS ones
    assert res.params["beta"].to_numpy() == pytest.approx(market.params["beta"].to_numpy(), abs=0.25)
    assert res.car((0, 0)).loc["S00"] == pytest.approx(-0.15, abs=0.05)


@pytest.fixture(scope="module")
def thin_prices():
    """SYNTHETIC prices of a stock that trades on about 70% of the sessions (beta 1.2)."""
    idx = es.sessions("XNYS", "2022-01-03", "2023-12-29")
    rng = np.random.default_rng(8)
    m = rng.normal(0.0003, 0.01, idx.size)
    r = 0.0002 + 1.2 * m + rng.normal(0, 0.012, idx.size)
    mk = pd.Series(100 * np.cumprod(1 + m), index=idx)
    p = pd.Series(20 * np.cumprod(1 + r), index=idx)
    p[rng.random(idx.size) < 0.3] = np.nan
    day0 = idx.searchsorted(pd.Timestamp(EVENT))
    p.iloc[day0] = 20 * np.prod(1 + r[: day0 + 1])  # it trades on the event day
    return p.to_frame("THIN"), mk


def test_trade_to_trade_study_is_wls_with_span_weights(thin_prices):
    import statsmodels.api as sm

    from eventstudy.thin_trading import trade_to_trade_study

    p, mk = thin_prices
    out = trade_to_trade_study(p, mk, EVENT, estimation_window=(-250, -11), event_window=(0, 0))
    t2t = trade_to_trade(p["THIN"], mk)
    idx = es.sessions("XNYS", "2022-01-03", "2023-12-29")
    day = idx.get_indexer(t2t.index) - idx.searchsorted(pd.Timestamp(EVENT))
    start = day - t2t["span"].to_numpy() + 1
    est = (day <= -11) & (start >= -250)
    X = np.column_stack([t2t["span"], t2t["market"]])[est]
    wls = sm.WLS(t2t["ret"].to_numpy()[est], X, weights=1 / t2t["span"].to_numpy()[est]).fit()
    row = out.table.loc["THIN"]
    assert [row["alpha"], row["beta"]] == pytest.approx(wls.params, rel=1e-9)
    assert row["sigma"] == pytest.approx(np.sqrt(wls.scale), rel=1e-9)  # SSR_w / (L - 2)
    assert row["beta"] == pytest.approx(1.2, abs=0.15)
    assert row["n_trades_est"] == int(est.sum()) and row["sessions_without_trade"] > 50
    ev = t2t.loc[pd.Timestamp(EVENT)]
    ar = ev["ret"] - wls.params[0] * ev["span"] - wls.params[1] * ev["market"]
    assert row["car"] == pytest.approx(ar, rel=1e-9)
    x = np.array([ev["span"], ev["market"]])
    var = wls.scale * (ev["span"] + x @ np.linalg.solve((X.T * (1 / t2t["span"].to_numpy()[est])) @ X, x))
    assert row["var_car"] == pytest.approx(var, rel=1e-8)


def test_trade_to_trade_study_errors(thin_prices):
    from eventstudy.thin_trading import trade_to_trade_study

    p, mk = thin_prices
    none = p.copy()
    d0 = none.index.searchsorted(pd.Timestamp(EVENT))
    none.iloc[d0 : d0 + 2] = np.nan
    with pytest.raises(es.EventOutOfRangeError, match="no trade inside the event window"):
        trade_to_trade_study(none, mk, EVENT, event_window=(0, 1))
    with pytest.raises(es.EventOutOfRangeError, match="min_trades"):
        trade_to_trade_study(p, mk, EVENT, estimation_window=(-40, -11), min_trades=50)


def test_volatility_extension_flags_a_boundary_garch_fit():
    """SYNTHETIC homoskedastic data: the pre-event GARCH fit has no ARCH dynamics to find."""
    from eventstudy.extensions.volatility import volatility_shift

    idx = es.sessions("XNYS", "2022-01-03", "2023-03-31")[:300]
    rng = np.random.default_rng(5)
    m = pd.Series(rng.normal(0, 0.01, 300), index=idx, name="M")
    r = pd.DataFrame({"A": 0.9 * m + rng.normal(0, 0.01, 300)}, index=idx)
    g = volatility_shift(r, m, idx[250], (-250, -1), (0, 49), garch=True, garch_mean="market").garch
    a1, b1 = g.params["alpha[1]"], g.params["beta[1]"]
    assert g.boundary == (a1 < 1e-3 or b1 < 1e-3 or b1 > 0.999 or a1 + b1 > 0.999)
    assert g.boundary and g.converged
    assert g.ratio_test.details["garch_boundary"] is True
