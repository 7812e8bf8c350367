"""Batch screening on all cores: rows per second through the CLI for 1, 2 and 4 workers.

    .venv/bin/python -m bench.scale [--rows 20000] [--workers 1,2,4] [--lists un] [--dask 2]
                                    [--hosts POSTGRES_URL]

Loads the real lists of ../shared/data (all of them, or ``--lists un`` for the UN list
alone) into a fresh store under a temporary TRACEWIRE_HOME, builds the index once (the
CLI's own index cache, as ``tracewire screen`` keeps it), then generates a realistic
input: mostly ordinary names (forename + surname from the popular names by country,
with their country), a few percent listed names as printed and listed names with a
typo. It then runs ``tracewire screen INPUT -o OUT.jsonl --workers N --json`` in a
subprocess for each N (and ``--dask local:N`` with ``--dask N``, which needs the
``dask`` extra), with the output and the audit record written, and reports:

- rows per second while screening (the CLI's own count: reading, screening, writing)
  and over the whole command (index load from the cache included);
- peak memory of the whole process tree, as PSS (pages shared copy-on-write between
  the parent and its forked workers are counted once, split between them), and RSS
  summed over the processes (counting shared pages once per process);
- scaling efficiency: speed-up over 1 worker divided by N;
- CPU seconds of the whole command and its workers (user + system): less noisy than
  wall time on a busy machine, it shows what the workers cost in overhead;
- whether every output is byte-identical to the 1-worker output.

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


def _memory_kb(pids: list[int]) -> tuple[int, int]:
    """(PSS, RSS) in kB summed over ``pids``."""
    pss = rss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


class PeakMemory:
    """Samples the memory of a process tree every 0.1 s in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.pss = self.rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss, rss = _memory_kb(_tree(self.pid))
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


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


def run_cli(env: dict[str, str], src: Path, out: Path, how: list[str]) -> dict[str, float]:
    cmd = [sys.executable, "-m", "tracewire.cli.main", "screen", str(src), "-o", str(out),
           *how, "--json"]  # fmt: skip
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
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    parser.add_argument("--lists", choices=("all", "un"), default="all")
    parser.add_argument("--dask", type=int, default=0, help="also run on a LocalCluster of N")
    parser.add_argument("--hosts", metavar="POSTGRES_URL", help="also: two hosts on one store")
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    runs = [(str(int(w)), int(w), ["--workers", w]) for w in args.workers.split(",")]
    if args.dask:
        runs.append((f"dask {args.dask}", args.dask, ["--dask", f"local:{args.dask}"]))
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
        for label, workers, how in runs:
            out = tmp / f"out-{len(results)}.jsonl"
            results.append((label, workers, run_cli(env, src, out, how)))
            digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
            out.unlink()
    print(f"lists: {len(lists)} ({entities:,} screened parties); load {load_s:.1f} s, "
          f"index build {build_s:.1f} s, index file {index_mb:,.1f} MB; input: {args.rows:,} rows")  # fmt: skip
    print("timings are wall-clock; on a shared machine they vary from run to run")
    header = (f"{'workers':>7} {'rows':>8} {'rows w/ alerts':>14} {'screen s':>9} "
              f"{'rows/s':>8} {'wall s':>7} {'rows/s (wall)':>13} {'speed-up':>8} "
              f"{'efficiency':>10} {'CPU s':>6} {'peak PSS MB':>11} {'peak RSS MB':>11} {'same output':>11}")  # fmt: skip
    print(header)
    print("-" * len(header))
    base = results[0][2]["rows"] / results[0][2]["screen_s"]
    for (label, workers, r), digest in zip(results, digests, strict=True):
        rate = r["rows"] / r["screen_s"]
        speedup = rate / base
        print(f"{label:>7} {r['rows']:>8,.0f} {r['alerts']:>14,.0f} {r['screen_s']:>9.1f} "
              f"{rate:>8,.0f} {r['wall_s']:>7.1f} {r['rows'] / r['wall_s']:>13,.0f} "
              f"{speedup:>8.2f} {speedup / workers * results[0][1]:>10.0%} {r['cpu_s']:>6.1f} "
              f"{r['pss_mb']:>11,.0f} {r['rss_mb']:>11,.0f} "
              f"{'yes' if digest == digests[0] else 'NO':>11}")  # fmt: skip

    if args.hosts:
        from bench.hosts import run as run_hosts

        print()
        print("two service hosts on one PostgreSQL store (bench.hosts)")
        run_hosts(args.hosts, which=args.lists)


if __name__ == "__main__":
    main()
