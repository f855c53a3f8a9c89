"""The ledger store: migrate on first use, record writes, read the last ones, purge old rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import ColumnElement, Connection, Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from ledger.models import Base, LedgerWrite, SyncedRecord

MIGRATIONS = Path(__file__).with_name("migrations")
FieldKey = tuple[str, str, str]  # entity, record key, field
RecordKey = tuple[str, str]  # entity, record key
# Employees per DELETE, record keys per `IN (...)`: well under any database's limit of bound
# parameters.
CHUNK = 500
INSERT_BATCH = 5000  # rows per INSERT of a run's writes


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


@dataclass(frozen=True)
class SyncedRow:
    """One record's target hash as confirmed in payroll by a run (see `Ledger.replace_synced`)."""

    employee: str
    entity: str
    record_key: str
    target_hmac: str


def _upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _last_written_query(
    tenant: str, keys: Sequence[str] | None, entities: Collection[str] | None = None
) -> Select[str, str, str, str, datetime]:
    """The newest written row per field of the tenant's records (of `keys` when given)."""
    table = LedgerWrite
    scope = [table.tenant == tenant, table.outcome == "written"]
    if entities is not None:
        # The field index starts (tenant, entity, record_key): without the entity a search by
        # key walked every row of the tenant (4.5 s per query at 2.3 million rows).
        scope.append(table.entity.in_(sorted(entities)))
    if keys is not None:
        scope.append(table.record_key.in_(keys))
    at = func.max(table.written_at).label("at")
    latest = (
        select(table.entity, table.record_key, table.field, at)
        .where(*scope)
        .group_by(table.entity, table.record_key, table.field)
        .subquery()
    )
    same = ((table.entity == latest.c.entity) & (table.record_key == latest.c.record_key)
            & (table.field == latest.c.field) & (table.written_at == latest.c.at))  # fmt: skip
    return (
        select(table.entity, table.record_key, table.field, table.value_hmac, table.written_at)
        .join(latest, same)
        .where(*scope)
    )


async def _insert_in_batches(
    conn: AsyncConnection, model: type[Base], stamp: dict[str, Any], rows: Iterable[object]
) -> int:
    """Insert `stamp` plus each row's fields, `INSERT_BATCH` rows per statement; how many.

    Batches are taken from `rows` as they come: a first sync of 100 000 employees writes ~2.3
    million fields, and one statement's parameter list of them held ~1.8 GB at once.
    """
    rows, count = iter(rows), 0
    while batch := [{**stamp, **vars(row)} for row in islice(rows, INSERT_BATCH)]:
        await conn.execute(insert(model), batch)
        count += len(batch)
    return count


class Ledger:
    """The ledger on one database; `open_ledger` migrates it to the head revision first."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def record(
        self, tenant: str, flow_run_id: str, at: datetime, rows: Iterable[WriteRow]
    ) -> int:
        """Insert the rows of one run (one transaction, in batches); return how many."""
        stamp = {"tenant": tenant, "flow_run_id": flow_run_id, "written_at": at}
        async with self.engine.begin() as conn:
            return await _insert_in_batches(conn, LedgerWrite, stamp, rows)

    async def last_written(
        self,
        tenant: str,
        records: Collection[str] | None = None,
        entities: Collection[str] | None = None,
    ) -> dict[FieldKey, LastWrite]:
        """The last written hash of every field of the tenant's records (or of `records` only).

        `records`: record keys; a run asks only for the records it would update, so a run with
        nothing to update reads nothing, however long the ledger. `entities`: only records of
        these (`employee`, `employment`…), which lets the database use its index.
        """
        if records is not None and not records:
            return {}
        keys = sorted(records or ())
        chunks = (
            [None] if records is None else [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]
        )
        found: dict[FieldKey, LastWrite] = {}
        async with self.engine.connect() as conn:
            for chunk in chunks:
                rows = (await conn.execute(_last_written_query(tenant, chunk, entities))).all()
                found.update(((r[0], r[1], r[2]), LastWrite(r[3], r[4])) for r in rows)
        return found

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

    async def synced(self, tenant: str) -> dict[RecordKey, str]:
        """The target hash of every record of the tenant last confirmed in payroll."""
        table = SyncedRecord
        query = select(table.entity, table.record_key, table.target_hmac).where(
            table.tenant == tenant
        )
        async with self.engine.connect() as conn:
            return {(r[0], r[1]): r[2] for r in (await conn.execute(query)).all()}

    async def replace_synced(
        self, tenant: str, employees: Iterable[str], at: datetime, rows: Iterable[SyncedRow]
    ) -> int:
        """Forget what was confirmed of `employees`, then keep `rows` (one transaction).

        An employee a run looked at and did not confirm (held, failed, quarantined) is thus
        unknown to the next incremental run, which reads and diffs it again.
        """
        numbers, rows = sorted(set(employees)), list(rows)
        table = SyncedRecord
        # By employee, and by key too: a record that moved to another employee keeps its key.
        stale: list[ColumnElement[bool]] = [
            table.employee.in_(numbers[i : i + CHUNK]) for i in range(0, len(numbers), CHUNK)
        ]
        for entity in sorted({r.entity for r in rows}):
            keys = sorted({r.record_key for r in rows if r.entity == entity})
            stale += [
                (table.entity == entity) & table.record_key.in_(keys[i : i + CHUNK])
                for i in range(0, len(keys), CHUNK)
            ]
        async with self.engine.begin() as conn:
            for condition in stale:
                await conn.execute(delete(table).where(table.tenant == tenant, condition))
            return await _insert_in_batches(conn, table, {"tenant": tenant, "synced_at": at}, rows)


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
