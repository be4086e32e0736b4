"""Calendar-time portfolio test (eventstudy.extensions.calendar_time): hand calculations, errors, real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from synthetic import xnys_dates

from eventstudy.errors import MissingDataError, SpecificationError
from eventstudy.extensions import calendar_time_portfolio

EST, EVT = (-40, -6), (0, 2)


def _panel(seed: int = 2) -> tuple[pd.DataFrame, pd.Series, pd.Timestamp]:
    rng = np.random.default_rng(seed)
    n = 50
    dates = xnys_dates("2024-05-01", n)
    m = rng.normal(0, 0.01, n)
    common = rng.normal(0, 0.006, n)  # cross-correlated abnormal returns
    R = pd.DataFrame(
        np.outer(m, [0.8, 1.2, 1.5]) + common[:, None] + rng.normal(0, 0.01, (n, 3)),
        index=dates,
        columns=["A", "B", "C"],
    )
    R.iloc[45] -= 0.04
    return R, pd.Series(m, index=dates, name="M"), dates[45]


def test_dummy_coefficients_equal_hand_portfolio_ar() -> None:
    R, m, ev = _panel()
    res = calendar_time_portfolio(R, m, ev, "equal", EST, EVT)
    rp = R.mean(axis=1).to_numpy()
    mm = m.to_numpy()
    est, evt = slice(5, 40), slice(45, 48)
    L = 35
    b, a = np.polyfit(mm[est], rp[est], 1)
    ar = rp[evt] - a - b * mm[evt]
    np.testing.assert_allclose(res.ar, ar, rtol=1e-9, atol=1e-14)
    u = rp[est] - a - b * mm[est]
    s2 = u @ u / (L - 2)
    sxx = ((mm[est] - mm[est].mean()) ** 2).sum()
    se0 = np.sqrt(s2 * (1 + 1 / L + (mm[45] - mm[est].mean()) ** 2 / sxx))
    tab = res.ar_table()
    assert tab.loc[0, "se"] == pytest.approx(se0, rel=1e-9)
    assert tab.loc[0, "pvalue"] == pytest.approx(2 * stats.t.sf(abs(ar[0] / se0), L - 2), rel=1e-8)
    # CAR(0, 2): Var = s2 (3 + 9/L + (sum m_t - 3 mbar)^2 / Sxx)
    var_car = s2 * (3 + 9 / L + (mm[evt].sum() - 3 * mm[est].mean()) ** 2 / sxx)
    t = res.test(EVT, "nonrobust")
    assert t.details["car"] == pytest.approx(ar.sum(), rel=1e-9)
    assert t.statistic == pytest.approx(ar.sum() / np.sqrt(var_car), rel=1e-9)
    assert t.null_distribution == "t(33)"


def test_hac_car_variance_by_hand() -> None:
    R, m, ev = _panel(seed=9)
    lags = 2
    res = calendar_time_portfolio(R, m, ev, "equal", EST, EVT, hac_lags=lags)
    rp, mm = R.mean(axis=1).to_numpy(), m.to_numpy()
    est, evt = slice(5, 40), slice(45, 48)
    X = sm.add_constant(mm[est])
    hac = sm.OLS(rp[est], X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    u = np.asarray(hac.resid)
    gam = [u[k:] @ u[: u.size - k] / (u.size - 2) for k in range(3)]
    w = [1.0, 1 - 1 / 3, 1 - 2 / 3]
    G = np.array([[gam[abs(i - j)] * w[abs(i - j)] for j in range(3)] for i in range(3)])
    Xs = sm.add_constant(mm[evt])
    V = G + Xs @ np.asarray(hac.cov_params()) @ Xs.T
    t = res.test(EVT, "hac")
    assert t.statistic == pytest.approx(res.car() / np.sqrt(V.sum()), rel=1e-8)
    assert t.pvalue == pytest.approx(2 * stats.norm.sf(abs(t.statistic)))
    # the naive HAC s.e. of a one-observation dummy omits sigma^2 and is far smaller
    naive = sm.OLS(
        np.concatenate([rp[est], rp[evt]]),
        np.column_stack(
            [np.ones(38), np.concatenate([mm[est], mm[evt]]), np.vstack([np.zeros((35, 3)), np.eye(3)])]
        ),
    ).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    assert naive.bse[2] < 0.5 * res.ar_table().loc[0, "se_hac"]


def test_value_weights() -> None:
    R, m, ev = _panel()
    vw = pd.Series({"A": 1.0, "B": 3.0, "C": 0.0})
    res = calendar_time_portfolio(R, m, ev, "value", EST, EVT, value_weights=vw)
    np.testing.assert_allclose(res.weights.to_numpy(), [0.25, 0.75, 0.0])
    res2 = calendar_time_portfolio(R, m, ev, vw, EST, EVT)
    np.testing.assert_allclose(res.ar, res2.ar)
    only = calendar_time_portfolio(
        0.25 * R[["A"]].rename(columns={"A": "P"}) + 0.75 * R[["B"]].rename(columns={"B": "P"}),
        m,
        ev,
        "equal",
        EST,
        EVT,
    )
    np.testing.assert_allclose(res.ar, only.ar, rtol=1e-10)
    with pytest.raises(SpecificationError, match="share counts"):
        calendar_time_portfolio(R, m, ev, "value", EST, EVT)
    with pytest.raises(SpecificationError):
        calendar_time_portfolio(R, m, ev, "value", EST, EVT, value_weights=pd.Series({"A": 1.0}))


def test_missing_return_raises() -> None:
    R, m, ev = _panel()
    R.iloc[46, 1] = np.nan
    with pytest.raises(MissingDataError, match=f"B has no return on {R.index[46]:%Y-%m-%d}"):
        calendar_time_portfolio(R, m, ev, "equal", EST, EVT)


def test_every_extension_has_the_study_default_windows() -> None:
    """One default everywhere: estimation (-260, -11) and event (-1, 1), as EventStudy."""
    import dataclasses
    import inspect

    import eventstudy as es
    from eventstudy.extensions import abnormal_volume, synthetic_control

    fields = {f.name: f.default for f in dataclasses.fields(es.EventStudy)}
    for fn in (abnormal_volume, synthetic_control, calendar_time_portfolio):
        params = inspect.signature(fn).parameters
        assert params["estimation_window"].default == fields["estimation_window"] == (-260, -11)
        assert params["event_window"].default == fields["event_window"] == (-1, 1)
