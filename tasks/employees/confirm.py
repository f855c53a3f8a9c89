"""Confirm creates: re-read payroll behind the records the diff would create, before the load.

A payroll read that came back empty once (a bad moment of the service, a proxy answering `[]`)
makes everything look new. Creating on that evidence alone would give an adopted hand-typed
employment a twin, or an employee a second payroll person. So before anything is created, the
employee list is read again, and the employments of every employee it now shows, and the change
set is computed again from what was found: a create of something payroll has becomes the update
(or nothing) it really is, and the report counts it so.

A number the second list still lacks is not read on its own (one GET per new employee was a
third of an initial sync's time): the create itself is the check, as payroll answers 409 for a
number it has, and the load then reads that one record and writes nothing over a record that is
not its own (`tasks.employees.load.write_employee`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from prefect import task

from clients.payroll import PayrollClient
from clients.payroll_models import PayrollEmployee, PayrollEmployment
from schemas.mapping import EMPLOYEE_KEY
from schemas.tenant import TenantConfig
from tasks.employees.diff import build_change_set
from tasks.employees.frames import payroll_employee_frame, payroll_employment_frame
from tasks.employees.identity import hold_back_identities
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import ChangeSet
from tasks.engine.confirm import log_confirmed
from tasks.engine.progress import gather_tracked
from tasks.engine.reads import READ_OPTIONS


def numbers_with_creates(changes: ChangeSet) -> list[str]:
    """The employee numbers behind the change set's employee and employment creates."""
    found = {r.employee for r in changes.records if r.action == "create"}
    return sorted(found, key=lambda n: (len(n), n))


async def read_again(
    payroll: PayrollClient, numbers: list[str]
) -> tuple[list[PayrollEmployee], dict[str, Sequence[PayrollEmployment]]]:
    """Payroll's employee list read anew, and the employments of each wanted number it lists."""
    listed = {e.empId: e for e in await payroll.employees()}
    existing = [n for n in numbers if n in listed]
    employments = await gather_tracked(
        "confirming creates", (payroll.employments(n) for n in existing)
    )
    return list(listed.values()), dict(zip(existing, employments, strict=True))


def merged(
    current: PayrollSnapshot,
    fresh: pd.DataFrame,
    employments: dict[str, Sequence[PayrollEmployment]],
) -> PayrollSnapshot:
    """The snapshot with the fresh reads added: a record read now wins over the earlier read.

    `fresh`: the employee list read now, as `payroll_employee_frame` makes it.
    """
    kept = current.employees[~current.employees[EMPLOYEE_KEY].isin(fresh[EMPLOYEE_KEY])]
    fresh_jobs = payroll_employment_frame(employments)
    kept_jobs = current.employments[~current.employments["empId"].isin(list(employments))]
    return replace(
        current,
        employees=pd.concat([kept, fresh], ignore_index=True),
        employments=pd.concat([kept_jobs, fresh_jobs], ignore_index=True),
    )


async def confirmed_change_set(
    payroll: PayrollClient,
    config: TenantConfig,
    target: PayrollTarget,
    current: PayrollSnapshot,
    changes: ChangeSet,
) -> ChangeSet:
    """The change set computed again over payroll as read right now, when it creates anything."""
    numbers = numbers_with_creates(changes)
    if not numbers:
        return changes
    employees, employments = await read_again(payroll, numbers)
    fresh = payroll_employee_frame(employees)
    if not employments and fresh.equals(current.employees):
        # The second read shows what the first did, none of the numbers to create included:
        # diffing it again would give the same change set (a first sync of 100 000 employees
        # spent 11 s and a second change set's memory on it).
        return changes
    snapshot = merged(current, fresh, employments)
    # Identity is checked again too: the fresh read may show a renumbered person's old record.
    checked = hold_back_identities(config.name, target, snapshot)
    return build_change_set(config.name, checked, snapshot)


@task(name="confirm-creates", **READ_OPTIONS)
async def confirm_creates(
    payroll: PayrollClient,
    config: TenantConfig,
    target: PayrollTarget,
    current: PayrollSnapshot,
    changes: ChangeSet,
) -> ChangeSet:
    """Re-read payroll behind every create and diff again (a read: safe to retry)."""
    confirmed = await confirmed_change_set(payroll, config, target, current, changes)
    log_confirmed(changes, confirmed)
    return confirmed
