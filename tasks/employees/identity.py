"""Identity: one AlexisHR person is one payroll employee — renumbering and shared ids held back.

How the sync knows which payroll employee an AlexisHR employee is, beyond the employee number:
payroll's employments carry the AlexisHR employment id as their `employment_id` (the mapping
table's stable key, written by the sync itself), and payroll's employees carry the person's
identity number (`personnr`, and `internationalID` for people without one). Both stay with the
payroll employee when the number changes in AlexisHR. Payroll has no free field on the employee
for the AlexisHR employee id (custom `employee_field`s would have to be created in every
customer's payroll first), and a link kept outside payroll (a Prefect Variable or a state file)
can drift from payroll and knows nothing of employees typed in by hand; the two links above are
read from payroll itself on every run, so they cannot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.mapping import EMPLOYEE_KEY, EMPLOYMENT_KEY
from tasks.employees.steps import PayrollSnapshot, PayrollTarget
from tasks.engine.changes import QuarantineEntry
from tasks.engine.diff import rows
from tasks.people.identity import identity_keys, listing


def renumbered(target: PayrollTarget, current: PayrollSnapshot) -> dict[str, str]:
    """Target employees whose employments payroll holds under another number: number → reason."""
    owner = {
        str(r[EMPLOYMENT_KEY]): str(r["empId"]) for r in rows(current.employments)
        if r[EMPLOYMENT_KEY]
    }  # fmt: skip
    found: dict[str, str] = {}
    for row in rows(target.employments):
        number, held_by = str(row["empId"]), owner.get(str(row[EMPLOYMENT_KEY]))
        if held_by is not None and held_by != number:
            found[number] = (
                f"changed from {held_by} to {number} for the same AlexisHR employee (payroll "
                f"has their employment under employee {held_by}); held back so payroll does not "
                f"get a second person: renumber them in payroll as well, or restore {held_by} "
                "in AlexisHR"
            )
    return found


def shared_identity(target: PayrollTarget, current: PayrollSnapshot) -> dict[str, str]:
    """Target employees whose identity number another employee has: number → reason.

    Another employee is a payroll employee under a different number, or a second AlexisHR
    employee of this run; either way two payroll people would share one fødselsnummer.
    """
    payroll_owners: dict[str, set[str]] = defaultdict(set)
    for row in rows(current.employees):
        for key in identity_keys(row):
            payroll_owners[key].add(str(row[EMPLOYEE_KEY]))
    hr_owners: dict[str, set[str]] = defaultdict(set)
    for row in rows(target.employees):
        for key in identity_keys(row):
            hr_owners[key].add(str(row[EMPLOYEE_KEY]))
    found: dict[str, str] = {}
    for key, numbers in hr_owners.items():
        for number in numbers:
            in_payroll = payroll_owners.get(key, set()) - {number}
            in_hr = numbers - {number}
            if in_payroll:
                found[number] = (
                    f"is already the identity number of payroll employee {listing(in_payroll)}; "
                    "one person cannot be two payroll employees (merge them in payroll, or fix "
                    "the number in AlexisHR)"
                )
            elif in_hr:
                found[number] = (
                    f"is also the identity number of AlexisHR employee {listing(in_hr)}; one "
                    "person cannot be two payroll employees"
                )
    return found


def identity_quarantine(
    tenant: str, target: PayrollTarget, current: PayrollSnapshot
) -> list[QuarantineEntry]:
    """Every target employee that would become a second payroll person, with the reason.

    A renumbered employee is named once, for the number; their identity number would only
    repeat the same cause.
    """
    moved = renumbered(target, current)
    shared = shared_identity(target, current)
    entries = [QuarantineEntry(tenant, n, "employeeNumber", why) for n, why in moved.items()]
    entries += [
        QuarantineEntry(tenant, n, "ssn", why) for n, why in shared.items() if n not in moved
    ]
    return sorted(entries, key=lambda e: (len(e.employee), e.employee))


def hold_back_identities(
    tenant: str, target: PayrollTarget, current: PayrollSnapshot
) -> PayrollTarget:
    """The target without employees whose identity payroll has elsewhere; they are quarantined."""
    entries = identity_quarantine(tenant, target, current)
    if not entries:
        return target
    held = {e.employee for e in entries}

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["empId"].isin(held)].reset_index(drop=True)

    return replace(
        target,
        employees=keep(target.employees),
        employments=keep(target.employments),
        quarantine=(*target.quarantine, *entries),
    )


@task(name="check-identity", cache_policy=NO_CACHE)
def check_identity(tenant: str, target: PayrollTarget, current: PayrollSnapshot) -> PayrollTarget:
    """Hold back renumbered employees and identity numbers payroll has under another number."""
    checked = hold_back_identities(tenant, target, current)
    held = len(target.employees) - len(checked.employees)
    get_run_logger().info("%d employee(s) held back for their identity", held)
    return checked
