"""Figures of the event study: pure functions from tidy pandas inputs to a matplotlib Figure.

Every function draws with the house style (:func:`eventstudy.report.style.use_style`),
never touches pyplot's global figure registry (figures are created with
:class:`matplotlib.figure.Figure`, so nothing needs closing), and returns the Figure.
:func:`save_figure` writes it as PDF (vector, for the paper) and PNG (for the README),
byte-identical across reruns.

Returns enter as decimals (0.01 = 1 %) and are multiplied by ``scale`` (100 by default) for
display, following the package convention of percent only at the reporting edge. Drawn
data lines carry a ``gid`` (``"price:NVDA"``, ``"car:NVDA"``, ...) so tests and callers
can find them among the reference lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..errors import DataError, EventOutOfRangeError
from .style import GROUP_COLORS, GROUP_LABELS, VERDICT_COLORS, group_of, save_metadata, use_style

__all__ = [
    "save_figure",
    "freeze_layout",
    "normalised_paths",
    "price_paths",
    "ar_bars",
    "car_paths",
    "claims_chart",
    "placebo_hist",
    "synthetic_control_plot",
]

_LINESTYLES: tuple[str, ...] = ("-", "--", ":", "-.")
_EVENT_LINE = {"color": "#3d3d3d", "linewidth": 0.8, "linestyle": "--", "zorder": 1}
_ZERO_LINE = {"color": "#9a9a9a", "linewidth": 0.6, "zorder": 0}


def save_figure(
    fig: Figure,
    stem: str,
    out_dir: str | Path,
    formats: Sequence[str] = ("pdf", "png"),
    dpi: float | None = None,
) -> list[Path]:
    """Write ``fig`` to ``out_dir/stem.<fmt>`` for each format, reproducibly.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to save.
    stem : str
        File name without extension (letters, digits, ``_`` and ``-`` only).
    out_dir : str or pathlib.Path
        Output directory, created if missing.
    formats : sequence of str, default ("pdf", "png")
        Any of ``"pdf"``, ``"png"``, ``"svg"``.
    dpi : float, optional
        Raster resolution; the style's ``savefig.dpi`` (200) by default.

    Returns
    -------
    list of pathlib.Path
        The written files, in the order of ``formats``.

    Notes
    -----
    PDFs carry no creation date and a fixed producer string, PNGs no software tag and SVGs a
    fixed hash salt, so saving the same figure twice gives byte-identical files.
    """
    if not stem or not all(c.isalnum() or c in "_-" for c in stem):
        raise ValueError(f"figure stem {stem!r} must be non-empty and use only letters, digits, '_' and '-'")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    freeze_layout(fig)
    with use_style():
        for fmt in formats:
            fmt = fmt.lower()
            if fmt not in ("pdf", "png", "svg"):
                raise ValueError(f"unsupported figure format {fmt!r}; use 'pdf', 'png' or 'svg'")
            path = out / f"{stem}.{fmt}"
            kwargs: dict[str, object] = {"format": fmt, "metadata": save_metadata(fmt)}
            if dpi is not None:
                kwargs["dpi"] = dpi
            fig.savefig(path, **kwargs)
            paths.append(path)
    return paths


def freeze_layout(fig: Figure) -> Figure:
    """Run the figure's layout engine once and then switch it off.

    Constrained layout moves axes a little on every draw until it converges, so saving the
    same figure twice would give different bytes; after this call every save is identical.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Modified in place (its layout engine is replaced by none).

    Returns
    -------
    matplotlib.figure.Figure
        The same figure.
    """
    engine = fig.get_layout_engine()
    if engine is not None and engine.__class__.__name__ != "PlaceHolderLayoutEngine":
        with use_style():
            fig.draw_without_rendering()
        fig.set_layout_engine("none")
    return fig


def _new_figure(
    nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] | None = None, **kwargs: object
) -> tuple[Figure, np.ndarray]:
    """Create a styled figure (outside pyplot) and its axes as a 2-D array."""
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def _require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def _style_for(columns: Sequence[str], groups: Mapping[str, str] | None) -> dict[str, dict[str, str]]:
    """Colour by asset group, line style cycling within a group."""
    seen: dict[str, int] = {}
    styles: dict[str, dict[str, str]] = {}
    for col in columns:
        g = group_of(str(col), groups)
        k = seen.get(g, 0)
        seen[g] = k + 1
        styles[str(col)] = {
            "color": GROUP_COLORS.get(g, GROUP_COLORS["other"]),
            "linestyle": _LINESTYLES[k % len(_LINESTYLES)],
        }
    return styles


def normalised_paths(
    prices: pd.DataFrame, event_date: str | pd.Timestamp, before: int = 10, after: int = 10
) -> pd.DataFrame:
    """Price paths rebased to 100 at each asset's last close before ``event_date``.

    Parameters
    ----------
    prices : pandas.DataFrame
        Wide prices: DatetimeIndex, one column per asset, NaN where an asset has no row.
    event_date : str or pandas.Timestamp
        Event date; day 0 is each asset's first observation on or after it.
    before, after : int, default 10
        Observations kept before day 0 (the last is the reference close, day -1) and after it.

    Returns
    -------
    pandas.DataFrame
        Same columns, index the union of kept dates; 100 at each asset's reference date.
    """
    if not isinstance(prices.index, pd.DatetimeIndex):
        raise DataError("price_paths: prices must have a DatetimeIndex")
    if before < 1 or after < 0:
        raise ValueError("price_paths: need before >= 1 and after >= 0")
    event = pd.Timestamp(event_date)
    out: dict[str, pd.Series] = {}
    for col in prices.columns:
        s = prices[col].dropna().sort_index()
        pos = int(s.index.searchsorted(event, side="left"))  # first obs on/after the event
        if pos == 0:
            raise EventOutOfRangeError(f"price_paths: {col} has no close before {event.date()}")
        ref = s.iloc[pos - 1]
        if not np.isfinite(ref) or ref <= 0:
            raise DataError(
                f"price_paths: {col} reference close {ref!r} on {s.index[pos - 1].date()} is not positive"
            )
        window = s.iloc[max(0, pos - before) : pos + after + 1]
        out[str(col)] = 100.0 * window / ref
    return pd.DataFrame(out)


def price_paths(
    prices: pd.DataFrame,
    event_date: str | pd.Timestamp,
    before: int = 10,
    after: int = 10,
    groups: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Figure:
    """Plot prices normalised to 100 at the close before the event, with the event marked.

    Parameters
    ----------
    prices : pandas.DataFrame
        Wide prices (DatetimeIndex, one column per asset); crypto and equity calendars may be mixed,
        each asset is normalised on its own observations.
    event_date : str or pandas.Timestamp
        The event date, marked by a dashed vertical line.
    before, after : int, default 10
        Observations shown before day 0 (including the reference close) and after day 0.
    groups : Mapping[str, str], optional
        Asset -> group overrides for the colours (see :data:`eventstudy.report.style.ASSET_GROUPS`).
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        One line per asset (``gid="price:<asset>"``) plus the 100 baseline and the event line.
    """
    paths = normalised_paths(prices, event_date, before, after)
    event = pd.Timestamp(event_date)
    with use_style():
        fig, axes = _new_figure()
        ax: Axes = axes[0, 0]
        ax.axhline(100.0, gid="baseline", **_ZERO_LINE)
        ax.axvline(event, gid="event", **_EVENT_LINE)
        styles = _style_for(list(paths.columns), groups)
        for col in paths.columns:
            s = paths[col].dropna()
            ax.plot(
                s.index,
                s.to_numpy(),
                label=col,
                gid=f"price:{col}",
                marker="o",
                markersize=2.5,
                **styles[col],
            )
        ax.set_ylabel("Price (close before event = 100)")
        ax.legend(loc="best", ncols=2 if paths.shape[1] > 4 else 1)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        ax.set_xlabel(f"Date (event: {event:%Y-%m-%d})")
        if title:
            ax.set_title(title)
    return freeze_layout(fig)


def ar_bars(
    ar: pd.DataFrame,
    groups: Mapping[str, str] | None = None,
    scale: float = 100.0,
    ylabel: str = "Abnormal return (%)",
    title: str | None = None,
) -> Figure:
    """Bar chart of abnormal returns with confidence intervals, one bar per asset.

    Parameters
    ----------
    ar : pandas.DataFrame
        Columns ``asset, ar, ci_low, ci_high`` (decimals); optional ``group``. Bars keep the row order.
    groups : Mapping[str, str], optional
        Asset -> group overrides (ignored for rows with a ``group`` column value).
    scale : float, default 100
        Multiplier for display (100: decimals to percent).
    ylabel, title : str
        Axis label and optional title.

    Returns
    -------
    matplotlib.figure.Figure
        One bar patch per row, coloured by asset group, with error bars from the intervals.
    """
    _require_columns(ar, ["asset", "ar", "ci_low", "ci_high"], "ar_bars")
    if ar.empty:
        raise DataError("ar_bars: no rows to plot")
    assets = [str(a) for a in ar["asset"]]
    vals = ar["ar"].to_numpy(float) * scale
    lo = ar["ci_low"].to_numpy(float) * scale
    hi = ar["ci_high"].to_numpy(float) * scale
    if np.any(lo > vals + 1e-12) or np.any(hi < vals - 1e-12):
        raise DataError("ar_bars: every interval must contain its point estimate (ci_low <= ar <= ci_high)")
    grp = list(ar["group"].astype(str)) if "group" in ar.columns else [group_of(a, groups) for a in assets]
    colors = [GROUP_COLORS.get(g, GROUP_COLORS["other"]) for g in grp]
    with use_style():
        fig, axes = _new_figure(figsize=(max(4.0, 0.45 * len(assets) + 1.5), 3.4))
        ax: Axes = axes[0, 0]
        x = np.arange(len(assets))
        ax.axhline(0.0, **_ZERO_LINE)
        ax.bar(x, vals, color=colors, width=0.7, gid="ar_bars")
        ax.errorbar(
            x,
            vals,
            yerr=np.vstack([vals - lo, hi - vals]),
            fmt="none",
            ecolor="#222222",
            elinewidth=0.8,
            capsize=2.5,
            gid="ci",
        )
        ax.set_xticks(x, assets, rotation=45, ha="right")
        ax.set_ylabel(ylabel)
        handles = [
            Patch(color=GROUP_COLORS.get(g, GROUP_COLORS["other"]), label=GROUP_LABELS.get(g, g))
            for g in dict.fromkeys(grp)
        ]
        ax.legend(handles=handles, loc="best")
        if title:
            ax.set_title(title)
    return freeze_layout(fig)


def car_paths(
    car: pd.DataFrame,
    bands: tuple[pd.DataFrame, pd.DataFrame] | Mapping[str, tuple[pd.DataFrame, pd.DataFrame]] | None = None,
    grouped: bool = False,
    groups: Mapping[str, str] | None = None,
    scale: float = 100.0,
    ylabel: str = "CAR (%)",
    title: str | None = None,
) -> Figure:
    """Plot cumulative abnormal returns against event time, optionally with confidence bands.

    Parameters
    ----------
    car : pandas.DataFrame
        Index: integer event day; columns: assets (or portfolios); values: CAR in decimals.
    bands : (lower, upper) DataFrames, or mapping name -> (lower, upper), optional
        Confidence bands with the same index as ``car`` and a subset of its columns; a mapping
        gives several band levels (e.g. ``{"95%": (lo95, hi95), "90%": (lo90, hi90)}``), drawn
        with decreasing opacity in the order given.
    grouped : bool, default False
        One panel per asset group (chips, mega-cap tech, indices, crypto) instead of one panel.
    groups : Mapping[str, str], optional
        Asset -> group overrides.
    scale : float, default 100
        Multiplier for display (100: decimals to percent).
    ylabel, title : str
        Axis label and optional figure title. ``ylabel`` makes the function reusable for any
        event-time series (abnormal log volume, variance ratios).

    Returns
    -------
    matplotlib.figure.Figure
        One line per column (``gid="car:<asset>"``), one filled band per (column, band level),
        a zero line and a day-0 line per panel.
    """
    if not pd.api.types.is_integer_dtype(car.index):
        raise DataError("car_paths: the index must hold integer event days")
    if car.shape[1] == 0:
        raise DataError("car_paths: no columns to plot")
    if bands is None:
        band_map: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    elif isinstance(bands, tuple):
        band_map = {"band": bands}
    else:
        band_map = dict(bands)
    cols = [str(c) for c in car.columns]
    car = car.set_axis(cols, axis=1)
    panel_of = {c: (group_of(c, groups) if grouped else "all") for c in cols}
    panels = list(dict.fromkeys(panel_of.values()))
    styles = _style_for(cols, groups)
    with use_style():
        fig, axes = _new_figure(
            1, len(panels), figsize=(3.2 * len(panels) + 0.6, 3.4) if grouped else None, sharey=True
        )
        for k, panel in enumerate(panels):
            ax: Axes = axes[0, k]
            ax.axhline(0.0, **_ZERO_LINE)
            ax.axvline(0, gid="event", **_EVENT_LINE)
            for col in [c for c in cols if panel_of[c] == panel]:
                s = car[col].dropna()
                for j, (_, (lo, hi)) in enumerate(band_map.items()):
                    if col not in lo.columns or col not in hi.columns:
                        continue
                    lo_s = lo[col].reindex(s.index).to_numpy(float) * scale
                    hi_s = hi[col].reindex(s.index).to_numpy(float) * scale
                    ax.fill_between(
                        s.index.to_numpy(),
                        lo_s,
                        hi_s,
                        color=styles[col]["color"],
                        alpha=0.18 / (j + 1),
                        linewidth=0,
                        gid=f"band:{col}",
                    )
                ax.plot(
                    s.index.to_numpy(), s.to_numpy(float) * scale, label=col, gid=f"car:{col}", **styles[col]
                )
            ax.set_xlabel("Event day")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if grouped:
                ax.set_title(GROUP_LABELS.get(panel, panel))
            ax.legend(loc="best")
        axes[0, 0].set_ylabel(ylabel)
        if title:
            fig.suptitle(title)
    return freeze_layout(fig)


def claims_chart(
    claims: pd.DataFrame,
    units: Sequence[str] = ("percent",),
    title: str | None = None,
) -> Figure:
    """Claimed against observed values, one row per comparable claim, coloured by verdict.

    Parameters
    ----------
    claims : pandas.DataFrame
        Columns ``claim_id, claimed, observed, verdict, unit``; ``claimed`` and ``observed`` are in
        ``unit`` (for ``"percent"``: percentage points, -17.0 for a 17 % fall).
    units : sequence of str, default ("percent",)
        Only claims in these units with finite claimed and observed values are drawn, so the
        axis compares like with like.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        A dumbbell chart: hollow markers for the claimed values (one collection, ``gid="claimed"``),
        filled markers for the observed values (one collection per verdict present,
        ``gid="observed:<verdict>"``) and a connecting segment per claim (``gid="gaps"``).
    """
    _require_columns(claims, ["claim_id", "claimed", "observed", "verdict", "unit"], "claims_chart")
    claimed = pd.to_numeric(claims["claimed"], errors="coerce")
    observed = pd.to_numeric(claims["observed"], errors="coerce")
    keep = claims["unit"].isin(list(units)) & np.isfinite(claimed) & np.isfinite(observed)
    df = claims.loc[keep].assign(claimed=claimed[keep], observed=observed[keep]).reset_index(drop=True)
    if df.empty:
        raise DataError(
            f"claims_chart: no claim in unit(s) {list(units)} has both a claimed and an observed value"
        )
    unknown = sorted(set(df["verdict"]) - set(VERDICT_COLORS))
    if unknown:
        raise DataError(f"claims_chart: unknown verdict(s) {unknown}; expected one of {list(VERDICT_COLORS)}")
    y = np.arange(len(df))[::-1]
    unit_label = {"percent": "%"}.get(units[0], units[0]) if len(units) == 1 else "value"
    with use_style():
        fig, axes = _new_figure(figsize=(6.4, 0.32 * len(df) + 1.2))
        ax: Axes = axes[0, 0]
        ax.axvline(0.0, **_ZERO_LINE)
        ax.hlines(y, df["claimed"], df["observed"], color="#9a9a9a", linewidth=1.0, gid="gaps")
        ax.scatter(
            df["claimed"],
            y,
            facecolors="none",
            edgecolors="#222222",
            s=28,
            label="claimed",
            gid="claimed",
            zorder=5,
        )
        for verdict, color in VERDICT_COLORS.items():
            m = (df["verdict"] == verdict).to_numpy()
            if m.any():
                ax.scatter(
                    df.loc[m, "observed"],
                    y[m],
                    color=color,
                    s=28,
                    label=f"observed: {verdict.replace('_', ' ')}",
                    gid=f"observed:{verdict}",
                    zorder=4,
                )
        ax.set_yticks(y, [str(c) for c in df["claim_id"]])
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        ax.set_xlabel(f"Change ({unit_label})")
        ax.legend(loc="best")
        if title:
            ax.set_title(title)
    return freeze_layout(fig)


def placebo_hist(
    placebo: pd.Series | np.ndarray | Sequence[float],
    event_value: float,
    pvalue: float | None = None,
    bins: int = 40,
    scale: float = 100.0,
    xlabel: str = "Abnormal return on placebo dates (%)",
    title: str | None = None,
) -> Figure:
    """Histogram of a placebo (pseudo-event) distribution with the actual event value marked.

    Parameters
    ----------
    placebo : array-like of float
        Statistic on placebo dates (decimals for returns); NaNs are dropped.
    event_value : float
        The statistic on the event date (same unit as ``placebo``).
    pvalue : float, optional
        Printed in the legend when given (computed by the caller, e.g. by the permutation test).
    bins : int, default 40
        Number of histogram bins.
    scale : float, default 100
        Multiplier for display.
    xlabel, title : str
        Axis label and optional title.

    Returns
    -------
    matplotlib.figure.Figure
        ``bins`` bar patches and one vertical line at the event value (``gid="event_value"``).
    """
    x = np.asarray(placebo, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        raise DataError("placebo_hist: the placebo distribution is empty")
    if not np.isfinite(event_value):
        raise DataError("placebo_hist: event_value must be finite")
    label = "event date"
    if pvalue is not None:
        label += f" (p = {pvalue:.3f})" if pvalue >= 0.001 else " (p < 0.001)"
    with use_style():
        fig, axes = _new_figure()
        ax: Axes = axes[0, 0]
        ax.hist(
            x * scale,
            bins=bins,
            color="#9ab4cc",
            edgecolor="white",
            linewidth=0.3,
            label=f"placebo dates (n = {x.size})",
        )
        ax.axvline(
            event_value * scale, color=GROUP_COLORS["chips"], linewidth=1.4, gid="event_value", label=label
        )
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Count")
        ax.legend(loc="best")
        if title:
            ax.set_title(title)
    return freeze_layout(fig)


def synthetic_control_plot(
    paths: pd.DataFrame,
    placebo_gaps: pd.DataFrame | None = None,
    scale: float = 100.0,
    ylabel: str = "Cumulative return (%)",
    title: str | None = None,
) -> Figure:
    """Treated unit against its synthetic control (left) and the gap with placebo gaps (right).

    Parameters
    ----------
    paths : pandas.DataFrame
        Index: integer event day; columns ``treated`` and ``synthetic`` (cumulative returns, decimals).
    placebo_gaps : pandas.DataFrame, optional
        Same index; one column per donor re-fitted as a placebo, values treated-minus-synthetic gaps.
    scale : float, default 100
        Multiplier for display.
    ylabel, title : str
        Axis label and optional figure title.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: ``gid="treated"``/``"synthetic"`` lines, and the ``gid="gap"`` line over grey
        ``gid="placebo:<donor>"`` lines.
    """
    _require_columns(paths, ["treated", "synthetic"], "synthetic_control_plot")
    if not pd.api.types.is_integer_dtype(paths.index):
        raise DataError("synthetic_control_plot: the index must hold integer event days")
    t = paths.index.to_numpy()
    gap = (paths["treated"] - paths["synthetic"]).to_numpy(float) * scale
    with use_style():
        fig, axes = _new_figure(1, 2, figsize=(7.0, 3.2))
        left: Axes = axes[0, 0]
        right: Axes = axes[0, 1]
        for ax in (left, right):
            ax.axhline(0.0, **_ZERO_LINE)
            ax.axvline(0, gid="event", **_EVENT_LINE)
            ax.set_xlabel("Event day")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        left.plot(
            t,
            paths["treated"].to_numpy(float) * scale,
            color=GROUP_COLORS["chips"],
            label="treated",
            gid="treated",
        )
        left.plot(
            t,
            paths["synthetic"].to_numpy(float) * scale,
            color=GROUP_COLORS["indices"],
            linestyle="--",
            label="synthetic",
            gid="synthetic",
        )
        left.set_ylabel(ylabel)
        left.legend(loc="best")
        if placebo_gaps is not None:
            for col in placebo_gaps.columns:
                right.plot(
                    placebo_gaps.index.to_numpy(),
                    placebo_gaps[col].to_numpy(float) * scale,
                    color="#c9c9c9",
                    linewidth=0.7,
                    gid=f"placebo:{col}",
                )
        right.plot(t, gap, color=GROUP_COLORS["chips"], label="treated $-$ synthetic", gid="gap")
        right.set_ylabel("Gap (percentage points)")
        right.legend(loc="best")
        if title:
            fig.suptitle(title)
    return freeze_layout(fig)
