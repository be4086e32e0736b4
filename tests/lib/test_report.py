"""Tests of eventstudy.report and eventstudy.formatting: style, figures, LaTeX helpers (the paper's
build helpers and spec are application tests: tests/app/test_paper_compile_spec.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from eventstudy.errors import DataError, EventOutOfRangeError
from eventstudy.report import figures, latex, style

# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def prices() -> pd.DataFrame:
    """Two stocks on business days and a crypto series on every day, with hand-chosen closes."""
    days = pd.date_range("2025-01-17", "2025-01-31", freq="D", name="date")
    bdays = days[days.day_of_week < 5]
    nvda = pd.Series(np.linspace(140.0, 150.0, len(bdays)), index=bdays)
    nvda.loc["2025-01-24"] = 142.62
    nvda.loc["2025-01-27"] = 118.42
    spx = pd.Series(np.linspace(6000.0, 6100.0, len(bdays)), index=bdays)
    btc = pd.Series(np.linspace(100000.0, 101000.0, len(days)), index=days)
    btc.loc["2025-01-26"] = 105000.0
    return pd.DataFrame({"NVDA": nvda, "^GSPC": spx, "BTC-USD": btc})


def _data_lines(fig: Figure, prefix: str) -> list:
    return [ln for ax in fig.axes for ln in ax.get_lines() if str(ln.get_gid()).startswith(prefix)]


# --------------------------------------------------------------------------- style


def test_style_sheet_is_package_data_and_applies_and_restores() -> None:
    assert style.STYLE_PATH.is_file()
    before = dict(mpl.rcParams)
    with style.use_style():
        assert mpl.rcParams["svg.hashsalt"] == "eventstudy"
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["pdf.fonttype"] == 42
    assert mpl.rcParams["axes.spines.top"] == before["axes.spines.top"]
    assert mpl.rcParams["svg.hashsalt"] == before["svg.hashsalt"]


@pytest.fixture
def groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """An application's asset groups (the library knows only crypto and ^indices)."""
    monkeypatch.setattr(style, "ASSET_GROUPS", {})
    style.register_groups({"NVDA": "chips", "TSM": "chips", "AMD": "chips", "MSFT": "mega_cap_tech"})


def test_group_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(style, "ASSET_GROUPS", {})
    assert style.group_of("NVDA") == "other"  # the library knows no application's tickers
    assert style.group_of("^GSPC") == "indices"
    assert style.group_of("BTC-USD@exchange") == "crypto" and style.group_of("SOL-EUR") == "crypto"
    style.register_groups({"NVDA": "chips", "MSFT": "mega_cap_tech"})
    assert style.group_of("NVDA") == "chips"
    assert style.group_of("NVDA@yahoo") == "chips"
    assert style.group_of("MSFT") == "mega_cap_tech"
    assert style.group_of("XYZ") == "other"
    assert style.group_of("XYZ", {"XYZ": "chips"}) == "chips"
    assert style.color_for("NVDA") == style.GROUP_COLORS["chips"]
    with pytest.raises(ValueError, match="no colour"):
        style.register_groups({"XYZ": "robots"})
    from eventstudy.claims import VERDICTS

    assert set(style.VERDICT_COLORS) == set(VERDICTS)  # a colour for every verdict of the claims engine
    assert len(set(style.GROUP_COLORS.values())) == len(style.GROUP_COLORS)


@pytest.mark.parametrize("fmt", ["pdf", "png", "svg"])
def test_save_figure_is_byte_identical(tmp_path: Path, prices: pd.DataFrame, fmt: str) -> None:
    fig = figures.price_paths(prices, "2025-01-27", before=3, after=2)
    (a,) = figures.save_figure(fig, "one", tmp_path, formats=(fmt,))
    (b,) = figures.save_figure(fig, "two", tmp_path, formats=(fmt,))  # same figure saved again
    (c,) = figures.save_figure(
        figures.price_paths(prices, "2025-01-27", before=3, after=2), "three", tmp_path, formats=(fmt,)
    )  # rebuilt from scratch
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    if fmt == "pdf":
        assert b"CreationDate" not in a.read_bytes()


def test_save_figure_writes_both_formats(tmp_path: Path, prices: pd.DataFrame) -> None:
    paths = figures.save_figure(figures.price_paths(prices, "2025-01-27"), "pp", tmp_path / "sub")
    assert [p.name for p in paths] == ["pp.pdf", "pp.png"]
    assert paths[0].read_bytes().startswith(b"%PDF")
    assert paths[1].read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="stem"):
        figures.save_figure(Figure(), "bad name", tmp_path)
    with pytest.raises(ValueError, match="format"):
        figures.save_figure(Figure(), "x", tmp_path, formats=("jpg",))


# --------------------------------------------------------------------------- figures


def test_price_paths_normalises_to_100_at_reference_close(prices: pd.DataFrame) -> None:
    before = prices.copy()
    fig = figures.price_paths(prices, "2025-01-27", before=3, after=2)
    pd.testing.assert_frame_equal(prices, before)  # input untouched
    assert isinstance(fig, Figure)
    lines = {ln.get_gid(): ln for ln in _data_lines(fig, "price:")}
    assert set(lines) == {"price:NVDA", "price:^GSPC", "price:BTC-USD"}
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3 + 2  # assets + baseline + event line

    def at(gid: str, day: str) -> float:
        ln = lines[gid]
        x = pd.to_datetime(mpl.dates.num2date(np.asarray(ln.get_xdata(orig=False), float))).tz_localize(None)
        return float(np.asarray(ln.get_ydata())[list(x).index(pd.Timestamp(day))])

    # stocks: reference is Friday's close; crypto: the calendar day before the event
    assert at("price:NVDA", "2025-01-24") == pytest.approx(100.0)
    assert at("price:NVDA", "2025-01-27") == pytest.approx(100.0 * 118.42 / 142.62)
    assert at("price:BTC-USD", "2025-01-26") == pytest.approx(100.0)
    # before=3 observations up to the reference, after=2 after day 0 -> 6 points each
    assert len(lines["price:NVDA"].get_xdata()) == 6
    assert len(lines["price:BTC-USD"].get_xdata()) == 6
    event = [ln for ln in ax.get_lines() if ln.get_gid() == "event"][0]
    assert (
        mpl.dates.num2date(float(np.asarray(event.get_xdata(orig=False))[0])).date()
        == pd.Timestamp("2025-01-27").date()
    )


def test_normalised_paths_values_and_errors(prices: pd.DataFrame) -> None:
    paths = figures.normalised_paths(prices, "2025-01-27", before=1, after=0)
    assert paths.loc["2025-01-24", "NVDA"] == pytest.approx(100.0)
    assert paths.loc["2025-01-27", "NVDA"] == pytest.approx(100 * 118.42 / 142.62)
    with pytest.raises(EventOutOfRangeError):
        figures.normalised_paths(prices, "2025-01-01")
    with pytest.raises(DataError):
        figures.normalised_paths(prices.reset_index(drop=True), "2025-01-27")


def test_ar_bars(groups: None) -> None:
    ar = pd.DataFrame(
        {
            "asset": ["NVDA", "TSM", "MSFT"],
            "ar": [-0.16, -0.12, -0.02],
            "ci_low": [-0.20, -0.15, -0.05],
            "ci_high": [-0.12, -0.09, 0.01],
        }
    )
    fig = figures.ar_bars(ar)
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == pytest.approx(sorted([-16.0, -12.0, -2.0]))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["NVDA", "TSM", "MSFT"]
    assert ax.patches[0].get_facecolor() == mpl.colors.to_rgba(style.GROUP_COLORS["chips"])
    assert ax.patches[2].get_facecolor() == mpl.colors.to_rgba(style.GROUP_COLORS["mega_cap_tech"])
    with pytest.raises(DataError, match="missing column"):
        figures.ar_bars(ar.drop(columns="ci_low"))
    with pytest.raises(DataError, match="contain"):
        figures.ar_bars(ar.assign(ci_low=0.0))


def test_car_paths_single_and_grouped_with_bands(groups: None) -> None:
    days = pd.RangeIndex(-2, 3)
    car = pd.DataFrame(
        {
            "NVDA": [0.0, 0.01, -0.15, -0.13, -0.14],
            "AMD": [0, 0, -0.05, -0.04, -0.04],
            "^GSPC": [0, 0, -0.01, 0, 0],
        },
        index=days,
    )
    lo, hi = car - 0.02, car + 0.02
    fig = figures.car_paths(car, bands=(lo, hi))
    assert len(fig.axes) == 1
    assert len(_data_lines(fig, "car:")) == 3
    assert len(fig.axes[0].collections) == 3  # one band per asset
    nvda = [ln for ln in _data_lines(fig, "car:") if ln.get_gid() == "car:NVDA"][0]
    assert np.asarray(nvda.get_ydata()) == pytest.approx([0.0, 1.0, -15.0, -13.0, -14.0])
    grouped = figures.car_paths(car, bands={"95": (lo, hi), "90": (lo / 2, hi / 2)}, grouped=True)
    assert len(grouped.axes) == 2  # chips, indices
    assert sum(len(ax.collections) for ax in grouped.axes) == 6
    with pytest.raises(DataError, match="integer"):
        figures.car_paths(car.set_axis(pd.date_range("2025-01-01", periods=5)))


def test_claims_chart_keeps_comparable_units_only() -> None:
    claims = pd.DataFrame(
        {
            "claim_id": ["002-1", "002-2", "002-4", "003-4", "x"],
            "claimed": [-17.0, -600.0, -1.5, 78000.0, np.nan],
            "observed": [-16.97, -593.0, -1.46, 78200.0, -1.0],
            "verdict": ["confirmed", "close", "confirmed", "contradicted", "not_testable"],
            "unit": ["percent", "usd_bn", "percent", "usd", "percent"],
        }
    )
    fig = figures.claims_chart(claims)
    ax = fig.axes[0]
    gids = {c.get_gid(): c for c in ax.collections}
    assert len(gids["claimed"].get_offsets()) == 2
    assert set(gids) == {"claimed", "observed:confirmed", "gaps"}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["002-1", "002-4"]  # first claim on top
    with pytest.raises(DataError, match="no claim"):
        figures.claims_chart(claims, units=("furlongs",))
    with pytest.raises(DataError, match="verdict"):
        figures.claims_chart(claims.assign(verdict="maybe"))


def test_placebo_hist() -> None:
    rng = np.random.default_rng(0)
    fig = figures.placebo_hist(rng.normal(0, 0.02, 500), -0.16, pvalue=0.002, bins=25)
    ax = fig.axes[0]
    assert len(ax.patches) == 25
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "event_value"]
    assert line.get_xdata()[0] == pytest.approx(-16.0)
    assert "p = 0.002" in ax.get_legend().get_texts()[1].get_text()
    fig2 = figures.placebo_hist(pd.Series([0.01, np.nan, -0.01]), 0.0, pvalue=0.0001)
    assert "p < 0.001" in fig2.axes[0].get_legend().get_texts()[1].get_text()
    with pytest.raises(DataError):
        figures.placebo_hist([np.nan], 0.0)


def test_synthetic_control_plot() -> None:
    idx = pd.RangeIndex(-3, 2)
    paths = pd.DataFrame(
        {"treated": [0, 0.01, 0.0, -0.15, -0.14], "synthetic": [0, 0.01, 0.0, -0.03, -0.03]}, index=idx
    )
    gaps = pd.DataFrame({"AMD": [0, 0, 0, -0.02, -0.01], "MU": [0, 0, 0, 0.01, 0.0]}, index=idx)
    fig = figures.synthetic_control_plot(paths, placebo_gaps=gaps)
    assert len(fig.axes) == 2
    assert len(_data_lines(fig, "placebo:")) == 2
    (gap,) = _data_lines(fig, "gap")
    assert np.asarray(gap.get_ydata()) == pytest.approx([0, 0, 0, -12.0, -11.0])


# --------------------------------------------------------------------------- latex


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("AT&T", r"AT\&T"),
        ("5% $100 #1 a_b {x}", r"5\% \$100 \#1 a\_b \{x\}"),
        ("~^GSPC \\n", r"\textasciitilde{}\textasciicircum{}GSPC \textbackslash{}n"),
        ("\u22123", r"$-$3"),
        (None, ""),
        (12, "12"),
    ],
)
def test_latex_escape(raw: object, escaped: str) -> None:
    assert latex.latex_escape(raw) == escaped


@pytest.mark.parametrize(
    ("x", "kwargs", "expected"),
    [
        (-0.169700, {"decimals": 2, "signed": True, "percent": True}, r"$-$16.97\%"),
        (0.0125, {"decimals": 2, "signed": True, "percent": True}, r"+1.25\%"),
        (0.0125, {"decimals": 1, "percent": True}, r"1.2\%"),  # 1.25 in binary is just below .25
        (-4.2, {"decimals": 2}, "$-$4.20"),
        (-0.0001, {"decimals": 2, "signed": True}, "0.00"),  # no sign on a rounded zero
        (0.0, {"decimals": 0, "signed": True}, "0"),
        (1234567.891, {"decimals": 1, "thousands": True}, "1{,}234{,}567.9"),
        (589.6, {"decimals": 1, "minus": r"\textminus{}"}, "589.6"),
        (-589.6, {"decimals": 1, "minus": r"\textminus{}"}, r"\textminus{}589.6"),
        (float("nan"), {"decimals": 2}, "---"),
        (None, {"decimals": 2}, "---"),
        (7, {"decimals": 0}, "7"),
        (2.5, {"decimals": 2, "scale": 10.0}, "25.00"),
    ],
)
def test_format_number(x: float, kwargs: dict, expected: str) -> None:
    assert latex.format_number(x, **kwargs) == expected


def test_format_number_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        latex.format_number("1.0", 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        latex.format_number(1.0, -1)


def test_format_pvalue() -> None:
    assert latex.format_pvalue(0.04213) == "0.042"
    assert latex.format_pvalue(0.0004) == "$<$0.001"
    assert latex.format_pvalue(1.0) == "1.000"
    assert latex.format_pvalue(float("nan")) == "---"
    with pytest.raises(ValueError):
        latex.format_pvalue(1.5)


def test_write_macros_exact_output(tmp_path: Path) -> None:
    path = latex.write_macros(
        {"NvdaDayZeroRet": r"$-$16.97\%", "ClaimsTotal": 27, "NvdaBeta": 1.7349, "Bad": float("nan")},
        tmp_path / "gen" / "macros.tex",
    )
    assert path.read_text(encoding="utf-8") == (
        "% generated by eventstudy \u2014 do not edit\n"
        "\\newcommand{\\Bad}{---}\n"
        "\\newcommand{\\ClaimsTotal}{27}\n"
        "\\newcommand{\\NvdaBeta}{1.73}\n"
        "\\newcommand{\\NvdaDayZeroRet}{$-$16.97\\%}\n"
    )
    assert latex.read_macros(path) == {
        "Bad": "---",
        "ClaimsTotal": "27",
        "NvdaBeta": "1.73",
        "NvdaDayZeroRet": r"$-$16.97\%",
    }


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"Nvda1": "x"}, "letters only"),
        ({"nvda_ret": "x"}, "letters only"),
        ({"": "x"}, "letters only"),
        ({"section": "x"}, "collides"),
        ([("NvdaRet", "x"), ("NvdaRet", "y")], "more than once"),
    ],
)
def test_write_macros_validates_names(tmp_path: Path, values: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        latex.write_macros(values, tmp_path / "m.tex")  # type: ignore[arg-type]
    assert not (tmp_path / "m.tex").exists()


def test_write_macros_rejects_non_scalar(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        latex.write_macros({"Flag": True}, tmp_path / "m.tex")
    with pytest.raises(TypeError):
        latex.write_macros({"List": [1, 2]}, tmp_path / "m.tex")  # type: ignore[dict-item]


def test_dataframe_to_booktabs_exact() -> None:
    df = pd.DataFrame({"asset": ["NVDA", "^GSPC"], "AR (%)": [-16.9712, np.nan], "n": [250, 250]})
    out = latex.dataframe_to_booktabs(df, caption="Day 0", label="tab:d0")
    assert out == (
        "\\begin{table}[htbp]\n"
        "\\centering\n"
        "\\caption{Day 0}\n"
        "\\label{tab:d0}\n"
        "\\begin{tabular}{lrr}\n"
        "\\toprule\n"
        "asset & AR (\\%) & n \\\\\n"
        "\\midrule\n"
        "NVDA & $-$16.97 & 250 \\\\\n"
        "\\textasciicircum{}GSPC & --- & 250 \\\\\n"
        "\\bottomrule\n"
        "\\end{tabular}\n"
        "\\end{table}\n"
    )


def test_dataframe_to_booktabs_options() -> None:
    df = pd.DataFrame({"x": [1.23456, -2.0]}, index=pd.Index(["a_1", "b"], name="id"))
    out = latex.dataframe_to_booktabs(
        df, environment=False, index=True, float_format="{:.3f}", column_format="lc"
    )
    assert out == (
        "\\begin{tabular}{lc}\n\\toprule\nid & x \\\\\n\\midrule\n"
        "a\\_1 & 1.235 \\\\\nb & $-$2.000 \\\\\n\\bottomrule\n\\end{tabular}\n"
    )
    raw = latex.dataframe_to_booktabs(pd.DataFrame({"v": [r"$-$1.0\%"]}), environment=False, escape=False)
    assert r"$-$1.0\% \\" in raw
    custom = latex.dataframe_to_booktabs(
        pd.DataFrame({"v": [0.5]}), environment=False, float_format=lambda v: f"<{v}>"
    )
    assert "<0.5> \\\\" in custom
    with pytest.raises(ValueError):
        latex.dataframe_to_booktabs(df, caption="c", environment=False)


def test_write_table(tmp_path: Path) -> None:
    path = latex.write_table(pd.DataFrame({"a": [1]}), tmp_path / "t" / "x.tex", environment=False)
    assert path.read_text(encoding="utf-8") == (
        "% generated by eventstudy \u2014 do not edit\n"
        "\\begin{tabular}{r}\n\\toprule\na \\\\\n\\midrule\n1 \\\\\n\\bottomrule\n\\end{tabular}\n"
    )


def test_one_escaper_and_one_formatter() -> None:
    """One LaTeX escaper and one number formatter (eventstudy.formatting) behind every report."""
    from eventstudy import formatting, summary

    assert latex.latex_escape is formatting.latex_escape is summary.latex_escape
    assert latex.format_number is formatting.format_number and summary.format_cell is formatting.format_cell
    assert formatting.latex_escape("a<b>c \u2212 S&P_500 ^GSPC") == (
        r"a\textless{}b\textgreater{}c $-$ S\&P\_500 \textasciicircum{}GSPC"
    )
    import inspect

    import eventstudy

    pkg = Path(eventstudy.__file__).parent
    defs = [p for p in pkg.rglob("*.py") if "def latex_escape(" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(pkg).as_posix() for p in defs] == ["formatting.py"]
    assert "formatting" in inspect.getsourcefile(formatting)


@pytest.mark.parametrize(
    ("x", "kwargs", "expected"),
    [
        (1234567.891, {"thousands": ","}, "1,234,567.89"),  # plain-text grouping
        (-1234.5, {"thousands": True}, "$-$1{,}234.50"),  # LaTeX-safe grouping
        (-0.00001, {"decimals": 4, "minus": "-"}, "0.0000"),  # no sign on a rounded zero
        (0.012345, {"significant": 4, "minus": "-"}, "0.01235"),
        (float("nan"), {"missing": ""}, ""),
    ],
)
def test_format_number_plain_text_options(x: float, kwargs: dict, expected: str) -> None:
    from eventstudy.formatting import format_number

    assert format_number(x, **kwargs) == expected
