"""Size and power of the tests on real returns with placebo event dates.

Brown & Warner (1980, 1985) measure a test's size by drawing pseudo-event
dates from real return histories, where no event happened, and counting how
often the test rejects at a nominal level; power by adding a known abnormal
return on day 0. :func:`rejection_rates` does exactly that for any tests of
:data:`eventstudy.inference.TESTS`, estimating every draw in one batched pass.

Two designs:

* ``clustered=True``: every asset shares each pseudo-date (as on 2025-01-27),
  so cross-sectional correlation is present and tests that assume independence
  over-reject (Kolari & Pynnönen 2010);
* ``clustered=False``: each asset gets its own date, the independent case the
  classic tests assume.

References
----------
1. Brown, S. J., & Warner, J. B. (1985). Using daily stock returns: The case of event
   studies. *JFE* 14(1), 3-31.
2. Kolari, J. W., & Pynnönen, S. (2010). Event study testing with cross-sectional
   correlation of abnormal returns. *RFS* 23(11), 3996-4025.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from . import calendars as cal
from .inference import SINGLE_ASSET_TESTS, TESTS
from .inference.base import EventSample
from .study import EventStudy

__all__ = ["take_columns", "rejection_rates", "draw_pseudo_dates"]


def take_columns(sample: EventSample, cols: np.ndarray) -> EventSample:
    """The sub-sample of ``sample`` with only the asset columns ``cols``."""

    def pick(a: np.ndarray | None, axis: int) -> np.ndarray | None:
        return None if a is None else np.take(a, cols, axis=axis)

    return replace(
        sample,
        ar_est=sample.ar_est[:, cols],
        ar_evt=sample.ar_evt[:, cols],
        sigma=sample.sigma[cols],
        cov_evt=sample.cov_evt[cols],
        assets=tuple(np.asarray(sample.assets, dtype=object)[cols]),
        returns_est=pick(sample.returns_est, 1),
        returns_evt=pick(sample.returns_evt, 1),
        regressors_est=pick(sample.regressors_est, 0),
        regressors_evt=pick(sample.regressors_evt, 0),
    )


def draw_pseudo_dates(calendar: str, start: str, end: str, n: int, seed: int) -> pd.DatetimeIndex:
    """``n`` sessions drawn without replacement from ``[start, end]`` (seeded)."""
    sess = cal.sessions(calendar, pd.Timestamp(start), pd.Timestamp(end))
    rng = np.random.default_rng(seed)
    return sess[np.sort(rng.choice(len(sess), size=n, replace=False))]


def rejection_rates(
    returns: pd.DataFrame,
    market: pd.Series,
    tests: Sequence[str],
    n_draws: int = 500,
    start: str = "2017-09-01",
    end: str = "2024-12-31",
    window: tuple[int, int] = (0, 0),
    estimation_window: tuple[int, int] = (-260, -11),
    clustered: bool = True,
    shift: float = 0.0,
    level: float = 0.05,
    seed: int = 12345,
) -> pd.DataFrame:
    """Rejection rate of each test at ``level`` over ``n_draws`` placebo draws.

    Parameters
    ----------
    returns : DataFrame
        Real returns of the assets (one column each).
    market : Series
        Market returns (market model).
    tests : sequence of str
        Names in :data:`eventstudy.inference.TESTS`; single-asset tests are run on
        every asset of every draw (their rate is over asset-draws).
    n_draws : int
        Number of placebo draws (dates for ``clustered=True``).
    start, end : str
        Range of pseudo-event dates.
    window : tuple of int
        Tested window (event window = ``window``).
    estimation_window : tuple of int
        Estimation window of every draw.
    clustered : bool
        All assets share a date (``True``) or each has its own (``False``).
    shift : float
        Abnormal return added to every asset's day-0 return (power; 0 = size).
    level : float
        Nominal level.
    seed : int
        Seed of the date draws and of the resampling tests.

    Returns
    -------
    DataFrame
        One row per test: ``test``, ``rejection_rate``, ``n`` (decisions), ``design``, ``shift``.
    """
    assets = list(map(str, returns.columns))
    N = len(assets)
    calendar = cal.calendar_for(assets[0])
    if clustered:
        dates = draw_pseudo_dates(calendar, start, end, n_draws, seed)
        events = pd.DataFrame({"asset": np.repeat(assets, n_draws), "event_date": np.tile(dates, N)})
        groups = [np.arange(N) * n_draws + d for d in range(n_draws)]
    else:
        # each asset its own independent draw of dates (a coincident date across assets is rare)
        own = [draw_pseudo_dates(calendar, start, end, n_draws, seed + 1 + i) for i in range(N)]
        events = pd.DataFrame({"asset": np.repeat(assets, n_draws), "event_date": np.concatenate(own)})
        groups = [np.arange(N) * n_draws + d for d in range(n_draws)]
    res = EventStudy(
        returns,
        market=market,
        events=events,
        estimation_window=estimation_window,
        event_window=(min(window[0], 0), max(window[1], 0)),
        seed=seed,
    ).fit()
    sample = res.sample
    if shift:
        r0 = int(np.flatnonzero(sample.event_days == 0)[0])
        ar = np.array(sample.ar_evt)
        ar[r0] += shift
        ret = np.array(sample.returns_evt)
        ret[r0] += shift
        sample = replace(sample, ar_evt=ar, returns_evt=ret)
    rng = np.random.default_rng(seed)
    rows = []
    for name in tests:
        rejections = []
        for g in groups:  # one cross-section per draw: the statistic itself is vectorised
            sub = take_columns(sample, g)
            kw = {"rng": rng} if name in ("bootstrap", "permutation") else {}
            out = TESTS[name](sub, window=window, **kw)
            ps = [r.pvalue for r in out] if name in SINGLE_ASSET_TESTS else [out.pvalue]
            rejections.extend(p < level for p in ps)
        rows.append(
            {
                "test": name,
                "rejection_rate": float(np.mean(rejections)),
                "n": len(rejections),
                "design": "clustered" if clustered else "independent",
                "shift": shift,
            }
        )
    return pd.DataFrame(rows)
