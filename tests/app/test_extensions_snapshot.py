"""The extensions on the real snapshot (moved from tests/lib: they read the private data), and the
one interface every extension result shares (eventstudy.extensions._common.ExtensionResults)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eventstudy.deepseek.design import DONORS  # the application's donor pool
from eventstudy.extensions import (
    abnormal_volume,
    calendar_time_portfolio,
    event_induced_variance,
    synthetic_control,
    volatility_shift,
)
from eventstudy.extensions._common import ExtensionResults
from eventstudy.inference.base import TestResults


def test_real_snapshot_chip_portfolio() -> None:
    from eventstudy.data import load_prices, to_returns

    syms = ["NVDA", "TSM", "AVGO", "AMD", "MU", "INTC"]
    R = to_returns(load_prices([*syms, "^GSPC"], start="2023-10-01", end="2025-03-31"))
    res = calendar_time_portfolio(R[syms], R["^GSPC"], "2025-01-27")
    tab = res.ar_table()
    assert np.isfinite(tab.drop(columns="date").to_numpy()).all()
    assert res.weights.sum() == pytest.approx(1.0) and res.dof == 248
    assert tab.loc[0, "ar"] < 0 and tab.loc[0, "pvalue"] < 0.01
    assert res.tests().shape[0] == 4
    assert "Calendar-time" in str(res.summary()) and r"\begin{tabular}" in res.to_latex()
    assert res.plot().axes


def test_real_snapshot_nvda_synthetic() -> None:
    from eventstudy.data import load_prices, to_returns

    R = to_returns(load_prices(["NVDA", *DONORS], start="2023-10-01", end="2025-03-31"))
    res = synthetic_control(R, "NVDA", DONORS, "2025-01-27")
    assert res.weights.sum() == pytest.approx(1.0) and (res.weights >= 0).all()
    assert np.isfinite(res.gaps.to_numpy()).all()
    assert res.gaps.shape == (3, 16)  # the default event window (-1, 1)
    p = res.tests()["pvalue"]
    assert ((p >= 1 / 16 - 1e-12) & (p <= 1)).all()
    assert res.gap.loc[0] < 0  # NVDA fell far more than its synthetic twin on 2025-01-27
    assert "Synthetic control" in str(res.summary()) and r"\begin{tabular}" in res.to_latex()
    assert len(res.plot().axes) == 2


@pytest.fixture(scope="module")
def chip_returns() -> pd.DataFrame:
    from eventstudy.data import load_prices, to_returns

    syms = ["NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "MSFT", "GOOG", "AAPL", "META", "^GSPC"]
    return to_returns(load_prices(syms, start="2023-10-01", end="2025-06-30"))


def test_real_snapshot_nvda_volatility(chip_returns: pd.DataFrame) -> None:
    R = chip_returns
    res = volatility_shift(R["NVDA"], R["^GSPC"], "2025-01-27")
    tab = res.tests()
    assert len(tab) == 5 and np.isfinite(tab[["statistic", "pvalue"]].to_numpy()).all()
    assert res.ratio > 0 and res.garch is not None and np.all(res.garch.h > 0)
    assert res.residuals().shape[0] == 180
    assert "Volatility event study" in str(res.summary()) and r"\toprule" in res.to_latex()
    assert len(res.plot().axes) == 2
    bmp = event_induced_variance(R.drop(columns="^GSPC"), R["^GSPC"], "2025-01-27")
    assert len(bmp.scar) == 10 and np.isfinite(bmp.scar).all() and bmp.cs_variance > 0
    assert bmp.plot().axes and "Boehmer" in bmp.to_latex()


@pytest.fixture(scope="module")
def nvda_spy_volume() -> pd.DataFrame:
    from eventstudy.data import load_prices

    return load_prices(["NVDA", "SPY"], start="2023-10-01", end="2025-03-31", field="volume")


def test_real_snapshot_nvda(nvda_spy_volume: pd.DataFrame) -> None:
    v = nvda_spy_volume
    res = abnormal_volume(v[["NVDA"]], "2025-01-27", model="market", market_volume=v["SPY"])
    df = res.frame()
    assert np.isfinite(df[["abnormal", "t", "pvalue", "rank_pvalue"]].to_numpy()).all()
    assert res.dof == 248 and res.day0 == pd.Timestamp("2025-01-27")
    assert df.set_index("event_day").loc[0, "abnormal"] > 0  # heavy trading on DeepSeek Monday
    assert "Abnormal trading volume" in str(res.summary())
    assert r"\begin{tabular}" in res.to_latex()
    fig = res.plot()
    assert fig.axes


def test_every_extension_result_shares_one_interface(chip_returns, nvda_spy_volume) -> None:
    """Same names everywhere: test() -> TestResults, tests() over the default windows, car(), to_latex()."""
    R = chip_returns
    chips = ["NVDA", "TSM", "AVGO", "AMD", "MU", "INTC"]
    v = nvda_spy_volume
    ct = calendar_time_portfolio(R[chips], R["^GSPC"], "2025-01-27", event_window=(-1, 1))
    vol = abnormal_volume(
        v[["NVDA"]], "2025-01-27", model="market", market_volume=v["SPY"], event_window=(-1, 1)
    )
    vs = volatility_shift(R["NVDA"], R["^GSPC"], "2025-01-27", garch=False)
    eiv = event_induced_variance(R[chips], R["^GSPC"], "2025-01-27")
    for res in (ct, vol, vs, eiv):
        assert isinstance(res, ExtensionResults)
        assert isinstance(res.test(), TestResults)
        assert r"\begin{tabular}" in res.to_latex()
    # the one default-window rule: day 0 and the event window
    assert ct.default_windows() == vol.default_windows() == [(0, 0), (-1, 1)]
    assert sorted(set(zip(ct.tests()["window_start"], ct.tests()["window_end"], strict=True))) == [
        (-1, 1),
        (0, 0),
    ]
    assert len(vol.tests()) == 2 * 2  # t and rank over two windows
    # one element: scalar access works; several elements: a clear error
    assert (
        ct.test((0, 0), cov="hac").pvalue == ct.tests().query("test == 'calendar_time_hac'")["pvalue"].iloc[0]
    )
    assert vol.test((0, 0), kind="rank").pvalue == vol.rank_test((0, 0))[0].pvalue
    assert vol.car((-1, 1)).equals(vol.cav((-1, 1)))
    assert len(vs.test()) == 3 and vs.test(name="brown_forsythe").name == "brown_forsythe"
    with pytest.raises(Exception, match="one per asset|results"):
        _ = TestResults([*vol.test((0, 0)), *vol.test((0, 0))]).pvalue
