"""Rescreening a portfolio when a list changes: only what changed vs everything.

    .venv/bin/python -m bench.rescreen [--parties 20000]

Loads every real list in ../shared/data (as bench.speed does), with the UN list at its
2022-09-15 version, and a portfolio of ordinary names (from the popular-names tables)
with some UN designees of 2022 and of 2026 mixed in. Screens it in full, then loads the
UN list of 2026-02-27 and times (1) the delta rescreen that ``lists load`` runs (the
portfolio against what the update added or changed) and (2) a full rescreen against
every list, on the same index, and checks that the full rescreen finds nothing the
delta missed. Prints a table.

The delta rescreen is timed three ways: first (the portfolio's index rebuilt in the
store, as after an upgrade that changes how names are keyed), then, with the
alerts as that run left them, with the stored index as imports keep it (what ``lists
update`` gets), and with the index read through a second monitor (another process).
The last two must give the same outcome. The in-memory index of the whole portfolio
that the rescreen used before (:func:`build_index`) is timed for comparison. Each timed
run starts after a full garbage collection: with a million objects in the list index, a
full collection costs about a second, and whether one falls inside a run otherwise
depends on what ran before it.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time

from sqlalchemy import delete

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store
from tracewire.workflow import Actor, Monitor, load_diff
from tracewire.workflow.monitor import ScreenRun
from tracewire.workflow.portfolio_index import build_index
from tracewire.workflow.tables import portfolio_index_state

UN_2022 = RAW / "un_sc_consolidated_2022-09-15" / "un.xml"
UN_2026 = RAW / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml"
ACTOR = Actor("bench", "admin")


def _portfolio(store: Store, n: int, rng: random.Random) -> list[tuple[int, dict[str, str]]]:
    names = ordinary_names(rng, n)
    listed = [e.caption for e in store.entities("un_sc_sanctions") if e.schema == "Person"]
    for i in rng.sample(range(n), min(len(listed), n // 100)):
        names[i] = rng.choice(listed)
    return [(i, {"id": f"p{i}", "name": name, "schema": "Person"})
            for i, name in enumerate(names, start=1)]  # fmt: skip


def _outcome(run: ScreenRun) -> dict[str, object]:
    return {k: v for k, v in run.to_dict().items() if k != "seconds"}


def _index_build(monitor: Monitor) -> float:
    """Seconds to build the in-memory index of the whole portfolio (what the delta
    rescreen used before the stored index), with the full collection it defers."""
    parties = list(monitor.portfolio.parties())
    gc.collect()
    t = time.perf_counter()
    index = build_index(parties)
    gc.collect()
    del index
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=20_000)
    args = parser.parse_args()
    if not UN_2026.exists():
        sys.exit(f"no shared data at {RAW}")
    rng = random.Random(11)
    rows: list[tuple[str, str]] = []
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for rel in ALL_LISTS:
            if not rel.startswith("un_sc"):
                load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        load_paths(store, [UN_2022])
        monitor = Monitor(store)
        # names of the 2026 UN list too, so that the update brings new hits
        other = Store(f"sqlite:///{tmp}/un2026.db")
        load_paths(other, [UN_2026])
        parties = _portfolio(store, args.parties, rng) + [
            (args.parties + i, {"id": f"new{i}", "name": e.caption, "schema": "Person"})
            for i, e in enumerate(other.entities("un_sc_sanctions"))
            if e.schema == "Person" and i % 7 == 0
        ]
        t = time.perf_counter()
        monitor.import_rows(parties, ACTOR, "bench")
        rows.append(("portfolio import (s)", f"{time.perf_counter() - t:.2f}"))
        screener = Screener.from_store(store)
        first = monitor.screen(screener, ACTOR)
        rows.append(("parties", f"{first.parties:,}"))
        rows.append(("list entries screened against (all lists)", f"{first.entities:,}"))
        rows.append(("initial full screening (s)", f"{first.seconds:.2f}"))
        rows.append(("alerts opened by it", f"{len(first.outcome.opened):,}"))

        (report,) = load_paths(store, [UN_2026])
        diff = load_diff(store, report.version.dataset, report.version.seq)
        t = time.perf_counter()
        screener = Screener.from_store(store)
        rows.append(("index rebuild after the UN update (s)", f"{time.perf_counter() - t:.2f}"))
        with store.engine.begin() as conn:  # as if made by other code: rebuilt
            conn.execute(delete(portfolio_index_state))
        gc.collect()
        delta = monitor.rescreen(screener, [diff], ACTOR)  # rebuilds the stored index
        assert monitor.portfolio_index.rebuilt == 1
        gc.collect()
        kept = monitor.rescreen(screener, [diff], ACTOR)
        assert monitor.portfolio_index.rebuilt == 1
        other = Monitor(store)
        gc.collect()
        again = other.rescreen(screener, [diff], ACTOR)
        assert other.portfolio_index.rebuilt == 0
        same = _outcome(kept) == _outcome(again)
        in_memory_build = _index_build(monitor)
        full = monitor.screen(screener, ACTOR)
        counts = delta.outcome.counts()
        changed = monitor._changed_ids([diff])
        missed = []
        for alert_id in full.outcome.opened:
            a = monitor.alerts.get(alert_id)
            why = "entry changed" if a.entity_id in changed else "entry unchanged"
            missed.append(f"  full only: {a.party_name!r} ~ {a.entity_caption!r} "
                          f"({a.entity_id}, {a.score:.3f}, {why})")  # fmt: skip
        rows += [
            (
                "UN diff: added / removed / changed",
                f"{len(diff.added)} / {len(diff.removed)} / {len(diff.changed)}",
            ),  # fmt: skip
            ("entries rescreened (material changes)", f"{delta.entities:,}"),
            ("delta rescreen, first: stored index built (s)", f"{delta.seconds:.2f}"),
            ("delta rescreen, stored index kept (s)", f"{kept.seconds:.2f}"),
            ("delta rescreen, another monitor (s)", f"{again.seconds:.2f}"),
            ("  same outcome kept / another monitor", "yes" if same else "NO"),
            ("in-memory portfolio index build, before (s)", f"{in_memory_build:.2f}"),
            ("full rescreen (s)", f"{full.seconds:.2f}"),
            ("full / delta (index kept)", f"{full.seconds / max(kept.seconds, 1e-9):.1f}x"),
            (
                "delta: new / reopened / removed",
                f"{counts['opened']} / {counts['reopened']} / {counts['designations_removed']}",
            ),  # fmt: skip
            ("full after delta: new alerts (missed)", f"{len(full.outcome.opened)}"),
        ]
    for line in missed:
        print(line)
    print(f"{'measure':<44} {'value':>16}")
    print("-" * 61)
    for label, value in rows:
        print(f"{label:<44} {value:>16}")


if __name__ == "__main__":
    main()
