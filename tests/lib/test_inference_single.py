"""Validation of the single-asset tests (prediction-error t, dummy regression, SQ).

Statistics are recomputed from the papers' formulas with plain loops on a tiny
hand-made data set (N=3, L=6, T=3) and compared to 1e-12; the dummy regression is
compared with an independent statsmodels fit built here with explicit dummies.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from inference_samples import MKT, RET, build_sample, car_var_formula
from scipy import stats

from eventstudy.errors import SpecificationError
from eventstudy.inference import EventSample, dummy_regression, sq, t_prediction_error

WINDOWS = [(-1, 1), (0, 0), (0, 1), (-1, 0)]


def rows_of(window, start=-1):
    return list(range(window[0] - start, window[1] - start + 1))


# ----------------------------------------------------------------------------- t_prediction_error


@pytest.mark.parametrize("window", WINDOWS)
def test_t_prediction_error_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    res = t_prediction_error(s, window)
    assert [r.asset for r in res] == ["A0", "A1", "A2"]
    for i in range(3):
        car = sum(s.ar_evt[t, i] for t in rows)
        t = car / math.sqrt(car_var_formula(s, i, rows))
        assert res[i].statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
        assert res[i].pvalue == pytest.approx(2 * stats.t.sf(abs(t), 4), rel=1e-12)
        assert res[i].details["pvalue_normal"] == pytest.approx(2 * stats.norm.sf(abs(t)), rel=1e-12)
        assert res[i].null_distribution == "t(4)" and res[i].window == window


def test_t_prediction_error_one_sided():
    s = build_sample()
    gt = t_prediction_error(s, (0, 1), alternative="greater")
    lt = t_prediction_error(s, (0, 1), alternative="less")
    for a, b in zip(gt, lt, strict=True):
        assert a.pvalue + b.pvalue == pytest.approx(1.0, rel=1e-12)
    with pytest.raises(SpecificationError):
        t_prediction_error(s, (0, 1), alternative="up")


# ----------------------------------------------------------------------------- dummy regression


def explicit_dummy_fit(i, cov_type="nonrobust", cov_kwds=None):
    """Independent statsmodels fit: rows [1, m_t, D_1, D_2, D_3] written out by hand."""
    y, Z = [], []
    for t in range(9):
        y.append(RET[t][i])
        Z.append([1.0, MKT[t]] + [1.0 if t == 6 + k else 0.0 for k in range(3)])
    return sm.OLS(np.array(y), np.array(Z)).fit(cov_type=cov_type, cov_kwds=cov_kwds)


def r_vector(window):
    return np.array([0.0, 0.0] + [1.0 if k in rows_of(window) else 0.0 for k in range(3)])


@pytest.mark.parametrize("window", WINDOWS)
def test_dummy_coefficients_equal_abnormal_returns(window):
    s = build_sample()
    res = dummy_regression(s, window)
    for i in range(3):
        fit = explicit_dummy_fit(i)
        for k in range(3):
            assert fit.params[2 + k] == pytest.approx(s.ar_evt[k, i], abs=1e-12)
            assert res[i].details["gamma"][k] == pytest.approx(s.ar_evt[k, i], abs=1e-12)
        car = sum(s.ar_evt[t, i] for t in rows_of(window))
        assert res[i].details["car"] == pytest.approx(car, abs=1e-12)


@pytest.mark.parametrize("window", WINDOWS)
def test_dummy_regression_nonrobust_matches_explicit_fit_and_t_pe(window):
    s = build_sample()
    res = dummy_regression(s, window)
    tpe = t_prediction_error(s, window)
    R = r_vector(window)
    for i in range(3):
        fit = explicit_dummy_fit(i)
        t = R @ fit.params / math.sqrt(R @ fit.cov_params() @ R)
        assert res[i].statistic == pytest.approx(t, rel=1e-10)
        # OLS dummy t ratio is the prediction-error t when sigma uses L - p (ddof = 2)
        assert res[i].statistic == pytest.approx(tpe[i].statistic, rel=1e-10)
        assert res[i].pvalue == pytest.approx(2 * stats.t.sf(abs(t), 4), rel=1e-9)
        assert res[i].null_distribution == "t(4)" and res[i].n == 9


@pytest.mark.parametrize("cov_type", ["HC0", "HC1", "HAC"])
def test_dummy_regression_raw_robust_matches_statsmodels(cov_type):
    s = build_sample()
    kw = {"maxlags": 1} if cov_type == "HAC" else None
    res = dummy_regression(s, (-1, 1), cov_type=cov_type, maxlags=1, add_event_variance=False)
    R = r_vector((-1, 1))
    for i in range(3):
        fit = explicit_dummy_fit(i, cov_type, kw)
        t = R @ fit.params / math.sqrt(R @ fit.cov_params() @ R)
        assert res[i].statistic == pytest.approx(t, rel=1e-10)
        assert "caveat" in res[i].details


def _hand_hc3(i):
    fit = explicit_dummy_fit(i)
    Z = fit.model.exog
    inv = np.linalg.inv(Z.T @ Z)
    meat = np.zeros((5, 5))
    for t in range(9):
        h = Z[t] @ inv @ Z[t]
        if h < 1 - 1e-10:  # dummied event days have leverage one and residual zero
            meat += np.outer(Z[t], Z[t]) * fit.resid[t] ** 2 / (1 - h) ** 2
    return fit, inv @ meat @ inv


@pytest.mark.parametrize("window", [(-1, 1), (0, 0)])
def test_dummy_regression_hc3_and_event_variance_by_hand(window):
    s = build_sample()
    R = r_vector(window)
    raw = dummy_regression(s, window, cov_type="HC3", add_event_variance=False)
    full = dummy_regression(s, window, cov_type="HC3")
    hc0 = dummy_regression(s, window, cov_type="HC0")
    for i in range(3):
        fit, V = _hand_hc3(i)
        s2 = sum(fit.resid[t] ** 2 for t in range(6)) / (6 - 2)
        w = len(rows_of(window))
        assert raw[i].statistic == pytest.approx(R @ fit.params / math.sqrt(R @ V @ R), rel=1e-10)
        assert full[i].statistic == pytest.approx(R @ fit.params / math.sqrt(R @ V @ R + w * s2), rel=1e-10)
        V0 = explicit_dummy_fit(i, "HC0").cov_params()
        assert hc0[i].statistic == pytest.approx(R @ fit.params / math.sqrt(R @ V0 @ R + w * s2), rel=1e-10)


def test_dummy_regression_hac_event_variance_by_hand():
    s = build_sample()
    window, lags = (-1, 1), 1
    res = dummy_regression(s, window, cov_type="HAC", maxlags=lags)
    R = r_vector(window)
    for i in range(3):
        fit = explicit_dummy_fit(i, "HAC", {"maxlags": lags})
        e = [fit.resid[t] for t in range(6)]
        g0 = sum(x * x for x in e) / 4
        g1 = (1 - 1 / (lags + 1)) * sum(e[t] * e[t - 1] for t in range(1, 6)) / 4
        # Var of the 3-day disturbance sum: 3 g0 + 2 * 2 g1 (Toeplitz, Bartlett weight)
        add = 3 * g0 + 4 * g1
        t = R @ fit.params / math.sqrt(R @ fit.cov_params() @ R + add)
        assert res[i].statistic == pytest.approx(t, rel=1e-10)
        assert res[i].details["maxlags"] == lags


def test_dummy_regression_normal_reference_and_errors():
    s = build_sample()
    r = dummy_regression(s, (0, 0), use_t=False)[0]
    assert r.null_distribution == "N(0,1)"
    assert r.pvalue == pytest.approx(2 * stats.norm.sf(abs(r.statistic)), rel=1e-12)
    with pytest.raises(SpecificationError):
        dummy_regression(s, (0, 0), cov_type="HC2")
    with pytest.raises(SpecificationError, match="regressors_est"):
        dummy_regression(EventSample(**{**s.__dict__, "regressors_est": None}), (0, 0))


# ----------------------------------------------------------------------------- SQ


@pytest.mark.parametrize("window", WINDOWS)
def test_sq_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    d, L = len(rows), 6
    res = sq(s, window, convention="ecdf")
    res_gt = sq(s, window, alternative="greater", convention="ecdf")
    res_lt = sq(s, window, alternative="less", convention="ecdf")
    res_p1 = sq(s, window)  # default: (# + 1) / (n + 1)
    for i in range(3):
        car = sum(s.ar_evt[t, i] for t in rows)
        sums = [sum(s.ar_est[j + k, i] for k in range(d)) for j in range(L - d + 1)]
        n = len(sums)
        below = sum(1 for x in sums if x <= car)
        above = sum(1 for x in sums if x >= car)
        F = below / n
        assert res[i].statistic == pytest.approx(car, abs=1e-15)
        assert res[i].details["ecdf"] == F and res[i].n == n
        assert res[i].pvalue == pytest.approx(min(1.0, 2 * min(F, above / n)), abs=1e-15)
        assert res_lt[i].pvalue == pytest.approx(F, abs=1e-15)
        assert res_gt[i].pvalue == pytest.approx(above / n, abs=1e-15)
        p1 = min(1.0, 2 * min((below + 1) / (n + 1), (above + 1) / (n + 1)))
        assert res_p1[i].pvalue == pytest.approx(p1, abs=1e-15)
        assert res[i].null_distribution == "empirical"


def test_sq_extreme_car_and_errors():
    s = build_sample()
    ar = s.ar_evt.copy()
    ar[1] = [0.5, -0.5, 0.0]
    big = EventSample(**{**s.__dict__, "ar_evt": ar})
    res = sq(big, (0, 0), convention="ecdf")
    assert res[0].pvalue == 0.0 and res[1].pvalue == 0.0  # beyond every estimation residual
    assert sq(big, (0, 0))[0].pvalue == pytest.approx(2 / 7)  # default plus_one: never 0
    with pytest.raises(SpecificationError):
        sq(s, (0, 0), convention="hazen")
    short = EventSample(**{**s.__dict__, "ar_est": s.ar_est[:2], "est_days": None})
    with pytest.raises(SpecificationError):
        sq(short, (-1, 1))


@pytest.mark.parametrize("test", [t_prediction_error, dummy_regression, sq])
def test_asset_selection(test):
    s = build_sample()
    full = test(s, (-1, 1))
    assert len(full) == 3 and [r.asset for r in full] == ["A0", "A1", "A2"]
    by_label = test(s, (-1, 1), asset="A1")
    by_index = test(s, (-1, 1), asset=1)
    assert len(by_label) == 1 and by_label[0].asset == "A1"
    assert by_label[0].statistic == by_index[0].statistic == full[1].statistic
    with pytest.raises(SpecificationError):
        test(s, (-1, 1), asset="ZZZ")
    with pytest.raises(SpecificationError):
        test(s, (-1, 1), asset=3)
