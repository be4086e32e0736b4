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
from .inference import RESAMPLING_TESTS, SINGLE_ASSET_TESTS, TESTS
from .inference.base import EventSample
from .study import EventStudy

__all__ = ["take_columns", "rejection_rates", "draw_pseudo_dates", "size_by_window", "SIZE_WINDOWS"]


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


def _placebo_sample(
    returns: pd.DataFrame,
    market: pd.Series,
    *,
    clustered: bool,
    n_draws: int,
    start: str,
    end: str,
    estimation_window: tuple[int, int],
    event_window: tuple[int, int],
    shift: float,
    seed: int,
    min_estimation: int,
) -> tuple[EventSample, list[np.ndarray]]:
    """One batched fit of ``n_draws`` placebo draws and the asset columns of each draw.

    ``clustered``: every asset shares each pseudo-date (dates seeded by ``seed``); otherwise
    asset ``i`` draws its own dates with seed ``seed + 1 + i``. ``shift`` is added to every
    asset's day-0 abnormal and raw return (power). Returns the fitted sample and, per draw,
    the positions of its ``N`` columns (``np.arange(N) * n_draws + d``).
    """
    assets = list(map(str, returns.columns))
    N = len(assets)
    calendar = cal.calendar_for(assets[0])
    if clustered:
        ev = np.tile(draw_pseudo_dates(calendar, start, end, n_draws, seed), N)
    else:
        # each asset its own independent draw of dates (a coincident date across assets is rare)
        ev = np.concatenate(
            [draw_pseudo_dates(calendar, start, end, n_draws, seed + 1 + i) for i in range(N)]
        )
    events = pd.DataFrame({"asset": np.repeat(assets, n_draws), "event_date": ev})
    sample = (
        EventStudy(
            returns,
            market=market,
            events=events,
            estimation_window=estimation_window,
            event_window=event_window,
            seed=seed,
            overlap="ignore",  # pseudo-events of one asset overlap by design
            min_estimation=min_estimation,
        )
        .fit()
        .sample
    )
    if shift:
        r0 = int(np.flatnonzero(sample.event_days == 0)[0])
        ar = np.array(sample.ar_evt)
        ar[r0] += shift
        ret = np.array(sample.returns_evt)
        ret[r0] += shift
        sample = replace(sample, ar_evt=ar, returns_evt=ret)
    return sample, [np.arange(N) * n_draws + d for d in range(n_draws)]


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
    min_estimation: int = 100,
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
    min_estimation : int
        Minimum estimation-window length (passed to :class:`~eventstudy.EventStudy`).

    Returns
    -------
    DataFrame
        One row per test: ``test``, ``rejection_rate``, ``n`` (decisions), ``design``, ``shift``.
    """
    sample, groups = _placebo_sample(
        returns,
        market,
        clustered=clustered,
        n_draws=n_draws,
        start=start,
        end=end,
        estimation_window=estimation_window,
        event_window=(min(window[0], 0), max(window[1], 0)),
        shift=shift,
        seed=seed,
        min_estimation=min_estimation,
    )
    rng = np.random.default_rng(seed)
    rows = []
    from tqdm.auto import tqdm  # progress on a terminal only (disable=None): silent in tests and logs

    for name in tests:
        rejections = []
        # one cross-section per draw: the statistic itself is vectorised
        for g in tqdm(groups, desc=f"size {name}", unit="draw", disable=None, leave=False):
            sub = take_columns(sample, g)
            kw = {"rng": rng} if name in RESAMPLING_TESTS else {}
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


#: the windows the size table covers (issue 15: day 0, the three-day and the five-day CAR)
SIZE_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 4))


def size_by_window(
    returns: pd.DataFrame,
    market: pd.Series,
    tests: Sequence[str],
    windows: Sequence[tuple[int, int]] = SIZE_WINDOWS,
    designs: Sequence[str] = ("clustered", "independent"),
    n_draws: int = 300,
    start: str = "2017-09-01",
    end: str = "2024-12-31",
    estimation_window: tuple[int, int] = (-260, -11),
    shift: float = 0.0,
    level: float = 0.05,
    seed: int = 12345,
    min_estimation: int = 100,
) -> pd.DataFrame:
    """Rejection rates of ``tests`` on real placebo dates for every window and design.

    The same Brown & Warner (1985) design as :func:`rejection_rates`, with one batched
    fit per design whose event window covers every tested window, so all windows are
    tested on the same placebo draws. ``joint_wald`` contributes two rows: its chi-square
    p-value (``"joint_wald"``) and the McKeon F p-value of ``details["f_pvalue"]``
    (``"joint_wald_f"``). ``shift`` is added to every asset's day-0 return (power).
    ``min_estimation`` is passed to :class:`~eventstudy.EventStudy` (short common windows).

    Returns
    -------
    DataFrame
        Columns ``test``, ``design``, ``window`` (``"(a,b)"``), ``rejection_rate``, ``n``
        (decisions), ``mc_se`` (binomial Monte Carlo standard error of the rate), ``shift``.
    """
    lo = min(0, *(w[0] for w in windows))
    hi = max(0, *(w[1] for w in windows))
    rows = []
    for design in designs:
        if design not in ("clustered", "independent"):
            raise ValueError(f"design={design!r}: use 'clustered' or 'independent'")
        sample, groups = _placebo_sample(
            returns,
            market,
            clustered=design == "clustered",
            n_draws=n_draws,
            start=start,
            end=end,
            estimation_window=estimation_window,
            event_window=(lo, hi),
            shift=shift,
            seed=seed,
            min_estimation=min_estimation,
        )
        subs = [take_columns(sample, g) for g in groups]
        rng = np.random.default_rng(seed)
        for window in windows:
            for name in tests:
                rej: list[bool] = []
                rej_f: list[bool] = []
                for sub in subs:
                    kw = {"rng": rng} if name in RESAMPLING_TESTS else {}
                    out = TESTS[name](sub, window=window, **kw)
                    ps = [r.pvalue for r in out] if name in SINGLE_ASSET_TESTS else [out.pvalue]
                    rej.extend(p < level for p in ps)
                    if name == "joint_wald" and out.details.get("f_pvalue") is not None:
                        rej_f.append(out.details["f_pvalue"] < level)
                for label, r in ((name, rej), ("joint_wald_f", rej_f)):
                    if not r:
                        continue
                    rate = float(np.mean(r))
                    rows.append(
                        {
                            "test": label,
                            "design": design,
                            "window": f"({window[0]},{window[1]})",
                            "rejection_rate": rate,
                            "n": len(r),
                            "mc_se": float(np.sqrt(rate * (1 - rate) / len(r))),
                            "shift": shift,
                        }
                    )
    return pd.DataFrame(rows)
