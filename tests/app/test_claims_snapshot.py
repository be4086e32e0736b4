"""The claims engine on the real snapshot: one verdict per claim, every reading shown, evidence rules.

The verdict, reading and reason of every claim are pinned below. Each primary reading was fixed
from the articles' text (the registry's one-line rationale) before any number was computed:
the calendar week Monday-Friday for "this week"/"for the week", the intraday low for "fell below"
and "at one point", close-to-close for "fell X% on Monday", the shares count in force for market
values; pre-market quotes and rolling 24-hour changes are snapshots no daily or regular-session
series holds.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.claims import REASONS, VERDICTS
from eventstudy.deepseek.claims import (
    CSV_COLUMNS,
    SUMMARY_COLUMNS,
    describe_events,
    evaluate_claims,
    load_registry,
    summarise_claims,
)
from eventstudy.deepseek.claims_output import format_claims, write_claims
from eventstudy.deepseek.design import study_design
from eventstudy.errors import ClaimsError

#: claim -> (primary reading, verdict, reason code). Every claim of the registry.
PINNED: dict[str, tuple[str, str, str]] = {
    "002-1": ("close-to-close", "confirmed", ""),
    "002-2": ("close-to-close x shares", "confirmed", ""),
    "002-2/record": ("one-day record over all stocks and dates", "not_testable", "not_in_data"),
    "002-3": ("close-to-close", "confirmed", ""),
    "002-4": ("close-to-close", "confirmed", ""),
    "002-5": ("close-to-close, interval", "confirmed", ""),
    "002-6/GOOG": ("direction, close-to-close", "confirmed", ""),
    "002-6/MSFT": ("direction, close-to-close", "confirmed", ""),
    "002-6/ORCL": ("direction, close-to-close", "not_testable", "not_in_data"),  # ORCL not in the snapshot
    "002-6/TSM": ("direction, close-to-close", "confirmed", ""),
    "002-7": ("market value before the event", "confirmed", ""),
    "002-7/two-years": ("within two years", "not_testable", "not_in_data"),
    "004-1": ("close-to-close x shares", "confirmed", ""),
    "004-2": ("close-to-close x shares", "confirmed", ""),
    "004-3": ("close-to-close x shares", "confirmed", ""),
    "004-4": ("Mon-Fri week", "confirmed", ""),
    "004-5": ("Fri-to-Fri weekly closes", "confirmed", ""),
    "004-6": ("ranking at the last close before that morning", "not_testable", "not_in_data"),
    "001-1/NVDA": ("pre-market", "not_testable", "pre_market_snapshot"),
    "001-1/ARM": ("pre-market", "not_testable", "pre_market_snapshot"),
    "001-1/TSM": ("pre-market", "not_testable", "pre_market_snapshot"),
    "001-1/PG": ("as written (pre-market)", "not_testable", "wrong_entity"),
    "001-2/MU": ("direction, close-to-close", "confirmed", ""),
    "001-2/AMD": ("direction, close-to-close", "confirmed", ""),
    "001-2/INTC": ("direction, close-to-close", "confirmed", ""),
    "001-3": ("futures", "not_testable", "other_instrument"),
    "001-3/record": ("futures record, unstated recent span", "not_testable", "other_instrument"),
    "001-4": ("total US market value, that session", "not_testable", "not_in_data"),
    "001-4/third": ("ratio to the total digital-asset value", "not_testable", "not_in_data"),
    "001-5/level": ("intraday low (UTC day)", "confirmed", ""),
    "001-5/24h": ("rolling 24 h", "not_testable", "rolling_24h"),
    "001-6/level": ("intraday low (UTC day)", "confirmed", ""),
    "001-6/24h": ("rolling 24 h", "not_testable", "rolling_24h"),
    "001-7": ("intraday low (UTC day)", "confirmed", ""),
    "003-1/ret": ("Mon-Fri week", "contradicted", "outside_tolerance"),
    "003-1/mv": ("Mon-Fri week", "contradicted", "outside_tolerance"),
    "003-2": ("Mon-Fri week", "contradicted", "outside_tolerance"),
    "003-3": ("Mon-Fri week", "contradicted", "outside_tolerance"),
    "003-4": ("$78,000, intraday low", "confirmed", "translation_slip"),
    "003-5": ("abnormal vs the market", "inconclusive", "confounded"),
    **{
        cid: ("non-market figure", "not_testable", "not_market_data")
        for cid in (
            "NT-003-1",
            "NT-003-2",
            "NT-003-3",
            "NT-003-4",
            "NT-003-5",
            "NT-003-6",
            "NT-003-7",
            "NT-003-8",
            "NT-001-1",
            "NT-002-1",
            "NT-004-1",
            "NT-004-2",
            "NT-004-3",
            "NT-004-4",
            "NT-003-10",
            "NT-003-11",
            "NT-001-2",
            "NT-002-2",
        )
    },
    "NT-003-9": ("French 003: over $12 billion", "not_testable", "not_market_data"),
}

#: Readings whose series or field the snapshot lacks: not_testable / context, naming what is missing.
MISSING = {
    "002-6/ORCL": "ORCL is not in the snapshot",
    "001-1/ARM/b": "ARM is not in the 5-minute bars",
    "001-1/ARM/c": "ARM is not in the 5-minute bars",
}
_EVIDENCE = ("benchmark", "ar_date", "abnormal_return", "car_window", "car", "p_value", "p_test")


@pytest.fixture(scope="module")
def df(data_dir: Path) -> pd.DataFrame:
    return evaluate_claims(data_dir=data_dir)


@pytest.fixture(scope="module")
def summary(df: pd.DataFrame) -> pd.DataFrame:
    return summarise_claims(df)


def _row(frame: pd.DataFrame, cid: str) -> pd.Series:
    return frame.set_index("claim_id").loc[cid]


def _has_evidence(r: pd.Series) -> bool:
    numeric = ("abnormal_return", "car", "p_value", "ar_gspc", "car_gspc", "p_sq_gspc", "ar_sox", "car_sox")
    return any(isinstance(r.get(k), float) and math.isfinite(r[k]) for k in numeric if k in r) or bool(
        r.get("benchmark")
    )


def test_every_claim_is_pinned_with_its_reading_verdict_and_reason(summary: pd.DataFrame) -> None:
    ids = summary["claim_id"].tolist()
    assert len(ids) == len(set(ids)) == len(PINNED) and set(ids) == set(PINNED)  # one row per claim
    got = {r.claim_id: (r.reading, r.verdict, r.reason) for r in summary.itertuples()}
    assert got == PINNED
    for r in summary.itertuples():  # every verdict but confirmed carries a reason code and a sentence
        if r.verdict != "confirmed":
            assert r.reason in REASONS and r.reason_text, r.claim_id
        assert r.rationale, r.claim_id


def test_headline_counts_claims_not_readings(df: pd.DataFrame, summary: pd.DataFrame) -> None:
    counts = summary["verdict"].value_counts().to_dict()
    assert counts == {"confirmed": 21, "contradicted": 4, "inconclusive": 1, "not_testable": 33}
    assert len(df) > len(summary) == 59
    md = format_claims(df, "md")
    assert "59 claims: 21 confirmed, 0 close, 4 contradicted, 1 inconclusive, 33 not testable." in md
    assert "40 are market claims" in md


def test_readings_frame_and_summary_columns(df: pd.DataFrame, summary: pd.DataFrame) -> None:
    reg = load_registry()
    assert df["claim_id"].tolist() == [c.claim_id for c in reg]
    assert list(df.columns[: len(CSV_COLUMNS)]) == list(CSV_COLUMNS)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert df.loc[df["role"] != "context", "verdict"].isin(VERDICTS).all()
    assert (df.loc[df["role"] == "context", "verdict"] == "").all()  # context rows get no verdict


def test_not_testable_and_context_rows_carry_no_abnormal_return_evidence(
    df: pd.DataFrame, summary: pd.DataFrame
) -> None:
    quiet = df[(df["verdict"] == "not_testable") | (df["role"] == "context")]
    assert len(quiet) > 40
    for _, r in quiet.iterrows():
        assert not _has_evidence(r), r["claim_id"]
    for _, r in summary[summary["verdict"] == "not_testable"].iterrows():
        assert all(r[k] == "" or (isinstance(r[k], float) and math.isnan(r[k])) for k in _EVIDENCE), r[
            "claim_id"
        ]


def test_missing_series_are_named(df: pd.DataFrame) -> None:
    for cid, what in MISSING.items():
        r = _row(df, cid)
        assert r["observed"] is None and what in r["note"], cid


def test_pinned_observations(df: pd.DataFrame) -> None:
    # SOURCES.md closes: NVDA 142.62 (2025-01-24) -> 118.42 (2025-01-27)
    assert _row(df, "002-1")["observed"] == pytest.approx(100 * (118.42 / 142.62 - 1))
    mv = _row(df, "002-2/a")  # the shares count in force on 2025-01-27: the 10-Q's 24.49 bn
    assert mv["observed"] == pytest.approx((118.42 - 142.62) * 24.49)
    assert "24.49 bn as of 2024-11-15" in mv["note"] and "10-Q" in mv["note"]
    assert _row(df, "002-2/b")["observed"] == pytest.approx((118.42 - 142.62) * 24.4)  # sensitivity
    assert "24.4 bn as of 2025-02-21" in _row(df, "003-1/mv/a")["note"]
    assert _row(df, "004-5")["observed"] == "2022-09-02"
    assert _row(df, "001-5/level/a")["observed"] == pytest.approx(97688.7)  # exchange low, UTC 2025-01-27
    assert _row(df, "003-4/a")["observed"] == pytest.approx(78219.0)
    assert "7.8 million" in _row(df, "003-4/a")["reason_text"]


def test_a_close_never_refutes_fell_below(df: pd.DataFrame) -> None:
    for cid in ("001-5/level/b", "001-7/b", "003-4/b"):  # Yahoo close-only BTC: close above the level
        r = _row(df, cid)
        assert r["role"] == "sensitivity" and r["verdict"] == "inconclusive" and r["reason"] == "not_in_data"
    eth = _row(df, "001-6/level/a")  # ETH has closes only: a close below the level confirms
    assert eth["observed"] == pytest.approx(3178.92041) and eth["verdict"] == "confirmed"
    assert "upper bound" in eth["note"]


def test_pre_market_context_supports_the_pre_market_reading(summary: pd.DataFrame, df: pd.DataFrame) -> None:
    best = _row(df, "001-1/NVDA/c")  # nearest regular-session point to the claimed -5.3%
    assert best["observed"] == pytest.approx(-9.970551, abs=1e-5) and best["role"] == "context"
    assert "never traded in the regular session" in best["note"]
    ctx = _row(summary, "001-1/NVDA")["context"]
    assert "-9.97%" in ctx and "-12.49%" in ctx and "-16.97%" in ctx
    assert "^NDX" in _row(summary, "001-3")["context"]  # the cash index is context, not the verdict


def test_sensitivity_windows_never_decide(df: pd.DataFrame, summary: pd.DataFrame) -> None:
    # Mon-Thu and the 02-19 record spans confirm NVDA's -10.2%, the calendar week does not
    assert (
        _row(df, "003-1/ret/b")["verdict"] == "confirmed"
        and _row(df, "003-1/ret/c")["verdict"] == "confirmed"
    )
    assert _row(summary, "003-1/ret")["verdict"] == "contradicted"
    assert "-10.62%, confirmed" in _row(summary, "003-1/ret")["sensitivity"]


def test_evidence_uses_the_paper_design(df: pd.DataFrame, summary: pd.DataFrame, data_dir: Path) -> None:
    design = study_design(str(data_dir))
    mon, osw = (
        tuple(design[k]["estimation_window"]["days"]) for k in ("deepseek_monday", "open_source_week")
    )
    nv = _row(summary, "002-1")
    assert nv["estimation_window"].startswith(str(mon)) and nv["ar_date"] == "2025-01-27"
    assert nv["abnormal_return"] < -10 and nv["car"] == pytest.approx(nv["abnormal_return"])
    assert (
        _row(summary, "004-2")["ar_date"] == "2025-01-28"
        and "(days 1..1)" in _row(summary, "004-2")["car_window"]
    )
    wk = _row(summary, "003-1/ret")
    assert wk["estimation_window"].startswith(str(osw)) and "(days 0..4)" in wk["car_window"]
    # the same week's CAR as the paper's Open Source Week study
    from eventstudy.deepseek.design import DeepSeekData

    paper = DeepSeekData(str(data_dir)).open_source_week().car((0, 4))["NVDA"] * 100
    assert wk["car"] == pytest.approx(paper, abs=1e-9)
    assert "benchmark itself" in _row(df, "002-4")["evidence_note"]
    assert not _has_evidence(_row(df, "004-4/b"))  # 2025-01-07 start: outside the event window


def test_attribution_is_inconclusive_with_its_evidence_and_the_sox_row_shows_sox(
    df: pd.DataFrame, summary: pd.DataFrame
) -> None:
    c = _row(summary, "003-5")
    assert c["benchmark"] == "^GSPC" and "one-sided (down)" in c["p_test"] and math.isfinite(c["p_value"])
    assert c["observed"] == pytest.approx(c["car"]) and "2025-02-26" in c["reason_text"]
    sox = _row(df, "003-5/NVDA-SOX")
    assert sox["benchmark"] == "^SOX" and sox["car"] == pytest.approx(sox["car_sox"])
    assert sox["p_value"] != pytest.approx(_row(df, "003-5/NVDA-GSPC")["p_value"])


def test_event_sentences_follow_the_numbers(df: pd.DataFrame) -> None:
    s = describe_events(df.attrs["events"])
    assert "Nvidia-specific shock" in s["deepseek_monday"] and "2025-01-27" in s["deepseek_monday"]
    assert "moving with its sector" in s["open_source_week"]
    # the wording is generated: flip the sector evidence and the Monday sentence changes
    flipped = [
        dict(f, p_sq=0.9) if f["benchmark"] == "^SOX" and f["asset"] == "NVDA" else f
        for f in df.attrs["events"]
    ]
    assert "Nvidia-specific" not in describe_events(flipped)["deepseek_monday"]


def test_outputs_are_deterministic(df: pd.DataFrame, data_dir: Path, tmp_path: Path) -> None:
    a = write_claims(df, tmp_path / "a")
    b = write_claims(evaluate_claims(data_dir=data_dir), tmp_path / "b")
    assert sorted(a) == ["claims.csv", "claims.md", "claims.tex", "claims_evidence.csv", "claims_summary.csv"]
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes(), name
    csv = pd.read_csv(a["claims.csv"], dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(CSV_COLUMNS) and csv.loc[0, "observed"] == "-16.9682"
    summ = pd.read_csv(a["claims_summary.csv"], dtype=str, keep_default_na=False)
    assert list(summ.columns) == list(SUMMARY_COLUMNS) and len(summ) == len(PINNED)
    assert summ.set_index("claim_id").loc["001-1/NVDA", "abnormal_return"] == ""
    tex = a["claims.tex"].read_text(encoding="utf-8")
    assert "\\toprule" in tex and tex.count("\\\\\n") >= len(PINNED)
    md = a["claims.md"].read_text(encoding="utf-8")
    assert "## What the abnormal returns show" in md and "## Sensitivity and context rows" in md


def test_format_claims(df: pd.DataFrame) -> None:
    recs = json.loads(format_claims(df, "json"))
    assert len(recs) == len(PINNED) and recs[0]["claim_id"] == "002-1" and recs[0]["verdict"] == "confirmed"
    every = json.loads(format_claims(df, "json", all_readings=True))
    assert len(every) == len(df) and {"003-1/ret/b", "001-1/NVDA/c"} <= {r["claim_id"] for r in every}
    assert format_claims(df, "csv").splitlines()[0] == ",".join(SUMMARY_COLUMNS)
    assert format_claims(df, "csv", all_readings=True).splitlines()[0] == ",".join(CSV_COLUMNS)
    with pytest.raises(ClaimsError):
        format_claims(df, "xlsx")
