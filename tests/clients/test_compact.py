"""Wire records share their set of field names, and still each answer for its own fields."""

from __future__ import annotations

from clients.alexis_models import Compensation, Employee
from clients.payroll_models import PayrollEmployee


def test_records_with_the_same_fields_share_one_set_and_keep_their_own_absences() -> None:
    whole = {"id": "a", "employeeNumber": "1", "ssn": "x", "bankAccount": {"number": "1"}}
    first, second = Employee.model_validate(whole), Employee.model_validate({**whole, "id": "b"})
    partial = Employee.model_validate({"id": "c", "employeeNumber": "2"})  # no ssn, no account

    assert first.model_fields_set is second.model_fields_set
    assert first.bankAccount and second.bankAccount
    assert first.bankAccount.model_fields_set is second.bankAccount.model_fields_set
    assert "ssn" not in first.absent_fields()
    assert {"ssn", "bankAccount", "bankAccount.number"} <= partial.absent_fields()
    assert partial.model_fields_set == {"id", "employeeNumber"}
    assert first.model_dump(exclude_unset=True) == {**whole, "bankAccount": {"number": "1"}}


def test_a_copy_gets_its_own_set_and_the_shared_one_stays_as_it_was() -> None:
    rows = [{"id": str(n), "employeeId": "e", "amount": 1.0} for n in range(2)]
    one, other = (Compensation.model_validate(row) for row in rows)
    copy = one.model_copy(update={"currency": "NOK"})
    copy.model_fields_set.add("payoutPeriod")  # the copy's own set (pydantic copies it)

    assert other.model_fields_set == {"id", "employeeId", "amount"}
    assert not other.is_complete()
    employee = PayrollEmployee.model_validate({"empId": "7", "givenName": "Kari"})
    again = PayrollEmployee.model_validate({"empId": "8", "givenName": "Ola"})
    assert employee.model_fields_set is again.model_fields_set
