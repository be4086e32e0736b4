"""The event study: a specification (:class:`EventStudy`) and its immutable results.

>>> import eventstudy as es                                          # doctest: +SKIP
>>> rets = es.to_returns(es.load_prices(["NVDA", "TSM", "^GSPC"]))    # doctest: +SKIP
>>> res = es.EventStudy(rets[["NVDA", "TSM"]], market=rets["^GSPC"],  # doctest: +SKIP
...                     event_date="2025-01-27").fit()
>>> res.car((0, 0))                                                  # doctest: +SKIP

Definitions follow MacKinlay (1997) and Campbell, Lo & MacKinlay (1997, ch. 4):
``AR_it = R_it - E[R_it | X_t]``; ``CAR_i(t1, t2) = sum_t AR_it``;
``CAAR = mean_i CAR_i``; the buy-and-hold abnormal return
``BHAR_i = prod(1 + R_it) - prod(1 + E[R_it | X_t])`` (Barber & Lyon 1997).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
import pandas as pd

from . import calendars as cal
from .alignment import EventTimePanel, build_panel, normalise_events
from .engine import BatchFit
from .errors import EventRolledWarning, SpecificationError
from .inference.base import EventSample, TestResult, results_frame, window_slice
from .models import MODELS, design_matrix, fit_model, param_names
from .summary import Summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EventStudy", "EventStudyResults"]

Alignment = Literal["own", "market"]


@dataclass(frozen=True)
class EventStudy:
    """Specification of an event study (model, windows, data); :meth:`fit` estimates it.

    Parameters
    ----------
    returns : DataFrame
        Simple (or log) returns, DatetimeIndex, one column per asset (see :func:`eventstudy.to_returns`).
    market : Series, optional
        Market returns (required by ``"market"``, ``"market_adjusted"`` and ``"garch"``).
    event_date : str, Timestamp or mapping asset -> date, optional
        The event date (day 0 is each asset's first session on or after it).
    estimation_window, event_window : tuple of int
        Inclusive windows in event time (trading days of the asset); they may be
        separated by a gap but must not overlap.
    model : {"market", "constant_mean", "market_adjusted", "factor", "garch"}
        Normal-return model (see :mod:`eventstudy.models`).
    factors : DataFrame, optional
        Factor returns in decimals for ``model="factor"`` (Fama-French files are in percent: divide by 100).
    ddof : int, optional
        Residual-variance denominator ``L - ddof``. Default: the number of estimated
        coefficients (2 for the market model: MacKinlay's ``L - 2``); ``ddof=1`` matches
        references that use ``L - 1`` (R's estudy2).
    min_estimation : int
        Minimum estimation-window length (default 100 observations).
    calendars : mapping, optional
        Calendar per asset overriding :func:`eventstudy.calendars.calendar_for`.
    alignment : {"own", "market"}
        ``"own"``: every asset on its own sessions; ``"market"``: 24/7 assets' returns are
        compounded onto the market calendar's sessions first (weekend returns roll into
        the next session).
    events : DataFrame, optional
        Many events: columns ``asset`` and ``event_date`` (instead of ``event_date``).
    seed : int
        Seed of the random generator used by the resampling tests (reruns are identical).
    """

    returns: pd.DataFrame
    market: pd.Series | None = None
    event_date: Any = None
    estimation_window: tuple[int, int] = (-260, -11)
    event_window: tuple[int, int] = (-1, 1)
    model: str = "market"
    factors: pd.DataFrame | None = None
    ddof: int | None = None
    min_estimation: int = 100
    calendars: Mapping[str, str] | None = None
    alignment: Alignment = "own"
    events: pd.DataFrame | None = None
    seed: int = 20250127

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise SpecificationError(f"model={self.model!r} is not one of {MODELS}")
        if self.alignment not in ("own", "market"):
            raise SpecificationError(f"alignment={self.alignment!r} must be 'own' or 'market'")
        if isinstance(self.returns, pd.Series):
            object.__setattr__(self, "returns", self.returns.to_frame())
        if not isinstance(self.returns, pd.DataFrame):
            raise SpecificationError(
                "returns must be a pandas DataFrame (DatetimeIndex, one column per asset)"
            )
        if self.model in ("market", "market_adjusted", "garch") and self.market is None:
            raise SpecificationError(f"model={self.model!r} needs market returns: pass market=")
        if self.model == "factor" and self.factors is None:
            raise SpecificationError(
                "model='factor' needs factors= (a DataFrame of factor returns in decimals)"
            )
        if self.ddof is not None and int(self.ddof) < 0:
            raise SpecificationError(f"ddof={self.ddof} must be >= 0")

    # ------------------------------------------------------------------ data
    def _aligned(self) -> tuple[pd.DataFrame, pd.Series | None, pd.DataFrame | None, dict[str, str]]:
        returns, market, factors = self.returns, self.market, self.factors
        calendars = dict(self.calendars or {})
        if self.alignment == "market":
            mcal = (
                cal.calendar_for(str(market.name))
                if market is not None and market.name is not None
                else "XNYS"
            )
            if mcal == "24/7":
                mcal = "XNYS"
            cal_map = {c: calendars.get(c) or cal.calendar_for(str(c)) for c in returns.columns}
            returns = cal.align_returns(returns, policy="market", market_calendar=mcal, calendars=cal_map)
            for c, v in cal_map.items():
                if v == "24/7":
                    calendars[c] = mcal
        return returns, market, factors, calendars

    def panel(self) -> EventTimePanel:
        """Returns of every asset-event pair gathered in event time."""
        returns, market, factors, calendars = self._aligned()
        pairs = normalise_events(list(map(str, returns.columns)), self.event_date, self.events)
        returns = returns.set_axis(list(map(str, returns.columns)), axis=1)
        return build_panel(
            returns,
            pairs,
            self.estimation_window,
            self.event_window,
            market=market,
            factors=factors,
            calendars=calendars,
            min_estimation=self.min_estimation,
        )

    # ------------------------------------------------------------------ fit
    def fit(self) -> EventStudyResults:
        """Estimate the normal-return model and compute abnormal returns.

        Returns
        -------
        EventStudyResults
            Immutable results with tidy accessors and the test battery.
        """
        panel = self.panel()
        L, T, K = panel.y_est.shape[0], panel.y_evt.shape[0], panel.y_est.shape[1]
        y_est, y_evt = panel.y_est, panel.y_evt
        X_est = X_evt = None
        if self.model == "market_adjusted":
            y_est, y_evt = y_est - panel.m_est, y_evt - panel.m_evt
        else:
            X_est = design_matrix(self.model, panel.m_est, panel.f_est, L, K)
            X_evt = design_matrix(self.model, panel.m_evt, panel.f_evt, T, K)
        if panel.rolled.any():
            rolled = sorted(
                {
                    f"{e:%Y-%m-%d} -> {d:%Y-%m-%d}"
                    for e, d, r in zip(panel.event_dates, panel.day0, panel.rolled, strict=True)
                    if r
                }
            )
            who = [a for a, r in zip(panel.labels, panel.rolled, strict=True) if r]
            warnings.warn(
                f"event date(s) not a session of the asset's calendar, day 0 rolled to the next session: "
                f"{', '.join(rolled)} ({len(who)} pair(s), e.g. {who[:3]}); see results.rolled",
                EventRolledWarning,
                stacklevel=2,
            )
        horizons = panel.evt_days - panel.est_days[-1]
        fit = fit_model(self.model, y_est, y_evt, X_est, X_evt, self.ddof, gaps=horizons)
        return EventStudyResults(study=self, panel=panel, fit=fit, X_est=X_est, X_evt=X_evt)


def _readonly(a: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return None
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class EventStudyResults:
    """Immutable results of :meth:`EventStudy.fit`.

    Accessors return new ``DataFrame``/``Series`` objects; the arrays inside are
    read-only, so a result cannot change after it is made.
    """

    study: EventStudy
    panel: EventTimePanel
    fit: BatchFit
    X_est: np.ndarray | None = None
    X_evt: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for a in (self.X_est, self.X_evt, self.fit.ar, self.fit.resid_est, self.fit.cov_evt, self.fit.params):
            if a is not None:
                a.setflags(write=False)

    # ------------------------------------------------------------- basics
    @property
    def labels(self) -> list[str]:
        """Asset (or asset-event) labels, in column order."""
        return list(self.panel.labels)

    @property
    def event_days(self) -> np.ndarray:
        """Event-time labels of the event window."""
        return self.panel.evt_days.copy()

    @property
    def abnormal_returns(self) -> pd.DataFrame:
        """Event-window abnormal returns: index = event day (int), columns = assets (decimals)."""
        return pd.DataFrame(
            np.array(self.fit.ar), index=pd.Index(self.panel.evt_days, name="event_day"), columns=self.labels
        )

    @property
    def estimation_residuals(self) -> pd.DataFrame:
        """Estimation-window abnormal returns (residuals): index = event day, columns = assets."""
        return pd.DataFrame(
            np.array(self.fit.resid_est),
            index=pd.Index(self.panel.est_days, name="event_day"),
            columns=self.labels,
        )

    @property
    def standardized_abnormal_returns(self) -> pd.DataFrame:
        """``AR_it / sqrt(V_it)`` with the prediction-error variance (Patell 1976; MacKinlay 1997 eq. 9)."""
        var = np.diagonal(self.fit.cov_evt, axis1=1, axis2=2).T
        return self.abnormal_returns / np.sqrt(var)

    @property
    def aar(self) -> pd.Series:
        """Average abnormal return across assets on each event day."""
        return self.abnormal_returns.mean(axis=1).rename("AAR")

    @property
    def dates(self) -> pd.DataFrame:
        """Calendar date of each event-window row, per asset."""
        return pd.DataFrame(
            self.panel.dates_evt, index=pd.Index(self.panel.evt_days, name="event_day"), columns=self.labels
        )

    @property
    def params(self) -> pd.DataFrame:
        """Per asset: coefficients, ``sigma``, ``n_obs``, ``dof``, ``r2``, day 0 and whether it rolled."""
        names = param_names(self.study.model, self.panel.factor_names)
        out = pd.DataFrame(
            np.array(self.fit.params), index=pd.Index(self.labels, name="asset"), columns=names
        )
        if self.fit.extra_params is not None:
            for j, n in enumerate(self.fit.extra_names):
                out[n] = self.fit.extra_params[:, j]
        out["sigma"] = self.fit.sigma
        out["n_obs"] = self.panel.est_days.size
        out["dof"] = self.fit.dof
        out["ddof"] = self.fit.ddof
        out["r2"] = self.fit.r2
        out["event_date"] = list(self.panel.event_dates)
        out["day0"] = list(self.panel.day0)
        out["rolled"] = np.asarray(self.panel.rolled, dtype=bool)
        out["calendar"] = list(self.panel.calendars)
        return out

    @property
    def rolled(self) -> pd.Series:
        """Whether day 0 rolled past the event date (e.g. a Taipei listing over Lunar New Year)."""
        return pd.Series(np.asarray(self.panel.rolled, dtype=bool), index=self.labels, name="rolled")

    # ------------------------------------------------------------- cumulation
    def _rows(self, window: tuple[int, int] | None) -> np.ndarray:
        return window_slice(self.panel.evt_days, window)

    def car(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Cumulative abnormal return per asset over ``window`` (default: the event window)."""
        r = self._rows(window)
        return pd.Series(self.fit.ar[r].sum(axis=0), index=self.labels, name="CAR")

    def car_variance(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Prediction-error variance of each CAR, ``1' V_i 1`` (MacKinlay 1997, eq. 14)."""
        return pd.Series(self.sample.car_variance(window), index=self.labels, name="var_CAR")

    def cumulative_abnormal_returns(self) -> pd.DataFrame:
        """CAR path from the first event day to each day: index = event day, columns = assets."""
        return self.abnormal_returns.cumsum()

    def caar(self, window: tuple[int, int] | None = None) -> float:
        """Cumulative average abnormal return ``mean_i CAR_i`` over ``window``."""
        return float(self.car(window).mean())

    def normal_returns(self) -> pd.DataFrame:
        """Model-implied normal returns on the event window (``R - AR``)."""
        return pd.DataFrame(
            self.panel.y_evt - self.fit.ar,
            index=pd.Index(self.panel.evt_days, name="event_day"),
            columns=self.labels,
        )

    def bhar(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Buy-and-hold abnormal return (Barber & Lyon 1997, eq. 3) over ``window``.

        ``BHAR_i = prod_t (1 + R_it) - prod_t (1 + E[R_it])`` with ``E[R_it]`` the
        model's normal return; meaningful for simple (not log) returns.
        """
        r = self._rows(window)
        realised = np.prod(1.0 + self.panel.y_evt[r], axis=0)
        normal = np.prod(1.0 + (self.panel.y_evt[r] - self.fit.ar[r]), axis=0)
        return pd.Series(realised - normal, index=self.labels, name="BHAR")

    # ------------------------------------------------------------- inference
    @property
    def sample(self) -> EventSample:
        """The :class:`~eventstudy.inference.base.EventSample` the tests run on."""
        if "sample" not in self._cache:
            p = self.panel
            self._cache["sample"] = EventSample(
                ar_est=self.fit.resid_est,
                ar_evt=self.fit.ar,
                event_days=p.evt_days,
                sigma=self.fit.sigma,
                cov_evt=self.fit.cov_evt,
                dof=int(self.fit.dof),
                ddof=int(self.fit.ddof),
                assets=tuple(self.labels),
                returns_est=p.y_est,
                returns_evt=p.y_evt,
                regressors_est=self.X_est,
                regressors_evt=self.X_evt,
                est_days=p.est_days,
            )
        return self._cache["sample"]

    def _rng(self) -> np.random.Generator:
        return np.random.default_rng(self.study.seed)

    def test(
        self, name: str, window: tuple[int, int] | None = None, asset: str | None = None, **options: Any
    ) -> TestResult | list[TestResult]:
        """Run one test by name over ``window`` (default: the event window).

        Single-asset tests (``t_prediction_error``, ``dummy_regression``, ``sq``)
        return a list with one result per asset, or one result when ``asset=`` is given;
        multi-asset tests return one :class:`TestResult`. Resampling tests use a
        generator seeded from the study unless ``rng=`` is passed.
        """
        from .inference import SINGLE_ASSET_TESTS, TESTS

        if name not in TESTS:
            raise SpecificationError(f"unknown test {name!r}; choose from {sorted(TESTS)}")
        window = self._window(window)
        if name in ("bootstrap", "permutation") and "rng" not in options:
            options["rng"] = self._rng()
        out = TESTS[name](self.sample, window=window, **options)
        if name in SINGLE_ASSET_TESTS and asset is not None:
            try:
                return next(r for r in out if r.asset == asset)
            except StopIteration:
                raise SpecificationError(f"asset {asset!r} is not in this study: {self.labels}") from None
        return out

    def _window(self, window: tuple[int, int] | None) -> tuple[int, int]:
        if window is None:
            return (int(self.panel.evt_days[0]), int(self.panel.evt_days[-1]))
        self._rows(window)
        return (int(window[0]), int(window[1]))

    #: tests whose standard error comes from the time series (valid from two assets on)
    TIME_SERIES_TESTS: ClassVar[tuple[str, ...]] = ("brown_warner", "patell", "corrado_rank", "joint_wald")
    #: minimum cross-section for the tests that estimate a cross-sectional spread or distribution
    MIN_CROSS_SECTION: ClassVar[int] = 5

    def applicable_tests(self) -> list[str]:
        """Names of the tests that apply to this study.

        Single-asset tests always apply (``dummy_regression`` needs a regression model);
        the time-series-based multi-asset tests need two assets; the purely
        cross-sectional ones (cross-sectional t, BMP, Kolari-Pynnönen, GRANK, sign tests,
        Wilcoxon, bootstrap, permutation) need at least :attr:`MIN_CROSS_SECTION` assets,
        below which their reference distributions are degenerate (a bootstrap of two
        CARs, a sign test that cannot reject).
        """
        from .inference import MULTI_ASSET_TESTS, SINGLE_ASSET_TESTS

        names = list(SINGLE_ASSET_TESTS)
        if self.X_est is None or self.study.model == "garch":
            names.remove("dummy_regression")
        n = len(self.labels)
        for t in MULTI_ASSET_TESTS:
            if t == "joint_wald" and (self.X_est is None or n >= self.panel.est_days.size - 2):
                continue
            if n >= 2 and t in self.TIME_SERIES_TESTS or n >= self.MIN_CROSS_SECTION:
                names.append(t)
        return names

    def tests(
        self, window: tuple[int, int] | None = None, names: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Tidy DataFrame with one row per applicable test (and per asset for single-asset tests)."""
        rows: list[TestResult] = []
        for n in names or self.applicable_tests():
            out = self.test(n, window)
            rows.extend(out if isinstance(out, list) else [out])
        return results_frame(rows)

    # ------------------------------------------------------------- reporting
    def summary(self, window: tuple[int, int] | None = None) -> Summary:
        """Text/HTML/LaTeX summary: specification, parameters, abnormal returns, CARs and tests."""
        s = self.study
        w = self._window(window)
        spec = {
            "Model": s.model,
            "Event date(s)": ", ".join(sorted({f"{d:%Y-%m-%d}" for d in self.panel.event_dates})),
            "Estimation window": f"{s.estimation_window} ({self.panel.est_days.size} obs)",
            "Event window": f"{s.event_window}",
            "Variance": f"SSR/(L-{self.fit.ddof}), prediction-error corrected",
            "Assets": str(len(self.labels)),
            "Alignment": s.alignment,
        }
        if self.panel.rolled.any():
            rolled = [
                f"{a}->{d:%Y-%m-%d}"
                for a, d, r in zip(self.labels, self.panel.day0, self.panel.rolled, strict=True)
                if r
            ]
            spec["Day 0 rolled"] = ", ".join(rolled)
        params = self.params.drop(columns=["event_date", "calendar"])
        ar = self.abnormal_returns * 100
        ar.columns = list(ar.columns)
        cars = pd.DataFrame(
            {
                f"CAR{w} %": self.car(w) * 100,
                f"BHAR{w} %": self.bhar(w) * 100,
                "SCAR": self.sample.scar(w),
            }
        )
        tests = self.tests(w)
        return Summary(
            title="Event study results",
            spec=spec,
            tables={
                "Normal-return model": params,
                "Abnormal returns (%)": ar,
                "Cumulative abnormal returns": cars,
                "Tests": tests,
            },
        )

    def to_latex(self, window: tuple[int, int] | None = None) -> str:
        """LaTeX (booktabs) rendering of :meth:`summary`."""
        return self.summary(window).as_latex()

    def to_markdown(self, window: tuple[int, int] | None = None) -> str:
        """Markdown rendering of :meth:`summary`."""
        return self.summary(window).as_markdown()

    def plot(self, kind: Literal["car", "ar"] = "car", ax: Any = None) -> Figure:
        """CAR paths (``kind="car"``) or abnormal-return bars with 95% bands (``"ar"``)."""
        from .plotting import plot_results

        return plot_results(self, kind=kind, ax=ax)

    def __repr__(self) -> str:
        return (
            f"EventStudyResults(model={self.study.model!r}, assets={len(self.labels)}, "
            f"event_window={tuple(self.study.event_window)}, L={self.panel.est_days.size})"
        )
