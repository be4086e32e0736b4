"""Multiple-testing corrections of a table of p-values (``statsmodels.stats.multitest``).

``EventStudyResults.tests(adjust=method)`` reads many tests together (a battery of
statistics, or one test per asset); the adjusted p-values control the family-wise
error rate (``"bonferroni"``, ``"sidak"``, ``"holm"``, ``"holm-sidak"``,
``"simes-hochberg"``, ``"hommel"``) or the false discovery rate (``"fdr_bh"``,
``"fdr_by"``, ``"fdr_tsbh"``, ``"fdr_tsbky"``) over every row of the table with a
p-value (the family). Rows whose p-value is NaN stay NaN and are not counted.

References
----------
1. Holm, S. (1979). A simple sequentially rejective multiple test procedure.
   *Scandinavian Journal of Statistics* 6(2), 65-70.
2. Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate.
   *JRSS B* 57(1), 289-300.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SpecificationError

__all__ = ["ADJUST_METHODS", "adjust_pvalues"]

ADJUST_METHODS: tuple[str, ...] = (
    "bonferroni",
    "sidak",
    "holm-sidak",
    "holm",
    "simes-hochberg",
    "hommel",
    "fdr_bh",
    "fdr_by",
    "fdr_tsbh",
    "fdr_tsbky",
)
"""The methods of :func:`statsmodels.stats.multitest.multipletests` (canonical names)."""


def adjust_pvalues(pvalues: pd.Series | np.ndarray, method: str, alpha: float = 0.05) -> np.ndarray:
    """Adjusted p-values of ``pvalues`` by ``method`` (NaN kept, not counted in the family).

    Parameters
    ----------
    pvalues : array-like
        Unadjusted p-values in [0, 1].
    method : str
        One of :data:`ADJUST_METHODS` (statsmodels' aliases such as ``"fdr_i"`` are accepted too).
    alpha : float
        Family level (used by the two-stage FDR methods only).

    Raises
    ------
    SpecificationError
        Unknown method, or p-values outside [0, 1].
    """
    from statsmodels.stats.multitest import multipletests

    bad = SpecificationError(
        f"adjust={method!r} is not a statsmodels multitest method; use one of {ADJUST_METHODS}"
    )
    if not isinstance(method, str):
        raise bad
    try:
        multipletests([0.5], alpha=alpha, method=method.lower())
    except ValueError:
        raise bad from None
    p = np.asarray(pvalues, dtype=float)
    ok = np.isfinite(p)
    if ((p[ok] < 0) | (p[ok] > 1)).any():
        raise SpecificationError("adjust: p-values must lie in [0, 1]")
    out = np.full(p.shape, np.nan)
    if ok.any():
        out[ok] = multipletests(p[ok], alpha=alpha, method=method.lower())[1]
    return out
