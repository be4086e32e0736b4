"""The data layer on the real, private snapshot (moved from tests/lib: loaders, checksums, quality, returns); the library's own data tests use files they write."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import eventstudy.data.snapshot as snapshot
from eventstudy.data import (
    load_bars,
    load_long,
    load_prices,
    load_riskfree,
    read_price_file,
    sha256_file,
    to_returns,
)
from eventstudy.data.quality import QualityIssue, check_quality
from eventstudy.errors import (
    ChecksumError,
    DataQualityWarning,
    MissingDataError,
    SpecificationError,
    UnknownSymbolError,
)


@pytest.mark.parametrize(
    ("symbol", "friday", "monday"),
    [
        ("NVDA", 142.62, 118.42),
        ("^GSPC", 6101.24, 6012.28),
        ("^IXIC", 19954.30, 19341.83),
        ("^DJI", 44424.25, 44713.58),
    ],
)
def test_known_closes(data_dir, symbol, friday, monday):
    p = load_prices([symbol], start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    assert list(p.index) == [pd.Timestamp("2025-01-24"), pd.Timestamp("2025-01-27")]
    # Yahoo-sourced series (^DJI) are stored as float32 in the source: compare to the cent
    assert p[symbol].round(2).tolist() == [friday, monday]


def test_wide_shape_order_and_crypto_weekends(data_dir):
    syms = ["ETH-USD", "NVDA", "^GSPC", "BTC-USD"]
    p = load_prices(syms, start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    assert list(p.columns) == syms
    assert p.index.name == "date" and p.index.tz is None
    assert len(p) == 4  # Fri, Sat, Sun, Mon
    assert p.loc["2025-01-25", "NVDA"] != p.loc["2025-01-25", "NVDA"]  # NaN on Saturday
    assert p[["ETH-USD", "BTC-USD"]].notna().all().all()


def test_suffix_series_are_distinct(data_dir):
    both = load_prices(["NVDA", "NVDA@yahoo"], data_dir=data_dir)
    assert both["NVDA"].first_valid_index() < pd.Timestamp("2017-01-01")
    assert both["NVDA@yahoo"].first_valid_index() == pd.Timestamp("2024-08-22")
    long = load_long("NVDA@yahoo", end="2024-09-01", data_dir=data_dir)
    assert set(long["symbol"]) == {"NVDA@yahoo"}
    assert long["source"].str.contains("ndx_prices").all()
    assert long["open"].isna().all()


def test_close_only_field_raises(data_dir):
    with pytest.raises(MissingDataError, match="ARM"):
        load_prices(["NVDA", "ARM"], field="open", start="2025-01-01", data_dir=data_dir)
    assert load_prices("NVDA", field="open", start="2025-01-27", end="2025-01-27", data_dir=data_dir).iat[
        0, 0
    ] == pytest.approx(124.80)


def test_unknown_symbol_lists_close_matches(data_dir):
    with pytest.raises(UnknownSymbolError, match="NVDA") as info:
        load_prices(["NVDAA"], data_dir=data_dir)
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownSymbolError, match="'NVDA'"):
        load_prices(["nvda"], data_dir=data_dir)


def test_bad_field_and_source(data_dir):
    with pytest.raises(SpecificationError):
        load_prices("NVDA", field="adjclose", data_dir=data_dir)
    with pytest.raises(SpecificationError):
        load_prices("NVDA", source="bloomberg", data_dir=data_dir)


def test_returned_frames_are_copies(data_dir):
    a = load_prices("NVDA", start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    a.iloc[:, 0] = -1.0
    b = load_prices("NVDA", start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    assert b["NVDA"].tolist() == [142.62, 118.42]
    long = read_price_file(data_dir / "prices_daily.csv")
    long["close"] = 0.0
    assert (read_price_file(data_dir / "prices_daily.csv")["close"] > 0).all()


def test_load_long_format(data_dir):
    long = load_long(["TSM", "NVDA"], start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    assert list(long.columns) == ["date", "symbol", "open", "high", "low", "close", "volume", "source"]
    assert long["symbol"].tolist() == ["TSM", "TSM", "NVDA", "NVDA"]


def test_load_bars_timezones(data_dir):
    utc = load_bars("NVDA", start="2025-01-27", end="2025-01-27", data_dir=data_dir)
    first = utc.iloc[0]
    assert str(first["timestamp"].tz) == "UTC"
    assert first["timestamp"] == pd.Timestamp("2025-01-27 14:30", tz="UTC")
    assert first["open"] == pytest.approx(124.80)
    assert len(utc) == 78  # 09:30..15:55 New York
    ny = load_bars(["NVDA"], start="2025-01-27", end="2025-01-27", tz="exchange", data_dir=data_dir)
    assert ny["timestamp"].iloc[0].strftime("%H:%M") == "09:30"
    assert str(ny["timestamp"].dt.tz) == "America/New_York"
    assert ny["close"].iloc[-1] == pytest.approx(118.53)
    tokyo = load_bars("NVDA", start="2025-01-27", end="2025-01-27", tz="Asia/Tokyo", data_dir=data_dir)
    assert tokyo["timestamp"].iloc[0].hour == 23
    with pytest.raises(SpecificationError):
        load_bars("NVDA", start="2025-01-27", end="2025-01-27", tz="Mars/Olympus", data_dir=data_dir)


def test_load_riskfree(data_dir):
    rf = load_riskfree(data_dir=data_dir, start="2025-01-27", end="2025-01-27")
    assert list(rf.columns) == ["dgs1mo_pct", "dgs3mo_pct"]
    assert rf.loc["2025-01-27", "dgs3mo_pct"] == pytest.approx(4.32)


WRONG = "0" * 64


LOADERS = {
    "load_prices": lambda d: load_prices("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_long": lambda d: load_long("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_bars": lambda d: load_bars("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_riskfree": lambda d: load_riskfree(data_dir=d, start="2025-01-27", end="2025-01-27"),
}


@pytest.mark.parametrize("loader", list(LOADERS))
def test_real_snapshot_checksum_checked_even_when_cached(data_dir, monkeypatch, loader):
    load = LOADERS[loader]
    first = load(data_dir)  # parses and caches the real file
    assert len(first) > 0
    assert any(k[0].startswith(str(data_dir.resolve())) for k in snapshot._CACHE)
    with monkeypatch.context() as mp:
        mp.setattr(snapshot, "expected_sha256", lambda path: WRONG)
        with pytest.raises(ChecksumError, match=rf"sha256 mismatch for .*: expected {WRONG}"):
            load(data_dir)
    pd.testing.assert_frame_equal(load(data_dir), first)  # and the right digest still loads


def test_real_snapshot_manifest_matches_files(data_dir):
    """The digests recorded in SOURCES.md are the digests of the files on disk."""
    from eventstudy.data import manifest_sha256

    table = manifest_sha256(data_dir)
    assert set(table) >= {"prices_daily.csv", "prices_5m.csv", "riskfree_daily.csv"}
    for name in ("prices_daily.csv", "prices_5m.csv", "riskfree_daily.csv"):
        assert sha256_file(data_dir / name) == table[name]


def test_read_price_file_rechecks_digest_after_caching(data_dir):
    path = data_dir / "prices_daily.csv"
    read_price_file(path)
    with pytest.raises(ChecksumError, match="sha256 mismatch"):
        read_price_file(path, expected_sha256=WRONG)


def test_snapshot_copy_modified_in_tmp(data_dir, tmp_path):
    """A copy of the real risk-free file with one value changed fails against the real manifest line."""
    (tmp_path / "SOURCES.md").write_text((data_dir / "SOURCES.md").read_text())
    text = (data_dir / "riskfree_daily.csv").read_text()
    (tmp_path / "riskfree_daily.csv").write_text(text)
    ok = load_riskfree(data_dir=tmp_path, start="2025-01-27", end="2025-01-27")
    assert ok["dgs3mo_pct"].iloc[0] == pytest.approx(4.32)
    (tmp_path / "riskfree_daily.csv").write_text(text.replace("4.32", "9.32", 1))
    with pytest.raises(ChecksumError, match="riskfree_daily.csv.*restore the original"):
        load_riskfree(data_dir=tmp_path)
    (tmp_path / "riskfree_daily.csv").write_text(text[: len(text) // 2])  # truncated
    with pytest.raises(ChecksumError, match="modified or truncated"):
        load_riskfree(data_dir=tmp_path)


STUDY_UNIVERSE = [
    "NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "MSFT", "GOOG", "AAPL", "META",
    "^GSPC", "^IXIC", "^NDX", "^DJI", "^SOX", "BTC-USD", "ETH-USD",
]  # fmt: skip


def _run(*args, **kwargs) -> tuple[list[QualityIssue], list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        issues = check_quality(*args, **kwargs)
    return issues, [w for w in caught if issubclass(w.category, DataQualityWarning)]


@pytest.fixture(scope="module")
def universe(data_dir) -> pd.DataFrame:
    return load_long(STUDY_UNIVERSE, start="2016-01-01", end="2025-12-31", data_dir=data_dir)


def test_study_universe_close_prices_are_clean(universe):
    """Real data: no stale prices and no extreme returns in the study universe, 2016-2025."""
    close = universe.pivot(index="date", columns="symbol", values="close")
    issues, caught = _run(close)
    assert issues == [] and caught == []


def test_study_universe_windows_inside_the_data_are_clean(universe):
    """Real data: a window all 17 series cover raises nothing."""
    close = universe.pivot(index="date", columns="symbol", values="close")
    assert _run(close, windows=[("2024-09-03", "2025-01-10")])[0] == []


def test_study_universe_volume_finding(universe):
    """Real data: the one volume finding is genuine: ^GSPC reports volume 0 on 2023-05-24.

    IBKR's SPX bar for that day has a correct close (4115.24) but volume 0 between
    4.16e9 and 4.15e9 on the neighbouring sessions. Closes (and returns) are unaffected.
    """
    issues, _ = _run(universe)
    assert [(i.symbol, i.kind, f"{i.date:%Y-%m-%d}") for i in issues] == [
        ("^GSPC", "zero_volume", "2023-05-24")
    ]


def test_nvda_deepseek_day_by_hand(data_dir):
    p = load_prices(["NVDA"], start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    r = to_returns(p)
    assert r.shape == (1, 1)
    assert r.loc["2025-01-27", "NVDA"] == pytest.approx(118.42 / 142.62 - 1, rel=1e-12)
    lr = to_returns(p, kind="log")
    assert lr.loc["2025-01-27", "NVDA"] == pytest.approx(np.log(118.42 / 142.62), rel=1e-12)


def test_nvda_history_passes_split_check(data_dir):
    p = load_prices("NVDA", data_dir=data_dir)
    r = to_returns(p)  # continuous across the 2024-06-10 10:1 split; -17% day not flagged
    assert r.loc["2024-06-10", "NVDA"] == pytest.approx(121.79 / 120.89 - 1)
    assert r.loc["2025-01-27", "NVDA"] == pytest.approx(118.42 / 142.62 - 1)  # ratio 0.83
    assert (r["NVDA"] < -0.15).sum() >= 2  # large real drops (2018-11-16: -18.8%) pass too


def test_stock_monday_return_next_to_crypto(data_dir):
    p = load_prices(["NVDA", "BTC-USD"], start="2025-01-24", end="2025-01-27", data_dir=data_dir)
    r = to_returns(p)
    assert list(r.index) == list(p.index[1:])
    assert r.loc["2025-01-27", "NVDA"] == pytest.approx(118.42 / 142.62 - 1)
    assert r.loc[["2025-01-25", "2025-01-26"], "NVDA"].isna().all()
    btc = p["BTC-USD"]
    assert r.loc["2025-01-26", "BTC-USD"] == pytest.approx(btc.iloc[2] / btc.iloc[1] - 1)


@pytest.mark.parametrize(
    ("load", "match"),
    [
        (
            lambda d: load_prices("NVDA", start="2024-13-45", data_dir=d),
            r"start='2024-13-45' is not a date; write it as 'YYYY-MM-DD'",
        ),
        (lambda d: load_prices("NVDA", end="yesterday", data_dir=d), r"end='yesterday' is not a date"),
        (lambda d: load_long("NVDA", start=[2024], data_dir=d), r"start=\[2024\] is not a date"),
    ],
    ids=["load-prices-bad-start", "load-prices-bad-end", "load-long-bad-start"],
)
def test_bad_dates_name_the_argument(data_dir, load, match):
    """Moved from tests/lib/test_malformed.py: the dates are parsed after the file is read, so these read the snapshot."""
    with pytest.raises(SpecificationError, match=match):
        load(data_dir)
