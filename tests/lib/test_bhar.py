"""BHAR tests: hand-derived values on tiny samples and a SYNTHETIC panel (Barber & Lyon 1997;
Lyon, Barber & Tsai 1999). The values on the real ten-stock panel are in tests/app/test_depth_snapshot.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from synthetic import EVENT, daily_panel

import eventstudy as es
from eventstudy.errors import SpecificationError
from eventstudy.inference import EventSample
from eventstudy.inference.bhar import bhar_skewness_adjusted, bhar_t, bhar_values, skewness_adjusted_t


def one_day_sample(ar, ret=None):
    """N assets, one event day: the BHAR of a one-day window is the AR itself."""
    ar = np.asarray(ar, dtype=float)[None, :]
    ret = ar + 0.001 if ret is None else np.asarray(ret, dtype=float)[None, :]
    n = ar.shape[1]
    rng = np.random.default_rng(0)
    return EventSample(
        ar_est=rng.normal(0, 0.01, (50, n)),
        ar_evt=ar,
        event_days=np.array([0]),
        sigma=np.full(n, 0.01),
        cov_evt=np.full((n, 1, 1), 1e-4),
        dof=48,
        assets=tuple(f"A{i}" for i in range(n)),
        returns_est=np.zeros((50, n)),
        returns_evt=ret,
    )


BH = [0.01, 0.02, 0.03, 0.04, 0.10]


def test_bhar_compounds_realised_and_normal_returns_by_hand():
    R = [[0.05, -0.02, 0.01], [0.03, 0.04, -0.01]]  # two event days, three assets
    A = [[0.02, -0.01, 0.00], [0.01, 0.03, -0.02]]
    s = EventSample(
        ar_est=np.zeros((10, 3)) + np.arange(10)[:, None] * 1e-3,
        ar_evt=np.array(A),
        event_days=np.array([0, 1]),
        sigma=np.ones(3),
        cov_evt=np.tile(np.eye(2), (3, 1, 1)),
        dof=8,
        returns_evt=np.array(R),
    )
    for i in range(3):
        real = (1 + R[0][i]) * (1 + R[1][i])
        norm = (1 + R[0][i] - A[0][i]) * (1 + R[1][i] - A[1][i])
        assert bhar_values(s, (0, 1))[i] == pytest.approx(real - norm, abs=1e-15)
    # first asset, worked out: 1.05*1.03 - 1.03*1.02 = 1.0815 - 1.0506
    assert bhar_values(s, (0, 1))[0] == pytest.approx(0.0309, abs=1e-12)


def test_bhar_t_hand_value():
    # mean 0.04, s^2 = (.03^2+.02^2+.01^2+0+.06^2)/4 = 0.00125, t = 0.04/sqrt(0.00125/5) = 2.529822
    r = bhar_t(one_day_sample(BH))
    assert r.statistic == pytest.approx(0.04 / math.sqrt(0.00125 / 5), rel=1e-12)
    assert r.statistic == pytest.approx(2.5298221, abs=1e-6)
    assert r.pvalue == pytest.approx(2 * stats.t(4).sf(2.5298221281), rel=1e-8)
    assert r.null_distribution == "t(4)"


def test_skewness_adjusted_t_hand_value():
    # S = 0.04/0.0353553 = 1.1313708; gamma = 1.8e-4 / (5 * 0.0353553^3) = 0.8145870;
    # t_sa = sqrt(5) (S + gamma S^2/3 + gamma/30) = 3.3677 (LBT 1999, eq. 5)
    S = 0.04 / math.sqrt(0.00125)
    g = 1.8e-4 / (5 * math.sqrt(0.00125) ** 3)
    hand = math.sqrt(5) * (S + g * S**2 / 3 + g / 30)
    assert g == pytest.approx(0.814587, abs=1e-6)
    assert float(skewness_adjusted_t(np.array(BH))) == pytest.approx(hand, rel=1e-12)
    assert hand == pytest.approx(3.36770, abs=1e-4)
    r = bhar_skewness_adjusted(one_day_sample(BH), n_boot=200, seed=1)
    assert r.statistic == pytest.approx(hand, rel=1e-12)
    assert r.details["t_conventional"] == pytest.approx(2.5298221, abs=1e-6)


def test_skewness_adjusted_t_reduces_to_t_without_skew():
    x = np.array([-0.02, -0.01, 0.0, 0.01, 0.02]) + 0.005  # symmetric: gamma = 0
    t = 0.005 / (x.std(ddof=1) / math.sqrt(5))
    assert float(skewness_adjusted_t(x)) == pytest.approx(t, rel=1e-12)


def test_bootstrap_pvalue_by_hand_counting():
    """The p-value is the (1 + #)/(1 + B) count over the resamples LBT describe (sec. III.B)."""
    b = np.array(BH)
    B = 300
    r = bhar_skewness_adjusted(one_day_sample(BH), n_boot=B, seed=7, two_sided="equal_tail")
    gen = np.random.default_rng(7)
    idx = gen.integers(0, 5, size=(B, 5))
    tstar = []
    for row in idx:  # plain loop, one resample at a time
        x = b[row]
        m, s = x.mean(), x.std(ddof=1)
        if s == 0:
            tstar.append(math.copysign(math.inf, m - b.mean()) if m != b.mean() else 0.0)
            continue
        S = (m - b.mean()) / s
        g = ((x - m) ** 3).sum() / (5 * s**3)
        tstar.append(math.sqrt(5) * (S + g * S * S / 3 + g / 30))
    tstar = np.array(tstar)
    lo = (1 + (tstar <= r.statistic).sum()) / (B + 1)
    hi = (1 + (tstar >= r.statistic).sum()) / (B + 1)
    assert r.pvalue == pytest.approx(min(1.0, 2 * min(lo, hi)), abs=1e-15)
    sym = bhar_skewness_adjusted(one_day_sample(BH), n_boot=B, seed=7)
    assert sym.pvalue == pytest.approx((1 + (np.abs(tstar) >= abs(r.statistic)).sum()) / (B + 1), abs=1e-15)


def test_bootstrap_is_reproducible_and_bounded():
    s = one_day_sample(BH)
    a = bhar_skewness_adjusted(s, n_boot=500, seed=3)
    b = bhar_skewness_adjusted(s, n_boot=500, seed=3)
    assert a.pvalue == b.pvalue and 0 < a.pvalue <= 1
    assert a.details["crit_lo"] < 0 < a.details["crit_hi"]
    assert a.details["resample_size"] == 5  # round(5/4) < 10: the whole sample


def test_resample_size_quarter_for_large_n():
    rng = np.random.default_rng(0)
    r = bhar_skewness_adjusted(one_day_sample(rng.normal(0, 0.05, 80)), n_boot=100)
    assert r.details["resample_size"] == 20  # n/4 as in LBT (1999)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"n_boot": 0}, "n_boot"),
        ({"resample_size": 2}, "resample_size"),
        ({"two_sided": "both"}, "two_sided"),
        ({"alternative": "up"}, "alternative"),
    ],
)
def test_bad_options_are_typed_errors(kw, match):
    with pytest.raises(SpecificationError, match=match):
        bhar_skewness_adjusted(one_day_sample(BH), **kw)


def test_needs_raw_returns_and_enough_assets():
    s = one_day_sample(BH)
    from dataclasses import replace

    with pytest.raises(SpecificationError, match="returns_evt"):
        bhar_t(replace(s, returns_evt=None))
    with pytest.raises(SpecificationError, match="at least 3"):
        bhar_skewness_adjusted(one_day_sample([0.01, 0.02]))
    with pytest.raises(SpecificationError, match="equal"):
        bhar_t(one_day_sample([0.01] * 5))


@pytest.fixture(scope="module")
def panel():
    """SYNTHETIC ten-asset panel with a skewed day-0 shock (tests/lib/synthetic.py)."""
    r, m = daily_panel(seed=4)
    return es.EventStudy(r, market=m, event_date=EVENT, event_window=(-1, 4)).fit()


def test_panel_bhar_t_matches_the_bhar_accessor(panel):
    b = panel.bhar((0, 4)).to_numpy()
    r = panel.test("bhar_t", window=(0, 4))
    assert r.statistic == pytest.approx(b.mean() / (b.std(ddof=1) / math.sqrt(10)), rel=1e-12)
    assert r.pvalue == pytest.approx(2 * stats.t(9).sf(abs(r.statistic)), rel=1e-10)
    assert r.window == (0, 4)
    # BHAR_i = prod(1 + R_it) - prod(1 + R_it - AR_it), written out from the study's returns
    R, A = panel.sample.returns_evt[1:], panel.abnormal_returns.loc[0:4].to_numpy()
    hand = np.prod(1 + R, axis=0) - np.prod(1 + R - A, axis=0)
    assert b == pytest.approx(hand, rel=1e-12, abs=1e-15)
    # a one-day BHAR is the AR, so bhar_t equals the cross-sectional t on day 0
    assert panel.test("bhar_t", window=(0, 0)).statistic == pytest.approx(
        panel.test("t_cross_sectional", window=(0, 0)).statistic, rel=1e-10
    )


def test_panel_skewness_adjusted_is_seeded_from_the_study(panel):
    a = panel.test("bhar_skewness_adjusted", window=(-1, 1))
    b = panel.test("bhar_skewness_adjusted", window=(-1, 1))
    assert a.pvalue == b.pvalue
    assert a.null_distribution == "bootstrap(1000, n_b=10)"
    assert a.statistic == pytest.approx(float(skewness_adjusted_t(panel.bhar((-1, 1)).to_numpy())), rel=1e-12)
