"""Incremental employee sync: which employees' targets changed since payroll last confirmed them.

AlexisHR is still read in full, page by page: its `updated` filter would miss changes, since a
new compensation or a renamed employment type changes an employee's target without bumping the
employee's (or the employment's) `updated`. Reading AlexisHR costs pages; what costs one call
per employee is payroll (`GET /employment/v2/{empId}`), and that is what an incremental run saves:
it reads payroll's employee list once, then only the changed employees' employments.

The identity check still sees every payroll employee (the list carries their identity
numbers), so a person renumbered in AlexisHR is held back although their old number's
employments are not read; what an incremental run cannot see are edits typed into payroll by
hand, which the full reconcile finds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from ledger.store import SyncedRow
from schemas.mapping import EMPLOYEE_KEY, EMPLOYMENT_KEY
from tasks.employees.steps import PayrollTarget
from tasks.engine.diff import rows
from tasks.engine.synced import (
    changed_employees,
    read_synced,
    record_hmac,
    target_frame,
    target_key,
)


@dataclass(frozen=True)
class TargetHashes:
    """The hash of every target record, and (incremental runs) the employees that changed.

    Attributes:
        rows: one per employee record and employment of the target (`TARGET_COLUMNS`).
        changed: employee numbers whose target the store does not hold; None in a full run
            (everyone is read and diffed).
    """

    rows: pd.DataFrame
    changed: frozenset[str] | None = None


def target_rows(key: bytes, target: PayrollTarget) -> list[SyncedRow]:
    """One keyed hash per target employee record and employment (AlexisHR's employment id)."""
    found = [
        SyncedRow(str(r[EMPLOYEE_KEY]), "employee", str(r[EMPLOYEE_KEY]), record_hmac(key, r))
        for r in rows(target.employees)
    ]
    found += [
        SyncedRow(str(r["empId"]), "employment", str(r[EMPLOYMENT_KEY]), record_hmac(key, r))
        for r in rows(target.employments)
    ]
    return found


def only_changed(target: PayrollTarget, changed: frozenset[str] | None) -> PayrollTarget:
    """The target of the changed employees only; every quarantine entry stays reported."""
    if changed is None:
        return target
    employees, jobs = target.employees, target.employments
    return replace(
        target,
        employees=employees[employees[EMPLOYEE_KEY].astype(str).isin(changed)].reset_index(
            drop=True
        ),
        employments=jobs[jobs["empId"].astype(str).isin(changed)].reset_index(drop=True),
    )


def incremental_note(hashes: TargetHashes) -> str | None:
    """`incremental: 3 of 200 employees changed …`; None in a full run."""
    if hashes.changed is None:
        return None
    everyone = hashes.rows["employee"].nunique()
    return (
        f"incremental: {len(hashes.changed)} of {everyone} employees changed since payroll last "
        "confirmed them; only those were read from payroll and diffed"
    )


def held_employees(target: PayrollTarget) -> frozenset[str]:
    """Employees the run holds back in quarantine (their stored hashes are forgotten)."""
    return frozenset(q.employee for q in target.quarantine)


def diffed_employees(target: PayrollTarget) -> frozenset[str]:
    """Employees the run diffs against payroll (after narrowing and the identity check)."""
    return frozenset(str(n) for n in target.employees[EMPLOYEE_KEY])


@task(name="hash-targets", cache_policy=NO_CACHE)
async def hash_targets(tenant: str, target: PayrollTarget, incremental: bool) -> TargetHashes:
    """Hash every target record; in an incremental run, compare with the store's."""
    found = target_frame(target_rows(target_key(), target))
    if not incremental:
        return TargetHashes(found)
    changed = frozenset(changed_employees(found, await read_synced(tenant)))
    get_run_logger().info("%d employee(s) changed since payroll last confirmed them", len(changed))
    return TargetHashes(found, changed)
