"""Identity is stable: a renumbered or doubled person is held back, never a second payroll person.

Real flow, real clients, both emulators on loopback. Each test syncs, changes AlexisHR (or types a
payroll employee by hand) and syncs again; payroll must still hold one employee per person.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tasks.engine.changes import SyncReport
from tests.support import TestTenant, valid_fnr

pytestmark = pytest.mark.usefixtures("prefect_harness")


def report(state: Any) -> SyncReport:
    """The run's report (the run must have completed; quarantine still completes it)."""
    assert state.is_completed(), state
    result = state.result()
    assert isinstance(result, SyncReport)
    return result


def held(result: SyncReport) -> dict[str, tuple[str, str]]:
    """Quarantine rows by employee: (field, reason)."""
    return {row["employee"]: (row["field"], row["reason"]) for row in result.quarantine}


def payroll_people(tenant: TestTenant) -> dict[str, dict[str, Any]]:
    """Payroll employees by empId, asserting no fødselsnummer belongs to two of them."""
    people = {e["empId"]: e for e in tenant.payroll.employees()}
    shared = Counter(e["personnr"] for e in people.values() if e["personnr"])
    assert [n for n, count in shared.items() if count > 1] == []
    return people


def renumber(tenant: TestTenant, employee: dict[str, Any], number: str) -> None:
    tenant.alexis.update("employee", employee["id"], {"employeeNumber": number})


def test_a_renumbered_employee_is_held_back_naming_both_numbers(tenant: TestTenant) -> None:
    seven, eight = tenant.add_employee(7), tenant.add_employee(8)
    tenant.employee_sync()
    before = tenant.payroll.employee("7")
    renumber(tenant, seven, "70")
    tenant.alexis.update("employee", eight["id"], {"firstName": "Kristin"})

    result = report(tenant.employee_sync())

    people = payroll_people(tenant)
    assert sorted(people) == ["7", "8"]
    assert people["7"] == before
    assert people["8"]["firstname"] == "Kristin"  # the rest syncs
    field, reason = held(result)["70"]
    assert field == "employeeNumber"
    assert "from 7 to 70" in reason
    [entry] = [row for row in result.quarantine if row["employee"] == "70"]
    assert entry["fix in"] == "AlexisHR"
    assert result.summary.exit_code == 2


def test_two_employees_swapping_numbers_are_both_held_back(tenant: TestTenant) -> None:
    five, six = tenant.add_employee(5), tenant.add_employee(6)
    tenant.employee_sync()
    before = {n: tenant.payroll.employee(n) for n in ("5", "6")}
    renumber(tenant, five, "6")
    renumber(tenant, six, "5")

    result = report(tenant.employee_sync())

    assert {n: tenant.payroll.employee(n) for n in ("5", "6")} == before
    assert {n: f for n, (f, _) in held(result).items()} == {
        "5": "employeeNumber",
        "6": "employeeNumber",
    }
    assert "from 5 to 6" in held(result)["6"][1]


def test_renumbering_onto_a_hand_typed_payroll_employee_never_overwrites_them(
    tenant: TestTenant,
) -> None:
    seven = tenant.add_employee(7)
    tenant.employee_sync()
    tenant.payroll.put_employee({"empId": "900", "firstname": "Ola", "lastname": "Hand"})
    renumber(tenant, seven, "900")

    result = report(tenant.employee_sync())

    people = payroll_people(tenant)
    assert (people["900"]["firstname"], people["900"]["personnr"]) == ("Ola", "")
    assert "from 7 to 900" in held(result)["900"][1]


def test_a_renumbered_employee_without_employments_is_held_back_by_fodselsnummer(
    tenant: TestTenant,
) -> None:
    seven = tenant.add_employee(7, employments=())
    tenant.employee_sync()
    renumber(tenant, seven, "71")

    result = report(tenant.employee_sync())

    assert sorted(payroll_people(tenant)) == ["7"]
    field, reason = held(result)["71"]
    assert field == "ssn"
    assert "payroll employee 7" in reason


def test_a_renumbered_foreign_national_is_held_back_by_employment(tenant: TestTenant) -> None:
    sven = tenant.add_employee(
        4, ssn="19800517-1234", nationality="Sweden",
        bankAccount={"country": "SE", "iban": "SE45 5000 0000 0583 9825 7466", "bic": "ESSESESS"},
        homeAddress={"street": "Drottninggatan 1", "postalCode": "111 51", "city": "Stockholm",
                     "country": "SE"},
    )  # fmt: skip
    tenant.employee_sync()
    assert tenant.payroll.employee("4")["personnr"] == ""
    renumber(tenant, sven, "40")

    result = report(tenant.employee_sync())

    assert sorted(payroll_people(tenant)) == ["4"]
    assert "from 4 to 40" in held(result)["40"][1]


def test_a_number_written_with_leading_zeros_is_not_a_renumbering(tenant: TestTenant) -> None:
    seven = tenant.add_employee(7)
    tenant.employee_sync()
    renumber(tenant, seven, "007")
    mark = tenant.mark()

    result = report(tenant.employee_sync())

    assert result.quarantine == ()
    assert tenant.posts(mark) == []


def test_a_fodselsnummer_payroll_has_under_another_number_is_held_back(
    tenant: TestTenant,
) -> None:
    tenant.payroll.put_employee(
        {"empId": "1001", "firstname": "Kari", "lastname": "Hand", "personnr": valid_fnr(7)}
    )
    tenant.add_employee(7)  # the same person, by fødselsnummer
    tenant.add_employee(8)

    result = report(tenant.employee_sync())

    assert sorted(payroll_people(tenant)) == ["1001", "8"]
    field, reason = held(result)["7"]
    assert field == "ssn"
    assert "payroll employee 1001" in reason


def test_two_alexis_employees_with_one_fodselsnummer_are_both_held_back(
    tenant: TestTenant,
) -> None:
    tenant.add_employee(7)
    tenant.add_employee(17, ssn=valid_fnr(7))
    tenant.add_employee(8)

    result = report(tenant.employee_sync())

    assert sorted(payroll_people(tenant)) == ["8"]
    assert {n: f for n, (f, _) in held(result).items()} == {"7": "ssn", "17": "ssn"}
    assert "AlexisHR employee 17" in held(result)["7"][1]
