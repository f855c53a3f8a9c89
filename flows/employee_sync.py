"""The employee sync flow: AlexisHR employees, employments and salary into 24SevenOffice."""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow
from prefect.runtime import flow_run

from schemas.tenant import load_tenant
from tasks.changes import LoadResult, SyncFailedError, SyncReport
from tasks.confirm import confirm_creates
from tasks.diff import diff_payroll
from tasks.extract import extract_hr, extract_payroll
from tasks.identity import check_identity
from tasks.load import load_payroll
from tasks.report import report_sync
from tasks.results import kept
from tasks.transform import transform_employees
from tasks.validate import validate_hr


def run_name() -> str:
    """`acme · employees · 2026-11-26 06:00`: tenant, sync kind and start, for people."""
    tenant = flow_run.parameters.get("tenant", "?")
    return f"{tenant} · employees · {datetime.now(UTC):%Y-%m-%d %H:%M}Z"


@flow(name="employee-sync", flow_run_name=run_name, log_prints=False)
async def employee_sync(
    tenant: str, dry_run: bool = False, tenants_dir: str | None = None
) -> SyncReport:
    """Sync one tenant's employees: extract → validate → transform → diff → load → report.

    Args:
        tenant: the tenant file's name (`deployments/tenants/<tenant>.toml`).
        dry_run: compute and report the change set, write nothing.
        tenants_dir: another folder of tenant files (tests, other installations).
    """
    config = load_tenant(tenant, tenants_dir)
    hr = await kept(extract_hr)(config)
    payroll = await extract_payroll(config)
    valid = validate_hr(config.name, hr)
    target = check_identity(config.name, transform_employees(config.name, valid), payroll)
    changes = diff_payroll(config.name, target, payroll)
    changes = await confirm_creates(config, target, payroll, changes)
    result = LoadResult(dry_run=True) if dry_run else await load_payroll(config, changes)
    report = report_sync("employee", changes, result, notes=[hr.scope_note])
    if result.failures:
        raise SyncFailedError(report, result.failures)
    return report
