"""Extract: read AlexisHR and 24SevenOffice into frames, with bounded concurrency."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State

from clients.alexis import AlexisClient
from clients.alexis_models import Employee
from clients.errors import RetriableApiError
from schemas.tenant import TenantConfig
from tasks.connections import alexis_client, payroll_client
from tasks.frames import (
    absent_note,
    employee_frame,
    employment_frame,
    payroll_employee_frame,
    payroll_employment_frame,
)
from tasks.guards import check_alexis_read
from tasks.progress import gather_tracked
from tasks.scope import employees_in_scope


@dataclass(frozen=True)
class HrSnapshot:
    """AlexisHR as the employee sync sees it: employees (with latest salary) and employments.

    Attributes:
        employees: the employees in the tenant's scope, as `HrEmployee` rows.
        employments: their employments, as `HrEmployment` rows.
        scope_note: what the scope kept, for the report.
        absent_note: which fields AlexisHR did not send (and payroll kept), for the report.
    """

    employees: pd.DataFrame
    employments: pd.DataFrame
    scope_note: str = ""
    absent_note: str | None = None


@dataclass(frozen=True)
class PayrollSnapshot:
    """24SevenOffice's current integration fields: employees and their employments."""

    employees: pd.DataFrame
    employments: pd.DataFrame


async def read_people(
    alexis: AlexisClient, tenant: TenantConfig
) -> tuple[HrSnapshot, list[Employee]]:
    """Read the employees in scope with their employments, types and compensations (all pages).

    Returns the frames the employee sync works on, and the employee records themselves.
    """
    scoped, employments, types, compensations = await asyncio.gather(
        employees_in_scope(alexis, tenant.name, tenant.scope),
        alexis.employments(),
        alexis.employment_types(),
        alexis.compensations(),
    )
    zone = ZoneInfo(tenant.timezone)
    employees = scoped.employees
    frame = employee_frame(employees, compensations, zone)
    snapshot = HrSnapshot(
        employees=frame,
        employments=employment_frame(employments, types, employees, zone),
        scope_note=scoped.note,
        absent_note=absent_note(frame),
    )
    return snapshot, employees


async def read_hr(tenant: TenantConfig) -> HrSnapshot:
    """Read the tenant's AlexisHR people as frames."""
    async with alexis_client(tenant) as alexis:
        snapshot, _ = await read_people(alexis, tenant)
    return snapshot


async def read_payroll(tenant: TenantConfig) -> PayrollSnapshot:
    """Read every payroll employee and, concurrently, each one's employments."""
    async with payroll_client(tenant) as payroll:
        employees = await payroll.employees()
        employments = await gather_tracked(
            "reading payroll employments", (payroll.employments(e.empId) for e in employees)
        )
    return PayrollSnapshot(
        employees=payroll_employee_frame(employees),
        employments=payroll_employment_frame(
            {e.empId: items for e, items in zip(employees, employments, strict=True)}
        ),
    )


def only_outages(task: object, task_run: object, state: State[object]) -> bool:
    """Retry a task only after an outage; a refused token or request fails the same way again."""
    return isinstance(state.data, RetriableApiError)


# Every extract is a read: safe to retry after an outage, never cached (a retry of a run that
# keeps results gets the AlexisHR extract through `tasks.results.kept`, not through these).
READ_OPTIONS: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": 10,
    "retry_condition_fn": only_outages,
    "cache_policy": NO_CACHE,
}


@task(name="extract-hr", **READ_OPTIONS)
async def extract_hr(tenant: TenantConfig, allow_fewer_employees: bool = False) -> HrSnapshot:
    """Read the tenant's AlexisHR data (a read: safe to retry); refuse an implausible count."""
    snapshot = await read_hr(tenant)
    await check_alexis_read(tenant.name, "employee", len(snapshot.employees), allow_fewer_employees)
    get_run_logger().info(
        "read %d employees and %d employments from AlexisHR",
        len(snapshot.employees),
        len(snapshot.employments),
    )
    return snapshot


@task(name="extract-payroll", **READ_OPTIONS)
async def extract_payroll(tenant: TenantConfig) -> PayrollSnapshot:
    """Read the tenant's payroll employees and employments (never cached: a retry re-reads)."""
    snapshot = await read_payroll(tenant)
    get_run_logger().info(
        "read %d employees and %d employments from 24SevenOffice",
        len(snapshot.employees),
        len(snapshot.employments),
    )
    return snapshot
