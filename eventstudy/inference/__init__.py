"""Significance tests for event studies.

Every test is a pure function ``f(sample, window=(t1, t2), **options)`` of an
:class:`EventSample`. Single-asset tests (:data:`SINGLE_ASSET_TESTS`) return a list
of :class:`TestResult`, one per asset with ``asset=`` set; cross-sectional tests
(:data:`MULTI_ASSET_TESTS`) return one :class:`TestResult`. The metadata of every test
(name, minimum N, windows, null distribution, citation) lives in one place,
:data:`REGISTRY` (:mod:`eventstudy.inference.registry`); :data:`TESTS` maps the fixed
public names to the functions.

The test functions are imported on first use (``from eventstudy.inference import patell``
works), so importing this package does not import scipy or statsmodels.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .base import EventSample, TestResult, TestResults, results_frame, window_slice
from .registry import (
    MIN_CROSS_SECTION,
    MULTI_ASSET_TESTS,
    REGISTRY,
    RESAMPLING_TESTS,
    SINGLE_ASSET_TESTS,
    TESTS,
    TestSpec,
    spec,
)

__all__ = [
    "EventSample",
    "TestResult",
    "TestResults",
    "TestSpec",
    "results_frame",
    "window_slice",
    "REGISTRY",
    "TESTS",
    "SINGLE_ASSET_TESTS",
    "MULTI_ASSET_TESTS",
    "RESAMPLING_TESTS",
    "MIN_CROSS_SECTION",
    "spec",
    *REGISTRY,
]


def __getattr__(name: str) -> Any:
    if name in REGISTRY:
        return REGISTRY[name].func
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """Keeps a test's name bound to the test: importing the submodule of the same name
    (``sign``, ``wild_bootstrap``, ``adjusted_patell``) must not rebind
    ``eventstudy.inference.sign`` to the module (it stays in ``sys.modules``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in REGISTRY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(REGISTRY))
