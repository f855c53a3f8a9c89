"""Extract people: the AlexisHR employees in the tenant's scope, with employments and salary."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
from prefect import get_run_logger, task

from clients.alexis import AlexisClient
from clients.alexis_models import Employee
from schemas.tenant import TenantConfig
from tasks.engine.connections import alexis_client
from tasks.engine.guards import check_alexis_read
from tasks.engine.reads import READ_OPTIONS
from tasks.people.frames import absent_note, employee_frame, employment_frame
from tasks.people.scope import employees_in_scope


@dataclass(frozen=True)
class HrSnapshot:
    """AlexisHR as the employee sync sees it: employees (with latest salary) and employments.

    Attributes:
        employees: the employees in the tenant's scope, as `HrEmployeeFrame` rows.
        employments: their employments, as `HrEmploymentFrame` rows.
        scope_note: what the scope kept, for the report.
        absent_note: which fields AlexisHR did not send (and payroll kept), for the report.
    """

    employees: pd.DataFrame
    employments: pd.DataFrame
    scope_note: str = ""
    absent_note: str | None = None


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
