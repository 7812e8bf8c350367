"""Tables of the analyst workflow, in the store's database (SQLAlchemy Core).

- ``parties``: the monitored portfolio, one row per counterparty (the user's own id), with
  the screening fields and a ``fingerprint`` of them, so a changed party is noticed.
- ``alerts``: one row per (party, listed entity) pair that scored as a match, with its
  status (``open``, ``true_match``, ``false_positive``, ``escalated``), the last result
  and what both sides looked like when it was last decided (party fields, the entity's
  content hash), so a decision holds until either side changes.
- ``alert_events``: each alert's history: opened, decided, reopened, designation removed.
- ``portfolio_names``, ``portfolio_keys``, ``portfolio_variants``, ``portfolio_index_state``:
  the portfolio's name index for delta rescreens, kept in the database (one row per
  indexed party, one per (name key, party), the typo variants of each key, and the code
  the keys were made with): see :mod:`tracewire.workflow.portfolio_index`.
- ``users``: analysts, reviewers and admins of the service; API keys may belong to one.
- ``audit_log``: append-only, hash-chained record of every screening request, alert and
  decision (see :mod:`tracewire.workflow.audit`). SQLite and PostgreSQL triggers refuse
  UPDATE and DELETE; each row's ``hash`` covers its fields and the previous row's hash.

The migrations in :mod:`tracewire.store.migrations` make and upgrade these tables (and the
audit log's triggers); a change here needs a new revision there.
"""

from __future__ import annotations

from sqlalchemy import (
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
)

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
#: the parties an import added or changed (all stamped with its time), read back in chunks
Index("ix_parties_updated", parties.c.updated_at, parties.c.id)

#: each party in the portfolio's name index: its distinct name words and the schema it is
#: matched as, and a hash of the name and schema it was indexed from
portfolio_names = Table(
    "portfolio_names",
    metadata,
    Column("party_id", String(255), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("schema", String(32), nullable=False),
    Column("source", String(64), nullable=False),
)

#: the index's postings: (name key, party), with how often one name of the party holds it
portfolio_keys = Table(
    "portfolio_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("party_id", String(255), primary_key=True),
    Column("times", Integer, nullable=False),
)
Index("ix_portfolio_keys_party", portfolio_keys.c.party_id)

#: a word key's one-letter (``edits`` 1) and, for keys of five to nine letters, two-letter
#: (2) deletions, by which a misspelt word finds it (SymSpell); kept once a key is seen
portfolio_variants = Table(
    "portfolio_variants",
    metadata,
    Column("variant", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("edits", Integer, primary_key=True),
)

#: one row: the code the index's keys were made with (another code: rebuilt)
portfolio_index_state = Table(
    "portfolio_index_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("code", String(64), nullable=False),
    Column("built_at", DateTime(timezone=True), nullable=False),
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
#: one record per predecessor: two writers that chained onto the same record would fork it
Index("ux_audit_log_prev_hash", audit_log.c.prev_hash, unique=True)


def create(engine: Engine) -> None:
    """Make or upgrade the store's tables (every table: see :mod:`tracewire.store.migrate`)."""
    from tracewire.store.migrate import upgrade

    upgrade(engine)
