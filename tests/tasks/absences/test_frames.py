"""Shaping leave and payroll absences into frames: child names, payroll children, leave rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from clients.alexis_models import Child, Employee, Leave, LeaveType, LeaveTypeCode
from clients.payroll_models import AbsenceType, PayrollChild
from emulators.payroll.absence_types import STANDARD_ABSENCE_TYPES
from schemas.absence_codes import CodeChoice
from schemas.hr import HrLeaveFrame
from tasks.absences.frames import (
    choose_codes,
    leave_frame,
    payroll_child_id,
    payroll_number,
)

OSLO = ZoneInfo("Europe/Oslo")
# Payroll's standard absence types, as `GET /absencetypes/v2` sends them.
PAYROLL_TYPES = {t.code: AbsenceType.model_validate(t.to_wire()) for t in STANDARD_ABSENCE_TYPES}


def oslo_midnight(day: date) -> datetime:
    """How AlexisHR stores a date-only value of an Oslo company: local midnight, in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=OSLO).astimezone(UTC)


def object_id(n: int) -> str:
    return f"66f0c0ffee{n:014x}"


def alexis_child(name: str = "Ola Nordmann", born: date = date(2018, 3, 4)) -> Child:
    return Child(id=object_id(900), employeeId=object_id(1), name=name,
                 birthdate=oslo_midnight(born))  # fmt: skip


def payroll_child(
    child_id: str, first: str, born: str, *, documented: bool = False
) -> PayrollChild:
    """A payroll child as GET answers it (`firstnamn`/`surname`), or with the documented keys."""
    if documented:
        fields = {"firstname": first, "lastname": "Nordmann"}
    else:
        fields = {"firstnamn": first, "surname": "Nordmann"}
    return PayrollChild.model_validate(
        {"childId": child_id, "empId": "7", "birthdate": born, **fields}
    )


def test_a_payroll_child_matches_by_first_name_and_birth_date() -> None:
    known = [
        payroll_child("102701", "Kari", "2016-01-10"),
        payroll_child("102702", "Ola", "2018-03-04"),
    ]
    assert payroll_child_id(alexis_child(), "Nordmann", known, OSLO) == "102702"


def test_a_payroll_child_matches_whatever_the_case_of_its_name() -> None:
    known = [payroll_child("102702", " OLA ", "2018-03-04", documented=True)]
    assert payroll_child_id(alexis_child("ola"), "Nordmann", known, OSLO) == "102702"


def test_the_birth_date_is_read_in_the_tenant_time_zone() -> None:
    # Local midnight of 4 March in Oslo is 3 March in UTC: reading it in UTC would miss the child.
    known = [payroll_child("102702", "Ola", "2018-03-04")]
    assert payroll_child_id(alexis_child(), "Nordmann", known, ZoneInfo("UTC")) is None


@pytest.mark.parametrize(
    "known",
    [
        [],
        [payroll_child("102702", "Ola", "2018-03-05")],  # another birth date: a twin? not Ola
        [payroll_child("102702", "Kari", "2018-03-04")],  # another child born the same day
    ],
)
def test_without_a_matching_payroll_child_there_is_no_child_id(known: list[PayrollChild]) -> None:
    assert payroll_child_id(alexis_child(), "Nordmann", known, OSLO) is None


def test_a_leave_without_child_has_no_payroll_child() -> None:
    known = [payroll_child("102702", "Ola", "2018-03-04")]
    assert payroll_child_id(None, "Nordmann", known, OSLO) is None


def test_choose_codes_applies_the_leave_type_table_per_type() -> None:
    types = [
        LeaveType(id=object_id(1), name="Vacation", kind="VACATION"),
        LeaveType(id=object_id(2), name="Firmaferie", kind="VACATION"),
        LeaveType(id=object_id(3), name="Sabbatical", kind="OFF_DUTY"),
        LeaveType(id=object_id(4), name="Velferd", kind=None),
        LeaveType(id=object_id(5), name="Militærtjeneste", kind="OFF_DUTY"),
    ]
    codes = [
        LeaveTypeCode(id=object_id(20), leaveTypeId=object_id(5), code="07"),
        LeaveTypeCode(id=object_id(21), leaveTypeId=object_id(2), code="XX"),
    ]
    chosen = choose_codes(types, codes, {"Sabbatical": "13"})
    assert chosen == {
        object_id(1): CodeChoice("04", "leave-type name"),
        object_id(2): CodeChoice("04", "leave kind"),
        object_id(3): CodeChoice("13", "tenant override"),
        object_id(4): CodeChoice(None, "unmapped"),
        object_id(5): CodeChoice("07", "leaveTypeCode relation"),
    }


def employee(n: int, number: str | None, last_name: str = "Nordmann") -> Employee:
    return Employee(id=object_id(n), employeeNumber=number, lastName=last_name)


def leave(n: int, emp: int, type_n: int, start: date, end: date, **fields: object) -> Leave:
    return Leave.model_validate(
        {
            "id": object_id(n),
            "employeeId": object_id(emp),
            "typeId": object_id(type_n),
            "status": "APPROVED",
            "duration": "longer",
            "startDate": oslo_midnight(start),
            "endDate": oslo_midnight(end),
            **fields,
        }
    )


TYPES = [
    LeaveType(id=object_id(101), name="Sick leave", kind="SICK_LEAVE"),
    LeaveType(id=object_id(102), name="Care of sick child", kind="CHILDCARE"),
    LeaveType(id=object_id(104), name="Vacation", kind="VACATION"),
    LeaveType(id=object_id(106), name="Parental leave", kind="PARENTAL_LEAVE"),
    LeaveType(id=object_id(199), name="Velferd", kind=None),
]


def build_frame(leaves: list[Leave], zone: ZoneInfo = OSLO) -> dict[str, dict[str, Any]]:
    """The leave frame of `leaves` (employees 1 and 2; Ola is known to payroll), by leave id."""
    children = [alexis_child()]
    frame = leave_frame(
        leaves,
        TYPES,
        choose_codes(TYPES, [], {}),
        [employee(1, " 7 "), employee(2, None, "Hansen")],
        children,
        PAYROLL_TYPES,
        {"7": [payroll_child("102702", "Ola", "2018-03-04")]},
        zone,
    )
    assert HrLeaveFrame.validate(frame) is not None  # the frame has the model's shape and types
    return {str(row["id"]): {str(k): v for k, v in row.items()} for row in frame.to_dict("records")}


def test_a_leave_row_carries_the_leave_its_type_and_what_payroll_allows() -> None:
    rows = build_frame(
        [
            leave(
                1,
                1,
                101,
                date(2026, 10, 5),
                date(2026, 10, 9),
                status="confirmed",
                gradePercentage=50,
                description="  Influensa ",
            )
        ]  # fmt: skip
    )
    assert rows[object_id(1)] == {
        "id": object_id(1),
        "employeeId": object_id(1),
        "employeeNumber": "7",
        "employee.lastName": "Nordmann",
        "status": "CONFIRMED",
        "duration": "longer",
        "startDate": date(2026, 10, 5),
        "endDate": date(2026, 10, 9),
        "description": "Influensa",
        "gradePercentage": 50.0,
        "type.name": "Sick leave",
        "type.payrollCode": "01",
        "childId": rows[object_id(1)]["childId"],  # missing: checked below
        "child.name": rows[object_id(1)]["child.name"],
        "child.birthdate": None,
        "payroll.percentage": True,
        "payroll.category": "sickness",
        "payroll.parental": False,
        "payroll.childId": rows[object_id(1)]["payroll.childId"],
        "wire": rows[object_id(1)]["wire"],  # no misfits: checked below
    }
    for column in ("childId", "child.name", "payroll.childId", "wire"):
        assert pd.isna(rows[object_id(1)][column])


def test_leave_dates_are_calendar_days_in_the_tenant_time_zone() -> None:
    rows = build_frame([leave(1, 1, 104, date(2026, 1, 1), date(2026, 1, 2))])
    assert (rows[object_id(1)]["startDate"], rows[object_id(1)]["endDate"]) == (
        date(2026, 1, 1),
        date(2026, 1, 2),
    )
    in_utc = build_frame([leave(1, 1, 104, date(2026, 1, 1), date(2026, 1, 2))], ZoneInfo("UTC"))
    assert in_utc[object_id(1)]["startDate"] == date(2025, 12, 31)


def test_vacation_takes_no_percentage_and_parental_leave_is_parental() -> None:
    rows = build_frame(
        [
            leave(1, 1, 104, date(2026, 10, 5), date(2026, 10, 9)),
            leave(2, 1, 106, date(2026, 10, 5), date(2027, 3, 5)),
        ]
    )
    vacation, parental = rows[object_id(1)], rows[object_id(2)]
    assert (vacation["payroll.percentage"], vacation["payroll.category"]) == (False, "vacation")
    assert vacation["payroll.parental"] is False
    assert (parental["payroll.category"], parental["payroll.parental"]) == (
        "leave_of_absence",
        True,
    )


def test_a_sick_child_leave_carries_the_alexis_child_and_its_payroll_child() -> None:
    rows = build_frame(
        [leave(1, 1, 102, date(2026, 10, 5), date(2026, 10, 6), childId=object_id(900))]
    )
    row = rows[object_id(1)]
    assert row["payroll.category"] == "sick_child"
    assert (row["childId"], row["child.name"], row["child.birthdate"]) == (
        object_id(900),
        "Ola Nordmann",
        date(2018, 3, 4),
    )
    assert row["payroll.childId"] == "102702"


def test_an_unmapped_type_has_no_code_and_no_payroll_kind() -> None:
    rows = build_frame([leave(1, 2, 199, date(2026, 10, 5), date(2026, 10, 5))])
    row = rows[object_id(1)]
    assert row["type.name"] == "Velferd"
    assert pd.isna(row["type.payrollCode"])  # unmapped
    assert (row["payroll.percentage"], row["payroll.parental"]) == (False, False)
    assert pd.isna(row["employeeNumber"])  # employee 2 has no number


def test_a_leave_of_an_unknown_type_is_named_by_its_type_id() -> None:
    rows = build_frame([leave(1, 1, 150, date(2026, 10, 5), date(2026, 10, 5))])
    assert rows[object_id(1)]["type.name"] == f"unknown type {object_id(150)}"


def test_leave_of_employees_outside_the_run_is_left_out() -> None:
    rows = build_frame(
        [
            leave(1, 1, 104, date(2026, 10, 5), date(2026, 10, 9)),
            leave(2, 3, 104, date(2026, 10, 5), date(2026, 10, 9)),  # employee 3: not read
        ]
    )
    assert list(rows) == [object_id(1)]


@pytest.mark.parametrize(
    ("number", "expected"), [("7", "7"), (" 7 ", "7"), ("0099", "99"), ("A12", "A12"), (None, "")]
)
def test_payroll_number_is_the_employee_number_as_payroll_keys_it(
    number: str | None, expected: str
) -> None:
    assert payroll_number(employee(1, number)) == expected


def test_a_leave_row_carries_the_payroll_employee_number() -> None:
    frame = leave_frame(
        [leave(1, 1, 104, date(2026, 10, 5), date(2026, 10, 9))],
        TYPES,
        choose_codes(TYPES, [], {}),
        [employee(1, "0099")],
        [],
        PAYROLL_TYPES,
        {},
        OSLO,
    )
    assert frame["employeeNumber"].tolist() == ["99"]


def test_a_frame_of_no_leave_passes_its_model() -> None:
    # A period without leave must not look like a malformed frame.
    frame = leave_frame([], TYPES, {}, [], [], PAYROLL_TYPES, {}, OSLO)
    assert frame.empty
    HrLeaveFrame.validate(frame, lazy=True)
