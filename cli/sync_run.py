"""Running a tenant's syncs now: the flows one after the other, one outcome each."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from cli.runs import RunOutcome, run_with_progress
from schemas.kinds import SyncKind


@dataclass(frozen=True)
class SyncOptions:
    """How a command narrows a run; the defaults are a deployment's plain run.

    Attributes:
        dry_run: compute and report the change sets, write nothing.
        tenants_dir: another folder of tenant files.
        period_from: absences: first day of the period (default: the tenant's rule).
        period_to: absences: last day of the period.
        employees: only these employee numbers, in both syncs (empty: all in scope).
        absence_types: absences: only these payroll codes (empty: the tenant's list).
        plan_id: apply this kept plan instead of whatever the run computes.
        incremental: employees: read and write payroll only for employees whose target
            changed since payroll last confirmed it (absences: no effect).
    """

    dry_run: bool = False
    tenants_dir: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    employees: tuple[str, ...] = ()
    absence_types: tuple[str, ...] = ()
    plan_id: str | None = None
    incremental: bool = False


def run_syncs(
    tenant: str, kinds: Collection[SyncKind] = tuple(SyncKind), options: SyncOptions | None = None
) -> list[RunOutcome]:
    """Run the tenant's syncs of `kinds` to their end, the employee sync first."""
    # Imported here: commands that run no flow (`hrsync mapping`) start without Prefect's flows.
    from flows.absence_sync import absence_sync
    from flows.employee_sync import employee_sync
    from tasks.people.extract import people_read_once

    given = options or SyncOptions()
    outcomes = []
    # Both runs share one read of the tenant's AlexisHR people (see `people_read_once`); a
    # single run keeps no records beyond its read (at 100 000 employees ~0.7 GB of them).
    with people_read_once() if len(set(kinds)) > 1 else nullcontext():
        if SyncKind.employees in kinds:
            employees = employee_sync(
                tenant, dry_run=given.dry_run, tenants_dir=given.tenants_dir, return_state=True,
                employees=list(given.employees) or None, plan_id=given.plan_id,
                incremental=given.incremental,
            )  # fmt: skip
            outcomes.append(run_with_progress(employees, tenant, SyncKind.employees))
        if SyncKind.absences in kinds:
            absences = absence_sync(
                tenant,
                period_from=given.period_from,
                period_to=given.period_to,
                employees=list(given.employees) or None,
                absence_types=list(given.absence_types) or None,
                dry_run=given.dry_run,
                tenants_dir=given.tenants_dir,
                plan_id=given.plan_id,
                return_state=True,
            )
            outcomes.append(run_with_progress(absences, tenant, SyncKind.absences))
    return outcomes
