"""The pandera models of the absence sync: AlexisHR leave as read, payroll absences as written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from schemas.leave import HrLeaveFrame, PayrollAbsenceFrame
from tasks.engine.frames import typed_frame

SHAPE_ERRORS = (pa.errors.SchemaError, pa.errors.SchemaErrors)
ISO_CHECK = r"str_matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$')"


def leave_row(**fields: Any) -> dict[str, Any]:
    """A valid `HrLeaveFrame` row (a week of approved vacation), with `fields` replaced by alias."""
    row: dict[str, Any] = {
        "id": "66f0c0ffee0000000000a001",
        "employeeId": "66f0c0ffee0000000000e001",
        "employeeNumber": "7",
        "employee.lastName": "Nordmann",
        "status": "APPROVED",
        "duration": "longer",
        "startDate": date(2026, 10, 5),
        "endDate": date(2026, 10, 9),
        "description": None,
        "gradePercentage": None,
        "type.name": "Vacation",
        "type.payrollCode": "04",
        "childId": None,
        "child.name": None,
        "child.birthdate": None,
        "payroll.percentage": False,
        "payroll.category": "vacation",
        "payroll.parental": False,
        "payroll.childId": None,
    }
    row.update(fields)
    return row


def absence_row(**fields: str) -> dict[str, str]:
    """A valid `PayrollAbsenceFrame` row, with `fields` replaced."""
    row = {
        "empId": "7",
        "externalId": "66f0c0ffee0000000000a001",
        "startDate": "2026-10-05",
        "endDate": "2026-10-09",
        "absenceType": "04",
        "percent": "100",
        "comment": "Vacation",
        "approved": "1",
        "childId": "",
        "startdateParental": "",
        "numberOfDays": "5",
    }
    row.update(fields)
    return row


def failing(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> set[tuple[str, str]]:
    """(column, check) of every failure of a lazy validation; empty when the frame is valid."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return {(str(c), str(k)) for c, k in zip(cases["column"], cases["check"], strict=True)}
    return set()


def absence_frame(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), dtype="str")


def test_a_valid_leave_frame_passes() -> None:
    frame = typed_frame(
        [
            leave_row(),
            leave_row(id="66f0c0ffee0000000000a002", gradePercentage=50.0, description="Syk"),
            leave_row(startDate=date(2026, 10, 5), endDate=date(2026, 10, 5)),  # one day
        ],
        HrLeaveFrame,
    )
    assert failing(HrLeaveFrame, frame) == set()


def test_a_leave_ending_before_it_starts_fails_on_end_date() -> None:
    frame = typed_frame(
        [leave_row(startDate=date(2026, 10, 9), endDate=date(2026, 10, 5))], HrLeaveFrame
    )
    # A check across columns names every column of the row; its name says which field to fix.
    assert {check for _, check in failing(HrLeaveFrame, frame)} == {
        "endDate|is before the start date"
    }


@pytest.mark.parametrize("grade", [-1.0, 100.5, 150.0])
def test_a_grade_outside_0_to_100_fails(grade: float) -> None:
    frame = typed_frame([leave_row(gradePercentage=grade)], HrLeaveFrame)
    assert failing(HrLeaveFrame, frame) == {
        ("gradePercentage", "gradePercentage|must be between 0 and 100")
    }


@pytest.mark.parametrize("grade", [0.0, 50.0, 100.0, None])
def test_a_grade_from_0_to_100_or_none_passes(grade: float | None) -> None:
    assert (
        failing(HrLeaveFrame, typed_frame([leave_row(gradePercentage=grade)], HrLeaveFrame))
        == set()
    )


@pytest.mark.parametrize("column", ["id", "status", "type.name", "startDate"])
def test_required_leave_columns_must_be_filled(column: str) -> None:
    frame = typed_frame([leave_row(**{column: None})], HrLeaveFrame)
    assert (column, "not_nullable") in failing(HrLeaveFrame, frame)


def test_the_leave_frame_takes_exactly_its_columns() -> None:
    frame = typed_frame([leave_row()], HrLeaveFrame)
    with pytest.raises(SHAPE_ERRORS):
        HrLeaveFrame.validate(frame.assign(extra="x"))
    with pytest.raises(SHAPE_ERRORS):
        HrLeaveFrame.validate(frame.drop(columns=["childId"]))


def test_a_valid_absence_frame_passes() -> None:
    frame = absence_frame(
        absence_row(),
        absence_row(absenceType="01", percent="62.5", numberOfDays=""),
        absence_row(absenceType="06", startdateParental="2026-10-05", numberOfDays=""),
        absence_row(absenceType="02", childId="102701", numberOfDays="", approved="2"),
    )
    assert failing(PayrollAbsenceFrame, frame) == set()


@pytest.mark.parametrize(
    ("field", "value", "check"),
    [
        ("empId", "0", "empId|must be a positive integer"),
        ("empId", "A7", "empId|must be a positive integer"),
        ("externalId", "", "str_length(1, None)"),
        ("startDate", "2026-10-05 00:00:00", ISO_CHECK),
        ("endDate", "5.10.2026", ISO_CHECK),
        ("absenceType", "08", None),
        ("absenceType", "4", None),
        ("percent", "101", "percent|must be 0-100"),
        ("percent", "", "percent|must be 0-100"),
        ("approved", "0", None),
        ("startdateParental", "05.10.2026", None),
        ("numberOfDays", "0.5", "numberOfDays|must be a whole number"),
    ],
)
def test_an_absence_payroll_refuses_fails(field: str, value: str, check: str | None) -> None:
    found = failing(PayrollAbsenceFrame, absence_frame(absence_row(**{field: value})))
    assert {column for column, _ in found} == {field}
    if check is not None:
        assert found == {(field, check)}


def test_the_absence_frame_takes_exactly_the_integration_fields() -> None:
    frame = absence_frame(absence_row())
    with pytest.raises(SHAPE_ERRORS):
        PayrollAbsenceFrame.validate(frame.assign(serialNo="3"))
    with pytest.raises(SHAPE_ERRORS):
        PayrollAbsenceFrame.validate(frame.drop(columns=["numberOfDays"]))
