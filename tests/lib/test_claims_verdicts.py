"""Verdict rules of the claims engine, pinned on hand-made numbers."""

from __future__ import annotations

import math

import pytest

from eventstudy.claims.verdicts import (
    REASONS,
    RULES,
    VERDICTS,
    Judgement,
    check_tolerance,
    describe_tolerance,
    judge,
    verdict,
)
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
    # attribution: the p-value is one-sided in the claimed direction
    sig = {"rule": "significant", "alpha": 0.05, "direction": "down"}
    assert verdict(sig, "down", -5.0, pvalue=0.01) == "confirmed"
    assert verdict(sig, "down", -5.0, pvalue=0.07) == "inconclusive"  # not significant is not false
    assert verdict(sig, "down", -5.0, pvalue=0.37) == "inconclusive"
    assert verdict(sig, "down", 2.0, pvalue=0.999) == "contradicted"  # significant the other way
    assert verdict(sig, "down", -5.0, pvalue=None) == "not_testable"


def test_not_testable_cases() -> None:
    assert verdict({"rule": "none"}, None, None) == "not_testable"
    assert verdict(RET, -17.0, None) == "not_testable"
    assert verdict(RET, -17.0, math.nan) == "not_testable"
    assert set(VERDICTS) == {"confirmed", "close", "contradicted", "inconclusive", "not_testable"}


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
        {"rule": "significant", "alpha": 0.05, "direction": "sideways"},
    ],
)
def test_bad_tolerance_raises(tol: dict) -> None:
    with pytest.raises(ClaimsError):
        check_tolerance(tol)


def test_numeric_rule_needs_numeric_claim() -> None:
    with pytest.raises(ClaimsError):
        verdict(RET, "down", -3.0)


# ------------------------------------------------------------------ judge(): verdict, reason code, sentence


def test_judge_price_move_outside_tolerance_names_both_figures() -> None:
    j = judge(RET, -10.2, -7.0743, unit="percent")  # NVDA's Mon-Fri Open Source Week return
    assert j == Judgement("contradicted", "outside_tolerance", j.text)
    assert "-7.07%" in j.text and "-10.20%" in j.text and "0.5 pp" in j.text
    assert judge(RET, -17.0, -16.97, unit="percent") == Judgement("confirmed")


def test_a_close_can_confirm_fell_below_but_never_refute_it() -> None:
    below = {"rule": "below", "close": 0.01}
    # the close is an upper bound of the intraday low: above the level it proves nothing
    j = judge(below, 100500.0, 102087.69, unit="USD", bound="upper")
    assert (j.verdict, j.reason) == ("inconclusive", "not_in_data") and "never refute" in j.text
    # below the level it proves the low was below too
    assert judge(below, 3200.0, 3178.92, unit="USD", bound="upper").verdict == "confirmed"
    # the same close as a plain observation would contradict: the bound is what changes the verdict
    assert verdict(below, 100500.0, 102087.69) == "contradicted"


def test_attribution_confounded_low_power_and_opposite() -> None:
    sig = {"rule": "significant", "alpha": 0.05, "direction": "down"}
    conf = ("Nvidia's results (2025-02-26, after the close)",)
    # a confounder inside the window makes any p inconclusive, even a tiny one
    for p in (0.001, 0.2):
        j = judge(sig, "down", -4.4, pvalue=p, unit="percent", confounders=conf)
        assert (j.verdict, j.reason) == ("inconclusive", "confounded") and "2025-02-26" in j.text
    j = judge(sig, "down", -4.4, pvalue=0.19, unit="percent")
    assert (j.verdict, j.reason) == (
        "inconclusive",
        "low_power",
    ) and "does not make the claim false" in j.text
    assert judge(sig, "down", 6.0, pvalue=0.995, unit="percent").verdict == "contradicted"
    assert judge(sig, "down", -9.0, pvalue=0.004, unit="percent") == Judgement("confirmed")


def test_judge_missing_observation_is_not_testable_not_in_data() -> None:
    j = judge(RET, -5.3, None, unit="percent", missing="ARM is not in the 5-minute bars")
    assert j == Judgement("not_testable", "not_in_data", "ARM is not in the 5-minute bars")
    with pytest.raises(ClaimsError):
        judge({"rule": "none"}, None, None)


def test_reason_codes_named_by_the_issue_exist() -> None:
    for code in (
        "pre_market_snapshot",
        "rolling_24h",
        "other_instrument",
        "translation_slip",
        "wrong_entity",
        "not_in_data",
        "not_market_data",
        "confounded",
        "low_power",
        "outside_tolerance",
    ):
        assert REASONS[code]
