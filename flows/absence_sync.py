"""The absence sync flow: approved AlexisHR leave into 24SevenOffice absence types 01–21."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run

from config.tenants import load_tenant
from schemas.kinds import SyncKind
from tasks.absences.calendar import check_payroll_calendar
from tasks.absences.confirm import confirm_absence_creates
from tasks.absences.diff import diff_absences
from tasks.absences.extract import (
    extract_hr_leave,
    extract_payroll_absences,
    extract_payroll_children,
    extract_payroll_moved_absences,
)
from tasks.absences.load import load_absences
from tasks.absences.scope import AbsenceRunParameters
from tasks.absences.transform import transform_leave
from tasks.absences.validate import validate_leave
from tasks.engine.calendar import extract_payroll_runs, freeze_note, frozen_state
from tasks.engine.changes import LoadResult, SyncFailedError, SyncReport
from tasks.engine.connections import connections
from tasks.engine.guards import HeadCount, guard_head_count, remember_head_count, variable_name
from tasks.engine.ledger import check_drift, record_writes
from tasks.engine.plans import check_plan, keep_plan
from tasks.engine.report import report_sync
from tasks.engine.results import kept
from tasks.engine.tagging import untagged_task_runs


def run_name() -> str:
    """`acme · absences · 2026-10-01…2026-11-30`: tenant, sync kind and period."""
    params = flow_run.parameters
    period = f"{params.get('period_from') or 'default period'}"
    if params.get("period_to"):
        period += f"…{params['period_to']}"
    return f"{params.get('tenant', '?')} · absences · {period}"


@flow(name=SyncKind.absences.flow_name, flow_run_name=run_name)
async def absence_sync(
    tenant: str,
    period_from: date | None = None,
    period_to: date | None = None,
    employees: list[str] | None = None,
    absence_types: list[str] | None = None,
    dry_run: bool = False,
    tenants_dir: str | None = None,
    allow_fewer_employees: bool = False,
    scheduled: bool = False,
    plan_id: str | None = None,
) -> SyncReport | State[SyncReport]:
    """Sync one tenant's approved leave overlapping a period into payroll absences.

    Args:
        tenant: the tenant file's name.
        period_from: first day of the period (default: the tenant's rule, e.g. the 1st of last
            month).
        period_to: last day of the period (default: e.g. the last day of this month).
        employees: employee numbers to sync (default: all in the tenant's scope).
        absence_types: payroll codes to sync (default: the tenant's list, else all).
        dry_run: compute and report the change set, write nothing.
        tenants_dir: another folder of tenant files.
        allow_fewer_employees: go on although AlexisHR or payroll lists under half of the
            employees of the last successful run (a real mass departure).
        scheduled: set by the deployment's schedule: the run honours the tenant's freeze
            windows (a run a person starts does not).
        plan_id: apply this kept plan (`hrsync plan`): write only if the change set computed
            now is exactly the plan's, else refuse and write nothing.
    """
    config = load_tenant(tenant, tenants_dir)
    scope = AbsenceRunParameters(
        period_from=period_from, period_to=period_to,
        employees=employees, absence_types=absence_types,
    ).scope(config)  # fmt: skip
    async with untagged_task_runs(), connections(config) as apis:
        payroll = await extract_payroll_absences(apis.payroll, scope)
        runs = await extract_payroll_runs(apis.payroll)
        frozen = freeze_note(config, runs, scheduled)  # a frozen run writes nothing
        dry_run = dry_run or bool(frozen)
        hr = await kept(extract_hr_leave)(
            apis.alexis, config, scope, payroll, allow_fewer_employees
        )
        count = HeadCount(len(hr.people.employees), len(payroll.employees))
        await guard_head_count(config.name, SyncKind.absences, count, allow_fewer_employees)
        payroll = await extract_payroll_moved_absences(apis.payroll, scope, hr, payroll)
        children = await extract_payroll_children(apis.payroll, hr, payroll)
        selection = validate_leave(config, scope, hr, payroll, children)
        target = transform_leave(config.name, selection)
        changes = diff_absences(config.name, target, payroll)
        changes = await confirm_absence_creates(apis.payroll, config, target, payroll, changes)
        changes = check_payroll_calendar(changes, runs)
        drift = await check_drift(config, changes)
        changes = drift.changes
        planned = await check_plan(plan_id, changes, SyncKind.absences) if plan_id else None
        kept_plan = await keep_plan(changes, SyncKind.absences) if dry_run else None
        result = LoadResult(dry_run=True) if dry_run else await load_absences(apis.payroll, changes)
        await record_writes(config, changes, result)
        notes = [
            hr.people.scope_note,
            *drift.notes,
            *(n for n in (frozen, planned, kept_plan) if n),
        ]
        report = report_sync(SyncKind.absences, changes, result, notes=notes)
        if result.failures:
            raise SyncFailedError(report, result.failures)
        if not dry_run:
            await remember_head_count(variable_name(config.name, SyncKind.absences), count)
        return frozen_state(report, frozen) if frozen else report
