"""Tables of the HTTP service, in the store's database (SQLAlchemy Core).

- ``api_keys``: one row per API key. The key itself is never stored: only a random
  per-key salt and ``sha256(salt + key)``, plus the short public ``key_id`` that the key
  starts with, to find the row. Revoking sets ``revoked_at``; rows are never deleted.
- ``audit_log``: one row per screening request: who asked (key id and name), when, the
  request (its sha256 and body), the list versions screened against, and every result
  returned with its score. Append-only: the service only inserts, and on SQLite and
  PostgreSQL triggers refuse UPDATE and DELETE.

They live beside the store's tables but in their own :data:`metadata`; :func:`create`
makes them when missing.
"""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)

metadata = MetaData()

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_id", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("salt", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
Index("ix_api_keys_name", api_keys.c.name)

audit_log = Table(
    "audit_log",
    metadata,
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
)
Index("ix_audit_log_at", audit_log.c.at)

_NO_CHANGE = "audit_log is append-only"
for verb in ("UPDATE", "DELETE"):
    event.listen(
        audit_log,
        "after_create",
        DDL(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END"
        ).execute_if(dialect="sqlite"),
    )
event.listen(
    audit_log,
    "after_create",
    DDL(
        "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{_NO_CHANGE}'; END; $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
    ).execute_if(dialect="postgresql"),
)


def create(engine: Engine) -> None:
    """Create the service's tables (and the audit log's triggers) if they are missing."""
    metadata.create_all(engine)
