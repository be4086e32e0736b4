"""The study design (eventstudy.deepseek.design.study_design, results/design.json).

One design per event, read by the paper, the claims engine and the notebooks: the treated
universe by a rule, the benchmarks, the estimation window as dates with its reason, the event
windows and one primary test per hypothesis with the decision rule. These tests check the
design against the calendar and the data by hand, and that the studies use it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eventstudy import calendars
from eventstudy.deepseek import DeepSeekData
from eventstudy.deepseek.design import (
    EVENT_FREE_MARKET,
    NON_EVENT_STOCKS,
    PRIMARY_PORTFOLIO,
    PRIMARY_SINGLE,
    SEMICONDUCTORS,
    select_primary,
    study_design,
    write_design,
)

EVENTS = ("deepseek_monday", "open_source_week")
#: The US-listed semiconductor stocks of the snapshot (SOURCES.md), written out by hand.
RULE_SET = {
    "NVDA", "TSM", "AVGO", "AMD", "MU", "INTC", "ADI", "AMAT", "ARM",
    "ASML", "KLAC", "LRCX", "MCHP", "MRVL", "NXPI", "QCOM", "TXN",
}  # fmt: skip


@pytest.fixture(scope="module")
def data(data_dir: Path) -> DeepSeekData:
    return DeepSeekData(str(data_dir))


@pytest.fixture(scope="module")
def design(data_dir: Path) -> dict:
    return study_design(str(data_dir))


def test_keys_and_json(design: dict, tmp_path: Path, data_dir: Path) -> None:
    for ev in EVENTS:
        d = design[ev]
        for key in (
            "event_date",
            "universe",
            "benchmarks",
            "estimation_window",
            "event_windows",
            "primary_tests",
        ):
            assert key in d, (ev, key)
        assert {"days", "start", "end", "reason", "n"} <= set(d["estimation_window"])
        assert d["estimation_window"]["reason"]
        for spec in d["primary_tests"].values():
            assert {"test", "window", "rule", "reason", "hypothesis", "benchmark"} <= set(spec)
    path = write_design(tmp_path / "design.json", str(data_dir))
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(design))


def test_universe_is_the_rule_set(design: dict) -> None:
    assert set(SEMICONDUCTORS) == RULE_SET
    for ev in EVENTS:
        u = design[ev]["universe"]
        assert set(u["treated"]) == RULE_SET and u["n_treated"] == len(RULE_SET)
        assert set(u["groups"]["original_six"]) | set(u["groups"]["added_by_rule"]) == RULE_SET
        assert {"SAMSUNG", "SKHYNIX", "SNDK"} == set(u["excluded_semiconductors"])
        assert u["survivorship"]


def test_estimation_window_dates_follow_the_calendar(design: dict, data: DeepSeekData) -> None:
    sess = calendars.sessions("XNYS", pd.Timestamp("2024-01-01"), pd.Timestamp("2025-03-31"))
    for ev in EVENTS:
        d = design[ev]
        a, b = d["estimation_window"]["days"]
        p0 = sess.get_loc(pd.Timestamp(d["event_date"]))
        assert d["estimation_window"]["start"] == f"{sess[p0 + a]:%Y-%m-%d}"
        assert d["estimation_window"]["end"] == f"{sess[p0 + b]:%Y-%m-%d}"
        assert d["estimation_window"]["n"] == b - a + 1
        # the longest window every treated stock covers: it starts on the short histories' first return
        first = max(data.returns[s].first_valid_index() for s in d["universe"]["treated"])
        assert sess[p0 + a] == first
    # Monday's window ends 11 sessions before day 0; Open Source Week's before 2025-01-27
    assert design["deepseek_monday"]["estimation_window"]["days"][1] == -11
    assert pd.Timestamp(design["open_source_week"]["estimation_window"]["end"]) < pd.Timestamp("2025-01-27")


def test_event_free_market_is_the_equal_weighted_mean(data: DeepSeekData, design: dict) -> None:
    b = design["deepseek_monday"]["benchmarks"]
    assert b["event_free_market"] == EVENT_FREE_MARKET and b["small_cap"] == "^RUT"
    assert b["market"] == "^GSPC" and b["sector"] == "^SOX"
    assert set(b["event_free_members"]).isdisjoint(RULE_SET | {"MSFT", "GOOG", "AAPL", "META", "AMZN"})
    day = pd.Timestamp("2025-01-27")
    hand = np.mean([data.returns.loc[day, s] for s in NON_EVENT_STOCKS])
    assert data.returns.loc[day, EVENT_FREE_MARKET] == pytest.approx(hand, rel=1e-12)


def test_studies_use_the_design(data: DeepSeekData, design: dict) -> None:
    mon = data.monday()
    assert list(mon.labels) == design["deepseek_monday"]["universe"]["treated"]
    assert (mon.params["n_obs"] == design["deepseek_monday"]["estimation_window"]["n"]).all()
    osw = data.open_source_week()
    assert (osw.params["n_obs"] == design["open_source_week"]["estimation_window"]["n"]).all()
    bm = data.benchmarks()
    assert list(bm["symbol"]) == ["^GSPC", EVENT_FREE_MARKET, "^RUT", "^SOX"]
    assert bm.loc[0, "car"] == pytest.approx(float(mon.abnormal_returns.loc[0, "NVDA"]), rel=1e-12)


def test_primary_tests_are_named_in_the_design(design: dict) -> None:
    for ev in EVENTS:
        tests = {v["test"] for v in design[ev]["primary_tests"].values()}
        assert tests == {PRIMARY_SINGLE, PRIMARY_PORTFOLIO}


def test_selection_rule_picks_the_smallest_mean_distortion() -> None:
    size = pd.DataFrame(
        {
            "test": ["t_prediction_error", "sq", "brown_warner", "corrado_rank", "bmp"] * 2,
            "window": ["(0,0)"] * 5 + ["(0,4)"] * 5,
            # mean |rate - 0.05|: t 0.015, sq 0.02, bw 0.03, corrado 0.02, bmp 0.40
            "rejection_rate": [0.065, 0.06, 0.10, 0.07, 0.45, 0.065, 0.08, 0.04, 0.03, 0.45],
        }
    )
    assert select_primary(size) == {"single": "t_prediction_error", "portfolio": "corrado_rank"}
    size.loc[size["test"] == "brown_warner", "rejection_rate"] = 0.05
    assert select_primary(size)["portfolio"] == "brown_warner"
