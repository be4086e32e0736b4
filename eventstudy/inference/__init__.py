"""Significance tests for event studies.

Every test is a pure function ``f(sample, window=(t1, t2), **options)`` of an
:class:`EventSample`. Single-asset tests (:data:`SINGLE_ASSET_TESTS`) return a list
of :class:`TestResult`, one per asset with ``asset=`` set; cross-sectional tests
(:data:`MULTI_ASSET_TESTS`) return one :class:`TestResult`. :data:`TESTS` maps the
fixed public names to the functions.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import EventSample, TestResult, results_frame, window_slice
from .joint import joint_wald
from .parametric import bmp, brown_warner, kolari_pynnonen, patell, t_cross_sectional
from .rank import corrado_rank, grank
from .resampling import bootstrap, permutation
from .sign import generalized_sign, sign, wilcoxon
from .single_asset import dummy_regression, sq, t_prediction_error

__all__ = [
    "EventSample",
    "TestResult",
    "results_frame",
    "window_slice",
    "TESTS",
    "SINGLE_ASSET_TESTS",
    "MULTI_ASSET_TESTS",
    "t_prediction_error",
    "dummy_regression",
    "sq",
    "t_cross_sectional",
    "brown_warner",
    "patell",
    "bmp",
    "kolari_pynnonen",
    "corrado_rank",
    "grank",
    "sign",
    "generalized_sign",
    "wilcoxon",
    "bootstrap",
    "permutation",
    "joint_wald",
]

TESTS: dict[str, Callable[..., TestResult | list[TestResult]]] = {
    "t_prediction_error": t_prediction_error,
    "dummy_regression": dummy_regression,
    "sq": sq,
    "t_cross_sectional": t_cross_sectional,
    "brown_warner": brown_warner,
    "patell": patell,
    "bmp": bmp,
    "kolari_pynnonen": kolari_pynnonen,
    "corrado_rank": corrado_rank,
    "grank": grank,
    "sign": sign,
    "generalized_sign": generalized_sign,
    "wilcoxon": wilcoxon,
    "bootstrap": bootstrap,
    "permutation": permutation,
    "joint_wald": joint_wald,
}
"""Test name -> function, the names accepted by ``EventStudyResults.test``."""

SINGLE_ASSET_TESTS: tuple[str, ...] = ("t_prediction_error", "dummy_regression", "sq")
"""Tests returning one result per asset."""

MULTI_ASSET_TESTS: tuple[str, ...] = tuple(k for k in TESTS if k not in SINGLE_ASSET_TESTS)
"""Cross-sectional tests returning one result."""
