"""Optional Dask backend for :func:`eventstudy.batch.batch_study`.

:func:`batch_study_dask` splits the event dates into partitions, runs the in-process
engine (:func:`eventstudy.batch.batch_study`, one thread per task) on each partition on
a ``dask.distributed`` cluster and concatenates the partial results in the original
event order. Every cross-sectional statistic of an event date uses only that date's
``N`` assets, so partitioning by event date changes no number: the result equals the
in-process one (``tests/test_dask_backend.py`` checks ``1e-10``).

When to use it
--------------
The in-process engine runs 1,000 assets x 1,000 event dates (10^6 market-model regressions
and the four tests) in about a second on two cores (``benchmarks/README.md``), so most
studies do not need Dask. Use it when

* the study is larger than one machine does in reasonable time (e.g. 10^4 assets x 10^4
  dates = 10^8 regressions) and a cluster with many cores is available: the work is
  embarrassingly parallel over event dates and scales with the number of workers;
* memory must stay bounded: each task holds one block of event dates (the ``N`` assets'
  returns over the rows its windows span), and with ``per_asset=False`` a partition returns only its
  per-event statistics (M x 15 numbers), never the M x N frames; ``benchmarks/run.py --big``
  runs 5,000 assets x 10,000 event dates this way.

Each worker receives the wide returns frame (D days x N assets, scattered once with
``broadcast=True``), which therefore must fit in a worker's memory; the event-time panel
(``K x (L+T)``) never exists in full anywhere.

Pointing it at a real cluster: start a scheduler and workers (``dask scheduler`` and
``dask worker tcp://host:8786 --nthreads 1`` on each machine, or a ``dask-jobqueue`` /
``dask-kubernetes`` cluster), then pass ``client=distributed.Client("tcp://host:8786")``;
a local test cluster is ``Client(LocalCluster(n_workers=2, threads_per_worker=1,
processes=False, dashboard_address=None))``. Dask is an optional dependency
(``pip install deepseek-eventstudy[dask]``).

References
----------
Dask Development Team (2016). *Dask: Library for dynamic task scheduling*.
https://dask.org. Statistics: see :mod:`eventstudy.batch` (Patell 1976; Boehmer,
Musumeci & Poulsen 1991; Kolari & Pynnönen 2010; Corrado 1989).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .batch import BatchResult, batch_study
from .errors import SpecificationError

__all__ = ["batch_study_dask", "default_partitions"]


def _run_partition(
    returns: pd.DataFrame, market: pd.Series, dates: list[pd.Timestamp], kwargs: dict[str, Any]
) -> BatchResult:
    return batch_study(returns, market, dates, backend="numpy", threads=1, progress=False, **kwargs)


def default_partitions(client: Any, n_events: int) -> int:
    """Two partitions per worker thread (at most one per event date)."""
    try:
        nthreads = sum(client.nthreads().values())
    except Exception:  # noqa: BLE001 - any client without nthreads()
        nthreads = 1
    return int(max(1, min(n_events, 2 * max(1, nthreads))))


def batch_study_dask(
    returns: pd.DataFrame,
    market: pd.Series,
    event_dates: Sequence[Any],
    estimation_window: tuple[int, int] = (-260, -11),
    event_window: tuple[int, int] = (-1, 1),
    window: tuple[int, int] | None = None,
    ddof: int | None = None,
    *,
    client: Any = None,
    partitions: int | None = None,
    **kwargs: Any,
) -> BatchResult:
    """:func:`eventstudy.batch.batch_study` partitioned by event date on a Dask cluster.

    Parameters
    ----------
    returns, market, event_dates, estimation_window, event_window, window, ddof
        As in :func:`eventstudy.batch.batch_study`.
    client : distributed.Client, optional
        The cluster to use; default: the current client (``distributed.get_client()``).
    partitions : int, optional
        Number of partitions of the event dates (contiguous blocks, at most one per date);
        default: two per worker thread.
    **kwargs
        Other options of :func:`eventstudy.batch.batch_study` (``alternative``,
        ``corrado_sd_days``, ``method``, ``chunk_pairs``, ``min_estimation``, ``calendar``,
        ``calendars``, ``per_asset``).

    Returns
    -------
    BatchResult
        Identical to the in-process result, rows in the order of ``event_dates``.

    Raises
    ------
    SpecificationError
        If ``distributed`` is not installed, no client is available, or ``partitions < 1``.
    """
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - dask is a dev dependency
        raise SpecificationError(
            "the Dask backend needs dask.distributed: pip install 'deepseek-eventstudy[dask]'"
        ) from exc
    if client is None:
        try:
            client = distributed.get_client()
        except ValueError as exc:
            raise SpecificationError(
                "no Dask client: pass client=distributed.Client(...) (e.g. Client(LocalCluster()))"
            ) from exc
    for bad in ("backend", "threads", "client", "partitions", "progress"):
        kwargs.pop(bad, None)
    dates = list(pd.to_datetime(list(event_dates)))
    if not dates:
        raise SpecificationError("event_dates is empty")
    n_part = default_partitions(client, len(dates)) if partitions is None else int(partitions)
    if n_part < 1:
        raise SpecificationError(f"partitions={partitions} must be >= 1")
    n_part = min(n_part, len(dates))
    opts = dict(
        kwargs,
        estimation_window=estimation_window,
        event_window=event_window,
        window=window,
        ddof=ddof,
    )
    # cheap checks before shipping work; everything else is validated by batch_study on the workers
    if len(pd.DatetimeIndex(dates).normalize().unique()) != len(dates):
        raise SpecificationError("an event date is listed twice")
    r_fut = client.scatter(returns, broadcast=True, hash=False)
    m_fut = client.scatter(market, broadcast=True, hash=False)
    blocks = [list(b) for b in np.array_split(np.array(dates, dtype=object), n_part) if len(b)]
    futures = [client.submit(_run_partition, r_fut, m_fut, b, opts, pure=False) for b in blocks]
    try:
        parts = client.gather(futures)
    finally:
        for f in (*futures, r_fut, m_fut):
            f.release()
    return BatchResult.concat(parts)
