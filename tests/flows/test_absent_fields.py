"""A field AlexisHR did not send is unknown: real syncs never clear payroll from an absence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from emulators.rewrites import Rewrite, drop_fields, json_edit
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

NUMBERS = ("1", "2", "3", "4")
# What each AlexisHR object feeds in payroll (the fields a missing object must not clear).
FED_BY = {
    "ssn": ("personnr", "internationalID"),
    "bankAccount": ("account", "bic", "clearingno"),
    "homeAddress": ("postaddress", "city", "zipcode", "countryCode"),
    "compensation": ("salary", "salary_type", "salary_valid_from"),
}


def payroll_state(tenant: TestTenant) -> dict[str, Any]:
    """Every payroll employee and its employments, by employee number."""
    return {
        e["empId"]: {**e, "employments": tenant.payroll.employments(e["empId"])}
        for e in tenant.payroll.employees()
    }


@pytest.fixture
def synced(tenant: TestTenant) -> TestTenant:
    """Four complete employees, synced once: payroll holds every field."""
    for number in NUMBERS:
        tenant.add_employee(number)
    assert tenant.employee_sync().is_completed()
    assert all(e["personnr"] and e["account"] and e["city"] for e in tenant.payroll.employees())
    return tenant


def _only(number: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: row.get("employeeNumber") == number


def _leave_out(field: str, who: Callable[[dict[str, Any]], bool] | None) -> tuple[str, Rewrite]:
    """The endpoint and rewrite that make AlexisHR answer without `field`."""
    if field != "compensation":
        return "GET /v1/employee", drop_fields(field, only=who)
    # The salary rows come from /compensation: they arrive without their salary fields.
    return "GET /v1/compensation", drop_fields(
        "amount", "currency", "payoutPeriod", "effectiveDate", only=None
    )


@pytest.mark.parametrize("field", list(FED_BY))
def test_a_field_absent_for_every_employee_changes_nothing(synced: TestTenant, field: str) -> None:
    before, mark = payroll_state(synced), synced.mark()
    synced.emulators.alexis_answers.add(*_leave_out(field, None))

    state = synced.employee_sync()

    assert state.is_completed(), state.message
    assert synced.posts(mark) == []  # not a single write
    assert payroll_state(synced) == before


@pytest.mark.parametrize("field", ["ssn", "bankAccount", "homeAddress"])
def test_a_field_absent_for_one_employee_leaves_only_that_field_alone(
    synced: TestTenant, field: str
) -> None:
    before = payroll_state(synced)
    # HR changes the surname of employee 2 and empties employee 3's city; employee 3's `field`
    # is not sent this time.
    two = next(e for e in synced.alexis.all("employee") if e["employeeNumber"] == "2")
    synced.alexis.update("employee", two["id"], {"lastName": "Berg"})
    synced.emulators.alexis_answers.add(*_leave_out(field, _only("3")))

    state = synced.employee_sync()

    assert state.is_completed(), state.message
    after = payroll_state(synced)
    assert after["2"]["lastname"] == "Berg"  # the run still syncs what it knows
    for payroll_field in FED_BY[field]:
        assert after["3"][payroll_field] == before["3"][payroll_field], payroll_field
    assert {n: after[n] for n in ("1", "3", "4")} == {n: before[n] for n in ("1", "3", "4")}


def test_compensation_rows_absent_for_one_employee_keep_that_salary(synced: TestTenant) -> None:
    before, mark = payroll_state(synced), synced.mark()
    three = next(e for e in synced.alexis.all("employee") if e["employeeNumber"] == "3")

    def without_three(body: dict[str, Any]) -> dict[str, Any]:
        rows = [r for r in body["data"] if r["employeeId"] != three["id"]]
        return {**body, "data": rows, "count": len(rows), "total": len(rows)}

    synced.emulators.alexis_answers.add("GET /v1/compensation", json_edit(without_three))

    assert synced.employee_sync().is_completed()
    assert synced.posts(mark) == []
    assert payroll_state(synced) == before


def test_one_compensation_field_absent_keeps_the_whole_salary(synced: TestTenant) -> None:
    before, mark = payroll_state(synced), synced.mark()
    # HR raises everyone's salary, but the answer leaves out the payout period: the salary
    # group (amount, type, date) cannot be known and travels whole or not at all.
    for row in synced.alexis.all("compensation"):
        synced.alexis.update("compensation", row["id"], {"amount": 61000})
    synced.emulators.alexis_answers.add("GET /v1/compensation", drop_fields("payoutPeriod"))

    assert synced.employee_sync().is_completed()
    assert synced.posts(mark) == []
    assert payroll_state(synced) == before


@pytest.mark.parametrize(
    ("fields", "payroll_field"),
    [
        ({"homeAddress": {"street": "", "postalCode": "0155", "city": "Oslo", "country": "NO"}},
         "postaddress"),
        ({"bankAccount": {"bank": "DNB", "country": "NO", "number": None, "iban": None,
                          "bic": None, "clearing": None}}, "bic"),
    ],
    ids=["street-empty-string", "bic-null"],
)  # fmt: skip
def test_an_explicit_empty_value_clears_while_an_absent_one_keeps(
    synced: TestTenant, fields: dict[str, Any], payroll_field: str
) -> None:
    # Employee 2's value is said to be empty; employee 3's object is not sent at all.
    two = next(e for e in synced.alexis.all("employee") if e["employeeNumber"] == "2")
    if "bankAccount" in fields:
        fields["bankAccount"]["number"] = two["bankAccount"]["number"]
    synced.alexis.update("employee", two["id"], fields)
    three_before = payroll_state(synced)["3"]
    synced.emulators.alexis_answers.add(*_leave_out(next(iter(fields)), _only("3")))

    assert synced.employee_sync().is_completed()

    after = payroll_state(synced)
    assert after["2"][payroll_field] == ""
    assert after["3"] == three_before


def test_a_private_email_absent_does_not_hide_a_work_email(synced: TestTenant) -> None:
    two = next(e for e in synced.alexis.all("employee") if e["employeeNumber"] == "2")
    synced.alexis.update("employee", two["id"], {"workEmail": "new.address@firma.no"})
    synced.emulators.alexis_answers.add("GET /v1/employee", drop_fields("privateEmail"))

    assert synced.employee_sync().is_completed()

    assert payroll_state(synced)["2"]["email"] == "new.address@firma.no"
