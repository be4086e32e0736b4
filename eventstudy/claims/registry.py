"""Load and validate the claims registry (``registry.json``).

The registry is data: every market claim of the seed articles, in English, with its
source file, asset, metric, window(s), claimed figure and unit, the tolerance rule of
its verdict and the reading tested. A *claim* (``summary_id``: the article's claim id,
with ``/SYMBOL`` where one sentence names several assets, or a named part such as
``/level``) has exactly one ``primary`` reading, fixed by the text before any number is
computed and stated with a one-line ``rationale``; the claim's verdict is the verdict of
that reading. Other readings are rows of their own (``claim_id`` = ``summary_id/label``)
with the role ``sensitivity`` (another reading of the same figure, never the basis of the
verdict) or ``context`` (a related figure shown beside a claim the data cannot test, e.g.
the regular session beside a pre-market quote; it gets no verdict). Claims market data
cannot test are rows with metric ``not_testable``, a reason code (see
:data:`~eventstudy.claims.verdicts.REASONS`) and a reason sentence.
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
from .verdicts import REASONS, check_tolerance

__all__ = ["METRICS", "ROLES", "Claim", "Registry", "load_registry", "validate_registry"]

#: Roles of a registry row: the claim's one primary reading, sensitivity readings, context figures.
ROLES: tuple[str, ...] = ("primary", "sensitivity", "context")

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
    "summary_id",
    "role",
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
    """One registry row: one reading of a claim (its primary reading, a sensitivity or context row).

    Attributes mirror the JSON keys; ``window`` is ``None`` or a pair of Timestamps;
    ``summary_id`` names the claim the row belongs to; ``reason_code``/``reason`` state why a
    not-testable row cannot be tested (or a note on a testable one, e.g. a translation slip);
    ``confounders`` lists other events inside the window of an attribution claim.
    """

    claim_id: str
    id: str
    summary_id: str
    role: str
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
    reason_code: str | None = None
    rationale: str = ""
    event: str | None = None
    confounders: tuple[str, ...] = ()

    @property
    def testable(self) -> bool:
        """Whether the registry marks the claim as testable with market data."""
        return self.metric != "not_testable"

    @property
    def primary(self) -> bool:
        """Whether this row is the claim's primary reading (its verdict is the claim's)."""
        return self.role == "primary"


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

    @property
    def summary_ids(self) -> list[str]:
        """Distinct claims (one verdict each), in registry order."""
        return list(dict.fromkeys(c.summary_id for c in self.claims))

    def primary(self, summary_id: str) -> Claim:
        """The primary reading of one claim."""
        for c in self.claims:
            if c.summary_id == summary_id and c.primary:
                return c
        raise ClaimsError(f"{self.source}: no claim {summary_id!r}; claims are {self.summary_ids}")

    def to_frame(self) -> pd.DataFrame:
        """The registry as a DataFrame (one row per claim row, registry order)."""
        rows = []
        for c in self.claims:
            rows.append(
                {
                    "claim_id": c.claim_id,
                    "id": c.id,
                    "summary_id": c.summary_id,
                    "role": c.role,
                    "event": c.event or "",
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
                    "reason_code": c.reason_code or "",
                    "reason": c.reason or "",
                    "rationale": c.rationale,
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
    sid, role = raw["summary_id"], raw["role"]
    if not isinstance(sid, str) or (sid != pid and not sid.startswith(pid + "/")):
        raise ClaimsError(f"{where}: summary_id {sid!r} must be the id or id/part (id is {pid!r})")
    if cid != sid and not cid.startswith(sid + "/"):
        raise ClaimsError(
            f"{where}: claim_id must be the summary_id or summary_id/reading (summary_id is {sid!r})"
        )
    if role not in ROLES:
        raise ClaimsError(f"{where}: role {role!r} must be one of {ROLES}")
    rationale = raw.get("rationale") or ""
    if role == "primary" and (not isinstance(rationale, str) or not rationale.strip()):
        raise ClaimsError(f"{where}: a primary reading needs a one-line 'rationale' (why the text fixes it)")
    code = raw.get("reason_code")
    if code is not None and code not in REASONS:
        raise ClaimsError(f"{where}: reason_code {code!r} is not one of {sorted(REASONS)}")
    conf = raw.get("confounders") or []
    if not isinstance(conf, list) or not all(isinstance(x, str) and x.strip() for x in conf):
        raise ClaimsError(f"{where}: confounders must be a list of non-empty strings")
    event = raw.get("event")
    if event is not None and (not isinstance(event, str) or not event):
        raise ClaimsError(f"{where}: event must be a non-empty string or null")
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
        if code is None:
            raise ClaimsError(f"{where}: a not_testable claim needs a reason_code from {sorted(REASONS)}")
    else:
        if rule == "none" and role != "context":
            raise ClaimsError(f"{where}: a testable claim needs a tolerance rule other than 'none'")
        if window is None:
            raise ClaimsError(f"{where}: a testable claim needs a window")
        if rule in _NUMERIC_RULES and (not isinstance(claimed, int | float) or isinstance(claimed, bool)):
            raise ClaimsError(f"{where}: rule {rule!r} needs a numeric claimed figure, got {claimed!r}")
        if conf and rule != "significant":
            raise ClaimsError(f"{where}: confounders only apply to an attribution claim (rule 'significant')")
        if rule in ("sign", "significant") and claimed not in ("down", "up"):
            raise ClaimsError(f"{where}: rule {rule!r} needs claimed 'down' or 'up', got {claimed!r}")
        if rule == "same_month" and not (isinstance(claimed, str) and re.fullmatch(r"\d{4}-\d{2}", claimed)):
            raise ClaimsError(f"{where}: rule 'same_month' needs claimed 'YYYY-MM', got {claimed!r}")
        if metric == "window_low" and params.get("field") not in ("low", "close"):
            raise ClaimsError(f"{where}: metric 'window_low' needs params.field 'low' or 'close'")
        if params.get("fallback") not in (None, "close"):
            raise ClaimsError(f"{where}: params.fallback can only be 'close' (an upper bound of the low)")
        if metric == "abnormal_car" and not params.get("benchmark"):
            raise ClaimsError(f"{where}: metric 'abnormal_car' needs params.benchmark")
        if metric in ("market_value", "market_value_change") and raw["asset"] not in shares:
            raise ClaimsError(
                f"{where}: metric {metric!r} needs a shares_outstanding entry for {raw['asset']!r}"
            )
    return Claim(
        claim_id=cid,
        id=pid,
        summary_id=sid,
        role=role,
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
        reason_code=code,
        rationale=rationale,
        event=event,
        confounders=tuple(conf),
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
    primaries: dict[str, int] = {}
    for c in claims:
        primaries.setdefault(c.summary_id, 0)
        primaries[c.summary_id] += c.primary
    bad = {k: n for k, n in primaries.items() if n != 1}
    if bad:
        raise ClaimsError(
            f"{source}: every claim needs exactly one primary reading; counts of primary rows: {bad}"
        )
    ev = data["evidence"]
    for key in ("market", "sector", "sector_assets", "min_estimation", "ddof", "events"):
        if key not in ev:
            raise ClaimsError(f"{source}: evidence settings lack {key!r}")
    events = ev["events"]
    if not isinstance(events, Mapping):
        raise ClaimsError(f"{source}: evidence.events must map event names to their day-0 dates")
    for name, day0 in events.items():
        _date(day0, f"{source}: evidence.events[{name!r}]")
    for c in claims:
        if c.event is not None and c.event not in events:
            raise ClaimsError(
                f"claim {c.claim_id!r}: event {c.event!r} is not one of the registry's events {sorted(events)}"
            )
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
