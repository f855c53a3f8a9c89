"""Re-sync chosen employees: the target narrowed to some employee numbers after every check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from schemas.conversions import whole_number
from schemas.mapping import EMPLOYEE_KEY
from tasks.employees.steps import PayrollTarget


def chosen_numbers(tenant: str, employees: Sequence[str] | None) -> frozenset[str] | None:
    """The run's employee numbers as payroll keys (`007` → `7`); None: every employee.

    Raises:
        ValueError: naming the tenant, for a number that is not a whole number.
    """
    if not employees:
        return None
    numbers = {str(n): whole_number(n) for n in employees}
    bad = sorted(n for n, number in numbers.items() if number is None)
    if bad:
        raise ValueError(f"tenant {tenant}: employee number(s) {bad} are not whole numbers")
    return frozenset(n for n in numbers.values() if n is not None)


def narrow_target(target: PayrollTarget, numbers: frozenset[str] | None) -> PayrollTarget:
    """Only the chosen employees' records and quarantine; all of it when none were chosen.

    Applied after the reads, the head-count guard, validation and the identity check, which
    all see every employee: a narrowed run is not a shrunken read (the guards compare full
    counts) and a duplicate identity number is found though its other holder was not chosen.
    """
    if numbers is None:
        return target
    frame, jobs = target.employees, target.employments
    employees = frame[frame[EMPLOYEE_KEY].astype(str).isin(numbers)].reset_index(drop=True)
    employments = jobs[jobs["empId"].astype(str).isin(numbers)].reset_index(drop=True)
    quarantine = tuple(q for q in target.quarantine if q.employee in numbers)
    return replace(target, employees=employees, employments=employments, quarantine=quarantine)


def narrowed_note(target: PayrollTarget, numbers: frozenset[str] | None) -> str | None:
    """`only employees 3, 5 were synced; not found in AlexisHR's scope: 99`; None: not narrowed.

    Computed before `narrow_target`: an employee held back in quarantine was found.
    """
    if numbers is None:
        return None
    listed = ", ".join(sorted(numbers, key=int))
    seen = {str(n) for n in target.employees[EMPLOYEE_KEY]} | {
        q.employee for q in target.quarantine
    }
    missing = ", ".join(sorted(numbers - seen, key=int))
    note = f"only employee(s) {listed} were synced"
    return f"{note}; not found in AlexisHR's scope: {missing}" if missing else note
