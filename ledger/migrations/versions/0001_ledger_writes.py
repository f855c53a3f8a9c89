"""Create the ledger_writes table."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table and its two look-up indexes."""
    op.create_table(
        "ledger_writes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("flow_run_id", sa.String(64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("employee", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_key", sa.String(128), nullable=False),
        sa.Column("field", sa.String(128), nullable=False),
        sa.Column("value_hmac", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
    )
    op.create_index(
        "ix_ledger_writes_field",
        "ledger_writes",
        ["tenant", "entity", "record_key", "field", "written_at"],
    )
    by_employee = ["tenant", "employee", "written_at"]
    op.create_index("ix_ledger_writes_employee", "ledger_writes", by_employee)


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("ledger_writes")
