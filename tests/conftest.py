"""Shared fixtures: the real data snapshot and a small CSV writer for bad-input tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from eventstudy.data import data_dir as _find_data_dir
from eventstudy.data import sha256_file


def _shared_snapshot() -> Path | None:
    """The snapshot next to the repository (``../shared/data``), where this project keeps it."""
    for d in (Path(__file__).resolve().parents[1], *Path(__file__).resolve().parents[2:]):
        cand = d.parent / "shared" / "data"
        if (cand / "prices_daily.csv").is_file():
            return cand
    return None


# The library knows no data location (data_dir= or $EVENTSTUDY_DATA); the test session points
# it at the project's snapshot unless the caller chose another one. Notebook kernels inherit it.
if not os.environ.get("EVENTSTUDY_DATA") and _shared_snapshot() is not None:
    os.environ["EVENTSTUDY_DATA"] = str(_shared_snapshot())


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Directory of the real, read-only snapshot (``prices_daily.csv`` etc.)."""
    return _find_data_dir()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` to ``tmp_path/name`` and (by default) record its sha256 in a SOURCES.md.

    Returns the file's path; ``tmp_path`` then works as ``data_dir=``.
    """

    def _write(text: str, name: str = "prices_daily.csv", manifest: bool = True) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        if manifest:
            src = tmp_path / "SOURCES.md"
            lines = src.read_text(encoding="utf-8").splitlines() if src.exists() else ["# test data"]
            lines = [ln for ln in lines if f"`{name}`" not in ln]
            lines.append(f"sha256 of `{name}`: `{sha256_file(path)}`")
            src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return _write
