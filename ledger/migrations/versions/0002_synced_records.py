"""Create the synced_records table: per record, the hash of its target last confirmed in payroll."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table (one row per tenant, entity and record key) and its employee index."""
    op.create_table(
        "synced_records",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("entity", sa.String(32), primary_key=True),
        sa.Column("record_key", sa.String(128), primary_key=True),
        sa.Column("employee", sa.String(64), nullable=False),
        sa.Column("target_hmac", sa.String(64), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_synced_records_employee", "synced_records", ["tenant", "employee"])


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("synced_records")
