"""Validation of the rank, sign and signed-rank tests.

Statistics are recomputed from the papers' formulas with plain loops (ranks by
counting) on tiny hand-made data sets and compared to 1e-12; exact p-values are
recomputed by enumeration or binomial sums. A size check on SYNTHETIC iid-normal
data closes the file.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from inference_samples import build_sample, car_var_formula, synthetic_rejection_rates
from scipy import stats

from eventstudy.errors import SpecificationError, WindowError
from eventstudy.inference import (
    EventSample,
    corrado_rank,
    generalized_sign,
    grank,
    sign,
    wilcoxon,
)

WINDOWS = [(-1, 1), (0, 0), (0, 1), (1, 1)]


def rows_of(window, start=-1):
    return list(range(window[0] - start, window[1] - start + 1))


def hand_rank(x, t):
    """Rank of x[t] in x (1-based), ties get the average rank."""
    less = sum(1 for v in x if v < x[t])
    equal = sum(1 for v in x if v == x[t])
    return less + (equal + 1) / 2


def explicit_sample(N=8, L=6, T=3):
    """Explicit small ARs (market-adjusted-like: cov_evt = sigma^2 I)."""
    ar_est = np.array([[((7 * t + 3 * i) % 11 - 5) / 1000 for i in range(N)] for t in range(L)])
    ar_evt = np.array([[((5 * t + 4 * i + 2) % 13 - 5) / 1000 for i in range(N)] for t in range(T)])
    sigma = np.sqrt((ar_est**2).sum(axis=0) / L)
    return EventSample(
        ar_est=ar_est,
        ar_evt=ar_evt,
        event_days=np.arange(-1, T - 1),
        sigma=sigma,
        cov_evt=sigma[:, None, None] ** 2 * np.eye(T),
        dof=L,
        ddof=0,
    )


# ----------------------------------------------------------------------------- Corrado


def hand_corrado(s, rows, sd_days="all"):
    L, T, N = s.ar_est.shape[0], s.ar_evt.shape[0], s.ar_est.shape[1]
    M = L + T
    ubar = []
    U = [[0.0] * N for _ in range(M)]
    for i in range(N):
        x = [s.ar_est[t, i] for t in range(L)] + [s.ar_evt[t, i] for t in range(T)]
        for t in range(M):
            U[t][i] = hand_rank(x, t) / (M + 1) - 0.5
    ubar = [sum(U[t]) / N for t in range(M)]
    days = range(M) if sd_days == "all" else range(L)
    sd = math.sqrt(sum(ubar[t] ** 2 for t in days) / len(days))
    return sum(ubar[L + t] for t in rows) / (math.sqrt(len(rows)) * sd)


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("sd_days", ["all", "estimation"])
def test_corrado_by_hand(window, sd_days):
    for s in (build_sample(), explicit_sample()):
        z = hand_corrado(s, rows_of(window), sd_days)
        res = corrado_rank(s, window, sd_days=sd_days)
        assert res.statistic == pytest.approx(z, rel=1e-12, abs=1e-12)
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
        assert res.null_distribution == "N(0,1)"


def test_corrado_ties_use_average_ranks():
    s = explicit_sample()  # integer-valued per mille: many ties
    x = np.concatenate([s.ar_est[:, 0], s.ar_evt[:, 0]])
    assert np.unique(x).size < x.size
    assert corrado_rank(s, (0, 0)).statistic == pytest.approx(hand_corrado(s, [1]), rel=1e-12)


def test_corrado_rejects_overlapping_days():
    s = build_sample()
    bad = EventSample(**{**s.__dict__, "est_days": np.arange(-5, 1)})
    with pytest.raises(WindowError):
        corrado_rank(bad, (0, 0))
    with pytest.raises(SpecificationError):
        corrado_rank(s, (0, 0), sd_days="event")


# ----------------------------------------------------------------------------- GRANK


def hand_grank(s, rows, var_fn):
    L, N = s.ar_est.shape
    scar = [sum(s.ar_evt[t, i] for t in rows) / math.sqrt(var_fn(i)) for i in range(N)]
    m = sum(scar) / N
    s_scar = math.sqrt(sum((x - m) ** 2 for x in scar) / (N - 1))
    T = L + 1
    U = [[0.0] * N for _ in range(T)]
    for i in range(N):
        g = [s.ar_est[t, i] / s.sigma[i] for t in range(L)] + [scar[i] / s_scar]
        for t in range(T):
            U[t][i] = hand_rank(g, t) / (T + 1) - 0.5
    ubar = [sum(U[t]) / N for t in range(T)]
    sd = math.sqrt(sum(u**2 for u in ubar) / T)
    z = ubar[-1] / sd
    return z, z * math.sqrt((T - 2) / (T - 1 - z**2))


@pytest.mark.parametrize("window", WINDOWS)
def test_grank_by_hand(window):
    s = build_sample()
    rows = rows_of(window)
    z, t = hand_grank(s, rows, lambda i: car_var_formula(s, i, rows))
    res = grank(s, window)
    assert res.details["z"] == pytest.approx(z, rel=1e-12, abs=1e-12)
    assert res.statistic == pytest.approx(t, rel=1e-12, abs=1e-12)
    assert res.null_distribution == "t(5)"
    assert res.pvalue == pytest.approx(2 * stats.t.sf(abs(t), 5), rel=1e-12)
    e = explicit_sample()
    z, t = hand_grank(e, rows, lambda i: len(rows) * e.sigma[i] ** 2)
    assert grank(e, window).statistic == pytest.approx(t, rel=1e-12, abs=1e-12)


# ----------------------------------------------------------------------------- sign tests


def binom_tails(k, n, p):
    pmf = [math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)]
    return sum(pmf[: k + 1]), sum(pmf[k:])  # P(X <= k), P(X >= k)


@pytest.mark.parametrize("window", WINDOWS)
def test_sign_by_hand(window):
    for s in (build_sample(), explicit_sample()):
        rows = rows_of(window)
        cars = [sum(s.ar_evt[t, i] for t in rows) for i in range(s.ar_evt.shape[1])]
        nz = [c for c in cars if c != 0]
        n, k = len(nz), sum(1 for c in nz if c > 0)
        lo, hi = binom_tails(k, n, 0.5)
        res = sign(s, window)
        assert res.statistic == k and res.n == n
        assert res.pvalue == pytest.approx(min(1.0, 2 * min(lo, hi)), rel=1e-12)
        assert sign(s, window, alternative="greater").pvalue == pytest.approx(hi, rel=1e-12)
        assert sign(s, window, alternative="less").pvalue == pytest.approx(lo, rel=1e-12)
        z = (k - n / 2) / math.sqrt(n / 4)
        rn = sign(s, window, method="normal")
        assert rn.statistic == pytest.approx(z, rel=1e-12, abs=1e-12)
        assert rn.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
        assert res.null_distribution == f"Binomial({n}, 0.5)"


@pytest.mark.parametrize("window", WINDOWS)
def test_generalized_sign_by_hand(window):
    for s in (build_sample(), explicit_sample()):
        rows = rows_of(window)
        L, N = s.ar_est.shape
        p_hat = sum(1 for t in range(L) for i in range(N) if s.ar_est[t, i] > 0) / (N * L)
        w = sum(1 for i in range(N) if sum(s.ar_evt[t, i] for t in rows) > 0)
        z = (w - N * p_hat) / math.sqrt(N * p_hat * (1 - p_hat))
        res = generalized_sign(s, window)
        assert res.details["p_hat"] == pytest.approx(p_hat, rel=1e-12)
        assert res.statistic == pytest.approx(z, rel=1e-12, abs=1e-12)
        assert res.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
        lo, hi = binom_tails(w, N, p_hat)
        ex = generalized_sign(s, window, method="exact", alternative="greater")
        assert ex.statistic == w and ex.pvalue == pytest.approx(hi, rel=1e-12)
        assert generalized_sign(s, window, method="exact", alternative="less").pvalue == pytest.approx(
            lo, rel=1e-12
        )


def hand_wilcoxon(cars):
    nz = [c for c in cars if c != 0]
    a = [abs(c) for c in nz]
    ranks = [hand_rank(a, j) for j in range(len(a))]
    w_plus = sum(r for r, c in zip(ranks, nz, strict=True) if c > 0)
    # exact null distribution by enumerating all sign patterns of the ranks
    dist = [
        sum(r for r, g in zip(ranks, signs, strict=True) if g)
        for signs in itertools.product([0, 1], repeat=len(nz))
    ]
    upper = sum(1 for v in dist if v >= w_plus) / len(dist)
    lower = sum(1 for v in dist if v <= w_plus) / len(dist)
    return w_plus, lower, upper


def test_wilcoxon_by_hand():
    cars = [0.031, -0.012, 0.007, 0.044, -0.003, 0.019, 0.026, -0.038, 0.015]
    N = len(cars)
    s = EventSample(
        ar_est=np.zeros((4, N)) + np.array([[0.01], [-0.01], [0.02], [-0.02]]),
        ar_evt=np.array([cars]),
        event_days=np.array([0]),
        sigma=np.ones(N),
        cov_evt=np.ones((N, 1, 1)),
        dof=2,
    )
    w_plus, lower, upper = hand_wilcoxon(cars)
    res = wilcoxon(s, (0, 0))
    assert res.statistic == w_plus and res.null_distribution == f"Wilcoxon signed-rank({N})"
    assert res.pvalue == pytest.approx(min(1.0, 2 * min(lower, upper)), rel=1e-12)
    assert wilcoxon(s, (0, 0), alternative="greater").pvalue == pytest.approx(upper, rel=1e-12)
    assert wilcoxon(s, (0, 0), alternative="less").pvalue == pytest.approx(lower, rel=1e-12)
    approx = wilcoxon(s, (0, 0), method="approx")
    mu, var = N * (N + 1) / 4, N * (N + 1) * (2 * N + 1) / 24
    assert approx.pvalue == pytest.approx(2 * stats.norm.sf(abs(w_plus - mu) / math.sqrt(var)), rel=1e-12)
    assert approx.null_distribution == "N(0,1)"


@pytest.mark.parametrize("window", WINDOWS)
def test_wilcoxon_statistic_on_hand_sample(window):
    s = build_sample()
    rows = rows_of(window)
    cars = [sum(s.ar_evt[t, i] for t in rows) for i in range(3)]
    w_plus, lower, upper = hand_wilcoxon(cars)
    res = wilcoxon(s, window)
    assert res.statistic == w_plus
    assert res.pvalue == pytest.approx(min(1.0, 2 * min(lower, upper)), rel=1e-12)


def test_zero_cars_raise():
    s = build_sample()
    z = EventSample(**{**s.__dict__, "ar_evt": np.zeros_like(s.ar_evt)})
    with pytest.raises(SpecificationError):
        sign(z, (0, 0))
    with pytest.raises(SpecificationError):
        wilcoxon(z, (0, 0))
    with pytest.raises(SpecificationError):
        sign(s, (0, 0), method="poisson")


def test_size_under_null_synthetic():
    """SYNTHETIC iid-normal returns, fixed seed, 300 draws: 5% rejection within [2%, 9%]."""
    tests = {
        "corrado_rank": corrado_rank,
        "grank": grank,
        "sign": sign,
        "generalized_sign": generalized_sign,
        "wilcoxon": wilcoxon,
    }
    for name, rate in synthetic_rejection_rates(tests, seed=7).items():
        assert 0.02 <= rate <= 0.09, (name, rate)
