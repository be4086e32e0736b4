"""Cross-sectional regression of CARs (res.regress): coefficients and covariances by hand, on a
SYNTHETIC panel (tests/lib/synthetic.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import EVENT, TICKERS, daily_panel

import eventstudy as es
from eventstudy.errors import DataError, SpecificationError

TICK = list(TICKERS)
GROUP = pd.DataFrame(
    {"group": ["semi"] * 6 + ["platform"] * 4, "size": [3.4, 1.1, 1.1, 0.2, 0.1, 0.1, 3.1, 2.4, 3.7, 1.6]},
    index=TICK,
)


@pytest.fixture(scope="module")
def panel():
    """SYNTHETIC ten-asset panel (tests/lib/synthetic.py); GROUP labels its made-up tickers."""
    r, m = daily_panel(seed=7)
    return es.EventStudy(r[TICK], market=m, event_date=EVENT, event_window=(-1, 4)).fit()


def _design(panel):
    beta = panel.params["beta"].to_numpy()
    semi = (GROUP["group"] == "semi").to_numpy(dtype=float)
    X = np.column_stack([np.ones(10), semi, beta])  # patsy order: Intercept, C(group)[T.semi], beta
    y = panel.car((-1, 1)).to_numpy()
    return X, y


def test_ols_coefficients_and_hc1_by_hand(panel):
    m = panel.regress("car ~ beta + C(group)", data=GROUP, window=(-1, 1), cov_type="HC1")
    X, y = _design(panel)
    xtx_inv = np.linalg.inv(X.T @ X)
    b = xtx_inv @ X.T @ y
    e = y - X @ b
    n, k = X.shape
    # White (1980) with MacKinnon & White's (1985) n/(n-k) factor
    meat = (X * e[:, None] ** 2).T @ X
    V = xtx_inv @ meat @ xtx_inv * n / (n - k)
    assert m.params.to_numpy() == pytest.approx(b, rel=1e-9)
    assert m.bse.to_numpy() == pytest.approx(np.sqrt(np.diag(V)), rel=1e-9)
    assert list(m.params.index) == ["Intercept", "C(group)[T.semi]", "beta"]
    assert m.cov_type == "HC1"


def test_cluster_covariance_by_hand(panel):
    cl = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    m = panel.regress("car ~ beta + C(group)", data=GROUP, window=(-1, 1), cov_type="cluster", groups=cl)
    X, y = _design(panel)
    xtx_inv = np.linalg.inv(X.T @ X)
    e = y - X @ (xtx_inv @ X.T @ y)
    n, k = X.shape
    G = 5
    meat = np.zeros((k, k))
    for g in range(G):
        s = X[cl == g].T @ e[cl == g]
        meat += np.outer(s, s)
    V = xtx_inv @ meat @ xtx_inv * G / (G - 1) * (n - 1) / (n - k)  # Stata's small-sample factor
    assert m.bse.to_numpy() == pytest.approx(np.sqrt(np.diag(V)), rel=1e-9)


def test_outcomes_and_params_are_available_without_data(panel):
    m = panel.regress("bhar ~ sigma", window=(0, 4))
    frame = m.model.data.frame
    assert frame["bhar"].to_numpy() == pytest.approx(panel.bhar((0, 4)).to_numpy(), rel=1e-12)
    assert frame["scar"].to_numpy() == pytest.approx(panel.sample.scar((0, 4)), rel=1e-12)
    assert int(m.nobs) == 10


def test_data_with_an_asset_column_and_cluster_by_name(panel):
    d = GROUP.reset_index(names="asset").assign(pair=[0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    m = panel.regress("car ~ size", data=d, cov_type="cluster", groups="pair")
    assert m.cov_type == "cluster" and int(m.nobs) == 10


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        ({"formula": "car ~ beta", "cov_type": "HC9"}, SpecificationError, "cov_type='HC9'"),
        ({"formula": "car ~ beta", "cov_type": "cluster"}, SpecificationError, "needs groups"),
        ({"formula": "car ~ nonsense"}, SpecificationError, "could not be built"),
        ({"formula": "car beta"}, SpecificationError, "patsy formula"),
        ({"formula": "car ~ size", "data": GROUP.iloc[:8]}, DataError, "no row for"),
        (
            {"formula": "car ~ car_x", "data": GROUP.rename(columns={"size": "car"})},
            SpecificationError,
            "computes",
        ),
        (
            {"formula": "car ~ size", "data": GROUP.assign(size=[np.nan] + [1.0] * 9)},
            DataError,
            "missing values",
        ),
    ],
)
def test_bad_input_is_a_typed_error(panel, kwargs, err, match):
    formula = kwargs.pop("formula")
    with pytest.raises(err, match=match):
        panel.regress(formula, **kwargs)


def test_too_few_clusters_is_an_error_not_a_zero_standard_error(panel):
    with pytest.raises(SpecificationError, match="clusters"):
        panel.regress("car ~ C(group)", data=GROUP, cov_type="cluster", groups="group")
