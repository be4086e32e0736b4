"""Loaders for the bundled market-data snapshot and for user-supplied price files.

Every file goes through :func:`read_price_file`, which validates the long format
(``date,symbol,open,high,low,close,volume,source`` for daily data,
``timestamp_utc,symbol,open,high,low,close,volume`` for intraday bars) and raises a typed
error from :mod:`eventstudy.errors` on the first problem it finds. Snapshot files are
additionally checked against the sha256 recorded in ``SOURCES.md`` on every load.

Parsed files are cached in-process keyed by ``(path, sha256, mtime)``; callers always
receive copies, so mutating a returned frame never alters the cache.
"""

from __future__ import annotations

import csv
import difflib
import importlib
import io
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import (
    DataError,
    DuplicateDateError,
    InvalidPriceError,
    MissingDataError,
    SpecificationError,
    UnknownSymbolError,
    UnsortedDataError,
)
from ..validation import parse_date
from .checksums import expected_sha256, read_verified

__all__ = [
    "DAILY_FILE",
    "BARS_FILE",
    "RISKFREE_FILE",
    "LONG_COLUMNS",
    "BAR_COLUMNS",
    "FIELDS",
    "data_dir",
    "read_price_file",
    "load_long",
    "load_prices",
    "load_bars",
    "load_riskfree",
    "exchange_timezone",
    "clear_cache",
]

DAILY_FILE = "prices_daily.csv"
BARS_FILE = "prices_5m.csv"
RISKFREE_FILE = "riskfree_daily.csv"

PRICE_FIELDS: tuple[str, ...] = ("open", "high", "low", "close")
FIELDS: tuple[str, ...] = (*PRICE_FIELDS, "volume")
LONG_COLUMNS: list[str] = ["date", "symbol", *FIELDS, "source"]
BAR_COLUMNS: list[str] = ["timestamp", "symbol", *FIELDS]

_TIME_ALIASES = {"date": "date", "timestamp": "timestamp", "timestamp_utc": "timestamp"}

_CACHE: dict[tuple[str, str], pd.DataFrame] = {}
_CACHE_MAX = 16


def clear_cache() -> None:
    """Drop every parsed file held in the in-process cache."""
    _CACHE.clear()


# --------------------------------------------------------------------------- data directory


def data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Locate the data directory.

    Parameters
    ----------
    data_dir : str or Path, optional
        Explicit directory; used as is when given.

    Returns
    -------
    Path
        The argument, else ``$EVENTSTUDY_DATA``, else the default an application set with
        :func:`set_default_data_dir` (the DeepSeek application sets ``../shared/data`` next to
        its repository). The library itself knows no location.

    Raises
    ------
    DataError
        When the argument or ``$EVENTSTUDY_DATA`` is not a directory, or nothing is set.
    """
    return _find_data_dir(data_dir)


_DEFAULT_DATA_DIR: list[Path] = []


def set_default_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Set (or, with ``None``, clear) the data directory used when neither ``data_dir=`` nor
    ``$EVENTSTUDY_DATA`` is given. An application calls it once (``eventstudy.deepseek`` does)."""
    _DEFAULT_DATA_DIR.clear()
    if path is not None:
        _DEFAULT_DATA_DIR.append(Path(path).expanduser())


def _find_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit is not None:
        p = Path(explicit).expanduser()
        if not p.is_dir():
            raise DataError(f"data_dir {str(p)!r} is not a directory")
        return p
    env = os.environ.get("EVENTSTUDY_DATA")
    if env:
        p = Path(env).expanduser()
        if not p.is_dir():
            raise DataError(f"$EVENTSTUDY_DATA={env!r} is not a directory")
        return p
    if _DEFAULT_DATA_DIR:
        p = _DEFAULT_DATA_DIR[0]
        if not p.is_dir():
            raise DataError(f"the default data directory {str(p)!r} is not a directory; pass data_dir=")
        return p
    raise DataError(
        "no data directory: pass data_dir=... or set $EVENTSTUDY_DATA to the folder holding "
        f"{DAILY_FILE} and SOURCES.md"
    )


# --------------------------------------------------------------------------- parsing


def _last_line(data: bytes) -> str:
    tail = data[-65536:].decode("utf-8", errors="replace")
    lines = [ln for ln in tail.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _line_of(row: int) -> int:
    """1-based file line of a 0-based data row (header is line 1)."""
    return int(row) + 2


def _to_numeric(df: pd.DataFrame, col: str, path: Path) -> None:
    s = df[col]
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        df[col] = s.astype("float64")
        return
    coerced = pd.to_numeric(s, errors="coerce")
    text = s.astype("string").str.strip()
    bad = coerced.isna().to_numpy() & text.notna().to_numpy() & (text.fillna("") != "").to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"{path.name}: column {col!r} must be numeric but line {_line_of(i)} holds "
            f"{s.iloc[i]!r} ({int(bad.sum())} non-numeric value(s) in total); fix or remove those rows"
        )
    df[col] = coerced.astype("float64")


def _parse_times(raw: pd.Series, kind: str, path: Path) -> pd.Series:
    try:
        t = pd.to_datetime(raw, format="ISO8601")
    except ValueError as exc:
        if "timezone" in str(exc).lower() or "offset" in str(exc).lower():
            raise DataError(
                f"{path.name}: mixed time zones in column {raw.name!r} ({exc}); write every "
                "timestamp with the same zone, preferably UTC ('...Z')"
            ) from None
        coerced = pd.to_datetime(raw, format="ISO8601", errors="coerce", utc=True)
        bad = coerced.isna().to_numpy() & raw.notna().to_numpy()
        i = int(np.flatnonzero(bad)[0]) if bad.any() else 0
        raise DataError(
            f"{path.name}: column {raw.name!r} is not a date/time at line {_line_of(i)} ({raw.iloc[i]!r})"
        ) from None
    if t.isna().any():
        i = int(np.flatnonzero(t.isna().to_numpy())[0])
        raise DataError(f"{path.name}: empty {raw.name!r} at line {_line_of(i)}")
    if kind == "date":
        if t.dt.tz is not None:
            t = t.dt.tz_localize(None)
        return t.dt.normalize().astype("datetime64[ns]")
    if t.dt.tz is None:  # timestamps without a zone are taken to be UTC
        t = t.dt.tz_localize("UTC")
    return t.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")


def _check_unique_sorted(df: pd.DataFrame, tcol: str, path: Path) -> None:
    dup = df.duplicated([tcol, "symbol"], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        i = int(rows[0])
        raise DuplicateDateError(
            f"{path.name}: {df['symbol'].iat[i]} has {tcol} {df[tcol].iat[i]} more than once "
            f"(lines {', '.join(str(_line_of(r)) for r in rows[:4])}; {len(rows)} duplicated rows "
            "in total); keep one row per symbol and date"
        )
    codes, _ = pd.factorize(df["symbol"])
    order = np.argsort(codes, kind="stable")
    c = codes[order]
    t = pd.DatetimeIndex(df[tcol]).asi8[order]
    bad = (c[1:] == c[:-1]) & (t[1:] < t[:-1])
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        i_prev, i = int(order[k]), int(order[k + 1])
        raise UnsortedDataError(
            f"{path.name}: dates of {df['symbol'].iat[i]} are not increasing: "
            f"{df[tcol].iat[i]} (line {_line_of(i)}) comes after {df[tcol].iat[i_prev]} "
            f"(line {_line_of(i_prev)}); sort each symbol's rows by date"
        )


def _parse_price_csv(data: bytes, path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(io.BytesIO(data), dtype={"symbol": "string", "source": "string"})
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty (no header)") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot parse as CSV ({exc}); the file may be truncated") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    tcols = [c for c in df.columns if c in _TIME_ALIASES]
    tname = tcols[0] if tcols else "date"
    kind = _TIME_ALIASES.get(tname, "date")
    missing = [c for c in (tname, "symbol", "close") if c not in df.columns]
    if missing:
        raise DataError(
            f"{path.name}: missing required column(s) {missing}; found {list(df.columns)}. "
            "Expected date,symbol,open,high,low,close,volume,source (or timestamp_utc,... for bars)"
        )
    if len(df) == 0:
        raise DataError(f"{path.name}: no data rows (header only)")
    # A file cut in the middle of its last line leaves that row with too few fields.
    last = _last_line(data)
    nfields = len(next(csv.reader(io.StringIO(last)), []))
    if nfields < len(df.columns):
        raise DataError(
            f"{path.name}: the last line has {nfields} of {len(df.columns)} fields; "
            "the file looks truncated (re-download or restore it)"
        )
    for col in FIELDS:
        if col in df.columns:
            _to_numeric(df, col, path)
        else:
            df[col] = np.nan
    sym = df["symbol"].astype("string").str.strip()
    if sym.isna().any() or (sym == "").any():
        i = int(np.flatnonzero((sym.isna() | (sym == "")).to_numpy())[0])
        raise DataError(f"{path.name}: empty symbol at line {_line_of(i)}")
    df["symbol"] = sym.astype(str)
    df[kind] = _parse_times(df[tname], kind, path)
    if kind == "date":
        if "source" not in df.columns:
            df["source"] = path.name
        df["source"] = df["source"].astype("string").fillna("").astype(str)
        cols = LONG_COLUMNS
    else:
        cols = BAR_COLUMNS
    out = df[cols].copy()
    _check_unique_sorted(out, kind, path)
    return out


def _cached(
    path: Path, data: bytes, digest: str, parser: Callable[[bytes, Path], pd.DataFrame]
) -> pd.DataFrame:
    """Parse ``data`` (the bytes that were hashed to ``digest``) once per content."""
    key = (str(path.resolve()), digest)
    frame = _CACHE.get(key)
    if frame is None:
        frame = parser(data, path)
        stale = [k for k in _CACHE if k[0] == key[0]]  # older versions of the same file
        for k in stale:
            del _CACHE[k]
        while len(_CACHE) >= _CACHE_MAX:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = frame
    return frame.copy()


def read_price_file(path: str | os.PathLike[str], expected_sha256: str | None = None) -> pd.DataFrame:
    """Read and validate a long-format price file (snapshot or user-supplied).

    Parameters
    ----------
    path : str or Path
        CSV with columns ``date,symbol,close`` at least (``open,high,low,volume,source``
        optional), or ``timestamp_utc`` / ``timestamp`` instead of ``date`` for intraday bars.
        Timestamps without a zone are read as UTC.
    expected_sha256 : str, optional
        When given, the file's sha256 must match (checked on every call).

    Returns
    -------
    DataFrame
        Long frame: ``date`` (tz-naive) or ``timestamp`` (UTC), ``symbol``, ``open``,
        ``high``, ``low``, ``close``, ``volume`` (float, NaN where absent) and, for daily
        files, ``source``; rows in file order. A fresh copy on every call.

    Raises
    ------
    ChecksumError
        sha256 mismatch.
    DataError
        Missing/unreadable file, missing columns, text in a numeric column, truncated last
        line, unparseable dates or mixed time zones.
    DuplicateDateError
        A (date, symbol) pair occurs twice.
    UnsortedDataError
        A symbol's dates are not increasing.

    Notes
    -----
    Prices are checked (positive, finite) by the loaders only inside the requested
    symbols and date range, so a bad row elsewhere in a file does not block a study.
    """
    p = Path(path)
    if not p.is_file():
        raise DataError(f"price file {str(p)!r} does not exist")
    try:
        data, digest = read_verified(p, expected_sha256 or None)
    except OSError as exc:
        raise DataError(f"price file {str(p)!r} cannot be read: {exc}") from None
    return _cached(p, data, digest, _parse_price_csv)


# --------------------------------------------------------------------------- selection


def _as_list(symbols: str | Iterable[str] | None) -> list[str] | None:
    if symbols is None:
        return None
    if not isinstance(symbols, str) and not isinstance(symbols, Iterable):
        raise SpecificationError(
            f"symbols must be a string or a list of strings, e.g. ['NVDA', '^GSPC']; got {symbols!r}"
        )
    out = [symbols] if isinstance(symbols, str) else [str(s) for s in symbols]
    dup = sorted({s for s in out if out.count(s) > 1})
    if dup:
        raise SpecificationError(f"symbol(s) requested more than once: {dup}")
    if not out:
        raise SpecificationError("no symbols requested")
    return out


def _check_known(symbols: Sequence[str], available: Sequence[str], where: str) -> None:
    known = set(available)
    for s in symbols:
        if s not in known:
            matches = difflib.get_close_matches(s, list(available), n=5, cutoff=0.6)
            upper = [a for a in available if a.upper() == s.upper() and a not in matches]
            close = upper + matches
            hint = f"close matches: {close}" if close else "no close matches"
            raise UnknownSymbolError(
                f"unknown symbol {s!r} in {where}; {hint}. "
                f"{len(known)} symbols available (e.g. {sorted(known)[:8]})"
            )


def _bound(x: object, tcol: str, is_end: bool) -> pd.Timestamp | None:
    ts = parse_date(x, "end" if is_end else "start")
    if ts is None:
        return None
    if tcol == "date":
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.normalize()
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    if is_end and ts == ts.normalize():  # an end date includes that whole day
        ts = ts + pd.Timedelta(days=1) - pd.Timedelta(nanoseconds=1)
    return ts.tz_convert("UTC")


def _select(
    frame: pd.DataFrame,
    symbols: list[str] | None,
    start: object,
    end: object,
    tcol: str,
    where: str,
) -> pd.DataFrame:
    available = pd.unique(frame["symbol"]).tolist()
    if symbols is not None:
        _check_known(symbols, available, where)
    lo, hi = _bound(start, tcol, False), _bound(end, tcol, True)
    if lo is not None and hi is not None and hi < lo:
        raise SpecificationError(f"end {end} is before start {start}")
    mask = np.ones(len(frame), dtype=bool)
    if symbols is not None:
        mask &= frame["symbol"].isin(symbols).to_numpy()
    t = frame[tcol]
    if lo is not None:
        mask &= (t >= lo).to_numpy()
    if hi is not None:
        mask &= (t <= hi).to_numpy()
    out = frame.loc[mask]
    order = symbols if symbols is not None else available
    present = set(pd.unique(out["symbol"]).tolist())
    absent = [s for s in order if s not in present]
    if absent:
        raise MissingDataError(
            f"no rows for {absent} between {start or 'the first date'} and {end or 'the last date'} "
            f"in {where}; widen the date range"
        )
    rank = pd.Series(np.arange(len(order)), index=order)
    key = rank.reindex(out["symbol"].to_numpy()).to_numpy()
    out = out.assign(_k=key).sort_values(["_k", tcol], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def _check_prices(frame: pd.DataFrame, fields: Iterable[str], tcol: str) -> None:
    for col in fields:
        v = frame[col].to_numpy(dtype="float64")
        if col == "volume":
            bad = np.isinf(v) | (v < 0)
        elif col == "close":
            bad = ~np.isfinite(v) | (v <= 0)
        else:  # open/high/low may be absent (close-only series), never non-positive
            bad = np.isinf(v) | (v <= 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            sym, when = frame["symbol"].iat[i], frame[tcol].iat[i]
            raise InvalidPriceError(
                f"invalid {col} for {sym} on {when}: {v[i]!r} ({int(bad.sum())} invalid value(s) in "
                "the requested range); prices must be finite and positive. Fix the source file or "
                "exclude those dates"
            )


def _long_frame(
    symbols: list[str] | None,
    source: str,
    data_dir_: str | os.PathLike[str] | None,
    start: object,
    end: object,
) -> tuple[pd.DataFrame, str]:
    if source == "snapshot":
        path = _find_data_dir(data_dir_) / DAILY_FILE
        return read_price_file(path, expected_sha256(path)), str(path)
    if source == "yahoo":
        # the online source builds on this module (read_price_file, LONG_COLUMNS): looked up by
        # name at call time, so there is no import circle snapshot <-> online
        load_long_yahoo = importlib.import_module("eventstudy.data.online").load_long_yahoo
        if symbols is None:
            raise SpecificationError("source='yahoo' needs an explicit list of symbols")
        return load_long_yahoo(symbols, start=start, end=end), "Yahoo Finance"
    p = Path(source)
    if p.suffix.lower() == ".csv" or p.is_file():
        return read_price_file(p), str(p)
    raise SpecificationError(f"unknown source {source!r}; use 'snapshot', 'yahoo' or a path to a CSV file")


# --------------------------------------------------------------------------- public loaders


def load_long(
    symbols: str | Iterable[str] | None = None,
    start: object = None,
    end: object = None,
    source: str = "snapshot",
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Load daily prices in the long format ``date,symbol,open,high,low,close,volume,source``.

    Parameters
    ----------
    symbols : str or iterable of str, optional
        Series to load (all when omitted). ``NVDA@yahoo`` and ``NVDA`` are distinct series.
    start, end : date-like, optional
        Inclusive bounds.
    source : {"snapshot", "yahoo"} or path, default "snapshot"
        The bundled snapshot (sha256-checked), Yahoo Finance via :mod:`eventstudy.data.online`,
        or a user CSV file in the same format.
    data_dir : str or Path, optional
        Snapshot directory (see :func:`data_dir`).

    Returns
    -------
    DataFrame
        Rows ordered by requested symbol, then date; a copy the caller may modify.

    Raises
    ------
    UnknownSymbolError, MissingDataError, InvalidPriceError, ChecksumError, DataError
    """
    syms = _as_list(symbols)
    frame, where = _long_frame(syms, source, data_dir, start, end)
    out = _select(frame, syms, start, end, "date", where)
    _check_prices(out, FIELDS, "date")
    return out


def load_prices(
    symbols: str | Iterable[str],
    start: object = None,
    end: object = None,
    field: str = "close",
    source: str = "snapshot",
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Load one price field as a wide frame (one column per symbol).

    Parameters
    ----------
    symbols : str or iterable of str
        Series to load; columns come back in this order.
    start, end : date-like, optional
        Inclusive bounds.
    field : {"open", "high", "low", "close", "volume"}, default "close"
        Which field.
    source : {"snapshot", "yahoo"} or path, default "snapshot"
        See :func:`load_long`.
    data_dir : str or Path, optional
        Snapshot directory.

    Returns
    -------
    DataFrame
        DatetimeIndex ``date`` (tz-naive, normalised, sorted); NaN only where a symbol has
        no row that date (e.g. stocks on weekends next to crypto). Volume may also be NaN
        where the source left it empty.

    Raises
    ------
    UnknownSymbolError
        Symbol not in the source (the message lists close matches).
    MissingDataError
        The source has no value of ``field`` for a symbol (close-only series), or no rows
        in the range.
    InvalidPriceError
        Non-positive, infinite or missing price of ``field`` in the requested range.
    SpecificationError
        Unknown ``field`` or ``source``.
    """
    if field not in FIELDS:
        raise SpecificationError(f"field must be one of {list(FIELDS)}, not {field!r}")
    syms = _as_list(symbols)
    if syms is None:
        raise SpecificationError(
            "load_prices needs the symbols to load, e.g. load_prices(['NVDA', '^GSPC']); got None "
            "(load_long() without symbols returns every series in the long format)"
        )
    frame, where = _long_frame(syms, source, data_dir, start, end)
    long = _select(frame, syms, start, end, "date", where)
    has = long[field].notna().groupby(long["symbol"]).any()
    lacking = [s for s in syms if not has.get(s, False)]
    if lacking:
        raise MissingDataError(
            f"{where} has no {field!r} for {lacking} (close-only series); use field='close' or another source"
        )
    _check_prices(long, [field], "date")
    wide = long.pivot(index="date", columns="symbol", values=field)
    wide = wide.reindex(columns=syms).sort_index()
    wide.index = pd.DatetimeIndex(wide.index, name="date").as_unit("ns")
    wide.columns = pd.Index(syms, dtype=object)
    return wide.astype("float64")


def exchange_timezone(symbol: str) -> str:
    """IANA time zone of a symbol's listing, from the one symbol table :func:`eventstudy.markets.market_for`.

    ``*.TW`` -> Asia/Taipei, ``*.KS`` -> Asia/Seoul, crypto (``-USD``, ``-EUR``, ...) -> UTC,
    registered names -> their zone, everything else -> America/New_York.
    """
    from ..markets import market_for

    return market_for(symbol).timezone


def load_bars(
    symbols: str | Iterable[str],
    start: object = None,
    end: object = None,
    tz: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Load 5-minute bars from ``prices_5m.csv``.

    Parameters
    ----------
    symbols : str or iterable of str
        Symbols to load.
    start, end : date-like, optional
        Inclusive bounds; naive values are UTC, and a bare end date includes that whole day.
    tz : None, "exchange" or str, optional
        ``None`` keeps UTC; ``"exchange"`` converts to the listing's zone (America/New_York
        for US symbols; all requested symbols must share it); any other IANA name converts to it.
    data_dir : str or Path, optional
        Snapshot directory.

    Returns
    -------
    DataFrame
        Columns ``timestamp`` (tz-aware), ``symbol``, ``open``, ``high``, ``low``, ``close``,
        ``volume``; ordered by requested symbol, then time.
    """
    syms = _as_list(symbols)
    if syms is None:
        raise SpecificationError("load_bars needs the symbols to load, e.g. load_bars('NVDA'); got None")
    path = _find_data_dir(data_dir) / BARS_FILE
    frame = read_price_file(path, expected_sha256(path))
    out = _select(frame, syms, start, end, "timestamp", str(path))
    _check_prices(out, FIELDS, "timestamp")
    if tz is None:
        return out
    if tz == "exchange":
        zones = {exchange_timezone(s) for s in syms}
        if len(zones) > 1:
            raise SpecificationError(
                f"tz='exchange' needs symbols of one time zone, got {sorted(zones)}; pass tz='UTC' or a zone name"
            )
        tz = zones.pop()
    try:
        out["timestamp"] = out["timestamp"].dt.tz_convert(tz)
    except Exception as exc:  # unknown zone name
        raise SpecificationError(f"unknown time zone {tz!r}: {exc}") from None
    return out


def _parse_riskfree(data: bytes, path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(io.BytesIO(data))
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise DataError(f"{path}: cannot parse ({exc})") from None
    df.columns = [str(c).strip().lower() for c in df.columns]
    if "date" not in df.columns:
        raise DataError(f"{path.name}: missing required column(s) ['date']; found {list(df.columns)}")
    values = [c for c in df.columns if c != "date"]
    for col in values:
        _to_numeric(df, col, path)
    df["date"] = _parse_times(df["date"], "date", path)
    df["symbol"] = "riskfree"
    _check_unique_sorted(df, "date", path)
    return df.set_index(pd.DatetimeIndex(df["date"], name="date"))[values]


def load_riskfree(
    data_dir: str | os.PathLike[str] | None = None, start: object = None, end: object = None
) -> pd.DataFrame:
    """Load the daily FRED Treasury yields (``dgs1mo_pct``, ``dgs3mo_pct``, percent per year).

    Parameters
    ----------
    data_dir : str or Path, optional
        Snapshot directory.
    start, end : date-like, optional
        Inclusive bounds.

    Returns
    -------
    DataFrame
        Indexed by ``date``; NaN where FRED has no value (US bond-market holidays).
    """
    path = _find_data_dir(data_dir) / RISKFREE_FILE
    if not path.is_file():
        raise DataError(f"risk-free file {str(path)!r} does not exist")
    data, digest = read_verified(path, expected_sha256(path))
    df = _cached(path, data, digest, _parse_riskfree)
    lo, hi = _bound(start, "date", False), _bound(end, "date", True)
    return df.loc[lo:hi].copy()
