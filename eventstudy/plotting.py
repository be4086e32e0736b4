"""``res.plot()``: one fitted study drawn by the package's one figure module.

The figures are :func:`eventstudy.report.figures.car_paths` and
:func:`eventstudy.report.figures.ar_bars`, the functions the paper uses; this module only
turns a results object into their tidy inputs (``res.car_bands``, ``res.ar_intervals``). It
imports nothing from :mod:`eventstudy.study` (the results object is passed in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SpecificationError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_results"]


def plot_results(res: Any, kind: str = "car", level: float = 0.95, day: int = 0) -> Figure:
    """CAR paths with pointwise prediction-error bands, or one day's ARs with intervals.

    Parameters
    ----------
    res : EventStudyResults
        A fitted study.
    kind : {"car", "ar"}
        ``"car"``: :meth:`~eventstudy.study.EventStudyResults.car_bands` drawn by
        :func:`~eventstudy.report.figures.car_paths`; ``"ar"``:
        :meth:`~eventstudy.study.EventStudyResults.ar_intervals` of event day ``day`` drawn by
        :func:`~eventstudy.report.figures.ar_bars`.
    level : float
        Two-sided coverage of the bands (``t_dof`` quantile).
    day : int
        Event day of the ``"ar"`` chart.
    """
    from .report.figures import ar_bars, car_paths

    if kind == "car":
        car, lower, upper = res.car_bands(level)
        return car_paths(car, bands=(lower, upper), ylabel="CAR (%)")
    if kind == "ar":
        return ar_bars(res.ar_intervals(day, level), ylabel=f"Abnormal return on day {day} (%)")
    raise SpecificationError(f"kind must be 'car' or 'ar', not {kind!r}")
