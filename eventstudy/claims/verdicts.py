"""Verdict rules: compare an observed figure with a claimed one under a stated tolerance.

Every claim in the registry names one rule and its parameters (``"tolerance": {"rule": ...}``);
:func:`describe_tolerance` turns them into the sentence printed beside the verdict, so the
tolerance is never implicit. The five verdicts are

``confirmed``
    the observed figure agrees with the claim within the tight tolerance;
``close``
    same direction (sign) and within the wider band;
``contradicted``
    anything else;
``inconclusive``
    testable, but the evidence cannot decide: a confounding event inside the window, a
    test without the power to tell the claimed move from noise, or a figure that can only
    confirm (a close standing in for an intraday low can show a price fell below a level,
    never that it did not);
``not_testable``
    the market data cannot test the claim (or a needed series/field is missing).

:func:`verdict` applies a rule and returns the verdict; :func:`judge` also returns the
reason code (one of :data:`REASONS`) and a sentence for every verdict other than
``confirmed``. A claim that a price moved is judged on the price; a claim that something
*drove* a move (attribution, rule ``significant``) on the abnormal return, with a one-sided
p-value in the claimed direction.

All functions here are pure; they never look at data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import ClaimsError

__all__ = [
    "VERDICTS",
    "REASONS",
    "RULES",
    "Judgement",
    "judge",
    "verdict",
    "describe_tolerance",
    "check_tolerance",
]

VERDICTS: tuple[str, ...] = ("confirmed", "close", "contradicted", "inconclusive", "not_testable")

#: Reason code -> the reason in words (every verdict other than ``confirmed`` carries one).
REASONS: dict[str, str] = {
    "outside_tolerance": "the observed figure is outside the tolerance of a confirmation",
    "pre_market_snapshot": "a pre-market quote: the data hold no pre-market prices",
    "rolling_24h": "a rolling 24-hour change at an unstated moment: the data hold daily crypto prices only",
    "other_instrument": "the claim is about an instrument the data do not hold",
    "translation_slip": "the text has a translation slip; the claim is tested as the other version states it",
    "wrong_entity": "the named company does not fit the claim (probably a slip for another name)",
    "not_in_data": "the figure needs data the snapshot does not hold",
    "not_market_data": "not a market-price claim: no price series can test it",
    "confounded": "another event falls inside the window: the move cannot be attributed to one cause",
    "low_power": "the test cannot tell a move of this size from noise",
}

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
        ("alpha", "direction"),
        "attribution, judged on the abnormal return: confirmed if the one-sided prediction-error p-value in the "
        "claimed direction ({direction}) is below {alpha:g} and no confounding event falls in the window; "
        "contradicted if the CAR is significant in the other direction; else inconclusive",
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
        The one-sided p-value of the test in the claimed direction (``significant`` only):
        below ``alpha`` confirms; above ``1 - alpha`` (significant the other way) contradicts;
        anything between is ``inconclusive``.

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
        if pvalue is None or not _finite(pvalue):
            return "not_testable"
        p = float(pvalue)  # one-sided, in the claimed direction
        if p < tol["alpha"]:
            return "confirmed"
        return "contradicted" if p > 1.0 - tol["alpha"] else "inconclusive"
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


@dataclass(frozen=True)
class Judgement:
    """A verdict with its reason code (one of :data:`REASONS`, or ``""``) and a sentence."""

    verdict: str
    reason: str = ""
    text: str = ""


def _fmt(x: object, unit: str) -> str:
    if isinstance(x, int | float) and not isinstance(x, bool):
        v = float(x)
        if unit == "percent":
            return f"{v:+.2f}%"
        if unit == "USD bn":
            return f"{v:+,.1f} bn USD"
        if unit == "USD":
            return f"{v:,.2f} USD"
        return f"{v:,.2f} {unit}".rstrip()
    return str(x)


def judge(
    tol: Mapping[str, Any],
    claimed: float | str | None,
    observed: float | str | None,
    *,
    pvalue: float | None = None,
    unit: str = "",
    bound: str | None = None,
    confounders: Sequence[str] = (),
    missing: str = "",
) -> Judgement:
    """Verdict, reason code and sentence of one testable reading.

    Parameters
    ----------
    tol : mapping
        ``{"rule": name, **params}`` (see :data:`RULES`); not ``"none"``.
    claimed, observed : float or str
        As in :func:`verdict`.
    pvalue : float, optional
        One-sided p-value in the claimed direction (rule ``significant``).
    unit : str
        Unit of the figures (for the sentence).
    bound : {"upper", None}
        ``"upper"``: ``observed`` only bounds the claimed quantity from above (a close
        standing in for an intraday low). It can confirm a claim that the price fell to or
        below a level, never refute it: anything but ``confirmed`` becomes ``inconclusive``
        (``not_in_data``).
    confounders : sequence of str
        Other events inside the window of an attribution claim; any makes the verdict
        ``inconclusive`` (``confounded``), whatever the p-value.
    missing : str
        What the data lack, when ``observed`` is missing (``not_testable``, ``not_in_data``).

    Returns
    -------
    Judgement

    Examples
    --------
    >>> judge({"rule": "below", "close": 0.01}, 100500.0, 102087.7, unit="USD", bound="upper").verdict
    'inconclusive'
    >>> judge({"rule": "abs_diff", "confirmed": 0.5, "close": 2.0}, -10.2, -7.07, unit="percent").reason
    'outside_tolerance'
    """
    check_tolerance(tol)
    if tol["rule"] == "none":
        raise ClaimsError("judge() needs a testable rule; a not-testable claim carries its own reason")
    if observed is None or (isinstance(observed, float) and not math.isfinite(observed)):
        return Judgement("not_testable", "not_in_data", missing or "the data lack the observed figure")
    if tol["rule"] == "significant":
        if pvalue is None or not _finite(pvalue):
            return Judgement("not_testable", "not_in_data", missing or "no p-value could be computed")
        p = float(pvalue)
        if confounders:
            return Judgement(
                "inconclusive",
                "confounded",
                f"{'; '.join(confounders)} inside the window: the abnormal return (CAR {_fmt(observed, unit)}, "
                f"one-sided p = {p:.3g}) cannot be attributed to the claimed cause alone",
            )
        v = verdict(tol, claimed, observed, pvalue=p)
        if v == "confirmed":
            return Judgement(v)
        if v == "contradicted":
            return Judgement(
                v,
                "outside_tolerance",
                f"the CAR ({_fmt(observed, unit)}) is significant in the direction opposite to the claim",
            )
        return Judgement(
            v,
            "low_power",
            f"one-sided p = {p:.3g} is not below {tol['alpha']:g}: the test cannot tell this CAR "
            f"({_fmt(observed, unit)}) from noise, which does not make the claim false",
        )
    v = verdict(tol, claimed, observed, pvalue=pvalue)
    if v == "confirmed":
        return Judgement(v)
    if bound == "upper":
        return Judgement(
            "inconclusive",
            "not_in_data",
            f"{_fmt(observed, unit)} only bounds the claimed low from above (no intraday low in this series): "
            "it could confirm the claim, never refute it",
        )
    if v == "not_testable":  # pragma: no cover - observed was checked above
        return Judgement(v, "not_in_data", missing)
    return Judgement(
        v,
        "outside_tolerance",
        f"observed {_fmt(observed, unit)} against claimed {_fmt(claimed, unit)}; "
        + describe_tolerance(tol, unit),
    )
