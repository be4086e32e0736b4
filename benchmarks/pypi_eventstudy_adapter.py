"""Timing adapter for the PyPI package ``eventstudy==0.1a12`` (J.-B. Lemaire).

Runs INSIDE ``benchmarks/.venv-pypi-eventstudy`` (a separate venv, because that
package shares our import name ``eventstudy``); called by ``benchmarks/run.py`` as::

    benchmarks/.venv-pypi-eventstudy/bin/python benchmarks/pypi_eventstudy_adapter.py SPEC.json OUT.json

``SPEC.json``: ``{"csv": path, "market": "MKT", "cases": [{"name", "assets": [...],
"events": ["YYYY-MM-DD", ...]}], "estimation_size": 250, "buffer_size": 9,
"event_window": [-1, 1]}``. For each case it runs, per event date, one
``eventstudy.Single.market_model`` per asset (statsmodels OLS inside) aggregated with
``eventstudy.Multiple`` (its CAAR t-test), exactly what the package can do for the
market model; it has no Patell, BMP, Kolari-Pynnönen or Corrado test
(``Multiple.rank_test`` and ``sign_test`` are ``pass`` stubs). Writes the measured time
and every pair's CAR (for the cross-check against our engine) to ``OUT.json``.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np


def main(spec_path: str, out_path: str) -> None:
    import eventstudy as pypi_es

    assert pypi_es.__version__ == "0.1a12", pypi_es.__version__
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    t0 = time.perf_counter()
    pypi_es.Single.import_returns(spec["csv"])  # returns, not prices
    load_s = time.perf_counter() - t0
    window = tuple(spec["event_window"])
    out = {"version": pypi_es.__version__, "load_seconds": load_s, "cases": []}
    for case in spec["cases"]:
        cars = []
        caar_t = []
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for d in case["events"]:
                event_list = [
                    {
                        "event_date": np.datetime64(d),
                        "security_ticker": a,
                        "market_ticker": spec["market"],
                    }
                    for a in case["assets"]
                ]
                agg = pypi_es.Multiple.from_list(
                    event_list,
                    pypi_es.Single.market_model,
                    event_window=window,
                    estimation_size=spec["estimation_size"],
                    buffer_size=spec["buffer_size"],
                    ignore_errors=False,
                )
                cars.append([float(c) for c in agg.CAR])
                caar_t.append(float(agg.tstat[-1]))
        seconds = time.perf_counter() - t0
        out["cases"].append({"name": case["name"], "seconds": seconds, "car": cars, "caar_t": caar_t})
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
