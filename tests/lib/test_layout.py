"""The library's tests run on data they make: none of them takes the real snapshot's ``data_dir`` fixture
(tests on the private snapshot live in tests/app)."""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent


def _fixture_users(path: Path, fixture: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and fixture in [a.arg for a in n.args.args]
    ]


def test_no_library_test_reads_the_private_snapshot_fixture() -> None:
    users = {p.name: _fixture_users(p, "data_dir") for p in sorted(HERE.glob("test_*.py"))}
    assert {k: v for k, v in users.items() if v} == {}


def test_the_check_can_fail(tmp_path: Path) -> None:
    f = tmp_path / "test_x.py"
    f.write_text("def test_a(data_dir):\n    pass\n\ndef test_b(tmp_path):\n    pass\n")
    assert _fixture_users(f, "data_dir") == ["test_a"]
