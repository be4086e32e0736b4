"""Wild bootstrap of the CAAR t and the Kolari-Pynnönen adjusted Patell test: hand-derived values."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from inference_samples import build_sample, simulate_sample
from scipy import stats

from eventstudy.errors import SpecificationError
from eventstudy.inference.adjusted_patell import adjusted_patell
from eventstudy.inference.parametric import patell
from eventstudy.inference.resampling import permutation
from eventstudy.inference.wild_bootstrap import wild_bootstrap


def _t(x):
    n = len(x)
    m = sum(x) / n
    s = math.sqrt(sum((v - m) ** 2 for v in x) / (n - 1))
    if s == 0:
        return 0.0 if m == 0 else math.copysign(math.inf, m)
    return m / (s / math.sqrt(n))


def test_wild_bootstrap_exact_enumeration_by_hand():
    s = build_sample()  # three assets: 2^3 = 8 Rademacher patterns, enumerated
    car = s.car((-1, 1))
    obs = _t(list(car))
    u = [c - car.mean() for c in car]
    tstar = [_t([w * v for w, v in zip(ws, u, strict=True)]) for ws in itertools.product((1, -1), repeat=3)]
    hand = sum(abs(t) >= abs(obs) - 1e-12 * max(1, abs(obs)) for t in tstar) / 8
    r = wild_bootstrap(s, (-1, 1))
    assert r.statistic == pytest.approx(obs, rel=1e-12)
    assert r.pvalue == pytest.approx(hand, abs=1e-15)
    assert r.details["exact"] and r.null_distribution == "wild Rademacher exact(2^3)"
    greater = sum(t >= obs - 1e-12 * max(1, abs(obs)) for t in tstar) / 8
    assert wild_bootstrap(s, (-1, 1), alternative="greater").pvalue == pytest.approx(greater, abs=1e-15)


def test_restricted_wild_bootstrap_is_the_sign_flip_permutation_test():
    """A sign flip keeps sum CAR^2, so t* is monotone in mean(CAR*): identical p-values."""
    rng = np.random.default_rng(5)
    for _ in range(5):
        s = simulate_sample(rng, N=9)
        a = wild_bootstrap(s, (0, 0), impose_null=True)
        b = permutation(s, (0, 0))
        assert a.pvalue == pytest.approx(b.pvalue, abs=1e-15)


def test_wild_bootstrap_monte_carlo_branch_is_seeded():
    rng = np.random.default_rng(1)
    s = simulate_sample(rng, N=20)  # 2^20 > n_boot: Monte Carlo
    a = wild_bootstrap(s, (0, 0), n_boot=999, seed=4)
    b = wild_bootstrap(s, (0, 0), n_boot=999, seed=4)
    assert not a.details["exact"] and a.pvalue == b.pvalue
    assert 1 / 1000 <= a.pvalue <= 1


def test_wild_bootstrap_size_on_synthetic_normal_data():
    rng = np.random.default_rng(11)
    rej = [wild_bootstrap(simulate_sample(rng, N=10), (0, 0)).pvalue < 0.05 for _ in range(300)]
    assert 0.02 <= np.mean(rej) <= 0.08


def test_wild_bootstrap_errors():
    s = build_sample()
    with pytest.raises(SpecificationError, match="n_boot"):
        wild_bootstrap(s, n_boot=0)
    one = replace(s, ar_evt=s.ar_evt[:, :1], ar_est=s.ar_est[:, :1], sigma=s.sigma[:1], cov_evt=s.cov_evt[:1])
    with pytest.raises(SpecificationError, match="at least 2"):
        wild_bootstrap(one)


def test_adjusted_patell_by_hand():
    s = build_sample()
    e = s.ar_est
    n = e.shape[1]
    corr = []
    for i in range(n):  # pairwise Pearson correlations, plain loops
        for j in range(n):
            if i != j:
                xi, xj = e[:, i], e[:, j]
                mi, mj = xi.mean(), xj.mean()
                num = sum((a - mi) * (b - mj) for a, b in zip(xi, xj, strict=True))
                den = math.sqrt(sum((a - mi) ** 2 for a in xi) * sum((b - mj) ** 2 for b in xj))
                corr.append(num / den)
    rbar = sum(corr) / len(corr)
    z_p = patell(s, (-1, 1)).statistic
    # Kolari & Pynnönen (2010), eq. 13: Z_AP = Z_P / sqrt(1 + (N - 1) rbar)
    hand = z_p / math.sqrt(1 + (n - 1) * rbar)
    r = adjusted_patell(s, (-1, 1))
    assert r.statistic == pytest.approx(hand, rel=1e-10)
    assert r.details["rbar"] == pytest.approx(rbar, rel=1e-10)
    assert r.pvalue == pytest.approx(2 * stats.norm.sf(abs(hand)), rel=1e-10)


def test_adjusted_patell_equals_patell_without_correlation():
    s = build_sample()
    # residuals made exactly uncorrelated across assets: orthogonal columns
    q, _ = np.linalg.qr(np.column_stack([np.ones(6), np.random.default_rng(0).normal(size=(6, 3))]))
    e = q[:, 1:] * 0.01
    s2 = replace(s, ar_est=e)
    assert adjusted_patell(s2, (0, 0)).statistic == pytest.approx(patell(s2, (0, 0)).statistic, rel=1e-10)


def test_adjusted_patell_undefined_for_strong_negative_correlation():
    s = build_sample()
    base = np.random.default_rng(0).normal(size=6)
    e = np.column_stack([base, -base])  # N = 2, rbar = -1: 1 + (N - 1) rbar = 0
    s2 = replace(s, ar_est=e * 0.01, ar_evt=s.ar_evt[:, :2], sigma=s.sigma[:2], cov_evt=s.cov_evt[:2])
    with pytest.raises(SpecificationError, match="adjustment undefined"):
        adjusted_patell(s2, (0, 0))
