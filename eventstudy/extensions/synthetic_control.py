"""Synthetic control for one treated asset (Abadie & Gardeazabal 2003; Abadie et al. 2010).

The counterfactual return of the treated asset is a convex combination of donor assets'
returns whose weights reproduce the treated asset's returns over the estimation window
as closely as possible; the event-window gap ``treated - synthetic`` is the effect, and
its significance comes from placebo runs in which each donor is treated in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize

from ..errors import SpecificationError, WindowError
from ..inference.base import TestResult, TestResults
from ..summary import Summary
from ._common import (
    ExtensionResults,
    as_frame,
    check_disjoint,
    check_window,
    event_frame,
    require_finite,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["synthetic_control", "simplex_weights", "SyntheticControlResults"]


def _polish(y: np.ndarray, Y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    """Exact equality-constrained LS on the support of ``w`` (KKT system); keep it if feasible and better."""
    S = np.flatnonzero(w > tol)
    if S.size == 0:
        return w
    A = Y[:, S]
    k = S.size
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = A.T @ A
    kkt[:k, k] = kkt[k, :k] = 1.0
    rhs = np.concatenate([A.T @ y, [1.0]])
    try:
        sol = np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        return w
    ws = sol[:k]
    if np.any(ws < 0):
        return w
    out = np.zeros_like(w)
    out[S] = ws
    f_old = np.sum((y - Y @ w) ** 2)
    f_new = np.sum((y - Y @ out) ** 2)
    return out if f_new <= f_old * (1 + 1e-12) + 1e-300 else w


def simplex_weights(y: np.ndarray, Y: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Weights ``w >= 0``, ``sum(w) = 1`` minimising ``||y - Y w||^2``.

    SLSQP (``scipy.optimize.minimize``) from equal weights on the problem scaled to unit
    mean square, with the analytic gradient, followed by an exact solve of the KKT
    system on the support found (removes the optimiser's tolerance when the support is
    right). Deterministic: no random starts.

    Parameters
    ----------
    y : ndarray, shape (L,)
        Treated series.
    Y : ndarray, shape (L, J)
        Donor series.
    tol : float
        Weights below ``tol`` are set to 0 (then renormalised).
    """
    y = np.asarray(y, dtype=float)
    Y = np.asarray(Y, dtype=float)
    J = Y.shape[1]
    if J == 1:
        return np.ones(1)
    scale = float(np.sqrt(np.mean(Y**2))) or 1.0
    ys, Ys = y / scale, Y / scale
    L = ys.size
    G = Ys.T @ Ys / L
    c = Ys.T @ ys / L

    def fun(w: np.ndarray) -> float:
        return float(w @ G @ w - 2.0 * c @ w)

    def jac(w: np.ndarray) -> np.ndarray:
        return 2.0 * (G @ w - c)

    res = optimize.minimize(
        fun,
        np.full(J, 1.0 / J),
        jac=jac,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * J,
        constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1.0, "jac": lambda w: np.ones_like(w)}],
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    w = np.clip(res.x, 0.0, None)
    w[w < tol] = 0.0
    w = w / w.sum()
    return _polish(ys, Ys, w, tol)


@dataclass(frozen=True, repr=False)
class SyntheticControlResults(ExtensionResults):
    """Synthetic control of one asset with placebo inference (see :func:`synthetic_control`).

    ``gaps_est`` / ``gaps`` hold ``treated - synthetic`` on the estimation / event days for
    the treated asset (column ``treated``) and each placebo (one column per donor, fitted
    with the other donors).
    """

    treated: str
    donors: tuple[str, ...]
    event_date: pd.Timestamp
    day0: pd.Timestamp
    rolled: bool
    estimation_window: tuple[int, int]
    event_window: tuple[int, int]
    dates: pd.DatetimeIndex
    weights: pd.Series
    placebo_weights: pd.DataFrame
    gaps_est: pd.DataFrame
    gaps: pd.DataFrame
    treated_returns: pd.Series
    synthetic_returns: pd.Series

    # ----------------------------------------------------------------- accessors
    @property
    def pre_rmspe(self) -> pd.Series:
        """Root mean squared estimation-window gap (ddof = 0), treated and each placebo."""
        return np.sqrt((self.gaps_est**2).mean(axis=0)).rename("pre_rmspe")

    @property
    def gap(self) -> pd.Series:
        """The treated asset's gap on each event day."""
        return self.gaps[self.treated].rename("gap")

    def _rows(self, window: tuple[int, int] | None) -> tuple[tuple[int, int], pd.DataFrame]:
        lo, hi = self._window(window)
        return (lo, hi), self.gaps.loc[lo:hi]

    def placebo_table(self, window: tuple[int, int] | None = None) -> pd.DataFrame:
        """Per unit (treated first, then placebos): pre-RMSPE, post-RMSPE over ``window``,
        their ratio, the cumulative gap and its absolute rank (1 = most extreme)."""
        w, g = self._rows(window)
        post = np.sqrt((g**2).mean(axis=0))
        cum = g.sum(axis=0)
        out = pd.DataFrame(
            {"pre_rmspe": self.pre_rmspe, "post_rmspe": post, "ratio": post / self.pre_rmspe, "cum_gap": cum},
        )
        out["rank_ratio"] = out["ratio"].rank(ascending=False, method="max").astype(int)
        out["rank_abs_cum_gap"] = out["cum_gap"].abs().rank(ascending=False, method="max").astype(int)
        out.index.name = "unit"
        return out

    TEST_VARIANTS = ({"statistic": "ratio"}, {"statistic": "gap"})

    def car(self, window: tuple[int, int] | None = None) -> float:
        """The treated asset's cumulative gap (treated minus synthetic return) over ``window``."""
        _, g = self._rows(window)
        return float(g[self.treated].sum())

    def test(self, window: tuple[int, int] | None = (0, 0), statistic: str = "ratio") -> TestResults:
        """Placebo (permutation) p-value of the treated effect over ``window``.

        ``statistic="ratio"`` (default; Abadie, Diamond & Hainmueller 2010, sec. 4): the
        post/pre RMSPE ratio ``sqrt(mean_w gap^2) / pre_RMSPE``; for one day that is
        ``|gap_0| / pre_RMSPE``. ``statistic="gap"``: the absolute cumulative gap
        ``|sum_w gap|``. p-value ``= #{units with statistic >= treated's} / (J + 1)``,
        counting the treated unit itself, so it is never below ``1 / (J + 1)``.
        """
        if statistic not in ("ratio", "gap"):
            raise SpecificationError(f"statistic must be 'ratio' or 'gap', not {statistic!r}")
        w, _ = self._rows(window)
        tab = self.placebo_table(w)
        s = tab["ratio"] if statistic == "ratio" else tab["cum_gap"].abs()
        s0 = float(s[self.treated])
        p = float((s.to_numpy() >= s0 * (1 - 1e-12)).sum() / s.size)
        return TestResults(
            TestResult(
                name=f"synth_placebo_{statistic}",
                statistic=s0,
                pvalue=p,
                null_distribution=f"placebo rank (J+1={s.size})",
                n=int(s.size),
                window=w,
                asset=self.treated,
                details={"cum_gap": float(tab.loc[self.treated, "cum_gap"]), "min_pvalue": 1.0 / s.size},
            )
        )

    def frame(self) -> pd.DataFrame:
        """Tidy event-window frame: ``event_day, date, treated, synthetic, gap, cum_gap``."""
        ev = self.gaps.index
        t = self.treated_returns.loc[ev[0] : ev[-1]]
        sy = self.synthetic_returns.loc[ev[0] : ev[-1]]
        return pd.DataFrame(
            {
                "date": self.dates,
                "treated": t.to_numpy(),
                "synthetic": sy.to_numpy(),
                "gap": self.gap.to_numpy(),
                "cum_gap": self.gap.cumsum().to_numpy(),
            },
            index=ev,
        )

    # ----------------------------------------------------------------- reporting
    def summary(self) -> Summary:
        """Specification, weights, event-window gaps, placebo table and tests."""
        spec = {
            "Treated": self.treated,
            "Donors": f"{len(self.donors)}: " + ", ".join(self.donors),
            "Event date": f"{self.event_date:%Y-%m-%d}"
            + (f" (day 0 rolled to {self.day0:%Y-%m-%d})" if self.rolled else ""),
            "Estimation window": f"{self.estimation_window} ({len(self.gaps_est)} obs)",
            "Event window": f"{self.event_window}",
            "Pre-RMSPE": f"{self.pre_rmspe[self.treated]:.6f}",
            "Inference": "placebo ranks; headline = post/pre RMSPE ratio (Abadie et al. 2010, sec. 4)",
        }
        w = self.weights[self.weights > 0].sort_values(ascending=False).to_frame("weight")
        return Summary(
            title="Synthetic control",
            spec=spec,
            tables={
                "Donor weights (non-zero)": w,
                "Event-window gaps": self.frame(),
                "Placebo distribution (event window)": self.placebo_table(),
                "Tests": self.tests().set_index("test"),
            },
            digits=5,
        )

    def paths(self, tail: int = 30) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Inputs of the figure: from ``tail`` estimation days before the event window to its end,
        the cumulated (summed) returns of the treated asset and of its synthetic twin, and each
        placebo's cumulated gap.

        Returns
        -------
        paths : DataFrame
            Index event day; columns ``treated``, ``synthetic`` (decimals).
        placebo_gaps : DataFrame
            Index event day; one column per donor.
        """
        g = pd.concat([self.gaps_est.iloc[-int(tail) :], self.gaps])
        idx = g.index
        paths = pd.DataFrame(
            {
                "treated": self.treated_returns.reindex(idx).cumsum(),
                "synthetic": self.synthetic_returns.reindex(idx).cumsum(),
            },
            index=idx,
        )
        return paths, g[list(self.donors)].cumsum()

    def plot(self, tail: int = 30) -> Figure:
        """Treated vs synthetic (left) and the gap over the placebo gaps (right), drawn by the
        package's one figure module (:func:`eventstudy.report.figures.synthetic_control_plot`)."""
        from ..report.figures import synthetic_control_plot

        return synthetic_control_plot(*self.paths(tail), title=f"{self.treated}: synthetic control")

    def __repr__(self) -> str:
        top = ", ".join(f"{k}={v:.3f}" for k, v in self.weights.nlargest(3).items())
        return f"SyntheticControlResults(treated={self.treated!r}, J={len(self.donors)}, top weights: {top})"


def synthetic_control(
    returns: pd.DataFrame,
    treated: str,
    donors: Sequence[str],
    event_date: Any,
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
) -> SyntheticControlResults:
    """Synthetic-control effect of an event on one asset's returns, with placebo inference.

    Parameters
    ----------
    returns : DataFrame
        Daily returns (DatetimeIndex), with columns ``treated`` and every donor, on one
        calendar; each row is a session. A NaN inside a window raises.
    treated : str
        The treated asset.
    donors : sequence of str
        Donor pool (at least 2, not containing ``treated``): assets plausibly unaffected
        by the event.
    event_date : date-like
        Day 0 is the first row on or after it.
    estimation_window, event_window : (int, int)
        Inclusive event-time windows; weights are fitted on the estimation window, gaps
        reported on the event window. Defaults ``(-260, -11)`` and ``(-1, 1)``, as every
        extension and :class:`~eventstudy.EventStudy`.

    Returns
    -------
    SyntheticControlResults
        ``weights``, ``pre_rmspe``, ``gap``, ``frame()``, ``gaps`` / ``gaps_est``
        (treated and placebos), ``placebo_table(window)``, ``test(window, statistic)``,
        ``tests()``, ``summary()``, ``plot()``, ``to_latex()``.

    Raises
    ------
    MissingDataError
        A NaN return of the treated asset or a donor inside a window (names the date).
    SpecificationError, WindowError, EventOutOfRangeError
        Fewer than 2 donors, treated among donors, unknown columns, bad windows.

    Notes
    -----
    Weights (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010, eq. 1-2, with
    the pre-period outcomes themselves as the matching variables and ``V = I``):
    ``w* = argmin ||r_1 - R_0 w||^2`` over the estimation days subject to ``w_j >= 0``,
    ``sum_j w_j = 1`` (see :func:`simplex_weights`). Returns, not prices, are matched:
    returns are stationary and a good return match is what a good counterfactual for
    event-window returns needs. The gap on event day ``t`` is
    ``g_t = r_1t - sum_j w*_j r_jt``; ``pre_RMSPE = sqrt(mean(g_t^2))`` over the
    estimation window (ddof = 0).

    Inference is by placebos (Abadie et al. 2010, sec. 4; Abadie, Diamond &
    Hainmueller 2015): each donor ``j`` in turn is "treated", with the *other* donors
    (never the treated asset) as its pool. The headline p-value ranks the treated
    asset's post/pre RMSPE ratio among the ``J + 1`` units, which discounts placebos
    that the other donors fit badly; the rank of the absolute cumulative gap is also
    reported. ``p = #{units at least as extreme} / (J + 1)``, so with 15 donors the
    smallest attainable p-value is 1/16 = 0.0625.

    Assumptions: donors are unaffected by the event (no spillover; an industry-wide
    event contaminates same-industry donors, so they are excluded); the treated asset's
    return is close to the convex hull of the donors' in the estimation window (check
    ``pre_rmspe`` against the placebos'); units are exchangeable under H0 for the placebo
    p-value.

    References
    ----------
    1. Abadie, A., & Gardeazabal, J. (2003). The economic costs of conflict: a case study
       of the Basque Country. *American Economic Review*, 93(1), 113-132.
    2. Abadie, A., Diamond, A., & Hainmueller, J. (2010). Synthetic control methods for
       comparative case studies. *JASA*, 105(490), 493-505.
    3. Abadie, A., Diamond, A., & Hainmueller, J. (2015). Comparative politics and the
       synthetic control method. *American Journal of Political Science*, 59(2), 495-510.
    """
    donors = [str(d) for d in donors]
    if treated in donors:
        raise SpecificationError(f"the treated asset {treated!r} is also in donors; remove it")
    if len(donors) < 2:
        raise SpecificationError(f"synthetic control needs at least 2 donors, got {len(donors)}")
    if len(set(donors)) != len(donors):
        raise SpecificationError("donors has duplicates")
    est = check_window(estimation_window, "estimation_window")
    evt = check_window(event_window, "event_window")
    check_disjoint(est, evt, ("estimation_window", "event_window"))
    R = as_frame(returns, "returns")
    cols = [treated, *donors]
    missing = [c for c in cols if c not in R.columns]
    if missing:
        raise SpecificationError(f"{missing} are not columns of returns; columns: {list(R.columns)}")
    ef = event_frame(R[cols], event_date, (est[0], evt[1]), "returns")
    require_finite(ef, est, "return", "estimation window")
    require_finite(ef, evt, "return", "event window")
    E = ef.rows(est).to_numpy()
    V = ef.rows(evt).to_numpy()
    if E.shape[0] < 2:
        raise WindowError(f"estimation window {est} is too short")
    J = len(donors)
    # unit 0 = treated (donors 1..J); unit j = placebo j with donors {1..J} \ {j}
    W = np.zeros((J + 1, J + 1))
    W[0, 1:] = simplex_weights(E[:, 0], E[:, 1:])
    for j in range(1, J + 1):
        pool = [k for k in range(1, J + 1) if k != j]
        W[j, pool] = simplex_weights(E[:, j], E[:, pool])
    # gaps of all units at once: r_u - R w_u
    ge = E - E @ W.T
    gv = V - V @ W.T
    names = pd.Index([treated, *donors], name="unit")
    est_idx = pd.RangeIndex(est[0], est[1] + 1, name="event_day")
    evt_idx = pd.RangeIndex(evt[0], evt[1] + 1, name="event_day")
    full = np.vstack([E, V])
    synth = full[:, 1:] @ W[0, 1:]
    days = pd.Index(np.concatenate([est_idx.to_numpy(), evt_idx.to_numpy()]), name="event_day")
    return SyntheticControlResults(
        treated=treated,
        donors=tuple(donors),
        event_date=pd.Timestamp(event_date),
        day0=ef.day0,
        rolled=ef.rolled,
        estimation_window=est,
        event_window=evt,
        dates=pd.DatetimeIndex(ef.dates.loc[evt[0] : evt[1]].to_numpy(), name="date"),
        weights=pd.Series(W[0, 1:], index=pd.Index(donors, name="donor"), name="weight"),
        placebo_weights=pd.DataFrame(
            W[1:, 1:], index=pd.Index(donors, name="placebo"), columns=pd.Index(donors, name="donor")
        ),
        gaps_est=pd.DataFrame(ge, index=est_idx, columns=names),
        gaps=pd.DataFrame(gv, index=evt_idx, columns=names),
        treated_returns=pd.Series(full[:, 0], index=days, name=treated),
        synthetic_returns=pd.Series(synth, index=days, name="synthetic"),
    )
