"""The run's side of the ledger: drift before the load, the writes after it, retention."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.settings import get_current_settings

from ledger.keys import ledger_key, ledger_url, value_hmac
from ledger.store import FieldKey, LastWrite, WriteRow, open_ledger
from schemas.identifiers import decimal_or_none
from schemas.mapping import ABSENCE_RULES, EMPLOYEE_RULES, EMPLOYMENT_RULES
from schemas.tenant import TenantConfig
from tasks.engine.changes import ChangeSet, FieldChange, LoadResult, RecordChange

COMPARE = {r.target: r.compare for r in (*EMPLOYEE_RULES, *EMPLOYMENT_RULES, *ABSENCE_RULES)}


def home() -> Path:
    """The Prefect home, where the default ledger and its key file live."""
    return Path(get_current_settings().home).expanduser()


def canonical(field: str, value: str) -> str:
    """The form a value is hashed in, so that payroll's `80` and our `80.00` hash the same."""
    text = value.strip()
    compare = COMPARE.get(field, "text")
    if compare == "decimal":
        number = decimal_or_none(text)
        return text if number is None else format(number.normalize(), "f")
    return text[:10] if compare == "date" else text


def fingerprint(key: bytes, field: str, value: str) -> str:
    """The HMAC the ledger keeps for a value of `field`."""
    return value_hmac(key, canonical(field, value))


@dataclass(frozen=True)
class Drift:
    """The change set after drift is handled, and one note per field changed in payroll."""

    changes: ChangeSet
    notes: tuple[str, ...] = ()


def drifted(record: RecordChange, last: dict[FieldKey, LastWrite], key: bytes) -> Iterator[
        tuple[FieldChange, LastWrite]]:  # fmt: skip
    """The record's changed fields whose payroll value is not what hrsync last wrote."""
    for change in record.changes:
        known = last.get((record.entity, record.key, change.field))
        if known and fingerprint(key, change.field, change.old) != known.value_hmac:
            yield change, known


def without(payload: dict[str, Any], held: FieldChange, grouped: bool) -> dict[str, Any]:
    """The payload keeping payroll's value: a group mate keeps it, a lone field leaves."""
    head, _, tail = held.field.partition(".")
    copy = {k: (dict(v) if isinstance(v, dict) else v) for k, v in payload.items()}
    holder, name = (copy.get(head, {}), tail) if tail else (copy, head)
    if grouped:
        holder[name] = held.old  # a salary travels whole: send payroll's own value back
    else:
        holder.pop(name, None)
    return copy


def hold(record: RecordChange, held: list[FieldChange]) -> RecordChange:
    """The record without the held field changes (unchanged when none is left)."""
    grouped = {r.target for r in (*EMPLOYEE_RULES, *EMPLOYMENT_RULES, *ABSENCE_RULES) if r.group}
    left = tuple(c for c in record.changes if c not in held)
    if not left:
        return replace(record, action="unchanged", changes=(), payload={})
    payload = record.payload
    for change in held:
        payload = without(payload, change, change.field in grouped)
    return replace(record, changes=left, payload=payload)


def apply_drift(changes: ChangeSet, last: dict[FieldKey, LastWrite], key: bytes,
                on_change: str) -> Drift:  # fmt: skip
    """Mark every drifted field in a note; with `hold`, drop it from the change set."""
    notes, records = [], []
    verb = "held: payroll's value kept" if on_change == "hold" else "will be overwritten"
    for record in changes.records:
        found = list(drifted(record, last, key)) if record.action == "update" else []
        for change, known in found:
            since = f"{known.written_at:%Y-%m-%d}"
            notes.append(
                f"employee {record.employee}: {change.field} changed in payroll since {since}, "
                f"{verb}"
            )
        if found and on_change == "hold":
            record = hold(record, [c for c, _ in found])
        records.append(record)
    return Drift(replace(changes, records=tuple(records)), tuple(notes))


@task(name="check-drift", cache_policy=NO_CACHE)
async def check_drift(config: TenantConfig, changes: ChangeSet) -> Drift:
    """Compare payroll's values of the fields to update with what hrsync last wrote."""
    key = ledger_key(home())
    updated = [r for r in changes.records if r.action == "update"]  # only these can drift
    async with open_ledger(ledger_url(home())) as ledger:
        last = await ledger.last_written(
            config.name, {r.key for r in updated}, {r.entity for r in updated}
        )
    drift = apply_drift(changes, last, key, config.drift.on_change)
    get_run_logger().info("%d field(s) changed in payroll by hand", len(drift.notes))
    return drift


def write_rows(changes: ChangeSet, result: LoadResult, key: bytes) -> Iterator[WriteRow]:
    """One row per changed field of every written or failed record."""
    failed = {(f.entity, f.key) for f in result.failures}
    for record in changes.writes():
        outcome = "failed" if (record.entity, record.key) in failed else "written"
        for change in record.changes:
            yield WriteRow(record.employee, record.entity, record.key, change.field,
                           fingerprint(key, change.field, change.new), outcome)  # fmt: skip


@task(name="record-writes", cache_policy=NO_CACHE)
async def record_writes(config: TenantConfig, changes: ChangeSet, result: LoadResult) -> int:
    """Record the run's writes in the ledger, then purge rows past the tenant's retention."""
    if result.dry_run:
        return 0
    key = ledger_key(home())
    now = datetime.now(UTC)
    async with open_ledger(ledger_url(home())) as ledger:
        count = await ledger.record(
            config.name, str(flow_run.get_id() or ""), now, write_rows(changes, result, key)
        )
        purged = await ledger.purge(config.name, now - timedelta(config.ledger.retention_days))
    get_run_logger().info("ledger: %d field write(s) recorded, %d old row(s) purged", count, purged)
    return count
