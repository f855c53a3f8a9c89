"""Shape AlexisHR leave and payroll absences into frames (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from clients.alexis_models import Child, Employee, Leave, LeaveType, LeaveTypeCode
from clients.payroll_models import AbsenceType, PayrollChild
from schemas.absence_codes import CodeChoice, absence_code
from schemas.absence_conversions import child_names
from schemas.conversions import whole_number
from schemas.hr import HrLeaveFrame
from tasks.engine.frames import local_date, typed_frame

PARENTAL_LEAVE = "permisjonMedForeldrepenger"


def payroll_number(employee: Employee) -> str:
    """The employee number as payroll keys it (`0099` → `99`, as the employee sync writes it)."""
    raw = (employee.employeeNumber or "").strip()
    return whole_number(raw) or raw


def payroll_child_id(
    child: Child | None, parent_last_name: str, known: Sequence[PayrollChild], zone: ZoneInfo
) -> str | None:
    """The payroll childId of an AlexisHR child: matched by first name and birth date."""
    if child is None:
        return None
    first, _ = child_names(child.name, parent_last_name)
    born = local_date(child.birthdate, zone)
    for candidate in known:
        same_name = candidate.firstname.strip().casefold() == first.casefold()
        if same_name and born and candidate.birthdate[:10] == born.isoformat():
            return candidate.childId
    return None


def choose_codes(
    types: Sequence[LeaveType], codes: Sequence[LeaveTypeCode], overrides: Mapping[str, str]
) -> dict[str, CodeChoice]:
    """The payroll code of every leave type, by the leave-type table's rules."""
    relation = {c.leaveTypeId: c.code for c in codes}
    return {t.id: absence_code(t.name, t.kind, relation.get(t.id), overrides) for t in types}


@dataclass(frozen=True)
class LeaveContext:
    """What a leave row is joined with: type names and codes, people, children, payroll types.

    `misfits` are the `field|reason` lines of leave types (by id, `""` for every type) whose
    AlexisHR record did not fit: their leave is held back, as its code cannot be trusted.
    """

    names: Mapping[str, str]
    choices: Mapping[str, CodeChoice]
    people: Mapping[str, Employee]
    kids: Mapping[str, Child]
    payroll_types: Mapping[str, AbsenceType]
    payroll_children: Mapping[str, Sequence[PayrollChild]]
    zone: ZoneInfo
    misfits: Mapping[str, Sequence[str]] = field(default_factory=dict)


def type_misfits(
    types: Sequence[LeaveType], codes: Sequence[LeaveTypeCode]
) -> dict[str, list[str]]:
    """The misfit lines of each leave type and its code; a code naming no type counts for all."""
    found: dict[str, list[str]] = {}
    for kind in types:
        if kind.wire_problems:
            found.setdefault(kind.id, []).extend(f"type.{p}" for p in kind.wire_problems)
    for code in codes:
        if code.wire_problems:
            found.setdefault(code.leaveTypeId, []).extend(
                f"leaveTypeCode.{p}" for p in code.wire_problems
            )
    return found


def _misfit_lines(leave: Leave, child: Child | None, context: LeaveContext) -> str | None:
    lines = [
        *leave.wire_problems,
        *context.misfits.get(leave.typeId, ()),
        *context.misfits.get("", ()),
        *(f"child.{p}" for p in (child.wire_problems if child else ())),
    ]
    return "\n".join(lines) or None


def _leave_row(leave: Leave, person: Employee, context: LeaveContext) -> dict[str, object]:
    number = payroll_number(person) or None
    code = context.choices[leave.typeId].code if leave.typeId in context.choices else None
    kind = context.payroll_types.get(code or "")
    child = context.kids.get(leave.childId or "")
    zone = context.zone
    known_children = context.payroll_children.get(number or "", [])
    return {
        HrLeaveFrame.id: leave.id,
        HrLeaveFrame.employee_id: leave.employeeId,
        HrLeaveFrame.employee_number: number,
        HrLeaveFrame.last_name: person.lastName,
        HrLeaveFrame.status: leave.status.upper(),
        HrLeaveFrame.duration: leave.duration,
        HrLeaveFrame.start_date: local_date(leave.startDate, zone),
        HrLeaveFrame.end_date: local_date(leave.endDate, zone),
        HrLeaveFrame.description: (leave.description or "").strip() or None,
        HrLeaveFrame.grade: leave.gradePercentage,
        HrLeaveFrame.type_name: context.names.get(leave.typeId, f"unknown type {leave.typeId}"),
        HrLeaveFrame.code: code,
        HrLeaveFrame.child_id: leave.childId,
        HrLeaveFrame.child_name: child.name if child else None,
        HrLeaveFrame.child_birthdate: local_date(child.birthdate, zone) if child else None,
        HrLeaveFrame.allows_percent: bool(kind and kind.percentage == "1"),
        HrLeaveFrame.category: kind.category if kind else None,
        HrLeaveFrame.parental: bool(kind and kind.leave_of_absence_type == PARENTAL_LEAVE),
        HrLeaveFrame.payroll_child_id: payroll_child_id(
            child, person.lastName or "", known_children, zone
        ),
        HrLeaveFrame.wire: _misfit_lines(leave, child, context),
    }


def leave_frame(
    leaves: Sequence[Leave],
    types: Sequence[LeaveType],
    choices: Mapping[str, CodeChoice],
    employees: Sequence[Employee],
    children: Sequence[Child],
    payroll_types: Mapping[str, AbsenceType],
    payroll_children: Mapping[str, Sequence[PayrollChild]],
    zone: ZoneInfo,
    codes: Sequence[LeaveTypeCode] = (),
) -> pd.DataFrame:
    """One row per leave of the run's employees, shaped as `HrLeaveFrame`.

    `codes` are the leave types' code relations, to hold back the leave of a type whose code
    did not fit.
    """
    people = {e.id: e for e in employees}
    names = {t.id: t.name for t in types}
    kids = {c.id: c for c in children}
    context = LeaveContext(names, choices, people, kids, payroll_types, payroll_children, zone,
                           type_misfits(types, codes))  # fmt: skip
    rows = [
        _leave_row(leave, people[leave.employeeId], context)
        for leave in leaves
        if leave.employeeId in people  # leave of employees outside the run stays out
    ]
    return typed_frame(rows, HrLeaveFrame)
