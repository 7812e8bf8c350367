"""The service's tables on both store backends: keys round trip, the audit log refuses
changes. Runs on SQLite, and on PostgreSQL when TRACEWIRE_TEST_POSTGRES_URL is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from tracewire.api.audit import AuditLog
from tracewire.api.keys import KeyRing
from tracewire.api.tables import metadata


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = create_engine(store_url)
    metadata.drop_all(engine)  # a shared PostgreSQL keeps tables between tests
    yield engine
    engine.dispose()


def test_keys_and_audit_on_this_backend(engine: Engine) -> None:
    ring = KeyRing(engine)
    key, info = ring.create("partner", "read")
    principal = ring.verify(key)
    assert principal is not None and principal.scope == "read" and principal.name == "partner"
    assert ring.verify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert [k.name for k in ring.revoke(info.key_id)] == ["partner"]
    assert ring.verify(key) is None

    log = AuditLog(engine)
    log.record(principal, "/match/default", 200, b'{"queries": {}}', [], {"q": []})
    (record,) = log.records()
    assert record.key_name == "partner" and record.request == {"queries": {}}
    for statement in ("UPDATE audit_log SET status = 500", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert log.count() == 1
