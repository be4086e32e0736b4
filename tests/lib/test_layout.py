"""The library's tests run on data they make: none of them takes the real snapshot's ``data_dir`` fixture,
and none calls a loader that would fall back on ``$EVENTSTUDY_DATA`` (which the test session points at the
private snapshot) without an explicit ``data_dir=`` of its own (tests on the private snapshot live in tests/app).
"""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent

# loader -> position of its data_dir argument (every one of them falls back on $EVENTSTUDY_DATA)
SNAPSHOT_READERS = {"load_prices": 5, "load_long": 4, "load_bars": 4, "load_riskfree": 0, "split_returns": 2}
# reads riskfree_daily.csv when its riskfree argument is a column name: (riskfree position, data_dir position)
RATE_READERS = {"daily_riskfree": (0, 3), "excess_returns": (2, 3)}
# The loaders' own test, exempt: its Yahoo cases pass source="yahoo" through **kw, which the check
# cannot read. It (and test_integrity.py, test_malformed.py, which the check reads) passes with
# $EVENTSTUDY_DATA at an empty folder: it writes tiny CSVs (write_csv) and passes data_dir=.
LOADER_TESTS = frozenset({"test_data_loaders.py"})


def _fixture_users(path: Path, fixture: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and fixture in [a.arg for a in n.args.args]
    ]


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _arg(call: ast.Call, keyword: str, position: int) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _is_str(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _sets_data_env(fn: ast.AST) -> bool:
    """``monkeypatch.setenv("EVENTSTUDY_DATA", <a folder the test made>)`` inside ``fn``."""
    return any(
        isinstance(c, ast.Call)
        and _name(c) == "setenv"
        and c.args
        and isinstance(c.args[0], ast.Constant)
        and c.args[0].value == "EVENTSTUDY_DATA"
        for c in ast.walk(fn)
    )


def _reads_implicitly(call: ast.Call) -> bool:
    """Would ``call`` read the data folder that $EVENTSTUDY_DATA names?"""
    name = _name(call)
    if name in SNAPSHOT_READERS:
        if _arg(call, "data_dir", SNAPSHOT_READERS[name]) is not None:
            return False
        source = (
            _arg(call, "source", 4 if name == "load_prices" else 3)
            if name in ("load_prices", "load_long")
            else None
        )
        if _is_str(source) and source.value != "snapshot":  # Yahoo or a user CSV path
            return False
        first = call.args[0] if call.args else None
        # load_prices(None) / load_prices(5): an argument error raised before any file is opened
        return not (
            isinstance(first, ast.Constant) and not isinstance(first.value, str) and name != "load_riskfree"
        )
    if name in RATE_READERS:
        pos_rf, pos_dir = RATE_READERS[name]
        rf = _arg(call, "riskfree", pos_rf)
        reads = _is_str(rf) or (rf is None and name == "daily_riskfree")  # default "dgs1mo_pct"
        return reads and _arg(call, "data_dir", pos_dir) is None
    # EventStudy(..., riskfree="dgs1mo_pct") has no data_dir=: it reads $EVENTSTUDY_DATA
    return any(kw.arg == "riskfree" and _is_str(kw.value) for kw in call.keywords)


def _implicit_snapshot_reads(path: Path) -> list[str]:
    """``line N: name`` of every call in ``path`` that reads the data folder without choosing it."""
    found: list[str] = []

    def visit(node: ast.AST, env_set: bool) -> None:
        for child in ast.iter_child_nodes(node):
            ok = env_set
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                ok = env_set or _sets_data_env(child)
            if isinstance(child, ast.Call) and not ok and _reads_implicitly(child):
                found.append(f"line {child.lineno}: {_name(child)}")
            visit(child, ok)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_no_library_test_reads_the_private_snapshot_fixture() -> None:
    users = {p.name: _fixture_users(p, "data_dir") for p in sorted(HERE.glob("test_*.py"))}
    assert {k: v for k, v in users.items() if v} == {}


def test_no_library_test_loads_data_without_its_own_data_dir() -> None:
    reads = {
        p.name: _implicit_snapshot_reads(p)
        for p in sorted(HERE.glob("test_*.py"))
        if p.name not in LOADER_TESTS
    }
    assert {k: v for k, v in reads.items() if v} == {}


def test_the_check_can_fail(tmp_path: Path) -> None:
    f = tmp_path / "test_x.py"
    f.write_text("def test_a(data_dir):\n    pass\n\ndef test_b(tmp_path):\n    pass\n")
    assert _fixture_users(f, "data_dir") == ["test_a"]


def test_the_loader_check_can_fail(tmp_path: Path) -> None:
    f = tmp_path / "test_y.py"
    f.write_text(
        "import eventstudy as es\n"
        "from eventstudy.thin_trading import daily_riskfree\n"
        "P = es.load_prices(['NVDA'])\n"  # 3: flagged
        "def test_a(tmp_path, monkeypatch, user):\n"
        "    es.load_prices(['AAA'], data_dir=tmp_path)\n"
        "    es.load_bars('AAA', None, None, None, tmp_path)\n"
        "    es.load_riskfree(tmp_path)\n"
        "    es.load_long(['AAA'], source='x.csv')\n"
        "    es.load_prices(None)\n"
        "    daily_riskfree(user, None)\n"
        "    daily_riskfree('dgs1mo_pct', None, 252, tmp_path)\n"
        "    es.intraday.split_returns('NVDA', '2025-01-27')\n"  # 12: flagged
        "    es.load_riskfree()\n"  # 13: flagged
        "    daily_riskfree()\n"  # 14: flagged
        "    es.EventStudy(r, riskfree='dgs1mo_pct')\n"  # 15: flagged
        "def test_b(monkeypatch, tmp_path):\n"
        "    monkeypatch.setenv('EVENTSTUDY_DATA', str(tmp_path))\n"
        "    es.EventStudy(r, riskfree='dgs1mo_pct')\n"
        "    es.load_prices(['AAA'])\n"
    )
    assert _implicit_snapshot_reads(f) == [
        "line 3: load_prices",
        "line 12: split_returns",
        "line 13: load_riskfree",
        "line 14: daily_riskfree",
        "line 15: EventStudy",
    ]
