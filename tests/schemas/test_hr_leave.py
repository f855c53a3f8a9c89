"""The pandera model of AlexisHR leave as read (`schemas.hr.HrLeaveFrame`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from schemas.hr import HrLeaveFrame
from tasks.engine.frames import typed_frame
from tests.schemas.helpers import SHAPE_ERRORS, failing


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
