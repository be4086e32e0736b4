"""The figures of the paper (:data:`~eventstudy.report.paper_spec.REQUIRED_FIGURES`).

:func:`make_figures` computes every figure's input from the snapshot through
:class:`~eventstudy.deepseek.DeepSeekData` and the package's public API, draws it with the
house figure functions (:mod:`eventstudy.report.figures`,
:mod:`eventstudy.report.figures_extra`) and saves it with
:func:`~eventstudy.report.figures.save_figure` (byte-identical reruns). Nothing is typed in,
and no price is filled or interpolated: a missing observation is left out of a chart or raises.

The data helpers (:func:`price_frame`, :func:`car_bands`, :func:`portfolio_cars`,
:func:`universe_ar_frame`, :func:`claim_label`) are public so the paper's text and tests can
check what is drawn. Every series is readable in greyscale: lines differ in style and marker,
bars in fill and hatch, verdicts in marker shape, and every CAR series carries its own band.
:data:`FIGURE_NOTES` states, per figure, the facts a caption should carry.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import calendars as cal
from ..errors import DataError
from ..placebo import PlaceboResult
from ..report.figures import (
    freeze_layout,
    placebo_hist,
    price_paths,
    save_figure,
)
from ..report.style import group_of, save_metadata, use_style
from ..study import EventStudy, EventStudyResults
from .design import (
    EVENT_MONDAY,
    EVENT_OSW,
    MARKET,
    SECTOR,
    DeepSeekData,
)
from .paper_spec import REQUIRED_FIGURES

__all__ = [
    "PRICE_ASSETS",
    "CRYPTO_LABEL",
    "SECTOR_LABEL",
    "FIGURE_NOTES",
    "price_frame",
    "car_bands",
    "portfolio_cars",
    "universe_ar_frame",
    "claim_label",
    "make_figures",
]

#: Assets of the two price-path figures.
PRICE_ASSETS: tuple[str, ...] = (
    "NVDA",
    "TSM",
    "AVGO",
    "MU",
    "AMD",
    "MSFT",
    "GOOG",
    "^GSPC",
    "^IXIC",
    "BTC-USD",
)
#: Legend label of bitcoin in the price paths (its returns compounded onto NYSE sessions).
CRYPTO_LABEL = "BTC-USD (on NYSE sessions)"
#: Column label of NVDA's sector-adjusted CAR in the Open Source Week figure.
SECTOR_LABEL = "NVDA vs ^SOX"

#: Facts each figure's caption should state (how the data were aligned, which model, which band).
FIGURE_NOTES: dict[str, str] = {
    "price_paths_jan27": (
        "Stocks and indices are plotted on NYSE (XNYS) sessions; BTC-USD's daily UTC closes are "
        "compounded onto NYSE sessions (weekend returns roll into Monday, "
        "eventstudy.calendars.align_returns), so every line is 100 at the 2025-01-24 close and the "
        "Monday value is the Friday-to-Monday change. 10 sessions before and after day 0."
    ),
    "ar_bars_jan27": (
        "Day-0 market-model abnormal returns against ^GSPC with the design's estimation window, "
        "treated universe (original six solid, added by rule hatched) and the AI large caps (controls, "
        "dotted), with 95% prediction-error intervals (t quantile, MacKinlay 1997 eq. 9)."
    ),
    "car_paths_jan27": (
        "CAR cumulated from day -10 of NVDA and of equal-weighted portfolios of the design's groups "
        "(market model on ^GSPC, design window); every series has its 95% prediction-error band."
    ),
    "placebo_jan27": (
        "NVDA's market-model AR on every XNYS session of 2017-2024 as a pseudo-event (design window); "
        "two-sided permutation p-value (1 + #{|x| >= |x0|}) / (1 + n)."
    ),
    "car_paths_osw": (
        "As car_paths_jan27 around 2025-02-24 with the Open Source Week window (ending before "
        "2025-01-27); 'NVDA vs ^SOX' is NVDA's market model on ^SOX (sector-adjusted)."
    ),
    "claims_chart": (
        "One row per claim in percent with a numeric claimed and observed value, labelled with the claim "
        "in words; marker shape gives the verdict."
    ),
}


# --------------------------------------------------------------------------- data helpers


def price_frame(
    data: DeepSeekData,
    event_date: str,
    assets: Sequence[str] = PRICE_ASSETS,
    before: int = 10,
    after: int = 10,
    crypto: Sequence[str] = ("BTC-USD", "ETH-USD"),
) -> pd.DataFrame:
    """Closes on NYSE sessions around ``event_date``, crypto compounded onto those sessions.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    event_date : str
        Event date (day 0 = first NYSE session on or after it).
    assets : sequence of str
        Columns of ``data.prices``.
    before, after : int, default 10
        Sessions kept before day 0 (the last one is the reference close) and after it.
    crypto : sequence of str
        Assets trading every day: their returns are compounded onto NYSE sessions with
        :func:`eventstudy.calendars.align_returns` and turned into a level (the product of
        ``1 + r``), renamed ``"<asset> (on NYSE sessions)"``.

    Returns
    -------
    pandas.DataFrame
        Index: the ``before + 1 + after`` NYSE sessions (plus a margin of one session before);
        exchange-traded assets keep their closes (NaN where there is none; nothing is filled).
        Rebased at the reference close, a crypto column equals the asset's close on that
        session's date over its close on the reference date.
    """
    event = pd.Timestamp(event_date)
    sess = cal.sessions(
        "XNYS", event - pd.Timedelta(days=3 * before + 20), event + pd.Timedelta(days=3 * after + 20)
    )
    day0 = int(sess.searchsorted(event))
    if day0 - before - 1 < 0 or day0 + after >= sess.size:
        raise DataError(f"price_frame: not enough NYSE sessions around {event.date()}")
    keep = sess[day0 - before - 1 : day0 + after + 1]
    out: dict[str, pd.Series] = {}
    for a in assets:
        if a not in data.prices.columns:
            raise DataError(f"price_frame: {a} is not in the snapshot's prices")
        if a in crypto:
            aligned = cal.align_returns(
                data.returns[[a]], policy="market", market_calendar="XNYS", calendars={a: "24/7"}
            )[a].reindex(keep)
            if aligned.iloc[1:].isna().any():
                bad = aligned.index[1:][aligned.iloc[1:].isna().to_numpy()][0]
                raise DataError(f"price_frame: {a} has no complete compounded return on {bad.date()}")
            level = (1.0 + aligned.iloc[1:]).cumprod()
            level = pd.concat([pd.Series([1.0], index=keep[:1]), level])
            out[f"{a} (on NYSE sessions)"] = level
        else:
            out[a] = data.prices[a].reindex(keep)
    return pd.DataFrame(out, index=keep).iloc[1:]


def car_bands(res: EventStudyResults, level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """CAR paths from the first event day with prediction-error bands.

    Parameters
    ----------
    res : EventStudyResults
        A fitted event study.
    level : float, default 0.95
        Two-sided coverage.

    Returns
    -------
    car, lower, upper : pandas.DataFrame
        Index: event day; columns: assets. ``Var(CAR_i(t0, t)) = 1' V_i 1`` over the leading
        ``(k + 1) x (k + 1)`` block of ``res.sample.cov_evt`` (MacKinlay 1997, eq. 14), and the band
        is ``CAR +/- t_{dof}((1 + level) / 2) * sqrt(Var)``.
    """
    return res.car_bands(level)  # the library's one computation (also behind res.plot())


def _day0_rows(res: EventStudyResults, level: float) -> pd.DataFrame:
    return res.ar_intervals(0, level)


#: Markers of the price paths, one per series, so no two series look alike without colour.
_PRICE_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "x", "+", "*", "P", "<", ">", "h")
#: Grey of each group in the price paths (darkest for the chip stocks).
_PRICE_GREYS: dict[str, str] = {
    "chips": "#000000",
    "mega_cap_tech": "#4d4d4d",
    "indices": "#7a7a7a",
    "crypto": "#9a9a9a",
}
#: Printed names of the index series in legends (no ``^`` in print).
_PRICE_NAMES: dict[str, str] = {
    "^GSPC": "S&P 500",
    "^IXIC": "Nasdaq Composite",
    "^SOX": "SOX",
    "^NDX": "Nasdaq-100",
}


def _greyscale_paths(fig: Figure) -> Figure:
    """Draw every price path in grey with its own marker, so each reads in greyscale at print size.

    The library's house style colours by group and cycles line styles within a group; in print the
    colours merge and the fifth chip stock repeats the first. Here each ``price:<asset>`` line keeps
    its line style, takes a grey by group and a marker no other series has, and index symbols get
    their printed names.
    """
    for ax in fig.axes:
        n = 0
        for line in ax.get_lines():
            gid = line.get_gid() or ""
            if not gid.startswith("price:"):
                continue
            asset = gid.split(":", 1)[1]
            grp = group_of(asset.split(" ", 1)[0])
            line.set_color(_PRICE_GREYS.get(grp, "#9a9a9a"))
            line.set_marker(_PRICE_MARKERS[n % len(_PRICE_MARKERS)])
            line.set_markersize(3.5)
            line.set_markerfacecolor("white" if n % 2 else line.get_color())
            line.set_linewidth(1.4 if asset == "NVDA" else 0.9)
            line.set_label(_PRICE_NAMES.get(asset, asset))
            n += 1
    return fig


def _legend_below(fig: Figure, ncols: int) -> Figure:
    """Replace the axes legends by one figure legend below the axes, so no line is covered.

    The layout is run again (constrained) and frozen, as :func:`~eventstudy.report.figures.freeze_layout` does.
    """
    handles: list[object] = []
    labels: list[str] = []
    for ax in fig.axes:
        leg = ax.get_legend()
        if leg is None:
            continue
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
        leg.remove()
    with use_style():
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols)
        fig.set_layout_engine("constrained")
    return freeze_layout(fig)


def _groups_for(columns: Sequence[str]) -> dict[str, str]:
    return {c: group_of(c.split(" ", 1)[0]) for c in columns}


#: Styles of the portfolio lines (distinct line style AND marker, readable in greyscale).
_SERIES_STYLE: dict[str, dict[str, object]] = {
    "NVDA": {"color": "#000000", "linestyle": "-", "marker": "o"},
    SECTOR_LABEL: {"color": "#000000", "linestyle": ":", "marker": "x"},
    "Original six (EW)": {"color": "#4d4d4d", "linestyle": "--", "marker": "s"},
    "Added by rule (EW)": {"color": "#7a7a7a", "linestyle": "-.", "marker": "^"},
    "AI large caps (EW)": {"color": "#9a9a9a", "linestyle": (0, (1, 1)), "marker": "D"},
}
_HATCH = {"original six": "", "added by rule": "////", "control": ".."}
_FACE = {"original six": "#3d3d3d", "added by rule": "#9a9a9a", "control": "#ffffff"}
_VERDICT_MARKERS = {
    "confirmed": ("o", "#000000"),
    "close": ("s", "#4d4d4d"),
    "contradicted": ("X", "#000000"),
    "inconclusive": ("D", "#7a7a7a"),
}


def portfolio_cars(data: DeepSeekData, event: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """CAR paths (days -10..+10) of NVDA and equal-weighted groups of the design, with 95% bands for every series.

    Groups: the original six chip stocks, the stocks added by the universe rule and the AI large caps
    (controls). Each group is one equal-weighted portfolio (daily rebalanced) run through the market
    model on ^GSPC with the design's estimation window, so its band is the portfolio's own
    prediction-error band (cross-correlation included). For Open Source Week the sector-adjusted
    NVDA (market model on ^SOX) is added.
    """
    key = "open_source_week" if event == EVENT_OSW else "deepseek_monday"
    u = data.design[key]["universe"]
    r = data.returns
    groups = {
        "Original six (EW)": u["groups"]["original_six"],
        "Added by rule (EW)": u["groups"]["added_by_rule"],
        "AI large caps (EW)": u["controls"]["ai_large_caps"],
    }
    frame = pd.DataFrame({"NVDA": r["NVDA"]})
    for lab, members in groups.items():
        frame[lab] = r[list(members)].mean(axis=1, skipna=False)
    frame = frame.dropna(how="all")
    est = data.estimation_window(event)

    def bands(returns: pd.DataFrame, market: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        res = EventStudy(
            returns,
            market=market,
            event_date=event,
            estimation_window=est,
            event_window=(-10, 10),
            min_estimation=min(100, est[1] - est[0] + 1),
        ).fit()
        return car_bands(res)

    car, lo, hi = bands(frame, r[MARKET])
    if event == EVENT_OSW:
        c2, l2, h2 = bands(r[["NVDA"]], r[SECTOR])
        order = ["NVDA", SECTOR_LABEL, *groups]
        ren = {"NVDA": SECTOR_LABEL}
        car = pd.concat([car, c2.rename(columns=ren)], axis=1)[order]
        lo = pd.concat([lo, l2.rename(columns=ren)], axis=1)[order]
        hi = pd.concat([hi, h2.rename(columns=ren)], axis=1)[order]
    return car, lo, hi


def _car_figure(car: pd.DataFrame, lo: pd.DataFrame, hi: pd.DataFrame) -> Figure:
    with use_style():
        fig = Figure(figsize=(6.4, 3.6))
        ax = fig.add_subplot()
        ax.axhline(0.0, color="#9a9a9a", linewidth=0.6, zorder=0)
        ax.axvline(0, color="#3d3d3d", linewidth=0.8, linestyle="--", zorder=1)
        x = car.index.to_numpy()
        for col in car.columns:
            st = _SERIES_STYLE[col]
            ax.fill_between(
                x,
                lo[col].to_numpy(float) * 100,
                hi[col].to_numpy(float) * 100,
                color=st["color"],
                alpha=0.08,
                linewidth=0,
            )
            ax.plot(
                x, lo[col].to_numpy(float) * 100, color=st["color"], linestyle=st["linestyle"], linewidth=0.4
            )
            ax.plot(
                x, hi[col].to_numpy(float) * 100, color=st["color"], linestyle=st["linestyle"], linewidth=0.4
            )
            ax.plot(
                x,
                car[col].to_numpy(float) * 100,
                label=col,
                gid=f"car:{col}",
                color=st["color"],
                linestyle=st["linestyle"],
                marker=st["marker"],
                markersize=3.5,
                linewidth=1.2,
            )
        ax.set_xlabel("Event day (NYSE sessions)")
        ax.set_ylabel("CAR (%)")
        ax.legend(loc="lower left", fontsize=7, ncols=2)
        fig.set_layout_engine("constrained")
    return freeze_layout(fig)


def _ar_bar_figure(frame: pd.DataFrame) -> Figure:
    with use_style():
        fig = Figure(figsize=(6.4, 3.3))
        ax = fig.add_subplot()
        x = np.arange(len(frame))
        vals = frame["ar"].to_numpy(float) * 100
        ax.axhline(0.0, color="#9a9a9a", linewidth=0.6, zorder=0)
        for g in dict.fromkeys(frame["group"]):
            m = (frame["group"] == g).to_numpy()
            ax.bar(
                x[m],
                vals[m],
                width=0.7,
                color=_FACE[g],
                edgecolor="#000000",
                linewidth=0.6,
                hatch=_HATCH[g],
                label=g,
                gid=f"ar_bars:{g}",
            )
        ax.errorbar(
            x,
            vals,
            yerr=np.vstack(
                [vals - frame["ci_low"].to_numpy(float) * 100, frame["ci_high"].to_numpy(float) * 100 - vals]
            ),
            fmt="none",
            ecolor="#000000",
            elinewidth=0.7,
            capsize=2.0,
            gid="ci",
        )
        ax.set_xticks(x, list(frame["asset"]), rotation=60, ha="right", fontsize=7)
        ax.set_ylabel("Abnormal return on 2025-01-27 (%)")
        ax.legend(loc="lower right", fontsize=7)
        fig.set_layout_engine("constrained")
    return freeze_layout(fig)


def universe_ar_frame(data: DeepSeekData, level: float = 0.95) -> pd.DataFrame:
    """Day-0 ARs with prediction-error intervals: the treated universe (by group) and the controls."""
    u = data.design["deepseek_monday"]["universe"]
    parts = []
    for assets, grp in ((u["treated"], None), (u["controls"]["ai_large_caps"], "control")):
        rows = _day0_rows(data.monday(assets=tuple(assets)), level)
        rows["group"] = grp or [
            "original six" if a in u["groups"]["original_six"] else "added by rule" for a in rows["asset"]
        ]
        parts.append(rows)
    return pd.concat(parts, ignore_index=True)


def claim_label(row: pd.Series, width: int = 58) -> str:
    """A claim in words for a chart axis (the claim sentence, shortened), never a registry code."""
    import textwrap

    return textwrap.shorten(str(row["claim"]), width=width, placeholder="...")


def _claims_figure(summary: pd.DataFrame) -> Figure:
    claimed = pd.to_numeric(summary["claimed"], errors="coerce")
    observed = pd.to_numeric(summary["observed"], errors="coerce")
    keep = (summary["unit"] == "percent") & np.isfinite(claimed) & np.isfinite(observed)
    df = summary.loc[keep].assign(claimed=claimed[keep], observed=observed[keep]).reset_index(drop=True)
    if df.empty:
        raise DataError("claims figure: no claim in percent has both a claimed and an observed value")
    y = np.arange(len(df))[::-1]
    with use_style():
        fig = Figure(figsize=(6.4, 0.3 * len(df) + 1.3))
        ax = fig.add_subplot()
        ax.axvline(0.0, color="#9a9a9a", linewidth=0.6, zorder=0)
        ax.hlines(y, df["claimed"], df["observed"], color="#9a9a9a", linewidth=1.0, gid="gaps")
        ax.scatter(
            df["claimed"],
            y,
            facecolors="none",
            edgecolors="#000000",
            s=30,
            label="claimed",
            gid="claimed",
            zorder=5,
        )
        for verdict, (marker, color) in _VERDICT_MARKERS.items():
            m = (df["verdict"] == verdict).to_numpy()
            if m.any():
                ax.scatter(
                    df.loc[m, "observed"], y[m], marker=marker, color=color, s=30,
                    label=f"observed: {verdict}", gid=f"observed:{verdict}", zorder=4,
                )  # fmt: skip
        ax.set_yticks(y, [claim_label(r) for _, r in df.iterrows()], fontsize=7)
        ax.set_xlabel("Change (%)")
        fig.legend(loc="outside lower center", fontsize=7, ncols=4)
        fig.set_layout_engine("constrained")
    return freeze_layout(fig)


def _build(data: DeepSeekData, claims: pd.DataFrame, placebo: PlaceboResult) -> dict[str, Figure]:
    figs: dict[str, Figure] = {}
    prices = price_frame(data, EVENT_MONDAY)
    fig = price_paths(prices, EVENT_MONDAY, 10, 10, groups=_groups_for(list(prices.columns)))
    figs["price_paths_jan27"] = _legend_below(_greyscale_paths(fig), ncols=5)
    figs["ar_bars_jan27"] = _ar_bar_figure(universe_ar_frame(data))
    figs["car_paths_jan27"] = _car_figure(*portfolio_cars(data, EVENT_MONDAY))
    figs["car_paths_osw"] = _car_figure(*portfolio_cars(data, EVENT_OSW))
    figs["placebo_jan27"] = placebo_hist(placebo.distribution, placebo.event_value, pvalue=placebo.pvalue)
    figs["claims_chart"] = _claims_figure(claims)
    return figs


def make_figures(
    data: DeepSeekData,
    claims: pd.DataFrame,
    placebo: PlaceboResult,
    out_dir: Path,
    formats: Sequence[str] = ("pdf", "png"),
    readme_png: Path | None = None,
) -> dict[str, list[Path]]:
    """Write the figures of :data:`~eventstudy.report.paper_spec.REQUIRED_FIGURES`.

    Parameters
    ----------
    data : DeepSeekData
        The snapshot.
    claims : pandas.DataFrame
        One row per claim (:func:`eventstudy.deepseek.claims.summarise_claims`: ``claim, claimed,
        observed, unit, verdict``).
    placebo : PlaceboResult
        NVDA's placebo distribution (:meth:`DeepSeekData.nvda_placebo`).
    out_dir : pathlib.Path
        Directory of ``<name>.<fmt>`` (created if missing).
    formats : sequence of str, default ("pdf", "png")
        File formats (see :func:`~eventstudy.report.figures.save_figure`).
    readme_png : pathlib.Path, optional
        Also write the PNG of ``price_paths_jan27`` there (the README figure).

    Returns
    -------
    dict of str to list of pathlib.Path
        Figure name -> written files, in the order of ``REQUIRED_FIGURES``.

    Notes
    -----
    :data:`FIGURE_NOTES` lists what each caption should state. Reruns write byte-identical
    files.
    """
    figs = _build(data, claims, placebo)
    if set(figs) != set(REQUIRED_FIGURES):  # pragma: no cover - guards the spec
        raise RuntimeError(
            f"figures {sorted(set(figs) ^ set(REQUIRED_FIGURES))} out of sync with REQUIRED_FIGURES"
        )
    out = Path(out_dir)
    written = {name: save_figure(figs[name], name, out, formats=formats) for name in REQUIRED_FIGURES}
    if readme_png is not None:
        target = Path(readme_png)
        target.parent.mkdir(parents=True, exist_ok=True)
        png = [p for p in written["price_paths_jan27"] if p.suffix == ".png"]
        if png:
            shutil.copyfile(png[0], target)
        else:
            with use_style():
                figs["price_paths_jan27"].savefig(target, format="png", metadata=save_metadata("png"))
    return written
