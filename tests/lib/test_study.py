"""EventStudy and EventStudyResults: event-time alignment, models, cumulation, errors.

Hand-made frames are SYNTHETIC returns used only to check the arithmetic; the
real-data checks use the snapshot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import eventstudy as es
from eventstudy.errors import (
    CalendarGapError,
    EstimationWindowTooShortError,
    EventOutOfRangeError,
    MissingDataError,
    SpecificationError,
    WindowError,
)


def _frame(n: int = 140, seed: int = 3, start: str = "2024-01-02") -> tuple[pd.DataFrame, pd.Series]:
    """Synthetic XNYS-session returns for two assets and a market."""
    idx = es.calendars.sessions("XNYS", start, "2025-12-31")[:n]
    rng = np.random.default_rng(seed)
    m = pd.Series(rng.normal(0, 0.01, n), index=idx, name="MKT")
    a = 0.001 + 1.3 * m + rng.normal(0, 0.015, n)
    b = -0.0005 + 0.7 * m + rng.normal(0, 0.01, n)
    return pd.DataFrame({"AAA": a, "BBB": b}, index=idx), m


def test_market_model_matches_statsmodels_by_hand():
    rets, m = _frame()
    event = rets.index[120]
    res = es.EventStudy(
        rets, market=m, event_date=event, estimation_window=(-110, -6), event_window=(-2, 3)
    ).fit()
    est = rets.index[120 - 110 : 120 - 5]
    ols = sm.OLS(rets.loc[est, "AAA"], sm.add_constant(m.loc[est])).fit()
    np.testing.assert_allclose(
        res.params.loc["AAA", ["alpha", "beta"]].to_numpy(float), ols.params.to_numpy(), rtol=1e-10
    )
    np.testing.assert_allclose(res.params.loc["AAA", "sigma"] ** 2, ols.scale, rtol=1e-10)  # SSR/(L-2)
    evt = rets.index[118:124]
    hand = rets.loc[evt, "AAA"] - ols.params["const"] - ols.params["MKT"] * m.loc[evt]
    np.testing.assert_allclose(res.abnormal_returns["AAA"].to_numpy(), hand.to_numpy(), atol=1e-15)
    assert list(res.abnormal_returns.index) == [-2, -1, 0, 1, 2, 3]
    # CAR over a sub-window and the CAAR
    assert res.car((0, 1))["AAA"] == pytest.approx(hand.iloc[2] + hand.iloc[3], abs=1e-15)
    assert res.caar((0, 0)) == pytest.approx(res.abnormal_returns.loc[0].mean(), abs=1e-15)


def test_bhar_by_hand():
    rets, m = _frame()
    res = es.EventStudy(
        rets, market=m, event_date=rets.index[120], estimation_window=(-110, -6), event_window=(0, 2)
    ).fit()
    a, b = res.params.loc["BBB", "alpha"], res.params.loc["BBB", "beta"]
    r = rets["BBB"].iloc[120:123].to_numpy()
    rm = m.iloc[120:123].to_numpy()
    hand = np.prod(1 + r) - np.prod(1 + a + b * rm)  # Barber & Lyon (1997) eq. 3
    assert res.bhar()["BBB"] == pytest.approx(hand, abs=1e-15)


def test_market_adjusted_equals_alpha0_beta1():
    rets, m = _frame()
    res = es.EventStudy(
        rets,
        market=m,
        event_date=rets.index[120],
        estimation_window=(-110, -6),
        event_window=(0, 2),
        model="market_adjusted",
    ).fit()
    np.testing.assert_allclose(
        res.abnormal_returns.to_numpy(),
        (rets.iloc[120:123].to_numpy() - m.iloc[120:123].to_numpy()[:, None]),
        atol=1e-15,
    )


def test_factor_model_with_market_factor_equals_market_model():
    rets, m = _frame()
    kw = dict(event_date=rets.index[120], estimation_window=(-110, -6), event_window=(0, 2))
    a = es.EventStudy(rets, market=m, **kw).fit()
    b = es.EventStudy(rets, factors=m.to_frame(), model="factor", **kw).fit()
    np.testing.assert_allclose(a.abnormal_returns.to_numpy(), b.abnormal_returns.to_numpy(), atol=1e-14)
    np.testing.assert_allclose(a.sample.cov_evt, b.sample.cov_evt, rtol=1e-12)


def test_constant_mean_model_and_ddof_convention():
    rets, m = _frame()
    kw = dict(
        event_date=rets.index[120], estimation_window=(-110, -6), event_window=(0, 0), model="constant_mean"
    )
    r1 = es.EventStudy(rets, **kw).fit()
    est = rets["AAA"].iloc[10:115]
    assert r1.params.loc["AAA", "alpha"] == pytest.approx(est.mean(), abs=1e-15)
    assert r1.params.loc["AAA", "sigma"] == pytest.approx(est.std(ddof=1), rel=1e-12)  # default ddof = p = 1
    r2 = es.EventStudy(rets, ddof=2, **kw).fit()
    assert r2.params.loc["AAA", "sigma"] ** 2 == pytest.approx(
        ((est - est.mean()) ** 2).sum() / (105 - 2), rel=1e-12
    )


def test_results_are_immutable_and_inputs_untouched():
    rets, m = _frame()
    before = rets.copy()
    res = es.EventStudy(rets, market=m, event_date=rets.index[120], estimation_window=(-110, -6)).fit()
    with pytest.raises(ValueError):
        res.model_fit.ar[0, 0] = 1.0
    ar = res.abnormal_returns
    ar.iloc[0, 0] = 99.0
    assert res.abnormal_returns.iloc[0, 0] != 99.0
    pd.testing.assert_frame_equal(rets, before)
    with pytest.raises(AttributeError):
        res.study = None  # type: ignore[misc]


@pytest.mark.parametrize(
    ("est", "evt", "err", "msg"),
    [
        ((-110, -6), (-6, 2), WindowError, "overlaps"),
        ((-6, -110), (0, 2), WindowError, "reversed"),
        ((-60, -6), (0, 2), EstimationWindowTooShortError, "min_estimation=100"),
        ((-200, -6), (0, 2), EventOutOfRangeError, "before the data"),
        ((-110, -6), (0, 40), EventOutOfRangeError, "ends after"),
    ],
)
def test_window_errors(est, evt, err, msg):
    rets, m = _frame()
    with pytest.raises(err, match=msg):
        es.EventStudy(
            rets, market=m, event_date=rets.index[120], estimation_window=est, event_window=evt
        ).fit()


def test_event_after_data_and_nan_inside_window():
    rets, m = _frame()
    with pytest.raises(EventOutOfRangeError, match="after the last XNYS session"):
        es.EventStudy(rets, market=m, event_date="2026-06-01", estimation_window=(-110, -6)).fit()
    holed = rets.copy()
    holed.iloc[50, 0] = np.nan
    with pytest.raises(CalendarGapError, match=f"AAA has no valid return on {rets.index[50]:%Y-%m-%d}"):
        es.EventStudy(holed, market=m, event_date=rets.index[120], estimation_window=(-110, -6)).fit()
    empty = rets.assign(AAA=np.nan)
    with pytest.raises(MissingDataError, match="all-NaN"):
        es.EventStudy(empty, market=m, event_date=rets.index[120], estimation_window=(-110, -6)).fit()


def test_weekend_event_rolls_to_monday():
    rets, m = _frame(n=200)
    sat = pd.Timestamp("2024-09-07")  # a Saturday
    with pytest.warns(es.EventRolledWarning, match="2024-09-07 -> 2024-09-09"):
        res = es.EventStudy(
            rets, market=m, event_date=sat, estimation_window=(-110, -6), event_window=(0, 0)
        ).fit()
    assert res.params.loc["AAA", "day0"] == pd.Timestamp("2024-09-09")
    assert bool(res.rolled["AAA"]) is True


def test_bad_specification():
    rets, m = _frame()
    with pytest.raises(SpecificationError, match="needs market"):
        es.EventStudy(rets, event_date=rets.index[120])
    with pytest.raises(SpecificationError, match="not one of"):
        es.EventStudy(rets, market=m, event_date=rets.index[120], model="capm3")


# ------------------------------------------------------------------ synthetic, labelled
# (the checks on the real snapshot live in tests/app/test_study_snapshot.py)


def _with_coin(seed: int = 5) -> pd.DataFrame:
    """SYNTHETIC: an XNYS market, a stock on its sessions and a 24/7 coin (UTC calendar days)."""
    days = pd.date_range("2024-06-03", "2025-03-31", freq="D", name="date")
    sess = es.calendars.sessions("XNYS", days[0], days[-1])
    rng = np.random.default_rng(seed)
    m = pd.Series(rng.normal(0, 0.01, len(sess)), index=sess)
    stock = 0.0005 + 1.2 * m + rng.normal(0, 0.012, len(sess))
    coin = pd.Series(rng.normal(0, 0.03, len(days)), index=days)
    return pd.DataFrame({"MKT": m, "STOCK": stock}).reindex(days).assign(**{"COIN-USD": coin})


def test_crypto_needs_market_alignment():
    r = _with_coin()
    kw = dict(market=r["MKT"], event_date="2025-01-27", estimation_window=(-105, -6), event_window=(0, 0))
    with pytest.raises(CalendarGapError, match="alignment='market'"):
        es.EventStudy(r[["COIN-USD"]], **kw).fit()
    res = es.EventStudy(r[["COIN-USD"]], alignment="market", **kw).fit()
    assert res.params.loc["COIN-USD", "calendar"] == "XNYS"
    # Monday's aligned return compounds Saturday, Sunday and Monday (UTC days)
    c = r["COIN-USD"]
    hand = (1 + c.loc["2025-01-25"]) * (1 + c.loc["2025-01-26"]) * (1 + c.loc["2025-01-27"]) - 1
    assert res.panel.y_evt[0, 0] == pytest.approx(hand, abs=1e-14)


def test_garch_market_model_runs():
    """SYNTHETIC GARCH(1,1) disturbances around a market model, a -12% shock on day 0."""
    pytest.importorskip("arch")
    rng = np.random.default_rng(11)
    idx = es.calendars.sessions("XNYS", "2023-06-01", "2025-02-28")
    n = len(idx)
    m = rng.normal(0, 0.01, n)
    h, e = np.empty(n), np.empty(n)
    h[0] = 2e-4
    for t in range(n):  # simulation of the data only
        if t:
            h[t] = 1e-5 + 0.08 * e[t - 1] ** 2 + 0.87 * h[t - 1]
        e[t] = np.sqrt(h[t]) * rng.standard_normal()
    y = pd.Series(0.0005 + 1.5 * m + e, index=idx)
    day0 = idx.get_loc(pd.Timestamp("2025-01-27"))
    y.iloc[day0] -= 0.12
    res = es.EventStudy(
        y.to_frame("X"),
        market=pd.Series(m, index=idx),
        event_date="2025-01-27",
        event_window=(0, 2),
        model="garch",
    ).fit()
    p = res.params.loc["X"]
    assert 0 < p["garch_alpha"] < 1 and 0 < p["garch_beta"] < 1 and p["omega"] > 0
    assert res.abnormal_returns.loc[0, "X"] < -0.10


def test_off_session_value_inside_the_windows_is_an_error():
    r = _with_coin()
    with pytest.raises(CalendarGapError, match="not a XNYS session"):
        es.EventStudy(
            r[["COIN-USD"]],
            market=r["MKT"],
            event_date="2025-01-27",
            calendars={"COIN-USD": "XNYS"},
            estimation_window=(-105, -6),
            event_window=(0, 0),
        ).fit()


def test_off_session_fault_outside_the_windows_does_not_block_a_study():
    """SYNTHETIC: an index with a value on a Saturday long after the windows; a study before it runs."""
    rets, m = _frame(n=200, start="2024-06-03")
    idx = rets.index.append(pd.DatetimeIndex([pd.Timestamp("2025-06-07")]))  # a Saturday
    r = rets.reindex(idx).assign(MKT=m.reindex(idx))
    r.loc[pd.Timestamp("2025-06-07"), "AAA"] = 0.01  # the fault: a value on a non-session
    assert "AAA" in es.calendars.off_session_dates(r)
    res = es.EventStudy(
        r[["AAA"]],
        market=r["MKT"],
        event_date="2025-01-27",
        estimation_window=(-100, -6),
        event_window=(0, 0),
        min_estimation=95,
    ).fit()
    hand = (
        r.loc["2025-01-27", "AAA"]
        - res.params.loc["AAA", "alpha"]
        - res.params.loc["AAA", "beta"] * r.loc["2025-01-27", "MKT"]
    )
    assert res.abnormal_returns.loc[0, "AAA"] == pytest.approx(hand, abs=1e-15)


def test_compare_puts_specifications_side_by_side():
    rets, m = _frame(n=300, start="2023-12-01")
    kw = dict(event_date="2025-01-27", estimation_window=(-200, -11), event_window=(0, 1))
    mm = es.EventStudy(rets, market=m, **kw).fit()
    ma = es.EventStudy(rets[["AAA"]], market=m, model="market_adjusted", **kw).fit()
    table = es.compare({"market": mm, "market-adjusted": ma}, window=(0, 0))
    assert table.loc["AAA", ("market", "car")] == pytest.approx(mm.abnormal_returns.loc[0, "AAA"], abs=1e-15)
    # market-adjusted AR = R - Rm exactly
    assert table.loc["AAA", ("market-adjusted", "car")] == pytest.approx(
        rets.loc["2025-01-27", "AAA"] - m.loc["2025-01-27"], abs=1e-15
    )
    assert np.isnan(table.loc["BBB", ("market-adjusted", "t")])  # not in that study
    assert table.loc["AAA", ("market", "t")] == pytest.approx(
        mm.test("t_prediction_error", (0, 0), asset="AAA").statistic
    )
    with pytest.raises(SpecificationError):
        es.compare({})


def test_test_always_returns_test_results():
    """res.test() returns one type: TestResults (a tuple of TestResult), scalar access when it has one."""
    rets, m = _frame()
    res = es.EventStudy(rets, market=m, event_date=rets.index[120], estimation_window=(-110, -11)).fit()
    per_asset = res.test("t_prediction_error", (0, 0))
    one = res.test("t_prediction_error", (0, 0), asset="BBB")
    cross = res.test("patell", (0, 0))
    assert all(isinstance(x, es.TestResults) for x in (per_asset, one, cross))
    assert [r.asset for r in per_asset] == ["AAA", "BBB"] and len(one) == len(cross) == 1
    assert one.pvalue == per_asset.asset_result("BBB").pvalue and cross.statistic == cross[0].statistic
    with pytest.raises(SpecificationError, match="one per asset"):
        _ = per_asset.pvalue
    with pytest.raises(SpecificationError, match="cross-sectional"):
        res.test("patell", asset="AAA")
    with pytest.raises(SpecificationError, match="not in this study"):
        res.test("sq", asset="ZZZ")
    assert res.tests().shape[0] == sum(len(res.test(n)) for n in res.applicable_tests())


def test_car_bands_and_ar_intervals_by_hand():
    """Bands from the prediction-error covariance with the t(dof) quantile (MacKinlay 1997, eq. 9, 14)."""
    from scipy import stats

    rets, m = _frame()
    res = es.EventStudy(rets, market=m, event_date=rets.index[120], estimation_window=(-110, -11)).fit()
    car, lo, hi = res.car_bands(0.9)
    V = res.sample.cov_evt[1]  # BBB
    q = stats.t.ppf(0.95, res.sample.dof)
    assert hi.loc[0, "BBB"] - car.loc[0, "BBB"] == pytest.approx(q * np.sqrt(V[:2, :2].sum()), rel=1e-12)
    iv = res.ar_intervals(0, 0.9).set_index("asset")
    assert iv.loc["BBB", "ci_high"] - iv.loc["BBB", "ar"] == pytest.approx(q * np.sqrt(V[1, 1]), rel=1e-12)
    with pytest.raises(SpecificationError):
        res.car_bands(1.5)
