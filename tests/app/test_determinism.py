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
    assert {"claims.csv", "claims.md", "claims.tex", "monday_tests.csv", "osw_tests.csv"} <= set(da)
    assert da == db
    ga, gb = _digests(pa / "generated"), _digests(pb / "generated")
    assert "macros.tex" in ga and "claims.tex" in ga and len(ga) >= 10
    assert ga == gb
    fa, fb = _digests(pa / "figures"), _digests(pb / "figures")
    assert len(fa) >= 22 and fa == fb
    out = capsys.readouterr().out
    assert "NVDA      -16.9682" in out  # 118.42 / 142.62 - 1, printed by the foundation step
