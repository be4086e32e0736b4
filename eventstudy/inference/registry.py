"""The one registry of significance tests: name, function, minimum N, windows, null, citation.

Every caller that needs to know something about a test (``EventStudyResults.test`` and
``applicable_tests``, the batch engine, the simulations, the paper's tables) reads it here,
so adding a test is one function in a test module plus one :class:`TestSpec` line below.

Functions are imported on first use (``spec.func``), so reading the registry does not
import scipy or statsmodels.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "TestSpec",
    "REGISTRY",
    "TESTS",
    "SINGLE_ASSET_TESTS",
    "MULTI_ASSET_TESTS",
    "RESAMPLING_TESTS",
    "MIN_CROSS_SECTION",
    "spec",
]

MIN_CROSS_SECTION = 5
"""Minimum cross-section of the tests that estimate a cross-sectional spread or distribution
(below it a bootstrap of two CARs or a sign test that cannot reject is degenerate)."""


@dataclass(frozen=True)
class TestSpec:
    """Metadata of one significance test.

    Attributes
    ----------
    name : str
        Fixed public name (``res.test(name)``).
    label : str
        Display name for tables (plain text; LaTeX escaping happens at the edge).
    target : str
        ``"module:function"`` inside :mod:`eventstudy.inference`.
    scope : {"asset", "cross_section"}
        ``"asset"``: one result per asset; ``"cross_section"``: one result for the sample.
    min_n : int
        Minimum number of assets (or asset-event pairs) for the test to apply.
    windows : {"any", "day"}
        ``"any"``: any inclusive window inside the event window (multi-day CARs);
        ``"day"``: one event day only.
    null : str
        Reference distribution, as in :attr:`TestResult.null_distribution`
        (``L`` estimation length, ``p`` coefficients, ``N`` assets, ``T`` days).
    citation : str
        The source of the statistic (author, year, equation where one applies).
    needs_regressors : bool
        Needs the design matrices (a regression model, not ``market_adjusted``).
    resampling : bool
        Draws random numbers (``rng=`` is passed, seeded from the study).
    time_series_se : bool
        Its standard error comes from the estimation-window time series (valid from two
        assets on) rather than from the cross-section.
    tex : str
        The label in LaTeX (math for the statistic's letter), for papers; see :attr:`label_tex`.
    """

    __test__ = False  # not a pytest test class

    name: str
    label: str
    target: str
    scope: Literal["asset", "cross_section"]
    min_n: int
    windows: Literal["any", "day"]
    null: str
    citation: str
    needs_regressors: bool = False
    resampling: bool = False
    time_series_se: bool = False
    tex: str = ""

    @property
    def label_tex(self) -> str:
        """The label for LaTeX tables (``tex`` when set, else the escaped plain label)."""
        from ..formatting import latex_escape

        return self.tex or latex_escape(self.label)

    @property
    def func(self) -> Callable[..., Any]:
        """The test function ``f(sample, window=..., **options)`` (imported on first use)."""
        module, attr = self.target.split(":")
        return getattr(importlib.import_module(f"eventstudy.inference.{module}"), attr)


_SPECS: tuple[TestSpec, ...] = (
    TestSpec("t_prediction_error", "Prediction-error t", "single_asset:t_prediction_error", "asset", 1, "any",
             "t(L-p)", "MacKinlay (1997), eq. 9-14", tex="prediction-error $t$"),
    TestSpec("dummy_regression", "Event-dummy regression t", "single_asset:dummy_regression", "asset", 1, "any",
             "t(L-p) or N(0,1)", "Karafiath (1988); Salinger (1992)", needs_regressors=True, tex="Event-dummy regression $t$"),
    TestSpec("sq", "SQ (sample quantile)", "single_asset:sq", "asset", 1, "any",
             "empirical", "Gelbach, Helland & Klick (2013)", tex="SQ"),
    TestSpec("t_cross_sectional", "Cross-sectional t", "parametric:t_cross_sectional", "cross_section",
             MIN_CROSS_SECTION, "any", "t(N-1)", "Brown & Warner (1985); Campbell, Lo & MacKinlay (1997, ch. 4)", tex="Cross-sectional $t$"),
    TestSpec("brown_warner", "Brown-Warner t", "parametric:brown_warner", "cross_section", 2, "any",
             "t(L-1)", "Brown & Warner (1980, 1985)", time_series_se=True, tex="Brown--Warner $t$"),
    TestSpec("patell", "Patell Z", "parametric:patell", "cross_section", 2, "any",
             "N(0,1)", "Patell (1976); MacKinlay (1997)", time_series_se=True, tex="Patell $Z$"),
    TestSpec("bmp", "BMP t", "parametric:bmp", "cross_section", MIN_CROSS_SECTION, "any",
             "t(N-1)", "Boehmer, Musumeci & Poulsen (1991)", tex="BMP $t$"),
    TestSpec("kolari_pynnonen", "Kolari-Pynnönen t", "parametric:kolari_pynnonen", "cross_section",
             MIN_CROSS_SECTION, "any", "t(N-1)", "Kolari & Pynnönen (2010), eq. 9", tex='Kolari--Pynn\\"onen $t$'),
    TestSpec("corrado_rank", "Corrado rank", "rank:corrado_rank", "cross_section", 2, "any",
             "N(0,1)", "Corrado (1989); Campbell & Wasley (1993)", time_series_se=True, tex="Corrado rank"),
    TestSpec("grank", "GRANK t", "rank:grank", "cross_section", MIN_CROSS_SECTION, "any",
             "t(L-1)", "Kolari & Pynnönen (2011)", tex="GRANK $t$"),
    TestSpec("sign", "Sign", "sign:sign", "cross_section", MIN_CROSS_SECTION, "any",
             "Binomial(N, 0.5) or N(0,1)", "Cowan (1992); Brown & Warner (1980)", tex="Sign"),
    TestSpec("generalized_sign", "Generalized sign", "sign:generalized_sign", "cross_section",
             MIN_CROSS_SECTION, "any", "Binomial(N, p_est) or N(0,1)", "Cowan (1992)", tex="Generalized sign"),
    TestSpec("wilcoxon", "Wilcoxon signed-rank", "sign:wilcoxon", "cross_section", MIN_CROSS_SECTION, "any",
             "Wilcoxon signed-rank(N) or N(0,1)", "Wilcoxon (1945)", tex="Wilcoxon"),
    TestSpec("bootstrap", "Studentized bootstrap", "resampling:bootstrap", "cross_section", MIN_CROSS_SECTION,
             "any", "bootstrap(B)", "Hall & Wilson (1991); Efron & Tibshirani (1993, ch. 16)", resampling=True, tex="Bootstrap"),
    TestSpec("permutation", "Sign-flip permutation", "resampling:permutation", "cross_section",
             MIN_CROSS_SECTION, "any", "sign-flip exact(2^N) or MC(B)", "Fisher (1935); Good (2005)",
             resampling=True, tex="Permutation"),
    TestSpec("joint_wald", "Joint Wald (SUR)", "joint:joint_wald", "cross_section", 2, "any",
             "chi2(NW)", "Binder (1985); Schipper & Thompson (1985)", needs_regressors=True,
             time_series_se=True, tex="Joint Wald ($\\chi^2$)"),
    TestSpec("adjusted_patell", "Adjusted Patell Z", "adjusted_patell:adjusted_patell", "cross_section", 2,
             "any", "N(0,1)", "Kolari & Pynnönen (2010), eq. 13", time_series_se=True, tex="Adjusted Patell $Z$"),
    TestSpec("wild_bootstrap", "Wild bootstrap t (Rademacher)", "wild_bootstrap:wild_bootstrap",
             "cross_section", MIN_CROSS_SECTION, "any", "wild Rademacher exact(2^N) or MC(B)",
             "Davidson & Flachaire (2008); Mammen (1993)", resampling=True, tex="Wild bootstrap"),
    TestSpec("bhar_t", "BHAR t", "bhar:bhar_t", "cross_section", MIN_CROSS_SECTION, "any",
             "t(N-1)", "Barber & Lyon (1997), eq. 5; Lyon, Barber & Tsai (1999), eq. 4", tex="BHAR $t$"),
    TestSpec("bhar_skewness_adjusted", "Skewness-adjusted BHAR t", "bhar:bhar_skewness_adjusted",
             "cross_section", MIN_CROSS_SECTION, "any", "bootstrap(B, n_b)",
             "Lyon, Barber & Tsai (1999), eq. 5 and sec. III.B; Johnson (1978)", resampling=True, tex="BHAR skewness-adj.\\ $t$"),
)  # fmt: skip

REGISTRY: dict[str, TestSpec] = {s.name: s for s in _SPECS}
"""Test name -> :class:`TestSpec`, in the order tables list them."""


class _LazyTests(Mapping[str, Callable[..., Any]]):
    """Read-only mapping name -> test function, importing a test module on first access."""

    def __getitem__(self, name: str) -> Callable[..., Any]:
        return REGISTRY[name].func

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)

    def __repr__(self) -> str:
        return f"TESTS({list(REGISTRY)})"


TESTS: Mapping[str, Callable[..., Any]] = _LazyTests()
"""Test name -> function, the names accepted by ``EventStudyResults.test``."""

SINGLE_ASSET_TESTS: tuple[str, ...] = tuple(n for n, s in REGISTRY.items() if s.scope == "asset")
"""Tests returning one result per asset."""

MULTI_ASSET_TESTS: tuple[str, ...] = tuple(n for n, s in REGISTRY.items() if s.scope == "cross_section")
"""Cross-sectional tests returning one result."""

RESAMPLING_TESTS: tuple[str, ...] = tuple(n for n, s in REGISTRY.items() if s.resampling)
"""Tests that draw random numbers (they take ``rng=``)."""


def spec(name: str) -> TestSpec:
    """The :class:`TestSpec` of ``name``.

    Raises
    ------
    SpecificationError
        Unknown test name (the message lists the known ones).
    """
    from ..errors import SpecificationError

    try:
        return REGISTRY[name]
    except KeyError:
        raise SpecificationError(f"unknown test {name!r}; choose from {sorted(REGISTRY)}") from None
