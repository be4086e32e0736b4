"""Evaluate every registry claim against the snapshot: observed figure, verdict, evidence.

:func:`evaluate_claims` returns one row per registry row, in registry order. Prices come
only through :mod:`eventstudy.data`; a series or field the snapshot lacks turns the row
into ``not_testable`` with a note naming what is missing (nothing is filled or invented).
Beside every price claim the event-study evidence is computed with
:class:`eventstudy.study.EventStudy`: the market model against ^GSPC (chip stocks also
against ^SOX), the day-0 abnormal return, the CAR over the claim's window and the
p-values of ``t_prediction_error`` and ``sq``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import calendars as cal
from ..claims import metrics as m
from ..claims.registry import Claim, Registry, validate_registry
from ..claims.registry import load_registry as _load_registry_file
from ..claims.verdicts import describe_tolerance, verdict
from ..data import data_dir as find_data_dir
from ..data import load_bars, load_long, load_prices, to_returns
from ..errors import EventStudyError, MissingDataError, UnknownSymbolError
from ..study import EventStudy

__all__ = ["CSV_COLUMNS", "EVIDENCE_COLUMNS", "evaluate_claims"]

#: Columns of ``results/claims.csv``, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "source_file",
    "asset",
    "metric",
    "interpretation",
    "window_start",
    "window_end",
    "claimed",
    "observed",
    "unit",
    "verdict",
    "abnormal_return",
    "car",
    "p_value",
)
#: Evidence columns (``*_gspc`` against the market, ``*_sox`` against the semiconductor index).
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "evidence_window",
    "estimation_window",
    "n_est",
    "ar_gspc",
    "car_gspc",
    "t_gspc",
    "p_t_gspc",
    "p_sq_gspc",
    "ar_sox",
    "car_sox",
    "t_sox",
    "p_t_sox",
    "p_sq_sox",
    "evidence_note",
)


def _miss(exc: Exception) -> str:
    return f"missing data: {exc}"


@dataclass
class _Snapshot:
    """Cached access to the snapshot through :mod:`eventstudy.data`."""

    data_dir: str | os.PathLike[str] | None
    _long: pd.DataFrame | None = None
    _series: dict[tuple[str, str], pd.Series] = field(default_factory=dict)
    _bars: dict[str, pd.DataFrame | Exception] = field(default_factory=dict)
    _returns: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def long(self) -> pd.DataFrame:
        if self._long is None:
            self._long = load_long(data_dir=self.data_dir)
        return self._long

    def has(self, symbol: str) -> bool:
        return bool((self.long["symbol"] == symbol).any())

    def series(self, symbol: str, fieldname: str = "close") -> pd.Series:
        """One field of one symbol on its own dates; raises the data layer's errors."""
        key = (symbol, fieldname)
        if key not in self._series:
            if not self.has(symbol):  # let the data layer phrase the error (close matches)
                load_prices([symbol], data_dir=self.data_dir)
            sub = self.long.loc[self.long["symbol"] == symbol, ["date", fieldname]]
            s = pd.Series(
                sub[fieldname].to_numpy(dtype=float), index=pd.DatetimeIndex(sub["date"]), name=symbol
            )
            if s.isna().all():
                raise MissingDataError(
                    f"{symbol} has no {fieldname!r} field in the snapshot (close-only series)"
                )
            self._series[key] = s.dropna().sort_index()
        return self._series[key]

    def bars(self, symbol: str) -> pd.DataFrame:
        """5-minute bars of one symbol (UTC); raises UnknownSymbolError when it has none."""
        if symbol not in self._bars:
            if not (find_data_dir(self.data_dir) / "prices_5m.csv").is_file():
                raise MissingDataError("the snapshot has no 5-minute bar file (prices_5m.csv)")
            try:
                self._bars[symbol] = load_bars([symbol], data_dir=self.data_dir)
            except UnknownSymbolError as exc:
                self._bars[symbol] = exc
        got = self._bars[symbol]
        if isinstance(got, Exception):
            raise got
        return got

    def returns(self, symbol: str) -> pd.Series:
        """Simple daily returns of one symbol's closes on its own dates."""
        if symbol not in self._returns:
            self._returns[symbol] = to_returns(self.series(symbol, "close").to_frame())[symbol].dropna()
        return self._returns[symbol]


def _fmt_price(x: float) -> str:
    return f"{x:,.2f}"


def _observe(c: Claim, snap: _Snapshot, registry: Registry) -> tuple[float | str | None, str]:
    """Observed figure of one testable claim and a note on how it was obtained."""
    assert c.window is not None
    start, end = c.window
    sym = c.asset
    if c.metric in ("close_return", "direction", "index_points", "market_value_change"):
        s = snap.series(sym, "close")
        b0, p0, b1, p1 = m.base_and_end(s, start, end)
        basis = f"{sym} close {b0:%Y-%m-%d} {_fmt_price(p0)} -> {b1:%Y-%m-%d} {_fmt_price(p1)}"
        if c.metric == "index_points":
            return m.index_points(s, start, end), basis
        if c.metric == "market_value_change":
            count = m.shares_in_force(registry.shares[sym], end)
            return m.market_value_change(s, start, end, count.shares_bn), f"{basis}; {count.describe()}"
        return m.close_return(s, start, end), basis
    if c.metric == "market_value":
        s = snap.series(sym, "close")
        count = m.shares_in_force(registry.shares[sym], end)
        return m.market_value(s, end, count.shares_bn), (
            f"{sym} close {end:%Y-%m-%d} {_fmt_price(float(s.loc[end]))}; {count.describe()}"
        )
    if c.metric in ("opening_gap", "intraday_range"):
        closes = snap.series(sym, "close")
        b0, p0, _, _ = m.base_and_end(closes, start, start)
        try:
            session = m.regular_session(snap.bars(sym), start)
            src = f"{sym} 5-minute bars, regular session {start:%Y-%m-%d} ({len(session)} bars)"
        except UnknownSymbolError:
            try:
                day = pd.DataFrame(
                    {f: [float(snap.series(sym, f).get(start, np.nan))] for f in ("open", "high", "low")}
                )
            except MissingDataError:
                raise MissingDataError(
                    f"{sym} is not in the 5-minute bars and has no daily open/high/low (close-only series)"
                ) from None
            if day.isna().to_numpy().any():
                raise MissingDataError(f"{sym} has no daily open/high/low on {start:%Y-%m-%d}") from None
            session = day
            src = f"{sym} is not in the 5-minute file: daily bar open/high/low of {start:%Y-%m-%d} (IBKR)"
        if c.metric == "opening_gap":
            return m.opening_gap(session, p0), (
                f"{src}; open {_fmt_price(float(session['open'].iloc[0]))} vs {b0:%Y-%m-%d} close {_fmt_price(p0)}"
            )
        lo, hi = m.intraday_range(session, p0)
        assert isinstance(c.claimed, int | float)
        return m.nearest_in_range(float(c.claimed), lo, hi), (
            f"{src}; session return range {lo:.2f}% .. {hi:.2f}% against the {b0:%Y-%m-%d} close {_fmt_price(p0)}"
        )
    if c.metric == "window_low":
        fld = c.params["field"]
        s = snap.series(sym, fld)
        val, when = m.window_extreme(s, start, end, "min")
        what = "low" if fld == "low" else "close (close-based reading; no intraday low)"
        return val, f"{sym} lowest {what} {_fmt_price(val)} on {when:%Y-%m-%d}"
    if c.metric == "worst_week_since":
        s = snap.series(sym, "close")
        r, prev, prev_r = m.last_week_at_least_as_bad(s, start)
        first = s.index[0]
        if prev is None:
            return None, f"week return {r:.2f}%; no earlier week since {first:%Y-%m-%d} was as bad"
        return f"{prev:%Y-%m-%d}", (
            f"week return {r:.2f}%; latest earlier week at least as bad ended {prev:%Y-%m-%d} ({prev_r:.2f}%), "
            f"history from {first:%Y-%m-%d}"
        )
    raise MissingDataError(f"metric {c.metric!r} has no observation rule")  # pragma: no cover


@dataclass(frozen=True)
class _Evidence:
    ar: float = np.nan
    car: float = np.nan
    t: float = np.nan
    p_t: float = np.nan
    p_sq: float = np.nan
    window: str = ""
    est: str = ""
    n_est: float = np.nan
    note: str = ""


def _event_study(
    sym: str, bench: str, start: pd.Timestamp, end: pd.Timestamp, snap: _Snapshot, settings: Mapping[str, Any]
) -> _Evidence:
    """Market-model evidence of ``sym`` against ``bench`` over the sessions ``start..end``."""
    horizon = end + pd.Timedelta(days=14)  # returns after the claim window are not used
    r_a, r_b = snap.returns(sym).loc[:horizon], snap.returns(bench).loc[:horizon]
    calendar = cal.calendar_for(sym)
    crypto = calendar == "24/7"
    if crypto:
        calendar = "XNYS"
    first = max(r_a.index[0], r_b.index[0])
    sess = cal.sessions(calendar, first, max(r_a.index[-1], end))
    pos0 = int(sess.searchsorted(start))
    pos1 = int(sess.searchsorted(end, side="right")) - 1
    if pos0 >= len(sess) or pos1 < pos0:
        return _Evidence(note=f"no {calendar} session of {sym} in {start:%Y-%m-%d}..{end:%Y-%m-%d}")
    anchor = min(start, pd.Timestamp(settings["anchor"]))
    est_end = int(sess.searchsorted(anchor)) - pos0 + int(settings["estimation_end"])
    first_rel = (1 if crypto else 0) - pos0  # crypto: the first NYSE session compounds a partial span
    est_start = max(est_end - int(settings["estimation_length"]) + 1, first_rel)
    n_est = est_end - est_start + 1
    evt = (0, pos1 - pos0)
    span = f"({est_start}, {est_end})"
    if n_est < int(settings["min_estimation"]):
        return _Evidence(
            window=str(evt),
            est=span,
            n_est=n_est,
            note=f"{sym}: only {n_est} estimation returns before day 0, fewer than "
            f"{settings['min_estimation']}; no evidence",
        )
    study = EventStudy(
        r_a.to_frame(sym),
        market=r_b,
        event_date=start,
        estimation_window=(est_start, est_end),
        event_window=evt,
        model=str(settings.get("model", "market")),
        ddof=int(settings["ddof"]),
        min_estimation=int(settings["min_estimation"]),
        alignment="market" if crypto else "own",
    )
    res = study.fit()
    t = res.test("t_prediction_error", window=evt, asset=sym)
    sq = res.test("sq", window=evt, asset=sym)
    ar0 = float(res.abnormal_returns.loc[0, sym])
    car = float(res.car(evt)[sym])
    dates = res.panel.dates_est[:, 0]
    est_txt = f"{span} = {pd.Timestamp(dates[0]):%Y-%m-%d}..{pd.Timestamp(dates[-1]):%Y-%m-%d}"
    note = "crypto returns compounded onto NYSE sessions" if crypto else ""
    if n_est < int(settings["estimation_length"]):
        note = "; ".join(x for x in (note, f"short history: {n_est} estimation returns") if x)
    return _Evidence(
        ar=100.0 * ar0,
        car=100.0 * car,
        t=float(t.statistic),
        p_t=float(t.pvalue),
        p_sq=float(sq.pvalue),
        window=str(evt),
        est=est_txt,
        n_est=n_est,
        note=note,
    )


def _evidence_for(
    c: Claim,
    snap: _Snapshot,
    settings: Mapping[str, Any],
    cache: dict[tuple[str, str, pd.Timestamp, pd.Timestamp], _Evidence | str],
) -> dict[str, Any]:
    out: dict[str, Any] = {k: np.nan for k in EVIDENCE_COLUMNS}
    out.update(evidence_window="", estimation_window="", evidence_note="")
    if c.window is None or c.metric == "market_value":
        return out
    if not c.testable and not (c.unit == "percent" and isinstance(c.claimed, int | float)):
        return out  # evidence only beside price-move claims
    sym = c.asset
    market, sector = str(settings["market"]), str(settings["sector"])
    if not snap.has(sym):
        out["evidence_note"] = f"{sym} is not in the snapshot"
        return out
    if sym == market:
        out["evidence_note"] = f"{sym} is the market benchmark itself: no market-model evidence"
        return out
    notes = []
    benches = [(market, "gspc")]
    if sym in settings["sector_assets"]:
        benches.append((sector, "sox"))
    for bench, tag in benches:
        key = (sym, bench, c.window[0], c.window[1])
        if key not in cache:
            try:
                cache[key] = _event_study(sym, bench, c.window[0], c.window[1], snap, settings)
            except EventStudyError as exc:
                cache[key] = f"{bench}: {exc}"
        ev = cache[key]
        if isinstance(ev, str):
            notes.append(ev)
            continue
        out.update(
            {
                f"ar_{tag}": ev.ar,
                f"car_{tag}": ev.car,
                f"t_{tag}": ev.t,
                f"p_t_{tag}": ev.p_t,
                f"p_sq_{tag}": ev.p_sq,
            }
        )
        if tag == "gspc":
            out.update(evidence_window=ev.window, estimation_window=ev.est, n_est=ev.n_est)
        if ev.note:
            notes.append(ev.note if tag == "gspc" else f"{bench}: {ev.note}")
    out["evidence_note"] = "; ".join(dict.fromkeys(notes))
    return out


def _interpretation(c: Claim, v: str, note: str) -> str:
    """Interpretation text of the CSV; a not_testable row also states its reason."""
    if c.interpretation == "not testable":
        return f"not testable: {note}"
    text = (
        c.interpretation
        if c.interpretation_text == c.reason
        else f"{c.interpretation}: {c.interpretation_text}"
    )
    if v == "not_testable" and note:
        text = f"{text} [not testable: {note}]"
    return text


def registry_path() -> Path:
    """Path of the DeepSeek registry (``eventstudy/deepseek/registry.json``)."""
    return Path(str(resources.files("eventstudy.deepseek").joinpath("registry.json")))


def load_registry(path: str | os.PathLike[str] | None = None) -> Registry:
    """Load the DeepSeek claims registry (default) or another registry file."""
    return _load_registry_file(registry_path() if path is None else path)


def _as_registry(registry: Registry | Mapping[str, Any] | str | os.PathLike[str] | None) -> Registry:
    if registry is None:
        return load_registry()
    if isinstance(registry, Registry):
        return registry
    if isinstance(registry, Mapping):
        return validate_registry(registry)
    return load_registry(registry)


def evaluate_claims(
    data_dir: str | os.PathLike[str] | None = None,
    registry: Registry | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    with_evidence: bool = True,
) -> pd.DataFrame:
    """Evaluate every claim of the registry against the snapshot.

    Parameters
    ----------
    data_dir : str or Path, optional
        Snapshot directory (see :func:`eventstudy.data.data_dir`).
    registry : Registry, mapping, path or None
        The registry (default: the bundled one).
    with_evidence : bool, default True
        Also run the event studies (abnormal return, CAR, p-values); ``False`` leaves
        those columns NaN and is much faster.

    Returns
    -------
    DataFrame
        One row per registry row, in registry order, with the :data:`CSV_COLUMNS`
        (``claimed``/``observed`` are numbers, or text for direction, interval and date
        claims; returns in percent, money in USD bn, prices in USD, index moves in
        points; ``abnormal_return``/``car`` in percent against ^GSPC, ``p_value`` of
        ``t_prediction_error``), then ``id``, ``claim``, ``interpretation_label``,
        ``tolerance``, ``note`` and the :data:`EVIDENCE_COLUMNS`.
    """
    reg = _as_registry(registry)
    snap = _Snapshot(data_dir)
    cache: dict[tuple[str, str, pd.Timestamp, pd.Timestamp], _Evidence | str] = {}
    rows = []
    for c in reg:
        observed: float | str | None = None
        pvalue = None
        if not c.testable:
            note = str(c.reason)
        else:
            try:
                if c.metric == "abnormal_car":
                    assert c.window is not None
                    bench = str(c.params["benchmark"])
                    ev = _event_study(c.asset, bench, c.window[0], c.window[1], snap, reg.evidence)
                    observed, pvalue = ev.car, ev.p_t
                    note = (
                        f"CAR of {c.asset} against {bench} over event days {ev.window}, estimation {ev.est}: "
                        f"t = {ev.t:.3f}, p = {ev.p_t:.4g} (SQ p = {ev.p_sq:.4g})"
                    )
                else:
                    observed, note = _observe(c, snap, reg)
            except UnknownSymbolError:
                observed, note = None, f"missing data: {c.asset} is not in the snapshot"
            except MissingDataError as exc:
                observed, note = None, _miss(exc)
            if c.params.get("note"):
                note = f"{note}; {c.params['note']}"
        v = verdict(c.tolerance, c.claimed, observed, pvalue) if c.testable else "not_testable"
        if isinstance(observed, float) and not np.isfinite(observed):
            observed = None
        row: dict[str, Any] = {
            "claim_id": c.claim_id,
            "source_file": c.source_file,
            "asset": c.asset,
            "metric": c.metric,
            "interpretation": _interpretation(c, v, note),
            "window_start": f"{c.window[0]:%Y-%m-%d}" if c.window else "",
            "window_end": f"{c.window[1]:%Y-%m-%d}" if c.window else "",
            "claimed": c.claimed,
            "observed": observed,
            "unit": c.unit,
            "verdict": v,
        }
        ev_cols = (
            _evidence_for(c, snap, reg.evidence, cache)
            if with_evidence
            else {
                **{k: np.nan for k in EVIDENCE_COLUMNS},
                "evidence_window": "",
                "estimation_window": "",
                "evidence_note": "",
            }
        )
        row.update(abnormal_return=ev_cols["ar_gspc"], car=ev_cols["car_gspc"], p_value=ev_cols["p_t_gspc"])
        row.update(
            id=c.id,
            claim=c.claim,
            interpretation_label=c.interpretation,
            tolerance=describe_tolerance(c.tolerance, c.unit),
            note=note,
        )
        row.update(ev_cols)
        rows.append(row)
    df = pd.DataFrame(rows)
    for col in (
        "abnormal_return",
        "car",
        "p_value",
        *[k for k in EVIDENCE_COLUMNS if k.startswith(("ar_", "car_", "t_", "p_"))],
        "n_est",
    ):
        df[col] = df[col].astype("float64")
    df["claimed"] = df["claimed"].astype(object)
    df["observed"] = df["observed"].astype(object)
    return df
