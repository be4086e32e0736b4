"""Evaluate every registry claim against the snapshot: one verdict per claim, every reading shown.

:func:`evaluate_claims` returns one row per registry row (a *reading*), in registry order:
the observed figure, the verdict of the reading under its rule, the reason code and
sentence, and the event-study evidence. :func:`summarise_claims` reduces it to one row per
claim, whose verdict is the verdict of the claim's primary reading (fixed in the registry
by the text, before any number is computed); sensitivity readings never decide it and
context rows get no verdict.

Prices come only through :mod:`eventstudy.data`; a series or field the snapshot lacks
turns the reading into ``not_testable`` (``not_in_data``) with a note naming what is
missing (nothing is filled or invented).

Evidence uses the paper's design (:func:`eventstudy.deepseek.design.study_design`): one
market-model study per asset, benchmark and event, with that event's estimation window
(truncated to the asset's history where it is shorter, with a note); the abnormal return
is reported with its date, the CAR with its window, and the p-value of the design's
single-firm primary test (Nvidia against the market; currently the SQ test of Gelbach,
Helland & Klick 2013): two-sided beside a price move, one-sided in the claimed direction
for an attribution claim. Evidence sits only
beside readings about a price move or an attribution; a not-testable reading and a context
row carry none.
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
from ..claims.verdicts import REASONS, describe_tolerance, judge
from ..data import data_dir as find_data_dir
from ..data import load_bars, load_long, load_prices, to_returns
from ..errors import ClaimsError, EventStudyError, MissingDataError, UnknownSymbolError
from ..study import EventStudy

__all__ = [
    "CSV_COLUMNS",
    "EVIDENCE_COLUMNS",
    "SUMMARY_COLUMNS",
    "EVENT_LABELS",
    "evaluate_claims",
    "summarise_claims",
    "describe_events",
    "load_registry",
    "registry_path",
]

#: The observed-result columns shared by :data:`CSV_COLUMNS` and :data:`SUMMARY_COLUMNS`, in order.
_RESULT_COLUMNS: tuple[str, ...] = (
    "benchmark",
    "ar_date",
    "abnormal_return",
    "car_window",
    "car",
    "p_value",
    "p_test",
)
#: Columns of ``results/claims.csv`` (every reading), in order.
CSV_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "summary_id",
    "role",
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
    "reason",
    *_RESULT_COLUMNS,
)
#: Columns of ``results/claims_summary.csv`` (one row per claim), in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "verdict",
    "reason",
    "reading",
    "claimed",
    "observed",
    "unit",
    "source_file",
    "event",
    "asset",
    "window",
    "reason_text",
    "rationale",
    *_RESULT_COLUMNS,
    "estimation_window",
    "context",
    "sensitivity",
    "basis",
    "claim",
)
#: Detailed evidence columns (``*_gspc`` against the market, ``*_sox`` against the semiconductor index).
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
#: Event key (the design's and the registry's) -> label used in the outputs.
EVENT_LABELS: dict[str, str] = {
    "deepseek_monday": "DeepSeek Monday",
    "open_source_week": "Open Source Week",
}
#: Short names of the single-firm tests in the outputs.
_TEST_NAMES: dict[str, str] = {"sq": "SQ", "t_prediction_error": "t", "dummy_regression": "dummy t"}
#: Metrics whose readings are about a price move (evidence is shown beside them).
PRICE_MOVE_METRICS: frozenset[str] = frozenset(
    {
        "close_return",
        "direction",
        "market_value_change",
        "index_points",
        "opening_gap",
        "intraday_range",
        "window_low",
    }
)


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


@dataclass(frozen=True)
class _Observation:
    value: float | str | None
    note: str
    bound: str | None = None  # "upper": the value only bounds the claimed low from above


def _shares(c: Claim, registry: Registry, day: pd.Timestamp) -> m.SharesCount:
    counts = registry.shares[c.asset]
    as_of = c.params.get("shares_as_of")
    if as_of is None:
        return m.shares_in_force(counts, day)
    for cnt in counts:
        if cnt.as_of == pd.Timestamp(as_of):
            return cnt
    raise ClaimsError(f"claim {c.claim_id!r}: no {c.asset} shares count as of {as_of}")


def _observe(c: Claim, snap: _Snapshot, registry: Registry) -> _Observation:
    """Observed figure of one reading and a note on how it was obtained."""
    assert c.window is not None
    start, end = c.window
    sym = c.asset
    if c.metric in ("close_return", "direction", "index_points", "market_value_change"):
        s = snap.series(sym, "close")
        b0, p0, b1, p1 = m.base_and_end(s, start, end)
        basis = f"{sym} close {b0:%Y-%m-%d} {_fmt_price(p0)} -> {b1:%Y-%m-%d} {_fmt_price(p1)}"
        if c.metric == "index_points":
            return _Observation(m.index_points(s, start, end), basis)
        if c.metric == "market_value_change":
            count = _shares(c, registry, end)
            return _Observation(
                m.market_value_change(s, start, end, count.shares_bn), f"{basis}; {count.describe()}"
            )
        return _Observation(m.close_return(s, start, end), basis)
    if c.metric == "market_value":
        s = snap.series(sym, "close")
        count = _shares(c, registry, end)
        return _Observation(
            m.market_value(s, end, count.shares_bn),
            f"{sym} close {end:%Y-%m-%d} {_fmt_price(float(s.loc[end]))}; {count.describe()}",
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
            return _Observation(
                m.opening_gap(session, p0),
                f"{src}; open {_fmt_price(float(session['open'].iloc[0]))} vs {b0:%Y-%m-%d} close "
                f"{_fmt_price(p0)}",
            )
        lo, hi = m.intraday_range(session, p0)
        if not isinstance(c.claimed, int | float):
            raise ClaimsError(f"claim {c.claim_id!r}: intraday_range needs a numeric claimed figure")
        near = m.nearest_in_range(float(c.claimed), lo, hi)
        where = (
            "inside the session's range"
            if near == float(c.claimed)
            else f"never traded in the regular session; its nearest point was {near:+.2f}%"
        )
        return _Observation(
            near,
            f"{src}; session return range {lo:+.2f}% .. {hi:+.2f}% against the {b0:%Y-%m-%d} close "
            f"{_fmt_price(p0)}: the claimed {float(c.claimed):+.2f}% is {where}",
        )
    if c.metric == "window_low":
        fld = str(c.params["field"])
        bound = "upper" if fld == "close" else None
        try:
            s = snap.series(sym, fld)
        except MissingDataError:
            if c.params.get("fallback") != "close":
                raise
            s, fld, bound = snap.series(sym, "close"), "close", "upper"
        val, when = m.window_extreme(s, start, end, "min")
        what = "low" if fld == "low" else "close (close-only series: an upper bound of the intraday low)"
        return _Observation(val, f"{sym} lowest {what} {_fmt_price(val)} on {when:%Y-%m-%d}", bound)
    if c.metric == "worst_week_since":
        s = snap.series(sym, "close")
        r, prev, prev_r = m.last_week_at_least_as_bad(s, start)
        first = s.index[0]
        if prev is None:
            return _Observation(
                None, f"week return {r:.2f}%; no earlier week since {first:%Y-%m-%d} was as bad"
            )
        return _Observation(
            f"{prev:%Y-%m-%d}",
            f"week return {r:.2f}%; latest earlier week at least as bad ended {prev:%Y-%m-%d} "
            f"({prev_r:.2f}%), history from {first:%Y-%m-%d}",
        )
    raise MissingDataError(f"metric {c.metric!r} has no observation rule")  # pragma: no cover


# --------------------------------------------------------------------------- design and evidence


def _design(data_dir: str | os.PathLike[str] | None) -> dict[str, dict[str, Any]]:
    """Day 0, estimation window (event days) and benchmarks of each event, from the paper's design."""
    from .design import study_design

    d = study_design(None if data_dir is None else str(data_dir))
    out = {}
    for key in EVENT_LABELS:
        ev = d[key]
        out[key] = {
            "day0": pd.Timestamp(ev["event_date"]),
            "estimation": tuple(int(x) for x in ev["estimation_window"]["days"]),
            "market": ev["benchmarks"]["market"],
            "sector": ev["benchmarks"]["sector"],
            "windows": [tuple(int(x) for x in w) for w in ev["event_windows"]],
            "level": float(d.get("level", 0.05)),
            "test": _single_firm_test(ev),
        }
    return out


def _single_firm_test(ev: Mapping[str, Any]) -> str:
    """The design's primary test of Nvidia against the market (a single-firm test), default SQ."""
    from ..inference import SINGLE_ASSET_TESTS

    for spec in ev.get("primary_tests", {}).values():
        if spec.get("asset") == "NVDA" and spec.get("benchmark") == ev["benchmarks"]["market"]:
            if spec["test"] in SINGLE_ASSET_TESTS:
                return str(spec["test"])
    return "sq"


@dataclass(frozen=True)
class _Study:
    """One fitted market-model study (asset, benchmark, event) and its date -> event-day map."""

    res: Any
    days: pd.Series  # date -> event day (the asset's event-time sessions)
    est_end: int
    est_text: str
    n_est: int
    note: str


def _fit_study(
    sym: str, bench: str, event: str, snap: _Snapshot, design: Mapping[str, Any], settings: Mapping[str, Any]
) -> _Study:
    """The market model of ``sym`` against ``bench`` with the design's estimation window of ``event``."""
    ev = design[event]
    day0 = ev["day0"]
    a, b = ev["estimation"]
    evt = tuple(int(x) for x in settings.get("event_window", (-10, 10)))
    horizon = day0 + pd.Timedelta(days=30)  # returns after the event window are not used
    r_a, r_b = snap.returns(sym).loc[:horizon], snap.returns(bench).loc[:horizon]
    calendar = cal.calendar_for(sym)
    crypto = calendar == "24/7"
    if crypto:
        calendar = "XNYS"
    first = max(r_a.index[0], r_b.index[0])
    sess = cal.sessions(calendar, first, max(r_a.index[-1], day0))
    pos0 = int(sess.searchsorted(day0))
    first_rel = (1 if crypto else 0) - pos0  # crypto: the first NYSE session compounds a partial span
    start = max(a, first_rel)
    n_est = b - start + 1
    note = "crypto returns compounded onto NYSE sessions" if crypto else ""
    if start > a:
        note = "; ".join(
            x for x in (note, f"short history: estimation window ({start}, {b}), {n_est} returns") if x
        )
    if n_est < int(settings["min_estimation"]):
        raise MissingDataError(
            f"{sym}: only {n_est} estimation returns before {day0:%Y-%m-%d}, fewer than "
            f"{settings['min_estimation']}; no evidence"
        )
    study = EventStudy(
        r_a.to_frame(sym),
        market=r_b,
        event_date=day0,
        estimation_window=(start, b),
        event_window=evt,
        model=str(settings.get("model", "market")),
        ddof=int(settings["ddof"]),
        min_estimation=int(settings["min_estimation"]),
        alignment="market" if crypto else "own",
    )
    res = study.fit()
    dates_est = res.panel.dates_est[:, 0]
    days = pd.Series(
        np.asarray(res.panel.evt_days, dtype=int), index=pd.DatetimeIndex(res.panel.dates_evt[:, 0])
    )
    est_text = (
        f"({start}, {b}) = {pd.Timestamp(dates_est[0]):%Y-%m-%d}..{pd.Timestamp(dates_est[-1]):%Y-%m-%d}"
    )
    return _Study(res=res, days=days, est_end=b, est_text=est_text, n_est=n_est, note=note)


@dataclass(frozen=True)
class _Evidence:
    ar: float = np.nan
    ar_date: str = ""
    car: float = np.nan
    window: tuple[int, int] | None = None
    window_text: str = ""
    t: float = np.nan
    p_t: float = np.nan
    p_sq: float = np.nan
    p_main: float = np.nan
    p_main_one: float = np.nan
    test: str = ""
    est: str = ""
    n_est: float = np.nan
    note: str = ""


class _EvidenceCache:
    def __init__(self, snap: _Snapshot, design: Mapping[str, Any], settings: Mapping[str, Any]) -> None:
        self.snap, self.design, self.settings = snap, design, settings
        self.studies: dict[tuple[str, str, str], _Study | str] = {}

    def study(self, sym: str, bench: str, event: str) -> _Study | str:
        key = (sym, bench, event)
        if key not in self.studies:
            try:
                self.studies[key] = _fit_study(sym, bench, event, self.snap, self.design, self.settings)
            except (EventStudyError, KeyError) as exc:
                self.studies[key] = f"{sym} vs {bench}: {exc}"
        return self.studies[key]

    def evidence(
        self,
        sym: str,
        bench: str,
        event: str,
        start: pd.Timestamp,
        end: pd.Timestamp,
        direction: str = "down",
    ) -> _Evidence:
        """AR on the window's first session, CAR over the window and its p-values."""
        st = self.study(sym, bench, event)
        if isinstance(st, str):
            return _Evidence(note=st)
        inside = st.days.loc[start:end]
        if start < st.days.index[0] or end > st.days.index[-1]:
            return _Evidence(
                note=f"the window {start:%Y-%m-%d}..{end:%Y-%m-%d} reaches outside the study's event window "
                f"{st.days.index[0]:%Y-%m-%d}..{st.days.index[-1]:%Y-%m-%d}: no evidence"
            )
        if inside.empty:
            return _Evidence(
                note=f"no {sym} session in {start:%Y-%m-%d}..{end:%Y-%m-%d} within the event window"
            )
        w = (int(inside.iloc[0]), int(inside.iloc[-1]))
        if w[0] <= st.est_end:
            return _Evidence(
                note=f"the window starts on event day {w[0]}, inside the estimation window ending on day "
                f"{st.est_end}: no evidence"
            )
        res = st.res
        t = res.test("t_prediction_error", window=w, asset=sym)
        sq = res.test("sq", window=w, asset=sym)
        alt = "less" if direction == "down" else "greater"
        name = str(self.design[event]["test"])
        main = {"sq": sq, "t_prediction_error": t}.get(name) or res.test(name, window=w, asset=sym)
        main1 = res.test(name, window=w, asset=sym, alternative=alt)
        d0, d1 = inside.index[0], inside.index[-1]
        wtext = f"{d0:%Y-%m-%d}" if d0 == d1 else f"{d0:%Y-%m-%d}..{d1:%Y-%m-%d}"
        return _Evidence(
            ar=100.0 * float(res.abnormal_returns.loc[w[0], sym]),
            ar_date=f"{d0:%Y-%m-%d}",
            car=100.0 * float(res.car(w)[sym]),
            window=w,
            window_text=f"{wtext} (days {w[0]}..{w[1]})",
            t=float(t.statistic),
            p_t=float(t.pvalue),
            p_sq=float(sq.pvalue),
            p_main=float(main.pvalue),
            p_main_one=float(main1.pvalue),
            test=name,
            est=st.est_text,
            n_est=st.n_est,
            note=st.note,
        )


# --------------------------------------------------------------------------- registry


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


# --------------------------------------------------------------------------- evaluation


def _empty_evidence() -> dict[str, Any]:
    out: dict[str, Any] = {k: np.nan for k in EVIDENCE_COLUMNS}
    out.update(evidence_window="", estimation_window="", evidence_note="")
    out.update(
        benchmark="", ar_date="", abnormal_return=np.nan, car_window="", car=np.nan, p_value=np.nan, p_test=""
    )
    return out


def _evidence_for(
    c: Claim, verdict: str, cache: _EvidenceCache | None, settings: Mapping[str, Any]
) -> dict[str, Any]:
    """Evidence columns of one reading: only beside a tested price move or an attribution."""
    out = _empty_evidence()
    if (
        cache is None
        or c.role == "context"
        or verdict == "not_testable"
        or c.window is None
        or c.event is None
    ):
        return out
    attribution = c.metric == "abnormal_car"
    if not attribution and c.metric not in PRICE_MOVE_METRICS:
        return out
    sym = c.asset
    market, sector = str(settings["market"]), str(settings["sector"])
    if sym == market:
        out["evidence_note"] = f"{sym} is the market benchmark itself: no market-model evidence"
        return out
    direction = str(c.tolerance.get("direction", "down"))
    benches = [(market, "gspc")]
    if sym in settings["sector_assets"] or (attribution and c.params.get("benchmark") == sector):
        benches.append((sector, "sox"))
    primary_bench = str(c.params["benchmark"]) if attribution else market
    notes = []
    for bench, tag in benches:
        ev = cache.evidence(sym, bench, c.event, c.window[0], c.window[1], direction)
        if ev.note:
            notes.append(ev.note if tag == "gspc" else f"vs {bench}: {ev.note}")
        out.update(
            {
                f"ar_{tag}": ev.ar,
                f"car_{tag}": ev.car,
                f"t_{tag}": ev.t,
                f"p_t_{tag}": ev.p_t,
                f"p_sq_{tag}": ev.p_sq,
            }
        )
        if bench == primary_bench and ev.window is not None:
            out.update(
                benchmark=bench,
                ar_date=ev.ar_date,
                abnormal_return=ev.ar,
                car_window=ev.window_text,
                car=ev.car,
                p_value=ev.p_main_one if attribution else ev.p_main,
                p_test=f"{_TEST_NAMES.get(ev.test, ev.test)} one-sided ({direction})"
                if attribution
                else f"{_TEST_NAMES.get(ev.test, ev.test)} two-sided",
                evidence_window=str(ev.window),
                estimation_window=ev.est,
                n_est=ev.n_est,
            )
    out["evidence_note"] = "; ".join(dict.fromkeys(notes))
    return out


def _interpretation(c: Claim) -> str:
    if not c.testable:
        label = "not testable" if c.interpretation == "not testable" else f"{c.interpretation} (not testable)"
        return f"{label}: {c.reason}"
    if c.interpretation_text in (c.reason, c.interpretation):
        return c.interpretation
    return f"{c.interpretation}: {c.interpretation_text}"


def evaluate_claims(
    data_dir: str | os.PathLike[str] | None = None,
    registry: Registry | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    with_evidence: bool = True,
) -> pd.DataFrame:
    """Evaluate every reading of every claim of the registry against the snapshot.

    Parameters
    ----------
    data_dir : str or Path, optional
        Snapshot directory (see :func:`eventstudy.data.data_dir`).
    registry : Registry, mapping, path or None
        The registry (default: the bundled one).
    with_evidence : bool, default True
        Also run the event studies (AR, CAR, p-values) of the paper's design; ``False`` leaves
        those columns empty and is faster. Attribution readings (rule ``significant``) need
        the evidence for their verdict and are ``not_testable`` without it.

    Returns
    -------
    DataFrame
        One row per registry row, in registry order: the :data:`CSV_COLUMNS` (``claimed`` and
        ``observed`` are numbers, or text for direction, interval and date claims; returns in
        percent, money in USD bn, prices in USD, index moves in points; ``verdict`` is empty on
        context rows; ``abnormal_return`` is the AR on ``ar_date`` and ``car`` the CAR over
        ``car_window`` against ``benchmark``, in percent; ``p_value`` that of ``p_test``), then
        ``id``, ``event``, ``claim``, ``interpretation_label``, ``rationale``, ``reason_text``,
        ``tolerance``, ``note`` and the :data:`EVIDENCE_COLUMNS`. ``df.attrs["events"]`` holds
        the event findings of :func:`describe_events`.
    """
    reg = _as_registry(registry)
    snap = _Snapshot(data_dir)
    cache = None
    design: dict[str, Any] = {}
    settings = dict(reg.evidence)
    if with_evidence:
        design = _design(data_dir)
        for key, day0 in settings["events"].items():
            if key in design and design[key]["day0"] != pd.Timestamp(day0):
                raise ClaimsError(
                    f"the registry's event {key!r} starts {day0}, the study design's on "
                    f"{design[key]['day0']:%Y-%m-%d}; bring them in line"
                )
        cache = _EvidenceCache(snap, design, settings)
    rows = []
    for c in reg:
        obs = _Observation(None, "")
        note = ""
        verdict, reason, reason_text = "", "", ""
        if not c.testable:
            note = str(c.reason)
            if c.role != "context":
                verdict, reason, reason_text = "not_testable", str(c.reason_code), str(c.reason)
        else:
            missing = ""
            try:
                if c.metric == "abnormal_car":
                    obs = _Observation(None, "attribution: judged on the abnormal return (evidence columns)")
                else:
                    obs = _observe(c, snap, reg)
            except UnknownSymbolError:
                missing = f"{c.asset} is not in the snapshot"
            except MissingDataError as exc:
                missing = f"missing data: {exc}"
            note = obs.note or missing
            if c.params.get("note"):
                note = f"{note}; {c.params['note']}"
        ev_cols = _evidence_for(c, "", cache, settings) if c.testable else _empty_evidence()
        observed = obs.value
        pvalue = None
        if c.testable and c.metric == "abnormal_car":
            observed = ev_cols["car"] if np.isfinite(ev_cols["car"]) else None
            pvalue = ev_cols["p_value"] if np.isfinite(ev_cols["p_value"]) else None
            if observed is None:
                missing = ev_cols["evidence_note"] or "no evidence computed (with_evidence=False)"
                note = missing
            else:
                note = (
                    f"CAR of {c.asset} against {ev_cols['benchmark']} over {ev_cols['car_window']}, estimation "
                    f"{ev_cols['estimation_window']}: {ev_cols['p_test']} p = {pvalue:.4g}"
                )
        if c.testable and c.role != "context":
            j = judge(
                c.tolerance,
                c.claimed,
                observed,
                pvalue=pvalue,
                unit=c.unit,
                bound=obs.bound,
                confounders=c.confounders,
                missing=missing or note,
            )
            verdict, reason, reason_text = j.verdict, j.reason, j.text
            if c.reason_code and reason in ("", c.reason_code):
                reason, reason_text = c.reason_code, str(c.reason or REASONS[c.reason_code])
            elif c.reason_code:
                reason_text = f"{reason_text}; {c.reason}"
        if verdict == "not_testable" or c.role == "context":
            ev_cols = _empty_evidence()
        elif c.testable and c.metric != "abnormal_car":
            ev_cols = _evidence_for(c, verdict, cache, settings)
        if isinstance(observed, float) and not np.isfinite(observed):
            observed = None
        row: dict[str, Any] = {
            "claim_id": c.claim_id,
            "summary_id": c.summary_id,
            "role": c.role,
            "source_file": c.source_file,
            "asset": c.asset,
            "metric": c.metric,
            "interpretation": _interpretation(c),
            "window_start": f"{c.window[0]:%Y-%m-%d}" if c.window else "",
            "window_end": f"{c.window[1]:%Y-%m-%d}" if c.window else "",
            "claimed": c.claimed,
            "observed": observed,
            "unit": c.unit,
            "verdict": verdict,
            "reason": reason,
        }
        row.update({k: ev_cols[k] for k in CSV_COLUMNS if k in ev_cols and k not in row})
        row.update(
            id=c.id,
            event=c.event or "",
            claim=c.claim,
            interpretation_label=c.interpretation,
            rationale=c.rationale,
            reason_text=reason_text,
            tolerance=describe_tolerance(c.tolerance, c.unit) if c.tolerance["rule"] != "none" else "",
            note=note,
        )
        row.update({k: ev_cols[k] for k in EVIDENCE_COLUMNS})
        rows.append(row)
    df = pd.DataFrame(rows)
    num = ["abnormal_return", "car", "p_value", "n_est"]
    num += [k for k in EVIDENCE_COLUMNS if k.startswith(("ar_", "car_", "t_", "p_"))]
    for col in num:
        df[col] = df[col].astype("float64")
    df["claimed"] = df["claimed"].astype(object)
    df["observed"] = df["observed"].astype(object)
    df.attrs["events"] = _event_findings(cache, design) if cache is not None else []
    return df


# --------------------------------------------------------------------------- per-claim summary


def _fmt_value(x: Any, unit: str) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "n/a"
    if isinstance(x, int | float) and not isinstance(x, bool):
        v = float(x)
        return {
            "percent": f"{v:+.2f}%",
            "USD bn": f"{v:,.1f} bn USD",
            "USD": f"{v:,.2f} USD",
            "points": f"{v:+,.2f} points",
        }.get(unit, f"{v:,.4g}")
    return str(x)


def _window_text(row: pd.Series) -> str:
    a, b = row["window_start"], row["window_end"]
    if not a:
        return ""
    return a if a == b else f"{a}..{b}"


def summarise_claims(df: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: the verdict of its primary reading, with context and sensitivity in words.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`evaluate_claims` (every reading).

    Returns
    -------
    DataFrame
        The :data:`SUMMARY_COLUMNS`, one row per claim (``summary_id`` of the registry,
        reported as ``claim_id``), registry order. ``reading`` is the primary reading's label;
        ``reason``/``reason_text`` the code and sentence (empty when confirmed without a note);
        the evidence columns are those of the primary reading (empty unless it is a tested
        price move or an attribution); ``context`` and ``sensitivity`` summarise the other rows;
        ``basis`` says how the observed figure was obtained (prices, dates, shares count).
    """
    need = ("summary_id", "role", "verdict", "reason", "claimed", "observed", "unit")
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ClaimsError(f"the claims frame lacks columns {missing}; pass the output of evaluate_claims()")
    out = []
    for sid, grp in df.groupby("summary_id", sort=False):
        prim = grp[grp["role"] == "primary"]
        if len(prim) != 1:
            raise ClaimsError(
                f"claim {sid!r} has {len(prim)} primary readings; the registry needs exactly one"
            )
        p = prim.iloc[0]
        ctx = [
            f"{r['interpretation_label']}: {_fmt_value(r['observed'], r['unit'])}"
            + (f" ({r['note']})" if r["note"] else "")
            for _, r in grp[grp["role"] == "context"].iterrows()
        ]
        sens = [
            f"{r['interpretation_label']} ({_window_text(r)}): {_fmt_value(r['observed'], r['unit'])}, "
            f"{r['verdict'].replace('_', ' ')}"
            for _, r in grp[grp["role"] == "sensitivity"].iterrows()
        ]
        out.append(
            {
                "claim_id": sid,
                "verdict": p["verdict"],
                "reason": p["reason"],
                "reading": p["interpretation_label"],
                "claimed": p["claimed"],
                "observed": p["observed"],
                "unit": p["unit"],
                "source_file": p["source_file"],
                "event": p["event"],
                "asset": p["asset"],
                "window": _window_text(p),
                "reason_text": p["reason_text"],
                "rationale": p["rationale"],
                "benchmark": p["benchmark"],
                "ar_date": p["ar_date"],
                "abnormal_return": p["abnormal_return"],
                "car_window": p["car_window"],
                "car": p["car"],
                "p_value": p["p_value"],
                "p_test": p["p_test"],
                "estimation_window": p["estimation_window"],
                "context": "; ".join(ctx),
                "sensitivity": "; ".join(sens),
                "basis": p["note"] if p["metric"] != "not_testable" else "",
                "claim": p["claim"],
            }
        )
    res = pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))
    res.attrs = dict(df.attrs)
    return res


# --------------------------------------------------------------------------- what the abnormal returns show


def _event_findings(cache: _EvidenceCache, design: Mapping[str, Any]) -> list[dict[str, Any]]:
    """NVDA against the market and the sector, and the sector against the market, per event."""
    out = []
    for key, ev in design.items():
        w = (
            (0, 0)
            if (0, 0) in ev["windows"] and key == "deepseek_monday"
            else max(ev["windows"], key=lambda x: x[1])
        )
        sess = cal.sessions("XNYS", ev["day0"], ev["day0"] + pd.Timedelta(days=14))
        start, end = sess[w[0]], sess[w[1]]
        for sym, bench in (("NVDA", ev["market"]), ("NVDA", ev["sector"]), (ev["sector"], ev["market"])):
            e = cache.evidence(sym, bench, key, start, end)
            out.append(
                {
                    "event": key,
                    "asset": sym,
                    "benchmark": bench,
                    "window": list(w),
                    "dates": e.window_text,
                    "car": e.car,
                    "p_sq": e.p_main,
                    "test": _TEST_NAMES.get(e.test, e.test),
                    "p_t": e.p_t,
                    "estimation_window": e.est,
                    "level": ev["level"],
                    "note": e.note,
                }
            )
    return out


def _p(p: float) -> str:
    return f"p = {p:.2g}" if p >= 0.001 else "p < 0.001"


def describe_events(findings: list[dict[str, Any]]) -> dict[str, str]:
    """One generated sentence per event saying what the abnormal returns show.

    The wording follows the numbers: an Nvidia-specific shock when Nvidia's abnormal return
    is significant against the semiconductor index as well as the market ("large" when that
    sector-adjusted move exceeds the sector's own abnormal move against the market); Nvidia
    moving with its sector when it is not significant against the sector (the design's level
    and single-firm test).

    Parameters
    ----------
    findings : list of dict
        ``df.attrs["events"]`` of :func:`evaluate_claims`.

    Returns
    -------
    dict
        Event key -> sentence.
    """
    out: dict[str, str] = {}
    by_event: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for f in findings:
        by_event.setdefault(f["event"], {})[(f["asset"], f["benchmark"])] = f
    for key, fs in by_event.items():
        (mk, sk, xk) = list(fs)
        fm, fsec, fx = fs[mk], fs[sk], fs[xk]
        if not all(np.isfinite(f["car"]) for f in (fm, fsec, fx)):
            out[key] = (
                f"{EVENT_LABELS.get(key, key)}: no evidence ({fm['note'] or fsec['note'] or fx['note']})."
            )
            continue
        lvl = fm["level"]
        one_day = fm["window"][0] == fm["window"][1]
        what = f"abnormal return on {fm['dates'].split(' ')[0]}" if one_day else f"CAR over {fm['dates']}"
        sig_m, sig_s, sig_x = fm["p_sq"] < lvl, fsec["p_sq"] < lvl, fx["p_sq"] < lvl
        if sig_s and np.sign(fsec["car"]) == np.sign(fm["car"]):
            # "large": Nvidia's own (sector-adjusted) move exceeds the sector's abnormal move
            size = "a large " if abs(fsec["car"]) > abs(fx["car"]) else "an "
            verdict = f"{size}Nvidia-specific shock, beyond its sector's move"
        elif sig_m:
            verdict = (
                "Nvidia moving with its sector: abnormal against the market, not against the semiconductors"
            )
        else:
            verdict = (
                "no abnormal move the tests can tell from noise; Nvidia moving with its sector"
                if abs(fsec["car"]) < abs(fm["car"])
                else "no abnormal move the tests can tell from noise"
            )
        sector = (
            f"the semiconductor index's own is {fx['car']:+.2f}% against the market ({_p(fx['p_sq'])}, "
            + ("significant" if sig_x else "not significant")
            + ")"
        )
        out[key] = (
            f"{EVENT_LABELS.get(key, key)}: Nvidia's {what} is {fm['car']:+.2f}% against {fm['benchmark']} "
            f"({_p(fm['p_sq'])}) and {fsec['car']:+.2f}% against {fsec['benchmark']} ({_p(fsec['p_sq'])}); "
            f"{sector}: {verdict} ({fm['test']} test, {lvl:g} level, estimation {fm['estimation_window']})."
        )
    return out
