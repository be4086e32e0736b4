"""Two more figures of the paper in the house style: GARCH volatility and a calendar-time CAR.

Same conventions as :mod:`eventstudy.report.figures`: pure functions from tidy pandas inputs
to a :class:`matplotlib.figure.Figure` (never pyplot's global registry), drawn with
:func:`~eventstudy.report.style.use_style`, returns in decimals scaled for display by
``scale``, data artists carrying a ``gid`` and the layout frozen
(:func:`~eventstudy.report.figures.freeze_layout`) so :func:`~eventstudy.report.figures.save_figure`
writes byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..errors import DataError
from .figures import freeze_layout
from .style import GROUP_COLORS, use_style

__all__ = ["volatility_plot", "calendar_time_plot"]

_EVENT_LINE = {"color": "#3d3d3d", "linewidth": 0.8, "linestyle": "--", "zorder": 1}
_ZERO_LINE = {"color": "#9a9a9a", "linewidth": 0.6, "zorder": 0}
_SHADE_COLORS: tuple[str, ...] = ("#c8553d", "#1b6ca8", "#e9a03b", "#2a9d8f")


def volatility_plot(
    frame: pd.DataFrame,
    asset: str = "asset",
    scale: float = 100.0,
    title: str | None = None,
) -> Figure:
    """Conditional volatility (top) and squared residuals with conditional variance (bottom).

    Parameters
    ----------
    frame : pandas.DataFrame
        Index: integer event day; columns ``volatility`` (conditional standard deviation of the
        residual, e.g. GARCH(1,1) ``sigma_t``, decimals) and ``sq_resid`` (squared residuals,
        decimals squared).
    asset : str, default "asset"
        Name used in the labels.
    scale : float, default 100
        Multiplier for display (100: decimals to percent); squared values use ``scale**2``.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing the event-day axis: the ``gid="volatility"`` line (percent) and,
        below, the ``gid="sq_resid"`` bars with the ``gid="cond_var"`` line
        (``volatility**2``, percent squared); a day-0 line in each panel.
    """
    missing = [c for c in ("volatility", "sq_resid") if c not in frame.columns]
    if missing:
        raise DataError(f"volatility_plot: missing column(s) {missing}; got {list(frame.columns)}")
    if not pd.api.types.is_integer_dtype(frame.index):
        raise DataError("volatility_plot: the index must hold integer event days")
    if frame.empty:
        raise DataError("volatility_plot: no rows to plot")
    vol = frame["volatility"].to_numpy(float)
    sq = frame["sq_resid"].to_numpy(float)
    if np.any(vol[np.isfinite(vol)] < 0) or np.any(sq[np.isfinite(sq)] < 0):
        raise DataError("volatility_plot: volatility and squared residuals must be non-negative")
    t = frame.index.to_numpy()
    with use_style():
        fig = Figure(figsize=(6.4, 4.4), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, squeeze=True)
        for ax in (top, bottom):
            ax.axvline(0, gid="event", **_EVENT_LINE)
        top.plot(
            t,
            vol * scale,
            color=GROUP_COLORS["chips"],
            label=f"{asset}: GARCH(1,1) conditional volatility",
            gid="volatility",
        )
        top.set_ylabel("Volatility (%)")
        top.set_ylim(bottom=0.0)
        top.legend(loc="upper left")
        bottom.bar(
            t,
            sq * scale**2,
            width=0.8,
            color="#9ab4cc",
            label="squared market-model residual",
            gid="sq_resid",
        )
        bottom.plot(
            t,
            vol**2 * scale**2,
            color=GROUP_COLORS["chips"],
            linewidth=1.0,
            label="conditional variance",
            gid="cond_var",
        )
        bottom.set_ylabel("Squared residual (%$^2$)")
        bottom.set_xlabel("Event day")
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.legend(loc="upper left")
        if title:
            fig.suptitle(title)
    return freeze_layout(fig)


def calendar_time_plot(
    ar: pd.Series | pd.DataFrame,
    periods: Sequence[tuple[str | pd.Timestamp, str | pd.Timestamp]],
    labels: Sequence[str] | None = None,
    scale: float = 100.0,
    ylabel: str = "Cumulative abnormal return (%)",
    title: str | None = None,
) -> Figure:
    """Cumulative abnormal return in calendar time with event periods shaded.

    Parameters
    ----------
    ar : pandas.Series or pandas.DataFrame
        Daily abnormal returns (decimals) on a DatetimeIndex, one column per portfolio (a
        Series is one portfolio named by its ``name``). The plotted line is the running sum
        from the first row; a NaN raises (nothing is filled).
    periods : sequence of (start, end)
        Inclusive date ranges shaded in the background (event periods).
    labels : sequence of str, optional
        Legend label of each period (default ``"event period k"``).
    scale : float, default 100
        Multiplier for display (100: decimals to percent).
    ylabel, title : str
        Axis label and optional axes title.

    Returns
    -------
    matplotlib.figure.Figure
        One ``gid="cumar:<name>"`` line per column, one ``gid="period:<k>"`` span per period
        (from half a day before ``start`` to half a day after ``end``, ``k`` counting from 0)
        and a zero line.
    """
    frame = (
        ar.to_frame(name=str(ar.name) if ar.name is not None else "portfolio")
        if isinstance(ar, pd.Series)
        else ar
    )
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise DataError("calendar_time_plot: abnormal returns must have a DatetimeIndex")
    if frame.empty or frame.shape[1] == 0:
        raise DataError("calendar_time_plot: no abnormal returns to plot")
    if frame.isna().any().any():
        bad = frame.index[frame.isna().any(axis=1)][0]
        raise DataError(f"calendar_time_plot: missing abnormal return on {bad.date()} (nothing is filled)")
    if not frame.index.is_monotonic_increasing:
        raise DataError("calendar_time_plot: the index must be sorted by date")
    if labels is not None and len(labels) != len(periods):
        raise ValueError("calendar_time_plot: labels must have one entry per period")
    spans = [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in periods]
    if any(b < a for a, b in spans):
        raise ValueError("calendar_time_plot: every period needs start <= end")
    cum = frame.cumsum()
    half = pd.Timedelta(hours=12)
    with use_style():
        fig = Figure(figsize=(6.4, 3.2), layout="constrained")
        ax: Axes = fig.subplots()
        ax.axhline(0.0, **_ZERO_LINE)
        for k, (a, b) in enumerate(spans):
            ax.axvspan(
                a - half,
                b + half,
                color=_SHADE_COLORS[k % len(_SHADE_COLORS)],
                alpha=0.15,
                linewidth=0,
                label=labels[k] if labels is not None else f"event period {k + 1}",
                gid=f"period:{k}",
            )
        for j, col in enumerate(cum.columns):
            ax.plot(
                cum.index,
                cum[col].to_numpy(float) * scale,
                color=GROUP_COLORS["chips"] if j == 0 else GROUP_COLORS["indices"],
                linestyle="-" if j == 0 else "--",
                marker="o",
                markersize=2.0,
                label=str(col),
                gid=f"cumar:{col}",
            )
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.set_xlabel("Date")
        ax.legend(loc="upper left")
        if title:
            ax.set_title(title)
    return freeze_layout(fig)
