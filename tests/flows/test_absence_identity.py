"""Leave goes to the right payroll person: a renumbered or doubled person's leave is held back.

The absence sync finds the payroll employee by number; when the person was renumbered in
AlexisHR, that number may be nobody in payroll, or somebody else. Real flows, both emulators.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.absence_support import (
    absences_by_leave,
    add_leave,
    report_of,
    run_absences,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)


def renumber(tenant: TestTenant, employee: dict[str, Any], number: str) -> None:
    tenant.alexis.update("employee", employee["id"], {"employeeNumber": number})


@pytest.mark.parametrize("shape", ["to a free number", "onto a hand-typed employee", "swap"])
def test_a_renumbered_persons_leave_never_reaches_another_payroll_employee(
    tenant: TestTenant, shape: str
) -> None:
    five, six = tenant.add_employee(5), tenant.add_employee(6)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    exported = add_leave(tenant, five, vacation, date(2026, 10, 5), date(2026, 10, 9))
    theirs = add_leave(tenant, six, vacation, date(2026, 10, 12))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    new_number = {"to a free number": "50", "onto a hand-typed employee": "900", "swap": "6"}
    if shape == "onto a hand-typed employee":
        tenant.payroll.put_employee({"empId": "900", "firstname": "Ola", "lastname": "Hand"})
    renumber(tenant, five, new_number[shape])
    if shape == "swap":
        renumber(tenant, six, "5")
    tenant.employee_sync()
    fresh = add_leave(tenant, five, vacation, date(2026, 10, 19), date(2026, 10, 20))
    before = absences_by_leave(tenant)

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    after = absences_by_leave(tenant)
    assert after == before  # nothing new, nothing moved, nothing rejected
    assert fresh not in after and {exported, theirs} <= set(after)
    reasons = {row["employee"]: row["reason"] for row in report.quarantine
               if row["field"] == "ssn"}  # fmt: skip
    assert "payroll employee 5" in reasons[new_number[shape]]
    if shape == "swap":
        assert "payroll employee 6" in reasons["5"]


def test_leave_of_a_person_payroll_has_under_two_numbers_is_held_back(
    tenant: TestTenant,
) -> None:
    seven = tenant.add_employee(7)
    tenant.employee_sync()
    personnr = tenant.payroll.employee("7")["personnr"]
    tenant.payroll.put_employee(
        {"empId": "1007", "firstname": "Kari", "lastname": "Hand", "personnr": personnr}
    )
    leave = add_leave(tenant, seven, standard_leave_types(tenant)["04"], date(2026, 10, 5))

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert leave not in absences_by_leave(tenant)
    [row] = [r for r in report.quarantine if r["employee"] == "7"]
    assert "payroll employee 1007" in row["reason"]
