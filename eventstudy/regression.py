"""Cross-sectional regression of CARs on firm characteristics (statsmodels formula API).

:meth:`EventStudyResults.regress` builds one row per asset (or asset-event pair) with
the event outcomes over a window --

* ``car``: cumulative abnormal return ``sum_t AR_it`` (MacKinlay 1997, eq. 12);
* ``bhar``: buy-and-hold abnormal return (Barber & Lyon 1997, eq. 3);
* ``scar``: standardized CAR ``CAR_i / sqrt(1' V_i 1)`` (Patell 1976; BMP 1991);

-- joins the user's characteristics by asset label and fits the formula by OLS with
``statsmodels.formula.api.ols``. Group comparisons are dummies in the formula
(``"car ~ C(group)"``). The covariance is statsmodels': ``"nonrobust"``, the
heteroskedasticity-consistent ``"HC0"``-``"HC3"`` (White 1980; MacKinnon & White 1985)
or ``"cluster"`` (clustered by a column of the data or an array, ``groups=``). With a
shared event date the CARs are cross-correlated and none of these covariances
accounts for it (Kolari & Pynnönen 2010): cluster by date where events spread over
dates, or read the coefficients descriptively.

References
----------
1. White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a
   direct test for heteroskedasticity. *Econometrica* 48(4), 817-838.
2. MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance
   matrix estimators with improved finite sample properties. *J. Econometrics* 29(3), 305-325.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import DataError, SpecificationError

if TYPE_CHECKING:
    from statsmodels.regression.linear_model import RegressionResultsWrapper

    from .study import EventStudyResults

__all__ = ["COV_TYPES", "outcome_frame", "regress"]

COV_TYPES: tuple[str, ...] = ("nonrobust", "HC0", "HC1", "HC2", "HC3", "cluster")
OUTCOMES: tuple[str, ...] = ("car", "bhar", "scar")


def outcome_frame(res: EventStudyResults, window: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per asset (label): ``car``, ``bhar``, ``scar`` over ``window``, plus ``asset`` and ``event_date``."""
    w = res._window(window)
    return pd.DataFrame(
        {
            "asset": list(res.panel.assets),
            "event_date": list(res.panel.event_dates),
            "car": res.car(w).to_numpy(),
            "bhar": res.bhar(w).to_numpy(),
            "scar": res.sample.scar(w),
        },
        index=pd.Index(res.labels, name="label"),
    )


def _join(out: pd.DataFrame, data: pd.DataFrame | None) -> pd.DataFrame:
    if data is None:
        return out
    if not isinstance(data, pd.DataFrame):
        raise SpecificationError(
            f"data must be a DataFrame indexed by asset (or with an 'asset' column), got {type(data).__name__}"
        )
    clash = sorted(set(data.columns) & set(OUTCOMES))
    if clash:
        raise SpecificationError(
            f"data has column(s) {clash}, which regress() computes itself; rename them (e.g. '{clash[0]}_x')"
        )
    d = data
    if "asset" in d.columns:
        if d["asset"].duplicated().any():
            dup = d.loc[d["asset"].duplicated(), "asset"].iloc[0]
            raise DataError(f"data has asset {dup!r} twice; give one row per asset")
        d = d.set_index("asset")
    elif d.index.duplicated().any():
        raise DataError(
            f"data's index has asset {d.index[d.index.duplicated()][0]!r} twice; one row per asset"
        )
    d = d.drop(columns=[c for c in ("event_date",) if c in d.columns and c in out.columns])
    # join on the label first (asset-event pairs), then on the asset
    key = "label" if set(out.index) <= set(map(str, d.index)) else "asset"
    keys = out.index if key == "label" else pd.Index(out["asset"])
    missing = sorted(set(map(str, keys)) - set(map(str, d.index)))
    if missing:
        raise DataError(
            f"data has no row for {missing[:5]} ({len(missing)} of {len(keys)} assets); "
            "index data by the study's asset names (results.labels)"
        )
    d = d.set_axis(list(map(str, d.index)))
    joined = d.loc[list(map(str, keys))].set_axis(out.index)
    return pd.concat([out, joined], axis=1)


def regress(
    res: EventStudyResults,
    formula: str,
    data: pd.DataFrame | None = None,
    window: tuple[int, int] | None = None,
    cov_type: str = "nonrobust",
    groups: str | np.ndarray | pd.Series | None = None,
    cov_kwds: dict[str, Any] | None = None,
) -> RegressionResultsWrapper:
    """OLS of an event outcome on characteristics; returns the statsmodels results object.

    Parameters
    ----------
    res : EventStudyResults
        A fitted study.
    formula : str
        Patsy formula with ``car``, ``bhar`` or ``scar`` on the left, e.g.
        ``"car ~ beta + C(group)"``.
    data : DataFrame, optional
        Characteristics: indexed by asset (or asset-event label), or with an ``asset``
        column; one row per asset. Columns of ``res.params`` (``alpha``, ``beta``,
        ``sigma``...) are available without passing them.
    window : tuple of int, optional
        Window of the outcomes (default: the event window).
    cov_type : {"nonrobust", "HC0", "HC1", "HC2", "HC3", "cluster"}
        Covariance of the coefficients (statsmodels ``OLS.fit(cov_type=...)``).
    groups : str or array, optional
        Cluster identifiers for ``cov_type="cluster"``: a column of the regression frame
        (e.g. ``"event_date"`` or a column of ``data``) or an array of length N.
    cov_kwds : dict, optional
        Further keywords for statsmodels' covariance (e.g. ``{"use_correction": True}``).

    Returns
    -------
    statsmodels.regression.linear_model.RegressionResultsWrapper
        ``.params``, ``.bse``, ``.pvalues``, ``.summary()``; ``.model.data.frame`` holds the
        regression frame.

    Raises
    ------
    SpecificationError
        Unknown ``cov_type``, a cluster covariance without ``groups``, a formula that does
        not parse or names a missing column.
    DataError
        ``data`` lacks an asset of the study or repeats one.
    """
    import statsmodels.formula.api as smf

    if cov_type not in COV_TYPES:
        raise SpecificationError(f"cov_type={cov_type!r} is not one of {COV_TYPES}")
    if not isinstance(formula, str) or "~" not in formula:
        raise SpecificationError(
            f"formula={formula!r} must be a patsy formula such as 'car ~ beta + C(group)'"
        )
    frame = outcome_frame(res, window)
    params = res.params
    extra = params.drop(columns=[c for c in params.columns if c in frame.columns or c == "event_date"])
    frame = pd.concat([frame, extra.set_axis(frame.index)], axis=1)
    if data is not None:
        frame = frame.drop(
            columns=[c for c in data.columns if c in frame.columns and c not in OUTCOMES and c != "asset"]
        )
    frame = _join(frame, data)
    kwds = dict(cov_kwds or {})
    if cov_type == "cluster":
        if groups is None and "groups" not in kwds:
            raise SpecificationError(
                "cov_type='cluster' needs groups=: a column name (e.g. 'event_date') or an array of cluster ids"
            )
        if groups is not None:
            if isinstance(groups, str):
                if groups not in frame.columns:
                    raise SpecificationError(
                        f"groups={groups!r} is not a column of the regression frame {sorted(frame.columns)}"
                    )
                g = frame[groups]
            else:
                g = pd.Series(np.asarray(groups), index=frame.index)
                if len(g) != len(frame):
                    raise SpecificationError(
                        f"groups has {len(g)} entries; the study has {len(frame)} assets"
                    )
            kwds["groups"] = pd.factorize(g)[0]
    try:
        model = smf.ols(formula, data=frame, missing="raise")
    except Exception as exc:  # patsy raises PatsyError / NameError on a bad formula, MissingDataError on NaN
        if "missing" in type(exc).__name__.lower() or "missing values" in str(exc).lower():
            raise DataError(
                f"the regression frame of {formula!r} has missing values; statsmodels would drop those assets "
                f"silently: fill or drop them in data first ({exc})"
            ) from None
        raise SpecificationError(
            f"formula {formula!r} could not be built on columns {sorted(frame.columns)}: {exc}"
        ) from None
    if model.nobs <= model.exog.shape[1]:
        raise SpecificationError(
            f"formula {formula!r} has {model.exog.shape[1]} coefficients for {int(model.nobs)} assets; "
            "use fewer regressors or more assets"
        )
    if cov_type == "cluster":
        n_groups = int(np.unique(kwds["groups"]).size)
        if n_groups <= model.exog.shape[1]:
            raise SpecificationError(
                f"cov_type='cluster' with {n_groups} clusters for {model.exog.shape[1]} coefficients: the "
                "cluster covariance has rank at most G - 1 and its standard errors would be degenerate; "
                "use more clusters or cov_type='HC1'"
            )
    out = model.fit(cov_type=cov_type, cov_kwds=kwds or None)
    bse = np.asarray(out.bse, dtype=float)
    if not np.all(np.isfinite(bse) & (bse > 0)):
        raise SpecificationError(
            f"the {cov_type} covariance of {formula!r} gives zero or undefined standard errors for "
            f"{list(np.asarray(out.params.index)[~(np.isfinite(bse) & (bse > 0))])}; p-values would be rounding noise"
        )
    return out
