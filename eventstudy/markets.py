"""One table from a symbol to its market: exchange calendar, time zone, 24/7 or session-traded.

Every part of the library that needs to know where a symbol trades asks
:func:`market_for` (the calendars, the event-time rule, the bar loader's time zones, the
data-quality checks), so two classifiers can never disagree.

Rules, in order:

1. a symbol registered with :func:`register` (an application adds its own names, such as
   listings without an exchange suffix);
2. crypto pairs (``-USD``, ``-USDT``, ``-USDC``, ``-EUR``, ``-BTC``): the ``"24/7"``
   pseudo-calendar in UTC (whatever the quote currency: BTC-EUR trades around the clock too);
3. an exchange suffix (``.TW`` Taipei, ``.KS`` Korea, ``.T`` Tokyo, ``.HK``, ``.L``, ...);
4. otherwise a US listing: NYSE calendar, America/New_York (stocks, ETFs, ``^`` indices).

An ``@source`` suffix (``BTC-USD@exchange``) is ignored.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .errors import SpecificationError

__all__ = ["ALWAYS_OPEN", "Market", "market_for", "register", "registered"]

ALWAYS_OPEN = "24/7"
"""The pseudo-calendar with a session on every calendar day."""


@dataclass(frozen=True)
class Market:
    """Where a symbol trades.

    Attributes
    ----------
    calendar : str
        :mod:`exchange_calendars` name (``"XNYS"``, ``"XTAI"``) or ``"24/7"``.
    timezone : str
        IANA zone of the exchange (``"UTC"`` for 24/7 markets).
    """

    calendar: str
    timezone: str

    @property
    def always_open(self) -> bool:
        """Whether the market trades every calendar day (no sessions to roll to)."""
        return self.calendar == ALWAYS_OPEN


US = Market("XNYS", "America/New_York")
CRYPTO = Market(ALWAYS_OPEN, "UTC")

_SUFFIXES: dict[str, Market] = {
    ".TW": Market("XTAI", "Asia/Taipei"),
    ".TWO": Market("XTAI", "Asia/Taipei"),
    ".KS": Market("XKRX", "Asia/Seoul"),
    ".KQ": Market("XKRX", "Asia/Seoul"),
    ".T": Market("XTKS", "Asia/Tokyo"),
    ".HK": Market("XHKG", "Asia/Hong_Kong"),
    ".L": Market("XLON", "Europe/London"),
    ".AS": Market("XAMS", "Europe/Amsterdam"),
    ".PA": Market("XPAR", "Europe/Paris"),
    ".DE": Market("XFRA", "Europe/Berlin"),
    ".SS": Market("XSHG", "Asia/Shanghai"),
    ".SZ": Market("XSHG", "Asia/Shanghai"),
}
_SUFFIX_ORDER = sorted(_SUFFIXES, key=len, reverse=True)  # ".TWO" before ".T"
_CRYPTO_SUFFIXES = ("-USD", "-USDT", "-USDC", "-EUR", "-BTC")
_REGISTERED: dict[str, Market] = {}


def _base(symbol: str) -> str:
    return str(symbol).split("@", 1)[0].strip().upper()


@functools.lru_cache(maxsize=65536)  # cleared by register(); a study looks up every column
def market_for(symbol: str) -> Market:
    """The :class:`Market` of ``symbol`` (see the module docstring for the rules).

    Examples
    --------
    >>> market_for("2330.TW")
    Market(calendar='XTAI', timezone='Asia/Taipei')
    >>> market_for("BTC-EUR").timezone
    'UTC'
    """
    base = _base(symbol)
    if base in _REGISTERED:
        return _REGISTERED[base]
    if base.endswith(_CRYPTO_SUFFIXES):
        return CRYPTO
    for suffix in _SUFFIX_ORDER:
        if base.endswith(suffix):
            return _SUFFIXES[suffix]
    return US


def register(symbol: str, calendar: str, timezone: str) -> None:
    """Register a symbol the generic rules would misplace (a listing without exchange suffix).

    Parameters
    ----------
    symbol : str
        Ticker as it appears in the data (case-insensitive; ``@source`` ignored).
    calendar : str
        Exchange calendar name or ``"24/7"``.
    timezone : str
        IANA time zone of the exchange.

    Raises
    ------
    SpecificationError
        If the symbol is already registered to another market.
    """
    base, m = _base(symbol), Market(str(calendar), str(timezone))
    if _REGISTERED.get(base, m) != m:
        raise SpecificationError(
            f"symbol {symbol!r} is already registered as {_REGISTERED[base]}; cannot re-register it as {m}"
        )
    _REGISTERED[base] = m
    market_for.cache_clear()


def registered() -> dict[str, Market]:
    """A copy of the symbols added with :func:`register`."""
    return dict(_REGISTERED)
