"""The command line: ``eventstudy claims`` and the error path (typed errors -> exit code 2)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from eventstudy.deepseek.claims import CSV_COLUMNS
from eventstudy.deepseek.cli import main


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_claims_command_prints_every_row(fmt, capsys):
    assert main(["claims", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        df = pd.read_csv(io.StringIO(out))
        assert list(df.columns[: len(CSV_COLUMNS)]) == list(CSV_COLUMNS)
        row = df.loc[df["claim_id"] == "002-1"].iloc[0]
        assert float(row["observed"]) == pytest.approx(
            (118.42 / 142.62 - 1) * 100, abs=1e-3
        )  # SOURCES.md closes
        assert row["verdict"] == "confirmed"
    elif fmt == "json":
        recs = json.loads(out)
        assert {r["claim_id"] for r in recs} >= {"002-1", "003-4/a", "001-4"}
    else:
        rows = [line for line in out.splitlines() if line.startswith("| ")]
        assert rows[0].startswith("| claim | asset | interpretation")
        assert any(line.startswith("| 002-1 | NVDA |") and "confirmed" in line for line in rows)
        assert sum(line.startswith("| 001-4 ") and "not_testable" in line for line in rows) == 1


def test_bad_data_dir_is_a_clean_error(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "claims"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eventstudy: error:")
