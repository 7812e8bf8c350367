"""The portfolio's name index in the database, and the parties of an import by its stamp.

Delta rescreens looked each changed list entry up in an index of the whole portfolio
held in memory and pickled to one file. The index now lives in four tables (see
:mod:`tracewire.workflow.portfolio_index`) that imports keep up to date and rescreens
query per list entry. ``ix_parties_updated`` lets the screening after an import read the
parties it added or changed (stamped with its time) in chunks, by key range.

The tables start empty: the first rescreen builds the index of an existing portfolio.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_parties_updated", "parties", ["updated_at", "id"])
    op.create_table(
        "portfolio_names",
        sa.Column("party_id", sa.String(255), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("schema", sa.String(32), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
    )
    op.create_table(
        "portfolio_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("party_id", sa.String(255), primary_key=True),
        sa.Column("times", sa.Integer, nullable=False),
    )
    op.create_index("ix_portfolio_keys_party", "portfolio_keys", ["party_id"])
    op.create_table(
        "portfolio_variants",
        sa.Column("variant", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("edits", sa.Integer, primary_key=True),
    )
    op.create_table(
        "portfolio_index_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("portfolio_index_state")
    op.drop_table("portfolio_variants")
    op.drop_index("ix_portfolio_keys_party", table_name="portfolio_keys")
    op.drop_table("portfolio_keys")
    op.drop_table("portfolio_names")
    op.drop_index("ix_parties_updated", table_name="parties")
