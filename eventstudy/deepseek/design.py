"""The DeepSeek application: universes, events, windows and the analyses of the paper.

Everything the reproduction pipeline, the notebooks and the paper report is
computed here from the snapshot through the public API; nothing is typed in.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .. import calendars as cal
from ..data import load_prices, to_returns
from ..errors import GarchFitWarning, SpecificationError
from ..placebo import PlaceboResult, placebo
from ..study import EventStudy, EventStudyResults

__all__ = [
    "EVENT_MONDAY",
    "SEED",
    "EVENT_OSW",
    "OSW_END",
    "CORE10",
    "CHIPS",
    "MEGACAP",
    "INDICES",
    "CRYPTO",
    "MARKET",
    "SECTOR",
    "ESTIMATION_WINDOW",
    "WINDOWS",
    "DeepSeekData",
    "estimation_window_before",
    "SNAPSHOT_CLASSES",
    "SEMICONDUCTORS",
    "NON_EVENT_STOCKS",
    "EVENT_FREE_MARKET",
    "SMALL_CAP",
    "R1_RELEASE",
    "treated_universe",
    "common_estimation_window",
    "event_free_market",
    "study_design",
    "write_design",
]

EVENT_MONDAY = "2025-01-27"
#: Seed of the resampling tests and placebo draws of this application (the library's default is 0).
SEED = 20250127
EVENT_OSW = "2025-02-24"
OSW_END = "2025-02-28"
CHIPS: tuple[str, ...] = ("NVDA", "TSM", "AVGO", "AMD", "MU", "INTC")
MEGACAP: tuple[str, ...] = ("MSFT", "GOOG", "AAPL", "META")
CORE10: tuple[str, ...] = CHIPS + MEGACAP
INDICES: tuple[str, ...] = ("^GSPC", "^IXIC", "^NDX", "^DJI", "^SOX")
CRYPTO: tuple[str, ...] = ("BTC-USD", "ETH-USD")
MARKET = "^GSPC"
SECTOR = "^SOX"
ESTIMATION_WINDOW = (-260, -11)
WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 4))
#: Yahoo's BTC-USD/ETH-USD start on 2024-08-21: about 106 XNYS sessions before 2025-01-27,
#: so the aligned crypto study uses a 100-session window and the 24/7 one 140 UTC days.
CRYPTO_ESTIMATION_ALIGNED = (-105, -6)
CRYPTO_ESTIMATION_OWN = (-150, -11)
#: Donor pool of the synthetic control: large caps outside semiconductors
DONORS: tuple[str, ...] = (
    "KO",
    "PEP",
    "PG",
    "JNJ",
    "WMT",
    "COST",
    "MCD",
    "HD",
    "UNH",
    "LLY",
    "ABBV",
    "BRK.B",
    "AAPL",
    "AMZN",
    "TSLA",
)
#: DeepSeek-R1 was released on 2025-01-20 (Guo et al. 2025), a US market holiday (Martin Luther King Jr. Day):
#: the first session after it is 2025-01-21, event day -4 of DeepSeek Monday.
R1_RELEASE = "2025-01-20"
#: Every stock of the snapshot (not ETFs, indices or crypto), classified before any result was looked at.
#: The treated universe of both events is the class "semiconductor" (see :func:`treated_universe`).
SNAPSHOT_CLASSES: dict[str, str] = {
    **dict.fromkeys(
        (
            "NVDA",
            "TSM",
            "AVGO",
            "AMD",
            "MU",
            "INTC",
            "ADI",
            "AMAT",
            "ARM",
            "ASML",
            "KLAC",
            "LRCX",
            "MCHP",
            "MRVL",
            "NXPI",
            "QCOM",
            "TXN",
        ),
        "semiconductor",
    ),  # fmt: skip
    "SAMSUNG": "semiconductor, Korean listing (KRX closed 2025-01-27..30)",
    "SKHYNIX": "semiconductor, Korean listing (KRX closed 2025-01-27..30)",
    "SNDK": "semiconductor, listed 2025-02-13 (after DeepSeek Monday, too short for Open Source Week)",
    **dict.fromkeys(("AAPL", "AMZN", "GOOG", "GOOGL", "META", "MSFT", "TSLA"), "AI-exposed large cap"),
    **dict.fromkeys(("CEG", "CDNS", "SNPS"), "AI infrastructure (power, chip-design software)"),
    **dict.fromkeys(("COIN", "HOOD", "CRCL"), "crypto-linked"),
    **dict.fromkeys(
        ("ABBV", "AZN", "BRK.B", "COST", "HD", "ISRG", "JNJ", "KO", "LLY", "MCD", "PEP", "PG", "UNH", "WMT"),
        "other (no AI or crypto exposure named by the articles)",
    ),
}
#: The treated universe: every US-listed semiconductor stock of the snapshot (rule in :func:`treated_universe`).
SEMICONDUCTORS: tuple[str, ...] = tuple(k for k, v in SNAPSHOT_CLASSES.items() if v == "semiconductor")
#: Stocks free of the event: neither treated nor AI-, AI-infrastructure- or crypto-exposed.
NON_EVENT_STOCKS: tuple[str, ...] = tuple(k for k, v in SNAPSHOT_CLASSES.items() if v.startswith("other"))
#: Name of the equal-weighted market of :data:`NON_EVENT_STOCKS` (built by :func:`event_free_market`).
EVENT_FREE_MARKET = "EW-ex-event"
#: The Russell 2000: a broad index without the mega-cap event stocks.
SMALL_CAP = "^RUT"
#: Buffer (sessions) between the end of an estimation window and the event's first news (day -10 .. -1 left out).
ESTIMATION_GAP = 10
#: Buffer of the Open Source Week window before the 2025-01-27 shock.
OSW_BUFFER = 5
#: Day-return table of the foundation issue (close-to-close on 2025-01-27).
DAY_RETURN_SYMBOLS: tuple[str, ...] = ("NVDA", "TSM", "AVGO", "^GSPC", "^IXIC", "^DJI", "BTC-USD", "ETH-USD")


def estimation_window_before(
    calendar: str, event: str, clean_before: str, length: int = 250, buffer: int = 5
) -> tuple[int, int]:
    """An estimation window of ``length`` sessions ending ``buffer`` sessions before ``clean_before``.

    Used for the Open Source Week so that its estimation window does not contain
    the 2025-01-27 shock (which would inflate sigma and bias beta).
    """
    sess = cal.sessions(
        calendar,
        pd.Timestamp(clean_before) - pd.Timedelta(days=30),
        pd.Timestamp(event) + pd.Timedelta(days=7),
    )
    day0 = sess.searchsorted(pd.Timestamp(event))
    first_bad = sess.searchsorted(pd.Timestamp(clean_before))
    end = -(day0 - first_bad) - buffer
    return (int(end - length + 1), int(end))


def treated_universe(returns: pd.DataFrame, event: str) -> tuple[str, ...]:
    """The treated universe of ``event`` by the rule, in :data:`SNAPSHOT_CLASSES` order.

    Rule (fixed before any result was computed): every stock the snapshot classifies as a
    US-listed semiconductor stock (:data:`SNAPSHOT_CLASSES`) that has a return on ``event``.
    Non-US listings (Samsung, SK hynix: the Korea Exchange was closed 2025-01-27..30) and
    stocks listed after DeepSeek Monday (SanDisk) are out by the rule, not by their returns.
    Short histories are handled by the estimation window, not by dropping names: the window is
    the longest one every member covers (:func:`common_estimation_window`).
    """
    day = pd.Timestamp(event)
    if day not in returns.index:
        raise SpecificationError(f"event={event!r} is not a date of the returns; pass a session date")
    row = returns.loc[day]
    return tuple(s for s in SEMICONDUCTORS if s in returns.columns and pd.notna(row.get(s)))


def common_estimation_window(
    returns: pd.DataFrame,
    symbols: tuple[str, ...],
    event: str,
    end: int,
    calendar: str = "XNYS",
    max_length: int = 250,
) -> tuple[int, int]:
    """The longest estimation window (at most ``max_length`` sessions) ending on day ``end`` that every symbol covers.

    Day ``k`` is the ``k``-th ``calendar`` session from ``event`` (day 0). The window starts on
    the first session on which every one of ``symbols`` has a return.
    """
    first = max(returns[s].first_valid_index() for s in symbols)
    sess = cal.sessions(calendar, first, pd.Timestamp(event) + pd.Timedelta(days=7))
    day0 = int(sess.searchsorted(pd.Timestamp(event)))
    start = max(-day0, end - max_length + 1)
    if end - start + 1 < 60:
        raise SpecificationError(
            f"the common estimation window of {symbols} before {event} has {end - start + 1} sessions (< 60); "
            "shorten the universe's history requirement or load longer series"
        )
    return (int(start), int(end))


def event_free_market(returns: pd.DataFrame) -> pd.Series:
    """Equal-weighted daily return of :data:`NON_EVENT_STOCKS` (NaN on a day any member lacks a return)."""
    block = returns[list(NON_EVENT_STOCKS)]
    return block.mean(axis=1, skipna=False).dropna().rename(EVENT_FREE_MARKET)


def _window_dates(calendar: str, event: str, window: tuple[int, int]) -> tuple[str, str]:
    sess = cal.sessions(
        calendar, pd.Timestamp(event) - pd.Timedelta(days=800), pd.Timestamp(event) + pd.Timedelta(days=60)
    )
    p0 = int(sess.searchsorted(pd.Timestamp(event)))
    return (f"{sess[p0 + window[0]]:%Y-%m-%d}", f"{sess[p0 + window[1]]:%Y-%m-%d}")


#: The significance level of every decision rule.
LEVEL = 0.05

#: Candidate tests for each kind of hypothesis; the primary one is picked by :data:`SELECTION_RULE`.
SINGLE_FIRM_TESTS: tuple[str, ...] = ("t_prediction_error", "sq")
#: The primary tests, fixed by :data:`SELECTION_RULE` on the size experiment (never on an event's result);
#: ``paper_build`` re-applies the rule to the size table of every build and fails if it picks another test.
PRIMARY_SINGLE = "t_prediction_error"
PRIMARY_PORTFOLIO = "corrado_rank"
#: Placebo period of the size experiment (after both events; see DeepSeekData.size_experiment).
PLACEBO_START = "2025-03-10"
PLACEBO_END = "2026-08-14"
SIZE_DRAWS = 300
#: Abnormal return injected on day 0 of every treated stock for the power column.
POWER_SHIFT = -0.02
#: Windows over which the size distortion is averaged (the design's day-0 and week windows).
SELECTION_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 4))
SELECTION_RULE = (
    "for each kind of hypothesis (one firm; the equal-weighted treated universe), the primary test is the "
    "test of that kind whose rejection rate at the 5% level on real placebo dates, every treated stock "
    "sharing each date and the design's estimation window, is closest to 5% on average over the event "
    "windows (0,0) and (0,4); the size experiment uses no event date, so the choice is made before any result"
)
_SINGLE_REASON = (
    "prediction-error t test (Campbell, Lo & MacKinlay 1997, eq. 4.4.8): chosen by the selection rule over "
    "the SQ test of Gelbach, Helland & Klick (2013), which is reported beside it"
)
_PORTFOLIO_REASON = (
    "Corrado (1989) rank test with the Corrado & Zivney (1992) standardisation: its denominator is the "
    "time-series dispersion of the average rank, so a shared event date is allowed for; chosen by the "
    "selection rule over Brown-Warner, Kolari-Pynnonen, BMP, GRANK and the other portfolio tests, which are "
    "reported beside it"
)
_RULE = (
    "two-sided test at the 5% level; the hypothesis of no abnormal return is rejected if and only if the "
    "primary test's p-value is below 0.05; the other tests are reported beside it and never overturn it; "
    "the power of each test against an abnormal return of -2% on every treated stock (same placebo dates) "
    "is reported, and a test with low power is never used to deny an effect"
)


def _design_key(event: str) -> str:
    """The :func:`study_design` entry of ``event``: ``"open_source_week"`` on its date, else ``"deepseek_monday"``."""
    return "open_source_week" if pd.Timestamp(event) == pd.Timestamp(EVENT_OSW) else "deepseek_monday"


def _primary_test(
    hypothesis: str, asset: str, benchmark: str, test: str, reason: str, day0: bool
) -> dict[str, object]:
    """One primary hypothesis of the design: day 0 (``day0``) or days 0..+4, under the common :data:`_RULE`."""
    return {
        "hypothesis": hypothesis,
        "asset": asset,
        "benchmark": benchmark,
        "test": test,
        "window": [0, 0] if day0 else [0, 4],
        "rule": _RULE,
        "reason": reason,
    }


def _build_design(d: DeepSeekData) -> dict:
    r = d.returns
    out: dict[str, object] = {
        "level": LEVEL,
        "calendar": "XNYS",
        "model": "market model (OLS, residual variance over L - 2), Brown & Warner (1985), MacKinlay (1997)",
        "sector_adjusted": "the market model estimated with ^SOX in place of ^GSPC (one meaning in every table)",
        "snapshot_classes": dict(SNAPSHOT_CLASSES),
        "selection_rule": SELECTION_RULE,
        "primary_single_firm_test": PRIMARY_SINGLE,
        "primary_portfolio_test": PRIMARY_PORTFOLIO,
    }
    specs = {
        "deepseek_monday": {
            "event_date": EVENT_MONDAY,
            "news": "the DeepSeek-R1 model (released 2025-01-20) and its app reach the top of the US App Store; "
            "first session with the news: Monday 2025-01-27",
            "end": -ESTIMATION_GAP - 1,
            "end_reason": f"ends {ESTIMATION_GAP + 1} sessions before day 0, so the ten sessions before the event "
            f"(which include the R1 release of {R1_RELEASE}, day -4) are outside it",
            "event_windows": [list(w) for w in WINDOWS],
            "pre_event": (-4, -1),
        },
        "open_source_week": {
            "event_date": EVENT_OSW,
            "news": "DeepSeek's Open Source Week: one repository released on each of 2025-02-24 .. 2025-02-28",
            "end": None,
            "end_reason": f"ends {OSW_BUFFER} sessions before 2025-01-27, so the DeepSeek Monday shock "
            "(which would inflate sigma and tilt beta) is outside it",
            "event_windows": [[0, 0], [0, 4]],
            "pre_event": None,
        },
    }
    for key, sp in specs.items():
        ev = str(sp["event_date"])
        treated = treated_universe(r, ev)
        end = sp["end"]
        if end is None:
            end = estimation_window_before("XNYS", ev, EVENT_MONDAY, buffer=OSW_BUFFER)[1]
        est = common_estimation_window(
            r, (*treated, MARKET, SECTOR, EVENT_FREE_MARKET, SMALL_CAP), ev, int(end)
        )
        start_date, end_date = _window_dates("XNYS", ev, est)
        short = [s for s in treated if r[s].first_valid_index() > pd.Timestamp(ev) - pd.Timedelta(days=730)]
        first_short = min(r[s].first_valid_index() for s in short) if short else None
        reason = (
            "the longest window (at most 250 sessions) that every treated stock covers: "
            + (
                f"{len(short)} of the {len(treated)} stocks ({', '.join(short)}) have returns in the snapshot "
                f"only from {first_short:%Y-%m-%d} (Yahoo's Nasdaq-100 close-only file), so one common window "
                "keeps every stock on the same dates; "
                if short
                else ""
            )
            + str(sp["end_reason"])
        )
        excluded = {k: v for k, v in SNAPSHOT_CLASSES.items() if v.startswith("semiconductor,")}
        ev_windows = sp["event_windows"]
        day0 = key == "deepseek_monday"
        primary = {
            "nvda_day0" if day0 else "nvda_week": _primary_test(
                "Nvidia's abnormal return on day 0 is zero"
                if day0
                else "Nvidia's cumulative abnormal return over days 0..+4 is zero",
                "NVDA",
                MARKET,
                PRIMARY_SINGLE,
                _SINGLE_REASON,
                day0,
            ),
            "nvda_day0_sector" if day0 else "nvda_week_sector": _primary_test(
                "Nvidia's abnormal return on day 0 relative to the semiconductor sector is zero"
                if day0
                else "Nvidia's cumulative abnormal return over days 0..+4 relative to the semiconductor "
                "sector is zero",
                "NVDA",
                SECTOR,
                PRIMARY_SINGLE,
                _SINGLE_REASON,
                day0,
            ),
            "semis_day0" if day0 else "semis_week": _primary_test(
                "the treated universe's average abnormal return on day 0 is zero"
                if day0
                else "the treated universe's cumulative average abnormal return over days 0..+4 is zero",
                "treated universe (equal weights)",
                MARKET,
                PRIMARY_PORTFOLIO,
                _PORTFOLIO_REASON,
                day0,
            ),
        }
        entry: dict[str, object] = {
            "event_date": ev,
            "news": sp["news"],
            "universe": {
                "rule": "every US-listed semiconductor stock in the snapshot (common stock or ADR; GICS "
                "Semiconductors & Semiconductor Equipment) with a return on the event date, fixed before any "
                "result was computed; non-US listings and stocks listed after 2025-01-27 are out by the rule",
                "treated": list(treated),
                "n_treated": len(treated),
                "groups": {
                    "original_six": [s for s in CHIPS if s in treated],
                    "added_by_rule": [s for s in treated if s not in CHIPS],
                },
                "controls": {"ai_large_caps": list(MEGACAP)},
                "excluded_semiconductors": excluded,
                "survivorship": "the snapshot's semiconductor stocks are those its two source repositories "
                "carried in 2026 (Nasdaq-100 members and an IBKR list): a stock delisted or dropped from the "
                "Nasdaq-100 before 2026 is missing. Over the months studied no US semiconductor stock of this "
                "size was delisted, so the bias is in which mid-caps are present, not in their survival",
            },
            "benchmarks": {
                "market": MARKET,
                "sector": SECTOR,
                "event_free_market": EVENT_FREE_MARKET,
                "event_free_members": list(NON_EVENT_STOCKS),
                "event_free_rule": "equal-weighted daily return of the snapshot's stocks classified 'other' "
                "(no semiconductor, AI, AI-infrastructure or crypto exposure named by the articles)",
                "small_cap": SMALL_CAP,
                "sector_adjusted": out["sector_adjusted"],
            },
            "estimation_window": {
                "days": [int(est[0]), int(est[1])],
                "start": start_date,
                "end": end_date,
                "n": int(est[1] - est[0] + 1),
                "reason": reason,
            },
            "event_windows": ev_windows,
            "primary_tests": primary,
        }
        if sp["pre_event"] is not None:
            pw = tuple(sp["pre_event"])
            a, b = _window_dates("XNYS", ev, pw)
            entry["pre_event_window"] = {
                "days": list(pw),
                "start": a,
                "end": b,
                "reason": f"from the first session after the DeepSeek-R1 release ({R1_RELEASE}, a US market "
                "holiday) to the last session before day 0: a market that priced R1 on release would move here",
            }
        out[key] = entry
    return out


_DESIGN_CACHE: dict[str | None, dict] = {}


def study_design(data_dir: str | None = None) -> dict:
    """The study design of each event (JSON-serialisable; cached per ``data_dir``).

    One entry per event (``"deepseek_monday"``, ``"open_source_week"``) with the keys
    ``event_date``, ``universe`` (rule, treated symbols, controls), ``benchmarks``,
    ``estimation_window`` (event days, dates and the reason), ``event_windows`` and
    ``primary_tests`` (hypothesis -> test, window, decision rule and the reason for the choice).
    The paper, the claims engine and the notebooks read their settings from here.
    """
    if data_dir in _DESIGN_CACHE:
        return _DESIGN_CACHE[data_dir]
    import copy

    d = DeepSeekData(data_dir)
    design = copy.deepcopy(d.design)
    _DESIGN_CACHE[data_dir] = design
    return copy.deepcopy(design)


def write_design(path, data_dir: str | None = None, size: dict | None = None):  # noqa: ANN001, ANN201
    """Write :func:`study_design` to ``path`` (``results/design.json``) as sorted, indented JSON.

    ``size`` (optional): test name -> {"shared_date": rate, "mc_se": se, "n_draws": n} from the size
    experiment on the treated universe; it is added to each primary test's entry.
    """
    import json
    from pathlib import Path

    design = study_design(data_dir)
    if size:
        for ev in design.values():
            if not isinstance(ev, dict) or "primary_tests" not in ev:
                continue
            for spec in ev["primary_tests"].values():
                if spec["test"] in size:
                    spec["size"] = size[spec["test"]]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(design, indent=2, sort_keys=True) + "\n", encoding="utf-8", newline="\n")
    return path


@dataclass(frozen=True)
class DeepSeekData:
    """Prices and returns of the study's universe from one data source."""

    data_dir: str | None = None

    @cached_property
    def prices(self) -> pd.DataFrame:
        """Closing prices of the study's stocks, indices and crypto (wide).

        The treated universe (:data:`SEMICONDUCTORS`), the controls (:data:`MEGACAP`), the
        non-event stocks of the event-free benchmark, the indices and ^RUT, and the crypto pair.
        """
        syms = list(
            dict.fromkeys((*CORE10, *SEMICONDUCTORS, *INDICES, SMALL_CAP, *CRYPTO, *NON_EVENT_STOCKS))
        )
        return load_prices(syms, data_dir=self.data_dir)

    @cached_property
    def returns(self) -> pd.DataFrame:
        """Simple close-to-close returns, each series on its own observations.

        Holds the event-free benchmark :data:`EVENT_FREE_MARKET` as a column too.
        """
        r = to_returns(self.prices)
        ew = event_free_market(r)
        return r.join(ew) if not r.empty else r

    @cached_property
    def design(self) -> dict:
        """The study design of each event (see :func:`study_design`)."""
        return _build_design(self)

    def universe(self, event: str = EVENT_MONDAY) -> tuple[str, ...]:
        """The treated universe of ``event`` (:func:`treated_universe`)."""
        return treated_universe(self.returns, event)

    def estimation_window(self, event: str = EVENT_MONDAY) -> tuple[int, int]:
        """The design's estimation window of ``event`` in event days."""
        return tuple(self.design[_design_key(event)]["estimation_window"]["days"])  # type: ignore[return-value]

    def day_returns(
        self, date: str = EVENT_MONDAY, symbols: tuple[str, ...] = DAY_RETURN_SYMBOLS
    ) -> pd.Series:
        """Close-to-close simple return on ``date`` (previous own close to that date's close)."""
        r = self.returns.loc[pd.Timestamp(date), list(symbols)]
        return r.rename(f"return {date}")

    # ---------------------------------------------------------------- studies
    def _universe_or(self, assets: tuple[str, ...] | None, event: str) -> tuple[str, ...]:
        return self.universe(event) if assets is None else tuple(assets)

    def _study(
        self,
        assets: tuple[str, ...] | None,
        event: str,
        event_window: tuple[int, int],
        model: str = "market",
        market: str | None = MARKET,
        estimation_window: tuple[int, int] | None = None,
        **kw: object,
    ) -> EventStudyResults:
        rets = self.returns
        assets = self._universe_or(assets, event)
        est = self.estimation_window(event) if estimation_window is None else tuple(estimation_window)
        kw.setdefault("min_estimation", min(100, est[1] - est[0] + 1))
        kw.setdefault("seed", SEED)
        return EventStudy(
            rets[list(assets)],
            market=None if market is None else rets[market],
            event_date=event,
            estimation_window=est,
            event_window=event_window,
            model=model,
            **kw,
        ).fit()

    def monday(
        self,
        assets: tuple[str, ...] | None = None,
        model: str = "market",
        market: str = MARKET,
        estimation_window: tuple[int, int] | None = None,
        **kw: object,
    ) -> EventStudyResults:
        """The 2025-01-27 study over event window (-1, +4).

        Defaults from the design: the treated universe and the estimation window of
        ``study_design()["deepseek_monday"]``.
        """
        return self._study(assets, EVENT_MONDAY, (-1, 4), model, market, estimation_window, **kw)

    def monday_wide(self, assets: tuple[str, ...] | None = None, market: str = MARKET) -> EventStudyResults:
        """The 2025-01-27 study over event window (-10, +10) (for CAR paths)."""
        return self._study(assets, EVENT_MONDAY, (-10, 10), market=market)

    def osw_wide(self, assets: tuple[str, ...] | None = None, market: str = MARKET) -> EventStudyResults:
        """The Open Source Week study over event window (-10, +10), estimation window before 2025-01-27."""
        return self._study(assets, EVENT_OSW, (-10, 10), market=market)

    def osw_estimation_window(self, length: int | None = None) -> tuple[int, int]:
        """Open Source Week estimation window that ends before 2025-01-27.

        ``length=None``: the design's window; a length gives the window of that many sessions
        ending :data:`OSW_BUFFER` sessions before 2025-01-27.
        """
        if length is None:
            return self.estimation_window(EVENT_OSW)
        return estimation_window_before("XNYS", EVENT_OSW, EVENT_MONDAY, length=length, buffer=OSW_BUFFER)

    def open_source_week(
        self,
        assets: tuple[str, ...] | None = None,
        model: str = "market",
        market: str = MARKET,
        estimation_window: tuple[int, int] | None = None,
        **kw: object,
    ) -> EventStudyResults:
        """The Open Source Week study: day 0 = 2025-02-24, event window (0, +4) (design defaults)."""
        return self._study(assets, EVENT_OSW, (0, 4), model, market, estimation_window, **kw)

    def benchmarks(
        self, event: str = EVENT_MONDAY, asset: str = "NVDA", window: tuple[int, int] = (0, 0)
    ) -> pd.DataFrame:
        """``asset``'s abnormal return over ``window`` under each benchmark of the design.

        Rows: the market (^GSPC), the event-free equal-weighted market, the Russell 2000
        (market models), the sector (^SOX, market model), each with beta, CAR, the SQ and
        prediction-error t p-values. Same estimation window for all (the design's).
        """
        b = self.design[_design_key(event)]["benchmarks"]
        rows = []
        for role in ("market", "event_free_market", "small_cap", "sector"):
            sym = b[role]
            res = self._study((asset,), event, (min(window[0], 0), max(window[1], 0)), market=sym)
            rows.append(
                {
                    "benchmark": role,
                    "symbol": sym,
                    "beta": float(res.params.loc[asset, "beta"]),
                    "car": float(res.car(window)[asset]),
                    "p_sq": res.test("sq", window, asset=asset).pvalue,
                    "p_t": res.test("t_prediction_error", window, asset=asset).pvalue,
                    "benchmark_return": float(self.returns[sym].dropna().loc[pd.Timestamp(event)])
                    if window == (0, 0)
                    else float("nan"),
                }
            )
        out = pd.DataFrame(rows)
        out["diff_vs_market"] = out["car"] - out.loc[0, "car"]
        return out

    def crypto(self, design: str = "aligned", event: str = EVENT_MONDAY) -> EventStudyResults:
        """BTC-USD and ETH-USD around ``event``.

        ``design="aligned"``: returns compounded onto XNYS sessions (weekend returns roll into
        Monday) and a market model against ^GSPC over :data:`CRYPTO_ESTIMATION_ALIGNED`;
        ``design="own"``: each coin on its 24/7 UTC calendar with a constant-mean model over
        :data:`CRYPTO_ESTIMATION_OWN` (there is no 24/7 market index in the snapshot).
        """
        rets = self.returns
        if design == "aligned":
            return EventStudy(
                rets[list(CRYPTO)],
                market=rets[MARKET],
                event_date=event,
                estimation_window=CRYPTO_ESTIMATION_ALIGNED,
                event_window=(0, 4),
                alignment="market",
            ).fit()
        if design == "own":
            return EventStudy(
                rets[list(CRYPTO)],
                event_date=event,
                estimation_window=CRYPTO_ESTIMATION_OWN,
                event_window=(0, 6),
                model="constant_mean",
            ).fit()
        raise SpecificationError(f"design must be 'aligned' or 'own', not {design!r}")

    # ---------------------------------------------------------------- beyond returns
    def _stock_frame(self, cols: tuple[str, ...]) -> pd.DataFrame:
        """Exchange-session returns of ``cols`` (drops the crypto-only weekend rows)."""
        return self.returns[list(cols)].dropna(how="all")

    def abnormal_volume(self):  # noqa: ANN201
        """NVDA's abnormal log volume around 2025-01-27 (market-volume model on SPY, the design's window)."""
        from ..extensions import abnormal_volume

        vol = load_prices(["NVDA", "SPY"], field="volume", data_dir=self.data_dir)
        return abnormal_volume(
            vol["NVDA"],
            EVENT_MONDAY,
            estimation_window=self.estimation_window(EVENT_MONDAY),
            event_window=(-1, 4),
            model="market",
            market_volume=vol["SPY"],
        )

    def volatility(self, asset: str = "NVDA", post: tuple[int, int] = (1, 20)):  # noqa: ANN201
        """Variance and beta shift of ``asset``, pre (-120,-1) against ``post``, against ^GSPC.

        ``post`` starts on day +1 by default: a window that contains day 0 measures the
        event's own abnormal return, not a change of variance.
        """
        from ..extensions import volatility_shift

        r = self._stock_frame((asset, MARKET))
        return volatility_shift(r[[asset]], r[MARKET], EVENT_MONDAY, post=post)

    def chip_volume(self, event_window: tuple[int, int] = (-10, 10)):  # noqa: ANN201
        """Abnormal log volume of the six chip stocks with volume in the snapshot (market-volume model on SPY).

        The other treated stocks come from a close-only file: they have no volume.
        """
        from ..extensions import abnormal_volume

        vol = load_prices([*CHIPS, "SPY"], field="volume", data_dir=self.data_dir)
        return abnormal_volume(
            vol[list(CHIPS)],
            EVENT_MONDAY,
            estimation_window=self.estimation_window(EVENT_MONDAY),
            event_window=event_window,
            model="market",
            market_volume=vol["SPY"],
        )

    def event_variance(self):  # noqa: ANN201
        """BMP (1991) event-induced variance across the treated universe on day 0."""
        from ..extensions import event_induced_variance

        u = self.universe(EVENT_MONDAY)
        r = self._stock_frame((*u, MARKET))
        return event_induced_variance(
            r[list(u)], r[MARKET], EVENT_MONDAY, estimation_window=self.estimation_window(EVENT_MONDAY)
        )

    def synthetic(self):  # noqa: ANN201
        """Synthetic NVDA from the :data:`DONORS` pool, with donor placebos (design window)."""
        from ..extensions import synthetic_control

        r = to_returns(load_prices(["NVDA", *DONORS], data_dir=self.data_dir))
        return synthetic_control(
            r,
            "NVDA",
            list(DONORS),
            EVENT_MONDAY,
            estimation_window=self.estimation_window(EVENT_MONDAY),
            event_window=(0, 4),
        )

    def calendar_time(self):  # noqa: ANN201
        """Equal-weighted portfolio of the treated universe against ^GSPC (Jaffe 1974; Mandelker 1974)."""
        from ..extensions import calendar_time_portfolio

        u = self.universe(EVENT_MONDAY)
        r = self._stock_frame((*u, MARKET))
        return calendar_time_portfolio(
            r[list(u)],
            r[MARKET],
            EVENT_MONDAY,
            estimation_window=self.estimation_window(EVENT_MONDAY),
            event_window=(0, 4),
        )

    def nvda_placebo(self, window: tuple[int, int] = (0, 0), n: int | None = None) -> PlaceboResult:
        """NVDA's market-model AR on 2025-01-27 against every session of 2017-2024 as a pseudo-event."""
        rets = self.returns
        return placebo(
            rets[["NVDA"]],
            rets[MARKET],
            EVENT_MONDAY,
            asset="NVDA",
            window=window,
            estimation_window=self.estimation_window(EVENT_MONDAY),
            start="2017-01-03",
            end="2024-12-31",
            n=n,
            seed=SEED,
            min_estimation=self.estimation_window(EVENT_MONDAY)[1]
            - self.estimation_window(EVENT_MONDAY)[0]
            + 1,
        )

    def robustness(self) -> pd.DataFrame:
        """Day-0 results across samples, estimation windows, benchmarks and normal-return models.

        Samples: the treated universe with the design's window, and the six long-history stocks
        of the earlier version with a 250-session window (-260, -11). For each: NVDA's day-0 AR
        and prediction-error t, and the portfolio's CAAR(0,0) with the Brown-Warner (primary)
        and Kolari-Pynnonen p-values. Models: market model against ^GSPC, the event-free market and
        ^RUT; market-adjusted; sector-adjusted (the market model on ^SOX); two-factor (^GSPC and
        ^SOX). The GARCH(1,1) market model is left out: its fits sit at a parameter bound for most
        stocks (:meth:`garch_at_bound`), and its estimates then move in the seventh digit with the
        optimiser's path, so they are neither reliable nor reproducible byte for byte.
        """
        rets = self.returns
        rows = []
        specs = [
            ("market model, S&P 500", "market", MARKET, None),
            ("market model, EW ex-event", "market", EVENT_FREE_MARKET, None),
            ("market model, Russell 2000", "market", SMALL_CAP, None),
            ("market-adjusted, S&P 500", "market_adjusted", MARKET, None),
            ("sector-adjusted (market model, SOX)", "market", SECTOR, None),
            ("two-factor (S&P 500, SOX)", "factor", None, (MARKET, SECTOR)),
        ]
        samples = [
            ("all", self.universe(EVENT_MONDAY), self.estimation_window(EVENT_MONDAY)),
            ("original six", CHIPS, ESTIMATION_WINDOW),
        ]
        for sample, assets, est in samples:
            for label, model, mkt, fac in specs:
                res = self._study(
                    tuple(assets),
                    EVENT_MONDAY,
                    (0, 0),
                    model=model,
                    market=mkt,
                    estimation_window=est,
                    factors=None if fac is None else rets[list(fac)],
                )
                t0 = res.test("t_prediction_error", (0, 0), asset="NVDA")
                rows.append(
                    {
                        "sample": sample,
                        "n_assets": len(assets),
                        "model": label,
                        "estimation_length": int(est[1] - est[0] + 1),
                        "nvda_ar0": float(res.abnormal_returns.loc[0, "NVDA"]),
                        "nvda_t0": t0.statistic,
                        "nvda_p0": t0.pvalue,
                        "chips_caar0": res.caar((0, 0)),
                        "chips_p_bw": res.test("brown_warner", (0, 0)).pvalue,
                        "chips_p_kp": res.test("kolari_pynnonen", (0, 0)).pvalue,
                    }
                )
        return pd.DataFrame(rows)

    def garch_at_bound(self) -> tuple[int, int]:
        """How many of the treated universe's GARCH(1,1) market-model fits sit at a parameter bound.

        Returns ``(n_at_bound, n)`` (ARCH term about zero, or persistence about one; see
        :class:`eventstudy.errors.GarchFitWarning`, recorded here instead of warned).
        """
        u = self.universe(EVENT_MONDAY)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GarchFitWarning)
            res = self._study(u, EVENT_MONDAY, (0, 0), model="garch")
        return int((res.params["garch_boundary"] == 1).sum()), len(u)

    def size_experiment(
        self,
        n_draws: int = SIZE_DRAWS,
        shift: float = 0.0,
        windows: tuple[tuple[int, int], ...] = SELECTION_WINDOWS,
        tests: tuple[str, ...] | None = None,
    ) -> pd.DataFrame:
        """Rejection rates at 5% on real placebo dates, the treated universe sharing each date.

        Brown & Warner (1985) on real returns: ``n_draws`` sessions of :data:`PLACEBO_START` ..
        :data:`PLACEBO_END` (after both events; the snapshot's short-history stocks allow no
        earlier period with the design's window) drawn with a fixed seed; market model on ^GSPC with
        the Monday design's estimation window. ``shift`` is added to every stock's day-0 return
        (power; with ``shift`` set to an observed average abnormal return, the power at the observed
        effect). ``tests`` restricts the battery (default: every single-firm and portfolio test; the
        seeded draws are the same whatever the tests). Columns ``test``, ``window``,
        ``rejection_rate``, ``n`` (decisions), ``mc_se`` (``sqrt(p(1-p)/n)``).
        """
        from ..inference import MULTI_ASSET_TESTS
        from ..simulation import size_by_window

        u = self.universe(EVENT_MONDAY)
        est = self.estimation_window(EVENT_MONDAY)
        r = self.returns
        out = size_by_window(
            r[list(u)].dropna(how="all"),
            r[MARKET].dropna(),
            list(tests) if tests is not None else [*SINGLE_FIRM_TESTS, *MULTI_ASSET_TESTS],
            windows=windows,
            designs=("clustered",),
            n_draws=n_draws,
            start=PLACEBO_START,
            end=PLACEBO_END,
            estimation_window=est,
            shift=shift,
            min_estimation=est[1] - est[0] + 1,
        )
        return out.drop(columns=["design"]).reset_index(drop=True)


def select_primary(size: pd.DataFrame) -> dict[str, str]:
    """Apply :data:`SELECTION_RULE` to a size table (``test``, ``window``, ``rejection_rate``).

    Returns ``{"single": test, "portfolio": test}``.
    """
    from ..inference import SINGLE_ASSET_TESTS

    wins = {f"({a},{b})" for a, b in SELECTION_WINDOWS}
    s = size[size["window"].isin(wins)]
    dist = (s["rejection_rate"] - LEVEL).abs().groupby(s["test"]).mean()
    single = dist[[t for t in SINGLE_FIRM_TESTS if t in dist.index]]
    port = dist[[t for t in dist.index if t not in SINGLE_ASSET_TESTS and t != "joint_wald_f"]]
    return {"single": str(single.idxmin()), "portfolio": str(port.idxmin())}
