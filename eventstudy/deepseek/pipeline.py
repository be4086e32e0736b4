"""``eventstudy reproduce``: the DeepSeek study from the snapshot to results/ and the paper.

Writes, deterministically (fixed seeds, registry/asset order, fixed float
formatting), into ``out_dir``:

- ``design.json``: the study design of each event (universe, benchmarks, windows, primary tests;
  :func:`eventstudy.deepseek.design.study_design`), with the size of each primary test;
- ``size.csv`` / ``power.csv``: rejection rates of every test on real placebo dates, the treated
  universe sharing each date (the selection rule of the primary tests reads them);
- ``day_returns.csv``: close-to-close returns on 2025-01-27 (the foundation table);
- ``monday_*.csv`` / ``osw_*.csv``: parameters, abnormal returns, CARs and the test battery;
- ``crypto_*.csv``, ``robustness.csv``, ``placebo_nvda.csv``, ``extensions_*.csv``;
- ``claims_summary.csv`` (one row per claim), ``claims.csv`` (every reading), ``claims.md``,
  ``claims.tex``, ``claims_evidence.csv`` (claims engine).

With a paper directory it also writes ``paper/generated/*.tex``, ``paper/figures/*``
and compiles ``paper/paper.pdf``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd

from .design import DAY_RETURN_SYMBOLS, EVENT_MONDAY, WINDOWS, DeepSeekData

__all__ = ["reproduce", "write_csv", "FLOAT_FORMAT"]

FLOAT_FORMAT = "%.10g"
#: Last date any analysis of the study uses (Open Source Week's widest window ends in March 2025).
STUDY_END = "2025-06-30"


def write_csv(df: pd.DataFrame, path: Path, index: bool = True) -> Path:
    """Write ``df`` with the fixed float format and ``\\n`` line endings (byte-stable reruns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, float_format=FLOAT_FORMAT, index=index, lineterminator="\n", date_format="%Y-%m-%d")
    return path


def _say(msg: str) -> None:
    print(msg, flush=True)


def reproduce(
    out_dir: Path = Path("results"),
    paper_dir: Path | None = Path("paper"),
    compile_pdf: bool = True,
    data_dir: str | None = None,
    strict: bool = True,
) -> dict[str, object]:
    """Run the whole DeepSeek study and write every output; returns the main objects."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = DeepSeekData(data_dir)
    outputs: dict[str, object] = {"data": data}

    # 0. data quality over the study universe (errors in strict mode)
    try:
        from ..data.quality import check_quality
    except ImportError:  # pragma: no cover - module shipped with the package
        check_quality = None
    from ..errors import DataQualityWarning

    with warnings.catch_warnings():
        if strict:
            warnings.simplefilter("error", DataQualityWarning)
        if check_quality is not None:
            check_quality(data.prices.loc[:STUDY_END], data.returns.loc[:STUDY_END])
        _check_off_sessions(data.prices)

    # the study design of each event (universe, benchmarks, windows, primary tests): results/design.json
    from .design import write_design

    write_design(out_dir / "design.json", data_dir)
    _say(f"Study design: {out_dir / 'design.json'}")

    # 1. the foundation table: close-to-close returns on 2025-01-27
    day = data.day_returns(EVENT_MONDAY, DAY_RETURN_SYMBOLS)
    table = pd.DataFrame({"symbol": day.index, "return_pct": (day * 100).to_numpy()})
    write_csv(table, out_dir / "day_returns.csv", index=False)
    _say(f"Close-to-close returns on {EVENT_MONDAY} (snapshot, percent):")
    for s, v in zip(table["symbol"], table["return_pct"], strict=True):
        _say(f"  {s:<8} {v:+9.4f}")
    _say("  (crypto: UTC day 2025-01-26 -> 2025-01-27; compounded onto XNYS sessions, Friday -> Monday:)")
    from ..calendars import align_returns

    crypto = [s for s in DAY_RETURN_SYMBOLS if s.endswith("-USD")]
    aligned = align_returns(data.returns[crypto].dropna(how="all"), policy="market", market_calendar="XNYS")
    for s in crypto:
        _say(f"  {s + ' (XNYS)':<14} {aligned.loc[pd.Timestamp(EVENT_MONDAY), s] * 100:+9.4f}")

    # 2. DeepSeek Monday: the core battery
    monday = data.monday()
    outputs["monday"] = monday
    _write_study(monday, out_dir, "monday", WINDOWS)
    _say(
        f"DeepSeek Monday: {len(monday.labels)} assets, NVDA AR(0) = {monday.abnormal_returns.loc[0, 'NVDA'] * 100:+.4f}%"
    )

    # 3. Open Source Week
    osw = data.open_source_week()
    outputs["osw"] = osw
    _write_study(osw, out_dir, "osw", ((0, 0), (0, 4)))
    _say(f"Open Source Week: NVDA CAR(0,4) = {osw.car((0, 4))['NVDA'] * 100:+.4f}%")

    # 4. robustness and placebo
    rob = data.robustness()
    write_csv(rob, out_dir / "robustness.csv", index=False)
    outputs["robustness"] = rob
    plc = data.nvda_placebo()
    outputs["placebo"] = plc
    write_csv(plc.distribution.to_frame(), out_dir / "placebo_nvda.csv")
    _say(f"NVDA placebo: {plc.n} pseudo-events, event AR {plc.event_value * 100:+.4f}%, p = {plc.pvalue:.4g}")

    # 4b. size and power of the tests on real placebo dates, treated universe sharing each date;
    #     the selection rule of the design picks the primary tests from it (design.json records both)
    from .design import POWER_SHIFT, SIZE_DRAWS, select_primary, write_design

    size = data.size_experiment()
    power = data.size_experiment(shift=POWER_SHIFT, windows=((0, 0),))
    outputs["size"], outputs["power"] = size, power
    write_csv(size, out_dir / "size.csv", index=False)
    write_csv(power, out_dir / "power.csv", index=False)
    picked = select_primary(size)
    _say(f"Size on {SIZE_DRAWS} placebo dates: the selection rule picks {picked}")
    size_map: dict[str, dict[str, object]] = {}
    for row in size.itertuples():
        size_map.setdefault(str(row.test), {})[str(row.window)] = {
            "shared_date_rejection_rate": float(row.rejection_rate),
            "mc_se": float(row.mc_se),
            "n_decisions": int(row.n),
            "placebo_dates": SIZE_DRAWS,
        }
    write_design(out_dir / "design.json", data_dir, size=size_map)

    # 5. claims
    from .claims import evaluate_claims, summarise_claims
    from .claims_output import headline, write_claims

    claims = evaluate_claims(data_dir=data_dir)
    write_claims(
        claims, out_dir
    )  # claims_summary.csv (one row per claim), claims.csv (every reading), claims.md
    outputs["claims"] = claims
    outputs["claims_summary"] = summarise_claims(claims)
    _say("Claims: " + headline(outputs["claims_summary"]))

    if paper_dir is not None:
        from .paper_build import build_paper_inputs

        paper_dir = Path(paper_dir)
        build_paper_inputs(
            outputs,
            paper_dir,
            out_dir,
            compile_pdf=compile_pdf,
            readme_png=paper_dir.resolve().parent / "docs" / "price_paths_jan27.png",
        )
    sys.stdout.flush()
    return outputs


def _check_off_sessions(prices: pd.DataFrame) -> None:
    """Warn (error in strict mode) on values dated on non-sessions inside the study period."""
    from ..calendars import off_session_dates
    from ..errors import DataQualityWarning

    for sym, dates in off_session_dates(prices).items():
        inside = dates[dates <= pd.Timestamp(STUDY_END)]
        outside = dates[dates > pd.Timestamp(STUDY_END)]
        if len(inside):
            warnings.warn(
                f"{sym} has values on non-sessions of its calendar inside the study period: "
                f"{', '.join(f'{d:%Y-%m-%d}' for d in inside[:5])}",
                DataQualityWarning,
                stacklevel=2,
            )
        if len(outside):
            _say(
                f"Note: {sym} has rows on non-sessions after the study period (not used): "
                + ", ".join(f"{d:%Y-%m-%d}" for d in outside)
            )


def _write_study(res, out_dir: Path, stem: str, windows) -> None:  # noqa: ANN001
    write_csv(res.params, out_dir / f"{stem}_params.csv")
    write_csv(res.abnormal_returns, out_dir / f"{stem}_ar.csv")
    cars = pd.DataFrame({f"car_{w[0]}_{w[1]}": res.car(w) for w in windows})
    write_csv(cars, out_dir / f"{stem}_car.csv")
    tests = pd.concat([res.tests(w) for w in windows], ignore_index=True)
    write_csv(tests, out_dir / f"{stem}_tests.csv", index=False)
