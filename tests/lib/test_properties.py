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
6. CAR is additive over adjacent windows; a one-day BHAR is that day's AR.
7. Fitting, testing and summarising never modify the input frames; result arrays are read-only.
8. The prediction-error t moves linearly with a shift added on day 0 (c times the shift, c
   times the move).
9. Boundary checks: ``check_window`` accepts every integer pair (Python or numpy) and refuses
   every float; the O(K log K) overlapping-event detector equals a pairwise brute force.
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


# ----------------------------------------------------------------- 6. CAR additivity (issue 13)


@PROPS
@given(case=cases(min_assets=1), data=st.data())
def test_car_is_additive_over_adjacent_windows(case: Case, data: st.DataObject):
    """CAR(a, c) = CAR(a, b) + CAR(b + 1, c) for every split of the event window, and BHAR of a
    one-day window is that day's AR plus the normal-return cross term (Barber & Lyon 1997, eq. 3)."""
    res = case.fit()
    a, c = case.evt
    b = data.draw(st.integers(a, c - 1)) if c > a else a
    whole = res.car((a, c))
    if c > a:
        parts = res.car((a, b)) + res.car((b + 1, c))
        np.testing.assert_allclose(parts.to_numpy(), whole.to_numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(res.car().to_numpy(), whole.to_numpy(), rtol=0, atol=0)
    day = data.draw(st.integers(a, c))
    ar = res.abnormal_returns.loc[day]
    np.testing.assert_allclose(res.bhar((day, day)).to_numpy(), ar.to_numpy(), rtol=1e-12, atol=1e-15)


# ----------------------------------------------------------------- 7. inputs are never modified


@PROPS
@given(case=cases(min_assets=2), model=st.sampled_from(["market", "constant_mean", "market_adjusted"]))
def test_fit_never_modifies_its_inputs(case: Case, model: str):
    r0, m0 = case.returns.copy(deep=True), case.market.copy(deep=True)
    res = case.fit(model)
    res.tests()
    res.summary()
    pd.testing.assert_frame_equal(case.returns, r0)
    pd.testing.assert_series_equal(case.market, m0)
    with pytest.raises(ValueError):  # and the result's arrays are read-only
        res.model_fit.ar[0, 0] = 1.0


# ----------------------------------------------------------------- 8. t-statistics scale with the shift


@PROPS
@given(case=cases(min_assets=1), c=st.floats(0.1, 10.0))
def test_prediction_error_t_is_scale_equivariant_in_the_shift(case: Case, c: float):
    """Adding delta on day 0 moves t by delta / sd(AR_0); adding c * delta moves it c times as far."""
    sym = case.returns.columns[0]
    delta = 0.01
    base = case.fit().test("t_prediction_error", (0, 0), asset=sym).statistic
    t1 = case.fit(returns=_bump(case, sym, delta)).test("t_prediction_error", (0, 0), asset=sym).statistic
    tc = case.fit(returns=_bump(case, sym, c * delta)).test("t_prediction_error", (0, 0), asset=sym).statistic
    assert tc - base == pytest.approx(c * (t1 - base), rel=1e-9, abs=1e-9)


def _bump(case: Case, sym: str, x: float) -> pd.DataFrame:
    out = case.returns.copy()
    out.loc[case.event_date, sym] += x
    return out


# ----------------------------------------------------------------- 9. boundary checks


@PROPS
@given(lo=st.integers(-10_000, 10_000), width=st.integers(0, 500), kind=st.sampled_from(["py", "np", "list"]))
def test_check_window_accepts_every_integer_pair(lo: int, width: int, kind: str):
    from eventstudy.validation import check_window

    hi = lo + width
    w = {"py": (lo, hi), "np": (np.int64(lo), np.int32(hi)), "list": [lo, hi]}[kind]
    out = check_window(w, "event_window")
    assert out == (lo, hi) and all(type(x) is int for x in out)


@PROPS
@given(x=st.floats(allow_nan=True, allow_infinity=True), pos=st.integers(0, 1))
def test_check_window_refuses_any_float(x: float, pos: int):
    from eventstudy.errors import WindowError
    from eventstudy.validation import check_window

    w = [0, 0]
    w[pos] = x
    with pytest.raises(WindowError, match="must hold integers"):
        check_window(tuple(w), "event_window")


@PROPS
@given(data=st.data())
def test_overlap_detector_matches_brute_force(data: st.DataObject):
    """The O(K log K) sorted search flags exactly the pairs a pairwise comparison flags."""
    from eventstudy.validation import overlapping_events

    K = data.draw(st.integers(1, 25))
    L, T = data.draw(st.integers(5, 60)), data.draw(st.integers(1, 6))
    gap = data.draw(st.integers(1, 5))
    assets = np.array(data.draw(st.lists(st.sampled_from("ABC"), min_size=K, max_size=K)))
    pos0 = np.array(data.draw(st.lists(st.integers(L + gap + 10, 1400), min_size=K, max_size=K)))
    est = pos0[None, :] + np.arange(-(L + gap), -gap)[:, None]
    evt = pos0[None, :] + np.arange(0, T)[:, None]
    est_d, evt_d = SESSIONS.to_numpy()[est], SESSIONS.to_numpy()[evt]
    got = overlapping_events(assets, est_d, evt_d)
    want = np.array(
        [
            any(
                j != k
                and assets[j] == assets[k]
                and evt_d[0, j] <= est_d[-1, k]
                and evt_d[-1, j] >= est_d[0, k]
                for j in range(K)
            )
            for k in range(K)
        ]
    )
    np.testing.assert_array_equal(got, want)
