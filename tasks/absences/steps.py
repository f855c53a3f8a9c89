"""What the absence steps hand on: payroll's absences, the leave read, selection, target."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clients.alexis_models import Child, Employee, Leave, LeaveType, LeaveTypeCode
from clients.payroll_models import AbsenceType, PayrollAbsence, PayrollEmployee
from tasks.engine.changes import QuarantineEntry
from tasks.people.steps import HrSnapshot


@dataclass(frozen=True)
class PayrollAbsences:
    """Payroll's absences overlapping the period (within the run's scope), people and types."""

    absences: tuple[PayrollAbsence, ...]
    employees: frozenset[str]
    types: dict[str, AbsenceType]
    # Absences outside the period whose leave is in it now (moved in): updated, never rejected.
    elsewhere: tuple[PayrollAbsence, ...] = ()
    # The payroll employees themselves: whose identity numbers tell who each number is.
    people: tuple[PayrollEmployee, ...] = ()


@dataclass(frozen=True)
class LeaveSnapshot:
    """AlexisHR's leave for the run: the period's leave plus every leave payroll refers to."""

    people: HrSnapshot
    employees: tuple[Employee, ...]
    leaves: tuple[Leave, ...]
    leave_types: tuple[LeaveType, ...]
    codes: tuple[LeaveTypeCode, ...]
    children: tuple[Child, ...]


@dataclass(frozen=True)
class LeaveSelection:
    """The leave to export, every approved leave id, and what was held back or skipped."""

    export: pd.DataFrame
    approved_ids: frozenset[str]
    quarantine: tuple[QuarantineEntry, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True)
class AbsenceTarget:
    """The absences payroll should hold, children to register first, and the notes so far."""

    absences: pd.DataFrame
    new_children: dict[str, dict[str, str]]
    approved_ids: frozenset[str]
    quarantine: tuple[QuarantineEntry, ...]
    skipped: tuple[str, ...]
