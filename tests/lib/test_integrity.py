"""Integrity of the data layer: checksums on every load, and the atomic, self-checking Yahoo cache.

Complements ``tests/test_data_loaders.py`` (a modified user file -> ChecksumError, a missing
manifest line, a cache that sees a rewritten file, a Yahoo cache whose CSV content was edited
-> refetch). Here: the checksum is verified even when the parsed file is already cached
in-process (real snapshot, every loader), including a same-size edit that keeps the file's
mtime; and the Yahoo cache survives a truncated CSV, a wrong or missing or unreadable sidecar,
a missing CSV, and a crash in the middle of a write.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eventstudy.data.online as online
import eventstudy.data.snapshot as snapshot
import eventstudy.errors as es_errors
from eventstudy.data import (
    load_bars,
    load_long,
    load_prices,
    load_riskfree,
    read_price_file,
    sha256_file,
)
from eventstudy.errors import ChecksumError

WRONG = "0" * 64

HEADER = "date,symbol,open,high,low,close,volume,source\n"
GOOD = HEADER + "2025-01-24,AAA,10,11,9,10.5,100,t\n2025-01-27,AAA,10.5,11,10,10.8,120,t\n"


# ----------------------------------------------------------------- snapshot checksums

LOADERS = {
    "load_prices": lambda d: load_prices("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_long": lambda d: load_long("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_bars": lambda d: load_bars("NVDA", start="2025-01-27", end="2025-01-27", data_dir=d),
    "load_riskfree": lambda d: load_riskfree(data_dir=d, start="2025-01-27", end="2025-01-27"),
}


def test_same_size_edit_with_restored_mtime_is_caught(write_csv, tmp_path):
    """The cache is keyed by content: an edit that keeps size and mtime still fails the checksum."""
    path = write_csv(GOOD)
    assert load_prices("AAA", data_dir=tmp_path).iloc[-1, 0] == 10.8
    st = path.stat()
    path.write_text(GOOD.replace("10.8,120", "19.8,120"))  # same length
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    with pytest.raises(ChecksumError, match="prices_daily.csv"):
        load_prices("AAA", data_dir=tmp_path)
    # an intended change (manifest updated) is seen at once, not served from the stale cache
    write_csv(GOOD.replace("10.8,120", "19.8,120"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert load_prices("AAA", data_dir=tmp_path).iloc[-1, 0] == 19.8


# ----------------------------------------------------------------- Yahoo cache


def _yf_frame() -> pd.DataFrame:
    """A small yfinance-shaped frame (hand-written values; NVDA closes of 2025-01-24/27)."""
    idx = pd.DatetimeIndex(["2025-01-24", "2025-01-27"], name="Date")
    cols = pd.MultiIndex.from_product([["Close", "Open", "Volume"], ["NVDA"]], names=["Price", "Ticker"])
    return pd.DataFrame([[142.62, 146.0, 2.3e8], [118.42, 124.8, 8.2e8]], index=idx, columns=cols)


@pytest.fixture
def yahoo(tmp_path, monkeypatch):
    """Yahoo loader with a counting fake downloader and a private cache directory."""
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path / "cache"))
    calls: list[list[str]] = []

    def fake(tickers, start=None, end=None, auto_adjust=None):
        calls.append(list(tickers))
        return _yf_frame()

    def load() -> pd.DataFrame:
        return online.load_long_yahoo(["NVDA"], start="2025-01-24", end="2025-01-27", downloader=fake)

    first = load()
    assert len(calls) == 1
    csv_path, meta_path = online._cache_paths(["NVDA"], "2025-01-24", "2025-01-27", False)
    assert csv_path.is_file() and meta_path.is_file()
    assert csv_path.parent == tmp_path / "cache"  # never the user's real cache
    return load, calls, csv_path, meta_path, first


def _check_refetched(load, calls, csv_path: Path, meta_path: Path, first: pd.DataFrame, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger=online.__name__):
        again = load()
    assert len(calls) == 2, "the damaged cache was used instead of downloading again"
    pd.testing.assert_frame_equal(again, first)
    meta = json.loads(meta_path.read_text())
    assert meta["sha256"] == sha256_file(csv_path)  # rewritten consistently
    assert not list(csv_path.parent.glob("*.tmp"))
    load()
    assert len(calls) == 2  # and the fresh cache is used again


def test_cache_hit_does_not_download(yahoo):
    load, calls, *_ = yahoo
    load()
    assert len(calls) == 1


def test_truncated_cache_csv_is_refetched(yahoo, caplog):
    load, calls, csv_path, meta_path, first = yahoo
    assert os.environ["EVENTSTUDY_CACHE"] == str(csv_path.parent)
    data = csv_path.read_bytes()
    csv_path.write_bytes(data[: len(data) - 15])
    _check_refetched(load, calls, csv_path, meta_path, first, caplog)
    assert "discarding corrupt Yahoo cache" in caplog.text


def test_sidecar_with_wrong_digest_is_refetched(yahoo, caplog):
    load, calls, csv_path, meta_path, first = yahoo
    meta = json.loads(meta_path.read_text())
    meta["sha256"] = WRONG
    meta_path.write_text(json.dumps(meta))
    _check_refetched(load, calls, csv_path, meta_path, first, caplog)
    assert "sha256 mismatch" in caplog.text


@pytest.mark.parametrize(
    "damage", ["missing-sidecar", "empty-sidecar", "not-json", "no-sha256-key", "missing-csv"]
)
def test_damaged_sidecar_or_missing_csv_is_refetched(yahoo, caplog, damage):
    load, calls, csv_path, meta_path, first = yahoo
    if damage == "missing-sidecar":
        meta_path.unlink()
    elif damage == "empty-sidecar":
        meta_path.write_text("")
    elif damage == "not-json":
        meta_path.write_text('{"sha256": "abc"')
    elif damage == "no-sha256-key":
        meta = json.loads(meta_path.read_text())
        del meta["sha256"]
        meta_path.write_text(json.dumps(meta))
    elif damage == "missing-csv":
        csv_path.unlink()
    _check_refetched(load, calls, csv_path, meta_path, first, caplog)


def test_cache_csv_with_matching_sidecar_but_edited_values(yahoo, caplog):
    """A consistent but forged pair (edited CSV + recomputed sidecar) is the user's choice; it is read."""
    load, calls, csv_path, meta_path, _ = yahoo
    csv_path.write_text(csv_path.read_text().replace("118.42", "118.43"))
    meta = json.loads(meta_path.read_text())
    meta["sha256"] = sha256_file(csv_path)
    meta_path.write_text(json.dumps(meta))
    got = load()
    assert len(calls) == 1 and got["close"].iloc[-1] == 118.43


def test_crash_during_write_leaves_no_partial_file(yahoo, monkeypatch):
    """A failure before the atomic rename keeps the previous cache intact and leaves no temp file."""
    load, calls, csv_path, meta_path, first = yahoo
    before_csv, before_meta = csv_path.read_bytes(), meta_path.read_bytes()

    def boom(src, dst):
        raise OSError("disk full (simulated)")

    with monkeypatch.context() as mp:  # (not monkeypatch.undo(): that would drop $EVENTSTUDY_CACHE too)
        mp.setattr(online.os, "replace", boom)
        with pytest.raises(OSError, match="simulated"):
            online.load_long_yahoo(
                ["NVDA"],
                start="2025-01-24",
                end="2025-01-27",
                refresh=True,
                downloader=lambda *a, **k: _yf_frame(),
            )
    assert csv_path.read_bytes() == before_csv and meta_path.read_bytes() == before_meta
    assert not list(csv_path.parent.glob("*.tmp"))
    pd.testing.assert_frame_equal(load(), first)
    assert len(calls) == 1


def test_atomic_write_replaces_in_one_step(tmp_path, monkeypatch):
    """``_atomic_write`` writes to a temporary file in the same directory, then ``os.replace``s it."""
    target = tmp_path / "x.csv"
    target.write_bytes(b"old")
    seen: list[tuple[str, bytes]] = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((str(src), Path(src).read_bytes()))
        assert Path(dst).read_bytes() == b"old"  # the target is untouched until the rename
        real_replace(src, dst)

    monkeypatch.setattr(online.os, "replace", spy)
    online._atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(seen) == 1 and Path(seen[0][0]).parent == tmp_path and seen[0][1] == b"new"
    assert not list(tmp_path.glob("*.tmp"))


def test_cache_frame_values(yahoo):
    """Sanity: the cached frame holds the downloaded closes."""
    *_, first = yahoo
    assert first["close"].tolist() == [142.62, 118.42]
    assert np.isfinite(first["open"]).all()


# ----------------------------------------------------------------- race safety (issue 13)


def test_parses_exactly_the_bytes_it_hashed(write_csv, tmp_path, monkeypatch):
    """A file replaced between hashing and parsing used to be read unchecked: now the bytes are read
    once, so swapping the file right after the read changes nothing (and the next load sees the swap)."""
    path = write_csv(GOOD)
    good_digest = sha256_file(path)
    real = snapshot.read_verified

    def read_then_swap(p, expected=None):
        out = real(p, expected)
        Path(p).write_text(GOOD.replace("10.8,120", "99.9,120"))  # replaced after the hash
        return out

    snapshot.clear_cache()
    monkeypatch.setattr(snapshot, "read_verified", read_then_swap)
    frame = read_price_file(path, expected_sha256=good_digest)
    assert frame["close"].tolist() == [10.5, 10.8]  # the hashed bytes, not the swapped file
    monkeypatch.setattr(snapshot, "read_verified", real)
    with pytest.raises(ChecksumError, match="sha256 mismatch"):
        read_price_file(path, expected_sha256=good_digest)


def _fake_download(tickers, start=None, end=None, auto_adjust=None):
    """A picklable stand-in for yfinance: NVDA closes, the last one tagged by the calling process."""
    import time

    frame = _yf_frame()
    tag = 100.0 + (os.getpid() % 997) / 1000.0
    frame.loc[frame.index[-1], ("Close", "NVDA")] = tag
    _DOWNLOADED.append(tag)
    time.sleep(0.002)  # widen the window in which another process could interleave
    return frame


_DOWNLOADED: list[float] = []


def _hammer(args: tuple[str, int, int]) -> list[str]:
    cache, worker, n = args
    os.environ["EVENTSTUDY_CACHE"] = cache
    failures: list[str] = []

    class Count(logging.Handler):  # a sound cache is never seen half-written ("discarding corrupt")
        def emit(self, record: logging.LogRecord) -> None:
            failures.append(f"saw a torn entry: {record.getMessage()[:80]}")

    logger = logging.getLogger(online.__name__)
    logger.addHandler(Count(level=logging.WARNING))
    logger.propagate = False
    for i in range(n):
        before = len(_DOWNLOADED)
        try:
            df = online.load_long_yahoo(
                ["NVDA"],
                start="2025-01-24",
                end="2025-01-27",
                refresh=(i + worker) % 4 == 0,
                downloader=_fake_download,
            )
            last = float(df["close"].iloc[-1])
            if len(_DOWNLOADED) > before and last != _DOWNLOADED[-1]:
                failures.append(f"returned {last}, downloaded {_DOWNLOADED[-1]}")
            if df["close"].iloc[0] != 142.62 or not 100.0 <= last < 101.0:
                failures.append(f"wrong frame {df['close'].tolist()}")
        except Exception as exc:  # any failure counts, typed or not
            failures.append(f"{type(exc).__name__}: {exc}")
    return failures


def test_yahoo_cache_shared_by_processes_never_fails(tmp_path):
    """Four processes x 40 calls (a quarter of them refreshing) on one cache entry: 0 failures.

    Before the lock the same load failed 48 of 160 calls (checksum mismatches, "does not exist",
    an untyped FileNotFoundError). Each call also gets back exactly the frame it downloaded, and
    no reader ever sees a CSV next to another writer's sidecar (without the lock, the same run
    logs dozens of "discarding corrupt Yahoo cache" and downloads again each time).
    """
    import multiprocessing as mp

    cache = str(tmp_path / "cache")
    ctx = mp.get_context("fork")
    with ctx.Pool(4) as pool:
        results = pool.map(_hammer, [(cache, w, 40) for w in range(4)])
    failures = [f for r in results for f in r]
    assert failures == [], failures[:5]
    # the entry left behind is consistent: its sidecar vouches for its bytes
    csvs = list((tmp_path / "cache").glob("yahoo_*.csv"))
    (csv_path,) = csvs
    meta = json.loads(csv_path.with_suffix(".json").read_text())
    assert meta["sha256"] == sha256_file(csv_path)
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_download_returns_the_frame_it_downloaded_even_if_the_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path / "cache"))
    real_write = online._atomic_write

    def write_then_tamper(path, data):
        real_write(path, data)
        if path.suffix == ".csv":  # another writer replaces the CSV right after ours
            path.write_text(path.read_text().replace("118.42", "1.0"))

    monkeypatch.setattr(online, "_atomic_write", write_then_tamper)
    df = online.load_long_yahoo(
        ["NVDA"], start="2025-01-24", end="2025-01-27", downloader=lambda *a, **k: _yf_frame()
    )
    assert df["close"].tolist() == [142.62, 118.42]


def test_yfinance_own_cache_lives_inside_eventstudy_cache(tmp_path, monkeypatch):
    yf = pytest.importorskip("yfinance")
    import yfinance.cache as yfc

    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path / "cache"))
    seen = {}

    def fake_download(tickers, **kw):
        seen["tz"] = yfc._TzDBManager.get_location()
        seen["cookie"] = yfc._CookieDBManager.get_location()
        seen["kw"] = kw
        return _yf_frame()

    monkeypatch.setattr(yf, "download", fake_download)
    prev = yfc._TzDBManager.get_location()
    try:
        online.download_yahoo(["NVDA"], start="2025-01-24", end="2025-01-27")
    finally:
        yfc.set_cache_location(prev)
    assert seen["tz"] == seen["cookie"] == str(tmp_path / "cache" / "yfinance")
    assert seen["kw"]["end"] == "2025-01-28" and seen["kw"]["auto_adjust"] is False  # end inclusive
    with pytest.raises(es_errors.SpecificationError, match="start='x' is not a date"):
        online.download_yahoo(["NVDA"], start="x")
