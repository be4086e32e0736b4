"""Placebo (pseudo-event) distributions of abnormal returns.

Every past trading day is treated as a pseudo-event; the event's abnormal
return (or CAR) is located in that empirical distribution. This is the
non-parametric benchmark that daily-return fat tails call for (Brown & Warner
1985 simulate exactly this; Gelbach, Helland & Klick 2013 use the same idea in
the SQ test). All pseudo-events are estimated in one batched pass
(:func:`eventstudy.engine.fit_batch`).

p-value convention: two-sided ``(1 + #{|x_j| >= |x_0|}) / (1 + n)`` (the
"+1" makes the test exact under exchangeability; Davison & Hinkley 1997,
eq. 4.11); one-sided ``(1 + #{x_j <= x_0}) / (1 + n)`` for a fall.

References
----------
1. Brown, S. J., & Warner, J. B. (1985). Using daily stock returns: The case of event
   studies. *JFE* 14(1), 3-31.
2. Gelbach, J. B., Helland, E., & Klick, J. (2013). Valid inference in single-firm,
   single-event studies. *American Law and Economics Review* 15(2), 495-541.
3. Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. CUP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from . import calendars as cal
from . import validation as val
from .errors import SpecificationError, UnknownSymbolError, WindowError
from .study import EventStudy
from .summary import Summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PlaceboResult", "placebo", "pseudo_event_dates", "MIN_PSEUDO_EVENTS"]

#: Fewest pseudo-events a placebo distribution may have (a p-value cannot go below 1/(n+1)).
MIN_PSEUDO_EVENTS = 20


@dataclass(frozen=True)
class PlaceboResult:
    """Placebo distribution of a statistic with the event's empirical p-value."""

    asset: str
    event_date: pd.Timestamp
    window: tuple[int, int]
    statistic: str
    event_value: float
    distribution: pd.Series
    pvalue: float
    pvalue_less: float
    pvalue_greater: float

    @property
    def n(self) -> int:
        """Number of pseudo-events."""
        return int(self.distribution.size)

    @property
    def percentile(self) -> float:
        """Share of pseudo-events with a value at or below the event's, in percent."""
        return float((self.distribution.to_numpy() <= self.event_value).mean() * 100)

    def summary(self) -> Summary:
        """Text/HTML/LaTeX summary."""
        d = self.distribution
        spec = {
            "Asset": self.asset,
            "Event date": f"{self.event_date:%Y-%m-%d}",
            "Window": str(self.window),
            "Statistic": self.statistic,
            "Pseudo-events": f"{self.n} ({d.index.min():%Y-%m-%d} .. {d.index.max():%Y-%m-%d})",
        }
        table = pd.DataFrame(
            {
                "value": [
                    self.event_value,
                    float(d.mean()),
                    float(d.std(ddof=1)),
                    float(d.quantile(0.01)),
                    float(d.quantile(0.99)),
                    self.percentile,
                    self.pvalue,
                    self.pvalue_less,
                ]
            },
            index=pd.Index(
                [
                    "event value",
                    "placebo mean",
                    "placebo sd",
                    "placebo 1%",
                    "placebo 99%",
                    "percentile",
                    "p (two-sided)",
                    "p (less)",
                ],
                name="",
            ),
        )
        return Summary(title="Placebo distribution", spec=spec, tables={"Event against placebo": table})

    def plot(self, ax: Any = None) -> Figure:
        """Histogram of the placebo distribution with the event value marked."""
        import matplotlib.pyplot as plt

        if ax is None:
            fig, ax = plt.subplots(figsize=(6, 3.5))
        else:
            fig = ax.figure
        scale = 100 if self.statistic in ("car", "ar") else 1
        ax.hist(self.distribution.to_numpy() * scale, bins=60, color="0.6")
        ax.axvline(self.event_value * scale, color="C3", lw=2, label=f"{self.event_date:%Y-%m-%d}")
        ax.set_xlabel(f"{self.statistic.upper()} {self.window}" + (" (%)" if scale == 100 else ""))
        ax.set_ylabel("pseudo-events")
        ax.legend()
        return fig


def pseudo_event_dates(
    calendar: str,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    exclude: Sequence[str | pd.Timestamp] = (),
    buffer: int = 10,
) -> pd.DatetimeIndex:
    """Sessions of ``calendar`` in ``[start, end]`` minus ``buffer`` sessions around each excluded date."""
    sess = cal.sessions(calendar, pd.Timestamp(start), pd.Timestamp(end))
    keep = np.ones(len(sess), dtype=bool)
    for d in exclude:  # a handful of real events
        pos = sess.searchsorted(pd.Timestamp(d))
        keep[max(pos - buffer, 0) : pos + buffer + 1] = False
    return sess[keep]


def placebo(
    returns: pd.DataFrame | pd.Series,
    market: pd.Series | None,
    event_date: str | pd.Timestamp,
    asset: str | None = None,
    window: tuple[int, int] = (0, 0),
    estimation_window: tuple[int, int] = (-260, -11),
    model: str = "market",
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    exclude_buffer: int = 10,
    n: int | None = None,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
    statistic: Literal["car", "scar"] = "car",
    **study_options: Any,
) -> PlaceboResult:
    """Distribution of an asset's (or a portfolio's) CAR over pseudo-event dates.

    Parameters
    ----------
    returns : DataFrame or Series
        Returns; with ``weights`` the portfolio ``sum_i w_i R_i`` is studied.
    market : Series or None
        Market returns for the normal-return model.
    event_date : date
        The real event; its value is compared with the placebo distribution.
    asset : str, optional
        Column to study (required when ``returns`` has several columns and no weights).
    window : tuple of int
        CAR window in event time.
    estimation_window : tuple of int
        Estimation window for every pseudo-event.
    model : str
        Normal-return model (see :class:`eventstudy.EventStudy`).
    start, end : date, optional
        Range of pseudo-event dates (default: every session from the first with a full
        estimation window up to the last before the event, minus ``exclude_buffer`` sessions).
    exclude_buffer : int
        Sessions excluded on each side of the real event.
    n : int, optional
        Draw ``n`` pseudo-dates without replacement with ``numpy.random.default_rng(seed)``.
    weights : mapping, optional
        Portfolio weights (normalised to sum to one).
    statistic : {"car", "scar"}
        Raw CAR or the standardized CAR (prediction-error variance).

    Returns
    -------
    PlaceboResult
    """
    returns = val.check_returns_frame(returns)
    market = val.check_market(market)
    window = val.check_window(window, "window")
    estimation_window = val.check_window(estimation_window, "estimation_window")
    val.check_seed(seed)
    val.check_int(exclude_buffer, "exclude_buffer", minimum=0, example="10")
    if statistic not in ("car", "scar"):
        raise SpecificationError(f"statistic={statistic!r} must be 'car' or 'scar'")
    if n is not None:
        n = val.check_int(n, "n", example="500 (or None for every eligible date)")
        if n < MIN_PSEUDO_EVENTS:
            raise SpecificationError(
                f"n={n} pseudo-events is too few: the smallest placebo p-value is 1/(n+1); pass "
                f"n >= {MIN_PSEUDO_EVENTS}, or n=None for every eligible date"
            )
    if weights is not None:
        w = pd.Series(weights, dtype=float)
        missing = sorted(set(w.index) - set(returns.columns))
        if missing:
            raise UnknownSymbolError(
                f"weights name assets not in returns: {missing}; columns are {list(returns.columns)[:8]}"
            )
        if not np.isfinite(w).all() or w.sum() == 0:
            raise SpecificationError(
                f"weights must be finite and not sum to zero (got sum {w.sum():g}); e.g. equal weights 1/N"
            )
        w = w / w.sum()
        block = returns[list(w.index)]
        # a day where one member has no return gives NaN (never a partial portfolio)
        port = block.mul(w, axis=1).sum(axis=1, min_count=len(w))
        asset = asset or "portfolio"
        returns = port.rename(asset).to_frame()
    elif asset is None:
        if returns.shape[1] != 1:
            raise SpecificationError("pass asset= (or weights=) when returns has several columns")
        asset = str(returns.columns[0])
    if asset not in returns.columns:
        raise UnknownSymbolError(
            f"asset={asset!r} is not a column of returns; columns are {list(map(str, returns.columns))[:8]}"
        )
    returns = returns[[asset]]
    calendar = (study_options.get("calendars") or {}).get(asset) or cal.calendar_for(asset)
    event = val.parse_date(event_date, "event_date")
    if event is None:
        raise SpecificationError("placebo needs the real event's date: pass event_date='YYYY-MM-DD'")
    start, end = val.parse_date(start, "start"), val.parse_date(end, "end")
    series = returns[asset].dropna()
    if series.empty:
        raise SpecificationError(f"{asset} has no returns")
    sess = cal.sessions(calendar, series.index.min(), series.index.max())
    first_ok = sess[min(-estimation_window[0], len(sess) - 1)]
    start_ts = max(pd.Timestamp(start), first_ok) if start is not None else first_ok
    if end is None:
        pos = sess.searchsorted(event)
        end_ts = sess[max(pos - exclude_buffer - max(window[1], 0) - 1, 0)]
    else:
        end_ts = pd.Timestamp(end)
    dates = pseudo_event_dates(calendar, start_ts, end_ts, exclude=[event], buffer=exclude_buffer)
    if len(dates) < MIN_PSEUDO_EVENTS:
        raise WindowError(
            f"only {len(dates)} pseudo-event dates between {start_ts:%Y-%m-%d} and {end_ts:%Y-%m-%d}"
        )
    if n is not None and n < len(dates):
        rng = np.random.default_rng(seed)
        dates = dates[np.sort(rng.choice(len(dates), size=n, replace=False))]
    ev_window = (min(window[0], 0), max(window[1], 0))
    events = pd.DataFrame({"asset": asset, "event_date": [*dates, event]})
    res = EventStudy(
        returns,
        market=market,
        events=events,
        estimation_window=estimation_window,
        event_window=ev_window,
        model=model,
        seed=seed,
        **{"overlap": "ignore", **study_options},  # pseudo-events overlap by design
    ).fit()
    sample = res.sample
    values = sample.scar(window) if statistic == "scar" else sample.car(window)
    dist = pd.Series(values[:-1], index=pd.DatetimeIndex(dates, name="pseudo_event"), name=statistic)
    x0 = float(values[-1])
    x = dist.to_numpy()
    n_ = x.size
    return PlaceboResult(
        asset=asset,
        event_date=event,
        window=(int(window[0]), int(window[1])),
        statistic=statistic,
        event_value=x0,
        distribution=dist,
        pvalue=float((1 + np.sum(np.abs(x) >= abs(x0))) / (1 + n_)),
        pvalue_less=float((1 + np.sum(x <= x0)) / (1 + n_)),
        pvalue_greater=float((1 + np.sum(x >= x0)) / (1 + n_)),
    )
