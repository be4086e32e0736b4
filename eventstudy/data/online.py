"""Online prices from Yahoo Finance (via ``yfinance``), cached on disk.

Prices are downloaded with ``auto_adjust=False``: Yahoo's ``Close`` is then split-adjusted
but **not** dividend-adjusted, the same convention as the bundled IBKR snapshot
(``Adj Close`` is ignored). Pass ``auto_adjust=True`` to get dividend-adjusted OHLC instead.

Downloads are cached under ``$EVENTSTUDY_CACHE`` (default ``~/.cache/eventstudy``) as a
long-format CSV plus a sidecar JSON recording provider, UTC fetch time, symbols and the CSV's
sha256. yfinance's own caches (time zones, cookies) are kept in ``$EVENTSTUDY_CACHE/yfinance``.

Concurrency: every read or write of one cache entry happens under an exclusive
:func:`fcntl.flock` on the entry's ``.lock`` file, and both files are written atomically
(temporary file + :func:`os.replace`), so processes sharing the cache never see a CSV without
its sidecar or a sidecar of another CSV. The CSV's bytes are read once, hashed and parsed
from memory (the parsed bytes are the hashed bytes); a download returns the frame parsed
from exactly the bytes it wrote. A cache file whose sha256 does not match its sidecar is
discarded and downloaded again, never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ChecksumError, DataError, MissingDataError, UnknownSymbolError
from ..validation import parse_date
from .checksums import read_verified, sha256_bytes, sha256_file  # noqa: F401 (sha256_file: re-export)
from .snapshot import LONG_COLUMNS, _parse_price_csv

try:  # POSIX advisory locks; elsewhere the cache relies on atomic renames only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "cache_dir",
    "yfinance_cache_dir",
    "yahoo_frame_to_long",
    "download_yahoo",
    "load_long_yahoo",
    "PROVIDER",
]

log = logging.getLogger(__name__)

PROVIDER = "yahoo (yfinance)"

_FIELD_MAP = {"open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume"}


def cache_dir() -> Path:
    """Cache directory: ``$EVENTSTUDY_CACHE`` or ``~/.cache/eventstudy`` (created if needed)."""
    d = Path(os.environ.get("EVENTSTUDY_CACHE") or Path.home() / ".cache" / "eventstudy").expanduser()
    d.mkdir(parents=True, exist_ok=True)
    return d


def _ticker(symbol: str) -> str:
    """Yahoo ticker of a requested symbol (``NVDA@yahoo`` -> ``NVDA``)."""
    base, _, suffix = symbol.partition("@")
    if suffix and suffix.lower() != "yahoo":
        raise UnknownSymbolError(f"{symbol!r} is not a Yahoo series; use the bare ticker or 'TICKER@yahoo'")
    return base


def yahoo_frame_to_long(
    df: pd.DataFrame,
    symbols: Iterable[str] | None = None,
    source: str = "Yahoo Finance via yfinance (auto_adjust=False: split-adjusted, not dividend-adjusted)",
) -> pd.DataFrame:
    """Convert a ``yfinance.download`` frame to the package's long format.

    Parameters
    ----------
    df : DataFrame
        yfinance output: DatetimeIndex and MultiIndex columns ``(field, ticker)`` with fields
        such as ``Open, High, Low, Close, Adj Close, Volume``; single-level field columns are
        accepted when exactly one symbol is given.
    symbols : iterable of str, optional
        Names to give the series, in order, matched to tickers via :func:`_ticker`
        (``NVDA@yahoo`` takes ticker ``NVDA``). Default: the tickers in ``df``.
    source : str
        Value of the ``source`` column.

    Returns
    -------
    DataFrame
        ``date,symbol,open,high,low,close,volume,source``; one row per symbol and date with a
        close (rows where a ticker has no close, e.g. a stock on a weekend next to crypto,
        are dropped). ``Adj Close`` is not used.

    Raises
    ------
    DataError
        No ``Close`` field, or single-level columns with several symbols.
    UnknownSymbolError
        A requested symbol has no close at all (Yahoo returns all-NaN for unknown tickers).
    """
    if df is None or len(df) == 0:
        raise MissingDataError("Yahoo returned no rows; check the tickers and the date range")
    frame = df.copy()
    syms = list(symbols) if symbols is not None else None
    if not isinstance(frame.columns, pd.MultiIndex):
        if syms is None or len(syms) != 1:
            raise DataError("single-level yfinance columns need exactly one symbol")
        frame.columns = pd.MultiIndex.from_product([frame.columns, [_ticker(syms[0])]])
    lvl0 = [str(x).lower() for x in frame.columns.get_level_values(0)]
    if "close" not in lvl0:  # yfinance group_by="ticker" puts the ticker first
        frame = frame.swaplevel(0, 1, axis=1)
        lvl0 = [str(x).lower() for x in frame.columns.get_level_values(0)]
        if "close" not in lvl0:
            raise DataError(f"no Close field in the yfinance frame (columns {list(df.columns)[:6]})")
    frame.columns = pd.MultiIndex.from_arrays([lvl0, [str(t) for t in frame.columns.get_level_values(1)]])
    frame = frame.loc[:, [f in _FIELD_MAP for f in lvl0]]
    tickers = list(dict.fromkeys(frame.columns.get_level_values(1)))
    if syms is None:
        syms = tickers
    names = {_ticker(s): s for s in syms}
    missing = [s for s in syms if _ticker(s) not in tickers]
    if missing:
        raise UnknownSymbolError(f"Yahoo returned no data for {missing}; check the tickers")
    idx = pd.DatetimeIndex(frame.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    frame.index = idx.normalize().rename("date")
    long = frame.stack(level=1).rename_axis(["date", "ticker"]).reset_index()
    long = long[long["ticker"].isin(list(names))]
    for col in _FIELD_MAP:
        if col not in long.columns:
            long[col] = np.nan
    empty = [names[t] for t in names if not long.loc[long["ticker"] == t, "close"].notna().any()]
    if empty:
        raise UnknownSymbolError(f"Yahoo returned no prices for {empty}; check the tickers")
    long = long[long["close"].notna()]
    long["symbol"] = long["ticker"].map(names)
    long["source"] = source
    rank = {s: k for k, s in enumerate(syms)}
    long = long.assign(_k=long["symbol"].map(rank)).sort_values(["_k", "date"], kind="stable")
    out = long[LONG_COLUMNS].reset_index(drop=True)
    for col in _FIELD_MAP:
        out[col] = out[col].astype("float64")
    out["date"] = out["date"].astype("datetime64[ns]")
    out["symbol"] = out["symbol"].astype(str)
    return out


def yfinance_cache_dir() -> Path:
    """Where yfinance keeps its own caches: ``cache_dir() / "yfinance"`` (created if needed)."""
    d = cache_dir() / "yfinance"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _point_yfinance_cache(yf: object) -> None:
    """Keep yfinance's time-zone/cookie caches inside ``$EVENTSTUDY_CACHE``."""
    loc = str(yfinance_cache_dir())
    cache = getattr(yf, "cache", None)
    if cache is not None and hasattr(cache, "set_cache_location"):
        cache.set_cache_location(loc)
    elif hasattr(yf, "set_tz_cache_location"):  # older yfinance
        yf.set_tz_cache_location(loc)


def download_yahoo(
    tickers: list[str], start: object = None, end: object = None, auto_adjust: bool = False
) -> pd.DataFrame:
    """Download daily bars with ``yfinance.download`` (network).

    ``auto_adjust`` is passed explicitly (default False: split-adjusted, not dividend-adjusted
    ``Close``). ``end`` is inclusive here (yfinance's is exclusive, so one day is added).
    yfinance's own caches are pointed into ``$EVENTSTUDY_CACHE/yfinance`` first.
    """
    try:
        import yfinance as yf
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise DataError("source='yahoo' needs yfinance: pip install 'deepseek-eventstudy[online]'") from exc
    _point_yfinance_cache(yf)
    start_ts, end_ts = parse_date(start, "start"), parse_date(end, "end")
    end_excl = None if end_ts is None else (end_ts + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    start_s = None if start_ts is None else start_ts.strftime("%Y-%m-%d")
    return yf.download(
        tickers,
        start=start_s,
        end=end_excl,
        auto_adjust=auto_adjust,
        actions=False,
        group_by="column",
        progress=False,
        threads=True,
        multi_level_index=True,
    )


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (one cache entry) for the block."""
    with open(lock_path, "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _cache_paths(symbols: list[str], start: object, end: object, auto_adjust: bool) -> tuple[Path, Path]:
    start_ts, end_ts = parse_date(start, "start"), parse_date(end, "end")
    end_key = str(end_ts.date()) if end_ts is not None else "open-" + datetime.now(UTC).date().isoformat()
    start_key = str(start_ts.date()) if start_ts is not None else "all"
    key = json.dumps([sorted(symbols), start_key, end_key, bool(auto_adjust)])
    h = hashlib.sha256(key.encode()).hexdigest()[:20]
    d = cache_dir()
    return d / f"yahoo_{h}.csv", d / f"yahoo_{h}.json"


def _read_cache(csv_path: Path, meta_path: Path) -> pd.DataFrame | None:
    """The cached frame, or None (absent or corrupt: then both files are removed). Call under the lock."""
    if not (csv_path.is_file() and meta_path.is_file()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data, _ = read_verified(csv_path, str(meta["sha256"]))
        return _parse_price_csv(data, csv_path)
    except (ChecksumError, DataError, KeyError, TypeError, ValueError, OSError) as exc:
        log.warning("discarding corrupt Yahoo cache %s (%s); downloading again", csv_path, exc)
        for p in (csv_path, meta_path):
            p.unlink(missing_ok=True)
        return None


def load_long_yahoo(
    symbols: Iterable[str],
    start: object = None,
    end: object = None,
    auto_adjust: bool = False,
    refresh: bool = False,
    downloader: Callable[..., pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Daily Yahoo prices in the long format, from the disk cache or the network.

    Parameters
    ----------
    symbols : iterable of str
        Yahoo tickers (``X@yahoo`` accepted and kept as the series name).
    start, end : date-like, optional
        Inclusive bounds. A request without ``end`` is cached for the current UTC day only.
    auto_adjust : bool, default False
        Passed to yfinance explicitly; False keeps the unadjusted-for-dividends ``Close``.
    refresh : bool, default False
        Ignore an existing cache entry.
    downloader : callable, optional
        Replacement for :func:`download_yahoo` (tests); called as
        ``downloader(tickers, start=..., end=..., auto_adjust=...)``.

    Returns
    -------
    DataFrame
        Long format ``date,symbol,open,high,low,close,volume,source``: parsed from the cached
        CSV's bytes (checked against the sidecar's sha256) or, after a download, from exactly
        the bytes written to the cache.

    Raises
    ------
    SpecificationError
        ``start``/``end`` not dates, or no symbols.
    UnknownSymbolError, MissingDataError, DataError
        What Yahoo returned is unusable.
    """
    from ..errors import SpecificationError

    if symbols is None:
        raise SpecificationError("load_long_yahoo needs symbols, e.g. ['NVDA', '^GSPC']; got None")
    syms = [symbols] if isinstance(symbols, str) else [str(s) for s in symbols]
    if not syms:
        raise SpecificationError("no symbols requested")
    csv_path, meta_path = _cache_paths(syms, start, end, auto_adjust)
    with _locked(csv_path.with_suffix(".lock")):
        if not refresh:
            cached = _read_cache(csv_path, meta_path)
            if cached is not None:
                return cached
        fetch = downloader or download_yahoo
        tickers = list(dict.fromkeys(_ticker(s) for s in syms))
        raw = fetch(tickers, start=start, end=end, auto_adjust=auto_adjust)
        long = yahoo_frame_to_long(raw, syms)
        payload = long.assign(date=long["date"].dt.strftime("%Y-%m-%d")).to_csv(index=False).encode()
        digest = sha256_bytes(payload)
        meta = {
            "provider": PROVIDER,
            "fetched_at_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "symbols": syms,
            "tickers": tickers,
            "start": None if start is None else str(pd.Timestamp(start).date()),
            "end": None if end is None else str(pd.Timestamp(end).date()),
            "auto_adjust": bool(auto_adjust),
            "file": csv_path.name,
            "sha256": digest,
        }
        # a crash between the two renames leaves an old sidecar next to a new CSV: a digest
        # mismatch, discarded and downloaded again, never a frame read unchecked
        _atomic_write(csv_path, payload)
        _atomic_write(meta_path, (json.dumps(meta, indent=2) + "\n").encode())
        return _parse_price_csv(payload, csv_path)
