"""Property-based tests (hypothesis) of the estimation and the test battery.

All returns here are **synthetic**: hypothesis draws the shape of the problem (number of
assets, estimation-window length, event day, betas, volatilities, a seed) and numpy draws
the returns from that seed, on real XNYS sessions. No real data is used.

Invariants checked
------------------
1. OLS with a constant: estimation-window abnormal returns sum to zero (market model and
   constant-mean model) and are orthogonal to the market return.
2. Reordering the assets (a permutation of the columns) leaves every cross-sectional
   statistic unchanged and permutes the single-asset results.
3. Scaling every return (assets and market) by ``c > 0`` leaves every standardized
   statistic unchanged and scales the abnormal returns by ``c``.
4. Adding ``c`` to one asset's return on day 0 moves that abnormal return by exactly ``c``
   and changes nothing else (parameters, sigma, the other ARs).
5. ``model="market_adjusted"``: ``AR = R - R_m`` exactly, and it equals the market model's
   residual at alpha 0, beta 1.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventstudy import EventStudy
from eventstudy.calendars import sessions
from eventstudy.errors import UnitsWarning

PROPS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # same examples on every run (CI reproducibility)
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

SESSIONS = sessions("XNYS", "2018-01-01", "2024-12-31")

#: Cross-sectional tests that must not depend on the order of the assets.
CROSS_SECTIONAL = [
    "patell",
    "bmp",
    "kolari_pynnonen",
    "corrado_rank",
    "grank",
    "sign",
    "generalized_sign",
    "t_cross_sectional",
    "wilcoxon",
]
#: Standardized statistics: invariant to scaling all returns by c > 0.
SCALE_FREE = ["patell", "bmp", "kolari_pynnonen", "corrado_rank", "grank"]
SINGLE = ["t_prediction_error", "sq"]


@dataclass(frozen=True)
class Case:
    """A synthetic event study: returns of ``k`` assets and a market on real XNYS sessions."""

    returns: pd.DataFrame
    market: pd.Series
    event_date: pd.Timestamp
    est: tuple[int, int]
    evt: tuple[int, int]

    def fit(
        self, model: str = "market", returns: pd.DataFrame | None = None, market: pd.Series | None = None
    ):
        return EventStudy(
            self.returns if returns is None else returns,
            market=self.market if market is None else market,
            event_date=self.event_date,
            estimation_window=self.est,
            event_window=self.evt,
            model=model,
            min_estimation=30,
        ).fit()


@st.composite
def cases(draw: st.DrawFn, min_assets: int = 3) -> Case:
    """Draw a synthetic event study (numpy returns seeded by hypothesis)."""
    k = draw(st.integers(min_assets, 8))
    L = draw(st.integers(40, 160))
    gap = draw(st.integers(0, 10))
    pre = draw(st.integers(1, 3))
    post = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    heavy = draw(st.booleans())
    rng = np.random.default_rng(seed)
    n = L + gap + pre + post + 1
    start = draw(st.integers(0, len(SESSIONS) - n - 1))
    idx = SESSIONS[start : start + n]
    m = rng.normal(0.0004, rng.uniform(0.005, 0.02), n)
    beta = rng.uniform(-0.5, 2.0, k)
    alpha = rng.normal(0.0, 0.001, k)
    noise = rng.standard_t(3, (n, k)) if heavy else rng.standard_normal((n, k))
    eps = noise * rng.uniform(0.005, 0.04, k)
    r = alpha + m[:, None] * beta + eps
    day0 = L + gap + pre
    cols = [f"SYN{j}" for j in range(k)]
    return Case(
        returns=pd.DataFrame(r, index=idx, columns=cols),
        market=pd.Series(m, index=idx, name="^SYNM"),
        event_date=idx[day0],
        est=(-(L + gap + pre), -(gap + pre) - 1),
        evt=(-pre, post),
    )


def _stat(res, name: str, window: tuple[int, int]) -> float:
    return float(res.test(name, window).statistic)


# ----------------------------------------------------------------- 1. residuals sum to zero


@PROPS
@given(case=cases(min_assets=1))
def test_estimation_residuals_sum_to_zero(case: Case):
    res = case.fit("market")
    e = res.estimation_residuals.to_numpy()
    scale = np.abs(case.returns.to_numpy()).max() * e.shape[0]
    np.testing.assert_allclose(e.sum(axis=0), 0.0, atol=1e-12 * scale)
    m = res.panel.m_est
    np.testing.assert_allclose((e * m).sum(axis=0), 0.0, atol=1e-12 * scale)  # normal equation for beta
    cm = case.fit("constant_mean").estimation_residuals.to_numpy()
    np.testing.assert_allclose(cm.sum(axis=0), 0.0, atol=1e-12 * scale)


# ----------------------------------------------------------------- 2. asset order


@PROPS
@given(case=cases(), data=st.data())
def test_statistics_do_not_depend_on_asset_order(case: Case, data: st.DataObject):
    cols = list(case.returns.columns)
    perm = data.draw(st.permutations(cols))
    a = case.fit()
    b = case.fit(returns=case.returns[perm])
    pd.testing.assert_frame_equal(b.abnormal_returns[cols], a.abnormal_returns, rtol=1e-12, atol=0)
    window = (case.evt[0], case.evt[1])
    for name in CROSS_SECTIONAL:
        ra, rb = a.test(name, window), b.test(name, window)
        assert rb.statistic == pytest.approx(ra.statistic, rel=1e-9, abs=1e-12), name
        assert rb.pvalue == pytest.approx(ra.pvalue, rel=1e-9, abs=1e-12), name
        assert rb.n == ra.n
    for name in SINGLE:
        by_asset = {r.asset: r.statistic for r in a.test(name, window)}
        for r in b.test(name, window):
            assert r.statistic == pytest.approx(by_asset[r.asset], rel=1e-9, abs=1e-12), (name, r.asset)


# ----------------------------------------------------------------- 3. scale invariance


@PROPS
@given(case=cases(), c=st.floats(0.05, 20.0), day=st.integers(-1, 1))
def test_standardized_statistics_are_scale_free(case: Case, c: float, day: int):
    a = case.fit()
    with warnings.catch_warnings():  # a large c makes decimals look like percent: said, not wrong
        warnings.simplefilter("ignore", UnitsWarning)
        b = case.fit(returns=case.returns * c, market=case.market * c)
    np.testing.assert_allclose(
        b.abnormal_returns.to_numpy(), c * a.abnormal_returns.to_numpy(), rtol=1e-9, atol=1e-15
    )
    pd.testing.assert_series_equal(b.params["beta"], a.params["beta"], rtol=1e-9)
    window = (case.evt[0], case.evt[1])
    for name in SCALE_FREE:
        assert _stat(b, name, window) == pytest.approx(_stat(a, name, window), rel=1e-7, abs=1e-10), name
    # a one-day window too (day in the event window)
    one = (min(max(day, case.evt[0]), case.evt[1]),) * 2
    for name in ("patell", "bmp", "kolari_pynnonen", "corrado_rank"):
        assert _stat(b, name, one) == pytest.approx(_stat(a, name, one), rel=1e-7, abs=1e-10), name
    for ra, rb in zip(
        a.test("t_prediction_error", window), b.test("t_prediction_error", window), strict=True
    ):
        assert rb.statistic == pytest.approx(ra.statistic, rel=1e-7, abs=1e-10)
    for ra, rb in zip(a.test("sq", window), b.test("sq", window), strict=True):
        assert rb.pvalue == pytest.approx(ra.pvalue, rel=1e-7, abs=1e-10)
        # SQ's statistic is the CAR itself, which scales with c
        assert rb.statistic == pytest.approx(c * ra.statistic, rel=1e-7, abs=1e-15)


# ----------------------------------------------------------------- 4. event-day shift


@PROPS
@given(case=cases(min_assets=1), c=st.floats(-0.3, 0.3, allow_nan=False), data=st.data())
def test_adding_c_on_day_zero_moves_that_ar_by_c(case: Case, c: float, data: st.DataObject):
    j = data.draw(st.integers(0, case.returns.shape[1] - 1))
    sym = case.returns.columns[j]
    bumped = case.returns.copy()
    bumped.loc[case.event_date, sym] += c
    a, b = case.fit(), case.fit(returns=bumped)
    ar_a, ar_b = a.abnormal_returns, b.abnormal_returns
    assert ar_b.loc[0, sym] - ar_a.loc[0, sym] == pytest.approx(c, abs=1e-12)
    diff = np.array(ar_b - ar_a)  # a writable copy
    diff[list(ar_a.index).index(0), j] = 0.0
    np.testing.assert_array_equal(diff, 0.0)  # every other AR is bit-identical
    pd.testing.assert_frame_equal(b.params, a.params)  # the estimation fit is unchanged
    pd.testing.assert_frame_equal(b.estimation_residuals, a.estimation_residuals)
    assert b.car().loc[sym] - a.car().loc[sym] == pytest.approx(c, abs=1e-12)


# ----------------------------------------------------------------- 5. market-adjusted


@PROPS
@given(case=cases(min_assets=1))
def test_market_adjusted_is_return_minus_market(case: Case):
    res = case.fit("market_adjusted")
    ar = res.abnormal_returns
    dates = res.dates
    for sym in ar.columns:
        d = pd.DatetimeIndex(dates[sym])
        expected = case.returns.loc[d, sym].to_numpy() - case.market.loc[d].to_numpy()
        np.testing.assert_array_equal(ar[sym].to_numpy(), expected)  # exactly, no fitted numbers
    # and it is the market model with alpha 0, beta 1 (residuals of y = 0 + 1 * m + e)
    est = res.estimation_residuals.to_numpy()
    np.testing.assert_array_equal(est, res.panel.y_est - res.panel.m_est)
    assert np.array_equal(ar.to_numpy(), res.panel.y_evt - 0.0 - 1.0 * res.panel.m_evt)
