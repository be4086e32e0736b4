"""Two runs of the reproduction pipeline give byte-identical outputs (fixed seeds, orders, formats).

Covers ``results/`` (claims table included) and the paper's generated inputs: macros,
tables and figures.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from eventstudy.deepseek.cli import main

pytestmark = pytest.mark.slow

PAPER = Path(__file__).resolve().parents[2] / "paper"


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _paper_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("paper.tex", "references.bib"):
        shutil.copy(PAPER / name, dest / name)
    return dest


def test_reproduce_is_byte_identical(tmp_path, capsys):
    runs = []
    for k in ("a", "b"):
        paper = _paper_copy(tmp_path / k / "paper")
        out = tmp_path / k / "results"
        assert main(["reproduce", "--out", str(out), "--paper", str(paper), "--no-pdf"]) == 0
        runs.append((out, paper))
    (ra, pa), (rb, pb) = runs
    da, db = _digests(ra), _digests(rb)
    assert {
        "claims.csv",
        "claims.md",
        "claims.tex",
        "monday_tests.csv",
        "osw_tests.csv",
        "design.json",
        "size.csv",
    } <= set(da)
    assert da == db
    ga, gb = _digests(pa / "generated"), _digests(pb / "generated")
    assert "macros.tex" in ga and "claims.tex" in ga and len(ga) >= 10
    assert ga == gb
    fa, fb = _digests(pa / "figures"), _digests(pb / "figures")
    assert len(fa) >= 12 and fa == fb
    _design_is_the_source(ra, pa)
    out = capsys.readouterr().out
    assert "NVDA      -16.9682" in out  # 118.42 / 142.62 - 1, printed by the foundation step


def _design_is_the_source(results: Path, paper: Path) -> None:
    """The paper's macros and the claims evidence take windows, universe and benchmarks from design.json."""
    import json

    import pandas as pd

    from eventstudy.report.latex import read_macros

    design = json.loads((results / "design.json").read_text(encoding="utf-8"))
    macros = read_macros(paper / "generated" / "macros.tex")
    for key, ev in (("Mon", "deepseek_monday"), ("Osw", "open_source_week")):
        est = design[ev]["estimation_window"]
        a, b = est["days"]
        assert macros[f"{key}EstWindow"] == f"$({a},{b})$"
        assert macros[f"{key}EstStart"] == est["start"] and macros[f"{key}EstEnd"] == est["end"]
        assert macros[f"{key}EstN"] == str(est["n"])
        # every primary test carries its size from the placebo experiment
        assert all("size" in spec for spec in design[ev]["primary_tests"].values())
    u = design["deepseek_monday"]["universe"]
    assert macros["NumTreated"] == str(u["n_treated"])
    assert macros["TreatedList"] == ", ".join(u["treated"])
    assert macros["EventFreeList"] == ", ".join(design["deepseek_monday"]["benchmarks"]["event_free_members"])
    # the claims engine's event-study evidence: stock claims use the design's estimation window
    ev = pd.read_csv(results / "claims_evidence.csv", dtype=str)
    ev = ev[ev["estimation_window"].notna() & ev["asset"].isin(u["treated"])]
    assert len(ev)
    allowed = {
        f"({d['estimation_window']['days'][0]}, {d['estimation_window']['days'][1]})"
        for d in (design["deepseek_monday"], design["open_source_week"])
    }
    assert {w.split(" = ")[0] for w in ev["estimation_window"]} <= allowed
