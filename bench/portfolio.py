"""A large portfolio: import, full screening and the delta rescreen after a UN update,
with peak memory per step, for growing portfolio sizes (memory must stay flat).

    .venv/bin/python -m bench.portfolio [--sizes 100000,300000] [--lists un|all]
                                        [--chunk 2000] [--dask N] [--full-max N]

For each size a portfolio file is written (CSV, streamed): ordinary persons (forename +
surname from the popular names by country, ../shared/data/raw/popular_names_by_country)
and companies, with about 2 % names of UN designees of 2022 and 2026 as printed and 1 %
with a typo. Each size then runs in a process of its own, on a fresh SQLite store under
a temporary folder holding the UN list of 2022-09-15 (``--lists all``: and every other
list of ../shared/data):

1. ``portfolio import`` of the file (chunks of ``--chunk`` rows, one transaction, the
   portfolio's name index kept up to date as it goes);
2. ``portfolio screen``: the whole portfolio against the lists, read from the store in
   chunks, alerts written through the audited path (``--dask N``: matched on a
   LocalCluster of N workers, the alerts written by this process); skipped for sizes
   over ``--full-max`` (its speed is the screener's, measured by ``bench.scale``);
3. the UN list of 2026-02-27 loaded and the delta rescreen that ``lists load`` runs
   (the portfolio against what the update added or changed, looked up in the stored
   index).

Peak memory is the process's peak resident set (VmHWM) during each step alone (reset
between steps through /proc/self/clear_refs), beside the resident set before the step
(the list index and the interpreter: the same for every size). With ``--dask``, the
workers' memory is not in it. Timings are wall-clock on a machine that may be shared.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK

UN_2022 = RAW / "un_sc_consolidated_2022-09-15" / "un.xml"
UN_2026 = RAW / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml"
NAMES = RAW / "popular_names_by_country"
COMPANY_WORDS = ("Trading", "Holdings", "Logistics", "Shipping", "Industries", "Export",
                 "Group", "Services", "Engineering", "Textiles")  # fmt: skip
COMPANY_FORMS = ("LLC", "Ltd", "GmbH", "SA", "JSC", "Co.", "Inc.", "FZE")


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _cpu() -> float:
    """CPU seconds (user + system) of this process so far: steadier than wall time on a
    shared machine."""
    import resource

    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS (Linux 4.0+)
    except OSError:
        pass


def _names(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return sorted({r["Romanized Name"].strip() for r in csv.DictReader(fh)
                       if (r.get("Romanized Name") or "").strip()})  # fmt: skip


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def listed_names() -> list[tuple[str, str]]:
    """(name, schema) of the UN designees of 2022 and 2026 (persons and organisations)."""
    from tracewire.ingest import load_paths
    from tracewire.store import Store

    out: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for path in (UN_2022, UN_2026):
            store = Store(f"sqlite:///{tmp}/{path.parent.name}.db")
            load_paths(store, [path])
            for e in store.entities("un_sc_sanctions"):
                if e.schema in ("Person", "Organization", "LegalEntity"):
                    out.add((e.caption, e.schema))
            store.engine.dispose()
    return sorted(out)


def write_portfolio(path: Path, n: int, listed: list[tuple[str, str]], seed: int) -> None:
    """``n`` parties, streamed to a CSV file (never a list of them)."""
    rng = random.Random(seed)
    first = _names(NAMES / "common-forenames-by-country.csv")
    last = _names(NAMES / "common-surnames-by-country.csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "schema", "country"])
        for i in range(n):
            draw = rng.random()
            if draw < 0.02:
                name, schema = rng.choice(listed)
            elif draw < 0.03:
                name, schema = rng.choice(listed)
                name = _typo(name, rng)
            elif draw < 0.85:
                name, schema = f"{rng.choice(first)} {rng.choice(last)}", "Person"
            else:
                name = (f"{rng.choice(last)} {rng.choice(COMPANY_WORDS)} "
                        f"{rng.choice(COMPANY_FORMS)}")  # fmt: skip
                schema = "Company"
            out.writerow([f"C{i:09d}", name, schema, ""])


def child(
    size: int, portfolio: Path, lists: str, chunk: int, dask: int, full: bool
) -> dict[str, Any]:
    """One size, in this process: import, full screening, UN update and delta rescreen."""
    from tracewire.ingest import load_paths
    from tracewire.match import Screener
    from tracewire.match.normalise import normalise_name
    from tracewire.screen.batch import BatchOptions, read_rows
    from tracewire.screen.cluster import DaskScreen, save_index, store_index_key
    from tracewire.store import Store
    from tracewire.workflow import Actor, Monitor, load_diff

    actor = Actor("bench", "admin")
    out: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        if lists == "all":
            for rel in ALL_LISTS:
                if not rel.startswith("un_sc"):
                    load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        load_paths(store, [UN_2022])
        screener = Screener.from_store(store)
        monitor = Monitor(store, chunk_rows=chunk)

        out["rss_before_mb"] = _status_kb("VmRSS") / 1024
        _reset_peak()
        t, c = time.perf_counter(), _cpu()
        report = monitor.import_rows(read_rows(portfolio), actor, str(portfolio))
        out["import_s"] = time.perf_counter() - t
        out["import_cpu"] = _cpu() - c
        out["import_peak_mb"] = _status_kb("VmHWM") / 1024
        out["imported"] = report.added_count
        # the names' normal forms are kept in an LRU cache of 200,000 (match.normalise):
        # memory grows with the distinct names up to it, and no further
        out["names_cached"] = normalise_name.cache_info().currsize
        out["rejected"] = report.error_count

        out["rss_before_screen_mb"] = _status_kb("VmRSS") / 1024
        _reset_peak()
        t, c = time.perf_counter(), _cpu()
        if not full:
            run = None
        elif dask:
            key = store_index_key(store.current_versions())
            index_path = save_index(screener, Path(tmp) / "index", key)
            with DaskScreen(f"local:{dask}", index_path, screener.threshold, BatchOptions(),
                            chunk) as cluster:  # fmt: skip
                run = monitor.screen(screener, actor, cluster=cluster)
        else:
            run = monitor.screen(screener, actor)
        if run is not None:
            out["screen_s"] = time.perf_counter() - t
            out["screen_cpu"] = _cpu() - c
            out["screen_peak_mb"] = _status_kb("VmHWM") / 1024
            out["screened"] = run.parties
            out["alerts"] = len(run.outcome.opened)

        (loaded,) = load_paths(store, [UN_2026])
        diff = load_diff(store, loaded.version.dataset, loaded.version.seq)
        screener = Screener.from_store(store)
        out["rss_before_delta_mb"] = _status_kb("VmRSS") / 1024
        _reset_peak()
        t, c = time.perf_counter(), _cpu()
        delta = monitor.rescreen(screener, [diff], actor)
        out["delta_s"] = time.perf_counter() - t
        out["delta_cpu"] = _cpu() - c
        reader = monitor.portfolio_index.last_reader
        out["delta_peak_mb"] = _status_kb("VmHWM") / 1024
        out["delta_entries"] = delta.entities
        out["delta_alerts"] = len(delta.outcome.opened)
        out["delta_queries"] = reader.queries if reader is not None else 0
        out["index_rebuilt"] = monitor.portfolio_index.rebuilt
        out["db_mb"] = os.path.getsize(f"{tmp}/bench.db") / 2**20
        store.engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,300000")
    parser.add_argument("--lists", choices=("un", "all"), default="un")
    parser.add_argument("--chunk", type=int, default=2_000)
    parser.add_argument("--dask", type=int, default=0, help="LocalCluster workers (0: none)")
    parser.add_argument("--full-max", type=int, default=10**9,
                        help="no full screening for sizes over this")  # fmt: skip
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not UN_2026.exists():
        sys.exit(f"no shared data at {RAW}")
    if args.child:
        full = args.child <= args.full_max
        print(json.dumps(child(args.child, args.file, args.lists, args.chunk, args.dask, full)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    listed = listed_names()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"portfolio-{size}.csv"
            write_portfolio(path, size, listed, seed=size)
            load = os.getloadavg()[0]
            done = subprocess.run(
                [sys.executable, "-m", "bench.portfolio", "--child", str(size), "--file",
                 str(path), "--lists", args.lists, "--chunk", str(args.chunk),
                 "--dask", str(args.dask), "--full-max", str(args.full_max)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["load"] = (load + os.getloadavg()[0]) / 2
            results.append(result)
            path.unlink()
            print(json.dumps(result), file=sys.stderr)
    print(f"lists: {'UN 2022-09-15' if args.lists == 'un' else 'all of ../shared/data'}; "
          f"chunk {args.chunk:,} parties; delta: UN 2022-09-15 -> 2026-02-27"
          + (f"; matching on a LocalCluster of {args.dask}" if args.dask else ""))  # fmt: skip
    head = ("parties", "import s (CPU s)", "import peak MB", "screen s (CPU s)",
            "screen peak MB", "delta s (CPU s)", "delta peak MB", "RSS before MB", "alerts",
            "delta alerts", "names cached", "DB MB", "load")  # fmt: skip
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for r in results:
        print(" | ".join([
            f"{r['size']:,}",
            f"{r['import_s']:.0f} ({r['import_cpu']:.0f})",
            f"{r['import_peak_mb']:.0f}",
            f"{r['screen_s']:.0f} ({r['screen_cpu']:.0f})" if "screen_s" in r else "—",
            f"{r['screen_peak_mb']:.0f}" if "screen_peak_mb" in r else "—",
            f"{r['delta_s']:.1f} ({r['delta_cpu']:.1f})",
            f"{r['delta_peak_mb']:.0f}",
            f"{r['rss_before_mb']:.0f}",
            f"{r['alerts']:,}" if "alerts" in r else "—",
            f"{r['delta_alerts']:,}",
            f"{r.get('names_cached', 0):,}",
            f"{r['db_mb']:.0f}",
            f"{r['load']:.1f}",
        ]))  # fmt: skip
    for line in projections(results):
        print(line)


def projections(results: list[dict[str, Any]]) -> list[str]:
    """For each size whose full screening was not run: that screening projected from the
    CPU seconds per party of the largest size where it ran (a projection, not a run)."""
    screened = [r for r in results if "screen_cpu" in r]
    if not screened:
        return []
    base = max(screened, key=lambda r: r["size"])
    per_party = base["screen_cpu"] / base["size"]
    return [
        f"full screening of {r['size']:,} parties, projected from {base['size']:,} "
        f"({per_party * 1000:.2f} CPU ms per party): {per_party * r['size']:,.0f} CPU s, "
        f"{per_party * r['size'] / 60:,.1f} CPU minutes (not run)"
        for r in results
        if "screen_cpu" not in r
    ]


if __name__ == "__main__":
    main()
