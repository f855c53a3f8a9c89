"""Extract for the employee sync: people with salaries, payroll employees and employments."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from prefect import get_run_logger, task

from clients.alexis import AlexisClient
from clients.payroll import PayrollClient
from schemas.kinds import SyncKind
from schemas.tenant import TenantConfig
from tasks.employees.frames import payroll_employee_frame, payroll_employment_frame
from tasks.employees.steps import PayrollSnapshot
from tasks.engine.guards import check_alexis_read
from tasks.engine.progress import gather_tracked
from tasks.engine.reads import READ_OPTIONS
from tasks.people.extract import people_frames, read_people
from tasks.people.steps import HrSnapshot


async def read_hr(alexis: AlexisClient, config: TenantConfig) -> HrSnapshot:
    """The people in scope as frames, each with their latest compensation (all pages)."""
    people, compensations = await asyncio.gather(
        read_people(alexis, config), alexis.compensations()
    )
    return people_frames(people, ZoneInfo(config.timezone), compensations)


async def read_payroll(
    payroll: PayrollClient, only: frozenset[str] | None = None
) -> PayrollSnapshot:
    """Read every payroll employee and, concurrently, each one's employments.

    With `only` (an incremental run), the employments of those employees alone: the employee
    list is still read whole, so the head count and the identity check see everyone.
    """
    employees = await payroll.employees()
    wanted = [e for e in employees if only is None or e.empId in only]
    employments = await gather_tracked(
        "reading payroll employments", (payroll.employments(e.empId) for e in wanted)
    )
    return PayrollSnapshot(
        employees=payroll_employee_frame(employees),
        employments=payroll_employment_frame(
            {e.empId: items for e, items in zip(wanted, employments, strict=True)}
        ),
    )


@task(name="extract-hr", **READ_OPTIONS)
async def extract_hr(
    alexis: AlexisClient, config: TenantConfig, allow_fewer_employees: bool = False
) -> HrSnapshot:
    """Read the tenant's AlexisHR data (a read: safe to retry); refuse an implausible count."""
    snapshot = await read_hr(alexis, config)
    count = len(snapshot.employees)
    await check_alexis_read(config.name, SyncKind.employees, count, allow_fewer_employees)
    get_run_logger().info(
        "read %d employees and %d employments from AlexisHR",
        len(snapshot.employees),
        len(snapshot.employments),
    )
    return snapshot


@task(name="extract-payroll", **READ_OPTIONS)
async def extract_payroll(
    payroll: PayrollClient, only: frozenset[str] | None = None
) -> PayrollSnapshot:
    """Read the tenant's payroll employees and employments (never cached: a retry re-reads).

    `only`: read the employments of these employees alone (see `read_payroll`).
    """
    snapshot = await read_payroll(payroll, only)
    get_run_logger().info(
        "read %d employees and %d employments from 24SevenOffice",
        len(snapshot.employees),
        len(snapshot.employments),
    )
    return snapshot
