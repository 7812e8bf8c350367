"""Baseline: the schema of the last release before migrations (commit 535c3cd).

Stores made before migrations have no ``alembic_version``: they were made by
``create_all`` and grew by hand-written ``ALTER TABLE ADD COLUMN`` (audit_log's kind,
subject, prev_hash and hash; api_keys' user_name), without the indexes added since (an
upgraded audit_log lacks ``ix_audit_log_subject``). This revision brings any of them, or
an empty database, to that schema: it creates what is missing (tables, columns, indexes,
the audit log's append-only triggers) and keeps what is there.

The tables are written out here, frozen: later revisions change them, never this one.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_meta = sa.MetaData()

sa.Table(
    "versions",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(200), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("format", sa.String(50), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("publisher_date", sa.String(32)),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("entity_count", sa.Integer, nullable=False),
    sa.Column("schema_counts", sa.Text, nullable=False),
    sa.Column("rows", sa.Text, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False),
    sa.UniqueConstraint("dataset", "seq", name="uq_versions_dataset_seq"),
    sa.Index("ix_versions_dataset_sha", "dataset", "sha256"),
)
sa.Table(
    "blobs",
    _meta,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),
)
sa.Table(
    "version_entities",
    _meta,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("entity_id", sa.String(255), primary_key=True),
    sa.Column("schema", sa.String(64), nullable=False),
    sa.Column("source_id", sa.String(255)),
    sa.Column("caption", sa.Text, nullable=False),
    sa.Column("hash", sa.String(64), sa.ForeignKey("blobs.hash"), nullable=False),
    sa.Index("ix_version_entities_entity", "entity_id"),
)
sa.Table(
    "refs",
    _meta,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("entity_id", sa.String(255), nullable=False),
    sa.Column("prop", sa.String(64), nullable=False),
    sa.Column("target_id", sa.String(255), nullable=False),
    sa.Index("ix_refs_target", "target_id", "version_id"),
)
sa.Table(
    "parties",
    _meta,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("schema", sa.String(32)),
    sa.Column("birth_date", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("gender", sa.String(16)),
    sa.Column("identifiers", sa.Text),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True)),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)
sa.Table(
    "alerts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("party_id", sa.String(255), nullable=False),
    sa.Column("entity_id", sa.String(255), nullable=False),
    sa.Column("dataset", sa.String(200), nullable=False),
    sa.Column("schema", sa.String(64), nullable=False),
    sa.Column("party_name", sa.Text, nullable=False),
    sa.Column("entity_caption", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("result", sa.Text, nullable=False),
    sa.Column("lists", sa.Text, nullable=False),
    sa.Column("party_fields", sa.Text, nullable=False),
    sa.Column("party_fingerprint", sa.String(64), nullable=False),
    sa.Column("entity_fields", sa.Text, nullable=False),
    sa.Column("entity_hash", sa.String(64), nullable=False),
    sa.Column("changes", sa.Text, nullable=False),
    sa.Column("reopened", sa.Boolean, nullable=False),
    sa.Column("designation_removed", sa.Boolean, nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("party_id", "entity_id", name="uq_alerts_pair"),
    sa.Index("ix_alerts_status", "status", "updated_at"),
    sa.Index("ix_alerts_entity", "entity_id"),
)
sa.Table(
    "alert_events",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.Integer, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("from_status", sa.String(20)),
    sa.Column("to_status", sa.String(20)),
    sa.Column("reason", sa.Text),
    sa.Column("lists", sa.Text, nullable=False),
    sa.Index("ix_alert_events_alert", "alert_id", "id"),
)
sa.Table(
    "users",
    _meta,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled_at", sa.DateTime(timezone=True)),
)
sa.Table(
    "audit_log",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_id", sa.String(32)),
    sa.Column("key_name", sa.String(200), nullable=False),
    sa.Column("endpoint", sa.String(300), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("request_sha256", sa.String(64), nullable=False),
    sa.Column("request", sa.Text, nullable=False),
    sa.Column("lists", sa.Text, nullable=False),
    sa.Column("results", sa.Text, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("kind", sa.String(20)),
    sa.Column("subject", sa.String(300)),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
    sa.Index("ix_audit_log_at", "at"),
    sa.Index("ix_audit_log_subject", "subject"),
    sa.Index("ux_audit_log_prev_hash", "prev_hash", unique=True),
)
sa.Table(
    "api_keys",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key_id", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("salt", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("user_name", sa.String(200)),
    sa.Index("ix_api_keys_name", "name"),
)

_NO_CHANGE = "audit_log is append-only"


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    have = set(inspector.get_table_names())
    for table in _meta.sorted_tables:
        if table.name not in have:
            table.create(bind)  # with its indexes
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:
                if not column.nullable:
                    raise RuntimeError(
                        f"the store's table {table.name} lacks the required column "
                        f"{column.name}: it was not made by tracewire"
                    )
                op.add_column(table.name, column._copy())
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                if index.name == "ux_audit_log_prev_hash" and _forked(bind):
                    # two records follow one: the unique index cannot be made over that
                    # chain. The store still opens, and `audit verify` reports the fork.
                    logging.getLogger("tracewire.audit").error(
                        "the audit chain is forked (two records follow one record): "
                        "run `tracewire audit verify`; ux_audit_log_prev_hash not made"
                    )
                    continue
                index.create(bind)
    _audit_triggers(bind)


def _forked(bind: sa.Connection) -> bool:
    """Whether two audit records name the same previous record (a forked chain)."""
    return (
        bind.exec_driver_sql(
            "SELECT prev_hash FROM audit_log WHERE prev_hash IS NOT NULL "
            "GROUP BY prev_hash HAVING COUNT(*) > 1"
        ).first()
        is not None
    )


def _audit_triggers(bind: sa.Connection) -> None:
    """The triggers that refuse UPDATE and DELETE on the audit log, when missing."""
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} "
                f"ON audit_log BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END"
            )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_NO_CHANGE}'; END; $$ LANGUAGE plpgsql"
        )
        exists = bind.exec_driver_sql(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_change' "
            "AND tgrelid = 'audit_log'::regclass"
        ).first()
        if exists is None:
            op.execute(
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
            )


def downgrade() -> None:
    raise NotImplementedError("the baseline is the oldest schema: there is nothing before it")
