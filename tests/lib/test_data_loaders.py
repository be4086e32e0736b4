"""Loaders on the real snapshot, bad-input files and the Yahoo path (no network)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import eventstudy.data.online as online
from eventstudy.data import (
    load_prices,
    read_price_file,
    yahoo_frame_to_long,
)
from eventstudy.errors import (
    ChecksumError,
    DataError,
    DuplicateDateError,
    InvalidPriceError,
    UnknownSymbolError,
    UnsortedDataError,
)

HEADER = "date,symbol,open,high,low,close,volume,source\n"


def _rows(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


GOOD = _rows(
    "2025-01-23,AAA,10,11,9,10.5,100,test",
    "2025-01-24,AAA,10.5,11,10,10.8,120,test",
    "2025-01-27,AAA,10.8,11,8,9.0,300,test",
    "2025-01-24,BBB,,,,50,,test",
    "2025-01-27,BBB,,,,49,,test",
)

# ----------------------------------------------------------------- real snapshot


def test_data_dir_resolution(tmp_path, monkeypatch):
    """data_dir= first, then $EVENTSTUDY_DATA, then an application's default; the library knows no place."""
    from eventstudy.data import data_dir as find
    from eventstudy.data import snapshot

    deep = tmp_path / "proj" / "sub"
    deep.mkdir(parents=True)
    monkeypatch.delenv("EVENTSTUDY_DATA", raising=False)
    monkeypatch.setattr(snapshot, "_DEFAULT_DATA_DIR", [])
    monkeypatch.chdir(deep)
    with pytest.raises(DataError, match="EVENTSTUDY_DATA"):
        find()  # no ../shared/data search baked into the library
    snapshot.set_default_data_dir(tmp_path / "proj")
    assert find() == tmp_path / "proj"
    monkeypatch.setenv("EVENTSTUDY_DATA", str(tmp_path))
    assert find() == tmp_path
    assert find(deep) == deep
    with pytest.raises(DataError):
        find(tmp_path / "nope")


# ----------------------------------------------------------------- bad input files


def test_good_user_file_roundtrip(write_csv, tmp_path):
    write_csv(GOOD)
    p = load_prices(["BBB", "AAA"], data_dir=tmp_path)
    assert list(p.columns) == ["BBB", "AAA"]
    assert np.isnan(p.loc["2025-01-23", "BBB"])
    assert p.loc["2025-01-27", "AAA"] == 9.0


def test_truncated_file(write_csv, tmp_path):
    path = write_csv(GOOD[: GOOD.rindex("49") - 1], manifest=False)  # cut inside the last line
    with pytest.raises(DataError, match="truncated"):
        read_price_file(path)


def test_truncated_file_fails_checksum(write_csv, tmp_path):
    path = write_csv(GOOD)
    path.write_text(GOOD[:-12])
    with pytest.raises(ChecksumError, match="sha256 mismatch"):
        load_prices("AAA", data_dir=tmp_path)


def test_wrong_column_names(write_csv):
    path = write_csv("Date,Ticker,Price\n2025-01-24,AAA,1\n", manifest=False)
    with pytest.raises(DataError, match=r"missing required column\(s\) \['symbol', 'close'\]"):
        read_price_file(path)


def test_empty_file(write_csv):
    with pytest.raises(DataError, match="empty"):
        read_price_file(write_csv("", manifest=False))


def test_text_in_numeric_column(write_csv):
    text = GOOD.replace("10.8,120", "10.8x,120")
    with pytest.raises(DataError, match=r"'close'.*line 3.*10\.8x"):
        read_price_file(write_csv(text, manifest=False))


def test_mixed_time_zones(write_csv):
    text = (
        "timestamp_utc,symbol,open,high,low,close,volume\n"
        "2025-01-27T14:30:00Z,AAA,1,1,1,1,1\n"
        "2025-01-27T14:35:00+05:00,AAA,1,1,1,1,1\n"
    )
    with pytest.raises(DataError, match="mixed time zones"):
        read_price_file(write_csv(text, name="bars.csv", manifest=False))


def test_bad_date(write_csv):
    with pytest.raises(DataError, match="line 3"):
        read_price_file(write_csv(GOOD.replace("2025-01-24,AAA", "2025-13-45,AAA"), manifest=False))


def test_duplicated_dates(write_csv):
    text = GOOD + "2025-01-27,BBB,,,,49.5,,test\n"
    with pytest.raises(DuplicateDateError, match="BBB.*2025-01-27"):
        read_price_file(write_csv(text, manifest=False))


def test_unsorted_dates(write_csv):
    text = _rows(
        "2025-01-24,AAA,1,1,1,10,1,t",
        "2025-01-23,AAA,1,1,1,10,1,t",
    )
    with pytest.raises(UnsortedDataError, match="AAA.*2025-01-23"):
        read_price_file(write_csv(text, manifest=False))


@pytest.mark.parametrize("bad", ["0", "-3.5", "inf"])
def test_non_positive_or_inf_price(write_csv, tmp_path, bad):
    write_csv(GOOD.replace("2025-01-27,BBB,,,,49", f"2025-01-27,BBB,,,,{bad}"))
    with pytest.raises(InvalidPriceError, match="BBB.*2025-01-27"):
        load_prices("BBB", data_dir=tmp_path)
    # outside the requested range the bad row does not matter
    assert load_prices("BBB", end="2025-01-24", data_dir=tmp_path)["BBB"].tolist() == [50.0]


def test_unknown_symbol_in_user_file(write_csv, tmp_path):
    write_csv(GOOD)
    with pytest.raises(UnknownSymbolError, match="AAA"):
        load_prices("AAB", data_dir=tmp_path)


def test_checksum_mismatch_and_missing_entry(write_csv, tmp_path):
    path = write_csv(GOOD)
    path.write_text(GOOD.replace("10.5,100", "10.6,100"))  # same length, different content
    with pytest.raises(ChecksumError):
        load_prices("AAA", data_dir=tmp_path)
    (tmp_path / "SOURCES.md").write_text("# no hashes\n")
    with pytest.raises(ChecksumError, match="no sha256 recorded"):
        load_prices("AAA", data_dir=tmp_path)


def test_cache_sees_file_changes(write_csv, tmp_path):
    write_csv(GOOD)
    assert load_prices("AAA", data_dir=tmp_path).iloc[-1, 0] == 9.0
    write_csv(GOOD.replace("10.8,11,8,9.0", "10.8,11,8,9.5"))
    assert load_prices("AAA", data_dir=tmp_path).iloc[-1, 0] == 9.5


# ----------------------------------------------------------------- Yahoo (no network)


def _yf_frame() -> pd.DataFrame:
    idx = pd.DatetimeIndex(["2025-01-24", "2025-01-25", "2025-01-26", "2025-01-27"], name="Date")
    fields = ["Adj Close", "Close", "High", "Low", "Open", "Volume"]
    cols = pd.MultiIndex.from_product([fields, ["BTC-USD", "NVDA"]], names=["Price", "Ticker"])
    df = pd.DataFrame(np.nan, index=idx, columns=cols)
    df[("Close", "NVDA")] = [142.62, np.nan, np.nan, 118.42]
    df[("Adj Close", "NVDA")] = [142.60, np.nan, np.nan, 118.40]
    df[("Open", "NVDA")] = [146.0, np.nan, np.nan, 124.8]
    df[("High", "NVDA")] = [147.0, np.nan, np.nan, 128.4]
    df[("Low", "NVDA")] = [141.0, np.nan, np.nan, 116.7]
    df[("Volume", "NVDA")] = [2.3e8, np.nan, np.nan, 8.2e8]
    for f in ["Close", "Adj Close", "Open", "High", "Low"]:
        df[(f, "BTC-USD")] = [104819.48, 104714.65, 102682.50, 102087.69]
    df[("Volume", "BTC-USD")] = [1e10, 1e10, 1e10, 1e10]
    return df


def test_yahoo_frame_to_long():
    long = yahoo_frame_to_long(_yf_frame(), ["NVDA@yahoo", "BTC-USD"])
    assert list(long.columns) == ["date", "symbol", "open", "high", "low", "close", "volume", "source"]
    nv = long[long["symbol"] == "NVDA@yahoo"]
    assert nv["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-24", "2025-01-27"]  # no weekend rows
    assert nv["close"].tolist() == [142.62, 118.42]  # Close, not Adj Close
    assert (long["symbol"] == "BTC-USD").sum() == 4
    assert "auto_adjust=False" in long["source"].iloc[0]
    with pytest.raises(UnknownSymbolError):
        yahoo_frame_to_long(_yf_frame(), ["AMD"])


def test_yahoo_cache_and_corrupt_refetch(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path / "cache"))
    calls: list[dict] = []

    def fake(tickers, start=None, end=None, auto_adjust=None):
        calls.append({"tickers": tickers, "auto_adjust": auto_adjust})
        return _yf_frame()

    monkeypatch.setattr(online, "download_yahoo", fake)
    kw = {"start": "2025-01-24", "end": "2025-01-27", "source": "yahoo"}
    p1 = load_prices(["NVDA", "BTC-USD"], **kw)
    assert len(calls) == 1 and calls[0]["auto_adjust"] is False
    assert p1.loc["2025-01-27", "NVDA"] == 118.42 and np.isnan(p1.loc["2025-01-25", "NVDA"])
    csvs = list((tmp_path / "cache").glob("*.csv"))
    metas = list((tmp_path / "cache").glob("*.json"))
    assert len(csvs) == 1 and len(metas) == 1
    meta = json.loads(metas[0].read_text())
    assert meta["provider"].startswith("yahoo")
    assert meta["symbols"] == ["NVDA", "BTC-USD"]
    assert meta["fetched_at_utc"].endswith("+00:00")
    assert meta["sha256"] == online.sha256_file(csvs[0])
    assert not list((tmp_path / "cache").glob("*.tmp"))

    p2 = load_prices(["NVDA", "BTC-USD"], **kw)  # from the cache
    assert len(calls) == 1
    pd.testing.assert_frame_equal(p1, p2)

    csvs[0].write_text(csvs[0].read_text().replace("118.42", "999.99"))  # corrupt the cache
    p3 = load_prices(["NVDA", "BTC-USD"], **kw)
    assert len(calls) == 2  # detected, discarded, refetched
    assert p3.loc["2025-01-27", "NVDA"] == 118.42
    assert "999.99" not in csvs[0].read_text()
