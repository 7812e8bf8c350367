"""Tables of the versioned entity store (SQLAlchemy Core: SQLite by default, PostgreSQL too).

- ``versions``: one row per load of a dataset, with its provenance.
- ``blobs``: entity JSON by content hash, shared by every version that holds it, so
  keeping every version costs only what changed.
- ``version_entities``: which entity (id → blob) each version holds.
- ``refs``: entity → entity links (a Sanction's ``entity``, an Ownership's ``owner`` and
  ``asset``, ...) per version, to find what points at an entity.
- ``pending_rescreens``: versions whose portfolio rescreen has not run yet (written with
  the version, deleted by the rescreen), so a load killed in between loses nothing.
- ``index_blobs``: built screening indexes by the fingerprint of the list versions they
  hold, signed, so that one host's build serves every host sharing the store (see
  :mod:`tracewire.store.index_blobs`).

The database is made and upgraded by the migrations in :mod:`tracewire.store.migrations`;
a change here needs a new revision there.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

versions = Table(
    "versions",
    metadata,
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
)
Index("ix_versions_dataset_sha", versions.c.dataset, versions.c.sha256)

blobs = Table(
    "blobs",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("data", Text, nullable=False),
)

version_entities = Table(
    "version_entities",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("entity_id", String(255), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("source_id", String(255)),
    Column("caption", Text, nullable=False),
    Column("hash", String(64), ForeignKey("blobs.hash"), nullable=False),
)
Index("ix_version_entities_entity", version_entities.c.entity_id)

refs = Table(
    "refs",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("target_id", String(255), nullable=False),
)
Index("ix_refs_target", refs.c.target_id, refs.c.version_id)

pending_rescreens = Table(
    "pending_rescreens",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("dataset", String(200), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

index_blobs = Table(
    "index_blobs",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("format", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mac", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("built_by", String(255), nullable=False),
    Column("build_seconds", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
