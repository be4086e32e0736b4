"""Side-by-side comparison of several fitted event studies (like linearmodels' ``compare``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .errors import SpecificationError
from .study import EventStudyResults

__all__ = ["compare"]


def compare(results: Mapping[str, EventStudyResults], window: tuple[int, int] = (0, 0)) -> pd.DataFrame:
    """CAR, prediction-error t and p, and SQ p of every asset under several specifications.

    Parameters
    ----------
    results : mapping of str to EventStudyResults
        Named fitted studies (e.g. ``{"market": r1, "sector": r2}``); they may cover
        different assets.
    window : tuple of int
        CAR window, inside every study's event window.

    Returns
    -------
    DataFrame
        Index ``asset``; columns a MultiIndex ``(name, statistic)`` with statistics
        ``car``, ``t``, ``p_t``, ``p_sq``; NaN where a study does not cover an asset.
    """
    if not results:
        raise SpecificationError("compare needs at least one fitted study")
    blocks = {}
    for name, res in results.items():
        if not isinstance(res, EventStudyResults):
            raise SpecificationError(f"{name!r} is not an EventStudyResults (got {type(res).__name__})")
        t = {r.asset: r for r in res.test("t_prediction_error", window)}
        sq = {r.asset: r for r in res.test("sq", window)}
        car = res.car(window)
        blocks[name] = pd.DataFrame(
            {
                "car": car,
                "t": [t[a].statistic for a in car.index],
                "p_t": [t[a].pvalue for a in car.index],
                "p_sq": [sq[a].pvalue for a in car.index],
            },
            index=pd.Index(car.index, name="asset"),
        )
    return pd.concat(blocks, axis=1)
