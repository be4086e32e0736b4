"""Power statements of the paper (``paper_build.single_firm_power``) against hand-derived values.

A non-rejection in the paper carries the test's power at the observed effect size; these tests pin
the noncentral-t power and the 80%-power detectable abnormal return on cases worked by hand.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from scipy import stats

from eventstudy.deepseek.paper_build import single_firm_power
from eventstudy.errors import EventStudyError


def _result(car: float, se: float, n: int) -> SimpleNamespace:
    return SimpleNamespace(details={"car": car, "var_car": se**2}, n=n)


def test_power_at_zero_effect_is_the_level() -> None:
    pw, _ = single_firm_power(_result(0.0, 0.02, 101), level=0.05)
    assert pw == pytest.approx(0.05, abs=1e-10)


def test_normal_limit_matches_the_textbook_formula() -> None:
    # df -> infinity: power at delta = 1.96 se is 1/2 + Phi(-3.92); the 80% detectable effect is
    # (z_0.975 + z_0.80) se = 2.8016 se (e.g. Campbell, Lo & MacKinlay 1997, sec. 4.6).
    se = 0.03
    pw, mde = single_firm_power(_result(-1.959964 * se, se, 200_002), level=0.05)
    assert pw == pytest.approx(0.5 + stats.norm.cdf(-2 * 1.959964), abs=2e-4)
    assert mde == pytest.approx((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * se, rel=1e-3)


def test_small_sample_power_agrees_with_simulation() -> None:
    # df = 99: simulate the t statistic under a shift of 2 standard errors
    rng = np.random.default_rng(7)
    df, ncp = 99, 2.0
    z = rng.standard_normal(400_000) + ncp
    t = z / np.sqrt(rng.chisquare(df, z.size) / df)
    sim = float(np.mean(np.abs(t) > stats.t.ppf(0.975, df)))
    pw, _ = single_firm_power(_result(ncp * 0.01, 0.01, df + 2), level=0.05)
    assert pw == pytest.approx(sim, abs=3e-3)


def test_degenerate_variance_is_refused() -> None:
    with pytest.raises(EventStudyError, match="Var\\[CAR\\]"):
        single_firm_power(_result(-0.01, 0.0, 101))
