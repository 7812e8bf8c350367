"""Memory bounded whatever the portfolio's size, checked by structure, not by timing:
imports write in batches of the chunk size, screenings read the portfolio from the store
by key range in chunks of the configured size (never one query for all of it), a delta
rescreen reads only the candidate parties; and an import that fails part-way leaves
nothing of itself, while bad rows are rejected by line."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from tests.conftest import raw_file
from tracewire.errors import InputError
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.screen.batch import read_rows
from tracewire.store import Store
from tracewire.workflow import Actor, Monitor
from tracewire.workflow.tables import audit_log, portfolio_keys, portfolio_names

ANA = Actor("ana", "analyst")
PARTIES = 53
CHUNK = 7


class Statements:
    """The SQL statements run on an engine: (statement, number of parameter sets)."""

    def __init__(self, store: Store) -> None:
        self.seen: list[tuple[str, int]] = []
        self.commits = 0
        event.listen(store.engine, "before_cursor_execute", self._note)
        event.listen(store.engine, "commit", self._commit)

    def _commit(self, conn: Any) -> None:
        self.commits += 1

    def _note(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any,
              executemany: bool) -> None:  # fmt: skip
        self.seen.append((statement, len(params) if executemany else 1))

    def clear(self) -> None:
        self.seen.clear()

    def reading_parties(self) -> list[str]:
        """The SELECTs that read party rows (not counts, not single-party lookups)."""
        return [
            s for s, _n in self.seen if re.match(r"\s*SELECT\s+parties\.id,\s*parties\.name", s)
        ]

    def inserts(self, table: str) -> list[int]:
        return [n for s, n in self.seen if re.match(rf"\s*INSERT INTO {table}\b", s)]


def _rows(n: int) -> Iterator[tuple[int, dict[str, Any]]]:
    for i in range(n):
        yield i + 2, {"id": f"P-{i:04d}", "name": f"Person Number{i:04d} Smith", "schema": "Person"}


@pytest.fixture
def store(store_url: str) -> Store:
    return Store(store_url)


def test_import_writes_in_batches_in_one_transaction(store: Store) -> None:
    monitor = Monitor(store, chunk_rows=CHUNK)
    monitor.portfolio_index.sync()  # an index to keep up to date
    sql = Statements(store)
    seen: list[int] = []
    report = monitor.portfolio.upsert(_rows(PARTIES), chunk_rows=CHUNK, progress=seen.append)
    assert report.added_count == PARTIES and report.stamp is not None
    batches = sql.inserts("parties")
    assert len(batches) == math.ceil(PARTIES / CHUNK) and max(batches) == CHUNK
    assert sum(batches) == PARTIES
    assert seen == [min(PARTIES, CHUNK * k) for k in range(1, len(batches) + 1)]
    # the index is written in the same batches
    assert len(sql.inserts("portfolio_names")) == len(batches)
    assert sum(sql.inserts("portfolio_names")) == PARTIES
    # one transaction for the whole import: one commit
    assert sql.commits == 1


def test_full_screening_reads_the_portfolio_in_chunks(store: Store) -> None:
    load_paths(store, [raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")])
    monitor = Monitor(store, chunk_rows=CHUNK)
    monitor.import_rows(_rows(PARTIES), ANA, "test")
    screener = Screener.from_store(store)
    sql = Statements(store)
    chunks: list[int] = []
    run = monitor.screen(screener, ANA, progress=lambda done, _total: chunks.append(done))
    assert run.parties == PARTIES
    reads = sql.reading_parties()
    # one query per chunk, each after the last id of the one before, LIMIT the chunk
    assert len(reads) == math.ceil(PARTIES / CHUNK)
    assert all("LIMIT" in s for s in reads)
    assert sum("parties.id >" in s for s in reads) == len(reads) - 1
    assert [b - a for a, b in zip([0, *chunks], chunks, strict=False)] == [CHUNK] * (
        PARTIES // CHUNK
    ) + [PARTIES % CHUNK]
    # the chunk marked screened is the chunk read: one UPDATE per chunk
    marks = [s for s, _n in sql.seen if s.startswith("UPDATE parties SET screened_at")]
    assert len(marks) == len(reads)

    # the parties of an import: read by their stamp, in chunks too
    more = [(2, {"id": "Q-1", "name": "Another Person", "schema": "Person"})]
    report = monitor.import_rows(more, ANA, "more")
    sql.clear()
    run = monitor.screen(screener, ANA, changed_at=report.stamp)
    assert run.parties == 1 and run.mode == "parties"
    (read,) = sql.reading_parties()
    assert "updated_at" in read and "LIMIT" in read


def test_delta_rescreen_reads_only_candidate_parties(store: Store) -> None:
    un_2022 = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    un_2026 = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    load_paths(store, [un_2022])
    monitor = Monitor(store, chunk_rows=CHUNK)
    monitor.import_rows(_rows(PARTIES), ANA, "test")
    monitor.portfolio_index.sync()
    from tracewire.workflow import load_diff

    (report,) = load_paths(store, [un_2026])
    diff = load_diff(store, report.version.dataset, report.version.seq)
    # a customer named as an entry the update added
    entry = next(store.get_entity(c.id)[0][0] for c in diff.added if c.schema == "Person")
    monitor.import_rows([(2, {"id": "NEW", "name": entry.caption})], ANA, "new")
    sql = Statements(store)
    run = monitor.rescreen(Screener.from_store(store), [diff], ANA)
    assert run.entities > 50 and run.parties == PARTIES + 1
    assert "NEW" in {monitor.alerts.get(i).party_id for i in run.outcome.opened}
    # no read of the whole portfolio: the parties read are the candidates, by id
    reads = sql.reading_parties()
    assert reads and all(" IN (" in s for s in reads)
    # nor of the whole index: every read of it is by key or by party
    index_reads = [s for s, _n in sql.seen if re.search(r"FROM portfolio_(keys|names|variants)", s)]
    assert index_reads
    assert all("WHERE" in s or s.startswith("SELECT count(*)") for s in index_reads)


def test_failed_import_leaves_nothing(store: Store, tmp_path: Path) -> None:
    monitor = Monitor(store, chunk_rows=CHUNK)
    monitor.portfolio_index.sync()
    good = [f"P-{i:04d},Person Number{i:04d} Smith,Person" for i in range(30)]
    path = tmp_path / "portfolio.csv"
    # three chunks written before line 25 is read: bytes that are not UTF-8
    path.write_bytes(
        ("id,name,schema\n" + "\n".join(good[:23]) + "\n").encode()
        + b"P-9999,Caf\xe9 Owner,Person\n"
        + ("\n".join(good[23:]) + "\n").encode()
    )
    audit_before = _count(store, audit_log)
    with pytest.raises(InputError, match=r"line 25: not UTF-8"):
        monitor.import_rows(read_rows(path), ANA, str(path))
    assert monitor.portfolio.count() == 0
    assert _count(store, portfolio_names) == 0 and _count(store, portfolio_keys) == 0
    assert _count(store, audit_log) == audit_before  # no record of an import that failed

    # bad rows are rejected by line, the others land
    path.write_text(
        "id,name,schema\n"
        + "\n".join(good[:10])
        + "\nP-0003,Someone Else,Person\nX-1,,Person\nX-2,Ship Name,Spaceship\n"
    )
    report = monitor.import_rows(read_rows(path), ANA, str(path))
    assert report.added_count == 10 and report.error_count == 3
    lines = {line: message for line, _id, message in report.errors}
    assert set(lines) == {12, 13, 14}
    assert "already used on line 5" in lines[12]
    assert monitor.portfolio.count() == 10
    assert _count(store, portfolio_names) == 10


def _count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return len(conn.execute(select(table)).all())
