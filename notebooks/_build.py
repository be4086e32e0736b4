"""Write the tutorial notebooks (``notebooks/*.ipynb``) without outputs.

Run ``.venv/bin/python notebooks/_build.py`` after editing a notebook's cells here; the
committed ``.ipynb`` files are what this script writes (no outputs, no execution counts,
stable cell ids, so a rebuild without changes is byte-identical). ``tests/test_notebooks.py``
executes them and checks that markdown cells carry no hand-typed result figures.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def md(text: str) -> tuple[str, str]:
    return ("markdown", textwrap.dedent(text).strip("\n"))


def code(text: str) -> tuple[str, str]:
    return ("code", textwrap.dedent(text).strip("\n"))


def notebook(stem: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """The notebook ``stem`` with ``cells``: no outputs, stable cell ids."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    for i, (kind, src) in enumerate(cells):
        cell = new_markdown_cell(src) if kind == "markdown" else new_code_cell(src)
        cell["id"] = f"{stem[:2]}-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    """The exact text written to disk."""
    return nbformat.writes(nb) + "\n"


def build(stem: str, cells: list[tuple[str, str]], out_dir: Path = HERE) -> Path:
    path = Path(out_dir) / f"{stem}.ipynb"
    path.write_text(render(notebook(stem, cells)), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 01
QUICKSTART = [
    md("""
    # Quickstart: one asset, one event

    The library in a dozen cells on one asset: **NVDA on Monday 2025-01-27**, the day of the
    DeepSeek-R1 sell-off, with the market model against the S&P 500 (`^GSPC`).
    Every figure below is computed by the code; the text only explains what is computed.
    """),
    code("""
    %matplotlib inline
    import eventstudy as es

    prices = es.load_prices(["NVDA", "^GSPC"])  # the sha256-checked snapshot in ../shared/data
    prices.loc["2025-01-21":"2025-01-31"]
    """),
    md("""
    **Returns.** `to_returns` computes simple close-to-close returns per column on that column's
    own observations, and refuses a one-day price ratio that looks like an unadjusted split
    (NVDA's 10-for-1 split of 2024-06-10 is already adjusted in the snapshot, so it passes).
    """),
    code("""
    rets = es.to_returns(prices)
    rets.loc["2025-01-22":"2025-01-31"]
    """),
    md("""
    **The study.** Market model `R_t = alpha + beta R_m,t + e_t`, estimated over event days
    (-260, -11), i.e. 250 sessions ending two weeks before the event; the event window is
    (-1, 4): the Friday before and the five sessions of the event week.
    """),
    code("""
    study = es.EventStudy(
        rets[["NVDA"]],
        market=rets["^GSPC"],
        event_date="2025-01-27",
        estimation_window=(-260, -11),
        event_window=(-1, 4),
        model="market",
    )
    res = study.fit()
    res.params.T
    """),
    md("""
    **Abnormal returns** `AR_t = R_t - (alpha + beta R_m,t)` on each event day (decimals), next to
    the calendar date of each event day:
    """),
    code("""
    import pandas as pd

    pd.DataFrame({"date": res.dates["NVDA"], "AR": res.abnormal_returns["NVDA"]})
    """),
    code("""
    pd.DataFrame({"CAR": res.car((0, 0)), "CAR(0,4)": res.car((0, 4)), "BHAR(0,4)": res.bhar((0, 4))})
    """),
    md("""
    **Two single-asset tests.** `t_prediction_error` divides the CAR by its prediction-error
    standard deviation (MacKinlay 1997) and compares it with a Student t: valid if the residuals are
    normal. `sq` (Gelbach, Helland & Klick 2013) locates the CAR in the empirical distribution of
    the estimation-window residuals instead, so it does not lean on normality; its smallest
    attainable p-value is set by the length of the estimation window.
    """),
    code("""
    t = res.test("t_prediction_error", (0, 0), asset="NVDA")
    sq = res.test("sq", (0, 0), asset="NVDA")
    pd.DataFrame(
        {"statistic": [t.statistic, sq.statistic], "p-value": [t.pvalue, sq.pvalue],
         "null": [t.null_distribution, sq.null_distribution]},
        index=[t.name, sq.name],
    )
    """),
    md("""
    **The summary** collects the specification, the parameters, the abnormal returns, the CARs over
    the whole event window and every applicable test (it also renders as Markdown and LaTeX with
    `res.to_markdown()` / `res.to_latex()`).
    """),
    code("""
    res.summary()
    """),
    code("""
    res.plot();  # CAR path with pointwise 95% prediction-error bands
    """),
    md("""
    **Placebo.** Is the day-0 abnormal return unusual for NVDA? `placebo` treats every earlier session
    with a full estimation window as a pseudo-event, estimates them all in one batched pass, and
    reports where the real event falls in that distribution, with the exact permutation-style p-value
    `(1 + #{|x_j| >= |x_0|}) / (1 + n)`.
    """),
    code("""
    pl = es.placebo(rets[["NVDA"]], rets["^GSPC"], "2025-01-27", window=(0, 0))
    pl.summary()
    """),
    code("""
    pl.plot();
    """),
    md("""
    Reading the output: the t-test, the SQ test and the placebo answer the same question with
    different assumptions about the tails of NVDA's daily returns. When they agree (compare the
    p-values printed above), the conclusion does not depend on normality. Notebook `02` runs the
    same machinery on the ten-stock cross-section.
    """),
]


# --------------------------------------------------------------------------- 02
MONDAY = [
    md("""
    # Event 1: the DeepSeek-R1 sell-off, Monday 2025-01-27

    DeepSeek's R1 model drew wide attention over the weekend of 2025-01-25/26; on Monday US chip
    stocks fell sharply. This notebook (1) lists the day's returns, (2) runs the test battery on the
    ten-stock cross-section (six chip makers and four mega-cap tech names), (3) shows why the
    cross-correlation of abnormal returns on a shared event day matters for the choice of test,
    (4) separates NVDA's market-wide and sector-wide components with the semiconductor index
    `^SOX`, and (5) checks the articles' claims with the package's claims engine.
    """),
    code("""
    %matplotlib inline
    import inspect

    import numpy as np
    import pandas as pd

    import eventstudy as es
    from eventstudy import simulation
    from eventstudy.deepseek import CHIPS, CORE10, EVENT_MONDAY, MARKET, SECTOR, WINDOWS, DeepSeekData

    pd.set_option("display.precision", 4)
    data = DeepSeekData()
    rets = data.returns
    print("chips:", CHIPS)
    print("universe:", CORE10)
    print("windows:", WINDOWS)
    """),
    md("""
    ## Day returns

    Close-to-close simple returns on 2025-01-27 (previous close to that day's close; for the 24/7
    crypto series, the previous UTC day's close), in percent:
    """),
    code("""
    (data.day_returns(EVENT_MONDAY) * 100).round(2).to_frame("return (%)")
    """),
    code("""
    from eventstudy.report import figures

    figures.price_paths(data.prices[["NVDA", "TSM", "AVGO", "^SOX", "^GSPC", "^IXIC"]], EVENT_MONDAY,
                        before=5, after=5, title="Prices rebased to the close before 2025-01-27")
    """),
    md("""
    ## The ten-stock battery

    `DeepSeekData.monday()` fits the market model against `^GSPC` for the ten stocks (estimation
    window (-260, -11), event window (-1, 4)). Abnormal returns in percent, then CARs per stock for the
    three windows [0, 0], [-1, 1] and [0, 4]:
    """),
    code("""
    res = data.monday()
    res.params[["alpha", "beta", "sigma", "r2"]]
    """),
    code("""
    (res.abnormal_returns * 100).round(2)
    """),
    code("""
    cars = pd.DataFrame({f"CAR{w} %": res.car(w) * 100 for w in WINDOWS})
    cars.loc["CAAR"] = [res.caar(w) * 100 for w in WINDOWS]
    cars.round(2)
    """),
    md("""
    `res.tests(window)` runs every applicable test. The cross-sectional tests (one row each, no
    asset) are collected here for the three windows: statistic and p-value.
    """),
    code("""
    def cross_sectional(window):
        t = res.tests(window)
        return t[t["asset"].isna()].set_index("test")[["statistic", "pvalue"]]

    battery = pd.concat({str(w): cross_sectional(w) for w in WINDOWS}, axis=1)
    battery
    """),
    md("""
    ## Cross-correlation: BMP against Kolari-Pynnönen

    All ten stocks share the same calendar day 0, so their abnormal returns are not independent:
    they are correlated through the industry and through whatever the market model leaves out.
    The standardized cross-sectional test of Boehmer, Musumeci & Poulsen (1991, BMP) treats the
    assets as independent and so overstates the precision of the average. Kolari & Pynnönen (2010)
    multiply the BMP statistic by `sqrt((1 - rbar) / (1 + (N - 1) rbar))`, with `rbar` the average
    pairwise correlation of the estimation-window residuals:
    """),
    code("""
    resid_corr = res.estimation_residuals.corr().to_numpy()
    rbar = resid_corr[np.triu_indices_from(resid_corr, k=1)].mean()
    rows = {}
    for w in WINDOWS:
        bmp, kp = res.test("bmp", w), res.test("kolari_pynnonen", w)
        rows[str(w)] = {"rbar": kp.details["rbar"], "adjustment": kp.details["adjustment"],
                        "t BMP": bmp.statistic, "p BMP": bmp.pvalue, "t KP": kp.statistic, "p KP": kp.pvalue}
    print(f"average pairwise residual correlation (computed here): {rbar:.4f}")
    pd.DataFrame(rows).T
    """),
    md("""
    **Does it matter in practice?** Brown & Warner's design answers it on real data: draw placebo
    dates from 2017-09 to 2024 (days on which nothing special happened), give all ten stocks the same
    date (the *clustered* design, as on 2025-01-27) or each its own date (*independent*), and count
    how often each test rejects at the nominal level of `rejection_rates` (its default, printed
    below). A well-sized test rejects at about the nominal rate. A modest number of draws keeps this
    quick; raise `n_draws` for tighter estimates.
    """),
    code("""
    SIZE_TESTS = ["t_cross_sectional", "patell", "bmp", "kolari_pynnonen", "corrado_rank", "grank",
                  "generalized_sign"]
    size = pd.concat([
        simulation.rejection_rates(rets[list(CORE10)], rets[MARKET], SIZE_TESTS, n_draws=200, clustered=c)
        for c in (True, False)
    ])
    print("nominal level:", inspect.signature(simulation.rejection_rates).parameters["level"].default)
    size.pivot(index="test", columns="design", values="rejection_rate").loc[SIZE_TESTS]
    """),
    md("""
    Compare the two columns of the table above: in the clustered design, tests that assume
    independent abnormal returns (BMP, Patell, the cross-sectional t, the generalized sign test) can
    reject far more often than the nominal level, while a test that models the correlation
    (Kolari-Pynnönen) or works with ranks across the estimation window should stay near it. A
    Monday cross-section that shares one event day should therefore be read with the
    correlation-robust tests.
    """),
    md("""
    ## NVDA against the market and against its sector

    A market-model AR measures NVDA's move net of the S&P 500. But the DeepSeek news hit the whole
    semiconductor industry; net of `^SOX`, the AR measures what was specific to NVDA. Three
    specifications, day-0 AR and CAR(0, 4) with their t-test p-values:
    """),
    code("""
    specs = {
        "market model vs ^GSPC": dict(market=rets[MARKET], model="market"),
        "market model vs ^SOX": dict(market=rets[SECTOR], model="market"),
        "sector-adjusted (NVDA - ^SOX)": dict(market=rets[SECTOR], model="market_adjusted"),
    }
    rows = {}
    for label, kw in specs.items():
        r = es.EventStudy(rets[["NVDA"]], event_date=EVENT_MONDAY, event_window=(-1, 4), **kw).fit()
        rows[label] = {
            "AR day 0 %": r.abnormal_returns.loc[0, "NVDA"] * 100,
            "p (0,0)": r.test("t_prediction_error", (0, 0), asset="NVDA").pvalue,
            "CAR(0,4) %": r.car((0, 4))["NVDA"] * 100,
            "p (0,4)": r.test("t_prediction_error", (0, 4), asset="NVDA").pvalue,
        }
    sox = es.EventStudy(rets[[SECTOR]], market=rets[MARKET], event_date=EVENT_MONDAY, event_window=(-1, 4)).fit()
    rows["^SOX itself vs ^GSPC"] = {
        "AR day 0 %": sox.abnormal_returns.loc[0, SECTOR] * 100,
        "p (0,0)": sox.test("t_prediction_error", (0, 0), asset=SECTOR).pvalue,
        "CAR(0,4) %": sox.car((0, 4))[SECTOR] * 100,
        "p (0,4)": sox.test("t_prediction_error", (0, 4), asset=SECTOR).pvalue,
    }
    pd.DataFrame(rows).T
    """),
    md("""
    The robustness grid of the paper (`DeepSeekData.robustness`): NVDA's day-0 AR and t, and the
    chip portfolio's CAAR(0, 0) with BMP and GRANK p-values, across five normal-return models and
    two estimation-window lengths (120 and 250 sessions).
    """),
    code("""
    data.robustness().round(4)
    """),
    md("""
    The placebo distribution of NVDA's day-0 AR over the sessions of 2017-2024:
    """),
    code("""
    pl = data.nvda_placebo()
    figures.placebo_hist(pl.distribution, pl.event_value, pvalue=pl.pvalue,
                         title="NVDA day-0 market-model AR against placebo dates")
    """),
    md("""
    ## The articles' claims about Monday, from the claims engine

    The package's claims registry (`eventstudy.claims`) records every market claim of the seed
    articles in its own words, with the interpretation it tests (close-to-close, opening print,
    intraday, week spans...) and a stated tolerance; `evaluate_claims()` computes the observed figure
    from the snapshot and gives one of four verdicts: confirmed, close, contradicted, not_testable.
    An ambiguous claim gets one row per named interpretation; none is picked silently. Event 1 claims
    come from articles 001, 002 and 004:
    """),
    code("""
    from eventstudy.claims import evaluate_claims

    claims = evaluate_claims()
    event1 = claims[claims["id"].str.match(r"00[124]-")]
    print(event1["verdict"].value_counts().to_string())
    event1[["claim_id", "asset", "interpretation_label", "claimed", "observed", "unit", "verdict"]]
    """),
    code("""
    figures.claims_chart(event1, title="Event 1: claimed against observed moves (percent claims)")
    """),
    md("""
    Each row's `tolerance` and `note` columns (not shown above) state the rule behind the verdict and
    the prices used; `format_claims(claims, "md")` renders the full table with those details, as in
    the paper.
    """),
    md("""
    ## Beyond returns (extensions)

    `eventstudy.extensions` looks at the same event through other lenses:

    * **abnormal volume**: `log(1 + volume)` against a market-volume model (SPY volume), with t and
      rank tests;
    * **volatility shift**: did NVDA's residual variance (and beta) change after the event?
    * **synthetic control**: NVDA against a convex combination of stocks plausibly unaffected by the
      news (consumer staples, health care, retail, Berkshire), with placebo-rank inference;
    * **calendar-time portfolio**: the equal-weighted chip portfolio with event-day dummies, which is
      robust to cross-correlation by construction.

    Placebo-rank inference has a floor: with `J` donors the smallest attainable p-value of the
    synthetic control is `1 / (J + 1)`, printed with the tests below as the `null_distribution`.
    """),
    code("""
    from eventstudy.extensions import abnormal_volume, calendar_time_portfolio, synthetic_control, volatility_shift

    volume = es.load_prices([*CORE10, "SPY"], field="volume")
    av = abnormal_volume(volume[list(CORE10)], EVENT_MONDAY, event_window=(-1, 4), model="market",
                         market_volume=volume["SPY"])
    av.tests().query("window_start == 0 and window_end == 0")
    """),
    code("""
    equities = rets[[*CORE10, MARKET]].dropna(how="all")  # equity sessions only (no crypto weekend rows)
    vs = volatility_shift(equities["NVDA"], equities[MARKET], EVENT_MONDAY)
    vs.tests()
    """),
    code("""
    donors = ["PG", "KO", "PEP", "JNJ", "WMT", "MCD", "HD", "COST", "UNH", "LLY", "ABBV", "AZN", "BRK.B"]
    sc = synthetic_control(es.to_returns(es.load_prices(["NVDA", *donors])), "NVDA", donors, EVENT_MONDAY)
    print("donor weights:")
    print(sc.weights[sc.weights > 0].round(4).to_string())
    sc.tests()
    """),
    code("""
    ct = calendar_time_portfolio(equities[list(CHIPS)], equities[MARKET], EVENT_MONDAY)
    ct.tests()
    """),
]


# --------------------------------------------------------------------------- 03
OSW = [
    md("""
    # Event 2: DeepSeek "Open Source Week", 2025-02-24 .. 2025-02-28

    During the week of 2025-02-24 DeepSeek released one open-source infrastructure project a day.
    One article attributes that week's fall of Nvidia and the US indices to the releases. This
    notebook measures the week's moves, compares them with the claimed figures (read from the claims
    registry), and asks whether the moves were abnormal against the market and against the
    semiconductor sector. Day 0 is 2025-02-24 and the event window is (0, 4).
    """),
    code("""
    %matplotlib inline
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    import eventstudy as es
    from eventstudy.deepseek import (CHIPS, CORE10, ESTIMATION_WINDOW, EVENT_MONDAY, EVENT_OSW, MARKET, OSW_END,
                                     SECTOR, DeepSeekData)

    pd.set_option("display.precision", 4)
    data = DeepSeekData()
    rets = data.returns
    """),
    md("""
    ## The estimation window must end before 2025-01-27

    The default window (-260, -11) counted back from 2025-02-24 ends in early February: it contains
    the 2025-01-27 shock itself. One extreme day in the estimation window inflates the residual
    standard deviation (so every later test loses power) and can tilt beta. `DeepSeekData.osw_estimation_window()`
    returns a window of 250 sessions that ends a few sessions before 2025-01-27:
    """),
    code("""
    clean = data.osw_estimation_window()
    sess = es.sessions("XNYS", "2023-06-01", EVENT_OSW)
    day0 = len(sess) - 1  # EVENT_OSW is a session
    for name, w in {"default": ESTIMATION_WINDOW, "clean": clean}.items():
        print(f"{name:8s} {w}: {sess[day0 + w[0]]:%Y-%m-%d} .. {sess[day0 + w[1]]:%Y-%m-%d}")
    """),
    code("""
    naive = es.EventStudy(rets[["NVDA"]], market=rets[MARKET], event_date=EVENT_OSW,
                          estimation_window=ESTIMATION_WINDOW, event_window=(0, 4)).fit()
    good = data.open_source_week(assets=("NVDA",))
    compare = pd.DataFrame({
        f"default {ESTIMATION_WINDOW}": naive.params.loc["NVDA", ["alpha", "beta", "sigma"]],
        f"clean {clean}": good.params.loc["NVDA", ["alpha", "beta", "sigma"]],
    }).astype(float)
    compare.loc["CAR(0,4)"] = [naive.car((0, 4))["NVDA"], good.car((0, 4))["NVDA"]]
    compare.loc["t (0,4)"] = [r.test("t_prediction_error", (0, 4), asset="NVDA").statistic for r in (naive, good)]
    compare
    """),
    code("""
    # the largest absolute residual of the default window, and its date
    resid = naive.estimation_residuals["NVDA"]
    dates = pd.Series(naive.panel.dates_est[:, 0], index=resid.index)
    k = resid.abs().idxmax()
    print(f"largest |residual| in the default window: event day {k}, {dates[k]:%Y-%m-%d}, {resid[k]:+.4f}")
    """),
    md("""
    ## The week's returns against the claims

    The claims registry records the article's figures for the week (Nvidia, the S&P 500 and the
    Nasdaq-100) together with the interpretation it tests. The observed week return here is the
    close of the Friday before (2025-02-21) to the close of 2025-02-28.
    """),
    code("""
    week_symbols = ["NVDA", *[c for c in CHIPS if c != "NVDA"], "^SOX", "^GSPC", "^IXIC", "^NDX", "^DJI"]
    px = data.prices[week_symbols].dropna(how="all")
    weekly = (px.loc[OSW_END] / px.loc[:"2025-02-21"].iloc[-1] - 1) * 100
    weekly.round(2).to_frame("week return 2025-02-21 close -> 2025-02-28 close (%)")
    """),
    code("""
    from eventstudy.claims import evaluate_claims

    claims = evaluate_claims()
    week = claims[claims["id"].isin(["003-1", "003-2", "003-3"]) & (claims["metric"] == "close_return")]
    week[["claim_id", "asset", "interpretation_label", "window_start", "window_end", "claimed", "observed", "verdict"]]
    """),
    code("""
    # the registry's Mon-Fri reading is the week return computed above: same numbers, two routes
    mon_fri = week[week["interpretation_label"] == "Mon-Fri week"].set_index("asset")
    np.testing.assert_allclose(mon_fri["observed"].astype(float), weekly[mon_fri.index], rtol=1e-9)
    pd.DataFrame({"claim": mon_fri["claim"], "claimed %": mon_fri["claimed"],
                  "observed Mon-Fri %": weekly[mon_fri.index].round(2)})
    """),
    md("""
    The claimed figures are the registry's (`claimed` column), not typed here. The Mon-Fri reading is
    the natural one for "the week", but the table above also shows the other named readings the
    registry tests (from the S&P 500's record close of 2025-02-19, or through Thursday 2025-02-27,
    for an article written before Friday's close): compare the verdicts to see which span the
    article's numbers fit.
    """),
    md("""
    ## Abnormal returns: against the market and against the sector

    Same clean estimation window, two benchmarks. Against `^GSPC` the CAR(0, 4) measures the move
    net of the broad market; against `^SOX` it measures the move net of the semiconductor industry.
    If the week's chip-stock losses were just the market's (or the sector's) fall, the corresponding
    CARs should be indistinguishable from zero.
    """),
    code("""
    by_market = data.open_source_week(assets=CORE10, market=MARKET)
    by_sector = data.open_source_week(assets=CORE10, market=SECTOR)

    def car_table(r):
        p = {x.asset: x.pvalue for x in r.test("t_prediction_error", (0, 4))}
        return pd.DataFrame({"CAR(0,4) %": r.car((0, 4)) * 100, "BHAR(0,4) %": r.bhar((0, 4)) * 100,
                             "p (t)": pd.Series(p)})

    pd.concat({"vs ^GSPC": car_table(by_market), "vs ^SOX": car_table(by_sector)}, axis=1)
    """),
    code("""
    from eventstudy.report import figures

    figures.car_paths(by_market.cumulative_abnormal_returns()[list(CHIPS)],
                      title="Open Source Week: CAR of the chip makers vs ^GSPC")
    """),
    md("""
    The registry reads the causal claim (003-5: the releases, not other news, drove the fall) as a
    necessary condition only: a significantly negative CAR against the market and against the sector.
    Its verdicts, from the same event-study machinery:
    """),
    code("""
    claims[claims["id"] == "003-5"][["claim_id", "asset", "interpretation_label", "observed", "p_value", "verdict"]]
    """),
    md("""
    ## The test battery

    The cross-sectional tests for the whole week (0, 4) and for day 0 alone, under both benchmarks:
    """),
    code("""
    def cross_sectional(r, window):
        t = r.tests(window)
        return t[t["asset"].isna()].set_index("test")[["statistic", "pvalue"]]

    pd.concat({f"{name} {w}": cross_sectional(r, w)
               for name, r in {"^GSPC": by_market, "^SOX": by_sector}.items()
               for w in [(0, 0), (0, 4)]}, axis=1)
    """),
    md("""
    ## Intraday paths from the 5-minute bars

    The snapshot's regular-session 5-minute bars (no pre-market) show *when* during the week the
    prices moved: overnight gaps versus moves during the session. Each path is the bar close
    relative to the official daily close of 2025-02-21, in percent; sessions are laid end to end.
    """),
    code("""
    symbols = ["NVDA", "TSM", "MU", "MSFT", "SPY", "QQQ", "^SOX"]
    bars = es.load_bars(symbols, start=EVENT_OSW, end=OSW_END, tz="exchange")
    ref = es.load_prices(symbols).loc[:"2025-02-21"].iloc[-1]
    bars["rel_pct"] = (bars["close"] / bars["symbol"].map(ref) - 1) * 100
    paths = bars.pivot(index="timestamp", columns="symbol", values="rel_pct")[symbols]

    fig, ax = plt.subplots(figsize=(9, 4))
    x = np.arange(len(paths))
    for s in symbols:
        ax.plot(x, paths[s], lw=1.2 if s in ("NVDA", "SPY") else 0.8, label=s)
    days = paths.index.normalize()
    starts = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
    ax.set_xticks(starts, [f"{d:%a %m-%d}" for d in days[starts]])
    for s0 in starts[1:]:
        ax.axvline(s0, color="0.7", lw=0.6)
    ax.axhline(0, color="0.4", lw=0.6)
    ax.set_ylabel("vs close of 2025-02-21 (%)")
    ax.legend(ncol=4, fontsize="small")
    ax.set_title("Open Source Week, 5-minute bars (regular session)");
    """),
    code("""
    # per session: overnight gap (previous close -> first bar open) and session move (open -> last bar close), %
    b = bars.assign(day=bars["timestamp"].dt.tz_localize(None).dt.normalize())
    daily = b.groupby(["symbol", "day"]).agg(open=("open", "first"), close=("close", "last"))
    prev_close = es.load_prices(symbols).shift(1).stack().rename("prev_close")
    prev_close.index.names = ["day", "symbol"]
    daily = daily.join(prev_close.swaplevel(), how="left")
    daily["gap %"] = (daily["open"] / daily["prev_close"] - 1) * 100
    daily["session %"] = (daily["close"] / daily["open"] - 1) * 100
    daily.loc[["NVDA", "SPY"], ["gap %", "session %"]].round(2)
    """),
    md("""
    Compare the overnight gaps with the in-session moves in the table above: a release announced
    before the open would show up as a gap, whereas a steady in-session decline points to other
    drivers (the same week also brought macro news and Nvidia's earnings on 2025-02-26 after the
    close). The event-study CARs cannot tell these apart; the bars can say when, not why.
    """),
]


# --------------------------------------------------------------------------- 04
CRYPTO = [
    md("""
    # Crypto: BTC and ETH around the DeepSeek events

    Bitcoin and Ether trade every calendar day; the US market trades on NYSE sessions. Four issues
    an event study of crypto must settle, each shown below with the package: (1) calendar alignment,
    (2) the benchmark, (3) the short history of the snapshot's Yahoo series, and (4) the choice of
    test under fat tails. The last section checks the articles' crypto claims.
    """),
    code("""
    %matplotlib inline
    import numpy as np
    import pandas as pd
    from scipy import stats

    import eventstudy as es
    from eventstudy.deepseek import EVENT_MONDAY, EVENT_OSW

    pd.set_option("display.precision", 4)
    prices = es.load_prices(["BTC-USD", "ETH-USD", "BTC-USD@exchange", "^GSPC"])
    rets = es.to_returns(prices)
    {s: es.calendar_for(s) for s in prices.columns}
    """),
    md("""
    ## Calendar alignment

    Crypto rows exist for every UTC day; `^GSPC` has rows on NYSE sessions only. Around the event,
    the weekend of 2025-01-25/26 is where the news broke:
    """),
    code("""
    prices.loc["2025-01-23":"2025-01-28"]
    """),
    md("""
    `align_returns(policy="market")` puts the 24/7 series on the XNYS sessions by compounding the
    weekend's returns into Monday's, so a market-model regression pairs returns over the same span.
    `policy="own"` leaves each asset on its own calendar. The check below recomputes the Monday value
    from the three UTC days it spans:
    """),
    code("""
    aligned = es.align_returns(rets, policy="market")
    print(aligned.loc["2025-01-23":"2025-01-28"])
    by_hand = (1 + rets.loc["2025-01-25":"2025-01-27", "BTC-USD"]).prod() - 1
    print("compounded Sat+Sun+Mon:", round(by_hand, 6), " aligned Monday:", round(aligned.loc[EVENT_MONDAY, "BTC-USD"], 6))
    assert np.isclose(by_hand, aligned.loc[EVENT_MONDAY, "BTC-USD"])
    """),
    code("""
    # day 0 per calendar: an event on a Saturday rolls to Monday on XNYS, not on the 24/7 calendar
    pd.DataFrame({cal: {d: es.event_day0(cal, d) for d in ["2025-01-25", EVENT_MONDAY]} for cal in ["24/7", "XNYS"]})
    """),
    md("""
    ## Short history: the typed error, and the fix

    The snapshot's Yahoo crypto series start on 2024-08-21 (and the exchange copy of BTC on
    2024-10-08), so the default estimation window (-260, -11) reaches back before the data. The
    package refuses rather than silently shortening the window:
    """),
    code("""
    try:
        es.EventStudy(rets[["BTC-USD", "ETH-USD"]], market=rets["^GSPC"], event_date=EVENT_MONDAY,
                      alignment="market").fit()
    except es.EventOutOfRangeError as err:
        print(type(err).__name__, ":", err)
    """),
    md("""
    Shortening the window to (-100, -11) on the XNYS calendar leaves fewer observations than the
    default `min_estimation`, which is a second, deliberate guard:
    """),
    code("""
    try:
        es.EventStudy(rets[["BTC-USD", "ETH-USD"]], market=rets["^GSPC"], event_date=EVENT_MONDAY,
                      estimation_window=(-100, -11), alignment="market").fit()
    except es.EstimationWindowTooShortError as err:
        print(type(err).__name__, ":", err)
    """),
    md("""
    The fix is explicit: a window that fits the data and a lower `min_estimation`, chosen knowingly
    (the estimates are noisier, which the tests' degrees of freedom reflect).
    """),
    md("""
    ## Which benchmark?

    * **A. Constant mean on the own 24/7 calendar.** No market regressor; event days are UTC days, so
      day 0 is Monday 2025-01-27 and the weekend is days -2 and -1. Estimation window (-150, -11)
      in calendar days.
    * **B. Market model against `^GSPC` after alignment.** Weekend returns are rolled into Monday;
      event days are NYSE sessions. Estimation window (-100, -11) in sessions, `min_estimation=80`.
    """),
    code("""
    coins = ["BTC-USD", "ETH-USD"]
    A = es.EventStudy(rets[coins], event_date=EVENT_MONDAY, model="constant_mean",
                      estimation_window=(-150, -11), event_window=(-2, 4)).fit()
    B = es.EventStudy(rets[coins], market=rets["^GSPC"], event_date=EVENT_MONDAY, alignment="market",
                      estimation_window=(-100, -11), event_window=(-1, 4), min_estimation=80).fit()
    pd.concat({"A: constant mean, 24/7": A.params[["alpha", "sigma", "n_obs", "calendar"]],
               "B: market model, XNYS": B.params[["alpha", "beta", "sigma", "r2", "n_obs", "calendar"]]}, axis=1).T
    """),
    code("""
    pd.concat({"A: AR % (UTC days)": A.abnormal_returns * 100, "B: AR % (NYSE sessions)": B.abnormal_returns * 100},
              axis=1).round(2)
    """),
    code("""
    pd.DataFrame({
        "A: CAR(0,0) %": A.car((0, 0)) * 100, "A: CAR(0,4) %": A.car((0, 4)) * 100, "A: CAR(-2,0) %": A.car((-2, 0)) * 100,
        "B: CAR(0,0) %": B.car((0, 0)) * 100, "B: CAR(0,4) %": B.car((0, 4)) * 100,
    }).round(2)
    """),
    md("""
    Under A, a window that starts on day 0 misses the weekend, when the news broke; CAR(-2, 0)
    includes it. Under B, the weekend is inside day 0 by construction, and beta removes the part of
    Monday's move that the US market explains.

    **Source cross-check.** Yahoo's `BTC-USD` and the exchange series `BTC-USD@exchange` close their
    UTC days at slightly different times. The same specification on both (the shorter exchange
    history sets the window):
    """),
    code("""
    X = es.EventStudy(rets[["BTC-USD", "BTC-USD@exchange"]], event_date=EVENT_MONDAY, model="constant_mean",
                      estimation_window=(-100, -11), event_window=(-2, 4), min_estimation=80).fit()
    out = (X.abnormal_returns * 100).round(3)
    out["difference (pp)"] = out["BTC-USD"] - out["BTC-USD@exchange"]
    print("estimation-window residual correlation:", round(X.estimation_residuals.corr().iloc[0, 1], 4))
    out
    """),
    md("""
    ## Why the test choice matters

    Crypto daily returns are fat-tailed; the excess kurtosis of the estimation-window residuals is
    computed below (zero for a normal distribution). The t-test's p-value relies on
    normality; the SQ test reads the tail from the residuals themselves, but with a short window it
    cannot go below `1 / (L + 1)` for `L` residuals.
    """),
    code("""
    kurt = pd.DataFrame({"A (24/7)": stats.kurtosis(A.estimation_residuals, axis=0),
                         "B (XNYS)": stats.kurtosis(B.estimation_residuals, axis=0)}, index=coins)
    print("excess kurtosis of the estimation residuals:")
    print(kurt.round(2))
    rows = []
    A_osw = es.EventStudy(rets[coins], event_date=EVENT_OSW, model="constant_mean",
                          estimation_window=(-150, -11), event_window=(0, 4)).fit()
    for spec, r, windows in [("A", A, [(0, 0), (-2, 0), (0, 4)]), ("B", B, [(0, 0), (0, 4)]),
                             ("A, Open Source Week", A_osw, [(0, 4)])]:
        L = int(r.params["n_obs"].iloc[0])
        for w in windows:
            for coin in coins:
                t = r.test("t_prediction_error", w, asset=coin)
                sq = r.test("sq", w, asset=coin)
                rows.append({"spec": spec, "window": str(w), "asset": coin, "CAR %": r.car(w)[coin] * 100,
                             "p (t)": t.pvalue, "p (SQ)": sq.pvalue, "min SQ p = 1/(L+1)": 1 / (L + 1)})
    pd.DataFrame(rows).set_index(["spec", "window", "asset"])
    """),
    md("""
    Compare the `p (t)` and `p (SQ)` columns in the table above. Where they fall on different sides
    of a conventional significance level (check the Open Source Week rows, when Bitcoin fell much
    more than around 2025-01-27), the conclusion depends on the assumption about the tails, and a
    study of crypto should report both.
    """),
    md("""
    ## The crypto claims, from the claims engine

    Article 001 says Bitcoin fell below a threshold on 2025-01-27 with a 24-hour fall, and Ether
    likewise; article 003 (and its Arabic version 000) says Bitcoin fell at one point to a level
    during the Open Source Week. A threshold "fell below" needs the intraday low, which only the
    exchange OHLC series has (the Yahoo series are close-only); "24 hours" is read as the UTC day,
    since a rolling 24-hour window ending at an unknown time cannot be resolved. The registry holds
    each reading as a row of its own, with the claimed figure:
    """),
    code("""
    from IPython.display import Markdown

    from eventstudy.claims import evaluate_claims, format_claims

    claims = evaluate_claims()
    crypto = claims[claims["id"].isin(["001-5", "001-6", "003-4"])]
    crypto[["claim_id", "asset", "interpretation_label", "claimed", "observed", "unit", "verdict"]]
    """),
    code("""
    Markdown(format_claims(crypto, "md"))  # the same rows with tolerances, prices used and the AR/CAR evidence
    """),
]


NOTEBOOKS = {
    "01_quickstart": QUICKSTART,
    "02_deepseek_monday": MONDAY,
    "03_open_source_week": OSW,
    "04_crypto": CRYPTO,
}


def main() -> None:
    for stem, cells in NOTEBOOKS.items():
        print(build(stem, cells))


if __name__ == "__main__":
    main()
