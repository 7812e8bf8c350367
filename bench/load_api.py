"""Load benchmark of the HTTP service: single-query ``/match`` at 1, 8 and 64 clients.

    .venv/bin/python -m bench.load_api [--requests 3000] [--seconds 20] [--workers 1]
                                       [--sample-only] [--client auto|wrk|httpx]

Loads the embedded sample list and, when ``../shared/data`` is present, every real list
into a fresh temporary store; starts ``tracewire serve`` on 127.0.0.1 (API keys on, as
in production, so auth and the audit log are part of every request); then drives
``POST /match/default`` with a realistic mix of single-query requests: listed names as
printed (a third of them with the listed birth date or country), the same names with a
typo, and ordinary names that are not listed. Each concurrency level is bounded by a
request count and a time limit (with wrk, by the time limit alone). The driver is ``wrk`` when installed (lighter than the
server, so it measures the server), else an ``httpx`` async client.

Prints one row per level (throughput, p50/p95/p99 latency, errors), checks that every
answered request has its audit record, and prints yente's published figure (about 4
requests per second per vCPU with logic-v2) as the reference line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.speed import ALL_LISTS, RAW
from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store

REAL_LISTS = ALL_LISTS  # the same lists as bench.speed
LEVELS = (1, 8, 64)
#: yente's published throughput with logic-v2, requests per second per vCPU
YENTE_RPS_PER_VCPU = 4.0
ORDINARY = (
    "Maria Garcia", "John Smith", "Wei Zhang", "Anna Müller", "Ahmed Hassan", "Olga Ivanova",
    "Jean Dupont", "Priya Sharma", "Kenji Tanaka", "Fatima Zahra", "Lucas Silva",
    "Acme Trading Ltd", "Nordic Timber AS", "Blue River Logistics GmbH", "Sunrise Foods LLC",
    "Pacific Components Co., Ltd", "Atlas Marine Services", "Green Valley Farms Inc",
)  # fmt: skip


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def request_bodies(screener: Screener, n: int, rng: random.Random) -> list[bytes]:
    """``n`` single-query /match bodies: listed (some with details), typos, ordinary names."""
    records = [r for r in screener.index.records if r.names]
    bodies = []
    for i in range(n):
        kind = i % 3
        if kind == 2:
            props: dict[str, list[str]] = {"name": [rng.choice(ORDINARY)]}
            schema = "LegalEntity"
        else:
            entity = rng.choice(records).entity
            name = rng.choice(entity.names)
            props = {"name": [typo(name, rng) if kind == 1 else name]}
            schema = entity.schema if entity.schema in ("Person", "Company", "Vessel") else "Thing"
            if rng.random() < 0.33:
                for prop in ("birthDate", "country"):
                    if entity.get(prop):
                        props[prop] = entity.get(prop)[:1]
        query = {"queries": {"q": {"schema": schema, "properties": props}}}
        bodies.append(json.dumps(query, ensure_ascii=False).encode("utf-8"))
    return bodies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


# -- drivers -----------------------------------------------------------------------------------
WRK_SCRIPT = """
local bodies, i = {}, 0
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  i = math.random(#bodies)
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/match/default", nil, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "micros": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def drive_wrk(
    base: str, key: str, bodies: list[bytes], clients: int, requests: int, seconds: int
) -> dict[str, float]:
    """``clients`` connections for ``seconds`` (wrk's main thread always runs the full
    duration, so with wrk a level is bounded by time; its count is what fits in it)."""
    del requests
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "bodies.jsonl"
        body_file.write_bytes(b"\n".join(bodies) + b"\n")
        script = Path(tmp) / "match.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        threads = min(clients, 2)
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
             "-H", f"Authorization: ApiKey {key}", "-H", "Content-Type: application/json",
             "-s", str(script), base, "--", str(body_file)],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        )  # fmt: skip
    stats = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "requests": stats["requests"],
        "seconds": stats["micros"] / 1e6,
        "p50": stats["p50"] / 1000,
        "p95": stats["p95"] / 1000,
        "p99": stats["p99"] / 1000,
        "errors": stats["errors"],
    }


def drive_httpx(
    base: str, key: str, bodies: list[bytes], clients: int, requests: int, seconds: int
) -> dict[str, float]:
    async def run() -> dict[str, float]:
        latencies: list[float] = []
        errors = 0
        sent = 0
        deadline = time.perf_counter() + seconds
        headers = {"Authorization": f"ApiKey {key}", "Content-Type": "application/json"}
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:

            async def worker() -> None:
                nonlocal sent, errors
                while sent < requests and time.perf_counter() < deadline:
                    body = bodies[sent % len(bodies)]
                    sent += 1
                    t = time.perf_counter()
                    try:
                        r = await client.post("/match/default", content=body, timeout=10)
                        ok = r.status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    latencies.append(time.perf_counter() - t)
                    errors += not ok

            start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(clients)))
            elapsed = time.perf_counter() - start
        return {
            "requests": len(latencies),
            "seconds": elapsed,
            "p50": percentile(latencies, 0.50) * 1000,
            "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "errors": errors,
        }

    return asyncio.run(run())


# -- the run -----------------------------------------------------------------------------------
def prepare(home: Path, sample_only: bool) -> tuple[Store, list[str]]:
    store = Store(f"sqlite:///{home / 'tracewire.db'}")
    load_paths(store, [sample_path()], dataset="tracewire_sample")
    loaded = ["tracewire_sample"]
    if not sample_only and RAW.exists():
        for rel in REAL_LISTS:
            if (RAW / rel).exists():
                for report in load_paths(store, [RAW / rel]):
                    loaded.append(report.version.dataset)
    return store, loaded


def start_server(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TRACEWIRE_HOME=str(home), TRACEWIRE_OFFLINE="1")
    env.pop("TRACEWIRE_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "tracewire.cli.main", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(cmd, env=env, start_new_session=True)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("the server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per level (max)")
    parser.add_argument("--seconds", type=int, default=20, help="time limit per level")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--sample-only", action="store_true", help="skip the real lists")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument(
        "--soak", type=int, default=0, help="then run 64 clients for this many seconds"
    )
    args = parser.parse_args()
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    drive = drive_wrk if client == "wrk" else drive_httpx
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        store, loaded = prepare(home, args.sample_only)
        screener = Screener.from_store(store, cache_dir=home / "index")  # the server reuses it
        load_s = time.perf_counter() - t0
        bodies = request_bodies(screener, 3000, rng)
        key = KeyRing(store.engine).create("bench", "screen")[0]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(home, port, args.workers)
        try:
            t0 = time.perf_counter()
            wait_ready(base, server)
            ready_s = time.perf_counter() - t0
            drive(base, key, bodies[:200], 4, 200, 2)  # warm up
            audit = AuditLog(store.engine)
            before = audit.count()
            load_before = os.getloadavg()[0]
            rows = [(n, drive(base, key, bodies, n, args.requests, args.seconds)) for n in LEVELS]
            if args.soak:
                soak = drive(base, key, bodies, 64, 1 << 30, args.soak)
                rows.append((64, soak))
            time.sleep(0.5)
            audited = audit.count() - before
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        store.close()

    cores = os.cpu_count() or 1
    bound = (
        f"{args.seconds} s"
        if client == "wrk"
        else f"{args.requests:,} requests or {args.seconds} s"
    )
    print(f"lists: {', '.join(loaded)}")
    print(f"entities screened: {len(screener):,}; store + index ready in {load_s:.1f} s; "
          f"server ready in {ready_s:.1f} s")  # fmt: skip
    print(f"driver: {client}; server workers: {args.workers}; machine cores: {cores}; "
          f"per level: {bound}; "
          f"load average before the first level: {load_before:.2f}")  # fmt: skip
    print()
    header = f"{'clients':>7} {'requests':>9} {'errors':>6} {'req/s':>8} {'req/s/worker':>12} "
    header += f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    answered = 0
    for i, (n, r) in enumerate(rows):
        if i == len(LEVELS):
            print(f"soak: {args.soak} s at 64 clients")
        rps = r["requests"] / r["seconds"]
        answered += int(r["requests"])
        print(f"{n:>7} {int(r['requests']):>9,} {int(r['errors']):>6} {rps:>8,.0f} "
              f"{rps / args.workers:>12,.0f} {r['p50']:>8.2f} {r['p95']:>8.2f} {r['p99']:>8.2f}")  # fmt: skip
    print(f"{'yente':>7} {'':>9} {'':>6} {YENTE_RPS_PER_VCPU * cores:>8,.0f} "
          f"{YENTE_RPS_PER_VCPU:>12,.0f} {'':>8} {'':>8} {'':>8}  (published, logic-v2, per vCPU)")  # fmt: skip
    print()
    print(f"audit records written: {audited:,} for {answered:,} answered requests "
          f"({'none lost' if audited >= answered else 'MISSING RECORDS'})")  # fmt: skip


if __name__ == "__main__":
    main()
