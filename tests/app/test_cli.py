"""The command line: ``eventstudy claims`` and the error path (typed errors -> exit code 2)."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from eventstudy.deepseek.claims import CSV_COLUMNS, SUMMARY_COLUMNS
from eventstudy.deepseek.cli import main


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_claims_command_prints_one_row_per_claim(fmt, capsys):
    assert main(["claims", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        df = pd.read_csv(io.StringIO(out), dtype={"claimed": str, "observed": str})
        assert list(df.columns) == list(SUMMARY_COLUMNS)
        assert df["claim_id"].is_unique and "001-1/NVDA" in set(df["claim_id"])
        row = df.loc[df["claim_id"] == "002-1"].iloc[0]
        assert float(row["observed"]) == pytest.approx(
            (118.42 / 142.62 - 1) * 100, abs=1e-3
        )  # SOURCES.md closes
        assert row["verdict"] == "confirmed"
    elif fmt == "json":
        recs = json.loads(out)
        assert {r["claim_id"] for r in recs} >= {"002-1", "003-4", "001-4"}
        assert not any(r["claim_id"] == "003-4/a" for r in recs)  # readings only with --all-readings
    else:
        rows = [line for line in out.splitlines() if line.startswith("| ")]
        assert rows[0].startswith("| claim | asset | reading")
        assert any(line.startswith("| **002-1** ") and "| confirmed |" in line for line in rows)
        assert sum(line.startswith("| **001-4** ") and "not testable" in line for line in rows) == 1


def test_claims_command_all_readings(capsys):
    assert main(["claims", "--format", "csv", "--all-readings"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(df.columns) == list(CSV_COLUMNS)
    assert {"003-4/a", "003-4/b", "001-1/NVDA/c"} <= set(df["claim_id"])


def test_bad_data_dir_is_a_clean_error(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "claims"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eventstudy: error:")


# ----------------------------------------------------------------- bad paths: `eventstudy: error: ...`, exit 2


@pytest.mark.parametrize("where", ["empty", "file", "dev-null", "under-a-file", "blank"])
@pytest.mark.parametrize("flag", ["--out", "--paper"])
def test_bad_output_directory_is_a_clean_error(tmp_path, capsys, where, flag):
    """Checked before any work: never a traceback, never output written to the current directory."""
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x")
    value = {
        "empty": "",
        "blank": "   ",
        "file": str(a_file),
        "dev-null": "/dev/null",
        "under-a-file": str(a_file / "sub" / "dir"),
    }[where]
    other = ["--paper", str(tmp_path / "p")] if flag == "--out" else ["--out", str(tmp_path / "r")]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["reproduce", flag, value, *other, "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"eventstudy: error: {flag}")
    assert {
        "empty": "is empty",
        "blank": "is empty",
        "file": "exists and is not a directory",
        "dev-null": "'/dev/null' exists and is not a directory",
        "under-a-file": "which is a file, not a directory",
    }[where] in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created


def test_unwritable_output_directory_is_a_clean_error(tmp_path, capsys):
    import os

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # running as root: permissions are not enforced
            pytest.skip("permissions are not enforced for this user")
        assert main(["reproduce", "--out", str(ro / "results"), "--no-paper"]) == 2
        assert "is not writable" in capsys.readouterr().err
    finally:
        ro.chmod(0o700)


def test_argparse_errors_use_the_same_prefix_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["claims", "--format", "xml"])
    assert exc.value.code == 2
    assert re.search(r"^eventstudy claims: error: argument --format", capsys.readouterr().err, re.M)


def test_command_line_reproduce_reexecutes_with_pinned_blas_threads(monkeypatch):
    """A real command line (argv=None) restarts `reproduce` once with one BLAS thread set in the
    environment before numpy loads: OpenBLAS started multi-threaded moves the GARCH estimates in
    the 7th digit even when limited to one thread later (measured: 3.911196617e-02 vs 3.911194305e-02)."""
    import os
    import sys

    from eventstudy.deepseek import cli

    calls = []

    def fake_execve(path, args, env):
        calls.append((path, args, env))
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execve", fake_execve)
    monkeypatch.setattr(sys, "argv", ["eventstudy", "reproduce", "--out", "r", "--no-paper"])
    for k in cli.PINNED_THREADS_ENV:
        monkeypatch.delenv(k, raising=False)
    with pytest.raises(SystemExit):
        cli.main()
    ((path, args, env),) = calls
    assert path == sys.executable
    assert args == [sys.executable, "-m", "eventstudy.deepseek", "reproduce", "--out", "r", "--no-paper"]
    assert all(env[k] == "1" for k in cli.PINNED_THREADS_ENV)
    assert env["PATH"] == os.environ["PATH"]  # the rest of the environment is kept
    # already pinned (the re-executed process): no second restart; in-process calls never restart
    calls.clear()
    for k, v in cli.PINNED_THREADS_ENV.items():
        monkeypatch.setenv(k, v)

    def stop(*args):
        raise SystemExit(5)

    monkeypatch.setattr(cli, "check_output_dir", stop)
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 5 and calls == []


def test_bad_out_from_a_real_command_line(tmp_path):
    """End to end through `python -m eventstudy.deepseek` (and its re-exec): message, exit 2, nothing written."""
    import subprocess
    import sys

    child = subprocess.run(
        [sys.executable, "-m", "eventstudy.deepseek", "reproduce", "--out", "", "--no-paper"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert child.returncode == 2, child.stderr
    assert child.stderr.startswith("eventstudy: error: --out is empty")
    assert list(tmp_path.iterdir()) == []
