"""Schema migrations: a fresh store, stores made by older tracewires, a newer store.

The old stores are built here as those releases made them (their tables frozen below):
da8cf7f's (lists and the HTTP service, before the workflow: no audit chain columns, no
key users), and that one after 535c3cd opened it (columns added by hand, the workflow's
tables made, but ``ix_audit_log_subject`` missing on the old audit log).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    DDL,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from tracewire.api.keys import KeyRing, _digest
from tracewire.api.tables import metadata as service_tables
from tracewire.cli.main import app
from tracewire.errors import StoreError
from tracewire.store import Store, migrate
from tracewire.store.schema import metadata as store_tables
from tracewire.workflow.audit import AuditTrail
from tracewire.workflow.tables import metadata as workflow_tables

OLD_KEY_ID = "0123456789ab"
OLD_KEY = f"tw_{OLD_KEY_ID}_secret-of-an-old-key"
OLD_SALT = "00" * 16


def _da8cf7f_tables() -> MetaData:
    """The tables da8cf7f made (store/schema.py and api/tables.py of that commit)."""
    meta = MetaData()
    Table(
        "versions",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("dataset", String(200), nullable=False),
        Column("seq", Integer, nullable=False),
        Column("format", String(50), nullable=False),
        Column("source", Text, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("publisher_date", String(32)),
        Column("loaded_at", DateTime(timezone=True), nullable=False),
        Column("entity_count", Integer, nullable=False),
        Column("schema_counts", Text, nullable=False),
        Column("rows", Text, nullable=False),
        Column("warnings", Text, nullable=False),
        UniqueConstraint("dataset", "seq", name="uq_versions_dataset_seq"),
        Index("ix_versions_dataset_sha", "dataset", "sha256"),
    )
    Table(
        "blobs",
        meta,
        Column("hash", String(64), primary_key=True),
        Column("data", Text, nullable=False),
    )
    Table(
        "version_entities",
        meta,
        Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
        Column("entity_id", String(255), primary_key=True),
        Column("schema", String(64), nullable=False),
        Column("source_id", String(255)),
        Column("caption", Text, nullable=False),
        Column("hash", String(64), ForeignKey("blobs.hash"), nullable=False),
        Index("ix_version_entities_entity", "entity_id"),
    )
    Table(
        "refs",
        meta,
        Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),
        Column("entity_id", String(255), nullable=False),
        Column("prop", String(64), nullable=False),
        Column("target_id", String(255), nullable=False),
        Index("ix_refs_target", "target_id", "version_id"),
    )
    Table(
        "api_keys",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("key_id", String(32), nullable=False, unique=True),
        Column("name", String(200), nullable=False),
        Column("scope", String(16), nullable=False),
        Column("salt", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True)),
        Index("ix_api_keys_name", "name"),
    )
    audit = Table(
        "audit_log",
        meta,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("key_id", String(32)),
        Column("key_name", String(200), nullable=False),
        Column("endpoint", String(300), nullable=False),
        Column("status", Integer, nullable=False),
        Column("request_sha256", String(64), nullable=False),
        Column("request", Text, nullable=False),
        Column("lists", Text, nullable=False),
        Column("results", Text, nullable=False),
        Column("error", Text),
        Index("ix_audit_log_at", "at"),
    )
    for verb in ("UPDATE", "DELETE"):
        event.listen(
            audit,
            "after_create",
            DDL(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            ).execute_if(dialect="sqlite"),
        )
    event.listen(
        audit,
        "after_create",
        DDL(
            "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql; "
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        ).execute_if(dialect="postgresql"),
    )
    return meta


def _make_da8cf7f_store(engine: Engine) -> None:
    _da8cf7f_tables().create_all(engine)
    now = datetime(2024, 5, 1, tzinfo=UTC)
    blob = {"id": "p-1", "schema": "Person", "properties": {"name": ["Anna Old"]}}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO versions (dataset, seq, format, source, sha256, loaded_at, "
                "entity_count, schema_counts, rows, warnings) VALUES ('old', 1, 'ftm', "
                "'old.json', 'sha-old', :now, 1, '{\"Person\": 1}', '{}', '[]')"
            ),
            {"now": now},
        )
        conn.execute(
            text("INSERT INTO blobs (hash, data) VALUES ('h1', :data)"),
            {"data": json.dumps(blob)},
        )
        conn.execute(
            text(
                "INSERT INTO version_entities (version_id, entity_id, schema, caption, hash) "
                "VALUES (1, 'p-1', 'Person', 'Anna Old', 'h1')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO api_keys (key_id, name, scope, salt, hash, created_at) "
                "VALUES (:kid, 'partner', 'read', :salt, :hash, :now)"
            ),
            {"kid": OLD_KEY_ID, "salt": OLD_SALT, "hash": _digest(OLD_SALT, OLD_KEY), "now": now},
        )
        conn.execute(
            text(
                "INSERT INTO audit_log (at, key_id, key_name, endpoint, status, request_sha256, "
                "request, lists, results) VALUES (:now, :kid, 'partner', '/match/default', 200, "
                "'abc', '{}', '[]', '{}')"
            ),
            {"now": now, "kid": OLD_KEY_ID},
        )


def _make_535c3cd_upgraded_store(engine: Engine) -> None:
    """da8cf7f's store after 535c3cd opened it: columns added, workflow tables made."""
    _make_da8cf7f_store(engine)
    baseline = importlib.import_module("tracewire.store.migrations.versions.0001_baseline")
    with engine.begin() as conn:
        for column in ("kind VARCHAR(20)", "subject VARCHAR(300)", "prev_hash VARCHAR(64)",
                       "hash VARCHAR(64)"):  # fmt: skip
            conn.execute(text(f"ALTER TABLE audit_log ADD COLUMN {column}"))
        conn.execute(text("ALTER TABLE api_keys ADD COLUMN user_name VARCHAR(200)"))
        conn.execute(text("CREATE UNIQUE INDEX ux_audit_log_prev_hash ON audit_log (prev_hash)"))
        for name in ("parties", "alerts", "alert_events", "users"):
            baseline._meta.tables[name].create(conn)


def _all_tables() -> MetaData:
    meta = MetaData()
    for tables in (store_tables, workflow_tables, service_tables):
        for table in tables.tables.values():
            table.to_metadata(meta)
    return meta


def _schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return [d for d in compare_metadata(context, _all_tables()) if d[0] != "remove_table"
                or d[1].name != "alembic_version"]  # fmt: skip


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


def test_fresh_store_is_at_head_and_matches_the_tables(store_url: str, engine: Engine) -> None:
    Store(store_url).close()
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
    assert _schema_diff(engine) == []


@pytest.mark.parametrize("made_by", ["da8cf7f", "535c3cd"])
def test_upgrades_a_store_made_by_an_older_tracewire(
    made_by: str, store_url: str, engine: Engine
) -> None:
    make = _make_da8cf7f_store if made_by == "da8cf7f" else _make_535c3cd_upgraded_store
    make(engine)
    store = Store(store_url)
    try:
        with engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
        assert _schema_diff(engine) == []
        indexes = {i["name"] for i in inspect(engine).get_indexes("audit_log")}
        assert {"ix_audit_log_at", "ix_audit_log_subject", "ux_audit_log_prev_hash"} <= indexes
        # what the old store held is all there and works
        assert [(v.dataset, v.seq) for v in store.versions("old")] == [("old", 1)]
        assert [e.caption for e in store.entities("old")] == ["Anna Old"]
        principal = KeyRing(store.engine).verify(OLD_KEY)
        assert principal is not None and principal.name == "partner"
        trail = AuditTrail(store.engine)
        trail.append(actor="admin", kind="user", endpoint="users.add", request={"x": 1})
        check = trail.verify()
        assert check.ok and check.records == 2 and check.unchained == 1
        for statement in ("UPDATE audit_log SET status = 500", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        store.close()
    Store(store_url).close()  # opening an upgraded store again changes nothing
    assert _schema_diff(engine) == []


def test_refuses_a_store_newer_than_the_code(
    store_url: str, engine: Engine, home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(store_url).close()
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(StoreError, match="newer than this tracewire knows") as err:
        Store(store_url)
    assert "9999_from_the_future" in str(err.value) and "Upgrade tracewire" in str(err.value)
    monkeypatch.setenv("TRACEWIRE_DATABASE_URL", store_url)
    for command in (["lists", "show"], ["serve", "--port", "8999"]):
        res = CliRunner().invoke(app, command)
        assert res.exit_code == 1, res.output
        assert "newer than this tracewire knows" in " ".join(res.output.split())
        assert res.exception is None or isinstance(res.exception, SystemExit)


def test_a_forked_old_store_opens_and_verify_reports_the_fork(
    store_url: str, engine: Engine
) -> None:
    """An old store whose chain was forked (two records follow one) cannot take the
    unique prev_hash index: it still opens, and ``audit verify`` names the fork."""
    _make_da8cf7f_store(engine)
    with engine.begin() as conn:
        for column in ("kind VARCHAR(20)", "subject VARCHAR(300)", "prev_hash VARCHAR(64)",
                       "hash VARCHAR(64)"):  # fmt: skip
            conn.execute(text(f"ALTER TABLE audit_log ADD COLUMN {column}"))
        for n in range(2):  # both claim to follow the same record
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, key_id, key_name, endpoint, status, "
                    "request_sha256, request, lists, results, kind, prev_hash, hash) VALUES "
                    "(:at, 'k', 'partner', '/match/default', 200, 'abc', '{}', '[]', '{}', "
                    "'match', :prev, :hash)"
                ),
                {"at": datetime(2024, 5, 2, tzinfo=UTC), "prev": "a" * 64, "hash": str(n) * 64},
            )
    store = Store(store_url)  # no IntegrityError
    try:
        with engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
        check = AuditTrail(store.engine).verify(require_anchor=False)
        assert not check.ok and check.problem is not None
        assert "forked" in check.problem or "follow" in check.problem, check.problem
    finally:
        store.close()
