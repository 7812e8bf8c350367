"""The audit trail: append-only, hash-chained, verifiable, exportable, on both backends."""

from __future__ import annotations

import csv
import io
import threading

import orjson
import pytest
from sqlalchemy import create_engine, text

from tracewire.workflow.audit import GENESIS, AuditTrail


@pytest.fixture
def trail(store_url: str) -> AuditTrail:
    return AuditTrail(create_engine(store_url))


def _fill(trail: AuditTrail, n: int) -> None:
    for i in range(n):
        trail.append(actor="ana", kind="decision", endpoint="alert.decided",
                     subject=f"alert:{i}", request={"summary": f"decision {i}"},
                     lists=[{"dataset": "un_sc_sanctions", "version": 2}])  # fmt: skip


def _drop_guards(trail: AuditTrail) -> None:
    """What an attacker with database access would do first."""
    with trail.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))


def test_records_chain_from_genesis_and_verify(trail: AuditTrail) -> None:
    _fill(trail, 5)
    records = trail.records()
    assert [r.subject for r in records] == [f"alert:{i}" for i in range(5)]
    assert records[0].prev_hash == GENESIS
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev_hash == before.hash
    result = trail.verify()
    assert result.ok and result.records == 5 and result.first_bad_id is None


def test_the_table_refuses_update_and_delete(trail: AuditTrail) -> None:
    _fill(trail, 1)
    for statement in ("UPDATE audit_log SET key_name = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), trail.engine.begin() as conn:
            conn.execute(text(statement))
    assert trail.count() == 1


def test_a_changed_record_is_found(trail: AuditTrail) -> None:
    _fill(trail, 4)
    _drop_guards(trail)
    third = trail.records()[2]
    with trail.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_log SET key_name = 'mallory' WHERE id = :id"), {"id": third.id}
        )
    result = trail.verify()
    assert not result.ok
    assert result.first_bad_id == third.id
    assert "changed" in (result.problem or "")


def test_a_removed_record_is_found(trail: AuditTrail) -> None:
    _fill(trail, 4)
    _drop_guards(trail)
    second, third = trail.records()[1:3]
    with trail.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": second.id})
    result = trail.verify()
    assert not result.ok and result.first_bad_id == third.id
    assert "removed" in (result.problem or "")


def test_concurrent_writers_keep_one_chain(trail: AuditTrail) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            _fill(trail, 15)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert trail.count() == 60
    assert trail.verify().ok


def test_export_csv_and_jsonl(trail: AuditTrail) -> None:
    _fill(trail, 3)
    out = io.StringIO()
    assert trail.export(out, "jsonl") == 3
    lines = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert [x["subject"] for x in lines] == ["alert:0", "alert:1", "alert:2"]
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert lines[0]["request"] == {"summary": "decision 0"}
    out = io.StringIO()
    trail.export(out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 3 and rows[2]["actor"] == "ana" and rows[2]["kind"] == "decision"
    assert orjson.loads(rows[0]["lists"]) == [{"dataset": "un_sc_sanctions", "version": 2}]
