"""Load: register needed children, then create, update or reject absences in payroll."""

from __future__ import annotations

import asyncio
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.errors import ApiError
from clients.payroll import PayrollClient
from schemas.absence_conversions import NEW_CHILD
from tasks.engine.changes import ChangeSet, LoadFailure, LoadResult, RecordChange
from tasks.engine.load import failed
from tasks.engine.progress import gather_tracked


async def register_child(
    payroll: PayrollClient, change: RecordChange
) -> tuple[str, str] | LoadFailure:
    """Create one child in payroll; return (AlexisHR child id, payroll childId)."""
    try:
        child = await payroll.upsert_child(change.payload)
    except ApiError as error:
        return failed(change, error)
    return change.key, child.childId


def with_child(payload: dict[str, Any], registered: dict[str, str]) -> dict[str, Any] | None:
    """The payload with a to-be-registered child replaced by its payroll id; None if it failed."""
    marker = str(payload.get("childId", ""))
    if not marker.startswith(NEW_CHILD):
        return payload
    child_id = registered.get(marker.removeprefix(NEW_CHILD))
    return None if child_id is None else {**payload, "childId": child_id}


async def write_absence(
    payroll: PayrollClient, change: RecordChange, registered: dict[str, str]
) -> LoadFailure | None:
    """Upsert one absence (a create carries no serialNo; an update or reject does)."""
    payload = with_child(change.payload, registered)
    if payload is None:
        reason = "its child could not be registered in payroll"
        return LoadFailure(change.entity, change.employee, change.key, reason, retriable=True)
    try:
        await payroll.upsert_absence(payload)
    except ApiError as error:
        return failed(change, error)
    return None


async def write_absence_changes(payroll: PayrollClient, changes: ChangeSet) -> LoadResult:
    """Children first (absences name them), then every absence, concurrently."""
    writes = changes.writes()
    children = [c for c in writes if c.entity == "child"]
    outcomes = await asyncio.gather(*(register_child(payroll, c) for c in children))
    registered = dict(o for o in outcomes if isinstance(o, tuple))
    failures = [o for o in outcomes if isinstance(o, LoadFailure)]
    absences = [c for c in writes if c.entity == "absence"]
    results = await gather_tracked(
        "writing absences to payroll", (write_absence(payroll, c, registered) for c in absences)
    )
    failures += [r for r in results if r is not None]
    lost = {(f.entity, f.key) for f in failures}
    written = tuple(c for c in writes if (c.entity, c.key) not in lost)
    return LoadResult(written=written, failures=tuple(failures))


@task(name="load", cache_policy=NO_CACHE)
async def load_absences(payroll: PayrollClient, changes: ChangeSet) -> LoadResult:
    """Write children and absences to 24SevenOffice (idempotent by externalId)."""
    if not changes.writes():
        return LoadResult()
    result = await write_absence_changes(payroll, changes)
    get_run_logger().info(
        "wrote %d record(s), %d failed", len(result.written), len(result.failures)
    )
    return result
