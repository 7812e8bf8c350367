"""tracewire.memory: a screening worker keeps the memory it frees (Dask starts its
workers with MALLOC_TRIM_THRESHOLD_=65536, which made every score array a fresh mmap)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tracewire.match import Screener
from tracewire.screen import cluster
from tracewire.store.index_files import write_index_file

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def score_array_faults() -> int:
    """The page faults of allocating and freeing 200 of a query's score arrays (0.5 MB)."""
    import resource

    import numpy as np

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(200):
        a = np.zeros(66_000)
        a += 1.0
        del a
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


#: the faults in a fresh process, before and after keep_freed_memory()
PROBE = """
from tests.test_memory import score_array_faults as faults
from tracewire.memory import keep_freed_memory
faults()
as_started = faults()
kept = keep_freed_memory()
faults()
print(as_started, faults(), kept)
"""


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_freed_score_arrays_are_reused_under_dasks_trim_threshold() -> None:
    env = os.environ | {"MALLOC_TRIM_THRESHOLD_": "65536"}  # as Dask's nanny sets it
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=Path(__file__).resolve().parents[1],  # the repository: tests.test_memory
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    as_started, kept_faults, kept = int(out[0]), int(out[1]), out[2]
    assert kept == "True"
    # each of the 200 arrays faulted its ~130 pages in afresh; kept, almost none do
    assert as_started > 200 * 100
    assert kept_faults < as_started // 20


def test_a_dask_worker_keeps_freed_memory_when_it_loads_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracewire.cli.demo import sample_path
    from tracewire.ingest import load_paths
    from tracewire.store import Store

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [sample_path()])
    path = write_index_file(Screener.from_store(store).index, tmp_path / "index-m.pickle")
    calls: list[int] = []
    monkeypatch.setattr(cluster, "keep_freed_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(cluster, "_loaded", {})
    screener = cluster._worker_screener(str(path), 0.8)
    assert calls == [1] and len(screener) > 0
    assert cluster._worker_screener(str(path), 0.8) is screener and calls == [1]  # once


def _worker_state() -> tuple[bool, int]:
    """In a Dask worker: its profiler setting, and the page faults of 200 score arrays."""
    import dask

    score_array_faults()
    return bool(dask.config.get("distributed.worker.profile.enabled")), score_array_faults()


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_the_local_clusters_workers_as_tracewire_starts_them(tmp_path: Path) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        from .conftest import required_in_ci

        required_in_ci("dask[distributed] is not installed (the test extra has it)")
    from tracewire.cli.demo import sample_path
    from tracewire.ingest import load_paths
    from tracewire.screen import BatchOptions
    from tracewire.store import Store

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [sample_path()])
    path = write_index_file(Screener.from_store(store).index, tmp_path / "index-d.pickle")
    with cluster.DaskScreen("local:1", path, 0.8, BatchOptions()) as screen:
        (state,) = screen._client.run(_worker_state).values()
    profiling, faults = state
    # worker processes of their own (Dask's MALLOC_TRIM_THRESHOLD_ in their environment):
    # no profiler thread, and freed arrays reused once the index is loaded
    assert profiling is False
    assert faults < 200 * 100 // 20
