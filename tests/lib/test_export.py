"""Exports: the Excel workbook reads back to the study's numbers; the report is one self-contained page
(on a SYNTHETIC study, tests/lib/synthetic.py)."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from synthetic import EVENT, TICKERS, daily_panel

import eventstudy as es
from eventstudy.errors import SpecificationError


@pytest.fixture(scope="module")
def res():
    """SYNTHETIC five-asset study (tests/lib/synthetic.py): the exports only have to carry its numbers."""
    r, m = daily_panel(seed=5, tickers=TICKERS[:5])
    return es.EventStudy(r, market=m, event_date=EVENT, event_window=(-1, 1)).fit()


def test_excel_has_a_sheet_per_table_with_the_numbers(res, tmp_path):
    path = res.to_excel(tmp_path / "study.xlsx", window=(0, 0))
    book = pd.read_excel(path, sheet_name=None, index_col=0)
    assert list(book) == ["parameters", "abnormal_returns", "cars", "car_paths", "tests"]
    ar = book["abnormal_returns"]
    assert ar.loc[0, "S00"] == pytest.approx(res.abnormal_returns.loc[0, "S00"], rel=1e-15)
    assert book["parameters"].loc["S01", "beta"] == pytest.approx(res.params.loc["S01", "beta"], rel=1e-15)
    cars = book["cars"]
    assert cars.loc["S04", "car"] == pytest.approx(res.car((0, 0)).loc["S04"], rel=1e-15)
    assert cars.loc["S04", "bhar"] == pytest.approx(res.bhar((0, 0)).loc["S04"], rel=1e-15)
    tests = book["tests"]
    kp = tests.loc[tests["test"] == "kolari_pynnonen"]
    assert kp["pvalue"].iloc[0] == pytest.approx(res.test("kolari_pynnonen", window=(0, 0)).pvalue, rel=1e-15)
    assert "size_note" in tests.columns


def test_report_is_one_self_contained_html_page(res, tmp_path):
    path = res.report(tmp_path / "study.html", title="S00 & co <2025>")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert (
        text.startswith("<!DOCTYPE html>") and text.count("<html") == 1 and text.rstrip().endswith("</html>")
    )
    assert "S00 &amp; co &lt;2025&gt;" in text  # escaped
    imgs = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", text)
    assert len(imgs) == 2
    assert all(base64.b64decode(b)[:8] == b"\x89PNG\r\n\x1a\n" for b in imgs)
    # nothing loaded from elsewhere: no external src/href
    assert not re.search(r"(src|href)=['\"](?!data:)", text)
    for section in ("Summary", "Parameters", "Abnormal returns", "Cars", "Tests", "Figures"):
        assert f"<h2>{section}</h2>" in text
    assert f"{res.caar((-1, 1)):.6f}" in text


@pytest.mark.parametrize(("method", "name"), [("to_excel", "x.csv"), ("report", "x.pdf")])
def test_wrong_suffix_or_missing_folder_is_a_typed_error(res, tmp_path, method, name):
    with pytest.raises(SpecificationError, match="must end with"):
        getattr(res, method)(tmp_path / name)
    good = "x.xlsx" if method == "to_excel" else "x.html"
    with pytest.raises(SpecificationError, match="does not exist"):
        getattr(res, method)(tmp_path / "nope" / good)
