"""Verdict rules of the claims engine, pinned on hand-made numbers."""

from __future__ import annotations

import math

import pytest

from eventstudy.claims.verdicts import RULES, VERDICTS, check_tolerance, describe_tolerance, verdict
from eventstudy.errors import ClaimsError

RET = {"rule": "abs_diff", "confirmed": 0.5, "close": 2.0}
MONEY = {"rule": "rel_diff", "confirmed": 0.05, "close": 0.20}


@pytest.mark.parametrize(
    ("claimed", "observed", "expected"),
    [
        (-17.0, -16.97, "confirmed"),
        (-17.0, -17.5, "confirmed"),  # boundary: exactly 0.5 pp
        (-5.3, -6.9, "close"),
        (-5.3, -7.3, "close"),  # exactly 2 pp
        (-5.3, -7.4, "contradicted"),
        (-4.9, 3.4, "contradicted"),  # wrong sign
        (0.3, -0.1, "confirmed"),  # within 0.5 pp even across zero
        (1.0, -0.8, "contradicted"),  # 1.8 pp but opposite sign: not close
    ],
)
def test_abs_diff(claimed: float, observed: float, expected: str) -> None:
    assert verdict(RET, claimed, observed) == expected


@pytest.mark.parametrize(
    ("claimed", "observed", "expected"),
    [
        (-600.0, -592.66, "confirmed"),
        (-600.0, -500.0, "close"),
        (-600.0, -470.0, "contradicted"),
        (260.0, -250.0, "contradicted"),
        (260.0, 273.0, "confirmed"),
    ],
)
def test_rel_diff(claimed: float, observed: float, expected: str) -> None:
    assert verdict(MONEY, claimed, observed) == expected


def test_at_least_lower_bound() -> None:
    tol = {"rule": "at_least", "close": 0.8}
    assert verdict(tol, -300.0, -349.2) == "confirmed"
    assert verdict(tol, -300.0, -250.0) == "close"
    assert verdict(tol, -300.0, -232.0) == "contradicted"
    assert verdict(tol, -300.0, 10.0) == "contradicted"
    assert verdict(tol, 3000.0, 3492.8) == "confirmed"


def test_below_threshold() -> None:
    tol = {"rule": "below", "close": 0.01}
    assert verdict(tol, 100500.0, 97688.7) == "confirmed"
    assert verdict(tol, 100500.0, 101000.0) == "close"  # 0.5% above
    assert verdict(tol, 100500.0, 102087.7) == "contradicted"
    assert verdict(tol, 100500.0, 100500.0) == "close"  # touching is not below


def test_sign_interval_month_significant() -> None:
    assert verdict({"rule": "sign"}, "down", -0.1) == "confirmed"
    assert verdict({"rule": "sign"}, "down", 0.0) == "contradicted"
    assert verdict({"rule": "sign"}, "up", -2.0) == "contradicted"
    iv = {"rule": "interval", "lower": 0.0, "upper": 1.0, "close": 0.5}
    assert verdict(iv, "(0, 1)", 0.65) == "confirmed"
    assert verdict(iv, "(0, 1)", 1.3) == "close"
    assert verdict(iv, "(0, 1)", -0.6) == "contradicted"
    mo = {"rule": "same_month", "close_months": 1}
    assert verdict(mo, "2022-09", "2022-09-02") == "confirmed"
    assert verdict(mo, "2022-09", "2022-10-07") == "close"
    assert verdict(mo, "2022-09", "2018-11-16") == "contradicted"
    assert verdict(mo, "2022-09", None) == "not_testable"
    sig = {"rule": "significant", "alpha": 0.05, "close_alpha": 0.10, "direction": "down"}
    assert verdict(sig, "down", -5.0, pvalue=0.01) == "confirmed"
    assert verdict(sig, "down", -5.0, pvalue=0.07) == "close"
    assert verdict(sig, "down", -5.0, pvalue=0.37) == "contradicted"
    assert verdict(sig, "down", 2.0, pvalue=0.001) == "contradicted"
    assert verdict(sig, "down", -5.0, pvalue=None) == "not_testable"


def test_not_testable_cases() -> None:
    assert verdict({"rule": "none"}, None, None) == "not_testable"
    assert verdict(RET, -17.0, None) == "not_testable"
    assert verdict(RET, -17.0, math.nan) == "not_testable"
    assert set(VERDICTS) == {"confirmed", "close", "contradicted", "not_testable"}


def test_tolerance_text_states_numbers() -> None:
    assert "0.5 pp" in describe_tolerance(RET, "percent") and "2 pp" in describe_tolerance(RET, "percent")
    assert "5%" in describe_tolerance(MONEY, "USD bn") and "20%" in describe_tolerance(MONEY, "USD bn")
    for rule, (params, _) in RULES.items():
        tol = {"rule": rule, **{p: ("down" if p == "direction" else 1.0) for p in params}}
        assert describe_tolerance(tol, "percent")


@pytest.mark.parametrize(
    "tol",
    [
        {"rule": "nope"},
        {"rule": "abs_diff", "confirmed": 0.5},
        {"confirmed": 0.5},
        {"rule": "abs_diff", "confirmed": "0.5", "close": 2},
        {"rule": "significant", "alpha": 0.05, "close_alpha": 0.1, "direction": "sideways"},
    ],
)
def test_bad_tolerance_raises(tol: dict) -> None:
    with pytest.raises(ClaimsError):
        check_tolerance(tol)


def test_numeric_rule_needs_numeric_claim() -> None:
    with pytest.raises(ClaimsError):
        verdict(RET, "down", -3.0)
