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
    dates = list(rets.index[300:700:25])  # sessions: day 0 never rolls
    return rets, mkt, dates


ROLLING = [pd.Timestamp("2016-07-04"), pd.Timestamp("2016-11-26")]  # Independence Day, a Saturday


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
    dates = [*dates, *ROLLING]
    ref = batch_study_reference(rets, mkt, dates)
    # the one event-time rule: a non-session event date rolls with a warning, as in EventStudy
    with pytest.warns(EventRolledWarning, match="2016-07-04 -> 2016-07-05.*2016-11-26 -> 2016-11-28"):
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


def test_window_sums_market_model_equals_statsmodels(synthetic):
    """O(1)-per-pair OLS from window sums against statsmodels OLS pair by pair (1e-10)."""
    import statsmodels.api as sm

    rets, mkt, dates = synthetic
    res = batch_study(rets, mkt, dates[:4], chunk_pairs=24)
    idx = rets.index
    for d in dates[:4]:
        p0 = idx.get_loc(d)
        est = slice(p0 - 260, p0 - 10)
        X = sm.add_constant(mkt.iloc[est].to_numpy())
        for a in rets.columns[:5]:
            ols = sm.OLS(rets[a].iloc[est].to_numpy(), X).fit()
            assert res.alpha.loc[d, a] == pytest.approx(ols.params[0], abs=1e-10)
            assert res.beta.loc[d, a] == pytest.approx(ols.params[1], abs=1e-10)
            assert res.sigma.loc[d, a] == pytest.approx(np.sqrt(ols.scale), abs=1e-10)
            pred = ols.get_prediction(
                sm.add_constant(mkt.iloc[p0 - 1 : p0 + 2].to_numpy(), has_constant="add")
            )
            ar = rets[a].iloc[p0 - 1 : p0 + 2].to_numpy() - pred.predicted_mean
            assert res.car.loc[d, a] == pytest.approx(ar.sum(), abs=1e-10)


def test_per_asset_false_keeps_the_statistics(synthetic):
    rets, mkt, dates = synthetic
    full = batch_study(rets, mkt, dates)
    lean = batch_study(rets, mkt, dates, per_asset=False, progress=True)  # tqdm to captured stderr
    assert lean.car is None and lean.beta is None
    diff = (full.stats[NUMERIC] - lean.stats[NUMERIC]).abs().to_numpy().max()
    assert diff == 0.0
    assert lean.n_assets == rets.shape[1] and lean.n_events == len(dates)


def test_rank_rows_equals_scipy_including_ties_and_signed_zero():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((700, 253)) * 0.02
    assert np.array_equal(rank_rows(a), stats.rankdata(a, axis=-1))
    b = np.round(a, 3)  # many ties
    b[:, 5], b[:, 6] = -0.0, 0.0
    b[3, 10] = np.nextafter(b[3, 11], 1.0)  # adjacent floats: handled exactly
    assert np.array_equal(rank_rows(b), stats.rankdata(b, axis=-1))
    e = rng.standard_normal((300, 2, 40))  # (assets, events, days)
    e[4, 1] = e[9, 1]
    e[7, 0, :6] = 0.0  # ties inside a row: exact fallback
    assert np.array_equal(time_rank_sums(e), stats.rankdata(e, axis=-1).sum(axis=0))
    # the batch form: residuals e - slope x gathered from a block by row indices, block by block
    blk = rng.standard_normal((300, 60))
    take = np.stack([np.arange(40) + 7 * k for k in range(3)])  # (events, days) rows of the block
    slope, x = rng.standard_normal((300, 3)), rng.standard_normal((3, 40))
    resid = np.take(blk, take, axis=1) - slope[:, :, None] * x[None]
    want = stats.rankdata(resid, axis=-1).sum(axis=0)
    assert np.array_equal(time_rank_sums(blk, slope=slope, x=x, take=take), want)


def test_rbar_linear_in_n_equals_the_n_by_n_correlation_matrix():
    """bar r = (||sum_i z_i||^2 - N) / (N (N - 1)) against the mean off-diagonal of corrcoef (1e-10)."""
    rng = np.random.default_rng(1)
    e = rng.standard_normal((3, 250, 40)) * rng.uniform(0.5, 3.0, 40) + rng.standard_normal((3, 250, 1))
    got = average_correlation(e)  # vectorised over the leading (events) axis
    for k in range(3):
        c = np.corrcoef(e[k], rowvar=False)
        want = (c.sum() - np.trace(c)) / (40 * 39)
        assert abs(got[k] - want) <= 1e-10
    assert got.min() > 0.2
    # negative equicorrelation: close to the lower bound -1/(N-1)
    z = rng.standard_normal((250, 5))
    z -= z.mean(axis=1, keepdims=True)  # columns sum to zero: r_ij ~ -1/4
    c = np.corrcoef(z, rowvar=False)
    assert abs(float(average_correlation(z)) - (c.sum() - 5) / 20) <= 1e-10


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
    with pytest.raises(CalendarGapError, match=rf"SYN03 .*{bad.index[250]:%Y-%m-%d}"):
        batch_study(bad, mkt, dates)
    # a NaN outside every window changes nothing (it enters no window sum)
    bad2 = rets.copy()
    bad2.iloc[-1, 3] = np.nan
    assert_same(batch_study(bad2, mkt, dates[:3]), batch_study(rets, mkt, dates[:3]), tol=1e-13)
    # nor inside the span of a block but in the gap between the windows (day -5), for the
    # asset and for the market: such values enter the window sums as zero and drop out
    gap = rets.index[rets.index.get_loc(dates[0]) - 5]
    bad3, mkt3 = rets.copy(), mkt.copy()
    bad3.loc[gap, "SYN03"] = np.nan
    mkt3.loc[gap] = np.nan
    assert_same(batch_study(bad3, mkt3, dates[:1]), batch_study(rets, mkt, dates[:1]), tol=1e-13)
    es.EventStudy(bad3, market=mkt3, event_date=dates[0]).fit()  # the same rule in EventStudy


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


# ------------------------------------------------------------------------- one event-time rule


def test_missing_session_is_the_same_error_in_batch_and_eventstudy(synthetic):
    rets, mkt, dates = synthetic
    gap = rets.drop(index=rets.index[dates_pos := 250])  # a session vanishes from the data
    d = dates[0]
    with pytest.raises(CalendarGapError, match=f"{rets.index[dates_pos]:%Y-%m-%d}"):
        batch_study(gap, mkt, [d])
    with pytest.raises(CalendarGapError, match=f"{rets.index[dates_pos]:%Y-%m-%d}"):
        es.EventStudy(gap, market=mkt, event_date=d).fit()
    # outside every window the missing session does not matter, for both
    far = rets.drop(index=rets.index[-2])
    batch_study(far, mkt, [d])
    es.EventStudy(far, market=mkt, event_date=d).fit()


def test_value_on_a_non_session_is_the_same_error_in_batch_and_eventstudy(synthetic):
    rets, mkt, dates = synthetic
    d = dates[2]
    sat = pd.Timestamp(d) - pd.Timedelta(days=int(pd.Timestamp(d).day_of_week) + 2)  # the Saturday before
    extra = pd.concat([rets, rets.iloc[[0]].set_axis([sat])]).sort_index()
    with pytest.raises(CalendarGapError, match=f"{sat:%Y-%m-%d}, which is not a XNYS session"):
        batch_study(extra, mkt, [d])
    with pytest.raises(CalendarGapError, match=f"{sat:%Y-%m-%d}, which is not a XNYS session"):
        es.EventStudy(extra, market=mkt, event_date=d).fit()
    # an all-NaN non-session row (a union index of several calendars) is harmless
    blank = pd.concat([rets, pd.DataFrame(np.nan, index=[sat], columns=rets.columns)]).sort_index()
    res = batch_study(blank, mkt, [d])
    ref = batch_study(rets, mkt, [d])
    assert_same(res, ref, tol=0.0)


def test_weekend_event_rolls_with_the_same_warning_in_batch_and_eventstudy(synthetic):
    rets, mkt, _ = synthetic
    with pytest.warns(EventRolledWarning, match="2016-11-26 -> 2016-11-28") as wb:
        res = batch_study(rets, mkt, ["2016-11-26"])
    with pytest.warns(EventRolledWarning, match="2016-11-26 -> 2016-11-28") as ws:
        es.EventStudy(rets, market=mkt, event_date="2016-11-26").fit()
    assert res.stats["rolled"].iloc[0] and res.stats["day0"].iloc[0] == pd.Timestamp("2016-11-28")
    assert "rolled to the next session" in str(wb[0].message) and "rolled to the next session" in str(
        ws[0].message
    )


def test_assets_on_several_calendars_need_an_explicit_calendar(synthetic):
    rets, mkt, dates = synthetic
    mixed = rets.rename(columns={"SYN00": "2330.TW"})
    with pytest.raises(SpecificationError, match="one shared calendar"):
        batch_study(mixed, mkt, dates[:2])
    res = batch_study(mixed, mkt, dates[:2], calendar="XNYS")
    assert res.calendar == "XNYS" and res.n_assets == rets.shape[1]


# ------------------------------------------------------------------------- symbol table and session cache


def test_vectorised_symbol_table_equals_calendar_for():
    syms = ["AAPL", "^GSPC", "2330.TW", "005930.KS", "BTC-USD", "ETH-EUR@kraken", "7203.T", "SAP.DE", "brk.b"]
    got = es.calendars.calendars_for(syms)
    assert list(got) == [es.calendar_for(s) for s in syms]
    assert list(got[:4]) == ["XNYS", "XNYS", "XTAI", "XKRX"]


def test_sessions_disk_cache_round_trip(tmp_path, monkeypatch):
    """Sessions are cached on disk (keyed by the installed exchange_calendars) and read back equal."""
    from eventstudy import calendars as cal

    want = cal.sessions("XNYS", "2015-01-01", "2017-12-31")
    monkeypatch.setenv("EVENTSTUDY_CACHE", str(tmp_path))
    cal._session_array.cache_clear()
    cal._sessions.cache_clear()
    try:
        built = cal.sessions("XNYS", "2015-01-01", "2017-12-31")  # builds the calendar, writes the file
        files = list((tmp_path / "sessions").glob("XNYS-*.npy"))
        assert len(files) == 1
        cal._session_array.cache_clear()
        cal._sessions.cache_clear()
        read = cal.sessions("XNYS", "2015-01-01", "2017-12-31")  # from the file
        assert read.equals(want) and built.equals(want) and read.name == "date"
        files[0].write_bytes(b"not a numpy file")  # a damaged file is rebuilt, never trusted
        cal._session_array.cache_clear()
        cal._sessions.cache_clear()
        assert cal.sessions("XNYS", "2015-01-01", "2017-12-31").equals(want)
    finally:
        cal._session_array.cache_clear()
        cal._sessions.cache_clear()


def test_batch_study_is_exported_at_the_top_level():
    import eventstudy.batch

    assert es.batch_study is eventstudy.batch.batch_study and es.BatchResult is eventstudy.batch.BatchResult
