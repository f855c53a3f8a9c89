"""Alembic's environment: migrate the connection the store hands over in `attributes`."""

from __future__ import annotations

from alembic import context

from ledger.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
