"""Two runs of the reproduction pipeline give byte-identical outputs (fixed seeds, orders, formats)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from eventstudy.cli import main

pytestmark = pytest.mark.slow


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_reproduce_is_byte_identical(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["reproduce", "--out", str(a), "--no-paper"]) == 0
    assert main(["reproduce", "--out", str(b), "--no-paper"]) == 0
    da, db = _digests(a), _digests(b)
    assert "claims.csv" in da and "monday_tests.csv" in da
    assert da == db
    out = capsys.readouterr().out
    assert "NVDA      -16.9682" in out  # 118.42 / 142.62 - 1, printed by the foundation step
