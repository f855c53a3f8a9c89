"""The ledger's one table: a row per field hrsync wrote (or failed to write) to payroll."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The ledger's declarative base (its metadata is what the migrations build)."""


class LedgerWrite(Base):
    """One field of one payroll record written by one flow run; never the clear value."""

    __tablename__ = "ledger_writes"
    __table_args__ = (
        Index("ix_ledger_writes_field", "tenant", "entity", "record_key", "field", "written_at"),
        Index("ix_ledger_writes_employee", "tenant", "employee", "written_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    flow_run_id: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    employee: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    record_key: Mapped[str] = mapped_column(String(128))
    field: Mapped[str] = mapped_column(String(128))
    value_hmac: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))


class SyncedRecord(Base):
    """One payroll record's target as last confirmed in payroll (written, or found equal).

    Only a keyed hash of the whole record's integration fields, never a value: an incremental
    run compares it with the record's target now and leaves payroll alone when they agree.
    """

    __tablename__ = "synced_records"
    __table_args__ = (Index("ix_synced_records_employee", "tenant", "employee"),)

    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    employee: Mapped[str] = mapped_column(String(64))
    target_hmac: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
