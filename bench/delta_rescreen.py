"""The delta rescreen alone, on a portfolio imported once: for comparing two commits on
the same data, back to back.

    .venv/bin/python -m bench.delta_rescreen --size 200000 --db /tmp/p200k.db [--profile F]

The first run writes ``--db``: an SQLite store with the UN list of 2022-09-15 and a
portfolio of ``--size`` parties from :func:`bench.portfolio.write_portfolio` (the same
generator and seed as ``bench.portfolio``), imported (never screened). Each run then
copies that file, loads the UN list of 2026-02-27 and times the delta rescreen that
``lists load`` runs (``Monitor.rescreen``: the portfolio against what the update added or
changed), in CPU seconds and wall seconds, with the alerts it opened and the audit chain
verified after it. Run it with each commit's ``PYTHONPATH`` on the same ``--db`` (the
file's tables must be those both commits know). ``--profile F``: a cProfile of the
rescreen written to F (its times are inflated by the profiler). ``--alerts F``: every
alert after the rescreen written to F, one line each (party, list entry, score, and a hash
of the stored result with its explanation), sorted: two commits' files must be equal.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.portfolio import UN_2022, UN_2026, _cpu, _status_kb, listed_names, write_portfolio


def prepare(size: int, db: Path) -> None:
    from tracewire.ingest import load_paths
    from tracewire.screen.batch import read_rows
    from tracewire.store import Store
    from tracewire.workflow import Actor, Monitor

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "portfolio.csv"
        write_portfolio(csv, size, listed_names(), seed=size)
        part = db.with_name(db.name + ".part")
        part.unlink(missing_ok=True)
        store = Store(f"sqlite:///{part}")
        load_paths(store, [UN_2022])
        started, cpu = time.perf_counter(), _cpu()
        report = Monitor(store).import_rows(read_rows(csv), Actor("bench", "admin"), str(csv))
        print(f"imported {report.added_count:,} parties in {time.perf_counter() - started:.0f} s "
              f"({_cpu() - cpu:.0f} CPU s)")  # fmt: skip
        store.engine.dispose()
        os.replace(part, db)


def write_alerts(store: Any, path: Path) -> None:
    """Every alert (party, entry, score, hash of its result), sorted, to ``path``."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT party_id, entity_id, score, result FROM alerts")
        lines = sorted(
            f"{party}\t{entity}\t{score!r}\t{hashlib.sha256(result.encode()).hexdigest()}\n"
            for party, entity, score, result in rows
        )
    path.write_text("".join(lines))


def delta(
    db: Path, profile: Path | None, alerts: Path | None = None
) -> dict[str, float | int | bool]:
    from tracewire.ingest import load_paths
    from tracewire.match import Screener
    from tracewire.store import Store
    from tracewire.workflow import Actor, Monitor, load_diff

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copy(db, copy)
        store = Store(f"sqlite:///{copy}")
        monitor = Monitor(store)
        (loaded,) = load_paths(store, [UN_2026])
        diff = load_diff(store, loaded.version.dataset, loaded.version.seq)
        screener = Screener.from_store(store)
        load = os.getloadavg()[0]
        prof = cProfile.Profile() if profile is not None else None
        started, cpu = time.perf_counter(), _cpu()
        if prof is not None:
            prof.enable()
        run = monitor.rescreen(screener, [diff], Actor("bench", "admin"))
        if prof is not None and profile is not None:
            prof.disable()
            prof.dump_stats(profile)
        out = {
            "seconds": time.perf_counter() - started,
            "cpu": _cpu() - cpu,
            "opened": len(run.outcome.opened),
            "entries": run.entities,
            "peak_mb": _status_kb("VmHWM") / 1024,
            "load": (load + os.getloadavg()[0]) / 2,
            "audit_ok": monitor.audit.verify().ok,
        }
        if alerts is not None:
            write_alerts(store, alerts)
        store.engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--alerts", type=Path)
    args = parser.parse_args()
    if not args.db.exists():
        prepare(args.size, args.db)
    r = delta(args.db, args.profile, args.alerts)
    head = ("portfolio", "entries", "delta s", "delta CPU s", "alerts opened", "peak MB",
            "audit chain", "load")  # fmt: skip
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    print(" | ".join([
        args.db.name, f"{r['entries']:,}", f"{r['seconds']:.1f}", f"{r['cpu']:.1f}",
        f"{r['opened']:,}", f"{r['peak_mb']:.0f}", "verified" if r["audit_ok"] else "BROKEN",
        f"{r['load']:.1f}",
    ]))  # fmt: skip


if __name__ == "__main__":
    main()
