r"""Intraday event studies on 5-minute bars, and the overnight / session split of a day.

* :func:`split_returns` splits a close-to-close return into the overnight part (previous
  close to the first regular-session open) and the regular-session part (open to close):

  .. math::

      r^{on}_t = \frac{O_t}{C_{t-1}} - 1, \qquad r^{sess}_t = \frac{C_t}{O_t} - 1, \qquad
      (1 + r^{on}_t)(1 + r^{sess}_t) = \frac{C_t}{C_{t-1}},

  the identity checked against the library's own daily return (:func:`eventstudy.to_returns`).
  Prices come from the daily file (official closes; the daily open is the first
  regular-session trade, e.g. NVDA 124.80 on 2025-01-27, the open of the 09:30 bar);
  ``first_bar_open`` reports the 09:30 bar's open where 5-minute bars exist, as a check.
* :class:`IntradayEventStudy` measures abnormal 5-minute returns around a time stamp against
  an intraday market model estimated on the previous sessions' bars (the event-study
  logic of MacKinlay 1997 on a 5-minute clock; intraday event studies of news, e.g.
  Busse & Green 2002).

Bar returns and the bar clock
-----------------------------
A bar is labelled by its start (the 09:30 bar covers 09:30-09:35). Bar returns stay inside
a session: ``r_b = C_b / C_{b-1} - 1`` within the day and ``C_b / O_b - 1`` for the first bar,
so the overnight gap is never a bar return (use :func:`split_returns` for it). Event time
counts bars of the regular sessions in the data: bar 0 is the bar containing ``event_time``
(or the next bar when it falls outside a session); ``event_window=(-3, 12)`` is three bars
before to twelve after. The normal-return model is the market model
``r_b = alpha + beta r_{m,b} + e_b`` by OLS over every bar of the ``estimation_days``
sessions before day 0's session (with the bars before the event window on day 0 when the
window starts before bar 0 excluded), with the prediction-error covariance of
:mod:`eventstudy.engine`. The package never fills a missing bar: a bar present for one symbol and
not another inside the span is an error.

References
----------
1. MacKinlay, A. C. (1997). Event studies in economics and finance. *JEL* 35(1), 13-39.
2. Busse, J. A., & Green, T. C. (2002). Market efficiency in real time. *JFE* 65(3), 415-437.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import calendars as cal
from .errors import CalendarGapError, DataError, EventOutOfRangeError, SpecificationError, WindowError

__all__ = ["split_returns", "bar_returns", "IntradayEventStudy", "IntradayResults"]

_IDENTITY_TOL = 1e-10


def _syms(symbols: str | Iterable[str]) -> list[str]:
    out = [symbols] if isinstance(symbols, str) else list(symbols)
    if not out:
        raise SpecificationError("symbols is empty: pass at least one symbol")
    return [str(s) for s in out]


def split_returns(
    symbols: str | Iterable[str],
    dates: object | Iterable[object],
    data_dir: Any = None,
) -> pd.DataFrame:
    """Overnight and regular-session returns of ``symbols`` on ``dates``.

    Parameters
    ----------
    symbols : str or iterable of str
        Symbols with daily open and close prices in the snapshot.
    dates : date-like or iterable of date-like
        Sessions to split.
    data_dir : str or Path, optional
        Snapshot directory.

    Returns
    -------
    DataFrame
        One row per (date, symbol): ``date``, ``symbol``, ``prev_date``, ``prev_close``,
        ``open``, ``close``, ``overnight``, ``session``, ``close_to_close``,
        ``first_bar_open`` (open of the first 5-minute bar of the day, NaN where the symbol
        has no bars that day).

    Raises
    ------
    DataError
        No open price (close-only symbols), a date that is not a row of the symbol, or the
        identity ``(1 + overnight)(1 + session) = close / prev_close`` failing against
        :func:`eventstudy.to_returns`.
    CalendarGapError
        The previous row of the symbol is not its previous exchange session.
    """
    from .data import load_bars, load_long, load_prices, to_returns

    syms = _syms(symbols)
    days = (
        [dates] if isinstance(dates, str | pd.Timestamp) or not isinstance(dates, Iterable) else list(dates)
    )
    days = [pd.Timestamp(d).normalize() for d in days]
    if not days:
        raise SpecificationError("dates is empty: pass at least one date")
    lo = min(days) - pd.Timedelta(days=15)
    hi = max(days)
    daily = load_long(syms, start=lo, end=hi, data_dir=data_dir)
    daily["date"] = pd.to_datetime(daily["date"])
    rets = to_returns(load_prices(syms, start=lo, end=hi, data_dir=data_dir))
    rows = []
    for s in syms:
        d = daily.loc[daily["symbol"] == s].set_index("date").sort_index()
        calendar = cal.calendar_for(s)
        try:
            bars = load_bars(s, start=min(days), end=hi, tz="exchange", data_dir=data_dir)
        except Exception:  # no 5-minute bars for this symbol: the check column stays NaN
            bars = None
        for day in days:
            if day not in d.index:
                raise DataError(f"{s} has no daily row on {day:%Y-%m-%d}; pass sessions on which it traded")
            pos = d.index.get_loc(day)
            if pos == 0:
                raise DataError(f"{s}: no earlier row than {day:%Y-%m-%d} to take the previous close from")
            prev = d.index[pos - 1]
            expected = cal.sessions(calendar, prev, day)
            if len(expected) != 2:
                raise CalendarGapError(
                    f"{s}'s row before {day:%Y-%m-%d} is {prev:%Y-%m-%d}, not the previous {calendar} session "
                    f"({expected[-2]:%Y-%m-%d}); the package never fills a missing day"
                )
            o, c, pc = float(d.at[day, "open"]), float(d.at[day, "close"]), float(d.at[prev, "close"])
            if not np.isfinite(o):
                raise DataError(
                    f"{s} has no open price on {day:%Y-%m-%d} (a close-only series); cannot split"
                )
            on, sess = o / pc - 1.0, c / o - 1.0
            c2c = float(rets.at[day, s])
            if abs((1 + on) * (1 + sess) - (1 + c2c)) > _IDENTITY_TOL:
                raise DataError(
                    f"{s} {day:%Y-%m-%d}: (1+overnight)(1+session) = {(1 + on) * (1 + sess):.12f} differs from "
                    f"1 + close-to-close = {1 + c2c:.12f}; the daily file is inconsistent"
                )
            fbo = np.nan
            if bars is not None and len(bars):
                today = bars.loc[bars["timestamp"].dt.tz_localize(None).dt.normalize() == day]
                if len(today):
                    fbo = float(today["open"].iloc[0])
            rows.append(
                {
                    "date": day,
                    "symbol": s,
                    "prev_date": prev,
                    "prev_close": pc,
                    "open": o,
                    "close": c,
                    "overnight": on,
                    "session": sess,
                    "close_to_close": c2c,
                    "first_bar_open": fbo,
                }
            )
    return pd.DataFrame(rows)


def bar_returns(bars: pd.DataFrame, symbols: Sequence[str], tz: str) -> tuple[pd.DataFrame, pd.Series]:
    """Wide within-session bar returns of ``symbols`` (see the module docstring).

    Returns
    -------
    (DataFrame, Series)
        Returns indexed by bar start time in ``tz`` (one column per symbol) and each bar's
        local session date.

    Raises
    ------
    DataError
        Missing columns, a symbol absent from ``bars``, or a bar missing for one symbol
        where another has it.
    """
    need = {"timestamp", "symbol", "open", "close"}
    if not isinstance(bars, pd.DataFrame) or not need <= set(bars.columns):
        raise DataError(f"bars must be what eventstudy.load_bars returns (columns {sorted(need)})")
    absent = [s for s in symbols if s not in set(bars["symbol"])]
    if absent:
        raise DataError(f"bars has no rows for {absent}; load them with es.load_bars([...])")
    ts = pd.to_datetime(bars["timestamp"])
    if ts.dt.tz is None:
        raise DataError("bars' timestamps are naive; pass what es.load_bars returns (tz-aware)")
    b = bars.assign(timestamp=ts.dt.tz_convert(tz))
    b = b.loc[b["symbol"].isin(symbols)]
    close = b.pivot(index="timestamp", columns="symbol", values="close")[list(symbols)].sort_index()
    opn = b.pivot(index="timestamp", columns="symbol", values="open")[list(symbols)].sort_index()
    miss = close.isna()
    if miss.to_numpy().any():
        r, c = np.argwhere(miss.to_numpy())[0]
        raise DataError(
            f"{close.columns[c]} has no 5-minute bar at {close.index[r]} where "
            f"{[s for s in symbols if not miss.iloc[r][s]]} have one; the package never fills a bar"
        )
    day = pd.Series(close.index.tz_localize(None).normalize(), index=close.index, name="session")
    first = day.ne(day.shift()).to_numpy()
    prev = close.shift(1)
    ret = close / prev - 1.0
    ret[first] = (close / opn - 1.0)[first]
    return ret, day


@dataclass(frozen=True)
class IntradayEventStudy:
    """Specification of an intraday event study on 5-minute bars; :meth:`fit` estimates it.

    Parameters
    ----------
    bars : DataFrame
        What :func:`eventstudy.load_bars` returns (long: ``timestamp``, ``symbol``, OHLCV),
        covering the asset(s), the market and the estimation sessions.
    asset : str or sequence of str
        Symbol(s) studied.
    market : str
        Symbol of the intraday market (e.g. ``"^GSPC"`` or ``"SPY"``).
    event_time : str or Timestamp
        The event's time: naive = the asset's exchange local time (``"2025-01-27 09:30"`` is
        09:30 New York), tz-aware = converted to it.
    estimation_days : int
        Number of sessions before day 0's session whose bars estimate the model.
    event_window : tuple of int
        Inclusive window in bars relative to bar 0.
    ddof : int, optional
        Residual-variance denominator ``L - ddof`` (default 2, MacKinlay's ``L - 2``).
    """

    bars: pd.DataFrame
    asset: str | Sequence[str]
    market: str
    event_time: Any
    estimation_days: int = 5
    event_window: tuple[int, int] = (-3, 12)
    ddof: int | None = None

    def __post_init__(self) -> None:
        if int(self.estimation_days) < 1:
            raise SpecificationError(f"estimation_days={self.estimation_days} must be at least 1")
        a, b = (int(x) for x in self.event_window)
        if a > b:
            raise WindowError(
                f"event_window={self.event_window} is reversed: write (start, end) with start <= end"
            )

    @property
    def assets(self) -> list[str]:
        """The studied symbols."""
        return _syms(self.asset)

    def _tz(self) -> str:
        from .data import exchange_timezone

        return exchange_timezone(self.assets[0])

    def event_timestamp(self) -> pd.Timestamp:
        """``event_time`` in the exchange's time zone."""
        tz = self._tz()
        try:
            t = pd.Timestamp(self.event_time)
        except (ValueError, TypeError) as exc:
            raise SpecificationError(f"event_time={self.event_time!r} is not a time stamp: {exc}") from None
        return t.tz_localize(tz) if t.tzinfo is None else t.tz_convert(tz)

    def fit(self) -> IntradayResults:
        """Estimate the intraday market model and the abnormal bar returns."""
        from .engine import fit_batch
        from .inference.base import EventSample

        assets, mkt = self.assets, str(self.market)
        if mkt in assets:
            raise SpecificationError(f"market={mkt!r} is also an asset; pick another benchmark")
        tz = self._tz()
        ret, day = bar_returns(self.bars, [*assets, mkt], tz)
        t0 = self.event_timestamp()
        step = ret.index.to_series().diff().loc[day.ne(day.shift()).to_numpy() == 0].median()
        if pd.isna(step):
            raise DataError("bars hold a single bar per session; cannot infer the bar length")
        ends = ret.index + step
        p0 = int(np.searchsorted(ends.asi8, t0.value, side="right"))
        if p0 >= len(ret):
            raise EventOutOfRangeError(
                f"event_time {t0} is after the last bar in the data ({ret.index[-1]}); load later bars"
            )
        a, b = (int(x) for x in self.event_window)
        if p0 + a < 0 or p0 + b >= len(ret):
            raise EventOutOfRangeError(
                f"event_window {self.event_window} around bar {ret.index[p0]} leaves the bars in the data "
                f"({ret.index[0]} .. {ret.index[-1]}); shorten the window or load more bars"
            )
        day0 = day.iloc[p0]
        sess_days = pd.DatetimeIndex(day.unique())
        k = int(self.estimation_days)
        earlier = sess_days[sess_days < day0]
        if len(earlier) < k:
            raise EventOutOfRangeError(
                f"estimation_days={k} but the bars hold {len(earlier)} session(s) before {day0:%Y-%m-%d}; "
                "load earlier bars or lower estimation_days"
            )
        est_days = earlier[-k:]
        calendar = cal.calendar_for(assets[0])
        expected = cal.sessions(calendar, est_days[0], day0)
        gap = expected.difference(sess_days)
        if len(gap):
            raise CalendarGapError(
                f"the bars have no {calendar} session {gap[0]:%Y-%m-%d} inside the estimation span "
                f"{est_days[0]:%Y-%m-%d} .. {day0:%Y-%m-%d}; the package never fills a missing day"
            )
        pos = np.arange(len(ret))
        est_mask = day.isin(est_days).to_numpy() & (pos < p0 + a)
        est_pos = pos[est_mask]
        evt_pos = np.arange(p0 + a, p0 + b + 1)
        L, T, K = est_pos.size, evt_pos.size, len(assets)
        if L < 30:
            raise EventOutOfRangeError(f"only {L} estimation bars; raise estimation_days")
        y = ret[assets].to_numpy()
        m = ret[mkt].to_numpy()
        X_est = np.broadcast_to(np.column_stack([np.ones(L), m[est_pos]]), (K, L, 2)).copy()
        X_evt = np.broadcast_to(np.column_stack([np.ones(T), m[evt_pos]]), (K, T, 2)).copy()
        fit = fit_batch(y[est_pos], X_est, y[evt_pos], X_evt, ddof=self.ddof)
        sample = EventSample(
            ar_est=fit.resid_est,
            ar_evt=fit.ar,
            event_days=np.arange(a, b + 1),
            sigma=fit.sigma,
            cov_evt=fit.cov_evt,
            dof=int(fit.dof),
            ddof=int(fit.ddof),
            assets=tuple(assets),
            returns_est=y[est_pos],
            returns_evt=y[evt_pos],
            regressors_est=X_est,
            regressors_evt=X_evt,
            est_days=est_pos - p0,
        )
        return IntradayResults(
            study=self,
            sample=sample,
            params=fit.params,
            r2=fit.r2,
            bar_times=ret.index[evt_pos],
            est_times=ret.index[est_pos],
            event_bar=ret.index[p0],
        )


@dataclass(frozen=True)
class IntradayResults:
    """Results of :meth:`IntradayEventStudy.fit`: abnormal bar returns, CARs and tests."""

    study: IntradayEventStudy
    sample: Any
    params: np.ndarray
    r2: np.ndarray
    bar_times: pd.DatetimeIndex
    est_times: pd.DatetimeIndex
    event_bar: pd.Timestamp
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def labels(self) -> list[str]:
        """The studied symbols."""
        return list(self.sample.assets)

    @property
    def abnormal_returns(self) -> pd.DataFrame:
        """Abnormal bar returns: index = bar number relative to bar 0, columns = assets."""
        idx = pd.Index(self.sample.event_days, name="bar")
        return pd.DataFrame(np.array(self.sample.ar_evt), index=idx, columns=self.labels)

    @property
    def times(self) -> pd.Series:
        """Start time (exchange zone) of each event-window bar."""
        return pd.Series(self.bar_times, index=pd.Index(self.sample.event_days, name="bar"), name="bar_start")

    @property
    def parameters(self) -> pd.DataFrame:
        """Per asset: ``alpha``, ``beta``, ``sigma``, ``n_obs`` (estimation bars), ``r2``."""
        return pd.DataFrame(
            {
                "alpha": self.params[:, 0],
                "beta": self.params[:, 1],
                "sigma": self.sample.sigma,
                "n_obs": self.sample.n_est,
                "r2": self.r2,
            },
            index=pd.Index(self.labels, name="asset"),
        )

    def car(self, window: tuple[int, int] | None = None) -> pd.Series:
        """Cumulative abnormal return per asset over ``window`` (bars, default: the event window)."""
        return pd.Series(self.sample.car(window), index=self.labels, name="CAR")

    def test(self, name: str, window: tuple[int, int] | None = None, **options: Any) -> Any:
        """Run a registered test by name (see :data:`eventstudy.inference.REGISTRY`) over ``window``."""
        from .inference import TESTS

        if name not in TESTS:
            raise SpecificationError(f"unknown test {name!r}; choose from {sorted(TESTS)}")
        return TESTS[name](self.sample, window=window, **options)

    def tests(
        self, window: tuple[int, int] | None = None, names: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Tidy table of tests: by default the single-asset ones, and Patell/BMP with several assets."""
        from .inference import SINGLE_ASSET_TESTS
        from .inference.base import results_frame

        default = [n for n in SINGLE_ASSET_TESTS if n != "sq"]
        if len(self.labels) >= 2:
            default += ["patell", "brown_warner"]
        rows = []
        for n in names or default:
            out = self.test(n, window)
            rows.extend(out if isinstance(out, list) else [out])
        return results_frame(rows)

    def __repr__(self) -> str:
        return (
            f"IntradayResults(assets={self.labels}, market={self.study.market!r}, event_bar={self.event_bar}, "
            f"L={self.sample.n_est} bars, window={tuple(self.study.event_window)})"
        )
