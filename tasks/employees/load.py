"""Load: write the change set's creates and updates to payroll, collecting per-record failures."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from clients.errors import ApiError, ConflictError
from clients.payroll import PayrollClient
from tasks.engine.changes import ChangeSet, LoadFailure, LoadResult, RecordChange
from tasks.engine.load import failed
from tasks.engine.progress import gather_tracked

Outcome = tuple[list[RecordChange], list[LoadFailure]]


async def write_employee(payroll: PayrollClient, change: RecordChange) -> None:
    """Create or update one employee; a create that meets an existing number becomes an update.

    The 409 path is what makes a re-run after a half-finished create converge.
    """
    if change.action == "create":
        try:
            await payroll.create_employee(change.payload)
            return
        except ConflictError:
            pass
    await payroll.update_employee(change.employee, change.payload)


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
