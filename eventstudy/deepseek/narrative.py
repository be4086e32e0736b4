"""Sentences that say what a result means, built from the numbers (never typed by hand).

The notebooks print these sentences after each key result and the paper can use the same
builders, so a conclusion is worded once, from the same rule, wherever it appears.

The decision rule is the one the study fixes in advance (:func:`eventstudy.deepseek.design.study_design`,
``primary_tests``): a hypothesis is judged by its *primary* test at ``level`` (5% unless the
design says otherwise); other tests are reported beside it, with their size on real placebo
dates, and never overturn the primary test's decision.

Every builder takes ``style="text"`` (plain Unicode, for notebooks and Markdown) or
``style="latex"`` (numbers through :func:`eventstudy.report.latex.format_number`, text
escaped), so the paper can drop a sentence into a macro.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from ..errors import SpecificationError
from ..report.latex import format_number, format_pvalue, latex_escape

__all__ = [
    "Style",
    "fmt_pct",
    "fmt_num",
    "fmt_p",
    "fmt_level",
    "rejects",
    "test_label",
    "size_verdict",
    "p_floor",
    "size_sentence",
    "primary_test_sentence",
    "other_tests_sentence",
    "abnormal_return_sentence",
    "benchmark_sentence",
    "placebo_sentence",
    "claims_sentence",
    "agreement_sentence",
]

Style = Literal["text", "latex"]
_MINUS = "\u2212"


def _check_style(style: str) -> None:
    if style not in ("text", "latex"):
        raise SpecificationError(f"style must be 'text' or 'latex', not {style!r}")


def _finite(x: Any, name: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError) as exc:
        raise SpecificationError(f"{name} must be a number, got {x!r}") from exc
    if not math.isfinite(v):
        raise SpecificationError(
            f"{name} is {v}: a sentence cannot interpret a missing number; compute it first"
        )
    return v


def _esc(text: str, style: Style) -> str:
    return latex_escape(text) if style == "latex" else text


def fmt_pct(x: float, decimals: int = 2, signed: bool = True, style: Style = "text") -> str:
    """Decimal fraction as a percentage: ``-0.16974 -> "−16.97%"`` (``"$-$16.97\\%"`` in LaTeX)."""
    _check_style(style)
    v = _finite(x, "x")
    if style == "latex":
        return format_number(v, decimals, signed=signed, percent=True)
    body = f"{abs(v) * 100:.{decimals}f}"
    zero = float(body) == 0.0
    sign = "" if zero else (_MINUS if v < 0 else ("+" if signed else ""))
    return f"{sign}{body}%"


def fmt_num(x: float, decimals: int = 2, signed: bool = False, style: Style = "text") -> str:
    """Plain number with a true minus sign."""
    _check_style(style)
    v = _finite(x, "x")
    if style == "latex":
        return format_number(v, decimals, signed=signed)
    body = f"{abs(v):.{decimals}f}"
    zero = float(body) == 0.0
    sign = "" if zero else (_MINUS if v < 0 else ("+" if signed else ""))
    return sign + body


def fmt_p(p: float, decimals: int = 3, style: Style = "text") -> str:
    """``"p = 0.021"``, or ``"p < 0.001"`` below the printed precision."""
    _check_style(style)
    v = _finite(p, "p")
    if not 0.0 <= v <= 1.0:
        raise SpecificationError(f"p-value {v} is outside [0, 1]")
    if style == "latex":
        text = format_pvalue(v, decimals)
        return f"$p{text.replace('$<$', '<')}$" if text.startswith("$<$") else f"$p={text}$"
    floor = 10.0**-decimals
    return f"p < {floor:.{decimals}f}" if v < floor else f"p = {v:.{decimals}f}"


def fmt_level(level: float, style: Style = "text") -> str:
    """A significance level as a percentage without decimals when whole (``0.05 -> "5%"``)."""
    v = _finite(level, "level")
    if not 0.0 < v < 1.0:
        raise SpecificationError(f"level must be in (0, 1), got {v}")
    decimals = 0 if abs(v * 100 - round(v * 100)) < 1e-9 else 1
    return fmt_pct(v, decimals, signed=False, style=style)


def rejects(p: float, level: float = 0.05) -> bool:
    """The decision rule: reject the null when ``p < level``."""
    return _finite(p, "p") < _finite(level, "level")


def test_label(name: str) -> str:
    """Display name of a test from the one test registry (``"brown_warner" -> "Brown-Warner t"``)."""
    from ..inference import REGISTRY

    spec = REGISTRY.get(name)
    return spec.label if spec is not None else name.replace("_", " ")


def _mc_se(rate: float, n: int) -> float:
    return math.sqrt(max(rate * (1.0 - rate), 1e-12) / n)


def size_verdict(rate: float, n: int, level: float = 0.05, z: float = 2.0) -> str:
    """``"about nominal"``, ``"over-rejects"`` or ``"under-rejects"``.

    A rejection rate is read against the nominal level with its Monte-Carlo standard error
    ``sqrt(level (1 - level) / n)`` (the null's binomial spread over ``n`` decisions): beyond
    ``z`` standard errors it is over- or under-sized.
    """
    r, lv = _finite(rate, "rate"), _finite(level, "level")
    if n < 1:
        raise SpecificationError(f"n (placebo decisions) must be >= 1, got {n}")
    se = _mc_se(lv, n)
    if r > lv + z * se:
        return "over-rejects"
    if r < lv - z * se:
        return "under-rejects"
    return "about nominal"


def size_sentence(
    name: str,
    rate: float,
    n: int,
    level: float = 0.05,
    design: str = "a shared event date",
    style: Style = "text",
) -> str:
    """``"With a shared event date, BMP t rejects 23.4% (Monte-Carlo s.e. 1.9%) of 500 true nulls at
    a nominal 5%: it over-rejects."``"""
    verdict = size_verdict(rate, n, level)
    what = {
        "over-rejects": "it over-rejects, so its small p-values overstate the evidence",
        "under-rejects": "it under-rejects (conservative)",
        "about nominal": "it holds its nominal size",
    }[verdict]
    if verdict == "over-rejects" and rate <= 1.5 * level:
        what = "it over-rejects slightly, which matters only for p-values near the level"
    return (
        f"With {_esc(design, style)}, {_esc(test_label(name), style)} rejects "
        f"{fmt_pct(rate, 1, signed=False, style=style)} "
        f"(Monte-Carlo s.e. {fmt_pct(_mc_se(rate, n), 1, signed=False, style=style)}) of {n} true nulls "
        f"at a nominal {fmt_level(level, style)}: {what}."
    )


def _is_cross_section(name: str) -> bool:
    from ..inference import REGISTRY

    spec = REGISTRY.get(name)
    return spec is not None and spec.scope == "cross_section"


def p_floor(result: Any) -> float | None:
    """The smallest p-value a resampling-free empirical test can return, or ``None``.

    For the SQ test (``plus_one`` convention, two-sided) it is ``2 / (n + 1)`` with ``n`` the
    number of estimation-window reference sums: an event beyond every one of them gets it.
    """
    d = getattr(result, "details", {}) or {}
    if result.name == "sq" and "n_sums" in d and d.get("convention", "plus_one") == "plus_one":
        k = 2.0 if result.alternative == "two-sided" else 1.0
        return min(1.0, k / (int(d["n_sums"]) + 1))
    return None


def _stat_text(result: Any, style: Style) -> str:
    if getattr(result, "null_distribution", "") == "empirical":
        text = f"CAR {fmt_pct(result.statistic, style=style)}"
    else:
        text = f"statistic {fmt_num(result.statistic, 2, signed=True, style=style)}"
    n = getattr(result, "n", None)
    if n is not None and _is_cross_section(result.name):
        text += f", $N={int(n)}$" if style == "latex" else f", N = {int(n)}"
    return text


def _floor_text(result: Any, style: Style) -> str:
    floor = p_floor(result)
    if floor is None or result.pvalue > floor * (1 + 1e-9):
        return ""
    n = int(result.details["n_sums"])
    return (
        f" (the smallest p-value this test can give with {n} estimation-window sums: the event lies "
        "beyond every one of them)"
    )


def primary_test_sentence(
    result: Any,
    *,
    hypothesis: str,
    level: float = 0.05,
    size: float | None = None,
    size_n: int | None = None,
    size_design: str = "a shared event date",
    power: float | None = None,
    power_shift: float | None = None,
    style: Style = "text",
) -> str:
    """The decision on a hypothesis by its primary test, with the test's size on placebo dates.

    ``"H0: the treated universe's average abnormal return on day 0 is zero. The primary test,
    Brown-Warner t (rejection rate on real placebo dates with a shared event date: 6.4% at a
    nominal 5%, Monte-Carlo s.e. 1.1%), rejects it at 5%: statistic −5.27, N = 17, p < 0.001."``

    Parameters
    ----------
    result : TestResult
        The primary test's result (``name``, ``statistic``, ``pvalue``, ``n``).
    hypothesis : str
        The null hypothesis in words, as the design states it (``study_design()[event]
        ["primary_tests"][key]["hypothesis"]``).
    level : float
        The design's significance level.
    size, size_n : float, int, optional
        Rejection rate of the test at ``level`` on real placebo dates and the number of
        decisions behind it (for the Monte-Carlo standard error); omitted when unknown.
    size_design : str
        How the placebo dates were drawn (``"a shared event date"``).
    power, power_shift : float, optional
        Rejection rate of the test on the same placebo dates with ``power_shift`` added to
        every stock's day-0 return. Reported when the test does not reject: a non-rejection by
        a test with little power is weak evidence of no effect.
    style : {"text", "latex"}
    """
    _check_style(style)
    label = _esc(test_label(result.name), style)
    lv = fmt_level(level, style)
    if size is not None:
        se = f", Monte-Carlo s.e. {fmt_pct(_mc_se(size, size_n), 1, False, style)}" if size_n else ""
        label += (
            f" (rejection rate on real placebo dates with {_esc(size_design, style)}: "
            f"{fmt_pct(size, 1, signed=False, style=style)} at a nominal {lv}{se})"
        )
    verb = "rejects it" if rejects(result.pvalue, level) else "does not reject it"
    hyp = _esc(hypothesis.rstrip("."), style)
    text = (
        f"{'$H_0$' if style == 'latex' else 'H0'}: {hyp}. The primary test, {label}, {verb} at {lv}: "
        f"{_stat_text(result, style)}, {fmt_p(result.pvalue, style=style)}{_floor_text(result, style)}."
    )
    if power is not None and power_shift is not None and not rejects(result.pvalue, level):
        text += " " + _power_clause(power, power_shift, style)
    return text


def _power_clause(power: float, shift: float, style: Style) -> str:
    pw = _finite(power, "power")
    weak = pw < 0.8
    return (
        f"Its power against an abnormal return of {fmt_pct(shift, 1, style=style)} on every stock is "
        f"{fmt_pct(pw, 1, signed=False, style=style)}, so "
        + (
            "this non-rejection is weak evidence that there was no effect."
            if weak
            else "an effect of that size shared by every stock would very likely have been detected: "
            "a non-rejection points to moves concentrated in a few stocks, not to a weak test."
        )
    )


def other_tests_sentence(
    results: Sequence[Any],
    primary: Any,
    level: float = 0.05,
    sizes: Mapping[str, float] | None = None,
    size_n: int | None = None,
    powers: Mapping[str, float] | None = None,
    style: Style = "text",
) -> str:
    """The other tests beside the primary one: which agree, which do not, and their size.

    A test that disagrees is named with its p-value and, when its size on placebo dates is
    known, whether it over-rejects (so its rejection is weak evidence) or under-rejects / holds
    its size (so its non-rejection may be low power). The primary test's decision stands.
    """
    _check_style(style)
    base = rejects(primary.pvalue, level)
    others = [r for r in results if r.name != primary.name]
    if not others:
        return "No other test is reported."
    agree = [r for r in others if rejects(r.pvalue, level) == base]
    differ = [r for r in others if rejects(r.pvalue, level) != base]
    lv = fmt_level(level, style)
    parts = [
        f"{len(agree)} of the {len(others)} other tests reach the same decision at {lv}"
        if agree
        else f"None of the {len(others)} other tests reaches the same decision at {lv}"
    ]
    if differ:
        items = []
        for r in differ:
            txt = f"{_esc(test_label(r.name), style)} ({fmt_p(r.pvalue, style=style)}, N = {int(r.n)}"
            if sizes is not None and r.name in sizes and size_n:
                txt += f"; size {fmt_pct(sizes[r.name], 1, False, style)}, {size_verdict(sizes[r.name], size_n, level)}"
            if powers is not None and r.name in powers and not rejects(r.pvalue, level):
                txt += f"; power {fmt_pct(powers[r.name], 1, False, style)}"
            items.append(txt + ")")
        parts.append("those that differ are " + ", ".join(items))
    return "; ".join(parts) + ". The primary test, fixed before the results, decides."


def abnormal_return_sentence(
    asset: str,
    ar: float,
    result: Any,
    *,
    benchmark: str,
    what: str = "day-0 abnormal return",
    level: float = 0.05,
    style: Style = "text",
) -> str:
    """``"NVDA's day-0 abnormal return against ^GSPC is −13.67% (Prediction-error t −6.16, p < 0.001):
    significant at 5%."``"""
    sig = "significant" if rejects(result.pvalue, level) else "not significant"
    return (
        f"{_esc(asset, style)}'s {_esc(what, style)} against {_esc(benchmark, style)} is "
        f"{fmt_pct(ar, style=style)} ({_esc(test_label(result.name), style)} "
        f"{fmt_num(result.statistic, 2, signed=True, style=style)}, {fmt_p(result.pvalue, style=style)}): "
        f"{sig} at {fmt_level(level, style)}."
    )


def benchmark_sentence(
    asset: str,
    ars: Mapping[str, float],
    baseline: str,
    what: str = "day-0 abnormal return",
    style: Style = "text",
) -> str:
    """How much the benchmark moves an abnormal return: each alternative against the baseline.

    ``"NVDA's day-0 abnormal return is −13.26% against ^GSPC (baseline); −16.60% against ^RUT
    (−3.34 percentage points)."``
    """
    if baseline not in ars:
        raise SpecificationError(f"baseline {baseline!r} is not among the benchmarks {list(ars)}")
    b = _finite(ars[baseline], f"ars[{baseline!r}]")
    parts = [f"{fmt_pct(b, style=style)} against {_esc(baseline, style)} (baseline)"]
    for name, v in ars.items():
        if name == baseline:
            continue
        diff = (_finite(v, f"ars[{name!r}]") - b) * 100
        parts.append(
            f"{fmt_pct(v, style=style)} against {_esc(name, style)} "
            f"({fmt_num(diff, 2, signed=True, style=style)} percentage points)"
        )
    return f"{_esc(asset, style)}'s {_esc(what, style)} is " + "; ".join(parts) + "."


def placebo_sentence(
    asset: str,
    event_value: float,
    n: int,
    pvalue: float,
    what: str = "day-0 abnormal return",
    style: Style = "text",
) -> str:
    """Where the event falls among placebo dates (exact rank p-value ``(1 + #{|x_j| >= |x_0|}) / (1 + n)``)."""
    n_ext = round(_finite(pvalue, "pvalue") * (1 + n)) - 1
    return (
        f"{_esc(asset, style)}'s {_esc(what, style)} of {fmt_pct(event_value, style=style)} is matched or exceeded "
        f"in magnitude on {max(n_ext, 0)} of {n} placebo dates: {fmt_p(pvalue, style=style)}."
    )


_VERDICT_WORDS = {
    "confirmed": "confirmed",
    "close": "close",
    "contradicted": "contradicted",
    "not_testable": "not testable",
    "inconclusive": "inconclusive",
}


def claims_sentence(verdicts: Iterable[str], subject: str = "claims", style: Style = "text") -> str:
    """``"Of the 12 claims, 7 are confirmed, 1 close, 2 contradicted, 2 not testable."``

    Counts *claims* (one verdict per claim, e.g. ``summarise_claims(...)["verdict"]``), never readings.
    """
    vs = list(verdicts)
    if not vs:
        raise SpecificationError("claims_sentence needs at least one verdict")
    unknown = sorted(set(vs) - set(_VERDICT_WORDS))
    if unknown:
        raise SpecificationError(f"unknown verdicts {unknown}; expected one of {sorted(_VERDICT_WORDS)}")
    counts = [(w, vs.count(k)) for k, w in _VERDICT_WORDS.items() if vs.count(k)]
    first_verb = "is" if counts[0][1] == 1 else "are"
    body = ", ".join(f"{c} {first_verb + ' ' if i == 0 else ''}{w}" for i, (w, c) in enumerate(counts))
    if len(vs) == 1:
        return f"The one claim ({_esc(subject, style)}) is {counts[0][0]}."
    return f"Of the {len(vs)} {_esc(subject, style)}, {body}."


def agreement_sentence(
    results: Sequence[Any], level: float = 0.05, what: str = "the abnormal return", style: Style = "text"
) -> str:
    """Whether tests with different assumptions agree (``"The t test (p = ...) and the SQ test (p = ...)
    agree: the abnormal return is significant at 5% whatever the tails."``)."""
    if not results:
        raise SpecificationError("agreement_sentence needs at least one test result")
    dec = {rejects(r.pvalue, level) for r in results}
    listed = " and ".join(
        f"{_esc(test_label(r.name), style)} ({fmt_p(r.pvalue, style=style)})" for r in results
    )
    lv = fmt_level(level, style)
    if len(dec) == 1:
        sig = "significant" if dec.pop() else "not significant"
        return f"{listed} agree: {_esc(what, style)} is {sig} at {lv} under each test's assumptions."
    return (
        f"{listed} disagree at {lv}: whether {_esc(what, style)} is significant depends on the assumption "
        "the tests differ in, so both are reported."
    )
