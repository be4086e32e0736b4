"""eventstudy: event-study econometrics (the library; the DeepSeek application lives in
:mod:`eventstudy.deepseek` and is never imported by the library).

The public API::

    import eventstudy as es
    prices = es.load_prices(["NVDA", "TSM", "^GSPC"])
    rets = es.to_returns(prices)
    res = es.EventStudy(rets[["NVDA", "TSM"]], market=rets["^GSPC"], event_date="2025-01-27").fit()
    res.summary()

Importing the package is light: only :mod:`eventstudy.errors` is loaded eagerly; every other
public name is imported from its module on first access (PEP 562), and statsmodels, arch,
matplotlib and exchange-calendars are imported only inside the functions that use them.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import *  # noqa: F403
from .errors import __all__ as _errors_all

__version__ = "0.1.0"

#: public name -> module (relative to the package) that defines it
_LAZY: dict[str, str] = {
    "EventStudy": ".study",
    "EventStudyResults": ".study",
    "EventSample": ".inference.base",
    "TestResult": ".inference.base",
    "TestResults": ".inference.base",
    "PlaceboResult": ".placebo",
    "placebo": ".placebo",
    "compare": ".compare",
    "load_prices": ".data",
    "load_long": ".data",
    "load_bars": ".data",
    "load_riskfree": ".data",
    "load_factors": ".data",
    "read_price_file": ".data",
    "to_returns": ".data",
    "data_dir": ".data",
    "market_for": ".markets",
    "calendar_for": ".calendars",
    "sessions": ".calendars",
    "event_day0": ".calendars",
    "align_returns": ".calendars",
    "check_sessions": ".calendars",
    "IntradayEventStudy": ".intraday",
    "batch_study": ".batch",
    "BatchResult": ".batch",
}
_SUBMODULES = (
    "calendars",
    "markets",
    "inference",
    "models",
    "extensions",
    "data",
    "formatting",
    "report",
    "claims",
    "simulation",
    "batch",
    "engine",
    "intraday",
    "thin_trading",
    "regression",
    "export",
)

__all__ = [*_LAZY, *_SUBMODULES[:2], *_errors_all]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # cache: the next access is a plain attribute lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))
