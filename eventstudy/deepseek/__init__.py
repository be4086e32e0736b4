"""The DeepSeek application, built on the :mod:`eventstudy` library.

It holds everything specific to the early-2025 DeepSeek news: the universes, events and
windows of the study (:mod:`~eventstudy.deepseek.design`), the claim registry of the seed
articles and its evaluation (:mod:`~eventstudy.deepseek.claims`), the reproduce pipeline
(:mod:`~eventstudy.deepseek.pipeline`), the paper build and its figures, and the command
line (``python -m eventstudy.deepseek`` or the ``eventstudy`` script).

The library never imports this package (``tests/test_boundary.py`` enforces it).
"""

from __future__ import annotations

from pathlib import Path as _Path

from ..data.snapshot import set_default_data_dir as _set_default_data_dir
from ..markets import register as _register_market
from ..report.style import register_groups as _register_groups

# The snapshot's Korean listings carry no exchange suffix; tell the library's symbol table.
for _sym in ("SAMSUNG", "SKHYNIX"):
    _register_market(_sym, "XKRX", "Asia/Seoul")

# The figures' asset groups of this study (the library only knows crypto and ^indices).
_register_groups(
    {
        **dict.fromkeys(
            ("NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "ARM", "ASML", "MRVL", "AMAT", "LRCX", "KLAC",
             "QCOM", "TXN", "ADI", "NXPI", "MCHP", "CDNS", "SNPS", "SMH", "SOXX", "^SOX"),
            "chips",
        ),
        **dict.fromkeys(("MSFT", "GOOG", "GOOGL", "AAPL", "AMZN", "META", "TSLA", "ORCL", "CEG"), "mega_cap_tech"),
        **dict.fromkeys(("^GSPC", "^IXIC", "^NDX", "^DJI", "^RUT", "SPY", "QQQ"), "indices"),
        **dict.fromkeys(("BTC-USD", "ETH-USD"), "crypto"),
    }
)  # fmt: skip


def _snapshot_dir() -> _Path | None:
    """The application's data: the first ``../shared/data`` above the working directory or the repository."""
    for base in (_Path.cwd().resolve(), _Path(__file__).resolve().parents[2]):
        for d in (base, *base.parents):
            cand = d.parent / "shared" / "data"
            if (cand / "prices_daily.csv").is_file():
                return cand
    return None


# The library knows no data location ($EVENTSTUDY_DATA or data_dir=); the application does.
_set_default_data_dir(_snapshot_dir())

from .design import *  # noqa: E402, F403
from .design import __all__ as _design_all  # noqa: E402

__all__ = list(_design_all)
