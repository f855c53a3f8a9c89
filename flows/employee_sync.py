"""The employee sync flow: AlexisHR employees, employments and salary into 24SevenOffice."""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow
from prefect.runtime import flow_run

from config.tenants import load_tenant
from schemas.kinds import SyncKind
from tasks.employees.confirm import confirm_creates
from tasks.employees.diff import diff_payroll
from tasks.employees.extract import extract_hr, extract_payroll
from tasks.employees.identity import check_identity
from tasks.employees.load import load_payroll
from tasks.employees.transform import transform_employees
from tasks.employees.validate import validate_hr
from tasks.engine.changes import LoadResult, SyncFailedError, SyncReport
from tasks.engine.connections import connections
from tasks.engine.guards import (
    HeadCount,
    created_employees,
    guard_head_count,
    guard_mass_clear,
    remember_head_count,
    variable_name,
)
from tasks.engine.ledger import check_drift, record_writes
from tasks.engine.report import report_sync
from tasks.engine.results import kept


def run_name() -> str:
    """`acme · employees · 2026-11-26 06:00`: tenant, sync kind and start, for people."""
    tenant = flow_run.parameters.get("tenant", "?")
    return f"{tenant} · employees · {datetime.now(UTC):%Y-%m-%d %H:%M}Z"


@flow(name=SyncKind.employees.flow_name, flow_run_name=run_name, log_prints=False)
async def employee_sync(
    tenant: str,
    dry_run: bool = False,
    tenants_dir: str | None = None,
    allow_fewer_employees: bool = False,
    allow_mass_clear: list[str] | None = None,
) -> SyncReport:
    """Sync one tenant's employees: extract → validate → transform → diff → load → report.

    Args:
        tenant: the tenant file's name (`deployments/tenants/<tenant>.toml`).
        dry_run: compute and report the change set, write nothing.
        tenants_dir: another folder of tenant files (tests, other installations).
        allow_fewer_employees: go on although AlexisHR or payroll lists under half of the
            employees of the last successful run (a real mass departure).
        allow_mass_clear: payroll fields (e.g. `["bic"]`) the run may clear for many
            employees at once (see the tenant's `[employees.mass_clear]`).
    """
    config = load_tenant(tenant, tenants_dir)
    async with connections(config) as apis:
        hr = await kept(extract_hr)(apis.alexis, config, allow_fewer_employees)
        payroll = await extract_payroll(apis.payroll)
        count = HeadCount(len(hr.employees), len(payroll.employees))
        await guard_head_count(config.name, SyncKind.employees, count, allow_fewer_employees)
        valid = validate_hr(config.name, hr)
        target = check_identity(config.name, transform_employees(config.name, valid), payroll)
        changes = diff_payroll(config.name, target, payroll)
        changes = await confirm_creates(apis.payroll, config, target, payroll, changes)
        drift = await check_drift(config, changes)
        changes = drift.changes
        brake = guard_mass_clear(
            changes, count.alexis, config.employees.mass_clear, allow_mass_clear or [], dry_run
        )
        result = LoadResult(dry_run=True) if dry_run else await load_payroll(apis.payroll, changes)
        await record_writes(config, changes, result)
    notes = [n for n in (hr.scope_note, hr.absent_note, brake, *drift.notes) if n]
    report = report_sync(SyncKind.employees, changes, result, notes=notes)
    if result.failures:
        raise SyncFailedError(report, result.failures)
    if not dry_run:
        after = HeadCount(count.alexis, count.payroll + created_employees(result))
        await remember_head_count(variable_name(config.name, SyncKind.employees), after)
    return report
