"""Tables of the HTTP service, in the store's database (SQLAlchemy Core).

- ``api_keys``: one row per API key. The key itself is never stored: only a random
  per-key salt and ``sha256(salt + key)``, plus the short public ``key_id`` that the key
  starts with, to find the row. Revoking sets ``revoked_at``; rows are never deleted.
  A key may belong to a user of the workflow (``user_name``), whose role it then carries.

The audit log, which the service writes a record to for every screening request, is the
workflow's (:mod:`tracewire.workflow.tables`); :func:`create` makes or upgrades every
table of the store (the migrations of :mod:`tracewire.store.migrations`).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table

from tracewire.workflow.tables import audit_log
from tracewire.workflow.tables import create as create

__all__ = ["api_keys", "audit_log", "create"]

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
    #: the user (see ``tracewire users``) the key belongs to, if any
    Column("user_name", String(200)),
)
Index("ix_api_keys_name", api_keys.c.name)
