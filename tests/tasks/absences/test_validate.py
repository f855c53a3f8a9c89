"""Selecting the leave to export: approved, mapped, of synced employees; the rest is noted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clients.alexis_models import (
    Child,
    Compensation,
    Employee,
    Employment,
    EmploymentType,
    Leave,
    LeaveType,
)
from clients.payroll_models import AbsenceType
from emulators.payroll.absence_types import STANDARD_ABSENCE_TYPES
from tasks.absences.scope import RunScope
from tasks.absences.steps import LeaveSelection, LeaveSnapshot, PayrollAbsences
from tasks.absences.validate import select_leave
from tasks.people.frames import employee_frame, employment_frame
from tasks.people.steps import HrSnapshot
from tests.support import employee_defaults

OSLO = ZoneInfo("Europe/Oslo")
OCTOBER = RunScope(date(2026, 10, 1), date(2026, 10, 31))
PAYROLL_TYPES = {t.code: AbsenceType.model_validate(t.to_wire()) for t in STANDARD_ABSENCE_TYPES}
TYPE_IDS = {"Sick leave": 1, "Care of sick child": 2, "Vacation": 4, "Other absences": 21,
            "Velferd": 99}  # fmt: skip


def object_id(n: int) -> str:
    return f"66f0c0ffee{n:014x}"


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=OSLO).astimezone(UTC)


def person(n: int, number: str, **fields: Any) -> Employee:
    """A valid AlexisHR employee (`fields` replace the defaults, e.g. a bad ssn)."""
    values = {**employee_defaults(number, n), **fields, "id": object_id(n)}
    return Employee.model_validate(values)


class Company:
    """The AlexisHR side of a selection test: people, leave types, leave and children."""

    def __init__(self, *employees: Employee) -> None:
        self.employees = list(employees)
        self.leaves: list[Leave] = []
        self.children: list[Child] = []
        self.types = [LeaveType(id=object_id(1000 + n), name=name, kind=None)
                      for name, n in TYPE_IDS.items()]  # fmt: skip

    def leave(self, n: int, employee: int, type_name: str, **fields: Any) -> str:
        # A day of its own per leave by default: leave of one employee that overlaps is held back.
        day = date(2026, 10, 1) + timedelta(days=n % 31)
        values = {
            "id": object_id(500 + n),
            "employeeId": object_id(employee),
            "typeId": object_id(1000 + TYPE_IDS[type_name]),
            "status": "APPROVED",
            "duration": "longer",
            "startDate": midnight(day),
            "endDate": midnight(day),
            **fields,
        }
        self.leaves.append(Leave.model_validate(values))
        return str(values["id"])

    def snapshot(self) -> LeaveSnapshot:
        kind = EmploymentType(id=object_id(800), name="Fast ansatt")
        employments = [
            Employment(id=object_id(600 + i), employeeId=e.id, typeId=kind.id,
                       startDate=midnight(date(2020, 3, 1)), rate=100, note="2130102")
            for i, e in enumerate(self.employees)
        ]  # fmt: skip
        salaries = [
            Compensation(id=object_id(700 + i), employeeId=e.id, amount=50000,
                         effectiveDate=midnight(date(2024, 1, 1)), currency="NOK",
                         payoutPeriod="MONTHLY")
            for i, e in enumerate(self.employees)
        ]  # fmt: skip
        people = HrSnapshot(
            employee_frame(self.employees, salaries, OSLO),
            employment_frame(employments, [kind], self.employees, OSLO),
        )
        return LeaveSnapshot(people, tuple(self.employees), tuple(self.leaves),
                             tuple(self.types), (), tuple(self.children))  # fmt: skip

    def select(
        self,
        scope: RunScope = OCTOBER,
        in_payroll: set[str] | None = None,
        types: dict[str, AbsenceType] | None = None,
    ) -> LeaveSelection:
        numbers = {str(e.employeeNumber) for e in self.employees}
        payroll = PayrollAbsences(
            (), frozenset(numbers if in_payroll is None else in_payroll), types or PAYROLL_TYPES
        )
        overrides = {"Sick leave": "01"}  # unused: the names decide below
        names = {"Care of sick child": "02", "Vacation": "04", "Other absences": "21"}
        return select_leave("acme", scope, {**overrides, **names}, self.snapshot(), payroll,
                            {}, OSLO)  # fmt: skip


def exported(selection: LeaveSelection) -> set[str]:
    return set(selection.export["id"])


def test_only_approved_and_confirmed_leave_is_exported_whatever_the_case() -> None:
    company = Company(person(1, "1"))
    wanted = {
        company.leave(1, 1, "Vacation", status="APPROVED"),
        company.leave(2, 1, "Vacation", status="CONFIRMED"),
        company.leave(3, 1, "Vacation", status="approved"),
        company.leave(4, 1, "Vacation", status="Confirmed"),
    }
    for n, status in enumerate(("PENDING", "DENIED", "CANCELLED", "cancelled"), start=5):
        company.leave(n, 1, "Vacation", status=status)
    selection = company.select()
    assert exported(selection) == wanted
    assert selection.approved_ids == wanted
    assert selection.skipped == ()
    assert selection.quarantine == ()


def test_leave_of_types_not_chosen_is_left_out_without_a_note() -> None:
    company = Company(person(1, "1"))
    vacation = company.leave(1, 1, "Vacation")
    sick = company.leave(2, 1, "Sick leave")
    selection = company.select(RunScope(date(2026, 10, 1), date(2026, 10, 31), (), ("04",)))
    assert exported(selection) == {vacation}
    assert selection.approved_ids == {vacation, sick}  # still approved: never rejected
    assert selection.skipped == ()


def test_unmapped_leave_is_skipped_and_listed_by_leave_type_name() -> None:
    company = Company(person(1, "1"), person(2, "2"))
    mapped = company.leave(1, 1, "Vacation")
    unmapped = {company.leave(2, 1, "Velferd"), company.leave(3, 2, "Velferd")}
    company.leave(4, 2, "Velferd", status="PENDING")  # not approved: no note
    selection = company.select()
    assert exported(selection) == {mapped}
    assert selection.skipped == (
        "leave type 'Velferd': 2 leave(s) skipped, not mapped to a payroll absence type "
        "(add it to [absences.leave_type_overrides] of the tenant file)",
    )
    assert unmapped <= selection.approved_ids


def test_leave_of_a_quarantined_employee_is_skipped_and_noted() -> None:
    company = Company(person(1, "1"), person(2, "2", ssn="12345678901"))
    kept = company.leave(1, 1, "Vacation")
    held = {company.leave(2, 2, "Vacation"), company.leave(3, 2, "Sick leave")}
    selection = company.select()
    assert exported(selection) == {kept}
    assert selection.skipped == ("employee 2: 2 leave(s) skipped, the employee is quarantined",)
    assert {(q.employee, q.field) for q in selection.quarantine} == {("2", "ssn")}
    assert held <= selection.approved_ids


def test_leave_of_an_employee_not_in_payroll_yet_is_skipped_and_noted() -> None:
    company = Company(person(1, "1"), person(3, "3"))
    kept = company.leave(1, 1, "Vacation")
    company.leave(2, 3, "Vacation")
    selection = company.select(in_payroll={"1"})
    assert exported(selection) == {kept}
    assert selection.skipped == (
        "employee 3: 1 leave(s) skipped, the employee is not in payroll yet",
    )


def test_an_employee_number_with_leading_zeros_is_found_in_payroll() -> None:
    # The employee sync writes AlexisHR number 0099 as payroll empId 99.
    company = Company(person(1, "0099"))
    kept = company.leave(1, 1, "Vacation")
    selection = company.select(in_payroll={"99"})
    assert exported(selection) == {kept}
    assert selection.skipped == ()


def test_only_the_chosen_employees_leave_is_selected() -> None:
    company = Company(person(1, "0099"), person(2, "2"))
    kept = company.leave(1, 1, "Vacation")
    other = company.leave(2, 2, "Vacation")
    company.leave(3, 2, "Vacation", status="DENIED")
    snapshot = company.snapshot()
    chosen = LeaveSnapshot(snapshot.people, (company.employees[0],), snapshot.leaves,
                           snapshot.leave_types, (), ())  # fmt: skip
    payroll = PayrollAbsences((), frozenset({"99", "2"}), PAYROLL_TYPES)
    scope = RunScope(date(2026, 10, 1), date(2026, 10, 31), ("99",))
    selection = select_leave("acme", scope, {}, chosen, payroll, {}, OSLO)
    assert exported(selection) == {kept}
    # The other employee's approved leave still counts as approved: its absence is left alone.
    assert selection.approved_ids == {kept, other}


def test_a_type_payroll_does_not_have_is_skipped_and_noted() -> None:
    company = Company(person(1, "1"))
    company.leave(1, 1, "Other absences")
    types = {code: t for code, t in PAYROLL_TYPES.items() if code != "21"}
    selection = company.select(types=types)
    assert exported(selection) == set()
    assert selection.skipped == (
        "employee 1: 1 leave(s) skipped, payroll has no such absence type",
    )


def test_sick_child_leave_without_a_child_is_skipped_with_the_reason() -> None:
    company = Company(person(1, "1"))
    company.children.append(
        Child(
            id=object_id(900),
            employeeId=object_id(1),
            name="Ola",
            birthdate=midnight(date(2018, 3, 4)),
        )
    )
    with_child = company.leave(1, 1, "Care of sick child", childId=object_id(900))
    company.leave(2, 1, "Care of sick child")
    selection = company.select()
    assert exported(selection) == {with_child}
    assert selection.skipped == (
        "employee 1: 1 leave(s) skipped, sick-child leave names no child in AlexisHR",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"startDate": midnight(date(2026, 10, 9)), "endDate": midnight(date(2026, 10, 5))},
         "endDate"),
        ({"gradePercentage": 150}, "gradePercentage"),
    ],
)  # fmt: skip
def test_invalid_leave_is_quarantined_not_exported(fields: dict[str, Any], field: str) -> None:
    company = Company(person(1, "1"), person(2, "2"))
    kept = company.leave(1, 1, "Vacation")
    bad = company.leave(2, 2, "Sick leave", **fields)
    selection = company.select()
    assert exported(selection) == {kept}
    assert [(q.employee, q.field) for q in selection.quarantine] == [("2", field)]
    assert bad in selection.approved_ids


def test_the_export_frame_is_indexed_from_zero() -> None:
    company = Company(person(1, "1"))
    company.leave(1, 1, "Vacation", status="PENDING")
    company.leave(2, 1, "Vacation")
    assert list(company.select().export.index) == [0]
