"""Measured size of every test on real placebo dates, and the notes ``tests()`` prints.

The table below is the output of :func:`eventstudy.simulation.size_by_window` on the ten
study stocks (NVDA TSM AVGO AMD MU INTC MSFT GOOG AAPL META against ^GSPC, simple returns
from the snapshot, market model, estimation window (-260, -11)), 300 placebo draws from
2017-09-01 .. 2024-12-31 (seed 12345), nominal level 5%, for the windows (0, 0), (-1, 1)
and (0, 4) and two designs: ``"clustered"`` (all ten stocks share each pseudo-date, as on
2025-01-27) and ``"independent"`` (each stock its own dates). Single-asset tests count
asset-draws (3,000 decisions), the others draws (300; Monte Carlo standard error about
1.3 points at a true 5%). ``tests/app/test_size_windows.py`` recomputes it and checks that
it still matches.

A test is flagged (``size_note`` in :meth:`EventStudyResults.tests`) for a design and
window when its measured rate exceeds :data:`OVER_REJECTION` (8%, the upper edge of the
band the size tests accept). What the flags say, in short:

* with a shared event date every purely cross-sectional test over-rejects (13-34%:
  t, BMP, sign, Wilcoxon, bootstrap, permutation, wild bootstrap, both BHAR tests), as
  does Patell (18-24%); Kolari-Pynnönen's adjusted BMP, the Corrado rank test and the
  prediction-error t hold. This is the cross-correlation of Kolari & Pynnönen (2010);
* Patell with independent dates: 8-11% (fat tails and event-day variance against a
  N(0,1) reference); the adjusted Patell has the same problem;
* GRANK: 7-12% in every design;
* the joint Wald test: 16-32% with the chi-square and 16-29% with McKeon's F, on every window
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
    ("t_prediction_error", "clustered", "(0,0)"): 0.0667,
    ("t_cross_sectional", "clustered", "(0,0)"): 0.2567,
    ("brown_warner", "clustered", "(0,0)"): 0.1100,
    ("patell", "clustered", "(0,0)"): 0.2400,
    ("bmp", "clustered", "(0,0)"): 0.2567,
    ("kolari_pynnonen", "clustered", "(0,0)"): 0.0867,
    ("corrado_rank", "clustered", "(0,0)"): 0.0833,
    ("grank", "clustered", "(0,0)"): 0.1167,
    ("sign", "clustered", "(0,0)"): 0.1900,
    ("generalized_sign", "clustered", "(0,0)"): 0.2133,
    ("wilcoxon", "clustered", "(0,0)"): 0.2767,
    ("bootstrap", "clustered", "(0,0)"): 0.1867,
    ("permutation", "clustered", "(0,0)"): 0.2733,
    ("joint_wald", "clustered", "(0,0)"): 0.1867,
    ("joint_wald_f", "clustered", "(0,0)"): 0.1733,
    ("adjusted_patell", "clustered", "(0,0)"): 0.1033,
    ("wild_bootstrap", "clustered", "(0,0)"): 0.2733,
    ("bhar_t", "clustered", "(0,0)"): 0.2567,
    ("bhar_skewness_adjusted", "clustered", "(0,0)"): 0.2600,
    ("t_prediction_error", "clustered", "(-1,1)"): 0.0753,
    ("t_cross_sectional", "clustered", "(-1,1)"): 0.2300,
    ("brown_warner", "clustered", "(-1,1)"): 0.0700,
    ("patell", "clustered", "(-1,1)"): 0.2433,
    ("bmp", "clustered", "(-1,1)"): 0.2467,
    ("kolari_pynnonen", "clustered", "(-1,1)"): 0.0600,
    ("corrado_rank", "clustered", "(-1,1)"): 0.0500,
    ("grank", "clustered", "(-1,1)"): 0.0900,
    ("sign", "clustered", "(-1,1)"): 0.1300,
    ("generalized_sign", "clustered", "(-1,1)"): 0.1733,
    ("wilcoxon", "clustered", "(-1,1)"): 0.2500,
    ("bootstrap", "clustered", "(-1,1)"): 0.1867,
    ("permutation", "clustered", "(-1,1)"): 0.2400,
    ("joint_wald", "clustered", "(-1,1)"): 0.3167,
    ("joint_wald_f", "clustered", "(-1,1)"): 0.2933,
    ("adjusted_patell", "clustered", "(-1,1)"): 0.0733,
    ("wild_bootstrap", "clustered", "(-1,1)"): 0.2433,
    ("bhar_t", "clustered", "(-1,1)"): 0.2300,
    ("bhar_skewness_adjusted", "clustered", "(-1,1)"): 0.2567,
    ("t_prediction_error", "clustered", "(0,4)"): 0.0673,
    ("t_cross_sectional", "clustered", "(0,4)"): 0.1933,
    ("brown_warner", "clustered", "(0,4)"): 0.0667,
    ("patell", "clustered", "(0,4)"): 0.1800,
    ("bmp", "clustered", "(0,4)"): 0.2000,
    ("kolari_pynnonen", "clustered", "(0,4)"): 0.0333,
    ("corrado_rank", "clustered", "(0,4)"): 0.0267,
    ("grank", "clustered", "(0,4)"): 0.0600,
    ("sign", "clustered", "(0,4)"): 0.1100,
    ("generalized_sign", "clustered", "(0,4)"): 0.1633,
    ("wilcoxon", "clustered", "(0,4)"): 0.2167,
    ("bootstrap", "clustered", "(0,4)"): 0.1633,
    ("permutation", "clustered", "(0,4)"): 0.2067,
    ("joint_wald", "clustered", "(0,4)"): 0.3233,
    ("joint_wald_f", "clustered", "(0,4)"): 0.2833,
    ("adjusted_patell", "clustered", "(0,4)"): 0.0600,
    ("wild_bootstrap", "clustered", "(0,4)"): 0.2100,
    ("bhar_t", "clustered", "(0,4)"): 0.1933,
    ("bhar_skewness_adjusted", "clustered", "(0,4)"): 0.2200,
    ("t_prediction_error", "independent", "(0,0)"): 0.0620,
    ("t_cross_sectional", "independent", "(0,0)"): 0.0467,
    ("brown_warner", "independent", "(0,0)"): 0.0600,
    ("patell", "independent", "(0,0)"): 0.0800,
    ("bmp", "independent", "(0,0)"): 0.0467,
    ("kolari_pynnonen", "independent", "(0,0)"): 0.0367,
    ("corrado_rank", "independent", "(0,0)"): 0.0600,
    ("grank", "independent", "(0,0)"): 0.0800,
    ("sign", "independent", "(0,0)"): 0.0233,
    ("generalized_sign", "independent", "(0,0)"): 0.0533,
    ("wilcoxon", "independent", "(0,0)"): 0.0533,
    ("bootstrap", "independent", "(0,0)"): 0.0300,
    ("permutation", "independent", "(0,0)"): 0.0533,
    ("joint_wald", "independent", "(0,0)"): 0.1767,
    ("joint_wald_f", "independent", "(0,0)"): 0.1567,
    ("adjusted_patell", "independent", "(0,0)"): 0.0767,
    ("wild_bootstrap", "independent", "(0,0)"): 0.0533,
    ("bhar_t", "independent", "(0,0)"): 0.0467,
    ("bhar_skewness_adjusted", "independent", "(0,0)"): 0.0667,
    ("t_prediction_error", "independent", "(-1,1)"): 0.0743,
    ("t_cross_sectional", "independent", "(-1,1)"): 0.0400,
    ("brown_warner", "independent", "(-1,1)"): 0.0800,
    ("patell", "independent", "(-1,1)"): 0.1100,
    ("bmp", "independent", "(-1,1)"): 0.0467,
    ("kolari_pynnonen", "independent", "(-1,1)"): 0.0367,
    ("corrado_rank", "independent", "(-1,1)"): 0.0667,
    ("grank", "independent", "(-1,1)"): 0.0733,
    ("sign", "independent", "(-1,1)"): 0.0133,
    ("generalized_sign", "independent", "(-1,1)"): 0.0500,
    ("wilcoxon", "independent", "(-1,1)"): 0.0367,
    ("bootstrap", "independent", "(-1,1)"): 0.0200,
    ("permutation", "independent", "(-1,1)"): 0.0500,
    ("joint_wald", "independent", "(-1,1)"): 0.2667,
    ("joint_wald_f", "independent", "(-1,1)"): 0.2367,
    ("adjusted_patell", "independent", "(-1,1)"): 0.1033,
    ("wild_bootstrap", "independent", "(-1,1)"): 0.0367,
    ("bhar_t", "independent", "(-1,1)"): 0.0400,
    ("bhar_skewness_adjusted", "independent", "(-1,1)"): 0.0600,
    ("t_prediction_error", "independent", "(0,4)"): 0.0710,
    ("t_cross_sectional", "independent", "(0,4)"): 0.0300,
    ("brown_warner", "independent", "(0,4)"): 0.0600,
    ("patell", "independent", "(0,4)"): 0.0867,
    ("bmp", "independent", "(0,4)"): 0.0300,
    ("kolari_pynnonen", "independent", "(0,4)"): 0.0333,
    ("corrado_rank", "independent", "(0,4)"): 0.0467,
    ("grank", "independent", "(0,4)"): 0.0733,
    ("sign", "independent", "(0,4)"): 0.0133,
    ("generalized_sign", "independent", "(0,4)"): 0.0333,
    ("wilcoxon", "independent", "(0,4)"): 0.0400,
    ("bootstrap", "independent", "(0,4)"): 0.0133,
    ("permutation", "independent", "(0,4)"): 0.0300,
    ("joint_wald", "independent", "(0,4)"): 0.2767,
    ("joint_wald_f", "independent", "(0,4)"): 0.2300,
    ("adjusted_patell", "independent", "(0,4)"): 0.0867,
    ("wild_bootstrap", "independent", "(0,4)"): 0.0267,
    ("bhar_t", "independent", "(0,4)"): 0.0333,
    ("bhar_skewness_adjusted", "independent", "(0,4)"): 0.0567,
}
"""(test, design, window) -> rejection rate at 5% on 300 real placebo draws (see the module docstring)."""


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
