"""Shared fixtures: the real data snapshot and a small CSV writer for bad-input tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from eventstudy.data import data_dir as _find_data_dir
from eventstudy.data import sha256_file


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
