"""The one registry of significance tests (eventstudy.inference.REGISTRY), on SYNTHETIC data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.errors import SpecificationError
from eventstudy.inference import MULTI_ASSET_TESTS, REGISTRY, SINGLE_ASSET_TESTS, TESTS, TestResult, spec


def _study(n_assets: int, seed: int = 4) -> es.EventStudyResults:
    """SYNTHETIC market-model returns of ``n_assets`` assets on XNYS sessions."""
    idx = es.calendars.sessions("XNYS", "2024-01-02", "2025-06-30")[:200]
    rng = np.random.default_rng(seed)
    m = pd.Series(rng.normal(0, 0.01, idx.size), index=idx)
    cols = {f"A{j}": 0.0003 + (0.8 + 0.1 * j) * m + rng.normal(0, 0.015, idx.size) for j in range(n_assets)}
    return es.EventStudy(
        pd.DataFrame(cols), market=m, event_date=idx[150], estimation_window=(-120, -11)
    ).fit()


def test_registry_is_complete_and_partitioned():
    assert list(TESTS) == list(REGISTRY)
    assert set(SINGLE_ASSET_TESTS) | set(MULTI_ASSET_TESTS) == set(REGISTRY)
    assert not set(SINGLE_ASSET_TESTS) & set(MULTI_ASSET_TESTS)
    for name, s in REGISTRY.items():
        assert s.name == name and callable(s.func) and s.func.__name__ == s.target.split(":")[1]
        assert s.min_n >= 1 and s.windows in ("any", "day") and s.scope in ("asset", "cross_section")
        assert s.null and s.citation and s.label and s.label_tex
        first_author = s.citation.split(",")[0].split(" ")[0]
        assert first_author in (s.func.__doc__ or ""), f"{name}: the docstring does not cite {s.citation}"
    with pytest.raises(SpecificationError, match="unknown test 'nope'"):
        spec("nope")


def test_every_applicable_test_runs_and_matches_its_metadata():
    res = _study(6)
    names = res.applicable_tests()
    assert set(names) == {n for n, s in REGISTRY.items() if s.min_n <= 6}
    for name in names:
        out = res.test(name, (0, 1))
        s = REGISTRY[name]
        assert len(out) == (6 if s.scope == "asset" else 1)
        assert all(isinstance(r, TestResult) and r.name == name and 0 <= r.pvalue <= 1 for r in out)


def test_minimum_n_comes_from_the_registry():
    res = _study(2)
    names = res.applicable_tests()
    assert names == [n for n, s in REGISTRY.items() if s.min_n <= 2]
    assert "bmp" not in names and "patell" in names and "t_prediction_error" in names
