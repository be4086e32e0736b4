"""Normal-return models as classes with one interface (eventstudy.models), on SYNTHETIC data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy import models
from eventstudy.engine import fixed_batch
from eventstudy.errors import SpecificationError


def _frame(n: int = 160, seed: int = 7) -> tuple[pd.DataFrame, pd.Series]:
    """SYNTHETIC returns of two assets and a market on XNYS sessions."""
    idx = es.calendars.sessions("XNYS", "2024-01-02", "2025-06-30")[:n]
    rng = np.random.default_rng(seed)
    m = pd.Series(rng.normal(0, 0.01, n), index=idx)
    return pd.DataFrame(
        {"A": 0.001 + 1.2 * m + rng.normal(0, 0.01, n), "B": 0.5 * m + rng.normal(0, 0.02, n)}
    ), m


def test_registry_of_model_classes():
    assert models.MODELS == tuple(models.MODEL_CLASSES)
    for name, cls in models.MODEL_CLASSES.items():
        assert issubclass(cls, models.NormalReturnModel) and cls.name == name and cls.reference
    assert isinstance(models.get_model("market"), models.MarketModel)
    with pytest.raises(SpecificationError, match="not one of"):
        models.get_model("capm9")


def test_a_new_model_is_one_class_and_one_registry_line(monkeypatch):
    """A zero-mean model (E[R] = 0: AR = R, nothing estimated) plugged in without touching EventStudy."""

    class ZeroMean(models.NormalReturnModel):
        name = "zero_mean"
        reference = "a hand-made example"

        def param_names(self, factor_names=()):
            return []

        def design(self, market, factors, n_rows, k):
            return None

        def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, **_):
            return fixed_batch(y_est, y_evt, ddof=0 if ddof is None else ddof)

    monkeypatch.setitem(models.MODEL_CLASSES, "zero_mean", ZeroMean)
    rets, m = _frame()
    res = es.EventStudy(
        rets, event_date=rets.index[130], estimation_window=(-110, -11), model="zero_mean"
    ).fit()
    np.testing.assert_array_equal(res.abnormal_returns.loc[0].to_numpy(), rets.iloc[130].to_numpy())
    sigma = np.sqrt((rets.iloc[20:120] ** 2).sum() / 100)  # SSR / (L - 0), L = 100 days -110..-11
    np.testing.assert_allclose(res.params["sigma"], sigma, rtol=1e-12)


def test_market_adjusted_through_its_class_equals_return_minus_market():
    rets, m = _frame()
    res = es.EventStudy(
        rets, market=m, event_date=rets.index[130], estimation_window=(-110, -11), model="market_adjusted"
    ).fit()
    np.testing.assert_allclose(res.abnormal_returns.loc[0], rets.iloc[130] - m.iloc[130], rtol=0, atol=1e-16)
    assert res.X_est is None and list(res.params.columns[:1]) == ["sigma"]
