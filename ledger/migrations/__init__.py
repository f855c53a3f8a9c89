"""Alembic migrations of the ledger, run programmatically on first use (no alembic.ini)."""
