"""Benchmark of the batch event-study engine: ``.venv/bin/python benchmarks/run.py [--quick]``.

Compares, in one run and on the same data:

(a) ``eventstudy.batch.batch_study`` (this package, shared-design fast path) and its
    ``method="fit_batch"`` variant (``eventstudy.engine.fit_batch`` on chunks of pairs);
(b) a straightforward loop: one statsmodels OLS per asset per event, then the four tests
    (``eventstudy.inference``: Patell, BMP, Kolari-Pynnönen, Corrado) per event;
(c) the PyPI package ``eventstudy==0.1a12`` (an unrelated project sharing our import
    name) in its own venv ``benchmarks/.venv-pypi-eventstudy``, for what it can do:
    market-model ARs/CARs and its CAAR t-test;

on SYNTHETIC returns (fixed seed, ~2000 XNYS sessions) for N assets x M event dates,
N, M in {10, 100, 1000}, and on the REAL snapshot (long-history IBKR stocks x all 2024
sessions as pseudo-event dates). Loops too slow to run in full are timed on a subset of
event dates and extrapolated linearly; the output says so. Results go to
``benchmarks/results/latest.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import eventstudy as es  # noqa: E402
from eventstudy.batch import STAT_COLUMNS, BatchResult, batch_study, batch_study_reference  # noqa: E402

SEED = 20250127
EST, EVT = (-260, -11), (-1, 1)
L, T = EST[1] - EST[0] + 1, EVT[1] - EVT[0] + 1
PYPI_VENV = ROOT / "benchmarks" / ".venv-pypi-eventstudy"
PYPI_VERSION = "0.1a12"
RESULTS = ROOT / "benchmarks" / "results"
NUMERIC = ["caar", *STAT_COLUMNS, *(f"{c}_pvalue" for c in STAT_COLUMNS), "rbar", "corrado_sd"]
# long IBKR daily histories (2016 on) of stocks on the XNYS calendar (ETFs and the Korean
# listings SAMSUNG/SKHYNIX, which trade on another calendar, are left out)
REAL_STOCKS = [
    "AAPL", "ABBV", "AMD", "AMZN", "AVGO", "AZN", "BRK.B", "COST", "GOOG", "HD", "INTC", "ISRG", "JNJ",
    "KO", "LLY", "MCD", "META", "MSFT", "MU", "NVDA", "PEP", "PG", "TSLA", "TSM", "UNH", "WMT",
]  # fmt: skip


# ----------------------------------------------------------------------------- data


def synthetic(n_assets: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.Series]:
    """SYNTHETIC market-model returns on the XNYS sessions 2016-01-04 .. 2023-12-29."""
    rng = np.random.default_rng(seed)
    idx = es.sessions("XNYS", "2016-01-01", "2023-12-31")
    d = len(idx)
    m = 3e-4 + rng.standard_normal(d) * 0.01
    common = rng.standard_normal(d) * 0.004
    beta = rng.uniform(0.3, 1.7, n_assets)
    sd = rng.uniform(0.01, 0.03, n_assets)
    r = 2e-4 + np.outer(m, beta) + common[:, None] + rng.standard_normal((d, n_assets)) * sd
    cols = [f"SYN{i:04d}" for i in range(n_assets)]
    return pd.DataFrame(r, index=idx, columns=cols), pd.Series(m, index=idx, name="SYNMKT")


def event_dates(index: pd.DatetimeIndex, m: int, seed: int = SEED) -> pd.DatetimeIndex:
    rng = np.random.default_rng(seed + m)
    pos = np.sort(rng.choice(np.arange(-EST[0] + 5, len(index) - EVT[1] - 5), size=m, replace=False))
    return index[pos]


# ----------------------------------------------------------------------------- timing


def best_of(f: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def max_diff(a: BatchResult, b: BatchResult) -> float:
    d = [np.nanmax(np.abs(a.stats[NUMERIC].to_numpy() - b.stats[NUMERIC].to_numpy()))]
    for k in ("car", "scar", "alpha", "beta", "sigma"):
        d.append(np.nanmax(np.abs(getattr(a, k).to_numpy() - getattr(b, k).to_numpy())))
    return float(max(d))


def sub(res: BatchResult, dates: pd.DatetimeIndex) -> BatchResult:
    """Rows of ``res`` for ``dates``."""
    pick = {k: getattr(res, k).loc[dates] for k in ("car", "scar", "alpha", "beta", "sigma", "stats")}
    return BatchResult(
        **pick,
        estimation_window=res.estimation_window,
        event_window=res.event_window,
        window=res.window,
        ddof=res.ddof,
        dof=res.dof,
        alternative=res.alternative,
    )


def statsmodels_loop(rets: pd.DataFrame, mkt: pd.Series, dates: pd.DatetimeIndex) -> BatchResult:
    """The straightforward way: statsmodels OLS per asset per event, then the four tests."""
    import statsmodels.api as sm

    from eventstudy.inference import bmp, corrado_rank, kolari_pynnonen, patell
    from eventstudy.inference.base import EventSample

    n = rets.shape[1]
    car = np.empty((len(dates), n))
    scar = np.empty_like(car)
    alpha, beta, sigma = np.empty_like(car), np.empty_like(car), np.empty_like(car)
    rows = {k: [] for k in ("caar", *STAT_COLUMNS, "rbar", "corrado_sd")}
    pv = {k: [] for k in STAT_COLUMNS}
    for j, d in enumerate(dates):
        p0 = rets.index.get_loc(d)
        est = slice(p0 + EST[0], p0 + EST[1] + 1)
        evt = slice(p0 + EVT[0], p0 + EVT[1] + 1)
        x_est = sm.add_constant(mkt.iloc[est].to_numpy())
        x_evt = sm.add_constant(mkt.iloc[evt].to_numpy(), has_constant="add")
        ar_est, ar_evt = np.empty((L, n)), np.empty((T, n))
        cov = np.empty((n, T, T))
        for i, a in enumerate(rets.columns):
            fit = sm.OLS(rets[a].iloc[est].to_numpy(), x_est).fit()
            ar_est[:, i] = fit.resid
            ar_evt[:, i] = rets[a].iloc[evt].to_numpy() - x_evt @ fit.params
            cov[i] = fit.scale * (np.eye(T) + x_evt @ fit.normalized_cov_params @ x_evt.T)
            alpha[j, i], beta[j, i], sigma[j, i] = fit.params[0], fit.params[1], np.sqrt(fit.scale)
        s = EventSample(
            ar_est=ar_est,
            ar_evt=ar_evt,
            event_days=np.arange(EVT[0], EVT[1] + 1),
            sigma=sigma[j],
            cov_evt=cov,
            dof=L - 2,
            ddof=2,
            est_days=np.arange(EST[0], EST[1] + 1),
        )
        car[j], scar[j] = s.car(), s.scar()
        tests = (patell(s), bmp(s), kolari_pynnonen(s), corrado_rank(s))
        rows["caar"].append(car[j].mean())
        for name, t in zip(STAT_COLUMNS, tests, strict=True):
            rows[name].append(t.statistic)
            pv[name].append(t.pvalue)
        rows["rbar"].append(tests[2].details["rbar"])
        rows["corrado_sd"].append(tests[3].details["sd_u"])
    idx = pd.Index(dates, name="event_date")
    cols = pd.Index(rets.columns, name="asset")
    st = pd.DataFrame(index=idx)
    for k in ("caar", *STAT_COLUMNS):
        st[k] = rows[k]
        if k in pv:
            st[f"{k}_pvalue"] = pv[k]
    st["rbar"], st["corrado_sd"] = rows["rbar"], rows["corrado_sd"]

    def frame(a: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(a, index=idx, columns=cols)

    return BatchResult(
        car=frame(car),
        scar=frame(scar),
        alpha=frame(alpha),
        beta=frame(beta),
        sigma=frame(sigma),
        stats=st,
        estimation_window=EST,
        event_window=EVT,
        window=EVT,
        ddof=2,
        dof=L - 2,
    )


# ----------------------------------------------------------------------------- PyPI package


def pypi_setup() -> tuple[Path | None, str]:
    """Create the PyPI venv if needed; return (python, note)."""
    py = PYPI_VENV / "bin" / "python"
    if not py.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PYPI_VENV)], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            subprocess.run(["python3", "-m", "venv", str(PYPI_VENV)], check=True, capture_output=True)
    pip = PYPI_VENV / "bin" / "pip"
    ok = subprocess.run(
        [str(py), "-c", f"import eventstudy; assert eventstudy.__version__ == '{PYPI_VERSION}'"],
        capture_output=True,
    )
    if ok.returncode != 0:
        with tempfile.TemporaryDirectory() as tmp:
            dl = subprocess.run(
                [str(pip), "download", "--no-deps", "-d", tmp, f"eventstudy=={PYPI_VERSION}"],
                capture_output=True,
                text=True,
            )
        if dl.returncode != 0:
            return None, f"`pip download eventstudy=={PYPI_VERSION}` failed: {dl.stderr.strip()[-300:]}"
        inst = subprocess.run(
            [str(pip), "install", f"eventstudy=={PYPI_VERSION}"], capture_output=True, text=True
        )
        if inst.returncode != 0:
            return None, f"`pip install eventstudy=={PYPI_VERSION}` failed: {inst.stderr.strip()[-300:]}"
    return py, "installed"


def pypi_run(py: Path, rets: pd.DataFrame, mkt: pd.Series, cases: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "returns.csv"
        frame = rets.copy()
        frame["SYNMKT"] = mkt
        frame.index = frame.index.strftime("%Y-%m-%d")
        frame.index.name = "date"
        frame.to_csv(csv, float_format="%.17g")
        spec = {
            "csv": str(csv),
            "market": "SYNMKT",
            "estimation_size": L,
            "buffer_size": EVT[0] - EST[1] - 1,
            "event_window": list(EVT),
            "cases": cases,
        }
        (Path(tmp) / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        out = Path(tmp) / "out.json"
        proc = subprocess.run(
            [
                str(py),
                str(ROOT / "benchmarks" / "pypi_eventstudy_adapter.py"),
                str(Path(tmp) / "spec.json"),
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=tmp,  # so our own package is not importable there
        )
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        return json.loads(out.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- peak memory child


def child_peak(n: int, m: int) -> None:
    """Run one batch study in a fresh process and print JSON with time and memory."""
    rets, mkt = synthetic(1000)
    rets = rets.iloc[:, :n]
    dates = event_dates(rets.index, m)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    batch_study(rets, mkt, dates, EST, EVT)
    secs = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rss_before_mb": base / 1024,
                "rss_peak_mb": after / 1024,
                "traced_peak_mb": peak / 2**20,
                "seconds_traced": secs,
            }
        )
    )


def peak_memory(n: int, m: int) -> dict:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child-peak", str(n), str(m)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- main


def fmt_s(x: float | None) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return f"{x:.3f}" if x < 100 else f"{x:,.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="N, M in {10, 100} only; smaller loop subsets")
    ap.add_argument("--child-peak", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-pypi", action="store_true", help="skip the PyPI eventstudy comparison")
    args = ap.parse_args()
    if args.child_peak:
        child_peak(*args.child_peak)
        return
    warnings.simplefilter("ignore", category=FutureWarning)
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    pair_budget = 300 if args.quick else 2000  # pairs per case for the slow loops
    pypi_budget = 200 if args.quick else 1000
    lines: list[str] = []

    def out(s: str = "") -> None:
        print(s, flush=True)
        lines.append(s)

    load = os.getloadavg()
    out("# Batch event-study benchmark")
    out("")
    out(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"load average at start {load[0]:.2f} (shared machine: times are best of repeats)."
    )
    out(
        f"Market model, estimation window {EST}, event window {EVT}, CAR window = event window; "
        "statistics per event date: Patell Z, BMP t, Kolari-Pynnönen adjusted BMP t, Corrado rank Z."
    )
    out("")
    rets_all, mkt = synthetic(max(sizes))
    out(
        f"## SYNTHETIC panel (seed {SEED}): {len(rets_all)} XNYS sessions "
        f"{rets_all.index[0]:%Y-%m-%d} .. {rets_all.index[-1]:%Y-%m-%d}, up to {rets_all.shape[1]} assets"
    )
    out("")
    py, pypi_note = (None, "skipped (--no-pypi)") if args.no_pypi else pypi_setup()
    records = []
    pypi_cases = []
    for n in sizes:
        rets = rets_all.iloc[:, :n]
        for m in sizes:
            dates = event_dates(rets.index, m)
            rec: dict = {"N": n, "M": m, "K": n * m}
            rep = 3 if n * m <= 100_000 else 2
            rec["batch_s"], res = best_of(lambda r=rets, d=dates: batch_study(r, mkt, d, EST, EVT), rep)
            rec["fit_batch_s"], res_fb = best_of(
                lambda r=rets, d=dates: batch_study(r, mkt, d, EST, EVT, method="fit_batch"), 1
            )
            rec["diff_fit_batch"] = max_diff(res, res_fb)
            k = max(1, min(m, pair_budget // n))
            sub_dates = dates[:k]
            t0 = time.perf_counter()
            sm_res = statsmodels_loop(rets, mkt, sub_dates)
            t_sm = time.perf_counter() - t0
            rec["sm_events"] = k
            rec["sm_s"] = t_sm * m / k
            rec["sm_measured"] = k == m
            rec["diff_statsmodels"] = max_diff(sub(res, sub_dates), sm_res)
            kr = max(1, min(m, pair_budget // n, 20))
            ref_dates = dates[:kr]
            t0 = time.perf_counter()
            ref = batch_study_reference(rets, mkt, ref_dates, EST, EVT)
            rec["ref_s"] = (time.perf_counter() - t0) * m / kr
            rec["ref_events"] = kr
            rec["diff_reference"] = max_diff(sub(res, ref_dates), ref)
            kp = max(1, min(m, pypi_budget // n))
            pypi_cases.append(
                {
                    "name": f"{n}x{m}",
                    "assets": list(rets.columns),
                    "events": [f"{d:%Y-%m-%d}" for d in dates[:kp]],
                }
            )
            rec["pypi_events"] = kp
            rec["_res"] = res
            records.append(rec)
            print(f"  done N={n} M={m}: batch {rec['batch_s']:.3f}s", flush=True)
    pypi = None
    if py is not None:
        try:
            pypi = pypi_run(py, rets_all, mkt, pypi_cases)
        except RuntimeError as exc:
            pypi_note = f"its run failed: {exc}"
    for rec in records:
        if pypi is None:
            rec["pypi_s"] = None
            continue
        case = next(c for c in pypi["cases"] if c["name"] == f"{rec['N']}x{rec['M']}")
        kp = rec["pypi_events"]
        rec["pypi_s"] = case["seconds"] * rec["M"] / kp
        ours = rec["_res"].car.to_numpy()[:kp]
        rec["diff_pypi_car"] = float(np.max(np.abs(ours - np.array(case["car"]))))

    # Dask on the largest case
    n_big, m_big = max(sizes), max(sizes)
    big = next(r for r in records if r["N"] == n_big and r["M"] == m_big)
    dask_line = ""
    try:
        from distributed import Client, LocalCluster

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
                ) as cl,
                Client(cl) as client,
            ):
                dates = event_dates(rets_all.index, m_big)
                r_big = rets_all.iloc[:, :n_big]
                t_dask, res_dask = best_of(
                    lambda: batch_study(r_big, mkt, dates, EST, EVT, backend="dask", client=client), 1
                )
        big["dask_s"] = t_dask
        big["diff_dask"] = max_diff(big["_res"], res_dask)
        dask_line = (
            f"Dask backend ({n_big} x {m_big}, LocalCluster 2 workers x 1 thread, processes=False): "
            f"{t_dask:.3f} s; max |difference| to the in-process engine {big['diff_dask']:.1e}."
        )
    except ImportError:
        dask_line = "Dask backend: dask.distributed not installed."
    mem = peak_memory(n_big, m_big)

    out(
        "| N assets | M events | pairs | batch (s) | fit_batch path (s) | statsmodels loop (s) | "
        "eventstudy per-event loop (s) | PyPI eventstudy 0.1a12 (s) | speed-up vs statsmodels | "
        "speed-up vs PyPI |"
    )
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in records:
        sm_tag = "" if r["sm_measured"] else f" (extrap. from {r['sm_events']} ev.)"
        ref_tag = "" if r["ref_events"] == r["M"] else f" (extrap. from {r['ref_events']} ev.)"
        if r["pypi_s"] is None:
            pypi_s, pypi_x = "n/a", "n/a"
        else:
            pt = "" if r["pypi_events"] == r["M"] else f" (extrap. from {r['pypi_events']} ev.)"
            pypi_s, pypi_x = fmt_s(r["pypi_s"]) + pt, f"{r['pypi_s'] / r['batch_s']:,.0f}x"
        out(
            f"| {r['N']} | {r['M']} | {r['K']:,} | {fmt_s(r['batch_s'])} | {fmt_s(r['fit_batch_s'])} | "
            f"{fmt_s(r['sm_s'])}{sm_tag} | {fmt_s(r['ref_s'])}{ref_tag} | {pypi_s} | "
            f"{r['sm_s'] / r['batch_s']:,.0f}x | {pypi_x} |"
        )
    out("")
    out(
        'batch = `batch_study` (default `method="shared"`, best of 2-3 runs); fit_batch path = '
        '`batch_study(method="fit_batch")` (engine.fit_batch on chunks of pairs, one run); statsmodels loop = '
        "one `sm.OLS(...).fit()` per asset per event + the four `eventstudy.inference` tests per event; "
        "eventstudy per-event loop = `batch_study_reference` (one `EventStudy` per event date: build_panel + "
        "fit_batch + the four tests). PyPI eventstudy does market-model CARs and its own CAAR t-test only "
        '(no Patell/BMP/KP/Corrado), so its time covers less work. "extrap." = measured on the first k event '
        "dates (all N assets) and scaled linearly by M/k: an extrapolation, not a measurement."
    )
    out("")
    out("Agreement (max absolute difference over statistics, p-values, CAR, SCAR, alpha, beta, sigma):")
    out("")
    out(
        "| N | M | batch vs fit_batch path | batch vs eventstudy per-event reference | batch vs statsmodels loop | CAR batch vs PyPI |"
    )
    out("|---:|---:|---:|---:|---:|---:|")
    for r in records:
        dp = f"{r['diff_pypi_car']:.1e}" if r.get("diff_pypi_car") is not None else "n/a"
        out(
            f"| {r['N']} | {r['M']} | {r['diff_fit_batch']:.1e} | {r['diff_reference']:.1e} | "
            f"{r['diff_statsmodels']:.1e} | {dp} |"
        )
    out("")
    out(dask_line)
    out("")
    out(
        f"Peak memory, {n_big} x {m_big} (fresh process, synthetic data loaded first): ru_maxrss "
        f"{mem['rss_before_mb']:.0f} MB before the call, {mem['rss_peak_mb']:.0f} MB peak; "
        f"tracemalloc peak of the call {mem['traced_peak_mb']:.0f} MB."
    )
    out("")
    worst = max(max(r["diff_reference"], r["diff_fit_batch"], r.get("diff_dask", 0.0)) for r in records)
    tgt_time = big["batch_s"] <= 5.0
    tgt_mem = mem["rss_peak_mb"] < 2048
    speed = big["sm_s"] / big["batch_s"]
    out("### Targets")
    out("")
    out(f"- {n_big} x {m_big} with the four statistics <= 5 s on this machine: "
        f"{'MET' if tgt_time else 'NOT MET'} ({big['batch_s']:.2f} s)")  # fmt: skip
    out(f"- peak memory < 2 GB: {'MET' if tgt_mem else 'NOT MET'} ({mem['rss_peak_mb']:.0f} MB ru_maxrss)")
    sm_note = "measured" if big["sm_measured"] else "statsmodels time extrapolated"
    out(
        f"- >= 50x faster than the statsmodels loop: {'MET' if speed >= 50 else 'NOT MET'} ({speed:,.0f}x, {sm_note})"
    )
    out(
        f"- identical numbers (<= 1e-10) between batch, fit_batch path, per-event reference and Dask: "
        f"{'MET' if worst <= 1e-10 else 'NOT MET'} (worst {worst:.1e})"
    )
    out("")
    out(f"PyPI `eventstudy=={PYPI_VERSION}`: {pypi_note}." if pypi is None else
        f"PyPI `eventstudy=={PYPI_VERSION}` ran in `{PYPI_VENV.relative_to(ROOT)}` (data written to a temp CSV "
        f"with 17 significant digits; CSV load {pypi['load_seconds']:.2f} s not included). It can do the "
        "market-model ARs/CARs (statsmodels OLS per pair, `Single.market_model`) and its CAAR t-test "
        "(`Multiple`, variance = sum of ddof-0 residual variances / N^2, no prediction-error correction, "
        "df = sum of L-1); it has no Patell, BMP, Kolari-Pynnönen or Corrado test (`Multiple.rank_test` and "
        "`sign_test` are empty stubs), so it is timed doing less work than the others.")  # fmt: skip
    out("")

    # ------------------------------------------------------------------ real snapshot
    prices = es.load_prices([*REAL_STOCKS, "^GSPC"], start="2022-06-01", end="2025-01-10")
    rr = es.to_returns(prices)
    rets_r, mkt_r = rr[REAL_STOCKS], rr["^GSPC"]
    dates_r = rr.loc["2024"].index
    out(
        f"## REAL snapshot panel: {len(REAL_STOCKS)} IBKR stocks x {len(dates_r)} XNYS sessions of 2024 as "
        "pseudo-event dates, market ^GSPC"
    )
    out("")
    t_b, res_r = best_of(lambda: batch_study(rets_r, mkt_r, dates_r, EST, EVT), 3)
    t0 = time.perf_counter()
    ref_r = batch_study_reference(rets_r, mkt_r, dates_r, EST, EVT)
    t_ref = time.perf_counter() - t0
    t0 = time.perf_counter()
    sm_r = statsmodels_loop(rets_r, mkt_r, dates_r)
    t_sm = time.perf_counter() - t0
    out("| engine | time (s), all measured | ratio to batch | max abs diff to batch |")
    out("|---|---:|---:|---:|")
    out(f"| batch | {t_b:.3f} | 1x | 0 |")
    out(
        f"| eventstudy per-event loop (reference) | {t_ref:.3f} | {t_ref / t_b:,.0f}x | "
        f"{max_diff(res_r, ref_r):.1e} |"
    )
    out(f"| statsmodels loop | {t_sm:.3f} | {t_sm / t_b:,.0f}x | {max_diff(res_r, sm_r):.1e} |")
    out("")
    rej = {c: float((res_r.stats[f"{c}_pvalue"] < 0.05).mean()) for c in STAT_COLUMNS}
    out(
        "Share of 2024 sessions with p < 0.05 (two-sided; a session is not an event, so this is roughly the "
        "empirical size, inflated where the cross-section co-moves beyond the market): "
        + ", ".join(f"{c} {v:.1%}" for c, v in rej.items())
        + f"; mean Kolari-Pynnönen rbar {res_r.stats['rbar'].mean():.3f}."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {(RESULTS / 'latest.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
