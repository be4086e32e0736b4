"""Validation of the parametric cross-sectional tests against hand calculations.

Each statistic is recomputed here from the paper's formula, step by step with
plain loops, on a tiny hand-made data set (N=3 assets, L=6, T=3), and compared to
1e-12. A size check on SYNTHETIC iid-normal data closes the file.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from inference_samples import build_sample, car_var_formula, synthetic_rejection_rates
from scipy import stats

from eventstudy.errors import SpecificationError, WindowError
from eventstudy.inference import (
    EventSample,
    bmp,
    brown_warner,
    kolari_pynnonen,
    patell,
    t_cross_sectional,
)

WINDOWS = [(-1, 1), (0, 0), (0, 1), (-1, -1)]


def rows_of(window, start=-1):
    return list(range(window[0] - start, window[1] - start + 1))


def hand_car(sample, i, rows):
    return sum(sample.ar_evt[t, i] for t in rows)


@pytest.mark.parametrize("window", WINDOWS)
def test_t_cross_sectional_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    cars = [hand_car(s, i, rows) for i in range(3)]
    mean = sum(cars) / 3
    var = sum((c - mean) ** 2 for c in cars) / (3 - 1)
    t = mean / math.sqrt(var / 3)
    res = t_cross_sectional(s, window)
    assert res.statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t), 2), rel=1e-12)
    assert res.null_distribution == "t(2)"
    assert res.n == 3 and res.window == window


@pytest.mark.parametrize("window", WINDOWS)
def test_brown_warner_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    L, N = 6, 3
    aar = [sum(s.ar_est[t, i] for i in range(N)) / N for t in range(L)]
    abar = sum(aar) / L
    sd = math.sqrt(sum((a - abar) ** 2 for a in aar) / (L - 1))
    caar = sum(sum(s.ar_evt[t, i] for i in range(N)) / N for t in rows)
    t = caar / (math.sqrt(len(rows)) * sd)
    res = brown_warner(s, window)
    assert res.statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
    assert res.null_distribution == "t(5)"
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t), 5), rel=1e-12)


def test_brown_warner_demean_option():
    s = build_sample()
    # OLS residuals average to zero per asset, so demeaning changes nothing here
    assert brown_warner(s, (0, 1), demean=True).statistic == pytest.approx(
        brown_warner(s, (0, 1)).statistic, rel=1e-9
    )
    shifted = EventSample(**{**s.__dict__, "ar_est": s.ar_est + 0.01})
    assert brown_warner(shifted, (0, 1), demean=True).statistic != pytest.approx(
        brown_warner(shifted, (0, 1)).statistic
    )


@pytest.mark.parametrize("window", WINDOWS)
def test_patell_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    scar = [hand_car(s, i, rows) / math.sqrt(car_var_formula(s, i, rows)) for i in range(3)]
    dof = 6 - 2
    z = sum(scar) / math.sqrt(sum(dof / (dof - 2) for _ in range(3)))
    res = patell(s, window)
    assert res.statistic == pytest.approx(z, rel=1e-12, abs=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert res.null_distribution == "N(0,1)"


def _hand_bmp(s, rows):
    scar = [hand_car(s, i, rows) / math.sqrt(car_var_formula(s, i, rows)) for i in range(3)]
    n = len(scar)
    mean = sum(scar) / n
    return mean / math.sqrt(sum((x - mean) ** 2 for x in scar) / (n * (n - 1)))


@pytest.mark.parametrize("window", WINDOWS)
def test_bmp_by_hand(window):
    s = build_sample()
    t = _hand_bmp(s, rows_of(window))
    res = bmp(s, window)
    assert res.statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t), 2), rel=1e-12)
    assert res.details["pvalue_normal"] == pytest.approx(2 * stats.norm.sf(abs(t)), rel=1e-12)


@pytest.mark.parametrize("window", WINDOWS)
def test_kolari_pynnonen_by_hand(window):
    s = build_sample()
    L, N = 6, 3
    corr = []
    for i in range(N):
        for j in range(N):
            if i == j:
                continue
            xi = [s.ar_est[t, i] for t in range(L)]
            xj = [s.ar_est[t, j] for t in range(L)]
            mi, mj = sum(xi) / L, sum(xj) / L
            cij = sum((a - mi) * (b - mj) for a, b in zip(xi, xj, strict=True))
            vi = sum((a - mi) ** 2 for a in xi)
            vj = sum((b - mj) ** 2 for b in xj)
            corr.append(cij / math.sqrt(vi * vj))
    rbar = sum(corr) / len(corr)
    t = _hand_bmp(s, rows_of(window)) * math.sqrt((1 - rbar) / (1 + (N - 1) * rbar))
    res = kolari_pynnonen(s, window)
    assert res.details["rbar"] == pytest.approx(rbar, rel=1e-12)
    assert res.statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t), 2), rel=1e-12)


@pytest.mark.parametrize("test", [t_cross_sectional, brown_warner, patell, bmp, kolari_pynnonen])
def test_alternatives_consistent(test):
    s = build_sample()
    two = test(s, (-1, 1))
    gt = test(s, (-1, 1), alternative="greater")
    lt = test(s, (-1, 1), alternative="less")
    assert gt.pvalue + lt.pvalue == pytest.approx(1.0, rel=1e-12)
    assert two.pvalue == pytest.approx(2 * min(gt.pvalue, lt.pvalue), rel=1e-12)
    assert gt.alternative == "greater" and 0.0 <= two.pvalue <= 1.0
    assert test(s, None).window == (-1, 1)
    with pytest.raises(SpecificationError):
        test(s, (-1, 1), alternative="bigger")
    with pytest.raises(WindowError):
        test(s, (-1, 2))
    with pytest.raises(WindowError):
        test(s, (1, 0))


def test_statistics_detect_a_shift():
    """The hand sample shifted by +5% on day 0 must be rejected by every test (power sanity)."""
    s = build_sample()
    ar = s.ar_evt.copy()
    ar[1] += np.array([0.05, 0.06, 0.055])
    shifted = EventSample(**{**s.__dict__, "ar_evt": ar})
    for test in (t_cross_sectional, brown_warner, patell, bmp):
        assert test(shifted, (0, 0)).statistic > test(s, (0, 0)).statistic
        assert test(shifted, (0, 0), alternative="greater").pvalue < 0.1


def test_patell_needs_dof():
    s = build_sample()
    with pytest.raises(SpecificationError):
        patell(EventSample(**{**s.__dict__, "dof": 2}), (0, 0))


def test_size_under_null_synthetic():
    """SYNTHETIC iid-normal returns, fixed seed, 300 draws: 5% rejection within [2%, 9%]."""
    tests = {
        "patell": patell,
        "bmp": bmp,
        "t_cross_sectional": t_cross_sectional,
        "brown_warner": brown_warner,
        "kolari_pynnonen": kolari_pynnonen,
    }
    for name, rate in synthetic_rejection_rates(tests, seed=20250127).items():
        assert 0.02 <= rate <= 0.09, (name, rate)


def test_registry_names_and_result_types():
    from eventstudy.inference import MULTI_ASSET_TESTS, SINGLE_ASSET_TESTS, TESTS, TestResult

    expected = [
        "t_prediction_error", "dummy_regression", "sq", "t_cross_sectional", "brown_warner", "patell",
        "bmp", "kolari_pynnonen", "corrado_rank", "grank", "sign", "generalized_sign", "wilcoxon",
        "bootstrap", "permutation", "joint_wald",
    ]  # fmt: skip
    # later additions come after these, in eventstudy.inference.REGISTRY
    assert list(TESTS)[: len(expected)] == expected
    assert set(SINGLE_ASSET_TESTS) | set(MULTI_ASSET_TESTS) == set(TESTS)
    assert not set(SINGLE_ASSET_TESTS) & set(MULTI_ASSET_TESTS)
    s = build_sample()
    before = s.ar_evt.copy()
    for name in expected:
        fn = TESTS[name]
        out = fn(s, (0, 1))
        results = out if name in SINGLE_ASSET_TESTS else [out]
        if name in SINGLE_ASSET_TESTS:
            assert isinstance(out, list) and len(out) == 3
        for r in results:
            assert isinstance(r, TestResult) and r.name == name and r.window == (0, 1)
            assert 0.0 <= r.pvalue <= 1.0 and math.isfinite(r.statistic)
            assert r.null_distribution and r.n >= 1
            assert r.to_dict()["test"] == name
    np.testing.assert_array_equal(s.ar_evt, before)
