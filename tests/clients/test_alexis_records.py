"""AlexisHR records read every row: a misfit one names its fields, never its values."""

from __future__ import annotations

from typing import Any

import pytest

from clients.alexis_models import Compensation, Employee, Leave

SECRET = "16024301269"


def test_a_record_that_fits_has_no_wire_problems() -> None:
    employee = Employee.model_validate({"id": "e1", "employeeNumber": "7", "ssn": SECRET})

    assert (employee.employeeNumber, employee.ssn, employee.wire_problems) == ("7", SECRET, ())


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"homeAddress": "x"}, "homeAddress|must be an object in AlexisHR's answer"),
        ({"bankAccount": []}, "bankAccount|must be an object in AlexisHR's answer"),
        ({"bankAccount": {"number": 86011117947}},
         "bankAccount.number|must be text in AlexisHR's answer"),
        ({"firstName": 123}, "firstName|must be text in AlexisHR's answer"),
        ({"birthDate": "yesterday"}, "birthDate|must be a date in AlexisHR's answer"),
        ({"active": "maybe"}, "active|must be true or false in AlexisHR's answer"),
    ],
)  # fmt: skip
def test_a_misfit_field_is_named_and_emptied_the_rest_read(
    fields: dict[str, Any], problem: str
) -> None:
    employee = Employee.model_validate({"id": "e1", "employeeNumber": "7", "ssn": SECRET, **fields})

    assert employee.wire_problems == (problem,)
    assert (employee.id, employee.employeeNumber, employee.ssn) == ("e1", "7", SECRET)
    assert all(getattr(employee, name) in (None, True) for name in fields)


@pytest.mark.parametrize("row", [None, "oops", 42, ["e1"]])
def test_a_row_that_is_no_object_is_an_empty_record_saying_so(row: object) -> None:
    employee = Employee.model_validate(row)

    assert employee.wire_problems == ("record|is not a JSON object in AlexisHR's answer",)
    assert (employee.id, employee.employeeNumber) == ("", None)


def test_required_fields_that_misfit_are_empty_never_raise() -> None:
    leave = Leave.model_validate(
        {"id": "l1", "employeeId": "e1", "typeId": 42, "status": None,
         "startDate": "soon", "endDate": "2026-10-09T00:00:00Z"}
    )  # fmt: skip
    salary = Compensation.model_validate({"id": "c1", "employeeId": "e1", "amount": "lots"})

    assert leave.wire_problems == (
        "typeId|must be text in AlexisHR's answer",
        "status|must be text in AlexisHR's answer",
        "startDate|must be a date in AlexisHR's answer",
    )
    assert (leave.typeId, leave.status, leave.startDate) == ("", "", None)
    assert salary.employeeId == "e1"
    # A salary field that is not there is unknown (the salary is left alone), not a misfit.
    assert salary.wire_problems == ("amount|must be a number in AlexisHR's answer",)
    assert not salary.is_complete()


def test_no_problem_text_holds_the_value() -> None:
    employee = Employee.model_validate({"id": "e1", "ssn": int(SECRET), "bankAccount": SECRET})

    assert employee.wire_problems
    assert not any(SECRET in problem for problem in employee.wire_problems)
