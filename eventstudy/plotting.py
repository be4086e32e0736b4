"""Quick plots of one :class:`~eventstudy.study.EventStudyResults` (``res.plot()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats

from .errors import SpecificationError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .study import EventStudyResults

__all__ = ["plot_results"]


def plot_results(res: EventStudyResults, kind: str = "car", ax: Any = None, level: float = 0.95) -> Figure:
    """CAR paths with pointwise prediction-error bands, or AR bars with error bars.

    Bands are ``+/- z * sqrt(1' V 1)`` of the cumulated prediction-error covariance
    (``kind="car"``) or ``+/- z * sqrt(V_tt)`` (``kind="ar"``), in percent.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4))
    else:
        fig = ax.figure
    z = stats.norm.ppf(0.5 + level / 2)
    days = res.event_days
    cov = np.asarray(res.fit.cov_evt)
    if kind == "car":
        car = np.cumsum(np.asarray(res.fit.ar), axis=0) * 100
        cum_var = np.diagonal(np.cumsum(np.cumsum(cov, axis=1), axis=2), axis1=1, axis2=2).T
        for j, lab in enumerate(res.labels):
            (line,) = ax.plot(days, car[:, j], marker="o", label=lab)
            half = z * np.sqrt(cum_var[:, j]) * 100
            ax.fill_between(days, car[:, j] - half, car[:, j] + half, alpha=0.15, color=line.get_color())
        ax.set_ylabel("CAR (%)")
    elif kind == "ar":
        ar = np.asarray(res.fit.ar) * 100
        sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2).T) * 100
        width = 0.8 / max(len(res.labels), 1)
        for j, lab in enumerate(res.labels):
            ax.bar(
                days + (j - (len(res.labels) - 1) / 2) * width,
                ar[:, j],
                width=width,
                yerr=z * sd[:, j],
                label=lab,
                capsize=2,
            )
        ax.set_ylabel("Abnormal return (%)")
    else:
        raise SpecificationError(f"kind must be 'car' or 'ar', not {kind!r}")
    ax.axhline(0, color="0.4", lw=0.8)
    ax.axvline(0, color="0.4", lw=0.8, ls="--")
    ax.set_xlabel("Event day")
    ax.legend(fontsize="small", ncol=2)
    return fig
