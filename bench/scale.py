"""Batch screening on all cores: rows per second through the CLI, per-worker memory,
scaling efficiency, the Dask path, and the 1,000,000-row target.

    .venv/bin/python -m bench.scale [--rows 20000] [--workers 1,2,4] [--dask 2]
                                    [--lists all|un] [--target 1000000]
                                    [--hosts POSTGRES_URL]

Loads the real lists of ../shared/data (all of them, or ``--lists un`` for the UN list
alone) into a fresh store under a temporary TRACEWIRE_HOME, builds the index once (the
CLI's own index cache, as ``tracewire screen`` keeps it), then generates a realistic
input: mostly ordinary names (forename + surname from the popular names by country),
a few percent listed names as printed and listed names with a typo. It then runs
``tracewire screen INPUT -o OUT.jsonl --workers N --json`` in a subprocess for each N,
and with ``--dask N`` (needs the ``dask`` extra) ``--dask local:N -o OUT.jsonl`` (the
records come back to the CLI) and ``--dask local:N -o FOLDER`` (each worker writes
part files), every run with its output and audit record written. It reports:

- rows per second while screening (the CLI's own count: reading, screening, writing;
  for Dask, once every worker has loaded the index) and over the whole command;
- scaling efficiency: speed-up over 1 worker divided by N; the Dask runs against
  ``--workers N`` (the issue's target: within 15 %);
- CPU seconds of the whole command and its workers (user + system): steadier than wall
  time on a shared machine;
- memory: peak PSS of the whole process tree (pages shared copy-on-write between the
  parent and its forked workers counted once, split between them), and the peak USS
  (pages of its own) of each worker process, from /proc/PID/smaps_rollup;
- whether every output is byte-identical to the 1-worker output (part files joined in
  order);
- the load average (1 min) at the start of each run: the machine may be shared;
- the ``--target`` table: the time for that many rows at each run's measured rate,
  and at its rate per CPU second on every core of this machine (what an idle machine
  would do), against the issue's 20 minutes for 1,000,000 rows.

``--hosts POSTGRES_URL`` then prints the table of ``bench.hosts``: two ``tracewire serve``
hosts on one PostgreSQL store against one (throughput, p99 at 8 clients each, audit
records lost), in a database it creates on that server and drops.

Timings are wall-clock on a machine that may be shared: run it on an idle machine for
figures to quote.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names, typo
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store

UN_ONLY = ("un_sc_consolidated_2026-02-27",)


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return found


def _smaps(pid: int) -> dict[str, int]:
    """The kB figures of /proc/PID/smaps_rollup (empty when the process is gone)."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    out[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        pass
    return out


class PeakMemory:
    """Samples the memory of a process tree every 0.2 s in a thread: the peak PSS of
    the tree, the peak RSS summed, and each process's peak USS."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.pss = self.rss = 0
        self.uss: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss = rss = 0
            for p in _tree(self.pid):
                m = _smaps(p)
                pss += m.get("Pss", 0)
                rss += m.get("Rss", 0)
                uss = m.get("Private_Clean", 0) + m.get("Private_Dirty", 0)
                self.uss[p] = max(self.uss.get(p, 0), uss)
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def worker_uss(self, workers: int) -> float:
        """Mean peak USS (kB) of the ``workers`` largest child processes (the command
        itself when it has none: one process)."""
        children = sorted((u for p, u in self.uss.items() if p != self.pid), reverse=True)
        if workers <= 1 or len(children) < workers:
            return float(self.uss.get(self.pid, 0))
        return sum(children[:workers]) / workers


def make_input(path: Path, listed: list[str], rows: int, rng: random.Random) -> None:
    """A CSV of ``rows`` parties: 96 % ordinary names, 2 % listed, 2 % listed with a typo."""
    ordinary = ordinary_names(rng, rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,name,schema,birth_date,country,nationality,gender,identifiers\n")
        for n in range(rows):
            pick = rng.random()
            if pick < 0.02:
                name = rng.choice(listed)
            elif pick < 0.04:
                name = typo(rng.choice(listed), rng)
            else:
                name = ordinary[n]
            name = name.replace('"', '""')
            fh.write(f'c{n:07d},"{name}",,,,,,\n')


def run_cli(
    env: dict[str, str], src: Path, out: Path, how: list[str], workers: int
) -> dict[str, float]:
    cmd = [sys.executable, "-m", "tracewire.cli.main", "screen", str(src), "-o", str(out),
           *how, "--json"]  # fmt: skip
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = PeakMemory(proc.pid)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"tracewire screen failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    summary = json.loads(stdout)
    return {
        "rows": summary["rows"],
        "alerts": summary["rows_with_alerts"],
        "screen_s": summary["seconds"],
        "wall_s": wall,
        "cpu_s": cpu,
        "pss_mb": peak.pss / 1024,
        "rss_mb": peak.rss / 1024,
        "worker_uss_mb": peak.worker_uss(workers) / 1024,
        "load": load,
    }


def _digest(out: Path) -> str:
    """The output's SHA-256: of the file, or of a folder's part files joined in order."""
    digest = hashlib.sha256()
    if out.is_dir():
        manifest = json.loads((out / "_manifest.json").read_text())
        for part in manifest["parts"]:
            digest.update((out / part["file"]).read_bytes())
    else:
        digest.update(out.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    parser.add_argument("--lists", choices=("all", "un"), default="all")
    parser.add_argument("--dask", type=int, default=0, help="also run on a LocalCluster of N")
    parser.add_argument("--hosts", metavar="POSTGRES_URL", help="also: two hosts on one store")
    parser.add_argument("--target", type=int, default=1_000_000, help="rows to project to")
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    runs: list[tuple[str, int, list[str], str]] = [
        (f"--workers {w}", int(w), ["--workers", w], ".jsonl") for w in args.workers.split(",")
    ]
    if args.dask:
        n = args.dask
        runs.append((f"--dask local:{n}", n, ["--dask", f"local:{n}"], ".jsonl"))
        runs.append((f"--dask local:{n} -o DIR", n, ["--dask", f"local:{n}"], ""))
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        home = tmp / "home"
        home.mkdir()
        url = f"sqlite:///{home / 'tracewire.db'}"
        env = os.environ | {"TRACEWIRE_HOME": str(home), "TRACEWIRE_DATABASE_URL": url,
                            "TRACEWIRE_OFFLINE": "1"}  # fmt: skip
        store = Store(url)
        lists = UN_ONLY if args.lists == "un" else ALL_LISTS
        t0 = time.perf_counter()
        for rel in lists:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        # the CLI's own index cache: every run below loads this index, none builds it
        screener = Screener.from_store(store, cache_dir=home / "index")
        build_s = time.perf_counter() - t0
        index_mb = sum(f.stat().st_size for f in (home / "index").rglob("*") if f.is_file())
        index_mb /= 1024 * 1024
        listed = [form.original for r in screener.index.records for form, _ in r.names]
        entities = len(screener)
        del screener
        src = tmp / "input.csv"
        make_input(src, listed, args.rows, rng)
        results = []
        digests = []
        for label, workers, how, suffix in runs:
            out = tmp / f"out-{len(results)}{suffix}"
            results.append((label, workers, run_cli(env, src, out, how, workers)))
            digests.append(_digest(out))
    print(f"lists: {len(lists)} ({entities:,} screened parties); load {load_s:.1f} s, "
          f"index build {build_s:.1f} s, index file {index_mb:,.1f} MB; input: {args.rows:,} "
          f"rows; {os.cpu_count()} cores")  # fmt: skip
    print("timings are wall-clock; on a shared machine they vary from run to run (load: the "
          "1-minute load average when the run started)")  # fmt: skip
    print()
    header = (f"{'run':>24} {'load':>5} {'rows':>8} {'w/ alerts':>9} {'screen s':>8} "
              f"{'rows/s':>7} {'wall s':>7} {'speed-up':>8} {'efficiency':>10} {'CPU s':>6} "
              f"{'rows/CPU s':>10} {'peak PSS MB':>11} {'USS/worker MB':>13} {'same output':>11}")  # fmt: skip
    print(header)
    print("-" * len(header))
    base = results[0][2]["rows"] / results[0][2]["screen_s"]
    rates: dict[str, float] = {}
    for (label, workers, r), digest in zip(results, digests, strict=True):
        rate = r["rows"] / r["screen_s"]
        rates[label] = rate
        speedup = rate / base
        print(f"{label:>24} {r['load']:>5.1f} {r['rows']:>8,.0f} {r['alerts']:>9,.0f} "
              f"{r['screen_s']:>8.1f} {rate:>7,.0f} {r['wall_s']:>7.1f} {speedup:>8.2f} "
              f"{speedup / workers * results[0][1]:>10.0%} {r['cpu_s']:>6.1f} "
              f"{r['rows'] / r['cpu_s']:>10,.0f} {r['pss_mb']:>11,.0f} "
              f"{r['worker_uss_mb']:>13,.0f} {'yes' if digest == digests[0] else 'NO':>11}")  # fmt: skip
    if args.dask:
        n = args.dask
        ref = rates.get(f"--workers {n}")
        if ref:
            for label in (f"--dask local:{n}", f"--dask local:{n} -o DIR"):
                print(f"{label} vs --workers {n}: {rates[label] / ref - 1:+.0%} rows/s "
                      "(target: within 15 %)")  # fmt: skip
    print()
    cores = os.cpu_count() or 1
    print(f"{args.target:,} rows (target: under 20 min on this {cores}-core machine, output "
          "and audit written)")  # fmt: skip
    header = (f"{'run':>24} {'at the measured rate':>20} {'at rows/CPU s x cores':>21} "
              f"{'under 20 min (idle)':>19} {'peak PSS MB':>11}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for label, workers, r in results:
        measured = args.target / rates[label] / 60
        idle = args.target / (r["rows"] / r["cpu_s"] * min(workers, cores)) / 60
        print(f"{label:>24} {measured:>16,.1f} min {idle:>17,.1f} min "
              f"{'yes' if idle < 20 else 'no':>19} {r['pss_mb']:>11,.0f}")  # fmt: skip

    if args.hosts:
        from bench.hosts import run as run_hosts

        print()
        print("two service hosts on one PostgreSQL store (bench.hosts)")
        run_hosts(args.hosts, which=args.lists)


if __name__ == "__main__":
    main()
