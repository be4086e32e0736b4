"""The claims registry: completeness against CLAIMS.md, validation, interpretations as rows."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from eventstudy.claims import REASONS, ROLES, validate_registry
from eventstudy.claims.registry import METRICS
from eventstudy.deepseek.claims import evaluate_claims, load_registry, registry_path
from eventstudy.errors import ClaimsError

CLAIMS_MD = [Path("/work/shared/CLAIMS.md"), Path(__file__).resolve().parents[3] / "shared" / "CLAIMS.md"]


def _claims_md_ids() -> list[str]:
    for p in CLAIMS_MD:
        if p.is_file():
            text = p.read_text(encoding="utf-8")
            return re.findall(r"^\|\s*(\d{3}-\d+)\s*\|", text, flags=re.MULTILINE)
    pytest.skip("CLAIMS.md is not available")


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(registry_path().read_text(encoding="utf-8"))


def test_every_claims_md_id_is_in_the_registry() -> None:
    ids = _claims_md_ids()
    assert len(ids) >= 20
    reg = load_registry()
    missing = sorted(set(ids) - set(reg.ids))
    assert not missing, f"claims of CLAIMS.md missing from the registry: {missing}"


def test_not_testable_groups_are_recorded() -> None:
    reg = load_registry()
    nt = [c for c in reg if c.id.startswith("NT-")]
    text = " ".join(c.claim for c in nt)
    for needle in (
        "580 TFLOPS",
        "150 GB/s",
        "2.3 times",
        "6.6 TB/s",
        "1.2 million",
        "27%",
        "$72 billion",
        "75% to 48%",
        "$5 million",
        "2,000 Nvidia",
        "$5.6 million",
        "Stargate",
        "Meta",
        "chatbot revenue",
        "triple computing efficiency",  # the 3x figure
        "15% to 40%",
        "App Store",
        "over $12 billion",  # Blackwell R&D, French 003
        "exceeded $120 billion",  # Blackwell R&D, Arabic 000
    ):
        assert needle in text, needle
    assert all(c.reason and not c.testable and c.reason_code == "not_market_data" for c in nt)
    assert {c.source_file.split(";")[0][:3] for c in nt} == {"000", "001", "002", "003", "004"}
    blackwell = {c.claim_id: c.source_file for c in nt if c.summary_id == "NT-003-9"}
    assert blackwell == {"NT-003-9/fr": "003_a0d70ab5bf434bde.txt", "NT-003-9/ar": "000_7920f6e66eb8ef3e.txt"}


def test_registry_rows_are_well_formed() -> None:
    reg = load_registry()
    assert len({c.claim_id for c in reg}) == len(reg)
    for c in reg:
        assert c.metric in METRICS and c.role in ROLES
        assert c.summary_id == c.id or c.summary_id.startswith(c.id + "/")
        assert c.claim_id == c.summary_id or c.claim_id.startswith(c.summary_id + "/")
        if c.testable and c.role != "context":
            assert c.window is not None and c.tolerance["rule"] != "none"
        if not c.testable:
            assert c.reason and c.reason_code in REASONS
    for sid in reg.summary_ids:  # one primary reading per claim, with its rationale
        prim = [c for c in reg if c.summary_id == sid and c.primary]
        assert len(prim) == 1, sid
        assert len(prim[0].rationale) > 20, sid


def test_new_and_revised_claims() -> None:
    reg = load_registry()
    c7 = reg.primary("001-7")  # headline line inside 001
    assert c7.claimed == 100000.0 and c7.params["field"] == "low" and c7.source_file.startswith("001_")
    c46 = reg.primary("004-6")  # "as of that morning", the article's (about 2025-01-31)
    assert "2025-01-31" in c46.claim and str(c46.window[0].date()) == "2025-01-30"
    assert (
        "7.8 million" in reg.primary("003-4").reason
        and reg.primary("003-4").reason_code == "translation_slip"
    )
    assert not any(c.claimed == 7800000.0 for c in reg)  # the slip is noted, not tested as a claim
    assert reg.primary("003-5").confounders and "2025-02-26" in reg.primary("003-5").confounders[0]


#: Claims with named readings: claim -> (primary label, number of rows).
READINGS = {
    "001-1/NVDA": ("pre-market", 4),
    "001-1/TSM": ("pre-market", 5),
    "004-4": ("Mon-Fri week", 3),
    "003-1/ret": ("Mon-Fri week", 4),
    "003-1/mv": ("Mon-Fri week", 4),
    "003-2": ("Mon-Fri week", 4),
    "003-3": ("Mon-Fri week", 4),
    "003-4": ("$78,000, intraday low", 2),
    "001-5/level": ("intraday low (UTC day)", 2),
    "001-5/24h": ("rolling 24 h", 3),
    "001-6/24h": ("rolling 24 h", 2),
    "001-3": ("futures", 2),
    "003-5": ("abnormal vs the market", 3),
}


@pytest.mark.parametrize(("sid", "expected"), READINGS.items())
def test_ambiguous_claims_have_named_readings(sid: str, expected: tuple[str, int]) -> None:
    rows = [c for c in load_registry() if c.summary_id == sid]
    label, n = expected
    assert len(rows) == n
    assert len({(c.asset, c.metric, c.interpretation, c.window) for c in rows}) == n  # all distinct and named
    assert [c.interpretation for c in rows if c.primary] == [label]


def test_windows_the_text_never_mentions_are_never_primary() -> None:
    for c in load_registry():
        if c.window is not None and str(c.window[0].date()) in ("2025-02-20", "2025-01-07"):
            assert c.role == "sensitivity", c.claim_id  # from the 02-19 or the 01-06 record close


def _mutate(raw: dict, fn: Callable[[dict], None]) -> dict:
    data = copy.deepcopy(raw)
    fn(data)
    return data


@pytest.mark.parametrize(
    ("fn", "match"),
    [
        (lambda d: d["claims"].append(copy.deepcopy(d["claims"][0])), "twice"),
        (lambda d: d["claims"][0].update(metric="vibes"), "unknown metric"),
        (lambda d: d["claims"][0].update(window=None), "needs a window"),
        (lambda d: d["claims"][0].update(window=["2025-01-28", "2025-01-27"]), "reversed"),
        (lambda d: d["claims"][0].update(claimed="a lot"), "numeric claimed"),
        (lambda d: d["claims"][0].update(source_file="article.txt"), "source_file"),
        (lambda d: d["claims"][0].update(id="2-1"), "id"),
        (lambda d: d["claims"][0].update(tolerance={"rule": "abs_diff"}), "needs parameter"),
        (lambda d: d["claims"][3].update(reason=None), "needs a reason"),
        (lambda d: d["claims"][3].update(reason_code=None), "needs a reason_code"),
        (lambda d: d["claims"][3].update(reason_code="vibes"), "reason_code"),
        (lambda d: d["claims"][0].pop("unit"), "missing keys"),
        (lambda d: d.pop("shares_outstanding"), "shares_outstanding"),
        (lambda d: d["claims"][2].update(role="primary", rationale="a second basis"), "exactly one primary"),
        (lambda d: d["claims"][1].update(role="sensitivity"), "exactly one primary"),
        (lambda d: d["claims"][0].update(rationale=""), "rationale"),
        (lambda d: d["claims"][0].update(role="basis"), "role"),
        (lambda d: d["claims"][0].update(summary_id="003-1"), "summary_id"),
        (lambda d: d["claims"][0].update(event="tuesday"), "event"),
        (lambda d: d["claims"][0].update(confounders=["earnings"]), "confounders"),
    ],
)
def test_validation_errors(raw: dict, fn: Callable[[dict], None], match: str) -> None:
    with pytest.raises(ClaimsError, match=match):
        validate_registry(_mutate(raw, fn))


def test_load_registry_errors(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="cannot read"):
        load_registry(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ClaimsError, match="not valid JSON"):
        load_registry(bad)


# ------------------------------------------------------------------ engine on a hand-made snapshot

DAILY = """date,symbol,open,high,low,close,volume,source
2025-01-23,XYZ,150,151,149,150,1,test
2025-01-24,XYZ,150,151,139,140,1,test
2025-01-27,XYZ,125,128,116,119,1,test
2025-01-28,XYZ,120,130,118,129,1,test
2025-01-24,CLO,,,,50,1,test
2025-01-27,CLO,,,,45,1,test
"""


def _claim(cid: str, metric: str, claimed: object, window: list[str], tol: dict, **kw: object) -> dict:
    base = {
        "claim_id": cid,
        "id": cid.split("/")[0],
        "summary_id": cid,
        "role": "primary",
        "rationale": "the reading the test fixes",
        "source_file": "002_9d75bff426171bc6.txt",
        "claim": "test claim",
        "asset": "XYZ",
        "metric": metric,
        "interpretation": cid.split("/")[-1],
        "interpretation_text": f"interpretation {cid}",
        "window": window,
        "claimed": claimed,
        "unit": "percent",
        "tolerance": tol,
        "reason": None,
        "params": {},
    }
    base.update(kw)
    return base


def test_engine_reports_every_interpretation_on_hand_made_data(
    raw: dict, write_csv: Callable[..., Path]
) -> None:
    path = write_csv(DAILY)
    ret = {"rule": "abs_diff", "confirmed": 0.5, "close": 2.0}
    reg = {
        "units": raw["units"],
        "evidence": raw["evidence"],
        "shares_outstanding": {"XYZ": [{"as_of": "2024-11-15", "shares_bn": 2.0, "source": "test filing"}]},
        "claims": [
            _claim("900-1/a", "close_return", -15.0, ["2025-01-27", "2025-01-27"], ret),
            _claim("900-1/b", "close_return", -15.0, ["2025-01-27", "2025-01-28"], ret),
            _claim("900-1/c", "opening_gap", -15.0, ["2025-01-27", "2025-01-27"], ret),
            _claim(
                "900-2",
                "market_value_change",
                -36.0,
                ["2025-01-27", "2025-01-27"],
                {"rule": "rel_diff", "confirmed": 0.05, "close": 0.2},
                unit="USD bn",
            ),
            _claim("900-3", "direction", "down", ["2025-01-27", "2025-01-27"], {"rule": "sign"}, asset="CLO"),
            _claim(
                "900-4/a",
                "window_low",
                46.0,
                ["2025-01-27", "2025-01-27"],
                {"rule": "below", "close": 0.01},
                asset="CLO",
                unit="USD",
                params={"field": "close"},
            ),
            _claim(
                "900-4/b",
                "window_low",
                46.0,
                ["2025-01-27", "2025-01-27"],
                {"rule": "below", "close": 0.01},
                asset="CLO",
                unit="USD",
                params={"field": "low"},
            ),
            _claim(
                "900-4/c",
                "window_low",
                44.0,
                ["2025-01-27", "2025-01-27"],
                {"rule": "below", "close": 0.01},
                asset="CLO",
                unit="USD",
                params={"field": "close"},
            ),
            _claim(
                "900-4/d",
                "window_low",
                46.0,
                ["2025-01-27", "2025-01-27"],
                {"rule": "below", "close": 0.01},
                asset="CLO",
                unit="USD",
                params={"field": "low", "fallback": "close"},
            ),
            _claim(
                "900-5", "direction", "down", ["2025-01-27", "2025-01-27"], {"rule": "sign"}, asset="NOPE"
            ),
            _claim(
                "900-5/ctx",
                "close_return",
                None,
                ["2025-01-27", "2025-01-27"],
                {"rule": "none"},
                summary_id="900-5",
                role="context",
                rationale="",
            ),
            _claim(
                "900-6",
                "not_testable",
                None,
                None,
                {"rule": "none"},
                reason="no data can say",
                reason_code="not_market_data",
                unit="",
            ),
        ],
    }
    df = evaluate_claims(data_dir=path.parent, registry=reg, with_evidence=False)
    assert df["claim_id"].tolist() == [c["claim_id"] for c in reg["claims"]]  # every row, registry order
    obs = dict(zip(df["claim_id"], df["observed"], strict=True))
    ver = dict(zip(df["claim_id"], df["verdict"], strict=True))
    assert obs["900-1/a"] == pytest.approx(-15.0) and ver["900-1/a"] == "confirmed"
    assert obs["900-1/b"] == pytest.approx(100 * (129 / 140 - 1)) and ver["900-1/b"] == "contradicted"
    # no 5-minute file: the daily open is not silently used either; the row names what is missing
    assert (
        ver["900-1/c"] == "not_testable"
        and "prices_5m.csv" in df.set_index("claim_id").loc["900-1/c", "note"]
    )
    assert obs["900-2"] == pytest.approx(-42.0) and ver["900-2"] == "close"
    assert "2 bn as of 2024-11-15 (test filing)" in df.set_index("claim_id").loc["900-2", "note"]
    assert ver["900-3"] == "confirmed" and obs["900-3"] == pytest.approx(-10.0)
    assert obs["900-4/a"] == 45.0 and ver["900-4/a"] == "confirmed"
    assert ver["900-4/b"] == "not_testable" and "'low'" in df.set_index("claim_id").loc["900-4/b", "note"]
    # a close above the level cannot refute "fell below 44": inconclusive, never contradicted
    assert obs["900-4/c"] == 45.0 and ver["900-4/c"] == "inconclusive"
    assert df.set_index("claim_id").loc["900-4/c", "reason"] == "not_in_data"
    assert ver["900-4/d"] == "confirmed"  # no low: the close 45 < 46 proves the low was below too
    # context: a figure (XYZ 140 -> 119 = -15%), no verdict
    assert ver["900-5/ctx"] == "" and obs["900-5/ctx"] == pytest.approx(-15.0)
    assert (
        ver["900-5"] == "not_testable"
        and "NOPE is not in the snapshot" in df.set_index("claim_id").loc["900-5", "note"]
    )
    assert ver["900-6"] == "not_testable"
