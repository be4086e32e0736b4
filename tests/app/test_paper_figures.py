"""The paper's figures (eventstudy.deepseek.paper_figures) and the two extra figure functions.

Besides the files, the figures must read in greyscale at print size: every series of a CAR
figure has its own band and a distinct (line style, marker) pair, bar groups differ in fill and
hatch, and the claims figure is labelled with the claims in words, never registry codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from eventstudy.deepseek import EVENT_MONDAY, DeepSeekData
from eventstudy.deepseek.claims import evaluate_claims, summarise_claims
from eventstudy.deepseek.paper_figures import (
    CRYPTO_LABEL,
    FIGURE_NOTES,
    _build,
    car_bands,
    claim_label,
    make_figures,
    portfolio_cars,
    price_frame,
    universe_ar_frame,
)
from eventstudy.deepseek.paper_spec import REQUIRED_FIGURES
from eventstudy.errors import DataError
from eventstudy.report.figures_extra import calendar_time_plot, volatility_plot


@pytest.fixture(scope="module")
def data(data_dir: Path) -> DeepSeekData:
    return DeepSeekData(str(data_dir))


@pytest.fixture(scope="module")
def made(data: DeepSeekData, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    claims = summarise_claims(evaluate_claims(data_dir, with_evidence=False))
    placebo = data.nvda_placebo()
    root = tmp_path_factory.mktemp("paper_figures")
    first = make_figures(
        data, claims, placebo, root / "a", readme_png=root / "docs" / "price_paths_jan27.png"
    )
    second = make_figures(
        data, claims, placebo, root / "b", formats=("pdf",), readme_png=root / "docs2" / "readme.png"
    )
    return {"root": root, "first": first, "second": second}


# --------------------------------------------------------------------------- make_figures


def test_exactly_the_required_figures(made: dict[str, object]) -> None:
    first = made["first"]
    root = made["root"]
    assert isinstance(first, dict) and list(first) == list(REQUIRED_FIGURES)
    for name, paths in first.items():
        assert [p.name for p in paths] == [f"{name}.pdf", f"{name}.png"]
        assert all(p.stat().st_size > 1000 for p in paths)
    written = sorted(p.name for p in (root / "a").iterdir())
    assert written == sorted(f"{n}.{f}" for n in REQUIRED_FIGURES for f in ("pdf", "png"))
    assert set(FIGURE_NOTES) == set(REQUIRED_FIGURES)
    assert plt.get_fignums() == []


def test_rerun_is_byte_identical(made: dict[str, object]) -> None:
    # second run: PDFs only, so the README PNG is saved straight from the figure
    for name, paths in made["second"].items():
        assert [p.name for p in paths] == [f"{name}.pdf"]
        assert paths[0].read_bytes() == made["first"][name][0].read_bytes(), (
            f"{name}.pdf differs between runs"
        )


def test_readme_png_is_the_price_paths_png(made: dict[str, object]) -> None:
    png = (made["root"] / "a" / "price_paths_jan27.png").read_bytes()
    assert (made["root"] / "docs" / "price_paths_jan27.png").read_bytes() == png
    assert (made["root"] / "docs2" / "readme.png").read_bytes() == png


# --------------------------------------------------------------------------- data helpers


def test_price_frame_crypto_on_nyse_sessions(data: DeepSeekData) -> None:
    pf = price_frame(data, EVENT_MONDAY)
    assert pf.shape[0] == 21 and CRYPTO_LABEL in pf.columns and "BTC-USD" not in pf.columns
    ref = pd.Timestamp("2025-01-24")
    assert pf.index[9] == ref and pf.index[10] == pd.Timestamp(EVENT_MONDAY)
    btc = data.prices["BTC-USD"]
    # compounding onto NYSE sessions = the coin's own close on the session date over its reference close
    rebased = pf[CRYPTO_LABEL] / pf.loc[ref, CRYPTO_LABEL]
    np.testing.assert_allclose(rebased.to_numpy(), (btc.reindex(pf.index) / btc[ref]).to_numpy(), rtol=1e-12)
    # stocks keep their own closes, untouched
    np.testing.assert_array_equal(pf["NVDA"].to_numpy(), data.prices["NVDA"].reindex(pf.index).to_numpy())
    assert not pf.isna().any().any()


def test_car_bands_are_the_cumulated_covariance(data: DeepSeekData) -> None:
    res = data.monday_wide()
    car, lo, hi = car_bands(res)
    pd.testing.assert_frame_equal(car, res.cumulative_abnormal_returns())
    from scipy import stats

    q = stats.t.ppf(0.975, res.sample.dof)
    for k in (-10, 0, 4, 10):
        var = res.car_variance((-10, k))
        np.testing.assert_allclose(
            ((hi - lo) / (2 * q)).loc[k].to_numpy(), np.sqrt(var.to_numpy()), rtol=1e-10
        )


def test_universe_frame_is_the_design_universe(data: DeepSeekData) -> None:
    df = universe_ar_frame(data)
    u = data.design["deepseek_monday"]["universe"]
    assert list(df["asset"]) == [*u["treated"], *u["controls"]["ai_large_caps"]]
    assert (df["ci_low"] <= df["ar"]).all() and (df["ar"] <= df["ci_high"]).all()
    nvda = df.set_index("asset").loc["NVDA", "ar"]
    assert nvda == pytest.approx(float(data.monday().abnormal_returns.loc[0, "NVDA"]))
    assert set(df["group"]) == {"original six", "added by rule", "control"}


def test_portfolio_car_is_the_mean_of_the_members_cars(data: DeepSeekData) -> None:
    car, lo, hi = portfolio_cars(data, EVENT_MONDAY)
    u = data.design["deepseek_monday"]["universe"]
    members = data.monday_wide(assets=tuple(u["groups"]["original_six"]))
    # the market model is linear: the EW portfolio's AR is the average AR (same estimation window)
    np.testing.assert_allclose(
        car["Original six (EW)"].to_numpy(),
        members.cumulative_abnormal_returns().mean(axis=1).to_numpy(),
        atol=1e-12,
    )
    assert list(lo.columns) == list(car.columns) == list(hi.columns)  # a band for every series
    assert ((lo.to_numpy() <= car.to_numpy()) & (car.to_numpy() <= hi.to_numpy())).all()


@pytest.fixture(scope="module")
def figs(data: DeepSeekData, data_dir: Path) -> dict[str, object]:
    claims = summarise_claims(evaluate_claims(data_dir, with_evidence=False))
    out = _build(data, claims, data.nvda_placebo(n=200))
    out["_claims"] = claims
    return out


@pytest.mark.parametrize("name", ["car_paths_jan27", "car_paths_osw"])
def test_car_figures_read_in_greyscale_with_a_band_per_series(figs: dict[str, object], name: str) -> None:
    ax = figs[name].axes[0]
    series = [ln for ln in ax.get_lines() if str(ln.get_gid()).startswith("car:")]
    assert len(series) >= 4
    styles = {(str(ln.get_linestyle()), ln.get_marker()) for ln in series}
    assert len(styles) == len(series), "two series share a line style and marker"
    assert len({ln.get_marker() for ln in series}) == len(series)
    assert len(ax.collections) == len(series), "every series has its own band"


def test_ar_bars_groups_differ_in_fill_and_hatch(figs: dict[str, object]) -> None:
    ax = figs["ar_bars_jan27"].axes[0]
    looks = {(p.get_hatch(), tuple(np.round(p.get_facecolor(), 3))) for p in ax.patches}
    assert len(looks) == 3


def test_claims_figure_is_labelled_in_words(figs: dict[str, object]) -> None:
    ax = figs["claims_chart"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and all(len(x.split()) >= 3 for x in labels)
    assert not any(re.search(r"\b(NT-)?\d{3}-\d", x) for x in labels), labels
    claims = figs["_claims"]
    row = claims.loc[claims["claim_id"] == "002-1"].iloc[0]
    assert claim_label(row) in labels
    markers = {c.get_gid(): c for c in ax.collections if str(c.get_gid()).startswith("observed:")}
    assert len(markers) >= 2  # verdicts differ by marker shape, not colour alone
    paths = {tuple(map(tuple, np.round(c.get_paths()[0].vertices, 3))) for c in markers.values()}
    assert len(paths) == len(markers)


# --------------------------------------------------------------------------- new figure functions


def _line(fig: object, gid: str) -> object:
    found = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def test_calendar_time_plot_cumsum_and_spans() -> None:
    idx = pd.bdate_range("2025-01-20", periods=8)
    ar = pd.Series([0.01, -0.02, 0.005, 0.0, 0.03, -0.01, 0.002, 0.004], index=idx, name="P")
    fig = calendar_time_plot(
        ar, periods=[("2025-01-22", "2025-01-23"), ("2025-01-28", "2025-01-28")], labels=["a", "b"]
    )
    line = _line(fig, "cumar:P")
    np.testing.assert_allclose(line.get_ydata(), np.cumsum(ar.to_numpy()) * 100)
    spans = {
        p.get_gid(): p for ax in fig.axes for p in ax.patches if (p.get_gid() or "").startswith("period:")
    }
    assert set(spans) == {"period:0", "period:1"}
    import matplotlib.dates as mdates

    for gid, (a, b) in {
        "period:0": ("2025-01-22", "2025-01-23"),
        "period:1": ("2025-01-28", "2025-01-28"),
    }.items():
        x0, width = spans[gid].get_x(), spans[gid].get_width()
        lo, hi = (pd.Timestamp(mdates.num2date(x).replace(tzinfo=None)) for x in (x0, x0 + width))
        assert lo < pd.Timestamp(a) and hi > pd.Timestamp(b)
        assert hi - lo <= pd.Timestamp(b) - pd.Timestamp(a) + pd.Timedelta(days=1)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["a", "b", "P"]
    assert plt.get_fignums() == []


def test_calendar_time_plot_refuses_gaps_and_bad_input() -> None:
    idx = pd.bdate_range("2025-01-20", periods=3)
    with pytest.raises(DataError, match="2025-01-21"):
        calendar_time_plot(pd.Series([0.01, np.nan, 0.0], index=idx), periods=[])
    with pytest.raises(DataError, match="DatetimeIndex"):
        calendar_time_plot(pd.Series([0.01, 0.0]), periods=[])
    with pytest.raises(ValueError, match="start <= end"):
        calendar_time_plot(pd.Series([0.0, 0.0, 0.0], index=idx), periods=[("2025-01-22", "2025-01-20")])


def test_volatility_plot_draws_given_values() -> None:
    frame = pd.DataFrame(
        {"volatility": [0.02, 0.021, 0.05, 0.03], "sq_resid": [0.0001, 0.0004, 0.01, 0.0009]},
        index=pd.Index([-2, -1, 0, 1]),
    )
    fig = volatility_plot(frame)
    np.testing.assert_allclose(_line(fig, "volatility").get_ydata(), frame["volatility"] * 100)
    np.testing.assert_allclose(_line(fig, "cond_var").get_ydata(), frame["volatility"] ** 2 * 1e4)
    bars = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "sq_resid"]
    assert len(bars) == len(frame)
    np.testing.assert_allclose([p.get_height() for p in bars], frame["sq_resid"] * 1e4)
    np.testing.assert_allclose([p.get_x() + p.get_width() / 2 for p in bars], frame.index)
    assert all(any(ln.get_gid() == "event" for ln in ax.get_lines()) for ax in fig.axes)
    assert (
        fig.get_layout_engine() is None or type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    )


def test_volatility_plot_refuses_bad_input() -> None:
    with pytest.raises(DataError, match="missing column"):
        volatility_plot(pd.DataFrame({"volatility": [0.1]}, index=[0]))
    with pytest.raises(DataError, match="integer event days"):
        volatility_plot(pd.DataFrame({"volatility": [0.1], "sq_resid": [0.01]}, index=[0.5]))
    with pytest.raises(DataError, match="non-negative"):
        volatility_plot(pd.DataFrame({"volatility": [-0.1], "sq_resid": [0.01]}, index=[0]))
