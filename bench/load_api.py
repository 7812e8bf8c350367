"""Load benchmark of the HTTP service: single-query ``/match`` at 1, 8 and 64 clients.

    .venv/bin/python -m bench.load_api [--requests 3000] [--seconds 20] [--workers 1]
                                       [--sample-only] [--client auto|wrk|httpx]
                                       [--soak SECONDS [--window 60] [--skip-levels]]
                                       [--pin]

Loads the embedded sample list and, when ``../shared/data`` is present, every real list
into a fresh temporary store; starts ``tracewire serve`` on 127.0.0.1 (API keys on, as
in production, so auth and the audit log are part of every request); then drives
``POST /match/default`` with a realistic mix of single-query requests: listed names as
printed (a third of them with the listed birth date or country), the same names with a
typo, and ordinary names that are not listed. Each concurrency level is bounded by a
request count and a time limit (with wrk, by the time limit alone). The driver is
``wrk`` when installed (lighter than the server, so it measures the server), else an
``httpx`` async client. ``--pin`` keeps the server's workers on CPUs of their own and
wrk on the rest (so one worker's figures are those of one core, undisturbed by the driver).

Prints one row per level (throughput, p50/p95/p99 latency, errors, and the server's CPU
time per request, which other load on the machine disturbs less than throughput),
checks that every answered request has its audit record, and prints yente's published
figure (about 4 requests per second per vCPU with logic-v2) as the reference line.

``--soak SECONDS`` then drives 64 clients for that long, in windows of ``--window``
seconds, and prints one row per window (requests, errors, throughput, latency
percentiles, the server's memory and the machine's load), so a slow leak or a stall
shows; at the end it checks that the audit log gained a record for every answered
request and that its hash chain verifies.
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
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names
from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store

REAL_LISTS = ALL_LISTS  # the same lists as bench.speed
LEVELS = (1, 8, 64)
#: distinct request bodies (more than a level sends: the matcher's caches see each once)
BODIES = 30_000
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


TRADES = ("Trading", "Logistics", "Components", "Marine Services", "Foods", "Timber",
          "Holding", "Electronics", "Machinery", "Textiles", "Shipping", "Pharma")  # fmt: skip
FORMS = ("Ltd", "GmbH", "LLC", "Co., Ltd", "AS", "Inc", "SRL", "OOO", "JSC", "Pte Ltd")


def ordinary_parties(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` (schema, name) of parties no list names: people with common first and last
    names of many countries, and companies made of a surname, a trade and a legal form
    (from ../shared/data's name lists; a few fixed names without them)."""
    if not (RAW / "popular_names_by_country").exists():
        return [("LegalEntity", rng.choice(ORDINARY)) for _ in range(n)]
    people = ordinary_names(rng, n)
    parties = []
    for i, person in enumerate(people):
        if i % 2:
            surname = person.split()[-1]
            parties.append(("Company", f"{surname} {rng.choice(TRADES)} {rng.choice(FORMS)}"))
        else:
            parties.append(("Person", person))
    return parties


def request_bodies(screener: Screener, n: int, rng: random.Random) -> list[bytes]:
    """``n`` single-query /match bodies: listed names (some with details), the same with a
    typo, and ordinary parties, a third each; each body is its own query, so that a
    benchmark of fewer requests than bodies never asks the same twice."""
    records = [r for r in screener.index.records if r.names]
    ordinary = iter(ordinary_parties(n // 3 + 1, rng))
    bodies = []
    for i in range(n):
        kind = i % 3
        if kind == 2:
            schema, name = next(ordinary)
            props: dict[str, list[str]] = {"name": [name]}
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
            preexec_fn=_pinned("client"),
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
    base: str,
    key: str,
    bodies: list[bytes],
    clients: int,
    requests: int,
    seconds: int,
    failures: Counter[str] | None = None,
    timeout: float = 10,
) -> dict[str, float]:
    """Send ``bodies`` to ``/match/default`` from ``clients`` async clients until
    ``requests`` are sent or ``seconds`` have passed; with ``failures``, count why each
    failed request failed there (status and text, or the exception)."""

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
                    why = None
                    try:
                        r = await client.post("/match/default", content=body, timeout=timeout)
                        if r.status_code != 200:
                            why = f"HTTP {r.status_code}: {r.text[:200]}"
                    except httpx.HTTPError as exc:
                        why = f"{type(exc).__name__}: {exc}"
                    latencies.append(time.perf_counter() - t)
                    if why is not None:
                        errors += 1
                        if failures is not None:
                            failures[f"{base}: {why}"] += 1

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
                for report in load_paths(store, [RAW / rel], policy=TRIMMED_OK):
                    loaded.append(report.version.dataset)
    return store, loaded


#: with --pin: the CPUs the server's workers may run on, and those the load driver may
PINNED: dict[str, set[int]] = {}


def _pinned(role: str) -> Callable[[], None] | None:
    """A ``preexec_fn`` keeping a child process (and its children) on its CPUs."""
    cpus = PINNED.get(role)
    return None if cpus is None else (lambda: os.sched_setaffinity(0, cpus))


def start_server(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TRACEWIRE_HOME=str(home), TRACEWIRE_OFFLINE="1")
    env.pop("TRACEWIRE_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "tracewire.cli.main", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(cmd, env=env, start_new_session=True, preexec_fn=_pinned("server"))


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


def server_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, resident MB) of the server and its worker processes (Linux /proc;
    NaN elsewhere)."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat[1])
        tree, frontier = {pid}, [pid]
        while frontier:
            kids = [c for c, parent in parents.items() if parent in frontier and c not in tree]
            tree.update(kids)
            frontier = kids
        cpu = rss = 0.0
        for p in tree:
            try:
                stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu += (int(stat[11]) + int(stat[12])) / tick
            rss += int(stat[21]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        return cpu, rss
    except (OSError, ValueError):
        return float("nan"), float("nan")


Drive = Callable[[str, str, list[bytes], int, int, int], dict[str, float]]


def measured(drive: Drive, pid: int, *args: Any) -> dict[str, float]:
    """One driver run, with the server's CPU time per answered request and its memory."""
    cpu0, _ = server_usage(pid)
    result = drive(*args)
    cpu1, rss = server_usage(pid)
    result["cpu_ms"] = (cpu1 - cpu0) * 1000 / max(1, result["requests"])
    result["rss_mb"] = rss
    result["load"] = os.getloadavg()[0]
    return result


SOAK_HEADER = (
    f"{'from s':>6} {'requests':>9} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
    f"{'p99 ms':>8} {'cpu ms/req':>10} {'server MB':>9} {'load':>5}"
)


def soak_row(r: dict[str, float]) -> str:
    return (
        f"{r['from']:>6.0f} {int(r['requests']):>9,} {int(r['errors']):>6} "
        f"{r['requests'] / r['seconds']:>7,.0f} {r['p50']:>8.2f} {r['p95']:>8.2f} "
        f"{r['p99']:>8.2f} {r['cpu_ms']:>10.2f} {r['rss_mb']:>9,.0f} {r['load']:>5.2f}"
    )


def soak(
    drive: Drive, pid: int, base: str, key: str, bodies: list[bytes], seconds: int, window: int
) -> list[dict[str, float]]:
    """64 clients for ``seconds``, measured in windows of ``window`` seconds (printed as
    they finish)."""
    print(f"soak: 64 clients for {seconds} s, in windows of {window} s", flush=True)
    print(SOAK_HEADER, flush=True)
    rows: list[dict[str, float]] = []
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < seconds - 0.5:
        span = max(1, min(window, round(seconds - elapsed)))
        row = measured(drive, pid, base, key, bodies, 64, 1 << 30, span)
        row["from"] = elapsed
        rows.append(row)
        print(soak_row(row), flush=True)
    return rows


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
    parser.add_argument("--window", type=int, default=60, help="soak: seconds per report row")
    parser.add_argument(
        "--skip-levels", action="store_true", help="only the soak, not the 1/8/64 levels"
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="run the server's workers on CPUs of their own and wrk on the others "
        "(needs more cores than workers), so the driver takes no CPU from the server",
    )
    args = parser.parse_args()
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    if args.pin:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) <= args.workers or client != "wrk":
            sys.exit(
                f"--pin needs wrk and more than {args.workers} CPU(s) (this machine: {len(cpus)})"
            )
        PINNED["server"] = set(cpus[: args.workers])
        PINNED["client"] = set(cpus[args.workers :])
    drive: Drive = drive_wrk if client == "wrk" else drive_httpx
    rng = random.Random(7)
    levels = () if args.skip_levels else LEVELS

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        store, loaded = prepare(home, args.sample_only)
        screener = Screener.from_store(store, cache_dir=home / "index")  # the server reuses it
        load_s = time.perf_counter() - t0
        bodies = request_bodies(screener, BODIES, rng)
        key = KeyRing(store.engine).create("bench", "screen")[0]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(home, port, args.workers)
        soak_rows: list[dict[str, float]] = []
        try:
            t0 = time.perf_counter()
            wait_ready(base, server)
            ready_s = time.perf_counter() - t0
            drive(base, key, bodies[:200], 4, 200, 2)  # warm up
            audit = AuditLog(store.engine)
            before = audit.count()
            load_before = os.getloadavg()[0]
            rows = [
                (n, measured(drive, server.pid, base, key, bodies, n, args.requests, args.seconds))
                for n in levels
            ]
            time.sleep(0.5)
            audited = audit.count() - before
            if args.soak:
                soak_before = audit.count()
                soak_rows = soak(
                    drive, server.pid, base, key, bodies, args.soak, max(1, args.window)
                )
                time.sleep(0.5)
                soak_audited = audit.count() - soak_before
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        verified = audit.verify() if rows or soak_rows else None
        store.close()

    cores = os.cpu_count() or 1
    bound = (
        f"{args.seconds} s"
        if client == "wrk"
        else f"{args.requests:,} requests or {args.seconds} s"
    )
    print()
    print(f"lists: {', '.join(loaded)}")
    print(f"entities screened: {len(screener):,}; store + index ready in {load_s:.1f} s; "
          f"server ready in {ready_s:.1f} s")  # fmt: skip
    print(f"driver: {client}; server workers: {args.workers}; machine cores: {cores}; "
          f"per level: {bound}; "
          f"load average before the first level: {load_before:.2f}")  # fmt: skip
    if PINNED:
        print(f"pinned: server on CPU {sorted(PINNED['server'])}, "
              f"wrk on CPU {sorted(PINNED['client'])}")  # fmt: skip
    if rows:
        print()
        header = f"{'clients':>7} {'requests':>9} {'errors':>6} {'req/s':>8} "
        header += f"{'req/s/worker':>12} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        header += f"{'cpu ms/req':>10}"
        print(header)
        print("-" * len(header))
        answered = 0
        for n, r in rows:
            rps = r["requests"] / r["seconds"]
            answered += int(r["requests"])
            print(f"{n:>7} {int(r['requests']):>9,} {int(r['errors']):>6} {rps:>8,.0f} "
                  f"{rps / args.workers:>12,.0f} {r['p50']:>8.2f} {r['p95']:>8.2f} "
                  f"{r['p99']:>8.2f} {r['cpu_ms']:>10.2f}")  # fmt: skip
        print(f"{'yente':>7} {'':>9} {'':>6} {YENTE_RPS_PER_VCPU * cores:>8,.0f} "
              f"{YENTE_RPS_PER_VCPU:>12,.0f}  (published, logic-v2, per vCPU)")  # fmt: skip
        print()
        print(f"audit records written: {audited:,} for {answered:,} answered requests "
              f"({'none lost' if audited >= answered else 'MISSING RECORDS'})")  # fmt: skip
    if soak_rows:
        total = sum(int(r["requests"]) for r in soak_rows)
        errors = sum(int(r["errors"]) for r in soak_rows)
        seconds = sum(r["seconds"] for r in soak_rows)
        print()
        print(f"soak: {seconds:,.0f} s at 64 clients, {len(soak_rows)} windows")
        print(SOAK_HEADER)
        for r in soak_rows:
            print(soak_row(r))
        p99s = sorted(r["p99"] for r in soak_rows)
        print(f"total: {total:,} requests, {errors} errors, {total / seconds:,.0f} req/s; "
              f"p50 per window {min(r['p50'] for r in soak_rows):.1f}-"
              f"{max(r['p50'] for r in soak_rows):.1f} ms, p99 per window "
              f"{p99s[0]:.1f}-{p99s[-1]:.1f} ms; server memory "
              f"{soak_rows[0]['rss_mb']:,.0f} -> {soak_rows[-1]['rss_mb']:,.0f} MB")  # fmt: skip
        print(f"soak audit records written: {soak_audited:,} for {total:,} answered requests "
              f"({'none lost' if soak_audited >= total else 'MISSING RECORDS'})")  # fmt: skip
    if verified is not None:
        print(f"audit chain: {verified.records:,} records, "
              f"{'verifies' if verified.ok else f'BROKEN at record {verified.first_bad_id}: {verified.problem}'}")  # fmt: skip


if __name__ == "__main__":
    main()
