"""The employee sync flow: AlexisHR employees, employments and salary into 24SevenOffice."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from prefect import flow
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run

from config.tenants import load_tenant
from schemas.kinds import SyncKind
from tasks.employees.confirm import confirm_creates
from tasks.employees.diff import diff_payroll
from tasks.employees.extract import extract_hr, extract_payroll
from tasks.employees.identity import check_identity
from tasks.employees.incremental import (
    diffed_employees,
    hash_targets,
    held_employees,
    incremental_note,
    only_changed,
)
from tasks.employees.load import load_payroll
from tasks.employees.narrow import chosen_numbers, narrow_target, narrowed_note
from tasks.employees.risky import hold_risky_changes, load_approved
from tasks.employees.transform import transform_employees
from tasks.employees.validate import validate_hr
from tasks.engine.approval_pause import settle
from tasks.engine.calendar import extract_payroll_runs, freeze_note, frozen_state, payment_near
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
from tasks.engine.plans import check_plan, keep_plan
from tasks.engine.report import report_sync
from tasks.engine.results import kept
from tasks.engine.synced import record_synced, unconfirmed_employees
from tasks.engine.tagging import untagged_task_runs


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
    scheduled: bool = False,
    employees: list[str] | None = None,
    plan_id: str | None = None,
    incremental: bool = False,
) -> SyncReport | State[SyncReport]:
    """Sync one tenant's employees: extract → validate → transform → diff → load → report.

    Args:
        tenant: the tenant file's name (`deployments/tenants/<tenant>.toml`).
        dry_run: compute and report the change set, write nothing.
        tenants_dir: another folder of tenant files (tests, other installations).
        allow_fewer_employees: go on although AlexisHR or payroll lists under half of the
            employees of the last successful run (a real mass departure).
        allow_mass_clear: payroll fields (e.g. `["bic"]`) the run may clear for many
            employees at once (see the tenant's `[employees.mass_clear]`).
        scheduled: set by the deployment's schedule: the run honours the tenant's freeze
            windows (a run a person starts does not).
        employees: employee numbers to sync (default: all in the tenant's scope); every
            employee is still read and checked, only these are diffed and written.
        plan_id: apply this kept plan (`hrsync plan`): write only if the change set computed
            now is exactly the plan's, else refuse and write nothing.
        incremental: read payroll, diff and write only for employees whose target differs
            from what payroll last confirmed (the synced store); a full run (the default, the
            nightly reconcile) reads everyone and also catches edits made in payroll.
    """
    config = load_tenant(tenant, tenants_dir)
    chosen = chosen_numbers(config.name, employees)
    async with untagged_task_runs(), connections(config) as apis:
        hr = await kept(extract_hr)(apis.alexis, config, allow_fewer_employees)
        runs = await extract_payroll_runs(apis.payroll)
        mapped = transform_employees(config.name, validate_hr(config.name, hr))
        hashes = await hash_targets(config.name, mapped, incremental)
        payroll = await extract_payroll(apis.payroll, hashes.changed)
        frozen = freeze_note(config, runs, scheduled)  # a frozen run writes nothing
        dry_run = dry_run or bool(frozen)
        count = HeadCount(len(hr.employees), len(payroll.employees))
        await guard_head_count(config.name, SyncKind.employees, count, allow_fewer_employees)
        target = check_identity(config.name, mapped, payroll)
        narrowed = narrowed_note(target, chosen)
        target = only_changed(narrow_target(target, chosen), hashes.changed)
        changes = diff_payroll(config.name, target, payroll)
        changes = as_diffed = await confirm_creates(apis.payroll, config, target, payroll, changes)
        drift = await check_drift(config, changes)
        changes = drift.changes
        planned = await check_plan(plan_id, changes, SyncKind.employees) if plan_id else None
        kept_plan = await keep_plan(changes, SyncKind.employees) if dry_run else None
        brake = guard_mass_clear(
            changes, count.alexis, config.employees.mass_clear, allow_mass_clear or [], dry_run
        )
        near = payment_near(config, runs)  # an open payroll run near its payment date
        hold = await hold_risky_changes(changes, config, count, always=near.holds)
        changes = hold.now  # what waits for a person is written (or skipped) after the answer
        result = LoadResult(dry_run=True) if dry_run else await load_payroll(apis.payroll, changes)
        write_approved = partial(load_approved, apis.payroll, wait_for=[hold])
        settled = await settle(hold, result, config.approval, write_approved, dry_run)
        changes, result = settled.changes, settled.result
        await record_writes(config, changes, result)
        if not dry_run:  # a dry run confirms nothing
            # Fresh lists: an empty frozenset is one shared object, which Prefect would take
            # for an earlier task's result and draw an edge from.
            diffed, held = sorted(diffed_employees(target)), sorted(held_employees(target))
            unconfirmed = sorted(unconfirmed_employees(as_diffed, result))
            await record_synced(config, hashes.rows, diffed, held, unconfirmed)
        notes = [
            n for n in (hr.scope_note, hr.absent_note, brake, frozen, near.note, narrowed) if n
        ]
        notes += [n for n in (incremental_note(hashes),) if n]
        notes += [n for n in (*drift.notes, settled.note, planned, kept_plan) if n]
        report = report_sync(SyncKind.employees, changes, result, notes=notes)
        if result.failures:
            raise SyncFailedError(report, result.failures)
        if not dry_run:
            after = HeadCount(count.alexis, count.payroll + created_employees(result))
            await remember_head_count(variable_name(config.name, SyncKind.employees), after)
        return frozen_state(report, frozen) if frozen else report
