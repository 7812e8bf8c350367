"""Built screening indexes shared through the store.

Each ``tracewire serve`` host rebuilt its own index of the lists after every load. With
``$TRACEWIRE_INDEX_KEY`` set, the first process that builds the index of a set of list
versions saves it here, signed, and the others load it instead of building (see
:mod:`tracewire.store.index_blobs`). The table starts empty.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_blobs",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("built_by", sa.String(255), nullable=False),
        sa.Column("build_seconds", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("index_blobs")
