"""A screening writes each chunk's alerts in one transaction (one lock of the audit chain,
one commit, one anchor line), and the chain stays one unbroken chain: every alert has its
event and its own chained audit record. A failure part-way through a chunk leaves the
store as it was before that chunk; screening again afterwards loses no alert."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import raw_file
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store
from tracewire.workflow import Actor, Monitor, load_diff
from tracewire.workflow import monitor as monitor_module
from tracewire.workflow.alerts import AlertBook
from tracewire.workflow.tables import alert_events, alerts, audit_log

ANA = Actor("ana", "analyst")
CHUNK = 6
UN_2022 = ("un_sc_consolidated_2022-09-15", "un.xml")
UN_2026 = ("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")


@pytest.fixture
def store(store_url: str) -> Store:
    return Store(store_url)


def _portfolio(names: list[tuple[str, str]], ordinary: int) -> list[tuple[int, dict[str, Any]]]:
    """Listed names (each a match) interleaved with ordinary ones (no match)."""
    rows: list[dict[str, Any]] = []
    for i, (name, schema) in enumerate(names):
        rows.append({"name": name, "schema": schema})
        for j in range(ordinary):
            rows.append({"name": f"Ordinary Person{i:03d}x{j} Nobody", "schema": "Person"})
    # ids in this order: the screenings read the parties by id
    return [(n + 2, {"id": f"P-{n:04d}", **row}) for n, row in enumerate(rows)]


def _listed(store: Store, count: int) -> list[tuple[str, str]]:
    out = []
    for e in store.entities("un_sc_sanctions"):
        if e.schema == "Person" and len(e.caption.split()) >= 3:
            out.append((e.caption, "Person"))
        if len(out) == count:
            break
    return out


def _count(store: Store, table: Any, *where: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def _anchored(monitor: Monitor) -> int:
    """Lines in the audit anchor: one per transaction that wrote audit records."""
    path = monitor.audit.anchor.path
    assert path is not None
    return len(path.read_text().splitlines()) if path.exists() else 0


def _alert_records(store: Store) -> int:
    return _count(store, audit_log, audit_log.c.endpoint == "alert.opened")


def test_full_screening_writes_a_chunks_alerts_in_one_transaction(store: Store) -> None:
    load_paths(store, [raw_file(*UN_2026)])
    monitor = Monitor(store, chunk_rows=CHUNK)
    listed = _listed(store, 12)
    rows = _portfolio(listed, ordinary=1)  # 24 parties: 4 chunks, 3 listed names in each
    monitor.import_rows(rows, ANA, "test")
    screener = Screener.from_store(store)
    anchored = _anchored(monitor)
    run = monitor.screen(screener, ANA)
    opened = len(run.outcome.opened)
    assert opened >= len(listed)  # each listed name alerts (some more than one entry)
    # one transaction (one anchored head) per chunk, then the screening's own record
    assert _anchored(monitor) - anchored == len(rows) // CHUNK + 1
    assert _count(store, alerts) == opened
    assert _count(store, alert_events) == opened
    assert _alert_records(store) == opened
    result = monitor.audit.verify()
    assert result.ok, result.problem
    assert result.events_checked == opened


def test_a_failure_mid_chunk_leaves_the_store_as_before_the_chunk(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_paths(store, [raw_file(*UN_2026)])
    monitor = Monitor(store, chunk_rows=CHUNK)
    listed = _listed(store, 6)
    monitor.import_rows(_portfolio(listed, ordinary=2), ANA, "test")
    screener = Screener.from_store(store)
    expected = {
        p.id: len(screener.match(p.query(), limit=10, min_score=screener.threshold))
        for p in monitor.portfolio.parties()
    }
    first_chunk = sum(n for pid, n in sorted(expected.items())[:CHUNK])
    assert first_chunk >= 2
    records_before = _count(store, audit_log)

    # the second alert of the second chunk fails, after the first was written
    real = AlertBook._apply_one
    calls = {"n": 0}

    def failing(self: AlertBook, *args: Any) -> tuple[str, int]:
        calls["n"] += 1
        if calls["n"] == first_chunk + 2:
            raise RuntimeError("the disk is full")
        return real(self, *args)

    monkeypatch.setattr(AlertBook, "_apply_one", failing)
    with pytest.raises(RuntimeError, match="disk is full"):
        monitor.screen(screener, ANA)
    # the first chunk is in, with its records; nothing of the second
    assert _count(store, alerts) == first_chunk
    assert _count(store, alert_events) == first_chunk
    assert _alert_records(store) == first_chunk
    assert _count(store, audit_log) == records_before + first_chunk
    result = monitor.audit.verify()
    assert result.ok, result.problem

    # screening again loses nothing: every match is an alert with its record
    monkeypatch.setattr(AlertBook, "_apply_one", real)
    run = monitor.screen(screener, ANA)
    total = sum(expected.values())
    assert len(run.outcome.opened) == total - first_chunk
    assert _count(store, alerts) == _count(store, alert_events) == total
    assert _alert_records(store) == total
    result = monitor.audit.verify()
    assert result.ok, result.problem
    assert result.events_checked == total


@pytest.mark.parametrize("cap", [500, 2])
def test_delta_rescreen_writes_its_alerts_in_chunks(
    store: Store, cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(monitor_module, "ALERTS_PER_TRANSACTION", cap)
    load_paths(store, [raw_file(*UN_2022)])
    monitor = Monitor(store, chunk_rows=CHUNK)
    (report,) = load_paths(store, [raw_file(*UN_2026)])
    diff = load_diff(store, report.version.dataset, report.version.seq)
    added = [
        (e.caption, e.schema)
        for c in diff.added
        if c.schema == "Person"
        for e, _v in store.get_entity(c.id)[:1]
    ][:14]
    monitor.import_rows(_portfolio(added, ordinary=1), ANA, "test")
    monitor.portfolio_index.sync()
    anchored = _anchored(monitor)
    run = monitor.rescreen(Screener.from_store(store), [diff], ANA)
    opened = len(run.outcome.opened)
    assert opened >= len(added)
    per_party = Counter(monitor.alerts.get(i).party_id for i in run.outcome.opened)
    assert len(per_party) > CHUNK
    # a transaction per CHUNK parties with alerts, none over ``cap`` alerts (unless one
    # party has more), then the removals' and the screening's record
    transactions, in_group, written = 1, 0, 0
    for _party, n in sorted(per_party.items()):
        if in_group and (in_group >= CHUNK or written + n > cap):
            transactions, in_group, written = transactions + 1, 0, 0
        in_group, written = in_group + 1, written + n
    if cap == 2:
        assert transactions > -(-len(per_party) // CHUNK)  # the cap split some chunks
    removals = 1 if run.outcome.removed else 0
    assert _anchored(monitor) - anchored == transactions + removals + 1
    assert _count(store, alerts) == _count(store, alert_events) == opened
    assert _alert_records(store) == opened
    result = monitor.audit.verify()
    assert result.ok, result.problem
    assert result.events_checked == opened
