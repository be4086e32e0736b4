"""SYNTHETIC data for the library's depth tests (none of it is market data).

Everything here is drawn from a seeded :func:`numpy.random.default_rng` on real XNYS sessions
(the calendar is real, the prices are not), so the library's tests run without the private
snapshot. Tickers are made-up labels (``S00`` .. ``S09``, ``AAA``, ``BBB``, ``CLO``, ``MKT``) so
no synthetic number can be mistaken for a real one.

* :func:`daily_panel` -- a market-model panel of daily returns with a known day-0 shock.
* :func:`write_snapshot` -- a folder laid out like a snapshot (``prices_daily.csv``,
  ``prices_5m.csv``, ``riskfree_daily.csv`` and the ``SOURCES.md`` sha256 lines), to pass
  as ``data_dir=`` to the loaders.
* :func:`daily_long`, :func:`intraday_bars`, :func:`riskfree_table` -- the three files' contents.

The few hand-written values the tests check by hand are listed in :data:`HAND_DAILY` and
:data:`HAND_YIELDS`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import eventstudy as es
from eventstudy.data import sha256_file

EVENT = "2025-01-27"  # a real XNYS session; the returns around it are simulated
TICKERS = tuple(f"S{i:02d}" for i in range(10))
DAILY_START, DAILY_END = "2023-09-01", "2025-03-31"
RISKFREE_START = "2023-08-01"
BAR_DAYS = ("2025-01-17", "2025-01-28")  # sessions with 5-minute bars (first, last)

# Hand-written daily rows (open, close) of the synthetic stock AAA that the split checks use.
HAND_DAILY = {
    "2025-01-24": (148.00, 150.00),
    "2025-01-27": (130.00, 123.50),  # overnight 130/150 - 1 = -2/15, session 123.5/130 - 1 = -0.05
    "2025-02-26": (126.00, 125.00),
    "2025-02-27": (128.00, 115.20),  # overnight 128/125 - 1 = 0.024, session 115.2/128 - 1 = -0.1
}
# Hand-written 1-month yields (percent per year); 2024-10-14 (Columbus Day) has none.
HAND_YIELDS = {"2024-10-11": 4.90, "2024-10-14": np.nan, "2025-01-24": 4.40, "2025-01-27": 4.38}


def xnys_dates(start: str, n: int) -> pd.DatetimeIndex:
    """The first ``n`` XNYS sessions on or after ``start`` (named ``date``): synthetic series on a real calendar."""
    sess = es.calendars.sessions("XNYS", start, pd.Timestamp(start) + pd.Timedelta(days=2 * n + 30))
    return pd.DatetimeIndex(sess[:n], name="date")


def daily_panel(
    seed: int = 0,
    tickers: tuple[str, ...] = TICKERS,
    event: str = EVENT,
    shock: float | np.ndarray | None = None,
    start: str = DAILY_START,
    end: str = DAILY_END,
) -> tuple[pd.DataFrame, pd.Series]:
    """SYNTHETIC market-model returns ``R_it = a_i + b_i M_t + e_it`` on XNYS sessions.

    Betas are drawn from U(0.6, 1.8), residual volatilities from U(1%, 3%); the market is
    N(0.04%, 1%). ``shock`` (default: skewed draws, one of them -15%) is added to each asset's
    return on the event day, so event-window statistics have something to find.

    Returns
    -------
    (DataFrame, Series)
        Asset returns (one column per ticker) and the market's returns (``"MKT"``).
    """
    idx = es.sessions("XNYS", start, end)
    rng = np.random.default_rng(seed)
    n, T = len(tickers), idx.size
    m = rng.normal(0.0004, 0.01, T)
    beta = rng.uniform(0.6, 1.8, n)
    sig = rng.uniform(0.01, 0.03, n)
    r = 0.0002 + m[:, None] * beta + rng.normal(0.0, 1.0, (T, n)) * sig
    if shock is None:
        shock = rng.exponential(0.02, n) - 0.01
        shock[0] = -0.15
    r[idx.get_loc(pd.Timestamp(event))] += shock
    return pd.DataFrame(r, index=idx, columns=list(tickers)), pd.Series(m, index=idx, name="MKT")


def _prices(returns: np.ndarray, first: float) -> np.ndarray:
    return np.round(first * np.cumprod(1.0 + returns), 2)


def daily_long(seed: int = 1) -> pd.DataFrame:
    """SYNTHETIC daily OHLCV rows (the long format of ``prices_daily.csv``).

    ``AAA`` and ``BBB`` have opens and closes (``AAA`` carries :data:`HAND_DAILY`; its walk is
    scaled to close at 150 on 2025-01-23), ``MKT`` is
    the market, ``CLO`` is a close-only series (empty open, high, low), all in cents.
    """
    idx = es.sessions("XNYS", DAILY_START, DAILY_END)
    rng = np.random.default_rng(seed)
    m = rng.normal(0.0004, 0.01, idx.size)
    rows = []
    for sym, first, beta in (
        ("AAA", 120.0, 1.5),
        ("BBB", 40.0, 0.8),
        ("MKT", 4500.0, 1.0),
        ("CLO", 25.0, 1.1),
    ):
        r = m if sym == "MKT" else 0.0002 + beta * m + rng.normal(0.0, 0.015, idx.size)
        if sym == "AAA":  # start the walk where its close of 2025-01-23 is 150, next to HAND_DAILY
            first = 150.0 / np.prod(1.0 + r[: idx.get_loc(pd.Timestamp("2025-01-23")) + 1])
        close = _prices(r, first)
        gap = rng.normal(0.0, 0.004, idx.size)
        opn = np.round(np.r_[first, close[:-1]] * (1.0 + gap), 2)
        frame = pd.DataFrame({"date": idx, "symbol": sym, "open": opn, "close": close})
        if sym == "AAA":
            for day, (o, c) in HAND_DAILY.items():
                frame.loc[frame["date"] == pd.Timestamp(day), ["open", "close"]] = (o, c)
        frame["high"] = np.round(np.maximum(frame["open"], frame["close"]) * 1.004, 2)
        frame["low"] = np.round(np.minimum(frame["open"], frame["close"]) * 0.996, 2)
        frame["volume"] = rng.integers(10_000, 1_000_000, idx.size).astype(float)
        if sym == "CLO":
            frame[["open", "high", "low"]] = np.nan
        rows.append(frame)
    out = pd.concat(rows, ignore_index=True)
    out["source"] = "SYNTHETIC (tests/lib/synthetic.py)"
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out[["date", "symbol", "open", "high", "low", "close", "volume", "source"]]


def intraday_bars(seed: int = 2, daily: pd.DataFrame | None = None) -> pd.DataFrame:
    """SYNTHETIC 5-minute regular-session bars (78 a day, 09:30 .. 15:55 New York) of
    ``AAA`` (beta 1.3 on ``MKT``), ``BBB`` (beta 0.7) and ``MKT`` on the sessions of
    :data:`BAR_DAYS`. Each day's first bar opens at the daily open of :func:`daily_long`,
    so ``first_bar_open`` matches it; inside a session a bar opens at the previous close.
    """
    daily = daily_long() if daily is None else daily
    days = es.sessions("XNYS", *BAR_DAYS)
    rng = np.random.default_rng(seed)
    m = rng.normal(0.0, 0.0008, (days.size, 78))
    out = []
    for sym, beta in (("AAA", 1.3), ("BBB", 0.7), ("MKT", 1.0)):
        d = daily.loc[daily["symbol"] == sym].set_index("date")
        r = m if sym == "MKT" else 0.00001 + beta * m + rng.normal(0.0, 0.0015, m.shape)
        for k, day in enumerate(days):
            ts = pd.date_range(f"{day:%Y-%m-%d} 09:30", periods=78, freq="5min", tz="America/New_York")
            first = float(d.at[f"{day:%Y-%m-%d}", "open"])
            close = _prices(r[k], first)
            opn = np.r_[first, close[:-1]]
            out.append(
                pd.DataFrame(
                    {
                        "timestamp_utc": ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "symbol": sym,
                        "open": opn,
                        "high": np.round(np.maximum(opn, close) * 1.0005, 2),
                        "low": np.round(np.minimum(opn, close) * 0.9995, 2),
                        "close": close,
                        "volume": rng.integers(1_000, 100_000, 78).astype(float),
                    }
                )
            )
    return pd.concat(out, ignore_index=True)


def riskfree_table(seed: int = 3) -> pd.DataFrame:
    """SYNTHETIC daily 1- and 3-month yields (percent per year) with :data:`HAND_YIELDS`."""
    idx = es.sessions("XNYS", RISKFREE_START, DAILY_END)  # a month before the prices start
    rng = np.random.default_rng(seed)
    one = np.round(5.0 + np.cumsum(rng.normal(0.0, 0.01, idx.size)), 2)
    frame = pd.DataFrame({"date": idx, "dgs1mo_pct": one, "dgs3mo_pct": np.round(one + 0.05, 2)})
    for day, y in HAND_YIELDS.items():
        frame.loc[frame["date"] == pd.Timestamp(day), ["dgs1mo_pct", "dgs3mo_pct"]] = (y, y)
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return frame


def write_snapshot(folder: Path) -> Path:
    """Write the SYNTHETIC daily, 5-minute and risk-free files and their sha256 manifest.

    Returns ``folder``, which then works as ``data_dir=`` for every loader.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    daily = daily_long()
    files = {
        "prices_daily.csv": daily,
        "prices_5m.csv": intraday_bars(daily=daily),
        "riskfree_daily.csv": riskfree_table(),
    }
    lines = ["# SYNTHETIC test data (tests/lib/synthetic.py); not market data"]
    for name, frame in files.items():
        frame.to_csv(folder / name, index=False)
        lines.append(f"sha256 of `{name}`: `{sha256_file(folder / name)}`")
    (folder / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
