"""Load: write the change set's creates and updates to payroll, collecting per-record failures."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from itertools import groupby

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.errors import ApiError, ConflictError
from clients.payroll import PayrollClient
from tasks.engine.changes import ChangeSet, LoadFailure, LoadResult, RecordChange
from tasks.engine.load import failed
from tasks.engine.progress import gather_tracked
from tasks.people.identity import payload_identity, payroll_identity

Outcome = tuple[list[RecordChange], list[LoadFailure]]


async def write_employee(payroll: PayrollClient, change: RecordChange) -> None:
    """Create or update one employee; a create that meets our own record becomes an update.

    The create is the last check that the number is new: payroll answers 409 for a number it
    has. That is this run's own create when the transport repeated a POST whose answer was
    lost; anything else is a record the run never diffed, and nothing is written over it.
    """
    if change.action == "create":
        try:
            await payroll.create_employee(change.payload)
            return
        except ConflictError as conflict:
            await _check_ours(payroll, change, conflict)
    await payroll.update_employee(change.employee, change.payload)


async def _check_ours(
    payroll: PayrollClient, change: RecordChange, conflict: ConflictError
) -> None:
    """Return when the record behind a create's 409 is ours; else raise, writing nothing.

    Ours: the identity numbers of the create and no employments yet (they follow the employee).
    Another record (typed by hand, or one payroll's employee list did not show though it was
    read twice) goes through identity checks and the diff on the next run, which reads it.
    """
    number = change.employee
    found, employments = await asyncio.gather(payroll.employee(number), payroll.employments(number))
    if found and not employments and payroll_identity(found) == payload_identity(change.payload):
        return
    raise ConflictError(
        conflict.service, conflict.method, conflict.path, conflict.status,
        f"employee {number} is already in payroll although its employee list did not show them "
        "(read twice); nothing was written for them; the next run reads and diffs them",
    )  # fmt: skip


async def load_employee(
    payroll: PayrollClient, employee: RecordChange | None, employments: Sequence[RecordChange]
) -> Outcome:
    """Write one employee, then their employments as one array upsert."""
    if employee is not None:
        try:
            await write_employee(payroll, employee)
        except ApiError as error:
            # Employments of an employee payroll does not have would only fail too.
            return [], [failed(employee, error), *(failed(e, error) for e in employments)]
    written = [employee] if employee is not None else []
    if employments:
        emp_id = employments[0].employee
        try:
            await payroll.upsert_employments(emp_id, [e.payload for e in employments])
        except ApiError as error:
            return written, [failed(e, error) for e in employments]
        written.extend(employments)
    return written, []


async def write_changes(payroll: PayrollClient, changes: ChangeSet) -> LoadResult:
    """Write every employee's changes concurrently (the client bounds the concurrency)."""
    writes = changes.writes()
    employees = {c.employee: c for c in writes if c.entity == "employee"}
    employments = {
        emp: list(items)
        for emp, items in groupby(
            sorted((c for c in writes if c.entity == "employment"), key=lambda c: c.employee),
            key=lambda c: c.employee,
        )
    }
    numbers = sorted(set(employees) | set(employments), key=lambda n: (len(n), n))
    outcomes = await gather_tracked(
        "writing employees to payroll",
        (load_employee(payroll, employees.get(n), employments.get(n, [])) for n in numbers),
        at_once=payroll.max_concurrency,  # one employee's writes finish before the next's start
    )
    written = tuple(c for done, _ in outcomes for c in done)
    failures = tuple(f for _, lost in outcomes for f in lost)
    return LoadResult(written=written, failures=failures)


@task(name="load", cache_policy=NO_CACHE)
async def load_payroll(payroll: PayrollClient, changes: ChangeSet) -> LoadResult:
    """Write creates and updates to 24SevenOffice (idempotent: a re-run converges)."""
    if not changes.writes():
        return LoadResult()
    result = await write_changes(payroll, changes)
    get_run_logger().info(
        "wrote %d record(s), %d failed", len(result.written), len(result.failures)
    )
    return result
