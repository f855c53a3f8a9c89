"""End to end: seeded AlexisHR → real flow → payroll emulator state, exactly the right writes."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from emulators.faults import FaultProfile, FaultRule
from emulators.runtime import Emulators
from tasks.engine.changes import SyncFailedError, SyncReport
from tests.support import COMPENSATION_DEFAULTS, TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

FNR_1, FNR_3 = "16024301269", "01049042287"
KONTONR_1, KONTONR_3 = "86011117947", "15030402135"
SE_IBAN = "SE4550000000058398257466"


def seed(tenant: TestTenant) -> dict[str, dict[str, Any]]:
    """Three employees covering the table; returns each one's AlexisHR employee by number."""
    one = tenant.add_employee(
        "1",
        firstName="Kari",
        lastName="Nordmann",
        workEmail="kari@firma.no",
        ssn=FNR_1,
        nationality="NO",
        bankAccount={"country": "NO", "number": KONTONR_1, "bic": "DNBANOKK", "clearing": None},
        homeAddress={"street": "Storgata 1", "postalCode": "0155", "city": "Oslo", "country": "NO"},
        employments=[{"startDate": date(2020, 3, 1), "rate": 100, "note": "2130102"}],
        compensations=[{"amount": 50000, "payoutPeriod": "MONTHLY",
                        "effectiveDate": date(2024, 1, 1)}],
    )  # fmt: skip
    two = tenant.add_employee(
        "2",
        employment_type="Temporary",
        firstName="Sven",
        lastName="Svensson",
        workEmail=None,
        privateEmail="sven@privat.se",
        ssn="19800517-1234",
        nationality="Sweden",
        bankAccount={"country": "SE", "iban": "SE45 5000 0000 0583 9825 7466", "bic": "eskdsess",
                     "clearing": "5000"},
        homeAddress={"street": "Drottninggatan 1", "postalCode": "111 51", "city": "Stockholm",
                     "country": "SE"},
        employments=[{"startDate": date(2023, 8, 15), "rate": 60, "note": "3112101"}],
        compensations=[{"amount": 245.5, "payoutPeriod": "HOURLY",
                        "effectiveDate": date(2023, 8, 15)}],
    )  # fmt: skip
    three = tenant.add_employee(
        "3",
        firstName="Ola",
        lastName="Hansen",
        workEmail="ola@firma.no",
        ssn=FNR_3,
        nationality="NO",
        bankAccount=None,
        homeAddress={"street": "Bryggen 3", "postalCode": "5003", "city": "Bergen",
                     "country": "Norway"},
        employments=[{"startDate": date(2021, 1, 4), "rate": 80, "note": "2130102"}],
        compensations=[
            {"amount": 540000, "payoutPeriod": "ANNUAL", "effectiveDate": date(2023, 1, 1)},
            {"amount": 600000, "payoutPeriod": "ANNUAL", "effectiveDate": date(2024, 1, 1)},
        ],
    )  # fmt: skip
    return {"1": one, "2": two, "3": three}


# The integration fields of the three employees after the first sync, written out by hand.
EXPECTED_EMPLOYEES = [
    {"empId": "1", "email": "kari@firma.no", "firstname": "Kari", "lastname": "Nordmann",
     "personnr": FNR_1, "vacation_days": "25",
     "internationalID": {"type": "socialSecurityNumber", "ID": FNR_1, "countryCode": "NO"},
     "postaddress": "Storgata 1", "city": "Oslo", "zipcode": "0155", "countryCode": "NO",
     "account": KONTONR_1, "bic": "DNBANOKK", "clearingno": "",
     "salary_valid_from": "2024-01-01", "salary_type": "monthly", "salary": "50000.00"},
    {"empId": "2", "email": "sven@privat.se", "firstname": "Sven", "lastname": "Svensson",
     "personnr": "", "vacation_days": "25",
     "internationalID": {"type": "socialSecurityNumber", "ID": "198005171234",
                         "countryCode": "SE"},
     "postaddress": "Drottninggatan 1", "city": "Stockholm", "zipcode": "111 51",
     "countryCode": "SE", "account": SE_IBAN, "bic": "ESKDSESS", "clearingno": "5000",
     "salary_valid_from": "2023-08-15", "salary_type": "hourly", "salary": "245.50"},
    {"empId": "3", "email": "ola@firma.no", "firstname": "Ola", "lastname": "Hansen",
     "personnr": FNR_3, "vacation_days": "25",
     "internationalID": {"type": "socialSecurityNumber", "ID": FNR_3, "countryCode": "NO"},
     "postaddress": "Bryggen 3", "city": "Bergen", "zipcode": "5003", "countryCode": "NO",
     "account": "", "bic": "", "clearingno": "",
     "salary_valid_from": "2024-01-01", "salary_type": "monthly", "salary": "50000.00"},
]  # fmt: skip

EMPLOYMENT_FIELDS = {
    "working_times": "ikkeSkift",
    "employment_type": "ordinaertArbeidsforhold",
    "enddate": "",
    "enddate_reason": "",
}
EXPECTED_EMPLOYMENTS = {
    "1": {"startdate": "2020-03-01", "employment_form": "fast", "employment_rate": "100.00",
          "profession_code": "2130102", **EMPLOYMENT_FIELDS},
    "2": {"startdate": "2023-08-15", "employment_form": "midlertidig", "employment_rate": "60.00",
          "profession_code": "3112101", **EMPLOYMENT_FIELDS},
    "3": {"startdate": "2021-01-04", "employment_form": "fast", "employment_rate": "80.00",
          "profession_code": "2130102", **EMPLOYMENT_FIELDS},
}  # fmt: skip


def integration_fields(record: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in like}


def hr_employment_id(tenant: TestTenant, employee: dict[str, Any]) -> str:
    (found,) = [e["id"] for e in tenant.alexis.all("employment")
                if e["employeeId"] == employee["id"]]  # fmt: skip
    return str(found)


def sync(tenant: TestTenant) -> SyncReport:
    report = tenant.employee_sync().result()
    assert isinstance(report, SyncReport)
    return report


def test_first_sync_makes_payroll_equal_to_the_expected_records(tenant: TestTenant) -> None:
    people = seed(tenant)

    report = sync(tenant)

    stored = tenant.payroll.employees()
    assert [integration_fields(e, x) for e, x in zip(stored, EXPECTED_EMPLOYEES, strict=True)] == (
        EXPECTED_EMPLOYEES
    )
    for number, expected in EXPECTED_EMPLOYMENTS.items():
        employment = {**expected, "employment_id": hr_employment_id(tenant, people[number])}
        assert [integration_fields(e, employment) for e in tenant.payroll.employments(number)] == [
            employment
        ]
    assert Counter(tenant.posts()) == Counter(
        ["POST /api/employee/v2"] * 3 + [f"POST /api/employment/v2/{n}" for n in "123"]
    )
    assert (report.summary.created, report.summary.quarantined, report.summary.failed) == (6, 0, 0)


def test_second_sync_writes_nothing(tenant: TestTenant) -> None:
    seed(tenant)
    sync(tenant)
    mark = tenant.mark()

    report = sync(tenant)

    assert tenant.posts(mark) == []
    assert [r.method for r in tenant.requests(mark)] and report.changes == ()
    assert (report.summary.created, report.summary.updated, report.summary.unchanged) == (0, 0, 6)


def test_payroll_edits_to_integration_fields_are_overwritten_and_other_fields_kept(
    tenant: TestTenant,
) -> None:
    seed(tenant)
    sync(tenant)
    tenant.payroll.put_employee(
        {"empId": "3", "email": "x@y.no", "city": "Oslo", "taxtable": "7100",
         "hours_per_week": "30"}
    )  # fmt: skip
    mark = tenant.mark()

    report = sync(tenant)

    assert tenant.posts(mark) == ["POST /api/employee/v2/3"]
    assert [(r["record"], r["action"], r["fields"]) for r in report.changes] == [
        ("employee 3", "update", "email: x@y.no → ola@firma.no; city: Oslo → Bergen")
    ]
    stored = tenant.payroll.employee("3")
    assert (stored["email"], stored["city"]) == ("ola@firma.no", "Bergen")
    assert (stored["taxtable"], stored["hours_per_week"]) == ("7100", "30.00")


def test_salary_change_new_employee_and_termination_write_exactly_that(
    tenant: TestTenant,
) -> None:
    people = seed(tenant)
    sync(tenant)
    raise_ = {**COMPENSATION_DEFAULTS, "amount": 52000, "effectiveDate": date(2025, 1, 1)}
    tenant.alexis.insert("compensation", {**raise_, "employeeId": people["1"]["id"]})
    ended = hr_employment_id(tenant, people["3"])
    tenant.alexis.update(
        "employment",
        ended,
        {"endDate": date(2025, 6, 30), "note": "2130102:3", "terminated": True},
    )
    newcomer = tenant.add_employee(
        "4", firstName="Nora", lastName="Berg", employments=[{"startDate": date(2025, 2, 1)}]
    )
    mark = tenant.mark()

    report = sync(tenant)

    assert Counter(tenant.posts(mark)) == Counter(
        [
            "POST /api/employee/v2/1",
            "POST /api/employee/v2",
            "POST /api/employment/v2/4",
            "POST /api/employment/v2/3",
        ]
    )
    rows = {r["record"]: (r["action"], r["fields"]) for r in report.changes}
    newcomer_employment = hr_employment_id(tenant, newcomer)
    assert set(rows) == {"employee 1", "employee 4", f"employment {newcomer_employment}",
                         f"employment {ended}"}  # fmt: skip
    assert rows["employee 1"] == (
        "update",
        "salary_valid_from: 2024-01-01 → 2025-01-01; salary: (changed)",
    )
    assert rows[f"employment {ended}"] == (
        "update",
        "enddate: ∅ → 2025-06-30; enddate_reason: ∅ → arbeidstakerHarSagtOppSelv",
    )
    assert rows["employee 4"][0] == rows[f"employment {newcomer_employment}"][0] == "create"
    # The raise went in as a new dated entry: type, amount and date travelled together.
    assert tenant.payroll.salary_history("1") == {
        "2024-01-01": ("monthly", "50000.00"),
        "2025-01-01": ("monthly", "52000.00"),
    }
    (terminated,) = tenant.payroll.employments("3")
    assert (terminated["enddate"], terminated["enddate_reason"]) == (
        "2025-06-30",
        "arbeidstakerHarSagtOppSelv",
    )
    assert tenant.payroll.employee("4")["lastname"] == "Berg"


def test_refused_writes_fail_the_run_while_the_other_employees_sync(
    tenant: TestTenant, emulators: Emulators
) -> None:
    people = seed(tenant)
    sync(tenant)
    for number in ("2", "3"):
        tenant.alexis.update("employee", people[number]["id"], {"lastName": "Endret"})
    emulators.set_faults(
        FaultProfile(endpoints=(("POST /api/employee/v2/2", FaultRule(server_error=1.0)),))
    )

    state = tenant.employee_sync()

    assert state.is_failed()
    error = state.result(raise_on_failure=False)
    assert isinstance(error, SyncFailedError)
    assert [(f.employee, f.entity, f.retriable) for f in error.failures] == [
        ("2", "employee", True)
    ]
    assert (error.report.summary.updated, error.report.summary.failed) == (1, 1)
    assert error.report.summary.exit_code == 1
    assert tenant.payroll.employee("3")["lastname"] == "Endret"
    assert tenant.payroll.employee("2")["lastname"] == "Svensson"
