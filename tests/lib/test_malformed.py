"""Malformed input -> a typed error naming the problem (never a bare pandas/numpy error, never numbers).

Complements ``tests/test_data_loaders.py`` (which already covers: a last line cut mid-row,
``Date,Ticker,Price`` headers, an empty file, ``10.8x`` in ``close``, mixed zones in a bars
file, an unparseable date, duplicated/unsorted rows in a file, 0 / -3.5 / inf prices through
``load_prices``, an unknown symbol, a checksum mismatch). All data below are synthetic
(random returns on real XNYS sessions, or a few hand-written CSV lines).

=====================================================  ===========================  ==============================================
malformed input                                        error class                  message (excerpt)
=====================================================  ===========================  ==============================================
file cut inside the header                             DataError                    missing required column(s) ['close']
file ending in NUL bytes (cut mid-write)               DataError                    the last line has 1 of 8 fields; ... truncated
a row with an extra field                              DataError                    cannot parse as CSV (...); the file may be truncated
header only, no rows                                   DataError                    no data rows (header only)
file does not exist                                    DataError                    price file '...' does not exist
``sym`` instead of ``symbol``                          DataError                    missing required column(s) ['symbol']
``day`` instead of ``date``                            DataError                    missing required column(s) ['date']
``adj close`` instead of ``close``                     DataError                    missing required column(s) ['close']
``lots`` in ``volume``                                 DataError                    column 'volume' must be numeric but line 2 holds 'lots'
``$10.5`` in ``close``                                 DataError                    column 'close' must be numeric but line 3 holds '$10.5'
``"1,234"`` in ``open``                                DataError                    column 'open' must be numeric ... '1,234'
mixed zones in a daily ``date`` column                 DataError                    mixed time zones in column 'date'
same date twice (``2025-01-24`` / ``...T00:00:00``)    DuplicateDateError           AAA has date 2025-01-24 ... more than once
empty close inside the requested range                 InvalidPriceError            invalid close for AAA on 2025-01-27
no close at all for a symbol                           MissingDataError             has no 'close' for ['AAA']
unknown symbol in a user file                          UnknownSymbolError           unknown symbol 'ZZZ' ... close matches
0 / -1 / inf price (``to_returns``)                    InvalidPriceError            invalid price for AAA on 2024-05-24
NaN price of a single series (``to_returns``)          InvalidPriceError            ... a missing day must be a missing row, not a NaN
text in a price frame (``to_returns``)                 DataError                    prices must be numeric
a single row of prices (``to_returns``)                DataError                    need at least two rows of prices
unadjusted 2:1 split in the estimation window          SuspectedSplitError          suspected unadjusted split in AAA on 2024-06-10
duplicated date in the returns                         DuplicateDateError           returns has the date 2024-05-24 more than once
unsorted returns                                       UnsortedDataError            returns dates are not sorted
tz-aware returns index                                 DataError                    time-zone-aware index
text column in the returns                             DataError                    non-numeric column(s) ['BBB']
inf in the returns                                     DataError                    returns contains inf
all-NaN asset                                          MissingDataError             BBB has no returns at all (an all-NaN column)
NaN inside the estimation window                       CalendarGapError             BBB has no valid return on 2024-07-01 ... estimation window
NaN inside the event window                            CalendarGapError             BBB has no valid return on 2024-10-01 ... event window
NaN in the market inside the estimation window         CalendarGapError             market ^GSPC has no value on 2024-07-01
24/7 asset next to an XNYS market (own calendars)     CalendarGapError             market ^GSPC has no value on 2024-05-04, a 24/7 session ... use alignment='market'
event before the first date                            EventOutOfRangeError         estimation window starts before the data
event after the last date                              EventOutOfRangeError         event date 2025-03-03 ... after the last XNYS session
event window past the last date                        EventOutOfRangeError         event window ends after the data
asset listed after the estimation window starts        EventOutOfRangeError         before its first return on ... shorten estimation_window
event names an unknown asset                           UnknownSymbolError           events name assets not in the returns frame: ['CCC']
estimation window shorter than min_estimation          EstimationWindowTooShortError  has 40 days, fewer than min_estimation=100
reversed / overlapping windows                         WindowError                  is reversed / overlaps event_window
no event date                                          WindowError                  an event date is required
unknown model                                          SpecificationError           model='capm' is not one of
event on a Saturday / Thanksgiving                     (no error: rolls)            ``rolled`` True, ``day0`` next session, summary "Day 0 rolled"
=====================================================  ===========================  ==============================================

Issue 13 (``BOUNDARY_CASES`` and the tests after it) adds one row per class of input that
used to crash untyped or give a silently wrong number: degenerate residual variance (the
market among the assets, a leveraged copy, a stale price, ``ddof >= L``), types at the
boundary (float / bare / 3-value / ``None`` windows, array or frame markets and factors,
``ddof``, ``seed``, unknown test options, ``res.car((1,))``), empty and NaT-holding dates,
duplicated columns, loader arguments, ``placebo`` arguments, the strict-mode unit errors;
then the warnings (prices, percent, a 24/7 market, a partial ``event_date`` mapping,
overlapping events) with the correct result, and the holiday-row message with its
``calendars={asset: 'data'}`` fix.

Also pinned: ``to_returns`` rejects unsorted and duplicated dates (UnsortedDataError,
DuplicateDateError); the inf-in-returns message names the asset and the date; an
unparseable event date is a WindowError without a pandas warning.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.calendars import sessions
from eventstudy.data import load_prices, read_price_file, to_returns
from eventstudy.errors import (
    CalendarGapError,
    DataError,
    DuplicateDateError,
    EstimationWindowTooShortError,
    EventOutOfRangeError,
    EventStudyError,
    InvalidPriceError,
    MissingDataError,
    SpecificationError,
    SuspectedSplitError,
    UnknownSymbolError,
    UnsortedDataError,
    WindowError,
)

HEADER = "date,symbol,open,high,low,close,volume,source\n"
OK1 = "2025-01-24,AAA,1,1,1,10,100,t\n"
OK2 = "2025-01-27,AAA,1,1,1,11,100,t\n"

IDX = sessions("XNYS", "2024-01-02", "2024-12-31")
_RNG = np.random.default_rng(20250127)
#: Synthetic returns (seeded normal draws) of two assets and a market on real XNYS sessions.
MARKET = pd.Series(_RNG.normal(0.0005, 0.01, len(IDX)), index=IDX, name="^GSPC")
RETURNS = pd.DataFrame(
    0.8 * MARKET.to_numpy()[:, None] + _RNG.normal(0.0, 0.02, (len(IDX), 2)),
    index=IDX,
    columns=["AAA", "BBB"],
)
PRICES = 100.0 * np.exp(RETURNS.cumsum())
SPEC = {"event_date": "2024-10-01", "estimation_window": (-150, -11), "event_window": (-1, 1)}


def _raises(exc: type[EventStudyError], match: str):
    """``pytest.raises`` that also insists on a package error (never a bare pandas one)."""
    assert issubclass(exc, EventStudyError)
    return pytest.raises(exc, match=match)


# ----------------------------------------------------------------- price files

FILE_CASES = [
    ("cut-in-header", HEADER[:20], DataError, r"missing required column\(s\) \['close'\]"),
    ("nul-tail", HEADER + OK1 + "\x00\x00\x00", DataError, r"last line has 1 of 8 fields.*truncated"),
    ("extra-field", HEADER + OK1 + OK2.strip() + ",extra\n", DataError, r"(?s)cannot parse as CSV.*may be truncated"),
    ("header-only", HEADER, DataError, r"no data rows \(header only\)"),
    ("sym-column", "date,sym,close\n2025-01-24,AAA,1\n", DataError, r"missing required column\(s\) \['symbol'\]"),
    ("day-column", "day,symbol,close\n2025-01-24,AAA,1\n", DataError, r"missing required column\(s\) \['date'\]"),
    ("adj-close", "date,symbol,adj close\n2025-01-24,AAA,1\n", DataError, r"missing required column\(s\) \['close'\]"),
    ("text-volume", HEADER + OK1.replace(",100,", ",lots,") + OK2, DataError, r"'volume' must be numeric but line 2 holds 'lots'"),
    ("dollar-close", HEADER + OK1 + OK2.replace(",11,", ",$10.5,"), DataError, r"'close' must be numeric but line 3 holds '\$10\.5'"),
    ("thousands-sep", HEADER + OK1.replace("AAA,1,", 'AAA,"1,234",') + OK2, DataError, r"'open' must be numeric.*'1,234'"),
    (
        "mixed-tz-daily",
        HEADER + "2025-01-24T00:00:00Z,AAA,1,1,1,1,1,t\n2025-01-27T00:00:00+05:00,AAA,1,1,1,1,1,t\n",
        DataError,
        r"mixed time zones in column 'date'",
    ),
    (
        "duplicate-spelled-differently",
        HEADER + OK1 + OK1.replace("2025-01-24", "2025-01-24T00:00:00"),
        DuplicateDateError,
        r"AAA has date 2025-01-24.*more than once",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "exc", "match"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_bad_price_file(write_csv, text, exc, match):
    path = write_csv(text, manifest=False)
    with _raises(exc, match):
        read_price_file(path)


def test_missing_file(tmp_path):
    with _raises(DataError, "does not exist"):
        read_price_file(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("text", "symbol", "exc", "match"),
    [
        (
            HEADER + OK1 + OK2.replace(",11,", ",,"),
            "AAA",
            InvalidPriceError,
            r"invalid close for AAA on 2025-01-27",
        ),
        (
            HEADER + OK1.replace(",10,", ",,") + OK2.replace(",11,", ",,"),
            "AAA",
            MissingDataError,
            r"no 'close' for \['AAA'\]",
        ),
        (HEADER + OK1 + OK2, "ZZZ", UnknownSymbolError, r"unknown symbol 'ZZZ'"),
    ],
    ids=["empty-close", "no-close-at-all", "unknown-symbol"],
)
def test_bad_values_through_load_prices(write_csv, tmp_path, text, symbol, exc, match):
    write_csv(text)
    with _raises(exc, match):
        load_prices(symbol, data_dir=tmp_path)


def test_split_inside_estimation_window_from_a_file(write_csv, tmp_path):
    """An unadjusted 2:1 split on 2024-06-10, inside the estimation window of a 2024-10-01 event."""
    close = PRICES["AAA"].copy()
    close.loc["2024-06-10":] /= 2.0 * close.loc["2024-06-10"] / close.loc["2024-06-07"] / (1 + 0.001)
    rows = "".join(f"{d:%Y-%m-%d},AAA,,,,{c:.4f},,t\n" for d, c in close.items())
    write_csv(HEADER + rows)
    prices = load_prices("AAA", data_dir=tmp_path)
    with _raises(SuspectedSplitError, r"suspected unadjusted split in AAA on 2024-06-10.*allow_jumps"):
        to_returns(prices)
    # the documented override lets a genuine jump through
    assert to_returns(prices, allow_jumps=[("AAA", "2024-06-10")]).shape == (len(prices) - 1, 1)


# ----------------------------------------------------------------- to_returns


def _price_case(kind: str) -> pd.DataFrame:
    p = PRICES.copy()
    if kind == "zero":
        p.iloc[100, 0] = 0.0
    elif kind == "negative":
        p.iloc[100, 0] = -1.0
    elif kind == "inf":
        p.iloc[100, 0] = np.inf
    elif kind == "nan-single-series":
        p = p[["AAA"]].copy()
        p.iloc[100, 0] = np.nan
    elif kind == "text":
        p = p.astype(object)
        p.iloc[100, 0] = "abc"
    elif kind == "one-row":
        p = p.iloc[:1]
    return p


@pytest.mark.parametrize(
    ("kind", "exc", "match"),
    [
        ("zero", InvalidPriceError, r"invalid price for AAA on 2024-05-24.*finite and positive"),
        ("negative", InvalidPriceError, r"invalid price for AAA on 2024-05-24"),
        ("inf", InvalidPriceError, r"invalid price for AAA on 2024-05-24"),
        ("nan-single-series", InvalidPriceError, r"AAA on 2024-05-24.*missing day must be a missing row"),
        ("text", DataError, r"prices must be numeric"),
        ("one-row", DataError, r"need at least two rows"),
    ],
)
def test_bad_prices_to_returns(kind, exc, match):
    assert f"{IDX[100]:%Y-%m-%d}" == "2024-05-24"
    with _raises(exc, match):
        to_returns(_price_case(kind))


def test_to_returns_rejects_unsorted_prices():
    with pytest.raises(UnsortedDataError, match="not sorted|not increasing"):
        to_returns(PRICES.iloc[::-1])


def test_to_returns_rejects_duplicated_dates():
    with pytest.raises(DuplicateDateError, match="2024-01-09"):
        to_returns(pd.concat([PRICES, PRICES.iloc[[5]]]).sort_index())


# ----------------------------------------------------------------- EventStudy


def _study_case(kind: str) -> tuple[pd.DataFrame, pd.Series, dict]:
    r, m, spec = RETURNS.copy(), MARKET.copy(), dict(SPEC)
    if kind == "duplicated-date":
        r = pd.concat([r, r.iloc[[100]]]).sort_index()
    elif kind == "unsorted":
        r = r.iloc[::-1]
    elif kind == "tz-aware":
        r = r.tz_localize("UTC")
    elif kind == "text-column":
        r["BBB"] = r["BBB"].astype(str)
    elif kind == "inf":
        r.loc["2024-07-01", "BBB"] = np.inf
    elif kind == "all-nan-asset":
        r["BBB"] = np.nan
    elif kind == "nan-estimation":
        r.loc["2024-07-01", "BBB"] = np.nan
    elif kind == "nan-event":
        r.loc["2024-10-01", "BBB"] = np.nan
    elif kind == "nan-market":
        m.loc["2024-07-01"] = np.nan
    elif kind == "crypto-weekend":
        r = r.reindex(pd.date_range(IDX[0], IDX[-1], freq="D"))
        r["BTC-USD"] = 0.01
    elif kind == "before-first":
        spec["event_date"] = "2023-06-01"
    elif kind == "after-last":
        spec["event_date"] = "2025-03-03"
    elif kind == "event-window-past-end":
        spec["event_date"] = "2024-12-31"
    elif kind == "late-listing":
        r.loc[:"2024-06-28", "BBB"] = np.nan
    elif kind == "unknown-asset":
        spec["event_date"] = {"CCC": "2024-10-01"}
    elif kind == "too-short":
        spec["estimation_window"] = (-50, -11)
    elif kind == "reversed":
        spec["estimation_window"] = (-11, -150)
    elif kind == "overlap":
        spec["estimation_window"] = (-150, 0)
    elif kind == "no-event":
        spec["event_date"] = None
    elif kind == "unknown-model":
        spec["model"] = "capm"
    return r, m, spec


STUDY_CASES = [
    ("duplicated-date", DuplicateDateError, r"returns has the date 2024-05-24 more than once"),
    ("unsorted", UnsortedDataError, r"returns dates are not sorted.*sort_index"),
    ("tz-aware", DataError, r"time-zone-aware index \(UTC\)"),
    ("text-column", DataError, r"non-numeric column\(s\) \['BBB'\]"),
    ("inf", DataError, r"returns contains inf"),
    ("all-nan-asset", MissingDataError, r"BBB has no returns at all \(an all-NaN column\)"),
    ("nan-estimation", CalendarGapError, r"BBB has no valid return on 2024-07-01.*estimation window"),
    ("nan-event", CalendarGapError, r"BBB has no valid return on 2024-10-01.*event window"),
    ("nan-market", CalendarGapError, r"market \^GSPC has no value on 2024-07-01.*estimation window"),
    (
        "crypto-weekend",
        CalendarGapError,
        r"market \^GSPC has no value on 2024-05-04, a 24/7 session inside BTC-USD's.*alignment='market'",
    ),
    ("before-first", EventOutOfRangeError, r"event 2023-06-01, the estimation window starts before the data"),
    (
        "after-last",
        EventOutOfRangeError,
        r"event date 2025-03-03 for AAA is after the last XNYS session.*2024-12-31",
    ),
    (
        "event-window-past-end",
        EventOutOfRangeError,
        r"event 2024-12-31, the event window ends after the data",
    ),
    (
        "late-listing",
        EventOutOfRangeError,
        r"BBB's estimation window.*before its first return on 2024-07-01.*shorten",
    ),
    ("unknown-asset", UnknownSymbolError, r"events name assets not in the returns frame: \['CCC'\]"),
    ("too-short", EstimationWindowTooShortError, r"\(-50, -11\) has 40 days, fewer than min_estimation=100"),
    ("reversed", WindowError, r"estimation_window \(-11, -150\) is reversed"),
    ("overlap", WindowError, r"overlaps event_window \(-1, 1\)"),
    ("no-event", WindowError, r"an event date is required"),
    ("unknown-model", SpecificationError, r"model='capm' is not one of"),
]


@pytest.mark.parametrize(("kind", "exc", "match"), STUDY_CASES, ids=[c[0] for c in STUDY_CASES])
def test_bad_event_study_input(kind, exc, match):
    r, m, spec = _study_case(kind)
    with _raises(exc, match):
        es.EventStudy(r, market=m, **spec).fit()


def test_inf_message_names_asset_and_date():
    r, m, spec = _study_case("inf")
    with pytest.raises(DataError, match=r"BBB.*2024-07-01"):
        es.EventStudy(r, market=m, **spec).fit()


def test_unparseable_event_date_is_a_window_error_without_pandas_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(WindowError, match="could not be parsed"):
            es.EventStudy(RETURNS, market=MARKET, **{**SPEC, "event_date": "2024-13-45"}).fit()


@pytest.mark.parametrize(
    ("event_date", "day0"),
    [("2024-10-05", "2024-10-07"), ("2024-11-28", "2024-11-29"), ("2024-10-01", None)],
    ids=["saturday", "thanksgiving", "session"],
)
def test_event_on_non_trading_day_rolls_and_says_so(event_date, day0):
    rolled = day0 is not None
    if rolled:
        with pytest.warns(es.EventRolledWarning, match=f"{event_date} -> {day0}"):
            res = es.EventStudy(RETURNS, market=MARKET, **{**SPEC, "event_date": event_date}).fit()
    else:
        res = es.EventStudy(RETURNS, market=MARKET, **{**SPEC, "event_date": event_date}).fit()
    expected = pd.Timestamp(day0 or event_date)
    assert res.rolled.tolist() == [rolled, rolled]
    assert (res.params["day0"] == expected).all() and (res.params["rolled"] == rolled).all()
    assert (res.dates.loc[0] == expected).all()
    spec = res.summary().spec
    if rolled:
        assert spec["Day 0 rolled"] == f"AAA->{day0}, BBB->{day0}"
    else:
        assert "Day 0 rolled" not in spec


# ================================================================= issue 13: every class of bad input
#
# Each row is one class of input found to crash untyped or to give a silently wrong number;
# the row pins the typed error (or the warning and the correct result) it now produces.

from eventstudy.errors import (  # noqa: E402
    CalendarMismatchWarning,
    OverlappingEventsWarning,
    PartialEventMappingWarning,
    UnitsWarning,
)
from eventstudy.placebo import placebo  # noqa: E402


def _fit(**kw):
    return es.EventStudy(**{"returns": RETURNS, "market": MARKET, **SPEC, **kw}).fit()


def _with(**cols) -> pd.DataFrame:
    return RETURNS.assign(**cols)


_NAT_INDEX = RETURNS.set_axis(RETURNS.index.where(np.arange(len(RETURNS)) != 5, pd.NaT))
_PL = {"estimation_window": (-110, -11)}

BOUNDARY_CASES = [
    # --- degenerate variance: never a NaN statistic or a p-value of rounding noise
    ("market-among-assets", lambda: _fit(returns=_with(**{"^GSPC": MARKET})), SpecificationError,
     r"\^GSPC has zero residual variance against the market.*is the market among the assets\?"),
    ("asset-equals-market-adjusted", lambda: _fit(returns=_with(X=MARKET), model="market_adjusted"),
     SpecificationError, r"X has zero residual variance.*equal \^GSPC.*is the market among the assets\?"),
    ("leveraged-copy-of-market", lambda: _fit(returns=_with(X=2.0 * MARKET)), SpecificationError,
     r"X has zero residual variance.*exact linear function of \^GSPC.*leveraged copy"),
    ("constant-price", lambda: _fit(returns=_with(X=0.0)), SpecificationError,
     r"X has zero residual variance.*returns are constant.*stale or constant price"),
    ("constant-price-constant-mean", lambda: _fit(returns=_with(X=0.001), model="constant_mean"),
     SpecificationError, r"X has zero residual variance under model='constant_mean'"),
    ("ddof-equals-L", lambda: _fit(ddof=140), SpecificationError,
     r"ddof=140 must be smaller than the estimation-window length L=140"),
    ("ddof-above-L-market-adjusted", lambda: _fit(ddof=500, model="market_adjusted"), SpecificationError,
     r"ddof=500 must be smaller"),
    # --- types at the boundary
    ("float-window", lambda: _fit(event_window=(-1.5, 1)), WindowError,
     r"event_window=\(-1\.5, 1\) must hold integers.*got -1\.5 \(float\)"),
    ("integral-float-window", lambda: _fit(estimation_window=(-150.0, -11)), WindowError,
     r"estimation_window=\(-150\.0, -11\) must hold integers"),
    ("bare-int-window", lambda: _fit(event_window=0), WindowError,
     r"event_window=0 must be a pair \(start, end\).*\(0, 0\) for the event day alone"),
    ("three-tuple-window", lambda: _fit(event_window=(-1, 0, 1)), WindowError,
     r"event_window=\(-1, 0, 1\) has 3 value\(s\)"),
    ("none-window", lambda: _fit(estimation_window=None), WindowError, r"estimation_window=None must be a pair"),
    ("string-window", lambda: _fit(event_window="-1,1"), WindowError, r"event_window='-1,1' must be a pair"),
    ("bool-window", lambda: _fit(event_window=(False, True)), WindowError, r"must hold integers"),
    ("ndarray-market", lambda: _fit(market=MARKET.to_numpy()), SpecificationError,
     r"market must be a pandas Series.*got ndarray.*pd\.Series\(values, index=dates"),
    ("list-market", lambda: _fit(market=list(MARKET)), SpecificationError, r"got list"),
    ("two-column-market", lambda: _fit(market=RETURNS), SpecificationError,
     r"market is a DataFrame with 2 columns \['AAA', 'BBB'\]"),
    ("ndarray-factors", lambda: _fit(model="factor", market=None, factors=MARKET.to_numpy()),
     SpecificationError, r"factors must be a pandas DataFrame.*got ndarray"),
    ("ddof-string", lambda: _fit(ddof="two"), SpecificationError, r"ddof='two' must be an integer \(str given\)"),
    ("ddof-float", lambda: _fit(ddof=1.0), SpecificationError, r"ddof=1\.0 must be an integer \(float given\)"),
    ("ddof-negative", lambda: _fit(ddof=-1), SpecificationError, r"ddof=-1 must be >= 0"),
    ("seed-string", lambda: _fit(seed="abc"), SpecificationError, r"seed='abc' must be an integer"),
    ("seed-negative", lambda: _fit(seed=-5), SpecificationError, r"seed=-5 must be >= 0"),
    ("min-estimation-float", lambda: _fit(min_estimation=99.5), SpecificationError,
     r"min_estimation=99\.5 must be an integer"),
    ("strict-not-bool", lambda: _fit(strict="yes"), SpecificationError, r"strict='yes' must be True or False"),
    ("overlap-unknown", lambda: _fit(overlap="maybe"), SpecificationError, r"overlap='maybe' must be one of"),
    ("unknown-test-option", lambda: _fit().test("patell", alpha=0.05), SpecificationError,
     r"unknown option\(s\) \['alpha'\] for test 'patell'; it accepts \['alternative'\]"),
    ("car-one-value", lambda: _fit().car((1,)), WindowError, r"window=\(1,\) has 1 value\(s\)"),
    ("car-float", lambda: _fit().car((0.5, 1)), WindowError, r"window=\(0\.5, 1\) must hold integers"),
    ("bhar-reversed", lambda: _fit().bhar((1, -1)), WindowError, r"window \(1, -1\) is reversed"),
    # --- dates and empty inputs
    ("empty-returns-rows", lambda: _fit(returns=RETURNS.iloc[:0]), DataError, r"returns has no rows"),
    ("no-columns", lambda: _fit(returns=RETURNS.iloc[:, :0]), DataError, r"returns has no columns"),
    ("nat-in-index", lambda: _fit(returns=_NAT_INDEX), DataError,
     r"returns has a missing date \(NaT\) at row 5 of 252"),
    ("nat-in-market-index", lambda: _fit(market=MARKET.set_axis(_NAT_INDEX.index)), DataError,
     r"market has a missing date \(NaT\)"),
    ("ndarray-returns", lambda: _fit(returns=RETURNS.to_numpy()), SpecificationError,
     r"returns must be a pandas DataFrame.*got ndarray"),
    ("empty-events", lambda: _fit(event_date=None, events=pd.DataFrame({"asset": [], "event_date": []})),
     SpecificationError, r"events is empty"),
    ("events-not-a-frame", lambda: _fit(event_date=None, events=[("AAA", "2024-10-01")]), SpecificationError,
     r"events must be a DataFrame"),
    ("empty-event-mapping", lambda: _fit(event_date={}), SpecificationError, r"event_date is an empty mapping"),
    # --- duplicated columns: an accurate message (not "event listed twice")
    ("duplicated-return-column", lambda: _fit(returns=pd.concat([RETURNS, RETURNS[["AAA"]]], axis=1)),
     DataError, r"returns has the column 'AAA' more than once \(positions \[0, 2\]\)"),
    ("duplicated-event-row",
     lambda: _fit(event_date=None, events=pd.DataFrame({"asset": ["AAA", "AAA"], "event_date": ["2024-10-01"] * 2})),
     WindowError, r"event \(AAA, 2024-10-01\) is listed twice"),
    ("duplicated-price-column", lambda: to_returns(pd.concat([PRICES, PRICES[["BBB"]]], axis=1)), DataError,
     r"prices has the column 'BBB' more than once"),
    ("duplicated-factor-column", lambda: _fit(model="factor", market=None, factors=pd.concat([MARKET, MARKET], axis=1)),
     SpecificationError, r"factors has the column '\^GSPC' more than once"),
    # --- loaders
    ("load-prices-none", lambda: load_prices(None), SpecificationError,
     r"load_prices needs the symbols to load.*got None"),
    ("load-prices-int-symbols", lambda: load_prices(5), SpecificationError, r"symbols must be a string or a list"),
    # (bad start/end dates are checked after the file is read: those cases read the real snapshot and
    # live in tests/app/test_snapshot_data.py)
    ("load-bars-none", lambda: es.load_bars(None), SpecificationError, r"load_bars needs the symbols"),
    # --- placebo
    ("placebo-unknown-asset", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="ZZZ", **_PL), UnknownSymbolError,
     r"asset='ZZZ' is not a column of returns; columns are \['AAA', 'BBB'\]"),
    ("placebo-n-zero", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="AAA", n=0, **_PL), SpecificationError,
     r"n=0 pseudo-events is too few.*1/\(n\+1\)"),
    ("placebo-n-float", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="AAA", n=50.0, **_PL),
     SpecificationError, r"n=50\.0 must be an integer"),
    ("placebo-bad-event-date", lambda: placebo(RETURNS, MARKET, "2024-02-30", asset="AAA", **_PL),
     SpecificationError, r"event_date='2024-02-30' is not a date"),
    ("placebo-bad-start", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="AAA", start="soon", **_PL),
     SpecificationError, r"start='soon' is not a date"),
    ("placebo-float-window", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="AAA", window=(0, 1.5), **_PL),
     WindowError, r"window=\(0, 1\.5\) must hold integers"),
    ("placebo-weights-unknown", lambda: placebo(RETURNS, MARKET, "2024-10-01", weights={"ZZZ": 1.0}, **_PL),
     UnknownSymbolError, r"weights name assets not in returns: \['ZZZ'\]"),
    ("placebo-weights-sum-zero", lambda: placebo(RETURNS, MARKET, "2024-10-01", weights={"AAA": 1, "BBB": -1}, **_PL),
     SpecificationError, r"weights must be finite and not sum to zero"),
    ("placebo-statistic", lambda: placebo(RETURNS, MARKET, "2024-10-01", asset="AAA", statistic="t", **_PL),
     SpecificationError, r"statistic='t' must be 'car' or 'scar'"),
    # --- strict mode: the unit warnings become errors
    ("strict-percent", lambda: _fit(returns=RETURNS * 100, market=MARKET * 100, strict=True), DataError,
     r"returns look like percent, not decimals.*divide by 100 \(strict mode"),
    ("strict-prices", lambda: _fit(returns=PRICES, strict=True), DataError,
     r"returns look like prices, not returns.*es\.to_returns\(prices\)"),
    ("strict-partial-mapping", lambda: _fit(event_date={"AAA": "2024-10-01"}, strict=True), SpecificationError,
     r"event_date names 1 of the 2 return columns; the other 1 \(\['BBB'\]\) are left out"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "exc", "match"), [c[1:] for c in BOUNDARY_CASES], ids=[c[0] for c in BOUNDARY_CASES]
)
def test_bad_input_class_raises_typed_error(make, exc, match):
    """Every class: a typed error under EventStudyError whose message names argument, value and fix."""
    with _raises(exc, match):
        make()


def test_degenerate_variance_never_reaches_the_tests():
    """The market left among the assets used to make Patell/BMP/KP/GRANK NaN for the whole study."""
    with pytest.raises(SpecificationError, match=r"\^GSPC"):
        _fit(returns=_with(**{"^GSPC": MARKET, "C": RETURNS["AAA"] * 0.5}))
    # the same study without the market is finite everywhere
    noise = np.random.default_rng(7).normal(0.0, 0.02, len(IDX))
    res = _fit(returns=_with(C=0.5 * MARKET + noise))
    assert np.isfinite(res.tests()["statistic"].to_numpy(dtype=float)).all()


def test_one_column_frame_market_is_squeezed_and_equal_to_the_series():
    a, b = _fit(), _fit(market=MARKET.to_frame())
    pd.testing.assert_frame_equal(a.abnormal_returns, b.abnormal_returns)
    assert b.study.market.name == "^GSPC"


def test_numpy_integer_windows_are_accepted():
    a = _fit()
    b = _fit(event_window=(np.int64(-1), np.int32(1)), estimation_window=np.array([-150, -11]))
    pd.testing.assert_frame_equal(a.abnormal_returns, b.abnormal_returns)
    assert b.study.event_window == (-1, 1) and type(b.study.event_window[0]) is int


def test_series_factor_is_one_factor_named_by_the_series():
    """Rule: a Series passed as factors is one factor (a one-column frame), named by its name."""
    a = _fit(model="factor", market=None, factors=MARKET)
    b = _fit(model="market")
    assert list(a.params.columns[:2]) == ["alpha", "^GSPC"]
    np.testing.assert_allclose(a.params["^GSPC"], b.params["beta"], rtol=1e-12)  # the same regression


# ----------------------------------------------------------------- likely unit mistakes (warnings)


def test_prices_instead_of_returns_warn():
    with pytest.warns(UnitsWarning, match=r"returns look like prices.*\['AAA', 'BBB'\].*es\.to_returns"):
        _fit(returns=PRICES)


def test_percent_returns_warn_for_assets_and_market():
    with pytest.warns(UnitsWarning) as rec:
        res = _fit(returns=RETURNS * 100, market=MARKET * 100)
    msgs = [str(w.message) for w in rec]
    assert any(m.startswith("returns look like percent") for m in msgs)
    assert any(m.startswith("market returns look like percent") for m in msgs)
    # the numbers are what the (percent) input implies: 100 x the decimal study
    np.testing.assert_allclose(res.abnormal_returns, 100 * _fit().abnormal_returns, rtol=1e-9)


def test_fama_french_factors_in_percent_warn():
    smb = np.random.default_rng(8).normal(0.0, 0.005, len(IDX))
    ff = pd.DataFrame({"Mkt-RF": MARKET * 100, "SMB": smb * 100}, index=IDX)
    with pytest.warns(UnitsWarning, match=r"factors look like percent.*\['Mkt-RF', 'SMB'\]"):
        _fit(model="factor", market=None, factors=ff)


def test_decimal_returns_do_not_warn():
    """The warning's thresholds leave real decimal returns alone (crypto-like volatility included)."""
    wild = RETURNS * 3  # daily sd about 6%
    _fit(returns=wild)  # filterwarnings=error: any warning would fail here


def test_24_7_market_next_to_stocks_warns_and_names_the_fix():
    btc = pd.Series(
        _RNG.normal(0, 0.03, 366), index=pd.date_range("2024-01-01", "2024-12-31"), name="BTC-USD"
    )
    with pytest.warns(
        CalendarMismatchWarning,
        match=r"market BTC-USD has returns on 104 weekend day\(s\).*XNYS.*es\.align_returns",
    ):
        _fit(market=btc)
    with pytest.raises(CalendarGapError, match=r"market BTC-USD has returns on 104 weekend.*strict mode"):
        _fit(market=btc, strict=True)


def test_partial_event_mapping_warns_and_keeps_only_the_named_asset():
    with pytest.warns(PartialEventMappingWarning, match=r"names 1 of the 2 return columns.*\['BBB'\]"):
        res = _fit(event_date={"AAA": "2024-10-01"})
    assert res.labels == ["AAA"]
    # a full mapping (or the columns selected first) is silent
    assert _fit(event_date={"AAA": "2024-10-01", "BBB": "2024-10-01"}).labels == ["AAA", "BBB"]
    assert _fit(returns=RETURNS[["AAA"]], event_date={"AAA": "2024-10-01"}).labels == ["AAA"]


# ----------------------------------------------------------------- overlapping events

_EV = pd.DataFrame({"asset": ["AAA", "AAA", "BBB"], "event_date": ["2024-08-01", "2024-10-01", "2024-10-01"]})
_OV = {"estimation_window": (-110, -11), "event_date": None, "events": _EV}


def test_overlapping_events_warn():
    with pytest.warns(OverlappingEventsWarning, match=r"1 asset-event pair\(s\).*\['AAA 2024-10-01'\]"):
        res = _fit(**_OV)
    assert len(res.labels) == 3


@pytest.mark.parametrize(
    ("policy", "labels"),
    [
        ("drop_event", ["AAA", "BBB"]),  # one event left per asset: plain labels
        ("drop_asset", ["BBB"]),
        ("ignore", ["AAA 2024-08-01", "AAA 2024-10-01", "BBB 2024-10-01"]),
    ],
)
def test_overlap_drop_policies(policy, labels):
    res = _fit(**_OV, overlap=policy)
    assert res.labels == labels
    if policy == "drop_event":
        assert list(res.params["event_date"]) == [pd.Timestamp("2024-08-01"), pd.Timestamp("2024-10-01")]


def test_overlap_exclude_days_estimates_on_clean_days_only():
    """The contaminated pair skips 2024-07-31..08-02 (the other event's window) and reaches 3 sessions back."""
    res = _fit(**_OV, overlap="exclude_days")
    plain = _fit(**_OV, overlap="ignore")
    d = pd.DatetimeIndex(res.panel.dates_est[:, 1])
    d0 = pd.DatetimeIndex(plain.panel.dates_est[:, 1])
    skipped = pd.DatetimeIndex(["2024-07-31", "2024-08-01", "2024-08-02"])
    assert d.size == d0.size == 100 and not d.isin(skipped).any() and d0.isin(skipped).sum() == 3
    assert d[-1] == d0[-1] and d[0] == IDX[IDX.get_loc(d0[0]) - 3]  # three earlier sessions instead
    # the other pairs are untouched
    for k in (0, 2):
        np.testing.assert_array_equal(res.panel.dates_est[:, k], plain.panel.dates_est[:, k])
    # and the fit is the OLS of AAA on the market over exactly those dates (independent: numpy lstsq)
    y, m = RETURNS.loc[d, "AAA"].to_numpy(), MARKET.loc[d].to_numpy()
    X = np.column_stack([np.ones_like(m), m])
    b, ssr, *_ = np.linalg.lstsq(X, y, rcond=None)
    np.testing.assert_allclose(res.params.iloc[1][["alpha", "beta"]].to_numpy(dtype=float), b, rtol=1e-10)
    assert res.params["sigma"].iloc[1] == pytest.approx(np.sqrt(ssr[0] / (100 - 2)), rel=1e-10)


def test_overlap_exclude_days_reaches_back_past_nested_events():
    """Three chained events: skipping one window brings the next into reach, so a second round skips it too."""
    days = [IDX[138], IDX[150], IDX[200]]  # windows (-1, 1): rows 137-139, 149-151, 199-201
    ev = pd.DataFrame({"asset": ["AAA"] * 3, "event_date": days})
    res = _fit(
        estimation_window=(-60, -11), event_date=None, events=ev, overlap="exclude_days", min_estimation=50
    )
    windows = [IDX[IDX.get_loc(d) - 1 : IDX.get_loc(d) + 2] for d in days]
    for k in range(3):
        est = pd.DatetimeIndex(res.panel.dates_est[:, k])
        assert est.size == 50 and est.is_monotonic_increasing
        others = windows[:k] + windows[k + 1 :]
        assert not any(est.isin(w).any() for w in others), k
        # the window keeps its last clean session and reaches back over exactly the skipped ones
        first, last = IDX.get_loc(est[0]), IDX.get_loc(est[-1])
        skipped = sum(int(((w >= est[0]) & (w <= est[-1])).sum()) for w in others)
        assert last - first + 1 == 50 + skipped
    # the last pair needed two rounds: rows 149-151 skipped, which brought 137-139 into reach
    last_est = pd.DatetimeIndex(res.panel.dates_est[:, 2])
    assert last_est[0] == IDX[200 - 60 - 6]


def test_single_event_per_asset_never_checks_overlap():
    _fit(overlap="drop_asset")  # one event per asset: nothing to drop, no warning


# ----------------------------------------------------------------- a vendor's holiday row


def _holiday_frames() -> tuple[pd.DataFrame, pd.Series]:
    r = RETURNS.copy()
    r.loc[pd.Timestamp("2024-07-04")] = [0.001, np.nan]  # Independence Day: not an XNYS session
    m = MARKET.copy()
    m.loc[pd.Timestamp("2024-07-04")] = 0.0
    return r.sort_index(), m.sort_index()


def test_holiday_row_is_named_as_such_with_the_data_calendar_fix():
    r, m = _holiday_frames()
    with _raises(
        CalendarGapError,
        r"AAA has a return on 2024-07-04, which is not a XNYS session.*weekday when XNYS is closed "
        r"\(a holiday\); a vendor's forward-filled row\?.*calendars=\{'AAA': 'data'\}",
    ):
        _fit(returns=r, market=m)


def test_data_calendar_counts_the_series_own_dates():
    r, m = _holiday_frames()
    res = _fit(returns=r, market=m, calendars={"AAA": "data"})
    d = pd.DatetimeIndex(res.panel.dates_est[:, 0])
    assert pd.Timestamp("2024-07-04") in d  # the row is a session of AAA's own calendar
    assert pd.Timestamp("2024-07-04") not in pd.DatetimeIndex(res.panel.dates_est[:, 1])  # BBB: XNYS
    assert res.params.loc["AAA", "calendar"].startswith("data:AAA:")
    with _raises(UnknownSymbolError, r"calendars=\{'ZZZ': 'data'\} names no column"):
        _fit(calendars={"ZZZ": "data"})


def test_weekend_row_suggests_24_7_or_data():
    r = RETURNS.copy()
    r.loc[pd.Timestamp("2024-07-06")] = [0.001, np.nan]  # a Saturday
    with _raises(CalendarGapError, r"2024-07-06 is a weekend day; if AAA trades 24/7.*'24/7'.*'data'"):
        _fit(returns=r.sort_index())


# ----------------------------------------------------------------- one event-time rule at every entry point
#
# The rule (issue 17 builds it, here it is pinned at each entry point): an event date that is
# not a session rolls to the next session with an EventRolledWarning; a session missing inside
# a window is a CalendarGapError, never a silently shifted window.

_VOLUME = pd.DataFrame(
    np.exp(np.random.default_rng(11).normal(15.0, 0.3, (len(IDX), 2))), index=IDX, columns=["AAA", "BBB"]
)
_SIX = pd.DataFrame(
    0.8 * MARKET.to_numpy()[:, None] + np.random.default_rng(12).normal(0.0, 0.02, (len(IDX), 6)),
    index=IDX,
    columns=list("ABCDEF"),
)
_MISSING_DAY = pd.Timestamp("2024-09-03")  # a session inside every estimation/pre window below


def _entry(name: str, event_date: str, drop: pd.Timestamp | None = None):
    def cut(x):
        return x if drop is None else x.drop(drop)

    if name == "EventStudy":
        return es.EventStudy(cut(RETURNS), market=MARKET, **{**SPEC, "event_date": event_date}).fit()
    if name == "placebo":
        return placebo(cut(RETURNS), MARKET, event_date, asset="AAA", n=30, **_PL)
    if name == "batch_study":
        from eventstudy.batch import batch_study

        return batch_study(cut(_SIX), MARKET, [event_date], estimation_window=(-150, -11))
    if name == "abnormal_volume":
        from eventstudy.extensions import abnormal_volume

        return abnormal_volume(cut(_VOLUME), event_date, estimation_window=(-150, -11))
    if name == "volatility_shift":
        from eventstudy.extensions import volatility_shift

        return volatility_shift(cut(RETURNS), MARKET, event_date, asset="AAA", garch=False)
    raise AssertionError(name)


_ENTRIES = [
    "EventStudy",
    "placebo",
    "batch_study",
    "abnormal_volume",
    "volatility_shift",
]


@pytest.mark.parametrize("entry", _ENTRIES)
def test_weekend_event_rolls_with_a_warning_everywhere(entry):
    with pytest.warns(es.EventRolledWarning, match=r"2024-10-05 -> 2024-10-07"):
        _entry(entry, "2024-10-05")


@pytest.mark.parametrize("entry", _ENTRIES)
def test_missing_session_inside_a_window_is_an_error_everywhere(entry):
    with _raises(CalendarGapError, r"2024-09-03"):
        _entry(entry, "2024-10-01", drop=_MISSING_DAY)


# ----------------------------------------------------------------- batch_study and the extensions


def _batch(**kw):
    from eventstudy.batch import batch_study

    return batch_study(**{"returns": _SIX, "market": MARKET, "event_dates": ["2024-10-01"],
                          "estimation_window": (-150, -11), **kw})  # fmt: skip


def _volume(**kw):
    from eventstudy.extensions import abnormal_volume

    return abnormal_volume(
        **{"volume": _VOLUME, "event_date": "2024-10-01", "estimation_window": (-150, -11), **kw}
    )


BATCH_EXT_CASES = [
    ("batch-market-among-assets", lambda: _batch(returns=_SIX.assign(**{"^GSPC": MARKET})), SpecificationError,
     r"\^GSPC has zero residual variance against the market for the event 2024-10-01.*among the assets"),
    ("batch-market-among-assets-fit-batch",
     lambda: _batch(returns=_SIX.assign(**{"^GSPC": MARKET}), method="fit_batch"), SpecificationError,
     r"\^GSPC has zero residual variance"),
    ("batch-stale-price", lambda: _batch(returns=_SIX.assign(G=0.0)), SpecificationError,
     r"G has zero residual variance.*returns are constant"),
    ("batch-ddof-string", lambda: _batch(ddof="two"), SpecificationError, r"ddof='two' must be an integer"),
    ("batch-float-window", lambda: _batch(event_window=(-1.5, 1)), WindowError, r"must hold integers"),
    ("batch-ndarray-market", lambda: _batch(market=MARKET.to_numpy()), SpecificationError,
     r"market must be a pandas Series"),
    ("volume-bad-event-date", lambda: _volume(event_date="2024-13-45"), SpecificationError,
     r"event_date='2024-13-45' is not a date"),
    ("volume-three-tuple", lambda: _volume(event_window=(-1, 0, 1)), WindowError, r"has 3 value\(s\)"),
    ("volume-float-window", lambda: _volume(event_window=(-1, 1.0)), WindowError, r"must hold integers"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "exc", "match"), [c[1:] for c in BATCH_EXT_CASES], ids=[c[0] for c in BATCH_EXT_CASES]
)
def test_bad_batch_or_extension_input_raises_typed_error(make, exc, match):
    with _raises(exc, match):
        make()


def test_batch_one_column_market_frame_equals_the_series():
    a, b = _batch(), _batch(market=MARKET.to_frame())
    pd.testing.assert_frame_equal(a.stats, b.stats)


def test_batch_percent_returns_warn():
    with pytest.warns(UnitsWarning, match=r"returns look like percent"):
        _batch(returns=_SIX * 100, market=MARKET * 100)


@pytest.mark.parametrize("model", ["market", "market_adjusted", "garch", "scholes_williams", "dimson"])
def test_market_among_assets_is_refused_for_every_market_model(model):
    """Lead-lag betas used to leave sigma at 3e-5 (not rounding noise, but the market regressed on itself)."""
    with _raises(SpecificationError, r"\^GSPC has zero residual variance.*is the market among the assets\?"):
        _fit(returns=_with(**{"^GSPC": MARKET}), model=model)


@pytest.mark.parametrize(
    "model", ["constant_mean", "market", "market_adjusted", "factor", "scholes_williams"]
)
def test_stale_price_is_refused_for_every_model(model):
    kw = {"market": None, "factors": MARKET} if model == "factor" else {}
    with _raises(SpecificationError, r"X has zero residual variance.*returns are constant"):
        _fit(returns=_with(X=0.0), model=model, **kw)
