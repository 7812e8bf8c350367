"""Tables of the analyst workflow, in the store's database (SQLAlchemy Core).

- ``parties``: the monitored portfolio, one row per counterparty (the user's own id), with
  the screening fields and a ``fingerprint`` of them, so a changed party is noticed.
- ``alerts``: one row per (party, listed entity) pair that scored as a match, with its
  status (``open``, ``true_match``, ``false_positive``, ``escalated``), the last result
  and what both sides looked like when it was last decided (party fields, the entity's
  content hash), so a decision holds until either side changes.
- ``alert_events``: each alert's history: opened, decided, reopened, designation removed.
- ``users``: analysts, reviewers and admins of the service; API keys may belong to one.
- ``audit_log``: append-only, hash-chained record of every screening request, alert and
  decision (see :mod:`tracewire.workflow.audit`). SQLite and PostgreSQL triggers refuse
  UPDATE and DELETE; each row's ``hash`` covers its fields and the previous row's hash.
"""

from __future__ import annotations

import logging

from sqlalchemy import (
    DDL,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

parties = Table(
    "parties",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("name", Text, nullable=False),
    Column("schema", String(32)),
    Column("birth_date", Text),
    Column("country", Text),
    Column("gender", String(16)),
    Column("identifiers", Text),
    Column("fingerprint", String(64), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("screened_at", DateTime(timezone=True)),
    Column("removed_at", DateTime(timezone=True)),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party_id", String(255), nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("dataset", String(200), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("party_name", Text, nullable=False),
    Column("entity_caption", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("status", String(20), nullable=False),
    #: the last screening result (MatchResult.to_dict) and the list versions behind it
    Column("result", Text, nullable=False),
    Column("lists", Text, nullable=False),
    #: both sides as they were at the last decision (or at opening)
    Column("party_fields", Text, nullable=False),
    Column("party_fingerprint", String(64), nullable=False),
    #: the list entry's matching-relevant properties (names, dates, countries, ids) and
    #: their hash: other changes (notes, addresses) do not reopen a decision
    Column("entity_fields", Text, nullable=False),
    Column("entity_hash", String(64), nullable=False),
    #: what changed on either side when the alert was last reopened (JSON list)
    Column("changes", Text, nullable=False, default="[]"),
    Column("reopened", Boolean, nullable=False, default=False),
    Column("designation_removed", Boolean, nullable=False, default=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("party_id", "entity_id", name="uq_alerts_pair"),
)
Index("ix_alerts_status", alerts.c.status, alerts.c.updated_at)
Index("ix_alerts_entity", alerts.c.entity_id)

alert_events = Table(
    "alert_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20)),
    Column("reason", Text),
    Column("lists", Text, nullable=False),
)
Index("ix_alert_events_alert", alert_events.c.alert_id, alert_events.c.id)

users = Table(
    "users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
)

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
    #: request (a service call), screening, alert, decision, portfolio, rescreen, user
    Column("kind", String(20)),
    #: what the record is about, e.g. "alert:12", "party:C-001"
    Column("subject", String(300)),
    Column("prev_hash", String(64)),
    Column("hash", String(64)),
)
Index("ix_audit_log_at", audit_log.c.at)
Index("ix_audit_log_subject", audit_log.c.subject)

#: columns added after the first release of a table, with their SQL type, for old stores
_ADDED_COLUMNS = {
    "audit_log": {
        "kind": "VARCHAR(20)",
        "subject": "VARCHAR(300)",
        "prev_hash": "VARCHAR(64)",
        "hash": "VARCHAR(64)",
    },
}

_NO_CHANGE = "audit_log is append-only"
for _verb in ("UPDATE", "DELETE"):
    event.listen(
        audit_log,
        "after_create",
        DDL(
            f"CREATE TRIGGER audit_log_no_{_verb.lower()} BEFORE {_verb} ON audit_log "
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


def add_missing_columns(engine: Engine, table: str, columns: dict[str, str]) -> None:
    """``ALTER TABLE ADD COLUMN`` for each column an older store's table lacks."""
    have = {c["name"] for c in inspect(engine).get_columns(table)}
    with engine.begin() as conn:
        for name, sql_type in columns.items():
            if name not in have:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))


def create(engine: Engine) -> None:
    """Create the workflow's tables when missing, and add columns newer than a store.

    The audit chain's unique ``prev_hash`` index cannot be made again over a chain that
    was forked behind its back (the index dropped, a second record following one): the
    store still opens, and ``audit verify`` reports the fork."""
    metadata.create_all(engine)
    for table, columns in _ADDED_COLUMNS.items():
        add_missing_columns(engine, table, columns)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE UNIQUE INDEX IF NOT EXISTS ux_audit_log_prev_hash "
                    "ON audit_log (prev_hash)"
                )
            )
    except IntegrityError as exc:
        logging.getLogger("tracewire.audit").error(
            "the audit chain is forked (two records follow one): %s", str(exc).splitlines()[0]
        )
