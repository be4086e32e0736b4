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
