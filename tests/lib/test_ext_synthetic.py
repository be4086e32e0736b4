"""Synthetic control (eventstudy.extensions.synthetic_control): constructed case, placebos, errors, real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import xnys_dates

from eventstudy.errors import MissingDataError, SpecificationError
from eventstudy.extensions import simplex_weights, synthetic_control

EST, EVT = (-60, -6), (0, 4)
JUMP = 0.05


def _panel(seed: int = 0, J: int = 5, noise: float = 0.0) -> tuple[pd.DataFrame, pd.Timestamp]:
    rng = np.random.default_rng(seed)
    n = 70
    dates = xnys_dates("2024-01-01", n)
    D = rng.normal(0, 0.01, (n, J)) + rng.normal(0, 0.005, (n, 1))
    donors = [f"D{j + 1}" for j in range(J)]
    y = 0.3 * D[:, 0] + 0.7 * D[:, 1] + noise * rng.normal(0, 0.01, n)
    day0 = 62
    y[day0] += JUMP
    R = pd.DataFrame(D, index=dates, columns=donors)
    R.insert(0, "T", y)
    return R, dates[day0]


def test_constructed_case_recovers_weights_and_jump() -> None:
    R, ev = _panel()
    res = synthetic_control(R, "T", ["D1", "D2", "D3", "D4", "D5"], ev, EST, EVT)
    np.testing.assert_allclose(res.weights.to_numpy(), [0.3, 0.7, 0, 0, 0], atol=1e-6)
    assert res.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.gap.loc[0] == pytest.approx(JUMP, abs=1e-6)
    np.testing.assert_allclose(res.gap.loc[1:4].to_numpy(), 0.0, atol=1e-6)
    assert res.pre_rmspe["T"] < 1e-8
    # the treated unit is the most extreme -> smallest attainable p = 1/(J+1)
    assert res.test((0, 0), "gap").pvalue == pytest.approx(1 / 6)


def _kkt_ok(y: np.ndarray, Y: np.ndarray, w: np.ndarray, tol: float = 1e-7) -> bool:
    g = Y.T @ (Y @ w - y)  # gradient / 2
    on = w > 1e-9
    lam = g[on].mean()
    return bool(np.all(np.abs(g[on] - lam) < tol) and np.all(g[~on] >= lam - tol))


def test_simplex_weights_satisfy_kkt() -> None:
    rng = np.random.default_rng(11)
    Y = rng.normal(0, 0.01, (80, 8))
    y = rng.normal(0, 0.01, 80) + Y[:, 2] * 0.5
    w = simplex_weights(y, Y)
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0)
    assert _kkt_ok(y, Y, w, tol=1e-9)
    # no random simplex point does better
    f = np.sum((y - Y @ w) ** 2)
    for v in rng.dirichlet(np.ones(8), 200):
        assert np.sum((y - Y @ v) ** 2) >= f - 1e-15


def test_placebo_pvalues_by_hand() -> None:
    R, ev = _panel(seed=4, noise=0.5)
    donors = ["D1", "D2", "D3", "D4", "D5"]
    res = synthetic_control(R, "T", donors, ev, EST, EVT)
    est_rows, evt_rows = slice(2, 57), slice(62, 67)
    ratios, gap0 = {}, {}
    for u in ["T", *donors]:
        pool = [d for d in donors if d != u]
        w = simplex_weights(R[u].to_numpy()[est_rows], R[pool].to_numpy()[est_rows])
        ge = R[u].to_numpy()[est_rows] - R[pool].to_numpy()[est_rows] @ w
        gv = R[u].to_numpy()[evt_rows] - R[pool].to_numpy()[evt_rows] @ w
        ratios[u] = np.sqrt(np.mean(gv**2)) / np.sqrt(np.mean(ge**2))
        gap0[u] = gv[0]
    p_ratio = np.mean([ratios[u] >= ratios["T"] for u in ratios])
    p_gap0 = np.mean([abs(gap0[u]) >= abs(gap0["T"]) for u in gap0])
    assert res.test(EVT, "ratio").pvalue == pytest.approx(p_ratio)
    assert res.test(EVT, "ratio").statistic == pytest.approx(ratios["T"], rel=1e-6)
    assert res.test((0, 0), "gap").pvalue == pytest.approx(p_gap0)
    np.testing.assert_allclose(res.gaps.loc[0].to_numpy(), [gap0[u] for u in ["T", *donors]], atol=1e-8)
    # placebo pools never contain the treated asset or the placebo itself
    assert np.allclose(np.diag(res.placebo_weights.to_numpy()), 0.0)
    assert np.allclose(res.placebo_weights.sum(axis=1), 1.0)


def test_synthetic_errors() -> None:
    R, ev = _panel()
    with pytest.raises(SpecificationError):
        synthetic_control(R, "T", ["T", "D1"], ev, EST, EVT)
    with pytest.raises(SpecificationError):
        synthetic_control(R, "T", ["D1"], ev, EST, EVT)
    R2 = R.copy()
    R2.iloc[30, 3] = np.nan
    with pytest.raises(MissingDataError, match=f"{R.index[30]:%Y-%m-%d}"):
        synthetic_control(R2, "T", ["D1", "D2", "D3"], ev, EST, EVT)


def test_plot_inputs_and_the_one_figure_function() -> None:
    """SYNTHETIC panel: the figure's treated-minus-synthetic path is the cumulated gap; the figure is
    report.figures.synthetic_control_plot (two panels), the same function a paper would use."""
    R, ev = _panel(noise=0.002)
    res = synthetic_control(R, "T", ["D1", "D2", "D3", "D4", "D5"], ev, EST, EVT)
    paths, placebo = res.paths(tail=10)
    assert list(paths.index) == list(range(-15, -5)) + list(range(0, 5))
    gap = pd.concat([res.gaps_est.iloc[-10:], res.gaps])["T"].cumsum()
    np.testing.assert_allclose(paths["treated"] - paths["synthetic"], gap, rtol=0, atol=1e-14)
    assert list(placebo.columns) == ["D1", "D2", "D3", "D4", "D5"]
    fig = res.plot(tail=10)
    assert len(fig.axes) == 2 and [ln.get_gid() for ln in fig.axes[1].get_lines()][-1] == "gap"
    assert res.car((0, 4)) == pytest.approx(res.gap.sum())
