"""Matching speed on every real list in ../shared/data, loaded together.

    .venv/bin/python -m bench.speed [--queries 2000]

Loads all lists into a fresh store, builds the index, then times single ``match``
calls (one process, one core) on a mix of queries: listed names as printed, the same
with a typo, and ordinary non-listed names. Prints index build time, queries per second,
p50/p99 latency and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from tracewire.bounds import _WORD, MAX_NAME_WORDS
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.memory import gc_paused, settle
from tracewire.store import Store
from tracewire.store.history import LoadPolicy

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"
#: the 2023 CSL file is a trimmed subset whose last record is cut off: load it all the same
TRIMMED_OK = LoadPolicy(allow_truncated=True)
ALL_LISTS = (
    "ofac_sdn_2024-05-03/sdn.csv",
    "ofac_consolidated_nonsdn_2025-12",
    "un_sc_consolidated_2026-02-27",
    "uk_sanctions_list_derived_2026-05",
    "eu_journal_sanctions_opensanctions/consolidated",
    "us_csl_2023-11_partial",
    "bis_denied_persons_2023-11",
    "opensanctions_us_dod_1260h",
)


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def ordinary_names(rng: random.Random, n: int) -> list[str]:
    folder = RAW / "popular_names_by_country"
    first: list[str] = []
    last: list[str] = []
    for path, bucket in (
        (folder / "common-forenames-by-country.csv", first),
        (folder / "common-surnames-by-country.csv", last),
    ):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("Romanized Name"):
                    bucket.append(row["Romanized Name"].strip())
    return [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(n)]


def write_queries(path: Path, queries: list[str]) -> None:
    """Write ``queries`` to ``path`` as JSON, atomically (a temporary file renamed)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument(
        "--no-settle",
        dest="settle",
        action="store_false",
        help="leave the index to the garbage collector's full passes (sessions before 10)",
    )
    parser.add_argument(
        "--query-file",
        type=Path,
        help="screen the queries of this JSON file (a list of names); when it does not "
        "exist, write this run's queries to it. Two versions of the matcher index other "
        "readings of the listed names, so each draws other queries from them: compare "
        "versions on one file",
    )
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        for rel in ALL_LISTS:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_cpu = time.process_time()
        screener = Screener.from_store(store)
        build_cpu = time.process_time() - build_cpu
        build_s = time.perf_counter() - t0
        if args.settle:
            # what the service and the CLI do with the index they screen against
            # (tracewire.api.live_index, tracewire.cli.context): the collector's full
            # passes skip its million objects
            with gc_paused():
                settle()
        names = [form.original for r in screener.index.records for form, _ in r.names]
    # a few listed names have more words than a query may (the query would be refused)
    names = [n for n in names if len(_WORD.findall(n)) <= MAX_NAME_WORDS]
    third = args.queries // 3
    queries = (
        [rng.choice(names) for _ in range(third)]
        + [typo(rng.choice(names), rng) for _ in range(third)]
        + ordinary_names(rng, args.queries - 2 * third)
    )
    rng.shuffle(queries)
    if args.query_file is not None:
        if args.query_file.exists():
            queries = [str(q) for q in json.loads(args.query_file.read_text(encoding="utf-8"))]
        else:
            write_queries(args.query_file, queries)
    for q in queries[:100]:  # warm caches, as a running service would be
        screener.match(Query(names=[q]))
    latencies = []
    cpu = time.process_time()
    start = time.perf_counter()
    for q in queries:
        t = time.perf_counter()
        screener.match(Query(names=[q]))
        latencies.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'measure':<34} {'value':>12}")
    print("-" * 47)
    rows = [
        ("lists loaded", f"{len(ALL_LISTS)}"),
        ("entities screened (index records)", f"{len(screener):,}"),
        ("names indexed", f"{len(names):,}"),
        ("load all lists into store (s)", f"{load_s:.1f}"),
        ("index build (s)", f"{build_s:.1f}"),
        ("index build (CPU s)", f"{build_cpu:.1f}"),
        ("index settled (gc.freeze)", "yes" if args.settle else "no"),
        ("queries", f"{len(queries):,}"),
        ("queries per second (1 core)", f"{len(queries) / total:,.0f}"),
        # on a machine shared with other work the wall clock overstates the cost
        ("queries per CPU second", f"{len(queries) / cpu:,.0f}"),
        ("p50 latency (ms)", f"{percentile(latencies, 0.5) * 1000:.2f}"),
        ("p99 latency (ms)", f"{percentile(latencies, 0.99) * 1000:.2f}"),
        ("peak memory (MB)", f"{rss:,.0f}"),
    ]
    for label, value in rows:
        print(f"{label:<34} {value:>12}")


if __name__ == "__main__":
    main()
