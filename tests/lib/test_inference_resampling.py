"""Validation of the resampling tests (bootstrap, sign-flip permutation).

The exact permutation p-value is recomputed by enumerating all 2^N sign patterns
with itertools on N=4 hand-picked CARs; the bootstrap p-value is recomputed with
loops from the same documented draws (``default_rng(seed).integers(0, N, (B, N))``).
Also: seed reproducibility, p-values in [0, 1], Monte Carlo close to exact.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from eventstudy.errors import SpecificationError
from eventstudy.inference import EventSample, bootstrap, permutation

CARS4 = [0.021, -0.007, 0.013, 0.030]


def car_sample(cars, days=1):
    """EventSample whose CAR over the whole event window is ``cars`` (split evenly over ``days``)."""
    n = len(cars)
    ar_evt = np.array([[c / days for c in cars]] * days)
    return EventSample(
        ar_est=np.array([[0.01] * n, [-0.01] * n, [0.02] * n, [-0.02] * n]),
        ar_evt=ar_evt,
        event_days=np.arange(days),
        sigma=np.full(n, 0.01),
        cov_evt=np.tile(np.eye(days) * 1e-4, (n, 1, 1)),
        dof=2,
    )


# ----------------------------------------------------------------------------- permutation


def exact_flip(cars):
    n = len(cars)
    obs = sum(cars) / n
    stats_ = [
        sum(g * c for g, c in zip(signs, cars, strict=True)) / n
        for signs in itertools.product([1, -1], repeat=n)
    ]
    eps = 1e-12
    two = sum(1 for v in stats_ if abs(v) >= abs(obs) - eps) / len(stats_)
    up = sum(1 for v in stats_ if v >= obs - eps) / len(stats_)
    lo = sum(1 for v in stats_ if v <= obs + eps) / len(stats_)
    return obs, two, up, lo


@pytest.mark.parametrize(
    "cars", [CARS4, [0.01, 0.02, 0.03, 0.04], [-0.02, 0.02, 0.01, -0.01], [0.05, -0.001, -0.002, -0.003]]
)
def test_permutation_exact_enumeration(cars):
    s = car_sample(cars)
    obs, two, up, lo = exact_flip(cars)
    res = permutation(s, (0, 0))
    assert res.statistic == pytest.approx(obs, rel=1e-12)
    assert res.pvalue == pytest.approx(two, abs=1e-15)
    assert permutation(s, (0, 0), alternative="greater").pvalue == pytest.approx(up, abs=1e-15)
    assert permutation(s, (0, 0), alternative="less").pvalue == pytest.approx(lo, abs=1e-15)
    assert res.null_distribution == "sign-flip exact(2^4)" and res.details["exact"]


def test_permutation_all_positive_hits_the_floor():
    s = car_sample([0.01, 0.02, 0.03, 0.04])
    assert permutation(s, (0, 0), alternative="greater").pvalue == pytest.approx(1 / 16)
    assert permutation(s, (0, 0)).pvalue == pytest.approx(2 / 16)


def test_permutation_multi_day_window_uses_car():
    s = car_sample(CARS4, days=3)
    assert permutation(s, (0, 2)).pvalue == pytest.approx(exact_flip(CARS4)[1], abs=1e-15)


def test_permutation_monte_carlo_reproducible_and_close_to_exact():
    cars = [0.012, -0.004, 0.019, 0.007, -0.011, 0.025, 0.003, -0.002, 0.016, 0.009]
    s = car_sample(cars)
    exact = permutation(s, (0, 0)).pvalue
    mc1 = permutation(s, (0, 0), max_exact=0, n_perm=20000, seed=11)
    mc2 = permutation(s, (0, 0), max_exact=0, n_perm=20000, seed=11)
    mc3 = permutation(s, (0, 0), max_exact=0, n_perm=20000, rng=np.random.default_rng(11))
    assert mc1.pvalue == mc2.pvalue == mc3.pvalue
    assert not mc1.details["exact"] and mc1.null_distribution == "sign-flip MC(20000)"
    assert abs(mc1.pvalue - exact) < 4 * math.sqrt(exact * (1 - exact) / 20000) + 1e-4
    assert 0.0 < mc1.pvalue <= 1.0


# ----------------------------------------------------------------------------- bootstrap


def hand_bootstrap(cars, B, seed, studentize=False):
    n = len(cars)
    mean = sum(cars) / n
    centred = [c - mean for c in cars]
    idx = np.random.default_rng(seed).integers(0, n, size=(B, n))  # documented draw scheme

    def stat(xs):
        m = sum(xs) / len(xs)
        if not studentize:
            return m
        sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
        return (
            0.0
            if sd == 0 and m == 0
            else (math.copysign(math.inf, m) if sd == 0 else m / (sd / math.sqrt(len(xs))))
        )

    obs = stat(cars)
    draws = [stat([centred[j] for j in row]) for row in idx]
    eps = 1e-12 * max(1.0, abs(obs))
    ge = sum(1 for v in draws if v >= obs - eps)
    le = sum(1 for v in draws if v <= obs + eps)
    ab = sum(1 for v in draws if abs(v) >= abs(obs) - eps)
    return obs, (1 + ab) / (B + 1), (1 + ge) / (B + 1), (1 + le) / (B + 1)


@pytest.mark.parametrize("studentize", [False, True])
def test_bootstrap_by_hand(studentize):
    cars = [0.021, -0.007, 0.013, 0.030, 0.002, -0.011]
    s = car_sample(cars)
    obs, two, up, lo = hand_bootstrap(cars, 500, 5, studentize)
    res = bootstrap(s, (0, 0), n_boot=500, seed=5, studentize=studentize)
    assert res.statistic == pytest.approx(obs, rel=1e-12)
    assert res.pvalue == pytest.approx(two, abs=1e-15)
    assert bootstrap(
        s, (0, 0), n_boot=500, seed=5, studentize=studentize, alternative="greater"
    ).pvalue == pytest.approx(up, abs=1e-15)
    assert bootstrap(
        s, (0, 0), n_boot=500, seed=5, studentize=studentize, alternative="less"
    ).pvalue == pytest.approx(lo, abs=1e-15)
    eq = bootstrap(s, (0, 0), n_boot=500, seed=5, studentize=studentize, two_sided="equal_tail")
    assert eq.pvalue == pytest.approx(min(1.0, 2 * min(up, lo)), abs=1e-15)
    assert res.null_distribution == "bootstrap(500)"


def test_bootstrap_reproducible_and_bounded():
    s = car_sample([0.021, -0.007, 0.013, 0.030, 0.002, -0.011, 0.017])
    a = bootstrap(s, (0, 0), n_boot=999, seed=1)
    b = bootstrap(s, (0, 0), n_boot=999, seed=1)
    c = bootstrap(s, (0, 0), n_boot=999, rng=np.random.default_rng(1))
    assert a.pvalue == b.pvalue == c.pvalue
    for alt in ("two-sided", "greater", "less"):
        p = bootstrap(s, (0, 0), n_boot=199, seed=3, alternative=alt).pvalue
        assert 0.0 < p <= 1.0
    gen = np.random.default_rng(2)
    first = bootstrap(s, (0, 0), n_boot=99, rng=gen).pvalue
    second = bootstrap(s, (0, 0), n_boot=99, rng=gen).pvalue  # the generator is advanced
    assert 0.0 < first <= 1.0 and 0.0 < second <= 1.0


def test_bootstrap_strong_effect_and_errors():
    s = car_sample([0.05, 0.051, 0.049, 0.052, 0.048, 0.05])
    assert bootstrap(s, (0, 0), n_boot=999, seed=0, studentize=False).pvalue == pytest.approx(1 / 1000)
    assert bootstrap(s, (0, 0), n_boot=999, seed=0).pvalue == pytest.approx(1 / 1000)
    with pytest.raises(SpecificationError):
        bootstrap(car_sample([0.01]), (0, 0))
    with pytest.raises(SpecificationError):
        bootstrap(s, (0, 0), n_boot=0)
    with pytest.raises(SpecificationError):
        bootstrap(s, (0, 0), two_sided="bca")
    with pytest.raises(SpecificationError):
        permutation(s, (0, 0), alternative="both")
