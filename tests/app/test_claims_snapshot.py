"""The claims engine on the real snapshot: observed figures, verdicts, evidence, outputs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from eventstudy.deepseek.claims import CSV_COLUMNS, evaluate_claims, load_registry
from eventstudy.deepseek.claims_output import format_claims, write_claims
from eventstudy.errors import ClaimsError

#: Testable readings whose series or field the snapshot lacks: not_testable, naming what is missing.
MISSING = {
    "002-6/ORCL": "ORCL is not in the snapshot",
    "002-6/2330.TW": "2330.TW is not in the snapshot",
    "001-1/ARM/b": "ARM is not in the 5-minute bars",
    "001-1/ARM/c": "ARM is not in the 5-minute bars",
    "001-6/level/a": "ETH-USD has no 'low'",
}


@pytest.fixture(scope="module")
def df(data_dir: Path) -> pd.DataFrame:
    return evaluate_claims(data_dir=data_dir)


def _row(df: pd.DataFrame, cid: str) -> pd.Series:
    return df.set_index("claim_id").loc[cid]


def test_one_row_per_registry_row_in_order(df: pd.DataFrame) -> None:
    reg = load_registry()
    assert df["claim_id"].tolist() == [c.claim_id for c in reg]
    assert df["verdict"].isin(["confirmed", "close", "contradicted", "not_testable"]).all()
    assert list(df.columns[: len(CSV_COLUMNS)]) == list(CSV_COLUMNS)


def test_every_testable_claim_gets_a_finite_observation(df: pd.DataFrame) -> None:
    reg = {c.claim_id: c for c in load_registry()}
    for _, row in df.iterrows():
        c = reg[row["claim_id"]]
        if not c.testable:
            assert row["verdict"] == "not_testable" and row["note"]
            continue
        if row["claim_id"] in MISSING:
            assert row["verdict"] == "not_testable"
            assert MISSING[row["claim_id"]] in row["note"], row["note"]
            continue
        obs = row["observed"]
        assert obs is not None, row["claim_id"]
        if isinstance(obs, float):
            assert math.isfinite(obs), row["claim_id"]
        assert row["verdict"] != "not_testable", row["claim_id"]


def test_pinned_observations(df: pd.DataFrame) -> None:
    assert _row(df, "002-1")["observed"] == pytest.approx(100 * (118.42 / 142.62 - 1))
    assert _row(df, "002-1")["verdict"] == "confirmed"
    mv = _row(df, "002-2/a")
    assert mv["observed"] == pytest.approx((118.42 - 142.62) * 24.49)
    assert "24.49 bn as of 2024-11-15" in mv["note"] and "10-Q" in mv["note"]
    wk = _row(df, "003-1/mv/a")
    assert "24.4 bn as of 2025-02-21" in wk["note"] and "10-K" in wk["note"]
    assert _row(df, "002-5")["observed"] == pytest.approx(100 * (44713.578125 / 44424.25 - 1))
    assert _row(df, "004-5")["observed"] == "2022-09-02" and _row(df, "004-5")["verdict"] == "confirmed"
    assert _row(df, "001-1/NVDA/b")["observed"] == pytest.approx(100 * (124.80 / 142.62 - 1))
    assert _row(df, "003-4/a")["observed"] == pytest.approx(78219.0)
    assert _row(df, "003-4/c")["verdict"] == "contradicted"  # the French "7.8 million dollars"
    assert "close-based" in _row(df, "001-5/level/b")["note"]
    assert _row(df, "001-1/PG/b")["note"].startswith("PG is not in the 5-minute file: daily bar")


def test_every_interpretation_of_ambiguous_claims_is_reported(df: pd.DataFrame) -> None:
    rows = df[df["claim_id"].str.startswith("003-2/")]
    assert rows["claim_id"].tolist() == ["003-2/a", "003-2/b", "003-2/c", "003-2/d"]
    assert rows["observed"].map(lambda x: isinstance(x, float)).all()
    assert rows["verdict"].nunique() > 1  # the spans disagree, and all of them are shown


def test_evidence_beside_price_claims(df: pd.DataFrame) -> None:
    nv = _row(df, "002-1")
    assert (
        nv["abnormal_return"] < -5
        and nv["p_value"] < 0.01
        and nv["car"] == pytest.approx(nv["abnormal_return"])
    )
    assert math.isfinite(nv["car_sox"]) and math.isfinite(nv["p_sq_gspc"]) and nv["n_est"] == 250
    assert math.isnan(_row(df, "002-6/GOOG")["car_sox"])  # not a chip stock
    assert "benchmark itself" in _row(df, "002-4")["evidence_note"]
    short = _row(df, "003-3/a")  # ^NDX starts 2024-08-22: shorter, documented window
    assert 60 <= short["n_est"] < 250 and "short history" in short["evidence_note"]
    osw = _row(df, "003-1/ret/a")  # Event 2 estimation ends before the 2025-01-27 shock
    assert osw["estimation_window"].endswith("2025-01-08")


def test_outputs_are_deterministic(df: pd.DataFrame, data_dir: Path, tmp_path: Path) -> None:
    a = write_claims(df, tmp_path / "a")
    b = write_claims(evaluate_claims(data_dir=data_dir), tmp_path / "b")
    assert sorted(a) == ["claims.csv", "claims.md", "claims.tex", "claims_evidence.csv"]
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes(), name
    csv = pd.read_csv(a["claims.csv"], dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(CSV_COLUMNS)
    assert csv.loc[0, "observed"] == "-16.9682"
    ev = pd.read_csv(a["claims_evidence.csv"])
    assert {"car_gspc", "car_sox", "p_t_gspc", "p_sq_gspc", "p_sq_sox"} <= set(ev.columns)
    tex = a["claims.tex"].read_text(encoding="utf-8")
    assert "\\toprule" in tex and "\\textasciicircum{}GSPC" in tex and "^GSPC" not in tex
    md = a["claims.md"].read_text(encoding="utf-8")
    assert "Tolerance: confirmed if |observed - claimed| <= 0.5 pp" in md


def test_format_claims(df: pd.DataFrame) -> None:
    recs = json.loads(format_claims(df, "json"))
    assert len(recs) == len(df) and recs[0]["claim_id"] == "002-1" and "tolerance" in recs[0]
    assert format_claims(df, "csv").splitlines()[0] == ",".join(CSV_COLUMNS)
    assert format_claims(df, "md").startswith("# ")
    with pytest.raises(ClaimsError):
        format_claims(df, "xlsx")
