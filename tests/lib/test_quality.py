"""``eventstudy.data.quality.check_quality`` on hand-made frames and on the real snapshot.

The hand-made frames are synthetic prices on real XNYS sessions (labelled as such below);
the last tests run the study universe of the real snapshot.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from eventstudy.calendars import sessions
from eventstudy.data.quality import KINDS, QualityIssue, check_quality
from eventstudy.errors import DataError, DataQualityWarning

STUDY_UNIVERSE = [
    "NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "MSFT", "GOOG", "AAPL", "META",
    "^GSPC", "^IXIC", "^NDX", "^DJI", "^SOX", "BTC-USD", "ETH-USD",
]  # fmt: skip


def _synthetic_prices(n: int = 60, cols: tuple[str, ...] = ("AAA", "BBB"), seed: int = 1) -> pd.DataFrame:
    """Synthetic random-walk closes (daily moves of ~1%) on real XNYS sessions from 2024-01-02."""
    idx = sessions("XNYS", "2024-01-02", "2024-12-31")[:n]
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0, 0.01, (n, len(cols)))
    return pd.DataFrame(100.0 * np.exp(np.cumsum(steps, axis=0)), index=idx, columns=list(cols))


def _run(*args, **kwargs) -> tuple[list[QualityIssue], list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        issues = check_quality(*args, **kwargs)
    return issues, [w for w in caught if issubclass(w.category, DataQualityWarning)]


def test_clean_frame_has_no_issues():
    issues, caught = _run(_synthetic_prices())
    assert issues == [] and caught == []


def test_issue_is_frozen_dataclass():
    issue = QualityIssue("AAA", pd.Timestamp("2024-01-02"), "stale_price", "m")
    assert dataclasses.is_dataclass(issue)
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.kind = "other"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(QualityIssue)] == ["symbol", "date", "kind", "message"]


@pytest.mark.parametrize(("run", "flagged"), [(4, False), (5, True), (8, True)])
def test_stale_prices(run, flagged):
    p = _synthetic_prices()
    p.iloc[20 : 20 + run, 1] = 77.0
    issues, caught = _run(p)
    assert [i.kind for i in issues] == (["stale_price"] if flagged else [])
    assert len(caught) == len(issues)
    if flagged:
        (i,) = issues
        assert i.symbol == "BBB" and i.date == p.index[20]
        assert f"{run} consecutive" in i.message and f"{p.index[20]:%Y-%m-%d}" in i.message
        assert str(caught[0].message) == i.message


def test_stale_prices_ignore_weekend_gaps_of_mixed_frames():
    """NaN rows (a stock next to crypto) do not break a run: consecutive *observations* count."""
    p = _synthetic_prices(cols=("AAA",))
    p = p.reindex(pd.date_range(p.index[0], p.index[-1], freq="D"))
    obs = p["AAA"].dropna().index
    p.loc[obs[10] : obs[14], "AAA"] = p.at[obs[10], "AAA"]  # 5 sessions, spanning a weekend
    p.loc[~p.index.isin(obs), "AAA"] = np.nan
    issues, _ = _run(p)
    assert [(i.kind, i.date) for i in issues] == [("stale_price", obs[10])]


@pytest.mark.parametrize(
    ("symbol", "ret", "flagged"),
    [
        ("AAA", 0.51, True),
        ("AAA", -0.55, True),
        ("AAA", 0.45, False),
        ("BTC-USD", 0.55, False),  # crypto threshold is 60%
        ("BTC-USD", 0.65, True),
        ("AAA", 1.0, False),  # ratio 2: a suspected split, to_returns' business
        ("AAA", -0.5, False),  # ratio 1/2: likewise
        ("AAA", -0.9, False),  # ratio 1/10
        ("AAA", 2.5, True),  # ratio 3.5 is no split factor
    ],
)
def test_extreme_returns(symbol, ret, flagged):
    p = _synthetic_prices(cols=(symbol,))
    p.iloc[30:, 0] *= p.iat[29, 0] / p.iat[30, 0] * (1.0 + ret)  # the return on day 30 is exactly ret
    issues, caught = _run(p)
    assert [i.kind for i in issues] == (["extreme_return"] if flagged else [])
    if flagged:
        assert issues[0].date == p.index[30] and issues[0].symbol == symbol
        assert f"{ret:+.1%}" in issues[0].message
        assert len(caught) == 1


def test_extreme_returns_from_given_returns_frame():
    p = _synthetic_prices()
    r = p.pct_change().iloc[1:]
    r.iloc[5, 0] = -0.7
    issues, _ = _run(p, returns=r)
    assert [(i.symbol, i.kind, i.date) for i in issues] == [("AAA", "extreme_return", r.index[5])]


def test_short_history():
    p = _synthetic_prices()
    p.iloc[:25, 1] = np.nan  # BBB starts later
    windows = [(p.index[0], p.index[20]), (p.index[30], p.index[50])]
    issues, caught = _run(p, windows=windows)
    assert [(i.symbol, i.kind, i.date) for i in issues] == [("BBB", "short_history", p.index[0])]
    assert f"{p.index[25]:%Y-%m-%d}" in issues[0].message and "0 observations" in issues[0].message
    assert len(caught) == 1
    # a window that runs past the end of the data
    late = [(p.index[40], p.index[-1] + pd.Timedelta(days=30))]
    issues, _ = _run(p, windows=late)
    assert {i.symbol for i in issues} == {"AAA", "BBB"}


def test_short_history_all_nan_asset():
    p = _synthetic_prices()
    p["BBB"] = np.nan
    issues, _ = _run(p, windows=[(p.index[0], p.index[10])])
    assert [(i.symbol, i.kind) for i in issues] == [("BBB", "short_history")]
    assert "no observations" in issues[0].message


def test_zero_volume():
    p = _synthetic_prices()
    vol = pd.DataFrame(1e6, index=p.index, columns=p.columns)
    vol.iloc[10, 0] = 0.0  # isolated zero: flagged
    vol.iloc[:30, 1] = 0.0  # a long stretch (volume not reported yet, like index volume): ignored
    issues, caught = _run(p, volume=vol)
    assert [(i.symbol, i.kind, i.date) for i in issues] == [("AAA", "zero_volume", p.index[10])]
    assert f"{p.index[10]:%Y-%m-%d}" in issues[0].message
    assert len(caught) == 1
    none = vol.copy()
    none[:] = 0.0
    assert _run(p, volume=none)[0] == []


def test_long_format_input_carries_volume():
    p = _synthetic_prices()
    long = p.stack().rename("close").reset_index()
    long.columns = ["date", "symbol", "close"]
    long["volume"] = 1e6
    long.loc[(long["symbol"] == "BBB") & (long["date"] == p.index[7]), "volume"] = 0.0
    issues, _ = _run(long)
    assert [(i.symbol, i.kind, i.date) for i in issues] == [("BBB", "zero_volume", p.index[7])]


def test_every_kind_reported_once_and_warning_points_at_caller():
    p = _synthetic_prices()
    p.iloc[5:11, 0] = 90.0
    p.iloc[40:, 1] *= 1.8
    vol = pd.DataFrame(5.0, index=p.index, columns=p.columns)
    vol.iloc[50, 1] = 0
    with pytest.warns(DataQualityWarning) as record:
        issues = check_quality(p, windows=[(p.index[0] - pd.Timedelta(days=7), p.index[-1])], volume=vol)
    assert sorted({i.kind for i in issues}) == sorted(KINDS)
    assert len(record) == len(issues) == 5  # stale, extreme, 2 x short history, zero volume
    assert all(w.filename == __file__ for w in record)  # stacklevel=2


def test_strict_mode_turns_warning_into_error():
    p = _synthetic_prices()
    p.iloc[5:12, 0] = 90.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        with pytest.raises(DataQualityWarning, match="stale price: AAA"):
            check_quality(p)
        check_quality(_synthetic_prices())  # a clean frame passes in strict mode


def test_bad_arguments():
    with pytest.raises(DataError, match="wide"):
        check_quality(pd.DataFrame({"x": [1.0, 2.0]}))
    with pytest.raises(DataError, match="windows"):
        check_quality(_synthetic_prices(), windows=[("2024-01-02",)])


# ----------------------------------------------------------------- real snapshot
