"""Attacks on the audit chain by someone with write access to the database (issue 12, 3).

Each test drops the append-only triggers first, as such an attacker would, then tampers
with the trail the way the issue describes; ``verify`` must fail, name the problem, and
never raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, select, text

from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.store import Store
from tracewire.workflow import Actor, Monitor
from tracewire.workflow.audit import GENESIS, AuditTrail, _chain_hash
from tracewire.workflow.tables import audit_log

ANA = Actor("ana", "analyst")
REVI = Actor("revi", "reviewer")


@pytest.fixture
def trail(store_url: str) -> AuditTrail:
    return AuditTrail(create_engine(store_url))


def _fill(trail: AuditTrail, n: int) -> None:
    for i in range(n):
        trail.append(actor="ana", kind="decision", endpoint="alert.decided",
                     subject=f"alert:{i}", request={"summary": f"decision {i}"})  # fmt: skip


def _drop_guards(trail: AuditTrail, unique: bool = False) -> None:
    with trail.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        if unique:
            conn.execute(text("DROP INDEX ux_audit_log_prev_hash"))


def _sql(trail: AuditTrail, statement: str, **params: object) -> None:
    with trail.engine.begin() as conn:
        conn.execute(text(statement), params)


def _broken(trail: AuditTrail, *words: str) -> str:
    result = trail.verify()
    assert not result.ok, result
    problem = result.problem or ""
    for word in words:
        assert word in problem, problem
    return problem


# -- the chain removed ---------------------------------------------------------------------
def test_nulling_every_hash_does_not_pass_as_an_older_unchained_trail(trail: AuditTrail) -> None:
    _fill(trail, 5)
    _drop_guards(trail)
    _sql(trail, "UPDATE audit_log SET hash = NULL, prev_hash = NULL")
    _broken(trail)


def test_nulling_hashes_and_kinds_is_found_by_the_anchor(trail: AuditTrail) -> None:
    _fill(trail, 5)
    _drop_guards(trail)
    _sql(trail, "UPDATE audit_log SET hash = NULL, prev_hash = NULL, kind = NULL")
    _broken(trail, "anchor")


def test_a_hash_removed_from_the_last_record_is_found(trail: AuditTrail) -> None:
    _fill(trail, 3)
    _drop_guards(trail)
    last = trail.records(limit=1, newest_first=True)[0]
    _sql(trail, "UPDATE audit_log SET hash = NULL WHERE id = :id", id=last.id)
    _broken(trail)


# -- the end cut off -----------------------------------------------------------------------
def test_records_removed_at_the_end_are_found(trail: AuditTrail) -> None:
    _fill(trail, 5)
    _drop_guards(trail)
    head = trail.records()[-1].id
    keep = trail.records()[2].id
    _sql(trail, "DELETE FROM audit_log WHERE id > :id", id=keep)
    problem = _broken(trail, "removed")
    assert "anchor" in problem and f"record {keep}" in problem
    assert trail.verify().first_bad_id == head  # the anchored head


def test_every_record_removed_is_found(trail: AuditTrail) -> None:
    _fill(trail, 5)
    _drop_guards(trail)
    _sql(trail, "DELETE FROM audit_log")
    _broken(trail, "removed")


# -- a record rewritten and the chain recomputed by the public recipe ----------------------
def _rehash_from(trail: AuditTrail, start_id: int) -> None:
    """Recompute every hash from ``start_id`` on, as the published recipe says."""
    with trail.engine.begin() as conn:
        rows = [r._asdict() for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]
        prev = GENESIS
        for row in rows:
            if row["id"] >= start_id:
                row["prev_hash"] = prev
                row["hash"] = _chain_hash(prev, row)
                conn.execute(
                    text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :id"),
                    {"p": row["prev_hash"], "h": row["hash"], "id": row["id"]},
                )
            prev = row["hash"]


def test_a_rewritten_and_rehashed_record_is_found(trail: AuditTrail) -> None:
    _fill(trail, 5)
    _drop_guards(trail, unique=True)
    second = trail.records()[1]
    _sql(trail, "UPDATE audit_log SET key_name = 'mallory' WHERE id = :id", id=second.id)
    _rehash_from(trail, second.id)
    _broken(trail, "anchor")


def test_the_anchor_cannot_be_forged_without_the_key(trail: AuditTrail) -> None:
    _fill(trail, 3)
    _drop_guards(trail, unique=True)
    first = trail.records()[0]
    _sql(trail, "UPDATE audit_log SET key_name = 'mallory' WHERE id = :id", id=first.id)
    _rehash_from(trail, first.id)
    head = trail.records(limit=1, newest_first=True)[0]
    path = trail.anchor.path
    assert path is not None
    with path.open("a", encoding="utf-8") as fh:  # a line in the anchor's own format
        fh.write(f'{{"v":1,"id":{head.id},"hash":"{head.hash}","at":"2030-01-01T00:00:00+00:00",'
                 f'"key":"{"0" * 16}","mac":"{"0" * 64}"}}\n')  # fmt: skip
    _broken(trail, "anchor", "line 4")


def test_a_line_cut_short_in_the_anchor_is_a_warning(trail: AuditTrail) -> None:
    _fill(trail, 2)
    path = trail.anchor.path
    assert path is not None
    with path.open("ab") as fh:
        fh.write(b'{"v":1,"id":')  # a write cut short by a crash; the next goes on after it
    _fill(trail, 1)
    result = trail.verify()
    assert result.ok and f"line 3 of the audit anchor {path}" in " ".join(result.warnings)
    assert result.anchor is not None and result.anchor["unanchored"] == 1


def test_a_key_others_can_read_is_a_warning(trail: AuditTrail) -> None:
    _fill(trail, 1)
    key = trail.anchor.key()
    assert key is not None
    Path(key.source).chmod(0o644)
    try:
        result = trail.verify()
        assert result.ok and "chmod 600" in " ".join(result.warnings)
    finally:
        Path(key.source).chmod(0o600)


def test_a_deleted_anchor_is_found(trail: AuditTrail) -> None:
    _fill(trail, 3)
    assert trail.anchor.path is not None
    trail.anchor.path.unlink()
    _broken(trail, "anchor")


# -- decisions and alert statuses are in the chain -----------------------------------------
@pytest.fixture
def monitor(store_url: str, tmp_path: Path) -> Iterator[Monitor]:
    store = Store(store_url)
    load_paths(store, [sample_path()], dataset="tracewire_sample")
    m = Monitor(store)
    rows = [(1, {"id": "P1", "name": "TKS Vector LLC", "schema": "Company"}),
            (2, {"id": "P2", "name": "AO IEMZ Kupol", "schema": "Company"})]  # fmt: skip
    m.import_rows(rows, ANA, "test")
    m.screen(Screener.from_store(store), ANA)
    yield m
    store.close()


def _decided(monitor: Monitor) -> int:
    alert = monitor.alerts.list(limit=10)[0].id
    monitor.alerts.decide(alert, "escalated", "same tax number", ANA, [])
    monitor.alerts.decide(alert, "true_match", "confirmed with the registry", REVI, [])
    assert monitor.audit.verify().ok
    _drop_guards(monitor.audit)
    return alert


def test_an_alert_status_changed_behind_the_chain_is_found(monitor: Monitor) -> None:
    alert = _decided(monitor)
    _sql(monitor.audit, "UPDATE alerts SET status = 'false_positive' WHERE id = :id", id=alert)
    problem = _broken(monitor.audit, f"alert {alert}", "false_positive", "true_match")
    assert "decision" in problem


def test_a_changed_decision_in_the_history_is_found(monitor: Monitor) -> None:
    alert = _decided(monitor)
    _sql(monitor.audit, "UPDATE alert_events SET to_status = 'false_positive', "
         "reason = 'not the same' WHERE alert_id = :id AND to_status = 'true_match'",
         id=alert)  # fmt: skip
    _broken(monitor.audit, "alert event", "changed")


def test_a_removed_decision_is_found(monitor: Monitor) -> None:
    alert = _decided(monitor)
    _sql(monitor.audit, "DELETE FROM alert_events WHERE alert_id = :id AND "
         "to_status = 'true_match'", id=alert)  # fmt: skip
    _broken(monitor.audit, "alert event", "removed")


def test_an_invented_decision_is_found(monitor: Monitor) -> None:
    alert = _decided(monitor)
    _sql(monitor.audit, "INSERT INTO alert_events (alert_id, at, actor, action, from_status, "
         "to_status, reason, lists) VALUES (:id, CURRENT_TIMESTAMP, 'revi', 'decided', "
         "'true_match', 'false_positive', 'cleared', '[]')", id=alert)  # fmt: skip
    _broken(monitor.audit, "alert event", "not in the audit chain")


@pytest.mark.parametrize(
    "change",
    ["UPDATE alert_events SET at = 'yesterday'", "UPDATE alerts SET status = X'00'"],
)
def test_garbage_in_the_alerts_is_reported_not_raised(monitor: Monitor, change: str) -> None:
    _decided(monitor)
    if monitor.store.engine.dialect.name != "sqlite":
        pytest.skip("only SQLite keeps a value of another type")
    _sql(monitor.audit, change)
    _broken(monitor.audit, "alert")


def test_a_decision_taken_while_verifying_is_not_a_break(
    monitor: Monitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chain and the alerts are read in one snapshot."""
    from tracewire.workflow import audit

    alert = monitor.alerts.list(limit=10)[0].id
    walk = audit._Walk.run

    def then_decide(self: audit._Walk, conn: Connection) -> bool:
        holds = walk(self, conn)
        monitor.alerts.decide(alert, "escalated", "decided meanwhile", ANA, [])
        return holds

    monkeypatch.setattr(audit._Walk, "run", then_decide)
    result = monitor.audit.verify()
    assert result.ok, result.problem
    assert monitor.alerts.get(alert).status == "escalated"


# -- verify never crashes ------------------------------------------------------------------
def test_a_forked_chain_is_reported_not_raised(trail: AuditTrail) -> None:
    _fill(trail, 3)
    _drop_guards(trail, unique=True)
    second = trail.records()[1]
    _sql(trail, "INSERT INTO audit_log (at, key_id, key_name, endpoint, status, request_sha256, "
         "request, lists, results, error, kind, subject, prev_hash, hash) SELECT at, key_id, "
         "'mallory', endpoint, status, request_sha256, request, lists, results, error, kind, "
         "subject, prev_hash, hash FROM audit_log WHERE id = :id", id=second.id)  # fmt: skip
    again = AuditTrail(create_engine(str(trail.engine.url)))  # opening it must not raise
    problem = _broken(again, "fork")
    assert str(second.id) in problem


@pytest.mark.parametrize(
    "change",
    [
        "at = 'not a time'",
        "hash = 'garbage'",
        "prev_hash = 'x'",
        "status = 'teapot'",
        "request = X'00FF80'",
        "lists = 12",
    ],
)
def test_garbage_values_are_reported_not_raised(tmp_path: Path, change: str) -> None:
    trail = AuditTrail(create_engine(f"sqlite:///{tmp_path / 'store.db'}"))
    _fill(trail, 3)
    _drop_guards(trail)
    second = trail.records()[1]
    _sql(trail, f"UPDATE audit_log SET {change} WHERE id = :id", id=second.id)
    result = trail.verify()
    assert not result.ok and result.first_bad_id == second.id, result
