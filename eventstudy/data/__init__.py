"""Data layer: validated, sha256-checked price loaders and price-to-return conversion.

No econometrics here. See ``docs/CONTRACTS.md`` (section ``eventstudy.data``).
"""

from __future__ import annotations

from .checksums import expected_sha256, manifest_sha256, sha256_file, verify_sha256
from .factors import FAMA_FRENCH_DAILY, load_factors
from .online import cache_dir, load_long_yahoo, yahoo_frame_to_long
from .quality import QualityIssue, check_quality
from .returns import to_returns
from .snapshot import (
    FIELDS,
    LONG_COLUMNS,
    clear_cache,
    data_dir,
    exchange_timezone,
    load_bars,
    load_long,
    load_prices,
    load_riskfree,
    read_price_file,
)

__all__ = [
    "FAMA_FRENCH_DAILY",
    "load_factors",
    "QualityIssue",
    "check_quality",
    "FIELDS",
    "LONG_COLUMNS",
    "cache_dir",
    "clear_cache",
    "data_dir",
    "exchange_timezone",
    "expected_sha256",
    "load_bars",
    "load_long",
    "load_long_yahoo",
    "load_prices",
    "load_riskfree",
    "manifest_sha256",
    "read_price_file",
    "sha256_file",
    "to_returns",
    "verify_sha256",
    "yahoo_frame_to_long",
]
