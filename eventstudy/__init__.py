"""eventstudy: event-study econometrics with an honest check of the DeepSeek market claims.

The public API::

    import eventstudy as es
    prices = es.load_prices(["NVDA", "TSM", "^GSPC"])
    rets = es.to_returns(prices)
    res = es.EventStudy(rets[["NVDA", "TSM"]], market=rets["^GSPC"], event_date="2025-01-27").fit()
    res.summary()
"""

from __future__ import annotations

from . import calendars
from .calendars import align_returns, calendar_for, check_sessions, event_day0, sessions
from .compare import compare
from .data import (
    data_dir,
    load_bars,
    load_factors,
    load_long,
    load_prices,
    load_riskfree,
    read_price_file,
    to_returns,
)
from .errors import *  # noqa: F403
from .errors import __all__ as _errors_all
from .inference.base import EventSample, TestResult
from .placebo import PlaceboResult, placebo
from .study import EventStudy, EventStudyResults

__version__ = "0.1.0"

__all__ = [
    "EventStudy",
    "EventStudyResults",
    "EventSample",
    "TestResult",
    "PlaceboResult",
    "placebo",
    "compare",
    "load_prices",
    "load_long",
    "load_bars",
    "load_riskfree",
    "load_factors",
    "read_price_file",
    "to_returns",
    "data_dir",
    "calendars",
    "calendar_for",
    "sessions",
    "event_day0",
    "align_returns",
    "check_sessions",
    *_errors_all,
]
