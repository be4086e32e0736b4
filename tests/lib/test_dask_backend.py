"""Dask backend: partitioned by event date, identical numbers to the in-process engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

import eventstudy as es  # noqa: E402
from eventstudy.batch import STAT_COLUMNS, batch_study  # noqa: E402
from eventstudy.dask_backend import batch_study_dask, default_partitions  # noqa: E402
from eventstudy.errors import CalendarGapError, SpecificationError  # noqa: E402


def _local_cluster(n_workers: int = 2) -> LocalCluster:
    """A test cluster that cannot collide with another one (pytest-xdist runs two at once).

    processes=False: in-process workers (fast start, no forked interpreters). The scheduler's
    HTTP server binds port 8787 even with ``dashboard_address=None`` (which only turns the bokeh
    dashboard off); a second cluster then warns "Port 8787 is already in use", an error under
    ``filterwarnings = error``. ``scheduler_kwargs={"dashboard_address": ":0"}`` puts it on a
    free port chosen by the OS.
    """
    return LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},
    )


@pytest.fixture(scope="module")
def client():
    with _local_cluster() as cluster:
        with Client(cluster) as c:
            yield c


def test_two_clusters_at_once_do_not_collide(client):
    """What `pytest -n 2` does: a second cluster while the first runs, with warnings as errors."""
    first = client.cluster.scheduler.http_server.port
    with _local_cluster(n_workers=1) as other, Client(other) as c2:
        second = other.scheduler.http_server.port
        assert first != second and 8787 not in (first, second)
        assert c2.submit(sum, [1, 2]).result() == 3


@pytest.fixture(scope="module")
def panel() -> tuple[pd.DataFrame, pd.Series, list[pd.Timestamp]]:
    """SYNTHETIC market-model returns on XNYS sessions, 25 assets x 23 event dates."""
    rng = np.random.default_rng(11)
    idx = es.sessions("XNYS", "2015-01-01", "2017-12-31")
    m = rng.standard_normal(len(idx)) * 0.01
    r = np.outer(m, rng.uniform(0.5, 1.5, 25)) + rng.standard_normal((len(idx), 25)) * 0.02
    rets = pd.DataFrame(r, index=idx, columns=[f"SYN{i:02d}" for i in range(25)])
    dates = list(idx[280:740:20])
    return rets, pd.Series(m, index=idx, name="SYNMKT"), dates


def _max_diff(a, b) -> float:
    cols = ["caar", *STAT_COLUMNS, *(f"{c}_pvalue" for c in STAT_COLUMNS), "rbar", "corrado_sd"]
    d = [(a.stats[cols] - b.stats[cols]).abs().to_numpy().max()]
    d += [
        (getattr(a, k) - getattr(b, k)).abs().to_numpy().max()
        for k in ("car", "scar", "alpha", "beta", "sigma")
    ]
    return float(max(d))


@pytest.mark.parametrize("partitions", [None, 1, 4, 23])
def test_dask_equals_in_process(client, panel, partitions):
    rets, mkt, dates = panel
    local = batch_study(rets, mkt, dates)
    dist = batch_study_dask(rets, mkt, dates, client=client, partitions=partitions)
    assert list(dist.stats.index) == list(local.stats.index)
    assert (dist.stats["day0"] == local.stats["day0"]).all()
    assert _max_diff(dist, local) <= 1e-10


def test_backend_switch_and_options(client, panel):
    rets, mkt, dates = panel
    opts = dict(window=(0, 1), ddof=1, alternative="less", corrado_sd_days="estimation")
    local = batch_study(rets, mkt, dates, **opts)
    dist = batch_study(rets, mkt, dates, backend="dask", client=client, partitions=3, **opts)
    assert dist.window == (0, 1) and dist.alternative == "less"
    assert _max_diff(dist, local) <= 1e-10
    # shuffled event order is preserved
    rev = dates[::-1]
    d2 = batch_study_dask(rets, mkt, rev, client=client, partitions=5)
    assert list(d2.stats.index) == rev


def test_worker_errors_propagate(client, panel):
    rets, mkt, dates = panel
    bad = rets.copy()
    bad.iloc[500, 2] = np.nan
    with pytest.raises(CalendarGapError, match="SYN02"):
        batch_study_dask(bad, mkt, dates, client=client, partitions=2)
    with pytest.raises(SpecificationError, match="partitions"):
        batch_study_dask(rets, mkt, dates, client=client, partitions=0)
    assert default_partitions(client, 100) == 4
    assert default_partitions(client, 3) == 3


def test_no_client_is_a_clear_error(panel, monkeypatch):
    import distributed

    def no_client() -> None:
        raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "get_client", no_client)
    rets, mkt, dates = panel
    with pytest.raises(SpecificationError, match="no Dask client"):
        batch_study_dask(rets, mkt, dates)


def test_default_client_is_used(client, panel):
    rets, mkt, dates = panel
    res = batch_study_dask(rets, mkt, dates[:4])  # client=None -> distributed.get_client()
    assert res.n_events == 4


def test_statistics_only_partitions_for_bounded_memory(client, panel):
    """per_asset=False (what a CRSP-sized run uses): the workers return only the per-event statistics."""
    rets, mkt, dates = panel
    local = batch_study(rets, mkt, dates)
    lean = batch_study_dask(rets, mkt, dates, client=client, partitions=6, per_asset=False, calendar="XNYS")
    assert lean.car is None and lean.calendar == "XNYS"
    assert list(lean.stats.index) == list(local.stats.index)
    cols = ["caar", *STAT_COLUMNS, *(f"{c}_pvalue" for c in STAT_COLUMNS), "rbar", "corrado_sd"]
    assert (lean.stats[cols] - local.stats[cols]).abs().to_numpy().max() <= 1e-10
