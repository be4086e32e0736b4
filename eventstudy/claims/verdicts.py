"""Verdict rules: compare an observed figure with a claimed one under a stated tolerance.

Every claim in the registry names one rule and its parameters (``"tolerance": {"rule": ...}``);
:func:`describe_tolerance` turns them into the sentence printed beside the verdict, so the
tolerance is never implicit. The four verdicts are

``confirmed``
    the observed figure agrees with the claim within the tight tolerance;
``close``
    same direction (sign) and within the wider band;
``contradicted``
    anything else;
``not_testable``
    the market data cannot test the claim (or a needed series/field is missing).

All functions here are pure; they never look at data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import ClaimsError

__all__ = [
    "VERDICTS",
    "RULES",
    "verdict",
    "describe_tolerance",
    "check_tolerance",
]

VERDICTS: tuple[str, ...] = ("confirmed", "close", "contradicted", "not_testable")

#: Rule name -> (required parameter names, description template).
RULES: dict[str, tuple[tuple[str, ...], str]] = {
    "abs_diff": (
        ("confirmed", "close"),
        "confirmed if |observed - claimed| <= {confirmed:g} {unit}; close if same sign and <= {close:g} {unit}; "
        "else contradicted",
    ),
    "rel_diff": (
        ("confirmed", "close"),
        "confirmed if |observed - claimed| <= {confirmed_pct:g}% of |claimed|; close if same sign and <= "
        "{close_pct:g}%; else contradicted",
    ),
    "at_least": (
        ("close",),
        "claim is a lower bound on the size of the move: confirmed if same sign and |observed| >= |claimed|; "
        "close if same sign and |observed| >= {close_pct:g}% of |claimed|; else contradicted",
    ),
    "below": (
        ("close",),
        "threshold: confirmed if observed < claimed; close if observed < claimed x (1 + {close_pct:g}%); "
        "else contradicted",
    ),
    "sign": (
        (),
        "direction only: confirmed if the sign of the observed move matches the claim; else contradicted",
    ),
    "interval": (
        ("lower", "upper", "close"),
        "confirmed if {lower:g} < observed < {upper:g} {unit}; close if within {close:g} {unit} of that interval; "
        "else contradicted",
    ),
    "same_month": (
        ("close_months",),
        "confirmed if the observed date falls in the claimed month; close if within {close_months:g} month(s); "
        "else contradicted",
    ),
    "significant": (
        ("alpha", "close_alpha", "direction"),
        "claim implies a significant abnormal move: confirmed if the CAR has the claimed sign and the "
        "t_prediction_error p-value < {alpha:g}; close if the sign matches and p < {close_alpha:g}; else contradicted",
    ),
    "none": ((), "not testable with market data"),
}

_DIRECTIONS = {"down": -1, "up": 1}


def check_tolerance(tol: Mapping[str, Any], where: str = "claim") -> None:
    """Validate a tolerance specification ``{"rule": name, **params}``.

    Parameters
    ----------
    tol : mapping
        The claim's ``tolerance`` entry.
    where : str
        Claim id, for the error message.

    Raises
    ------
    ClaimsError
        Unknown rule, missing or non-numeric parameter.
    """
    if not isinstance(tol, Mapping) or "rule" not in tol:
        raise ClaimsError(f"{where}: tolerance must be a mapping with a 'rule' key, got {tol!r}")
    rule = tol["rule"]
    if rule not in RULES:
        raise ClaimsError(f"{where}: unknown tolerance rule {rule!r}; choose from {sorted(RULES)}")
    for name in RULES[rule][0]:
        if name not in tol:
            raise ClaimsError(f"{where}: tolerance rule {rule!r} needs parameter {name!r}")
        if name == "direction":
            if tol[name] not in _DIRECTIONS:
                raise ClaimsError(f"{where}: direction must be 'down' or 'up', got {tol[name]!r}")
        elif not isinstance(tol[name], int | float) or isinstance(tol[name], bool):
            raise ClaimsError(f"{where}: tolerance parameter {name!r} must be a number, got {tol[name]!r}")


def describe_tolerance(tol: Mapping[str, Any], unit: str = "") -> str:
    """The sentence stating a tolerance rule with its numbers.

    Parameters
    ----------
    tol : mapping
        ``{"rule": name, **params}``.
    unit : str
        Unit of the claim (``"pp"`` is used for percent claims).

    Returns
    -------
    str
    """
    check_tolerance(tol)
    unit_txt = "pp" if unit == "percent" else unit
    params = {k: v for k, v in tol.items() if k != "rule"}
    for k in ("confirmed", "close"):
        if isinstance(params.get(k), int | float):
            params[f"{k}_pct"] = 100.0 * params[k]
    return RULES[tol["rule"]][1].format(unit=unit_txt, **params).replace("  ", " ").replace(" ;", ";")


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(float(x))


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def verdict(
    tol: Mapping[str, Any],
    claimed: float | str | None,
    observed: float | str | None,
    pvalue: float | None = None,
) -> str:
    """Apply a tolerance rule.

    Parameters
    ----------
    tol : mapping
        ``{"rule": name, **params}`` (see :data:`RULES`).
    claimed : float or str
        The claimed figure (a number; ``"down"``/``"up"`` for ``sign``; ``"YYYY-MM"`` for
        ``same_month``).
    observed : float or str
        The observed figure (a number; an ISO date for ``same_month``). ``None``/NaN gives
        ``not_testable``.
    pvalue : float, optional
        The test's p-value (``significant`` only).

    Returns
    -------
    str
        One of :data:`VERDICTS`.

    Examples
    --------
    >>> verdict({"rule": "abs_diff", "confirmed": 0.5, "close": 2.0}, -17.0, -16.97)
    'confirmed'
    >>> verdict({"rule": "sign"}, "down", -3.4)
    'confirmed'
    """
    check_tolerance(tol)
    rule = tol["rule"]
    if rule == "none":
        return "not_testable"
    if rule == "same_month":
        if not isinstance(observed, str) or not observed or not isinstance(claimed, str):
            return "not_testable"
        o, c = pd.Period(observed[:7], "M"), pd.Period(claimed[:7], "M")
        gap = abs((o - c).n)
        return "confirmed" if gap == 0 else ("close" if gap <= tol["close_months"] else "contradicted")
    if not _finite(observed):
        return "not_testable"
    obs = float(observed)  # type: ignore[arg-type]
    if rule == "sign":
        if claimed not in _DIRECTIONS:
            raise ClaimsError(f"sign rule needs claimed 'down' or 'up', got {claimed!r}")
        return "confirmed" if _sign(obs) == _DIRECTIONS[str(claimed)] else "contradicted"
    if rule == "significant":
        want = _DIRECTIONS[tol["direction"]]
        if pvalue is None or not _finite(pvalue):
            return "not_testable"
        if _sign(obs) != want:
            return "contradicted"
        p = float(pvalue)
        return "confirmed" if p < tol["alpha"] else ("close" if p < tol["close_alpha"] else "contradicted")
    if rule == "interval":
        lo, hi = float(tol["lower"]), float(tol["upper"])
        if lo < obs < hi:
            return "confirmed"
        dist = lo - obs if obs <= lo else obs - hi
        return "close" if dist <= tol["close"] else "contradicted"
    if not _finite(claimed):
        raise ClaimsError(f"rule {rule!r} needs a numeric claimed figure, got {claimed!r}")
    cl = float(claimed)  # type: ignore[arg-type]
    same_sign = _sign(obs) == _sign(cl)
    if rule == "abs_diff":
        d = abs(obs - cl)
        if d <= tol["confirmed"] + 1e-12:
            return "confirmed"
        return "close" if same_sign and d <= tol["close"] + 1e-12 else "contradicted"
    if rule == "rel_diff":
        d = abs(obs - cl) / abs(cl)
        if d <= tol["confirmed"] + 1e-12:
            return "confirmed"
        return "close" if same_sign and d <= tol["close"] + 1e-12 else "contradicted"
    if rule == "at_least":
        if not same_sign:
            return "contradicted"
        if abs(obs) >= abs(cl):
            return "confirmed"
        return "close" if abs(obs) >= tol["close"] * abs(cl) else "contradicted"
    if rule == "below":
        if obs < cl:
            return "confirmed"
        return "close" if obs < cl * (1.0 + tol["close"]) else "contradicted"
    raise ClaimsError(f"unhandled tolerance rule {rule!r}")  # pragma: no cover
