"""batch_study on the real snapshot (moved from tests/lib/test_batch.py: it reads the private data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.batch import (
    STAT_COLUMNS,
    BatchResult,
    batch_study,
    batch_study_reference,
)

TOL = 1e-10


NUMERIC = [
    "caar",
    *STAT_COLUMNS,
    *(f"{c}_pvalue" for c in STAT_COLUMNS),
    "rbar",
    "corrado_sd",
]


LONG_IBKR = ["AAPL", "AMD", "AMZN", "GOOG", "INTC", "JNJ", "KO", "MSFT", "NVDA", "PG"]


def assert_same(a: BatchResult, b: BatchResult, tol: float = TOL) -> None:
    assert list(a.stats.index) == list(b.stats.index)
    assert list(a.car.columns) == list(b.car.columns)
    assert (a.stats["day0"] == b.stats["day0"]).all()
    assert (a.stats["rolled"] == b.stats["rolled"]).all()
    assert (a.stats["n"] == b.stats["n"]).all()
    diff = (a.stats[NUMERIC] - b.stats[NUMERIC]).abs().to_numpy()
    assert np.isfinite(a.stats[NUMERIC].to_numpy()).all()
    assert diff.max() <= tol, (a.stats[NUMERIC] - b.stats[NUMERIC]).abs().max()
    for name in ("car", "scar", "alpha", "beta", "sigma"):
        d = (getattr(a, name) - getattr(b, name)).abs().to_numpy().max()
        assert d <= tol, (name, d)
    assert (a.window, a.estimation_window, a.event_window, a.ddof, a.dof) == (
        b.window,
        b.estimation_window,
        b.event_window,
        b.ddof,
        b.dof,
    )


@pytest.fixture(scope="module")
def real_panel() -> tuple[pd.DataFrame, pd.Series, list[pd.Timestamp]]:
    prices = es.load_prices([*LONG_IBKR, "^GSPC"], start="2022-06-01", end="2024-12-31")
    rets = es.to_returns(prices)
    dates = list(rets.loc["2024"].index[::12][:20])
    return rets[LONG_IBKR], rets["^GSPC"], dates


def test_real_snapshot_panel_matches_reference(real_panel):
    rets, mkt, dates = real_panel
    assert rets.shape[1] == 10 and len(dates) == 20
    ref = batch_study_reference(rets, mkt, dates)
    got = batch_study(rets, mkt, dates)
    assert_same(got, ref)
    # real stocks load positively on the S&P 500
    assert (got.beta.to_numpy() > 0).mean() > 0.95
