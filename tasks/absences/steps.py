"""What the absence steps hand on: payroll's absences, the leave read, selection, target."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clients.alexis_models import Child, Employee, Leave, LeaveType, LeaveTypeCode
from clients.payroll_models import AbsenceType, PayrollAbsence, PayrollEmployee
from tasks.engine.changes import Bulk, QuarantineEntry
from tasks.people.steps import HrSnapshot


@dataclass(frozen=True)
class PayrollAbsences:
    """Payroll's absences overlapping the period (within the run's scope), people and types.

    Records come as `Bulk`: Prefect walks a task's inputs object by object, and every absence
    sync task takes this (see `Bulk`).
    """

    absences: Bulk[PayrollAbsence]
    employees: frozenset[str]
    types: dict[str, AbsenceType]
    # Absences outside the period whose leave is in it now (moved in): updated, never rejected.
    elsewhere: Bulk[PayrollAbsence] = Bulk()
    # The payroll employees themselves: whose identity numbers tell who each number is.
    people: Bulk[PayrollEmployee] = Bulk()


@dataclass(frozen=True)
class LeaveSnapshot:
    """AlexisHR's leave for the run: the period's leave plus every leave payroll refers to.

    Records come as `Bulk`, as in `PayrollAbsences`.
    """

    people: HrSnapshot
    employees: Bulk[Employee]
    leaves: Bulk[Leave]
    leave_types: Bulk[LeaveType]
    codes: Bulk[LeaveTypeCode]
    children: Bulk[Child]


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
