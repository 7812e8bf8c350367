"""The scale benchmarks' own arithmetic and measurements (not their figures)."""

from __future__ import annotations

from pathlib import Path

from bench.hosts import index_timings, shared_key
from bench.portfolio import projections

from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.index import NameIndex
from tracewire.store import Store
from tracewire.store.index_blobs import IndexBlobs


def test_full_screenings_not_run_are_projected_from_the_largest_that_ran() -> None:
    results = [
        {"size": 1_000_000},
        {"size": 50_000, "screen_cpu": 40.0},
        {"size": 100_000, "screen_cpu": 90.0},
    ]
    (line,) = projections(results)
    assert line.startswith("full screening of 1,000,000 parties, projected from 100,000")
    assert "0.90 CPU ms per party" in line and "900 CPU s" in line and "(not run)" in line
    assert projections([{"size": 10}]) == []
    assert projections([{"size": 10, "screen_cpu": 1.0}]) == []


def test_index_timings_build_then_load_the_stored_copy(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        load_paths(store, [sample_path()], dataset="tracewire_sample")
        key = "bench-index-key-0123456789"
        out = index_timings(store, key)
        assert out["parties"] == len(Screener.from_store(store)) and out["blob_mb"] > 0
        assert out["build_s"] > 0 and out["load_s"] > 0
        index, why = IndexBlobs(store.engine, key.encode()).fetch(shared_key(store), NameIndex)
        assert index is not None and why is None
    finally:
        store.close()
