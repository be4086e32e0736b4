"""Abnormal trading volume (eventstudy.extensions.volume): hand calculations, errors, real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from synthetic import xnys_dates

from eventstudy.errors import (
    EventOutOfRangeError,
    EventRolledWarning,
    InvalidPriceError,
    MissingDataError,
    SpecificationError,
    WindowError,
)
from eventstudy.extensions import abnormal_volume

DATES = xnys_dates("2024-01-12", 14)  # DATES[10] is a Monday (2024-01-29)
EVENT = DATES[10]
EST, EVT = (-10, -3), (-1, 1)  # L = 8 estimation days at rows 0..7; event rows 9..11
VOL = np.array([100, 120, 90, 110, 130, 95, 105, 115, 999, 150, 400, 200, 111, 222], dtype=float)
MKT = np.array([1000, 1100, 950, 1050, 1200, 980, 1020, 1080, 1, 1300, 2500, 1500, 1, 1], dtype=float)


def _vol(values: np.ndarray = VOL, name: str = "X") -> pd.DataFrame:
    return pd.DataFrame({name: values}, index=DATES)


def test_mean_model_by_hand_L8() -> None:
    res = abnormal_volume(_vol(), EVENT, EST, EVT, model="mean")
    v = np.log1p(VOL)
    est, evt = v[0:8], v[9:12]
    mu = est.sum() / 8
    s2 = ((est - mu) ** 2).sum() / (8 - 1)
    av = evt - mu
    var = s2 * (1 + 1 / 8)
    t = av / np.sqrt(var)
    df = res.frame().set_index("event_day")
    np.testing.assert_allclose(df["abnormal"], av, rtol=1e-12)
    np.testing.assert_allclose(df["t"], t, rtol=1e-12)
    np.testing.assert_allclose(df["pvalue"], 2 * stats.t.sf(np.abs(t), 7), rtol=1e-10)
    (t0,) = res.t_test((0, 0))
    assert t0.null_distribution == "t(7)"
    assert t0.statistic == pytest.approx(t[1], rel=1e-12)
    # CAV over (-1, 1): Var = s2 (3 + 9 / 8)
    (tw,) = res.t_test((-1, 1))
    assert tw.statistic == pytest.approx(av.sum() / np.sqrt(s2 * (3 + 9 / 8)), rel=1e-12)
    assert res.cav((-1, 1)).iloc[0] == pytest.approx(av.sum())
    assert res.dates[1] == EVENT and not res.rolled


def test_market_model_by_hand() -> None:
    res = abnormal_volume(
        _vol(), EVENT, EST, EVT, model="market", market_volume=pd.Series(MKT, index=DATES, name="SPY")
    )
    v, m = np.log1p(VOL), np.log1p(MKT)
    ve, me = v[0:8], m[0:8]
    sxx = ((me - me.mean()) ** 2).sum()
    beta = ((me - me.mean()) * (ve - ve.mean())).sum() / sxx
    alpha = ve.mean() - beta * me.mean()
    s2 = ((ve - alpha - beta * me) ** 2).sum() / (8 - 2)
    m0, v0 = m[10], v[10]
    av0 = v0 - alpha - beta * m0
    t0 = av0 / np.sqrt(s2 * (1 + 1 / 8 + (m0 - me.mean()) ** 2 / sxx))
    assert res.params.loc["X", "beta"] == pytest.approx(beta, rel=1e-10)
    (r,) = res.t_test((0, 0))
    assert r.statistic == pytest.approx(t0, rel=1e-10)
    assert r.null_distribution == "t(6)"
    # window: Var = s2 (3 + 9/L + (sum m_t - 3 mbar)^2 / Sxx)
    mw = m[9:12]
    cav = (v[9:12] - alpha - beta * mw).sum()
    var_w = s2 * (3 + 9 / 8 + (mw.sum() - 3 * me.mean()) ** 2 / sxx)
    (rw,) = res.t_test((-1, 1))
    assert rw.statistic == pytest.approx(cav / np.sqrt(var_w), rel=1e-8)


def test_rank_test_by_hand() -> None:
    res = abnormal_volume(_vol(), EVENT, EST, EVT, model="mean")
    v = np.log1p(VOL)
    a = np.concatenate([v[0:8], v[9:12]]) - v[0:8].mean()  # estimation residuals + event AVs
    M = a.size
    K = stats.rankdata(a)
    # day 0 (row 10) is the largest of the 11 -> rank M, exact two-sided p = 2/M
    (r0,) = res.rank_test((0, 0))
    assert K[9] == M
    assert r0.pvalue == pytest.approx(2 / M)
    # window (-1, 1): rank sum of the last 3 with mean W(M+1)/2 and variance W(M-W)/(M-1) var(K)
    S, W = K[8:].sum(), 3
    z = (S - W * (M + 1) / 2) / np.sqrt(W * (M - W) / (M - 1) * K.var())
    (rw,) = res.rank_test((-1, 1))
    assert rw.statistic == pytest.approx(z, rel=1e-12)
    assert rw.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)))


def test_several_assets_batched_equal_single() -> None:
    two = pd.DataFrame({"A": VOL, "B": VOL[::-1].copy()}, index=DATES)
    both = abnormal_volume(two, EVENT, EST, EVT)
    single = abnormal_volume(two[["B"]], EVENT, EST, EVT)
    np.testing.assert_allclose(both.abnormal[:, 1], single.abnormal[:, 0])
    assert both.tests().shape[0] == 2 * 2 * 2  # 2 tests x 2 windows x 2 assets


@pytest.mark.parametrize(
    ("row", "value", "error", "date_text"),
    [
        (3, 0.0, InvalidPriceError, f"{DATES[3]:%Y-%m-%d}"),
        (10, np.nan, MissingDataError, f"{DATES[10]:%Y-%m-%d}"),
    ],
)
def test_zero_or_nan_volume_raises_naming_date(row: int, value: float, error: type, date_text: str) -> None:
    vol = VOL.copy()
    vol[row] = value
    with pytest.raises(error, match=date_text):
        abnormal_volume(_vol(vol), EVENT, EST, EVT)


def test_gap_day_between_windows_is_not_used() -> None:
    vol = VOL.copy()
    vol[8] = 0.0  # event day -2: in neither window
    abnormal_volume(_vol(vol), EVENT, EST, EVT)


def test_market_volume_missing_raises() -> None:
    mkt = pd.Series(MKT, index=DATES, name="SPY").drop(DATES[4])
    with pytest.raises(MissingDataError, match=f"{DATES[4]:%Y-%m-%d}"):
        abnormal_volume(_vol(), EVENT, EST, EVT, model="market", market_volume=mkt)
    with pytest.raises(SpecificationError):
        abnormal_volume(_vol(), EVENT, EST, EVT, model="market")
    with pytest.raises(SpecificationError):
        abnormal_volume(_vol(), EVENT, EST, EVT, model="median")


def test_windows_and_range() -> None:
    with pytest.raises(WindowError):
        abnormal_volume(_vol(), EVENT, (-10, 0), EVT)
    with pytest.raises(EventOutOfRangeError):
        abnormal_volume(_vol(), EVENT, (-20, -3), EVT)
    # an event date on a non-trading day rolls to the next row
    assert DATES[10].day_of_week == 0  # a Monday
    with pytest.warns(EventRolledWarning, match="2024-01-28 -> 2024-01-29"):
        res = abnormal_volume(_vol(), DATES[10] - pd.Timedelta(days=1), EST, EVT)
    assert res.day0 == DATES[10] and res.rolled
