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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from . import calendars as cal
from . import eventtime
from . import validation as val
from .alignment import EventTimePanel, build_panel, normalise_events
from .engine import BatchFit
from .errors import SpecificationError
from .inference.base import EventSample, TestResult, TestResults, results_frame, window_slice
from .models import LEAD_LAG_MODELS, get_model
from .summary import Summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EventStudy", "EventStudyResults"]

Alignment = Literal["own", "market"]
Overlap = Literal["warn", "ignore", "exclude_days", "drop_event", "drop_asset"]
OVERLAP_POLICIES: tuple[str, ...] = ("warn", "ignore", "exclude_days", "drop_event", "drop_asset")


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
    model : {"market", "constant_mean", "market_adjusted", "factor", "garch", "scholes_williams", "dimson"}
        Normal-return model: a name in :data:`eventstudy.models.MODEL_CLASSES` (one class per
        model with one interface; see :mod:`eventstudy.models`).
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
    seed : int, default 0
        Seed of the random generator used by the resampling tests (reruns are identical).
        A fixed number, not tied to any event: pass your own to vary the draws.
    strict : bool
        Turn the warnings on likely mistakes (values that look like prices or percent, a
        market with weekend returns next to exchange-traded assets, an ``event_date``
        mapping naming only some columns) into errors.
    overlap : {"warn", "ignore", "exclude_days", "drop_event", "drop_asset"}
        What to do when an asset's estimation window contains the event window of another
        of its events (several events per asset): warn (default); say nothing (placebo and
        size simulations, where overlap is the design); ``"exclude_days"``: leave those
        days out of the estimation window and take as many earlier clean sessions instead
        (every pair keeps ``L`` estimation days); drop those asset-event pairs; or drop
        every event of such an asset. See :func:`eventstudy.validation.apply_overlap_policy`.
    riskfree : str or Series, optional
        Excess returns: subtract a daily risk-free rate from the asset and market returns
        before the model is fitted. A column of :func:`eventstudy.load_riskfree`
        (``"dgs1mo_pct"`` or ``"dgs3mo_pct"``, converted as in
        :func:`eventstudy.thin_trading.daily_riskfree`) or a user's Series of daily rates in
        decimals. ``None`` (default): raw returns.

    ``model="scholes_williams"`` and ``model="dimson"`` (thin trading,
    :mod:`eventstudy.thin_trading`) build the market's lagged and leading returns from
    ``market=``; the market series must cover the session after the event window.
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
    seed: int = 0
    strict: bool = False
    overlap: Overlap = "warn"
    riskfree: Any = None

    def __post_init__(self) -> None:
        get_model(self.model)  # raises SpecificationError naming the known models
        if self.alignment not in ("own", "market"):
            raise SpecificationError(f"alignment={self.alignment!r} must be 'own' or 'market'")
        if self.overlap not in OVERLAP_POLICIES:
            raise SpecificationError(f"overlap={self.overlap!r} must be one of {OVERLAP_POLICIES}")
        if not isinstance(self.strict, bool | np.bool_):
            raise SpecificationError(f"strict={self.strict!r} must be True or False")
        val.validate_study_inputs(self)
        if get_model(self.model).needs_market and self.market is None:
            raise SpecificationError(f"model={self.model!r} needs market returns: pass market=")
        if self.model in LEAD_LAG_MODELS and self.factors is not None:
            raise SpecificationError(
                f"model={self.model!r} builds its regressors from market=; drop factors= or use model='factor'"
            )
        if get_model(self.model).needs_factors and self.factors is None:
            raise SpecificationError(
                "model='factor' needs factors= (a DataFrame of factor returns in decimals)"
            )

    # ------------------------------------------------------------------ data
    def _aligned(self) -> tuple[pd.DataFrame, pd.Series | None, pd.DataFrame | None, dict[str, str]]:
        returns, market, factors = self.returns, self.market, self.factors
        if self.riskfree is not None:
            from .thin_trading import excess_returns

            returns, market = excess_returns(returns, market, self.riskfree)
        if self.model in LEAD_LAG_MODELS and market is not None:
            from .thin_trading import market_leads_lags

            factors = market_leads_lags(market.dropna())
        calendars = dict(self.calendars or {})
        if "data" in calendars.values():  # the series' own dates as its calendar
            calendars = val.resolve_data_calendars(returns, calendars)
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
        cols = [str(c) for c in returns.columns.tolist()]  # tolist: no per-element pandas boxing
        val.check_event_mapping(cols, self.event_date, self.strict, stacklevel=4)
        pairs = normalise_events(cols, self.event_date, self.events)
        returns = returns.set_axis(cols, axis=1)
        if market is not None and self.model not in ("constant_mean", "factor"):
            val.check_market_calendar_lazy(market, pairs["asset"], calendars, self.strict, stacklevel=4)

        def build(p: pd.DataFrame, estimation_window: tuple[int, int] | None = None) -> EventTimePanel:
            return build_panel(
                returns,
                p,
                estimation_window or self.estimation_window,
                self.event_window,
                market=market,
                factors=factors,
                calendars=calendars,
                min_estimation=self.min_estimation,
            )

        return val.apply_overlap_policy(build(pairs), pairs, self.overlap, build, stacklevel=4)

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
        model = get_model(self.model)  # one class per model (eventstudy.models.MODEL_CLASSES)
        X_est = model.design(panel.m_est, panel.f_est, L, K)
        X_evt = model.design(panel.m_evt, panel.f_evt, T, K)
        # the one event-time rule (eventstudy.eventtime), shared with batch_study
        eventtime.warn_rolled(panel.event_dates, panel.day0, panel.rolled, panel.labels, stacklevel=3)
        val.check_panel_units(panel, self.model, self.market, self.strict, stacklevel=3)
        horizons = panel.evt_days - panel.est_days[-1]
        fit = model.fit(
            panel.y_est, panel.y_evt, X_est, X_evt, self.ddof,
            market_est=panel.m_est, market_evt=panel.m_evt,
            factors_est=panel.f_est, factors_evt=panel.f_evt, horizons=horizons,
        )  # fmt: skip
        val.check_residual_variance(
            fit.sigma, panel.y_est, panel.labels, self.model, self.market, panel.m_est
        )
        _warn_garch_flags(fit, panel.labels)
        return EventStudyResults(study=self, panel=panel, model_fit=fit, X_est=X_est, X_evt=X_evt)


def _warn_garch_flags(fit: BatchFit, labels: Sequence[str]) -> None:
    """A :class:`GarchFitWarning` naming the assets whose GARCH fit failed to converge or hit a boundary."""
    names = tuple(fit.extra_names)
    if fit.extra_params is None or "garch_boundary" not in names:
        return
    import warnings

    from .errors import GarchFitWarning

    conv = fit.extra_params[:, names.index("garch_converged")] == 1
    bound = fit.extra_params[:, names.index("garch_boundary")] == 1
    if (~conv).any() or bound.any():
        bad_c = [a for a, c in zip(labels, conv, strict=True) if not c]
        bad_b = [a for a, b in zip(labels, bound, strict=True) if b]
        warnings.warn(
            f"GARCH(1,1) fits: not converged for {bad_c or 'none'}; at the boundary (ARCH term ~ 0, "
            f"GARCH term ~ 1 or integrated) for {bad_b or 'none'}; their variance forecasts are unreliable "
            "(see params['garch_converged'], params['garch_boundary']); consider model='market'",
            GarchFitWarning,
            stacklevel=3,
        )


def _check_level(level: float) -> None:
    if not 0.0 < float(level) < 1.0:
        raise SpecificationError(f"level={level} must be strictly between 0 and 1 (e.g. 0.95)")


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

    Attributes
    ----------
    study : EventStudy
        The specification that was fitted.
    panel : EventTimePanel
        Returns gathered in event time.
    model_fit : BatchFit
        The normal-return model's estimates (parameters, residuals, abnormal returns and
        their prediction-error covariance).
    """

    study: EventStudy
    panel: EventTimePanel
    model_fit: BatchFit
    X_est: np.ndarray | None = None
    X_evt: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for a in (
            self.X_est,
            self.X_evt,
            self.model_fit.ar,
            self.model_fit.resid_est,
            self.model_fit.cov_evt,
            self.model_fit.params,
        ):
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
            np.array(self.model_fit.ar),
            index=pd.Index(self.panel.evt_days, name="event_day"),
            columns=self.labels,
        )

    @property
    def estimation_residuals(self) -> pd.DataFrame:
        """Estimation-window abnormal returns (residuals): index = event day, columns = assets."""
        return pd.DataFrame(
            np.array(self.model_fit.resid_est),
            index=pd.Index(self.panel.est_days, name="event_day"),
            columns=self.labels,
        )

    @property
    def standardized_abnormal_returns(self) -> pd.DataFrame:
        """``AR_it / sqrt(V_it)`` with the prediction-error variance (Patell 1976; MacKinlay 1997 eq. 9)."""
        var = np.diagonal(self.model_fit.cov_evt, axis1=1, axis2=2).T
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
        names = get_model(self.study.model).param_names(self.panel.factor_names)
        out = pd.DataFrame(
            np.array(self.model_fit.params), index=pd.Index(self.labels, name="asset"), columns=names
        )
        if self.model_fit.extra_params is not None:
            for j, n in enumerate(self.model_fit.extra_names):
                col = self.model_fit.extra_params[:, j]
                out[n] = col == 1 if n in ("garch_converged", "garch_boundary") else col
        out["sigma"] = self.model_fit.sigma
        out["n_obs"] = self.panel.est_days.size
        out["dof"] = self.model_fit.dof
        out["ddof"] = self.model_fit.ddof
        out["r2"] = self.model_fit.r2
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
        if window is not None:
            window = val.check_window(window, "window")
        return window_slice(self.panel.evt_days, window)

    def car(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Cumulative abnormal return per asset over ``window`` (default: the event window)."""
        r = self._rows(window)
        return pd.Series(self.model_fit.ar[r].sum(axis=0), index=self.labels, name="CAR")

    def car_variance(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Prediction-error variance of each CAR, ``1' V_i 1`` (MacKinlay 1997, eq. 14)."""
        return pd.Series(self.sample.car_variance(window), index=self.labels, name="var_CAR")

    def cumulative_abnormal_returns(self) -> pd.DataFrame:
        """CAR path from the first event day to each day: index = event day, columns = assets."""
        return self.abnormal_returns.cumsum()

    def car_bands(self, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """CAR paths from the first event day with pointwise prediction-error bands.

        ``Var(CAR_i(t0, t)) = 1' V_i 1`` over the leading ``(k+1) x (k+1)`` block of the
        event-window covariance (MacKinlay 1997, eq. 14, estimation error kept); the band is
        ``CAR +/- t_dof((1 + level) / 2) sqrt(Var)`` (exact under normal disturbances).

        Returns
        -------
        car, lower, upper : DataFrame
            Index event day, columns assets, decimals.
        """
        from scipy import stats

        _check_level(level)
        car = self.cumulative_abnormal_returns()
        cov = np.asarray(self.model_fit.cov_evt)
        var = np.diagonal(np.cumsum(np.cumsum(cov, axis=1), axis=2), axis1=1, axis2=2).T
        q = float(stats.t.ppf(0.5 + level / 2.0, self.model_fit.dof))
        half = pd.DataFrame(q * np.sqrt(var), index=car.index, columns=car.columns)
        return car, car - half, car + half

    def ar_intervals(self, day: int = 0, level: float = 0.95) -> pd.DataFrame:
        """Abnormal returns of one event day with prediction-error intervals, one row per asset.

        ``AR_i +/- t_dof((1 + level) / 2) sqrt(V_i,tt)`` (MacKinlay 1997, eq. 9).

        Returns
        -------
        DataFrame
            Columns ``asset, ar, ci_low, ci_high`` (decimals), in asset order.
        """
        from scipy import stats

        _check_level(level)
        k = int(self._rows((day, day))[0])
        ar = np.asarray(self.model_fit.ar)[k]
        se = np.sqrt(np.asarray(self.model_fit.cov_evt)[:, k, k])
        q = float(stats.t.ppf(0.5 + level / 2.0, self.model_fit.dof))
        return pd.DataFrame(
            {"asset": [str(a) for a in self.labels], "ar": ar, "ci_low": ar - q * se, "ci_high": ar + q * se}
        )

    def caar(self, window: tuple[int, int] | None = None) -> float:
        """Cumulative average abnormal return ``mean_i CAR_i`` over ``window``."""
        return float(self.car(window).mean())

    def normal_returns(self) -> pd.DataFrame:
        """Model-implied normal returns on the event window (``R - AR``)."""
        return pd.DataFrame(
            self.panel.y_evt - self.model_fit.ar,
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
        normal = np.prod(1.0 + (self.panel.y_evt[r] - self.model_fit.ar[r]), axis=0)
        return pd.Series(realised - normal, index=self.labels, name="BHAR")

    # ------------------------------------------------------------- inference
    @property
    def sample(self) -> EventSample:
        """The :class:`~eventstudy.inference.base.EventSample` the tests run on."""
        if "sample" not in self._cache:
            p = self.panel
            self._cache["sample"] = EventSample(
                ar_est=self.model_fit.resid_est,
                ar_evt=self.model_fit.ar,
                event_days=p.evt_days,
                sigma=self.model_fit.sigma,
                cov_evt=self.model_fit.cov_evt,
                dof=int(self.model_fit.dof),
                ddof=int(self.model_fit.ddof),
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
    ) -> TestResults:
        """Run one test by name over ``window`` (default: the event window).

        Always returns a :class:`~eventstudy.inference.base.TestResults` (a tuple of
        :class:`TestResult`): one element for a cross-sectional test or when ``asset=`` is
        given, one per asset for a single-asset test (``t_prediction_error``,
        ``dummy_regression``, ``sq``) without ``asset=``. With one element,
        ``.statistic``/``.pvalue`` read it directly. Resampling tests use a generator
        seeded from the study unless ``rng=`` is passed. Test names and their metadata:
        :data:`eventstudy.inference.REGISTRY`.
        """
        from .inference.registry import spec

        meta = spec(name)
        window = self._window(window)
        val.check_options(meta.func, options, f"test {name!r}")
        if meta.resampling and "rng" not in options:
            options["rng"] = self._rng()
        out = TestResults(meta.func(self.sample, window=window, **options))
        if asset is not None:
            if meta.scope != "asset":
                raise SpecificationError(
                    f"{name} is a cross-sectional test; it takes no asset= (got {asset!r})"
                )
            if asset not in self.labels:
                raise SpecificationError(f"asset {asset!r} is not in this study: {self.labels}")
            return TestResults(out.asset_result(asset))
        return out

    def _window(self, window: tuple[int, int] | None) -> tuple[int, int]:
        if window is None:
            return (int(self.panel.evt_days[0]), int(self.panel.evt_days[-1]))
        self._rows(window)
        return (int(window[0]), int(window[1]))

    def applicable_tests(self, window: tuple[int, int] | None = None, sized: bool = False) -> list[str]:
        """Names of the tests that apply to this study, read from the test registry.

        A test applies when the study has at least its ``min_n`` assets
        (:data:`eventstudy.inference.REGISTRY`: single-asset tests 1; tests whose standard
        error comes from the time series 2; the purely cross-sectional ones
        :data:`~eventstudy.inference.registry.MIN_CROSS_SECTION`, below which their reference
        distributions are degenerate) and has regressors when the test needs them
        (``dummy_regression`` and ``joint_wald``; not GARCH or Scholes-Williams for the dummy
        regression; the joint Wald test also needs fewer assets than ``L - 2``).

        With ``sized=True`` only the tests whose size was measured within 8% at the 5% level on
        real placebo dates for this study's design (a shared event date: ``"clustered"``;
        distinct dates: ``"independent"``) and ``window`` are kept
        (:mod:`eventstudy.inference.sizing`): with a shared date the prediction-error t, SQ,
        the Corrado rank and Kolari-Pynnönen tests (plus Brown-Warner and the adjusted Patell on
        multi-day windows); with independent dates most tests except Patell, the adjusted
        Patell, GRANK and the joint Wald test. Unmeasured tests (``dummy_regression``,
        ``sq``) are kept.
        """
        from .inference.registry import REGISTRY

        n = len(self.labels)
        names = []
        for name, meta in REGISTRY.items():
            if n < meta.min_n:
                continue
            if meta.needs_regressors and self.X_est is None:
                continue
            if name == "dummy_regression" and self.study.model in ("garch", "scholes_williams"):
                continue
            if name == "joint_wald" and n >= self.panel.est_days.size - 2:
                continue
            names.append(name)
        if sized:
            from .inference.sizing import size_note

            w, design = self._window(window), self.design
            names = [t for t in names if not size_note(t, design, w)]
        return names

    @property
    def design(self) -> str:
        """``"clustered"`` (one shared day 0), ``"independent"`` (all differ) or ``"mixed"``."""
        from .inference.sizing import design_of

        return design_of(self.panel.day0)

    def tests(
        self,
        window: tuple[int, int] | None = None,
        names: Sequence[str] | None = None,
        adjust: str | None = None,
    ) -> pd.DataFrame:
        """Tidy DataFrame with one row per applicable test (and per asset for single-asset tests).

        Parameters
        ----------
        window : tuple of int, optional
            Tested window (default: the event window).
        names : sequence of str, optional
            Tests to run (default: :meth:`applicable_tests`).
        adjust : str, optional
            A :func:`statsmodels.stats.multitest.multipletests` method (``"holm"``,
            ``"bonferroni"``, ``"fdr_bh"``, ...): adds ``pvalue_adjusted``, adjusted over every
            row of the table (the family read together). An unknown method raises
            :class:`~eventstudy.errors.SpecificationError`.

        Returns
        -------
        DataFrame
            The columns of :func:`~eventstudy.inference.base.results_frame`, plus
            ``size_note``: empty where the test's size was measured within 8% at the 5% level
            on real placebo dates for this study's design and window, else the measured
            over-rejection (:mod:`eventstudy.inference.sizing`); and ``pvalue_adjusted`` with
            ``adjust``.
        """
        from .inference.sizing import size_note

        if adjust is not None:
            from .inference.multitest import adjust_pvalues

            adjust_pvalues([0.5], adjust)  # an unknown method fails before any test runs
        w = self._window(window)
        rows: list[TestResult] = []
        for n in names or self.applicable_tests():
            rows.extend(self.test(n, w))
        out = results_frame(rows)
        if len(out):
            design = self.design
            out["size_note"] = [size_note(t, design, w) for t in out["test"]]
            if adjust is not None:
                out["pvalue_adjusted"] = adjust_pvalues(out["pvalue"].to_numpy(), adjust)
        return out

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
            "Variance": f"SSR/(L-{self.model_fit.ddof}), prediction-error corrected",
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
        # the long note lives in tests(); the summary keeps the measured rate
        if "size_note" in tests.columns:
            tests["size_note"] = (
                tests["size_note"]
                .str.extract(r"^over-rejects: ([0-9.]+%)", expand=False)
                .map(lambda r: f"over-rejects ({r})" if isinstance(r, str) else "")
            )
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

    def plot(self, kind: Literal["car", "ar"] = "car", level: float = 0.95, day: int = 0) -> Figure:
        """CAR paths with prediction-error bands (``kind="car"``) or day-``day`` abnormal
        returns with intervals (``"ar"``), drawn by the package's one figure module
        (:mod:`eventstudy.report.figures`, the same functions the paper uses)."""
        from .plotting import plot_results

        return plot_results(self, kind=kind, level=level, day=day)

    # ------------------------------------------------------------- cross-section and exports
    def regress(
        self,
        formula: str,
        data: pd.DataFrame | None = None,
        window: tuple[int, int] | None = None,
        cov_type: str = "nonrobust",
        groups: Any = None,
        cov_kwds: Mapping[str, Any] | None = None,
    ) -> Any:
        """Cross-sectional OLS of ``car``/``bhar``/``scar`` on characteristics (statsmodels formula API).

        ``res.regress("car ~ beta + C(group)", data=df, window=(-1, 1), cov_type="HC1")``
        returns the statsmodels results object; ``cov_type`` is ``"nonrobust"``,
        ``"HC0"``-``"HC3"`` or ``"cluster"`` (with ``groups=``). See :func:`eventstudy.regression.regress`.
        """
        from .regression import regress

        return regress(
            self, formula, data=data, window=window, cov_type=cov_type, groups=groups,
            cov_kwds=dict(cov_kwds) if cov_kwds else None,
        )  # fmt: skip

    def to_excel(self, path: Any, window: tuple[int, int] | None = None) -> str:
        """Write an ``.xlsx`` workbook: parameters, abnormal returns, CARs, CAR paths, tests (:mod:`eventstudy.export`)."""
        from .export import to_excel

        return to_excel(self, path, window=window)

    def report(
        self, path: Any, window: tuple[int, int] | None = None, title: str = "Event study report"
    ) -> str:
        """Write one self-contained HTML page: summary, tables, figures as base64 PNG (:mod:`eventstudy.export`)."""
        from .export import report

        return report(self, path, window=window, title=title)

    def __repr__(self) -> str:
        return (
            f"EventStudyResults(model={self.study.model!r}, assets={len(self.labels)}, "
            f"event_window={tuple(self.study.event_window)}, L={self.panel.est_days.size})"
        )
