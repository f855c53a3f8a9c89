"""Extract: read AlexisHR and 24SevenOffice into frames, with bounded concurrency."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from prefect import get_run_logger, task

from schemas.tenant import TenantConfig
from tasks.employees.frames import payroll_employee_frame, payroll_employment_frame
from tasks.engine.connections import payroll_client
from tasks.engine.progress import gather_tracked
from tasks.engine.reads import READ_OPTIONS


@dataclass(frozen=True)
class PayrollSnapshot:
    """24SevenOffice's current integration fields: employees and their employments."""

    employees: pd.DataFrame
    employments: pd.DataFrame


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
