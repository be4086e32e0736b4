"""The built wheel carries the package data and works outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_package_data_and_imports_from_an_install(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("deepseek_eventstudy-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "eventstudy/deepseek/registry.json" in names
    assert "eventstudy/report/eventstudy.mplstyle" in names
    assert not any(n.startswith(("tests/", "paper/", "notebooks/")) for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import eventstudy, pathlib, sys;"
        f"assert pathlib.Path(eventstudy.__file__).is_relative_to(pathlib.Path({str(site)!r}));"
        "from eventstudy.deepseek.claims import load_registry; reg = load_registry(); assert len(reg.claims) > 50;"
        "from eventstudy.report.style import use_style\nwith use_style(): pass"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
