"""Two service hosts on one PostgreSQL store: throughput of both against one, p99 at
8 clients each, audit records lost, and how long a list load takes to reach both.

    .venv/bin/python -m bench.hosts [--postgres URL] [--seconds 20] [--clients 8]
                                    [--lists all|un|sample] [--client auto|wrk|httpx]
                                    [--no-share]

``--postgres`` (default ``$TRACEWIRE_TEST_POSTGRES_URL``; ``scripts/postgres-test-server``
starts a throwaway server) names a server on which the benchmark creates a database of
its own and drops it at the end. It loads the embedded sample list and the real lists of
``../shared/data`` into it, builds the index once (each host's data folder gets a copy of
the index file, as hosts sharing a cache volume would), and starts ``tracewire serve``
processes on 127.0.0.1, each with a data folder of its own (its index cache and its
audit anchor) and API keys on, so auth and the audit log are part of every request.

It then drives single-query ``POST /match/default`` requests (the mix of
``bench.load_api``: listed names as printed, with a typo, and ordinary names):

1. one host, ``--clients`` clients, for ``--seconds``;
2. two hosts, ``--clients`` clients on each at once, for ``--seconds``.

and prints one row per host and a total per run (requests, errors, requests/s, p50,
p95 and p99 latency, the server's CPU ms per request), then the audit records written
against the requests answered (lost = answered requests without a record), whether the
one chain both hosts wrote verifies (against each host's anchor), and the seconds from a
list load (a new version of the sample list, committed by this process) until both hosts
answer from it (PostgreSQL NOTIFY wakes them). The hosts share their index builds through
the store (``$TRACEWIRE_INDEX_KEY``, a key made for the run; see
:mod:`tracewire.store.index_blobs`): one builds the new index and stores it, the other
loads it. ``--no-share`` leaves the key unset, so that each host builds its own, as
before. After the hosts have stopped, the new version's index is built once more and
loaded once from the store in this process, both timed (wall and CPU seconds).

On a machine with fewer cores than the hosts' workers plus the driver, two hosts share
the same cores and cannot add throughput: the table then shows what the shared store and
the one audit chain cost, not what a second machine adds. The machine's load average is
printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from bench import load_api
from bench.load_api import (
    BODIES,
    Drive,
    drive_wrk,
    free_port,
    measured,
    request_bodies,
    wait_ready,
)
from bench.speed import ALL_LISTS, RAW, TRIMMED_OK
from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.screener import shared_fingerprint
from tracewire.store import Store
from tracewire.store.index_blobs import IndexBlobs
from tracewire.store.schema import index_blobs

SAMPLE = "tracewire_sample"
UN_ONLY = ("un_sc_consolidated_2026-02-27",)
NEW_PARTY = "Nordlicht Praezisionsteile GmbH"


class Database:
    """A database of the benchmark's own on the server at ``server_url``, dropped at exit."""

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        self.name = f"tracewire_bench_hosts_{secrets.token_hex(4)}"
        self.url = self.server.set(database=self.name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def __enter__(self) -> Database:
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *_exc: object) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def sample_v2(folder: Path) -> Path:
    """The sample list with one more listed company: its next version."""
    record = (
        '{"id": "tw-bench-nordlicht", "schema": "Company", "datasets": ["tracewire_sample"], '
        f'"target": true, "properties": {{"name": ["{NEW_PARTY}"], "country": ["de"]}}}}\n'
    )
    path = folder / "v2" / f"{SAMPLE}.ftm.json"
    path.parent.mkdir(parents=True)
    path.write_text(sample_path().read_text(encoding="utf-8") + record, encoding="utf-8")
    return path


def start_host(
    home: Path, url: str, port: int, index_key: str | None = None
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TRACEWIRE_HOME=str(home), TRACEWIRE_DATABASE_URL=url,
               TRACEWIRE_OFFLINE="1")  # fmt: skip
    env.pop("TRACEWIRE_INDEX_KEY", None)
    if index_key is not None:
        env["TRACEWIRE_INDEX_KEY"] = index_key
    cmd = [sys.executable, "-m", "tracewire.cli.main", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(cmd, env=env, start_new_session=True)


def serves(base: str, key: str) -> bool:
    """Whether the host at ``base`` answers from version 2 of the sample list."""
    r = httpx.post(
        f"{base}/match/default",
        json={"queries": {"q": {"schema": "Company", "properties": {"name": [NEW_PARTY]}}}},
        headers={"Authorization": f"ApiKey {key}"},
        timeout=60,
    )
    r.raise_for_status()
    return any(v["dataset"] == SAMPLE and v["version"] == 2 for v in r.json()["lists"])


#: why requests failed, over every run (status code or exception), printed at the end
FAILURES: Counter[str] = Counter()


def drive_httpx(
    base: str, key: str, bodies: list[bytes], clients: int, requests: int, seconds: int
) -> dict[str, float]:
    """``bench.load_api``'s httpx driver, keeping why each failed request failed."""
    return load_api.drive_httpx(
        base, key, bodies, clients, requests, seconds, failures=FAILURES, timeout=30
    )


def at_once(runs: list[tuple[Any, ...]]) -> list[dict[str, float]]:
    """``measured(*run)`` for every run, all at the same time (one thread each)."""
    results: list[dict[str, float]] = [{} for _ in runs]

    def one(i: int) -> None:
        results[i] = measured(*runs[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(runs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


HEADER = (
    f"{'run':<22} {'host':<6} {'requests':>9} {'errors':>6} {'req/s':>7} {'p50 ms':>8} "
    f"{'p95 ms':>8} {'p99 ms':>8} {'cpu ms/req':>10}"
)


def row(run: str, host: str, r: dict[str, float]) -> str:
    return (
        f"{run:<22} {host:<6} {int(r['requests']):>9,} {int(r['errors']):>6} "
        f"{r['requests'] / r['seconds']:>7,.0f} {r['p50']:>8.2f} {r['p95']:>8.2f} "
        f"{r['p99']:>8.2f} {r['cpu_ms']:>10.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TRACEWIRE_TEST_POSTGRES_URL"))
    parser.add_argument("--seconds", type=int, default=20, help="time per run")
    parser.add_argument("--clients", type=int, default=8, help="clients per host")
    parser.add_argument("--lists", choices=("all", "un", "sample"), default="all")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--no-share", action="store_true",
                        help="each host builds its own index (no $TRACEWIRE_INDEX_KEY)")  # fmt: skip
    args = parser.parse_args()
    if not args.postgres:
        sys.exit("no PostgreSQL server: pass --postgres URL (scripts/postgres-test-server)")
    run(args.postgres, args.seconds, args.clients, args.lists, args.client, not args.no_share)


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def index_timings(store: Store, index_key: str) -> dict[str, float]:
    """The store's current index built here (no cache) and loaded from the store's
    signed copy (stored by the build if the hosts did not store one): wall and CPU s."""
    out: dict[str, float] = {}
    blobs = IndexBlobs(store.engine, index_key.encode())
    for step in ("build", "load"):
        t, c = time.perf_counter(), _cpu()
        screener = Screener.from_store(store, shared=blobs if step == "load" else None)
        out[f"{step}_s"], out[f"{step}_cpu"] = time.perf_counter() - t, _cpu() - c
        out["parties"] = len(screener)
        if step == "build":
            blobs.publish(shared_key(store), screener.index)
        else:
            assert screener.index_source == "store", screener.index_source
        del screener
    with store.engine.connect() as conn:
        out["blob_mb"] = conn.execute(select(func.max(index_blobs.c.size))).scalar_one() / 2**20
    return out


def shared_key(store: Store) -> str:
    """The fingerprint ``Screener.from_store`` stores the current lists' index under."""
    return shared_fingerprint(store.current_versions())


def run(
    postgres: str,
    seconds: int = 20,
    clients: int = 8,
    which: str = "all",
    client: str = "auto",
    share: bool = True,
) -> None:
    """Run the benchmark (see the module's notes) and print its table."""
    client = client if client != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    drive: Drive = drive_wrk if client == "wrk" else drive_httpx
    lists = () if which == "sample" or not RAW.exists() else (
        UN_ONLY if which == "un" else ALL_LISTS
    )  # fmt: skip
    rng = random.Random(15)
    requests_cap = 1 << 30  # each run is bounded by time

    with tempfile.TemporaryDirectory() as tmp_dir, Database(postgres) as db:
        tmp = Path(tmp_dir)
        store = Store(db.url)
        t0 = time.perf_counter()
        load_paths(store, [sample_path()], dataset=SAMPLE)
        for rel in lists:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        screener = Screener.from_store(store, cache_dir=tmp / "index")
        build_s = time.perf_counter() - t0
        entities = len(screener)
        bodies = request_bodies(screener, BODIES, rng)
        del screener
        homes = [tmp / name for name in ("a", "b")]
        for home in homes:
            shutil.copytree(tmp / "index", home / "index")
        key = KeyRing(store.engine).create("bench-hosts", "screen")[0]
        ports = [free_port() for _ in homes]
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        index_key = secrets.token_hex(32)
        hosts = [
            start_host(h, db.url, p, index_key if share else None)
            for h, p in zip(homes, ports, strict=True)
        ]
        audit = AuditLog(store.engine)
        try:
            t0 = time.perf_counter()
            for base, host in zip(bases, hosts, strict=True):
                wait_ready(base, host)
            ready_s = time.perf_counter() - t0
            for base in bases:
                drive(base, key, bodies[:200], 4, 200, 2)  # warm up
            before = audit.count()
            load_before = os.getloadavg()[0]
            half = len(bodies) // 2
            level = (clients, requests_cap, seconds)
            one = at_once([(drive, hosts[0].pid, bases[0], key, bodies, *level)])
            parts = (bodies[:half], bodies[half:])
            two = at_once([(drive, hosts[i].pid, bases[i], key, parts[i], *level) for i in (0, 1)])
            load_during = os.getloadavg()[0]
            time.sleep(1.0)  # records of requests still in flight when a driver stopped
            written = audit.count() - before
            answered = sum(int(r["requests"] - r["errors"]) for r in one + two)
            # a list load by another process: how long until both hosts answer from it
            t0 = time.perf_counter()
            other = Store(db.url)
            load_paths(other, [sample_v2(tmp)], dataset=SAMPLE)
            other.close()
            waiting = set(bases)
            while waiting and time.perf_counter() - t0 < 600:
                waiting = {b for b in waiting if not serves(b, key)}
                time.sleep(0.2)
            reload_s = time.perf_counter() - t0 if not waiting else float("nan")
            load_after = os.getloadavg()[0]
        finally:
            for host in hosts:
                os.killpg(host.pid, signal.SIGTERM)
            for host in hosts:
                host.wait(timeout=120)
        with store.engine.connect() as conn:
            stored = conn.execute(
                select(index_blobs.c.built_by, index_blobs.c.build_seconds)
                .where(index_blobs.c.fingerprint == shared_key(store))
            ).first()  # fmt: skip
        names = {f"{socket.gethostname()}:{h.pid}": n for n, h in zip("AB", hosts, strict=True)}
        checks = [AuditLog(store.engine, home=home).verify() for home in homes]
        records = audit.count()
        timings = index_timings(store, index_key)
        store.close()

    cores = os.cpu_count() or 1
    print(f"lists: sample + {len(lists)} real ({entities:,} screened parties) on PostgreSQL; "
          f"load {load_s:.0f} s, index build {build_s:.0f} s; both hosts ready in {ready_s:.0f} s")  # fmt: skip
    print(f"driver: {client}, {clients} clients per host, {seconds} s per run; "
          f"machine cores: {cores}; load average {load_before:.2f} before, "
          f"{load_during:.2f} after the runs")  # fmt: skip
    print()
    print(HEADER)
    print("-" * len(HEADER))
    print(row("1 host", "A", one[0]))
    total = {
        "requests": sum(r["requests"] for r in two),
        "errors": sum(r["errors"] for r in two),
        "seconds": max(r["seconds"] for r in two),
        "p50": max(r["p50"] for r in two),
        "p95": max(r["p95"] for r in two),
        "p99": max(r["p99"] for r in two),
        "cpu_ms": sum(r["cpu_ms"] * r["requests"] for r in two) / max(1, sum(r["requests"] for r in two)),
    }  # fmt: skip
    for name, r in zip("AB", two, strict=True):
        print(row("2 hosts, one store", name, r))
    print(row("2 hosts, one store", "both", total) + "   (latencies: the worse host's)")
    speedup = (total["requests"] / total["seconds"]) / (one[0]["requests"] / one[0]["seconds"])
    print(f"two hosts against one: x{speedup:.2f} throughput")
    print()
    for why, n in FAILURES.most_common(5):
        print(f"failed requests: {n} x {why}")
    lost = max(0, answered - written)
    print(f"audit records written during the runs: {written:,} for {answered:,} answered "
          f"requests: {lost} lost"
          + (f" ({written - answered} more: requests in flight when a driver stopped)"
             if written > answered else ""))  # fmt: skip
    for name, check in zip("AB", checks, strict=True):
        verdict = "verifies" if check.ok else f"BROKEN at {check.first_bad_id}: {check.problem}"
        anchored = check.anchor["lines"] if check.anchor else 0
        print(f"audit chain ({records:,} records) against host {name}'s anchor "
              f"({anchored:,} heads anchored): {verdict}")  # fmt: skip
    how = "NOTIFY, then each host rebuilt its index"
    if share and stored is not None:
        how = (f"NOTIFY, then host {names.get(stored.built_by, stored.built_by)} built the index "
               f"in {stored.build_seconds:.1f} s and stored it, the other loaded it")  # fmt: skip
    elif share:
        how = "sharing on, but no index was stored: each host built its own"
    print(f"a list load reached both hosts ({how}) in {reload_s:.1f} s "
          f"(load average {load_after:.1f})")  # fmt: skip
    print(f"the new version's index ({int(timings['parties']):,} parties) in this process: built in "
          f"{timings['build_s']:.1f} s ({timings['build_cpu']:.1f} CPU s); loaded from the "
          f"store's signed copy ({timings['blob_mb']:.1f} MB) in {timings['load_s']:.1f} s "
          f"({timings['load_cpu']:.1f} CPU s); load average {os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
