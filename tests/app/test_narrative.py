"""The generated sentences of :mod:`eventstudy.deepseek.narrative`: wording follows the numbers."""

from __future__ import annotations

import math

import pytest

from eventstudy.deepseek import narrative as nv
from eventstudy.errors import EventStudyError
from eventstudy.inference.base import TestResult


def _r(name: str, stat: float, p: float, n: int = 17, **details: object) -> TestResult:
    return TestResult(name, stat, p, "t(16)", n, (0, 0), details=details)


def test_formatters() -> None:
    assert nv.fmt_pct(-0.16974) == "\u221216.97%"
    assert nv.fmt_pct(0.0257) == "+2.57%"
    assert nv.fmt_pct(-0.00001) == "0.00%"  # no sign on a rounded zero
    assert nv.fmt_pct(-0.16974, style="latex") == r"$-$16.97\%"
    assert nv.fmt_p(0.0004) == "p < 0.001"
    assert nv.fmt_p(0.0213) == "p = 0.021"
    assert nv.fmt_p(0.0004, style="latex") == "$p<0.001$"
    assert nv.fmt_level(0.05) == "5%"
    assert nv.fmt_level(0.025) == "2.5%"


@pytest.mark.parametrize("bad", [float("nan"), math.inf, None, "x"])
def test_missing_numbers_are_refused(bad: object) -> None:
    with pytest.raises(EventStudyError, match="x|number"):
        nv.fmt_pct(bad)  # type: ignore[arg-type]


def test_p_outside_unit_interval_is_refused() -> None:
    with pytest.raises(EventStudyError, match="outside"):
        nv.fmt_p(1.2)


def test_size_verdict_uses_the_binomial_spread_of_the_null() -> None:
    # n = 300 decisions at 5%: s.e. = sqrt(0.05 * 0.95 / 300) = 0.012583; 2 s.e. = 0.025166
    assert nv.size_verdict(0.075, 300) == "about nominal"
    assert nv.size_verdict(0.0752, 300) == "over-rejects"
    assert nv.size_verdict(0.02, 300) == "under-rejects"
    s = nv.size_sentence("bmp", 0.4933, 300)
    assert "BMP t rejects 49.3%" in s and "Monte-Carlo s.e. 2.9%" in s and "over-rejects" in s


def test_primary_sentence_follows_the_decision_rule() -> None:
    rej = nv.primary_test_sentence(_r("corrado_rank", -2.5, 0.012), hypothesis="the CAAR is zero", level=0.05)
    assert "rejects it at 5%" in rej and "does not" not in rej and "N = 17" in rej and "p = 0.012" in rej
    keep = nv.primary_test_sentence(
        _r("corrado_rank", -0.87, 0.385),
        hypothesis="the CAAR is zero",
        size=0.07,
        size_n=300,
        power=0.373,
        power_shift=-0.02,
    )
    assert "does not reject it at 5%" in keep
    assert "7.0% at a nominal 5%, Monte-Carlo s.e. 1.5%" in keep  # sqrt(0.07 * 0.93 / 300) = 0.01473
    assert "power against an abnormal return of \u22122.0% on every stock is 37.3%" in keep
    assert "weak evidence" in keep
    # the same p just below and just above the level flips the verb
    assert "rejects it" in nv.primary_test_sentence(_r("bmp", -2, 0.0499), hypothesis="h")
    assert "does not reject" in nv.primary_test_sentence(_r("bmp", -2, 0.05), hypothesis="h")


def test_sq_at_its_floor_says_so() -> None:
    # 95 estimation residuals, one-day window: n = 95 sums, floor 2 / 96 = 0.0208
    sq = TestResult("sq", -0.1367, 2 / 96, "empirical", 95, (0, 0), asset="NVDA", details={"n_sums": 95})
    assert nv.p_floor(sq) == pytest.approx(2 / 96)
    text = nv.primary_test_sentence(sq, hypothesis="h")
    assert "CAR \u221213.67%" in text and "smallest p-value this test can give with 95" in text
    above = TestResult("sq", -0.05, 0.2, "empirical", 95, (0, 0), asset="NVDA", details={"n_sums": 95})
    assert "smallest" not in nv.primary_test_sentence(above, hypothesis="h")


def test_other_tests_and_agreement() -> None:
    primary = _r("corrado_rank", -0.87, 0.385)
    others = [primary, _r("bmp", -2.1, 0.048), _r("kolari_pynnonen", -0.7, 0.49)]
    s = nv.other_tests_sentence(others, primary, sizes={"bmp": 0.49, "kolari_pynnonen": 0.083}, size_n=300)
    assert s.startswith("1 of the 2 other tests reach the same decision")
    assert "BMP t (p = 0.048, N = 17; size 49.0%, over-rejects)" in s
    assert "Kolari" not in s.split("differ are")[1]  # KP agrees with the primary test
    assert "agree" in nv.agreement_sentence([_r("t", 1, 0.2), _r("sq", 1, 0.3)])
    assert "disagree" in nv.agreement_sentence([_r("t", 1, 0.01), _r("sq", 1, 0.3)])


def test_benchmark_and_placebo_and_claims() -> None:
    s = nv.benchmark_sentence("NVDA", {"^GSPC": -0.1326, "^RUT": -0.166}, "^GSPC")
    assert "\u221213.26% against ^GSPC (baseline)" in s and "(\u22123.34 percentage points)" in s
    with pytest.raises(EventStudyError, match="baseline"):
        nv.benchmark_sentence("NVDA", {"^RUT": -0.1}, "^GSPC")
    # p = (1 + 2) / (1 + 1876): two placebo dates at least as extreme
    assert "on 2 of 1876 placebo dates" in nv.placebo_sentence("NVDA", -0.13, 1876, 3 / 1877)
    assert nv.claims_sentence(["confirmed", "contradicted", "contradicted"]) == (
        "Of the 3 claims, 1 is confirmed, 2 contradicted."
    )
    with pytest.raises(EventStudyError, match="unknown verdicts"):
        nv.claims_sentence(["maybe"])


def test_latex_style_is_escaped_for_the_paper() -> None:
    text = nv.primary_test_sentence(
        _r("corrado_rank", -0.87, 0.385), hypothesis="the CAAR on ^GSPC is zero", style="latex"
    )
    assert text.startswith("$H_0$: the CAAR on \\textasciicircum{}GSPC") or "\\^{}GSPC" in text
    assert "$-$0.87" in text and "$N=17$" in text and "$p=0.385$" in text and "5\\%" in text
    assert "\u2212" not in text and "%" not in text.replace("\\%", "")
