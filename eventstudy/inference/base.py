"""Containers shared by every significance test.

:class:`EventSample` holds, in event time, everything a test may need for one
event window across ``N`` assets (or asset-event pairs); :class:`TestResult` is
what every test returns. Tests are pure functions ``f(sample, window, **options)
-> TestResult`` so each can be checked against a hand calculation.

Notation (MacKinlay 1997, section 4): ``L`` estimation-window observations,
``T`` event-window days, ``N`` assets, ``p`` regressors of the normal-return
model including the constant (``p = 2`` for the market model).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SpecificationError, WindowError

__all__ = [
    "EventSample",
    "TestResult",
    "TestResults",
    "window_slice",
    "results_frame",
    "ALTERNATIVES",
    "check_alternative",
    "resolve_window",
    "pvalue_symmetric",
]


@dataclass(frozen=True)
class EventSample:
    """Abnormal returns of ``N`` assets around one event, in event time.

    Parameters
    ----------
    ar_est : ndarray, shape (L, N)
        Estimation-window abnormal returns (model residuals); no NaN.
    ar_evt : ndarray, shape (T, N)
        Event-window abnormal returns; no NaN.
    event_days : ndarray of int, shape (T,)
        Event-time label of each event-window row (``[-1, 0, 1]`` for ``(-1, 1)``).
    sigma : ndarray, shape (N,)
        Residual standard deviation ``sqrt(SSR / (L - ddof))``.
    cov_evt : ndarray, shape (N, T, T)
        Covariance of the event-window abnormal returns under the null,
        ``sigma_i^2 (I + X*_i (X_i'X_i)^{-1} X*_i')`` (MacKinlay 1997, eq. 9-10;
        Patell 1976). Its diagonal is the prediction-error-corrected variance.
    dof : int
        Degrees of freedom of the residual variance, ``L - p``.
    ddof : int
        Denominator convention used for ``sigma``: ``L - ddof``.
    assets : tuple of str
        Asset (or asset-event) labels, length ``N``.
    returns_est, returns_evt : ndarray, shapes (L, N), (T, N), optional
        Raw returns (for the event-dummy regression).
    regressors_est, regressors_evt : ndarray, shapes (N, L, p), (N, T, p), optional
        Design matrices including the constant column (for the dummy regression
        and the joint Wald test). ``None`` for models without regressors.
    est_days : ndarray of int, shape (L,), optional
        Event-time labels of the estimation rows (``-260 .. -11``); rank tests
        rank the combined estimation + event period in time order.
    """

    ar_est: np.ndarray
    ar_evt: np.ndarray
    event_days: np.ndarray
    sigma: np.ndarray
    cov_evt: np.ndarray
    dof: int
    ddof: int = 2
    assets: tuple[str, ...] = ()
    returns_est: np.ndarray | None = None
    returns_evt: np.ndarray | None = None
    regressors_est: np.ndarray | None = None
    regressors_evt: np.ndarray | None = None
    est_days: np.ndarray | None = None

    @property
    def n_assets(self) -> int:
        """Number of assets ``N``."""
        return int(self.ar_evt.shape[1])

    @property
    def n_est(self) -> int:
        """Estimation-window length ``L``."""
        return int(self.ar_est.shape[0])

    def rows(self, window: tuple[int, int] | None) -> np.ndarray:
        """Row positions in ``ar_evt`` of the event days inside ``window`` (inclusive)."""
        return window_slice(self.event_days, window)

    def car(self, window: tuple[int, int] | None = None) -> np.ndarray:
        """Cumulative abnormal return per asset over ``window``, shape (N,)."""
        return self.ar_evt[self.rows(window)].sum(axis=0)

    def car_variance(self, window: tuple[int, int] | None = None) -> np.ndarray:
        """Prediction-error variance of each asset's CAR over ``window``, shape (N,).

        ``Var(CAR_i) = 1' V_i 1`` summed over the window's block of ``cov_evt``
        (MacKinlay 1997, eq. 14 with the estimation-error term kept).
        """
        r = self.rows(window)
        return self.cov_evt[:, r][:, :, r].sum(axis=(1, 2))

    def scar(self, window: tuple[int, int] | None = None) -> np.ndarray:
        """Standardized CAR ``CAR_i / sqrt(Var(CAR_i))`` (Patell 1976), shape (N,)."""
        return self.car(window) / np.sqrt(self.car_variance(window))


def window_slice(event_days: np.ndarray, window: tuple[int, int] | None) -> np.ndarray:
    """Positions of ``event_days`` inside the inclusive ``window``.

    Raises
    ------
    WindowError
        If the window is reversed or not fully inside the event window.
    """
    days = np.asarray(event_days)
    if window is None:
        return np.arange(days.size)
    lo, hi = int(window[0]), int(window[1])
    if lo > hi:
        raise WindowError(f"window {window} is reversed: write it as (start, end) with start <= end")
    if lo < days.min() or hi > days.max():
        raise WindowError(
            f"window {window} is not inside the fitted event window ({int(days.min())}, {int(days.max())}); "
            "widen event_window when building the study"
        )
    return np.flatnonzero((days >= lo) & (days <= hi))


@dataclass(frozen=True)
class TestResult:
    """Outcome of one significance test.

    Attributes
    ----------
    name : str
        Test name as accepted by ``EventStudyResults.test`` (e.g. ``"patell"``).
    statistic : float
        Value of the test statistic.
    pvalue : float
        p-value under ``null_distribution`` for ``alternative``.
    null_distribution : str
        Reference distribution, e.g. ``"N(0,1)"``, ``"t(248)"``, ``"chi2(10)"``,
        ``"Binomial(10, 0.5)"``, ``"empirical"``.
    n : int
        Number of assets (cross-sectional tests) or observations used.
    window : tuple of int
        Event-time window tested (inclusive).
    alternative : str
        ``"two-sided"``, ``"less"`` or ``"greater"``.
    details : mapping
        Test-specific intermediate values (e.g. ``rbar`` for Kolari-Pynnönen).
    """

    __test__ = False  # not a pytest test class

    name: str
    statistic: float
    pvalue: float
    null_distribution: str
    n: int
    window: tuple[int, int]
    alternative: str = "two-sided"
    asset: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Flat dictionary (one row of :meth:`EventStudyResults.tests`)."""
        return {
            "test": self.name,
            "asset": self.asset,
            "window_start": int(self.window[0]),
            "window_end": int(self.window[1]),
            "statistic": float(self.statistic),
            "pvalue": float(self.pvalue),
            "null_distribution": self.null_distribution,
            "n": int(self.n),
            "alternative": self.alternative,
        }

    def __repr__(self) -> str:
        who = f", asset={self.asset!r}" if self.asset else ""
        return (
            f"TestResult({self.name}{who}, window={self.window}, statistic={self.statistic:.4f}, "
            f"pvalue={self.pvalue:.4g}, null={self.null_distribution}, n={self.n})"
        )


def results_frame(results: Sequence[TestResult]) -> pd.DataFrame:
    """Tidy DataFrame of several :class:`TestResult` objects."""
    return pd.DataFrame([r.to_dict() for r in results])


class TestResults(tuple):
    """What ``EventStudyResults.test`` always returns: a tuple of :class:`TestResult`.

    A cross-sectional test (or a single-asset test with ``asset=``) gives one element,
    and then ``statistic``, ``pvalue``, ``null_distribution``, ``n``, ``window``,
    ``details`` and ``asset`` read that element; a single-asset test without ``asset=``
    gives one element per asset (pick one with :meth:`asset_result` or iterate).
    :meth:`to_frame` gives the tidy table either way.
    """

    __slots__ = ()
    __test__ = False  # not a pytest test class

    def __new__(cls, results: TestResult | Sequence[TestResult]) -> TestResults:
        items = (results,) if isinstance(results, TestResult) else tuple(results)
        if not items or not all(isinstance(r, TestResult) for r in items):
            raise SpecificationError("TestResults holds one or more TestResult objects")
        return super().__new__(cls, items)

    def _one(self, attr: str) -> Any:
        if len(self) != 1:
            raise SpecificationError(
                f"{self[0].name} returned {len(self)} results (one per asset); read .{attr} of one of them: "
                "pass asset= to test(), use .asset_result(name), or iterate"
            )
        return getattr(self[0], attr)

    name = property(lambda self: self[0].name, doc="Test name (shared by every element).")
    statistic = property(lambda self: self._one("statistic"), doc="Statistic of the single result.")
    pvalue = property(lambda self: self._one("pvalue"), doc="p-value of the single result.")
    null_distribution = property(
        lambda self: self._one("null_distribution"), doc="Null of the single result."
    )
    n = property(lambda self: self._one("n"), doc="N of the single result.")
    window = property(lambda self: self._one("window"), doc="Window of the single result.")
    alternative = property(lambda self: self._one("alternative"), doc="Alternative of the single result.")
    asset = property(lambda self: self._one("asset"), doc="Asset of the single result.")
    details = property(lambda self: self._one("details"), doc="Details of the single result.")

    def asset_result(self, asset: str) -> TestResult:
        """The element for ``asset``.

        Raises
        ------
        SpecificationError
            If no element has that asset.
        """
        for r in self:
            if r.asset == asset:
                return r
        raise SpecificationError(
            f"asset {asset!r} is not among this test's results: {[r.asset for r in self]}"
        )

    def to_frame(self) -> pd.DataFrame:
        """Tidy DataFrame, one row per element (see :meth:`TestResult.to_dict`)."""
        return results_frame(self)

    def to_dict(self) -> dict[str, Any]:
        """Flat dictionary of the single result (as :meth:`TestResult.to_dict`)."""
        return self._one("to_dict")()

    def __repr__(self) -> str:
        if len(self) == 1:
            return repr(self[0])
        return "TestResults(\n  " + ",\n  ".join(map(repr, self)) + "\n)"


# --------------------------------------------------------------------------------------
# Helpers shared by the test modules (added by the inference battery).
# --------------------------------------------------------------------------------------

ALTERNATIVES: tuple[str, ...] = ("two-sided", "less", "greater")


def check_alternative(alternative: str, allowed: tuple[str, ...] = ALTERNATIVES) -> str:
    """Validate an ``alternative`` option.

    Raises
    ------
    SpecificationError
        If ``alternative`` is not one of ``allowed``.
    """
    if alternative not in allowed:
        raise SpecificationError(
            f"alternative={alternative!r} is not supported here; use one of {', '.join(allowed)}"
        )
    return alternative


def resolve_window(sample: EventSample, window: tuple[int, int] | None) -> tuple[tuple[int, int], np.ndarray]:
    """The inclusive window as a tuple of int and its row positions in ``sample.ar_evt``.

    ``window=None`` means the whole fitted event window.
    """
    rows = sample.rows(window)
    if window is None:
        days = np.asarray(sample.event_days)
        return (int(days.min()), int(days.max())), rows
    return (int(window[0]), int(window[1])), rows


def pvalue_symmetric(statistic: np.ndarray | float, dist: Any, alternative: str) -> np.ndarray | float:
    """p-value of a statistic whose null distribution ``dist`` is symmetric about zero.

    ``dist`` is a frozen :mod:`scipy.stats` distribution (``norm()``, ``t(df)``).
    Two-sided: ``2 P(X >= |s|)``; ``"greater"``: ``P(X >= s)``; ``"less"``: ``P(X <= s)``.
    """
    s = np.asarray(statistic, dtype=float)
    if alternative == "two-sided":
        p = np.minimum(1.0, 2.0 * dist.sf(np.abs(s)))
    elif alternative == "greater":
        p = dist.sf(s)
    elif alternative == "less":
        p = dist.cdf(s)
    else:  # pragma: no cover - guarded by check_alternative
        raise ValueError(alternative)
    return p if p.ndim else float(p)
