"""Load and validate the claims registry (``registry.json``).

The registry is data: every market claim of the seed articles, in English, with its
source file, asset, metric, window(s), claimed figure and unit, the tolerance rule of
its verdict and the interpretation tested. Ambiguous claims have one row per named
interpretation (sub-ids ``003-2/a``, ``003-2/b``...); claims naming several assets have
one row per asset (``001-1/ARM/...``). Claims market data cannot test are rows with
metric ``not_testable`` and a reason.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ClaimsError
from .metrics import SharesCount
from .verdicts import check_tolerance

__all__ = ["METRICS", "Claim", "Registry", "load_registry", "validate_registry"]

#: Metric name -> short description.
METRICS: dict[str, str] = {
    "close_return": "close-to-close return over the window (percent)",
    "direction": "sign of the close-to-close return over the window",
    "market_value_change": "price change over the window x shares outstanding in force (USD bn)",
    "market_value": "close on the window's date x shares outstanding in force (USD bn)",
    "index_points": "index level change over the window (points)",
    "opening_gap": "first regular-session print against the previous official close (percent)",
    "intraday_range": "regular-session return nearest to the claim, from the session's low/high (percent)",
    "window_low": "lowest low (or close, for close-only series) over the window (USD)",
    "worst_week_since": "end date of the latest earlier week with a return at least as low",
    "abnormal_car": "cumulative abnormal return over the window against a benchmark (percent)",
    "not_testable": "not testable with the market data (reason given)",
}

_REQUIRED = (
    "claim_id",
    "id",
    "source_file",
    "claim",
    "asset",
    "metric",
    "interpretation",
    "interpretation_text",
    "window",
    "claimed",
    "unit",
    "tolerance",
)
_ID = re.compile(r"^(\d{3}-\d+|NT-\d{3}-\d+)$")
_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt(; \d{3}_[0-9a-f]{16}\.txt)*$")
_NUMERIC_RULES = ("abs_diff", "rel_diff", "at_least", "below")


@dataclass(frozen=True)
class Claim:
    """One registry row (a claim, or one interpretation / asset of it).

    Attributes mirror the JSON keys; ``window`` is ``None`` or a pair of Timestamps.
    """

    claim_id: str
    id: str
    source_file: str
    claim: str
    asset: str
    metric: str
    interpretation: str
    interpretation_text: str
    window: tuple[pd.Timestamp, pd.Timestamp] | None
    claimed: float | str | None
    unit: str
    tolerance: Mapping[str, Any]
    reason: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def testable(self) -> bool:
        """Whether the registry marks the claim as testable with market data."""
        return self.metric != "not_testable"


@dataclass(frozen=True)
class Registry:
    """The validated registry: claims in registry order, shares counts and evidence settings."""

    claims: tuple[Claim, ...]
    shares: Mapping[str, tuple[SharesCount, ...]]
    evidence: Mapping[str, Any]
    units: Mapping[str, str]
    source: str = "<memory>"

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    @property
    def ids(self) -> list[str]:
        """Distinct claim ids (as in CLAIMS.md), in registry order."""
        return list(dict.fromkeys(c.id for c in self.claims))

    def to_frame(self) -> pd.DataFrame:
        """The registry as a DataFrame (one row per claim row, registry order)."""
        rows = []
        for c in self.claims:
            rows.append(
                {
                    "claim_id": c.claim_id,
                    "id": c.id,
                    "source_file": c.source_file,
                    "claim": c.claim,
                    "asset": c.asset,
                    "metric": c.metric,
                    "interpretation": c.interpretation,
                    "interpretation_text": c.interpretation_text,
                    "window_start": c.window[0] if c.window else pd.NaT,
                    "window_end": c.window[1] if c.window else pd.NaT,
                    "claimed": c.claimed,
                    "unit": c.unit,
                    "tolerance_rule": c.tolerance["rule"],
                    "reason": c.reason or "",
                }
            )
        return pd.DataFrame(rows)


def _date(x: object, where: str) -> pd.Timestamp:
    if not isinstance(x, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        raise ClaimsError(f"{where}: window dates must be 'YYYY-MM-DD' strings, got {x!r}")
    try:
        return pd.Timestamp(x)
    except ValueError as exc:
        raise ClaimsError(f"{where}: bad date {x!r}: {exc}") from None


def _claim(raw: Mapping[str, Any], units: Mapping[str, str], shares: Mapping[str, Any]) -> Claim:
    where = f"claim {raw.get('claim_id', '?')!r}"
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise ClaimsError(f"{where}: missing keys {missing}")
    cid, pid = raw["claim_id"], raw["id"]
    if not isinstance(cid, str) or not isinstance(pid, str) or not _ID.match(pid):
        raise ClaimsError(f"{where}: id {pid!r} must look like '002-1' or 'NT-003-1'")
    if cid != pid and not cid.startswith(pid + "/"):
        raise ClaimsError(f"{where}: claim_id must be the id or id/sub-id (id is {pid!r})")
    if not isinstance(raw["source_file"], str) or not _FILE.match(raw["source_file"]):
        raise ClaimsError(
            f"{where}: source_file {raw['source_file']!r} must name the seed file(s), e.g. "
            "'002_9d75bff426171bc6.txt'"
        )
    metric = raw["metric"]
    if metric not in METRICS:
        raise ClaimsError(f"{where}: unknown metric {metric!r}; choose from {sorted(METRICS)}")
    for k in ("claim", "asset", "interpretation", "interpretation_text"):
        if not isinstance(raw[k], str) or not raw[k].strip():
            raise ClaimsError(f"{where}: {k!r} must be a non-empty string")
    if raw["unit"] not in units and not (metric == "not_testable" and raw["unit"] == ""):
        raise ClaimsError(f"{where}: unit {raw['unit']!r} is not one of {sorted(units)}")
    tol = raw["tolerance"]
    check_tolerance(tol, where)
    rule = tol["rule"]
    reason = raw.get("reason")
    params = dict(raw.get("params") or {})
    window = None
    if raw["window"] is not None:
        w = raw["window"]
        if not isinstance(w, list | tuple) or len(w) != 2:
            raise ClaimsError(f"{where}: window must be [start, end] or null")
        window = (_date(w[0], where), _date(w[1], where))
        if window[1] < window[0]:
            raise ClaimsError(f"{where}: window {w} is reversed")
    claimed = raw["claimed"]
    if metric == "not_testable":
        if rule != "none":
            raise ClaimsError(f"{where}: a not_testable claim must use the tolerance rule 'none'")
        if not isinstance(reason, str) or not reason.strip():
            raise ClaimsError(f"{where}: a not_testable claim needs a reason")
    else:
        if rule == "none":
            raise ClaimsError(f"{where}: a testable claim needs a tolerance rule other than 'none'")
        if window is None:
            raise ClaimsError(f"{where}: a testable claim needs a window")
        if rule in _NUMERIC_RULES and (not isinstance(claimed, int | float) or isinstance(claimed, bool)):
            raise ClaimsError(f"{where}: rule {rule!r} needs a numeric claimed figure, got {claimed!r}")
        if rule in ("sign", "significant") and claimed not in ("down", "up"):
            raise ClaimsError(f"{where}: rule {rule!r} needs claimed 'down' or 'up', got {claimed!r}")
        if rule == "same_month" and not (isinstance(claimed, str) and re.fullmatch(r"\d{4}-\d{2}", claimed)):
            raise ClaimsError(f"{where}: rule 'same_month' needs claimed 'YYYY-MM', got {claimed!r}")
        if metric == "window_low" and params.get("field") not in ("low", "close"):
            raise ClaimsError(f"{where}: metric 'window_low' needs params.field 'low' or 'close'")
        if metric == "abnormal_car" and not params.get("benchmark"):
            raise ClaimsError(f"{where}: metric 'abnormal_car' needs params.benchmark")
        if metric in ("market_value", "market_value_change") and raw["asset"] not in shares:
            raise ClaimsError(
                f"{where}: metric {metric!r} needs a shares_outstanding entry for {raw['asset']!r}"
            )
    return Claim(
        claim_id=cid,
        id=pid,
        source_file=raw["source_file"],
        claim=raw["claim"],
        asset=raw["asset"],
        metric=metric,
        interpretation=raw["interpretation"],
        interpretation_text=raw["interpretation_text"],
        window=window,
        claimed=claimed,
        unit=raw["unit"],
        tolerance=dict(tol),
        reason=reason,
        params=params,
    )


def validate_registry(data: Mapping[str, Any], source: str = "<memory>") -> Registry:
    """Validate a parsed registry and build a :class:`Registry`.

    Parameters
    ----------
    data : mapping
        The parsed JSON document.
    source : str
        Where it came from (for messages).

    Returns
    -------
    Registry

    Raises
    ------
    ClaimsError
        Any malformed entry (the message names the claim and the key).
    """
    for key in ("claims", "shares_outstanding", "evidence", "units"):
        if key not in data:
            raise ClaimsError(f"{source}: registry lacks the top-level key {key!r}")
    shares: dict[str, tuple[SharesCount, ...]] = {}
    for sym, counts in data["shares_outstanding"].items():
        items = []
        for c in counts:
            try:
                items.append(
                    SharesCount(sym, pd.Timestamp(c["as_of"]), float(c["shares_bn"]), str(c["source"]))
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise ClaimsError(
                    f"{source}: bad shares_outstanding entry for {sym}: {c!r} ({exc})"
                ) from None
        shares[sym] = tuple(sorted(items, key=lambda s: s.as_of))
    units = dict(data["units"])
    claims = tuple(_claim(raw, units, shares) for raw in data["claims"])
    seen: set[str] = set()
    for c in claims:
        if c.claim_id in seen:
            raise ClaimsError(f"{source}: claim_id {c.claim_id!r} appears twice")
        seen.add(c.claim_id)
    if not claims:
        raise ClaimsError(f"{source}: the registry has no claims")
    ev = data["evidence"]
    for key in (
        "market",
        "sector",
        "sector_assets",
        "estimation_length",
        "estimation_end",
        "anchor",
        "min_estimation",
        "ddof",
    ):
        if key not in ev:
            raise ClaimsError(f"{source}: evidence settings lack {key!r}")
    return Registry(claims=claims, shares=shares, evidence=dict(ev), units=units, source=source)


def load_registry(path: str | os.PathLike[str]) -> Registry:
    """Load and validate the claims registry.

    Parameters
    ----------
    path : str or Path
        A registry JSON file (the DeepSeek application ships one as
        ``eventstudy/deepseek/registry.json``).

    Returns
    -------
    Registry
        Claims in registry order.

    Raises
    ------
    ClaimsError
        The file is missing, not JSON, or malformed.
    """
    if path is None or not isinstance(path, (str, os.PathLike)):
        raise ClaimsError(f"load_registry: path must be a file path, got {path!r}")
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClaimsError(f"cannot read the claims registry {p}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClaimsError(f"{p} is not valid JSON: {exc}") from None
    return validate_registry(data, source=str(p))
