"""Loads from several processes at once into one store, on SQLite and PostgreSQL.

Four processes open a fresh store together (so they may all migrate it at once) and then
load together: two the same bytes of dataset ``a``, one other bytes of ``a``, one dataset
``b`` whose entities are the same blobs. Each load holds its transaction open a moment
after its first writes, so loads that are not serialised would overlap: number two
versions of ``a`` alike, insert a blob twice, or load the same bytes twice.
"""

from __future__ import annotations

import multiprocessing
import queue

from tests.store.load_worker import load
from tracewire.store import Store

HOLD = 0.5


def test_parallel_loads_of_same_and_different_datasets(store_url: str) -> None:
    # fork: each worker is its own process with its own connections (the parent holds none)
    # and starts without importing tracewire again
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    jobs = [
        ("a", "sha-a1", ["Anna", "Boris"]),
        ("a", "sha-a1", ["Anna", "Boris"]),
        ("a", "sha-a2", ["Anna", "Chen"]),
        ("b", "sha-b1", ["Anna", "Boris"]),
    ]
    barrier = ctx.Barrier(len(jobs))
    out = ctx.Queue()
    procs = [
        ctx.Process(target=load, args=(store_url, d, sha, names, barrier, out, HOLD))
        for d, sha, names in jobs
    ]
    for p in procs:
        p.start()
    results = []
    for _ in jobs:
        try:
            results.append(out.get(timeout=120))
        except queue.Empty:
            break
    for p in procs:
        p.join(30)
    errors = [r[4] for r in results if r[4]]
    assert not errors, errors
    assert len(results) == len(jobs)

    a1 = sorted((r[2], r[3]) for r in results if r[1] == "sha-a1")
    assert a1[0][0] == a1[1][0], "the same bytes loaded twice must be one version"
    assert sorted(r[3] for r in results if r[1] == "sha-a1") == [False, True]
    store = Store(store_url)
    try:
        assert [(v.seq, v.sha256) for v in store.versions("a")] in (
            [(1, "sha-a1"), (2, "sha-a2")],
            [(1, "sha-a2"), (2, "sha-a1")],
        )
        assert [(v.seq, v.sha256) for v in store.versions("b")] == [(1, "sha-b1")]
        assert sorted(e.id for e in store.entities("b")) == ["p-anna", "p-boris"]
        assert sorted(e.id for e in store.entities("a", 2)) in (
            ["p-anna", "p-boris"],
            ["p-anna", "p-chen"],
        )
    finally:
        store.close()
