"""Batch engine (N assets x M event dates) against the single-event reference path.

The reference is :func:`eventstudy.batch.batch_study_reference`: one
:class:`eventstudy.EventStudy` per event date (``build_panel`` + ``fit_batch``) and the
single-event functions ``patell``, ``bmp``, ``kolari_pynnonen``, ``corrado_rank`` of
:mod:`eventstudy.inference` on its ``EventSample``. Numbers must agree to 1e-10.
Speed is measured in ``benchmarks/run.py``, never here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import eventstudy as es
from eventstudy.batch import (
    STAT_COLUMNS,
    BatchResult,
    batch_study,
    batch_study_reference,
)
from eventstudy.errors import (
    CalendarGapError,
    EventOutOfRangeError,
    EventRolledWarning,
    SpecificationError,
    WindowError,
)
from eventstudy.inference.kernels import average_correlation, rank_rows, time_rank_sums

TOL = 1e-10
NUMERIC = [
    "caar",
    *STAT_COLUMNS,
    *(f"{c}_pvalue" for c in STAT_COLUMNS),
    "rbar",
    "corrado_sd",
]
LONG_IBKR = ["AAPL", "AMD", "AMZN", "GOOG", "INTC", "JNJ", "KO", "MSFT", "NVDA", "PG"]


def synthetic_panel(n_assets: int = 12, seed: int = 7) -> tuple[pd.DataFrame, pd.Series]:
    """SYNTHETIC market-model returns on real XNYS sessions (so build_panel accepts them).

    Cross-correlated residuals (a common factor besides the market) so Kolari-Pynnönen's
    ``rbar`` is not ~0, heteroskedastic across assets.
    """
    rng = np.random.default_rng(seed)
    idx = es.sessions("XNYS", "2015-01-01", "2017-12-31")
    d = len(idx)
    m = rng.standard_normal(d) * 0.01
    common = rng.standard_normal(d) * 0.006
    beta = rng.uniform(0.4, 1.6, n_assets)
    sd = rng.uniform(0.01, 0.03, n_assets)
    r = 2e-4 + np.outer(m, beta) + common[:, None] + rng.standard_normal((d, n_assets)) * sd
    cols = [f"SYN{i:02d}" for i in range(n_assets)]
    return pd.DataFrame(r, index=idx, columns=cols), pd.Series(m, index=idx, name="SYNMKT")


@pytest.fixture(scope="module")
def synthetic() -> tuple[pd.DataFrame, pd.Series, list[pd.Timestamp]]:
    rets, mkt = synthetic_panel()
    dates = list(rets.index[300:700:25])
    dates.append(pd.Timestamp("2016-07-04"))  # Independence Day: day 0 rolls to 2016-07-05
    dates.append(pd.Timestamp("2016-11-26"))  # a Saturday
    return rets, mkt, dates


@pytest.fixture(scope="module")
def real_panel() -> tuple[pd.DataFrame, pd.Series, list[pd.Timestamp]]:
    prices = es.load_prices([*LONG_IBKR, "^GSPC"], start="2022-06-01", end="2024-12-31")
    rets = es.to_returns(prices)
    dates = list(rets.loc["2024"].index[::12][:20])
    return rets[LONG_IBKR], rets["^GSPC"], dates


def assert_same(a: BatchResult, b: BatchResult, tol: float = TOL) -> None:
    assert list(a.stats.index) == list(b.stats.index)
    assert list(a.car.columns) == list(b.car.columns)
    assert (a.stats["day0"] == b.stats["day0"]).all()
    assert (a.stats["rolled"] == b.stats["rolled"]).all()
    assert (a.stats["n"] == b.stats["n"]).all()
    diff = (a.stats[NUMERIC] - b.stats[NUMERIC]).abs().to_numpy()
    assert np.isfinite(a.stats[NUMERIC].to_numpy()).all()
    assert diff.max() <= tol, (a.stats[NUMERIC] - b.stats[NUMERIC]).abs().max()
    for name in ("car", "scar", "alpha", "beta", "sigma"):
        d = (getattr(a, name) - getattr(b, name)).abs().to_numpy().max()
        assert d <= tol, (name, d)
    assert (a.window, a.estimation_window, a.event_window, a.ddof, a.dof) == (
        b.window,
        b.estimation_window,
        b.event_window,
        b.ddof,
        b.dof,
    )


# ------------------------------------------------------------------------- vs the reference


@pytest.mark.parametrize("method", ["shared", "fit_batch"])
def test_synthetic_matches_single_event_reference(synthetic, method):
    rets, mkt, dates = synthetic
    ref = batch_study_reference(rets, mkt, dates)
    got = batch_study(rets, mkt, dates, method=method, chunk_pairs=50)
    assert_same(got, ref)
    assert got.stats["rolled"].sum() == 2
    assert got.stats.loc["2016-07-04", "day0"] == pd.Timestamp("2016-07-05")
    # the common factor makes rbar clearly positive, so the KP adjustment is active
    assert (got.stats["rbar"] > 0.05).all()
    assert not np.allclose(got.stats["kolari_pynnonen"], got.stats["bmp"])


def test_options_match_reference(synthetic):
    rets, mkt, dates = synthetic
    opts = dict(
        estimation_window=(-200, -6),
        event_window=(-2, 3),
        window=(0, 1),
        ddof=1,
        alternative="greater",
        corrado_sd_days="estimation",
    )
    ref = batch_study_reference(rets, mkt, dates[:8], **opts)
    got = batch_study(rets, mkt, dates[:8], **opts)
    assert_same(got, ref)
    assert got.window == (0, 1) and got.ddof == 1


def test_chunking_and_threads_do_not_change_numbers(synthetic):
    rets, mkt, dates = synthetic
    a = batch_study(rets, mkt, dates, chunk_pairs=1, threads=1)
    b = batch_study(rets, mkt, dates, chunk_pairs=10_000, threads=2)
    assert_same(a, b, tol=1e-12)


def test_real_snapshot_panel_matches_reference(real_panel):
    rets, mkt, dates = real_panel
    assert rets.shape[1] == 10 and len(dates) == 20
    ref = batch_study_reference(rets, mkt, dates)
    got = batch_study(rets, mkt, dates)
    assert_same(got, ref)
    # real stocks load positively on the S&P 500
    assert (got.beta.to_numpy() > 0).mean() > 0.95


def test_injected_abnormal_return_is_detected(synthetic):
    """Power check: +4% on day 0 for every asset at one date; the others stay null."""
    rets, mkt, dates = synthetic
    hit = dates[3]
    shocked = rets.copy()
    shocked.loc[hit] += 0.04
    res = batch_study(shocked, mkt, dates, window=(0, 0))
    row = res.stats.loc[hit]
    assert row["caar"] == pytest.approx(0.04, abs=0.01)
    for name in STAT_COLUMNS:
        assert row[name] > 3.0 and row[f"{name}_pvalue"] < 0.01, name
    others = res.stats.drop(index=hit)
    assert (others["patell"].abs() < 4).all()


# ------------------------------------------------------------------------- kernels


def test_rank_rows_equals_scipy_including_ties_and_signed_zero():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((700, 253)) * 0.02
    assert np.array_equal(rank_rows(a), stats.rankdata(a, axis=-1))
    b = np.round(a, 3)  # many ties
    b[:, 5], b[:, 6] = -0.0, 0.0
    b[3, 10] = np.nextafter(b[3, 11], 1.0)  # adjacent floats: handled exactly
    assert np.array_equal(rank_rows(b), stats.rankdata(b, axis=-1))
    e = rng.standard_normal((2, 40, 300))
    e[1, 4] = e[1, 9]
    assert np.array_equal(_rank_sums(e), stats.rankdata(e, axis=1).sum(axis=2))


def test_rbar_equals_average_correlation():
    rng = np.random.default_rng(1)
    e = rng.standard_normal((3, 250, 40)) + rng.standard_normal((3, 250, 1))
    got = _rbar(e)
    want = [average_correlation(e[k]) for k in range(3)]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-13)
    assert got.min() > 0.3


# ------------------------------------------------------------------------- API and errors


def test_result_frames(synthetic):
    rets, mkt, dates = synthetic
    res = batch_study(rets, mkt, dates)
    m, n = len(dates), rets.shape[1]
    assert res.car.shape == (m, n) and res.n_events == m and res.n_assets == n
    assert res.car.index.name == "event_date"
    np.testing.assert_allclose(res.stats["caar"], res.car.mean(axis=1), atol=1e-15)
    assert list(res.statistics().columns) == list(STAT_COLUMNS)
    assert res.pvalues().shape == (m, 4)
    assert ((res.pvalues() >= 0) & (res.pvalues() <= 1)).all().all()
    long = res.to_long()
    assert len(long) == 4 * m and set(long["test"]) == set(STAT_COLUMNS)
    both = BatchResult.concat([batch_study(rets, mkt, dates[:5]), batch_study(rets, mkt, dates[5:])])
    assert_same(both, res, tol=1e-12)
    assert "events=" in repr(res)


def test_missing_value_in_a_window_names_asset_and_date(synthetic):
    rets, mkt, dates = synthetic
    bad = rets.copy()
    bad.iloc[250, 3] = np.nan
    with pytest.raises(MissingDataError, match=rf"SYN03 .*{bad.index[250]:%Y-%m-%d}"):
        batch_study(bad, mkt, dates)
    # a NaN outside every window is harmless
    bad2 = rets.copy()
    bad2.iloc[-1, 3] = np.nan
    batch_study(bad2, mkt, dates[:3])


def test_errors(synthetic):
    rets, mkt, dates = synthetic
    with pytest.raises(EventOutOfRangeError, match="estimation window starts before"):
        batch_study(rets, mkt, [rets.index[100]])
    with pytest.raises(EventOutOfRangeError, match="event window ends after"):
        batch_study(rets, mkt, [rets.index[-1]])
    with pytest.raises(SpecificationError, match="listed twice"):
        batch_study(rets, mkt, [dates[0], dates[0]])
    with pytest.raises(SpecificationError, match="at least 2 assets"):
        batch_study(rets.iloc[:, :1], mkt, dates)
    with pytest.raises(WindowError):
        batch_study(rets, mkt, dates, window=(0, 5))
    with pytest.raises(SpecificationError, match="method"):
        batch_study(rets, mkt, dates, method="loop")
    flat = mkt.copy()
    flat.iloc[:] = 0.001  # constant market: singular design
    with pytest.raises(SpecificationError, match="singular"):
        batch_study(rets, flat, dates[:2])
