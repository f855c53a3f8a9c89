"""The ledger store: migrate on first use, record writes, read the last ones, purge old rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ledger.models import LedgerWrite

MIGRATIONS = Path(__file__).with_name("migrations")
FieldKey = tuple[str, str, str]  # entity, record key, field


@dataclass(frozen=True)
class WriteRow:
    """One field written (or failed), as the ledger keeps it: a hash, never the value."""

    employee: str
    entity: str
    record_key: str
    field: str
    value_hmac: str
    outcome: str


@dataclass(frozen=True)
class LastWrite:
    """The last successful write of one field: its hash and when."""

    value_hmac: str
    written_at: datetime


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


class Ledger:
    """The ledger on one database; `open_ledger` migrates it to the head revision first."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def record(
        self, tenant: str, flow_run_id: str, at: datetime, rows: Iterable[WriteRow]
    ) -> int:
        """Insert the rows of one run; return how many."""
        values = [
            {"tenant": tenant, "flow_run_id": flow_run_id, "written_at": at, **vars(row)}
            for row in rows
        ]
        if values:
            async with self.engine.begin() as conn:
                await conn.execute(insert(LedgerWrite), values)
        return len(values)

    async def last_written(self, tenant: str) -> dict[FieldKey, LastWrite]:
        """The last written hash of every field of the tenant's records."""
        table = LedgerWrite
        at = func.max(table.written_at).label("at")
        latest = (
            select(table.entity, table.record_key, table.field, at)
            .where(table.tenant == tenant, table.outcome == "written")
            .group_by(table.entity, table.record_key, table.field)
            .subquery()
        )
        query = select(table.entity, table.record_key, table.field, table.value_hmac,
                       table.written_at).join(latest, (table.entity == latest.c.entity)
            & (table.record_key == latest.c.record_key) & (table.field == latest.c.field)
            & (table.written_at == latest.c.at)).where(
            table.tenant == tenant, table.outcome == "written")  # fmt: skip
        async with self.engine.connect() as conn:
            found = (await conn.execute(query)).all()
        return {(r[0], r[1], r[2]): LastWrite(r[3], r[4]) for r in found}

    async def history(self, tenant: str, employee: str | None = None) -> Sequence[LedgerWrite]:
        """The tenant's rows (optionally one employee's), oldest first."""
        query = select(LedgerWrite).where(LedgerWrite.tenant == tenant)
        if employee is not None:
            query = query.where(LedgerWrite.employee == employee)
        query = query.order_by(LedgerWrite.written_at, LedgerWrite.id)
        async with self.engine.connect() as conn:
            return [LedgerWrite(**row._mapping) for row in (await conn.execute(query)).all()]

    async def purge(self, tenant: str, before: datetime) -> int:
        """Delete the tenant's rows written before `before`; return how many."""
        query = delete(LedgerWrite).where(
            LedgerWrite.tenant == tenant, LedgerWrite.written_at < before
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(query)).rowcount


@asynccontextmanager
async def open_ledger(url: str) -> AsyncIterator[Ledger]:
    """The ledger at `url`, migrated to the head revision (creating the database's table)."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade)
        yield Ledger(engine)
    finally:
        await engine.dispose()
