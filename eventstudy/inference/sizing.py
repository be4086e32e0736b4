"""Measured size of every test on real placebo dates, and the notes ``tests()`` prints.

The table below is the output of :func:`eventstudy.simulation.size_by_window` on the ten
study stocks (NVDA TSM AVGO AMD MU INTC MSFT GOOG AAPL META against ^GSPC, simple returns
from the snapshot, market model, estimation window (-260, -11)), 1,000 placebo draws from
2017-09-01 .. 2024-12-31 (seed 12345), nominal level 5%, for the windows (0, 0), (-1, 1)
and (0, 4) and two designs: ``"clustered"`` (all ten stocks share each pseudo-date, as on
2025-01-27) and ``"independent"`` (each stock its own dates). Single-asset tests count
asset-draws (10,000 decisions), the others draws (1,000; Monte Carlo standard error about
0.7 points at a true 5%). ``tests/app/test_size_windows.py`` reruns it with 300 draws and
checks the agreement within Monte Carlo error.

A test is flagged (``size_note`` in :meth:`EventStudyResults.tests`) for a design and
window when its measured rate exceeds :data:`OVER_REJECTION` (8%, the upper edge of the
band the size tests accept). What the flags say, in short:

* with a shared event date every purely cross-sectional test over-rejects (12-26%:
  t, BMP, sign, generalized sign, Wilcoxon, bootstrap, permutation, wild bootstrap, both
  BHAR tests), as does Patell (20-21%); the Kolari-Pynnönen adjusted BMP (4-7%), the adjusted
  Patell (5-7%), Brown-Warner (5-8%), the Corrado rank test (4-6%) and the prediction-error t
  (6-7% of asset-draws) hold. This is the cross-correlation of Kolari & Pynnönen (2010);
* with independent dates: Patell 8.7-11.1% and the adjusted Patell 8.6-10.3% (fat tails and
  event-day variance against a N(0,1) reference), GRANK 8.1-10.5%, Brown-Warner 8.4% and the
  skewness-adjusted BHAR t 8.1% on (0, 4);
* GRANK also over-rejects with a shared date on day 0 (10.3%);
* the joint Wald test: 15-31% with the chi-square and 14-28% with McKeon's F, on every window
  and in both designs: treat its p-value as descriptive (see :mod:`eventstudy.inference.joint`).

:func:`sized_for` lists, per design and window, the tests whose measured size is within
the band.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["SIZE_TABLE", "OVER_REJECTION", "MEASURED_WINDOWS", "design_of", "size_note", "sized_for"]

OVER_REJECTION = 0.08
"""Measured rejection rate (at 5% nominal) above which a test is flagged."""

MEASURED_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 4))

SIZE_TABLE: dict[tuple[str, str, str], float] = {
    ("t_prediction_error", "clustered", "(0,0)"): 0.0603,
    ("t_cross_sectional", "clustered", "(0,0)"): 0.2330,
    ("brown_warner", "clustered", "(0,0)"): 0.0770,
    ("patell", "clustered", "(0,0)"): 0.2110,
    ("bmp", "clustered", "(0,0)"): 0.2370,
    ("kolari_pynnonen", "clustered", "(0,0)"): 0.0700,
    ("corrado_rank", "clustered", "(0,0)"): 0.0580,
    ("grank", "clustered", "(0,0)"): 0.1030,
    ("sign", "clustered", "(0,0)"): 0.1440,
    ("generalized_sign", "clustered", "(0,0)"): 0.1810,
    ("wilcoxon", "clustered", "(0,0)"): 0.2480,
    ("bootstrap", "clustered", "(0,0)"): 0.1800,
    ("permutation", "clustered", "(0,0)"): 0.2550,
    ("joint_wald", "clustered", "(0,0)"): 0.1780,
    ("joint_wald_f", "clustered", "(0,0)"): 0.1570,
    ("adjusted_patell", "clustered", "(0,0)"): 0.0690,
    ("wild_bootstrap", "clustered", "(0,0)"): 0.2440,
    ("bhar_t", "clustered", "(0,0)"): 0.2330,
    ("bhar_skewness_adjusted", "clustered", "(0,0)"): 0.2550,
    ("t_prediction_error", "clustered", "(-1,1)"): 0.0662,
    ("t_cross_sectional", "clustered", "(-1,1)"): 0.2220,
    ("brown_warner", "clustered", "(-1,1)"): 0.0560,
    ("patell", "clustered", "(-1,1)"): 0.1980,
    ("bmp", "clustered", "(-1,1)"): 0.2210,
    ("kolari_pynnonen", "clustered", "(-1,1)"): 0.0500,
    ("corrado_rank", "clustered", "(-1,1)"): 0.0520,
    ("grank", "clustered", "(-1,1)"): 0.0780,
    ("sign", "clustered", "(-1,1)"): 0.1320,
    ("generalized_sign", "clustered", "(-1,1)"): 0.1770,
    ("wilcoxon", "clustered", "(-1,1)"): 0.2360,
    ("bootstrap", "clustered", "(-1,1)"): 0.1790,
    ("permutation", "clustered", "(-1,1)"): 0.2410,
    ("joint_wald", "clustered", "(-1,1)"): 0.2600,
    ("joint_wald_f", "clustered", "(-1,1)"): 0.2400,
    ("adjusted_patell", "clustered", "(-1,1)"): 0.0600,
    ("wild_bootstrap", "clustered", "(-1,1)"): 0.2320,
    ("bhar_t", "clustered", "(-1,1)"): 0.2200,
    ("bhar_skewness_adjusted", "clustered", "(-1,1)"): 0.2570,
    ("t_prediction_error", "clustered", "(0,4)"): 0.0678,
    ("t_cross_sectional", "clustered", "(0,4)"): 0.2120,
    ("brown_warner", "clustered", "(0,4)"): 0.0490,
    ("patell", "clustered", "(0,4)"): 0.1970,
    ("bmp", "clustered", "(0,4)"): 0.2210,
    ("kolari_pynnonen", "clustered", "(0,4)"): 0.0440,
    ("corrado_rank", "clustered", "(0,4)"): 0.0420,
    ("grank", "clustered", "(0,4)"): 0.0770,
    ("sign", "clustered", "(0,4)"): 0.1240,
    ("generalized_sign", "clustered", "(0,4)"): 0.1710,
    ("wilcoxon", "clustered", "(0,4)"): 0.2240,
    ("bootstrap", "clustered", "(0,4)"): 0.1700,
    ("permutation", "clustered", "(0,4)"): 0.2270,
    ("joint_wald", "clustered", "(0,4)"): 0.3120,
    ("joint_wald_f", "clustered", "(0,4)"): 0.2760,
    ("adjusted_patell", "clustered", "(0,4)"): 0.0540,
    ("wild_bootstrap", "clustered", "(0,4)"): 0.2210,
    ("bhar_t", "clustered", "(0,4)"): 0.2110,
    ("bhar_skewness_adjusted", "clustered", "(0,4)"): 0.2440,
    ("t_prediction_error", "independent", "(0,0)"): 0.0574,
    ("t_cross_sectional", "independent", "(0,0)"): 0.0400,
    ("brown_warner", "independent", "(0,0)"): 0.0720,
    ("patell", "independent", "(0,0)"): 0.0910,
    ("bmp", "independent", "(0,0)"): 0.0450,
    ("kolari_pynnonen", "independent", "(0,0)"): 0.0440,
    ("corrado_rank", "independent", "(0,0)"): 0.0590,
    ("grank", "independent", "(0,0)"): 0.0830,
    ("sign", "independent", "(0,0)"): 0.0190,
    ("generalized_sign", "independent", "(0,0)"): 0.0400,
    ("wilcoxon", "independent", "(0,0)"): 0.0580,
    ("bootstrap", "independent", "(0,0)"): 0.0270,
    ("permutation", "independent", "(0,0)"): 0.0560,
    ("joint_wald", "independent", "(0,0)"): 0.1530,
    ("joint_wald_f", "independent", "(0,0)"): 0.1390,
    ("adjusted_patell", "independent", "(0,0)"): 0.0860,
    ("wild_bootstrap", "independent", "(0,0)"): 0.0490,
    ("bhar_t", "independent", "(0,0)"): 0.0400,
    ("bhar_skewness_adjusted", "independent", "(0,0)"): 0.0600,
    ("t_prediction_error", "independent", "(-1,1)"): 0.0654,
    ("t_cross_sectional", "independent", "(-1,1)"): 0.0490,
    ("brown_warner", "independent", "(-1,1)"): 0.0720,
    ("patell", "independent", "(-1,1)"): 0.0870,
    ("bmp", "independent", "(-1,1)"): 0.0490,
    ("kolari_pynnonen", "independent", "(-1,1)"): 0.0440,
    ("corrado_rank", "independent", "(-1,1)"): 0.0610,
    ("grank", "independent", "(-1,1)"): 0.0810,
    ("sign", "independent", "(-1,1)"): 0.0280,
    ("generalized_sign", "independent", "(-1,1)"): 0.0570,
    ("wilcoxon", "independent", "(-1,1)"): 0.0610,
    ("bootstrap", "independent", "(-1,1)"): 0.0290,
    ("permutation", "independent", "(-1,1)"): 0.0630,
    ("joint_wald", "independent", "(-1,1)"): 0.2540,
    ("joint_wald_f", "independent", "(-1,1)"): 0.2240,
    ("adjusted_patell", "independent", "(-1,1)"): 0.0880,
    ("wild_bootstrap", "independent", "(-1,1)"): 0.0480,
    ("bhar_t", "independent", "(-1,1)"): 0.0490,
    ("bhar_skewness_adjusted", "independent", "(-1,1)"): 0.0630,
    ("t_prediction_error", "independent", "(0,4)"): 0.0684,
    ("t_cross_sectional", "independent", "(0,4)"): 0.0600,
    ("brown_warner", "independent", "(0,4)"): 0.0840,
    ("patell", "independent", "(0,4)"): 0.1110,
    ("bmp", "independent", "(0,4)"): 0.0700,
    ("kolari_pynnonen", "independent", "(0,4)"): 0.0640,
    ("corrado_rank", "independent", "(0,4)"): 0.0630,
    ("grank", "independent", "(0,4)"): 0.1050,
    ("sign", "independent", "(0,4)"): 0.0370,
    ("generalized_sign", "independent", "(0,4)"): 0.0500,
    ("wilcoxon", "independent", "(0,4)"): 0.0690,
    ("bootstrap", "independent", "(0,4)"): 0.0490,
    ("permutation", "independent", "(0,4)"): 0.0660,
    ("joint_wald", "independent", "(0,4)"): 0.2900,
    ("joint_wald_f", "independent", "(0,4)"): 0.2540,
    ("adjusted_patell", "independent", "(0,4)"): 0.1030,
    ("wild_bootstrap", "independent", "(0,4)"): 0.0620,
    ("bhar_t", "independent", "(0,4)"): 0.0600,
    ("bhar_skewness_adjusted", "independent", "(0,4)"): 0.0810,
}
"""(test, design, window) -> rejection rate at 5% on 1,000 real placebo draws (see the module docstring)."""


def design_of(day0: Sequence[object]) -> str:
    """``"clustered"`` when the pairs share one day 0, ``"independent"`` when all differ, else ``"mixed"``."""
    days = list(day0)
    n_unique = len(set(days))
    if n_unique == 1 and len(days) > 1:
        return "clustered"
    if n_unique == len(days):
        return "independent"
    return "mixed"


def _measured_window(window: tuple[int, int]) -> tuple[int, int]:
    length = int(window[1]) - int(window[0]) + 1
    if length == 1:
        return (0, 0)
    return (-1, 1) if length <= 3 else (0, 4)


def _key(w: tuple[int, int]) -> str:
    return f"({w[0]},{w[1]})"


def size_note(test: str, design: str, window: tuple[int, int]) -> str:
    """Warning text for ``test`` in ``design`` over ``window``, or ``""`` when it is sized.

    A window that was not measured is read as the measured one of the same length class
    (one day, two-three days, four or more) and the note says so; a ``"mixed"`` design takes
    the worse of the two measured designs.
    """
    mw = _measured_window(window)
    designs = ("clustered", "independent") if design == "mixed" else (design,)
    rates = [(SIZE_TABLE[(test, d, _key(mw))], d) for d in designs if (test, d, _key(mw)) in SIZE_TABLE]
    extra = ("joint_wald_f",) if test == "joint_wald" else ()
    if not rates:
        return ""
    rate, d = max(rates)
    if rate <= OVER_REJECTION:
        return ""
    where = (
        _key(mw) if tuple(mw) == tuple(window) else f"{_key(mw)}, the measured window nearest {_key(window)}"
    )
    note = (
        f"over-rejects: {100 * rate:.1f}% at the 5% level on real placebo dates ({d} dates, window {where})"
    )
    for e in extra:
        r = SIZE_TABLE.get((e, d, _key(mw)))
        if r is not None:
            note += f"; its F p-value {100 * r:.1f}%"
    return note


def sized_for(design: str, window: tuple[int, int], tests: Sequence[str] | None = None) -> list[str]:
    """Tests whose measured size in ``design`` over ``window`` is within :data:`OVER_REJECTION`."""
    names = tests if tests is not None else sorted({k[0] for k in SIZE_TABLE} - {"joint_wald_f"})
    return [t for t in names if not size_note(t, design, window)]
