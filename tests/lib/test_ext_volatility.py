"""Volatility event study and BMP event-induced variance: hand calculations, errors, real data."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special, stats
from synthetic import xnys_dates

from eventstudy.errors import MissingDataError, SpecificationError, WindowError
from eventstudy.extensions import event_induced_variance, volatility_shift
from eventstudy.extensions.volatility import LOG_CHI2_1_MEAN, LOG_CHI2_1_VAR


def _data(n: int = 90, seed: int = 1, jump: float = 2.0) -> tuple[pd.Series, pd.Series]:
    """Asset = 0.001 + 1.2 m + e, with the residual sd multiplied by ``jump`` from row 60 on."""
    rng = np.random.default_rng(seed)
    dates = xnys_dates("2024-01-01", n)
    m = rng.normal(0, 0.01, n)
    e = rng.normal(0, 0.01, n) * np.where(np.arange(n) >= 60, jump, 1.0)
    beta = np.where(np.arange(n) >= 60, 1.6, 1.2)
    return pd.Series(0.001 + beta * m + e, index=dates, name="A"), pd.Series(m, index=dates, name="MKT")


PRE, POST = (-40, -1), (0, 24)


def test_variance_ratio_and_brown_forsythe_by_hand() -> None:
    r, m = _data()
    res = volatility_shift(r, m, r.index[60], PRE, POST, garch=False)
    y1, m1 = r.to_numpy()[20:60], m.to_numpy()[20:60]
    y2, m2 = r.to_numpy()[60:85], m.to_numpy()[60:85]
    b1 = np.polyfit(m1, y1, 1)
    b2 = np.polyfit(m2, y2, 1)
    e1 = y1 - np.polyval(b1, m1)
    e2 = y2 - np.polyval(b2, m2)
    s1, s2 = (e1 @ e1) / (40 - 2), (e2 @ e2) / (25 - 2)
    F = s2 / s1
    assert res.variance_ratio.statistic == pytest.approx(F, rel=1e-10)
    assert res.variance_ratio.null_distribution == "F(23,38)"
    p = 2 * min(stats.f.cdf(F, 23, 38), stats.f.sf(F, 23, 38))
    assert res.variance_ratio.pvalue == pytest.approx(p, rel=1e-10)
    lev = stats.levene(e1, e2, center="median")
    assert res.levene.statistic == pytest.approx(lev.statistic, rel=1e-8)
    assert res.levene.pvalue == pytest.approx(lev.pvalue, rel=1e-8)
    assert res.params_post[1] == pytest.approx(b2[0], rel=1e-10)


@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1", "HAC"])
def test_beta_shift_equals_explicit_statsmodels_fit(cov_type: str) -> None:
    r, m = _data(seed=3)
    res = volatility_shift(r, m, r.index[60], PRE, POST, cov_type=cov_type, hac_lags=3, garch=False)
    y = r.to_numpy()[20:85]
    x = m.to_numpy()[20:85]
    post = (np.arange(20, 85) >= 60).astype(float)
    X = sm.add_constant(np.column_stack([x, post, x * post]))
    kw = {"cov_kwds": {"maxlags": 3}} if cov_type == "HAC" else {}
    fit = sm.OLS(y, X).fit(cov_type=cov_type, **kw)
    assert res.beta_shift.details["gamma"] == pytest.approx(fit.params[3], rel=1e-10)
    assert res.beta_shift.statistic == pytest.approx(fit.tvalues[3], rel=1e-8)
    assert res.beta_shift.pvalue == pytest.approx(fit.pvalues[3], rel=1e-8)
    # the interaction coefficient is the difference of the separate-period betas
    assert fit.params[3] == pytest.approx(res.params_post[1] - res.params_pre[1], rel=1e-8)


def _garch_by_hand(series: np.ndarray, n1: int, params: pd.Series) -> np.ndarray:
    """One-step variances of the post days by the GARCH(1,1) recursion, from the pre fit's last h."""
    from arch import arch_model

    pre = arch_model(series[:n1] * 100, mean="Zero", vol="GARCH", p=1, q=1, rescale=False)
    fixed = pre.fix(params.to_numpy())
    h_last = float(fixed.conditional_volatility[-1] ** 2)
    e = series * 100
    w, a, b = params["omega"], params["alpha[1]"], params["beta[1]"]
    h = np.empty(series.size - n1)
    prev_e2, prev_h = e[n1 - 1] ** 2, h_last
    for i in range(h.size):  # the recursion itself, written out
        h[i] = w + a * prev_e2 + b * prev_h
        prev_e2, prev_h = e[n1 + i] ** 2, h[i]
    return h


def test_garch_forecasts_and_tests_by_hand() -> None:
    r, m = _data(n=300, seed=5, jump=1.0)
    ev = r.index[250]
    res = volatility_shift(r, m, ev, (-250, -1), (0, 49), garch=True, garch_mean="market")
    g = res.garch
    assert g is not None
    y1, m1 = r.to_numpy()[:250], m.to_numpy()[:250]
    X1 = np.column_stack([np.ones(250), m1])
    b1 = np.linalg.lstsq(X1, y1, rcond=None)[0]
    resid = r.to_numpy() - (b1[0] + b1[1] * m.to_numpy())
    h = _garch_by_hand(resid, 250, g.params)
    np.testing.assert_allclose(g.h, h, rtol=1e-6)
    np.testing.assert_allclose(g.e, resid[250:] * 100, rtol=1e-10)
    z2 = (resid[250:] * 100) ** 2 / h
    assert g.mean_ratio == pytest.approx(z2.mean(), rel=1e-6)
    t = (z2.mean() - 1) / (z2.std(ddof=1) / np.sqrt(50))
    assert g.ratio_test.statistic == pytest.approx(t, rel=1e-5)
    lam = np.log(z2).mean()
    assert LOG_CHI2_1_MEAN == pytest.approx(special.digamma(0.5) + np.log(2))
    assert g.log_test.statistic == pytest.approx(
        (lam - LOG_CHI2_1_MEAN) / np.sqrt(LOG_CHI2_1_VAR / 50), rel=1e-5
    )
    # homoskedastic simulated data: no volatility change detected
    assert g.log_test.pvalue > 0.01 and 0.5 < g.mean_ratio < 2


def test_garch_missing_arch_is_specification_error(monkeypatch: pytest.MonkeyPatch) -> None:
    r, m = _data()
    monkeypatch.setitem(sys.modules, "arch", None)
    with pytest.raises(SpecificationError, match="arch"):
        volatility_shift(r, m, r.index[60], PRE, POST, garch=True)


def test_volatility_errors() -> None:
    r, m = _data()
    m2 = m.copy()
    m2.iloc[30] = np.nan
    with pytest.raises(MissingDataError, match=f"{m.index[30]:%Y-%m-%d}"):
        volatility_shift(r, m2, r.index[60], PRE, POST, garch=False)
    with pytest.raises(WindowError):
        volatility_shift(r, m, r.index[60], (-40, 0), POST, garch=False)
    with pytest.raises(SpecificationError):
        volatility_shift(r, m, r.index[60], PRE, POST, cov_type="HC9", garch=False)


def test_bmp_event_induced_variance_by_hand() -> None:
    rng = np.random.default_rng(7)
    n, N, L = 45, 6, 30
    dates = xnys_dates("2024-03-01", n)
    m = rng.normal(0, 0.01, n)
    R = pd.DataFrame(
        rng.normal(0, 0.01, (n, N)) + np.outer(m, np.linspace(0.5, 1.5, N)),
        index=dates,
        columns=list("ABCDEF"),
    )
    R.iloc[40] += np.array([0.05, -0.04, 0.03, -0.06, 0.0, 0.02])  # event-induced dispersion on day 0
    res = event_induced_variance(R, pd.Series(m, index=dates, name="M"), dates[40], (-35, -6), (0, 1))
    scar = []
    for c in R.columns:
        y = R[c].to_numpy()
        ye, me = y[5:35], m[5:35]
        b = np.polyfit(me, ye, 1)
        s2 = ((ye - np.polyval(b, me)) ** 2).sum() / (L - 2)
        car = (y[40:42] - np.polyval(b, m[40:42])).sum()
        sxx = ((me - me.mean()) ** 2).sum()
        var = s2 * (2 + 4 / L + (m[40:42].sum() - 2 * me.mean()) ** 2 / sxx)
        scar.append(car / np.sqrt(var))
    scar = np.array(scar)
    np.testing.assert_allclose(res.scar, scar, rtol=1e-8)
    s2n = scar.var(ddof=1)
    assert res.cs_variance == pytest.approx(s2n, rel=1e-8)
    assert res.variance_test.statistic == pytest.approx((N - 1) * s2n, rel=1e-8)
    assert res.variance_test.pvalue == pytest.approx(stats.chi2.sf((N - 1) * s2n, N - 1), rel=1e-8)
    assert res.bmp_test.statistic == pytest.approx(scar.mean() / (scar.std(ddof=1) / np.sqrt(N)), rel=1e-8)
    assert res.cs_variance > 1
    with pytest.raises(SpecificationError):
        event_induced_variance(R.iloc[:, :2], m, dates[40])
