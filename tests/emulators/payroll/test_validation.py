"""Every strict rule of the payroll emulator: a 400 naming the field, and nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from emulators.payroll.errors import PayrollValidationError
from emulators.payroll.state import PayrollCompany
from tests.emulators.payroll.helpers import VALID_DNR, VALID_IBAN, VALID_KONTONR, snapshot

pytestmark = pytest.mark.anyio

NEW_EMPLOYEE = {"empId": 10, "firstname": "Test", "lastname": "Person"}
SICK_LEAVE = {"empId": 1, "absenceType": "01", "startDate": "2025-02-03", "endDate": "2025-02-07"}
NEW_CHILD = {"empId": 1, "firstname": "Liv", "lastname": "Nordmann", "birthdate": "2022-01-01"}
NOT_A_SITE = "974760673"  # a valid organisasjonsnummer, but no site of the seeded company


def _without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


def _case(path: str, body: Any, field: str, case_id: str) -> Any:
    return pytest.param(path, body, field, id=case_id)


def _variants(
    path: str,
    make_body: Callable[[dict[str, Any]], Any],
    rules: list[tuple[str, dict[str, Any], str]],
) -> list[Any]:
    """One case per (id, fields laid over a valid body, field expected in the error) rule."""
    return [_case(path, make_body(extra), field, case_id) for case_id, extra, field in rules]


EMPLOYEE_CASES = [
    _case("/api/employee/v2", _without(NEW_EMPLOYEE, "empId"), "empId", "empId-missing"),
    _case("/api/employee/v2", {**NEW_EMPLOYEE, "empId": 0}, "empId", "empId-zero"),
    _case("/api/employee/v2", {**NEW_EMPLOYEE, "empId": "A7"}, "empId", "empId-text"),
    _case("/api/employee/v2", _without(NEW_EMPLOYEE, "firstname"), "firstname", "firstname"),
    _case("/api/employee/v2", _without(NEW_EMPLOYEE, "lastname"), "lastname", "lastname"),
    *_variants(
        "/api/employee/v2",
        lambda extra: {**NEW_EMPLOYEE, **extra},
        [
            ("salary_type-enum", {"salary_type": "yearly"}, "salary_type"),
            ("salary-negative", {"salary_type": "monthly", "salary": "-1"}, "salary"),
            ("salary-comma", {"salary_type": "monthly", "salary": "1234,50"}, "salary"),
            ("salary-3-decimals", {"salary_type": "hourly", "salary": "1.234"}, "salary"),
            ("salary-without-type", {"salary": "50000"}, "salary_type"),
            ("salary_valid_from-format", {"salary_valid_from": "01.01.2025"}, "salary_valid_from"),
            ("salary_valid_from-no-day", {"salary_valid_from": "2025-02-30"}, "salary_valid_from"),
            ("employee_date", {"employee_date": "2025/01/01"}, "employee_date"),
            ("intl-type", {"internationalID": {"type": "drivers"}}, "internationalID.type"),
            (
                "intl-country",
                {"internationalID": {"ID": "P1", "countryCode": ""}},
                "internationalID.countryCode",
            ),
            ("personnr-checksum", {"personnr": "16024301268"}, "personnr"),
            ("personnr-birthdate", {"personnr": "160243"}, "personnr"),
            ("personnr-spaces", {"personnr": "160243 01269"}, "personnr"),
            ("account-mod11", {"account": "86011117948"}, "account"),
            ("account-dots", {"account": "8601.11.17947"}, "account"),
            ("account-iban-checksum", {"account": "NO9386011117948"}, "account"),
            ("bic-short", {"bic": "DNBANOK"}, "bic"),
            ("bic-lowercase", {"bic": "dnbanokk"}, "bic"),
            ("vacation_days-too-many", {"vacation_days": 366}, "vacation_days"),
            ("vacation_days-negative", {"vacation_days": -1}, "vacation_days"),
            ("vacation_days-fraction", {"vacation_days": "2.5"}, "vacation_days"),
            ("countryCode-lowercase", {"countryCode": "no"}, "countryCode"),
            ("countryCode-unknown", {"countryCode": "XX"}, "countryCode"),
            ("zipcode-NO", {"countryCode": "NO", "zipcode": "54142"}, "zipcode"),
            ("email", {"email": "kari.fjordlys.no"}, "email"),
            ("hidden", {"hidden": "2"}, "hidden"),
            (
                "accounting-over-100",
                {"accounting": [{"percentage": 60}, {"percentage": 50}]},
                "accounting",
            ),
            ("boolean-value", {"firstname": True}, "firstname"),
        ],
    ),
    _case("/api/employee/v2", ["not", "an", "object"], "body", "body-array"),
    _case("/api/employee/v2/1", {"firstname": ""}, "firstname", "update-clears-firstname"),
    _case("/api/employee/v2/1", {"empId": 2}, "empId", "update-path-body-mismatch"),
    _case("/api/employee/v2/1", {"countryCode": "NO", "zipcode": "123"}, "zipcode", "update-zip"),
    _case("/api/employee/v2/2", {"zipcode": "12345", "countryCode": "NO"}, "zipcode", "merged-zip"),
]

EMPLOYMENT_CASES = [
    _case("/api/employment/v2/1", [{"employment_form": "fast"}], "startdate", "startdate-missing"),
    *_variants(
        "/api/employment/v2/1",
        lambda extra: [{"startdate": "2025-01-01", **extra}],
        [
            ("startdate-format", {"startdate": "2025-1-1"}, "startdate"),
            (
                "enddate-before-start",
                {"enddate": "2024-12-31", "enddate_reason": "arbeidstakerHarSagtOppSelv"},
                "enddate",
            ),
            ("enddate-without-reason", {"enddate": "2025-06-30"}, "enddate_reason"),
            (
                "enddate_reason-enum",
                {"enddate": "2025-06-30", "enddate_reason": "oppsagt"},
                "enddate_reason",
            ),
            (
                "enddate_reason-swedish",
                {"enddate": "2025-06-30", "enddate_reason": "Konkurs"},
                "enddate_reason",
            ),
            ("employment_form-swedish", {"employment_form": "Tillsvidare"}, "employment_form"),
            (
                "employment_type-aareg-only",
                {"employment_type": "forenkletOppgjoersordning"},
                "employment_type",
            ),
            ("working_times", {"working_times": "skift"}, "working_times"),
            ("profession_code-6", {"profession_code": "213010"}, "profession_code"),
            ("profession_code-8", {"profession_code": "21301021"}, "profession_code"),
            ("employment_rate-over", {"employment_rate": "100.01"}, "employment_rate"),
            ("employment_rate-negative", {"employment_rate": -5}, "employment_rate"),
            ("enterprise_number-not-site", {"enterprise_number": NOT_A_SITE}, "enterprise_number"),
            ("enterprise_number-checksum", {"enterprise_number": "123456789"}, "enterprise_number"),
            ("employment_id-too-long", {"employment_id": "x" * 51}, "employment_id"),
            ("primary-twice", {"primary_employment": "2"}, "primary_employment"),
        ],
    ),
    _case(
        "/api/employment/v2/1",
        [{"employment_id": "32553-1", "enddate": "2025-06-30"}],
        "enddate_reason",
        "merged-enddate-without-reason",
    ),
    _case(
        "/api/employment/v2/1",
        [
            {"startdate": "2025-01-01", "primary_employment": "1"},
            {"startdate": "2025-02-01", "primary_employment": "1"},
        ],
        "primary_employment",
        "two-primaries",
    ),
]

ABSENCE_CASES = [
    _case("/api/absence/v2", _without(SICK_LEAVE, "empId"), "empId", "empId-missing"),
    _case("/api/absence/v2", {**SICK_LEAVE, "empId": 99}, "empId", "empId-unknown"),
    _case("/api/absence/v2", _without(SICK_LEAVE, "absenceType"), "absenceType", "type-missing"),
    *_variants(
        "/api/absence/v2",
        lambda extra: {**SICK_LEAVE, **extra},
        [
            ("type-unknown", {"absenceType": "08"}, "absenceType"),
            ("startDate-missing", {"startDate": ""}, "startDate"),
            ("startDate-datetime", {"startDate": "2025-02-03 00:00:00"}, "startDate"),
            ("endDate-missing", {"endDate": ""}, "endDate"),
            ("endDate-before-start", {"endDate": "2025-02-02"}, "endDate"),
            ("approved", {"approved": 3}, "approved"),
            ("sick-child-without-child", {"absenceType": "02"}, "childId"),
            ("child-unknown", {"absenceType": "02", "childId": "999"}, "childId"),
            ("numberOfDays-not-vacation", {"numberOfDays": 2}, "numberOfDays"),
            (
                "numberOfDays-beyond-period",
                {"absenceType": "04", "numberOfDays": 6},
                "numberOfDays",
            ),
            ("percent-on-vacation", {"absenceType": "04", "percent": 50}, "percent"),
            ("percent-over-100", {"percent": 150}, "percent"),
            ("parental-without-start", {"absenceType": "06", "endDate": ""}, "startdateParental"),
            ("comment-mandatory", {"absenceType": "21"}, "comment"),
            ("serialNo-unknown", {"serialNo": 999}, "serialNo"),
            ("permisjonId-not-leave", {"permisjonId": "p1"}, "permisjonId"),
        ],
    ),
    _case(
        "/api/absence/v2",
        {"empId": 2, "serialNo": 1, "endDate": "2025-01-11"},
        "serialNo",
        "serialNo-of-other-employee",
    ),
    _case(
        "/api/absence/v2",
        {"empId": 1, "serialNo": 1, "endDate": "2025-01-01"},
        "endDate",
        "merged-end",
    ),
]

CHILD_CASES = [
    *[
        _case("/api/child/v2", _without(NEW_CHILD, key), key, f"child-{key}-missing")
        for key in ("empId", "firstname", "lastname", "birthdate")
    ],
    _case(
        "/api/child/v2", {**NEW_CHILD, "birthdate": "01.01.2022"}, "birthdate", "child-birthdate"
    ),
    _case("/api/child/v2", {**NEW_CHILD, "empId": 42}, "empId", "child-employee-unknown"),
    _case("/api/child/v2", {**NEW_CHILD, "childId": "5"}, "childId", "child-id-unknown"),
]

ORGANIZATION_CASES = [
    _case("/api/organization/v2", {"orgno": "911010441"}, "orgno", "orgno-checksum"),
    _case("/api/organization/v2", {"name": ""}, "name", "name-cleared"),
    _case("/api/organization/v2", {"tax_zone": "6"}, "tax_zone", "tax_zone"),
    _case("/api/organization/v2", {"industry": "fiske"}, "industry", "industry"),
    _case("/api/organization/v2", {"bank_account": "12345678901"}, "bank_account", "bank_account"),
    _case("/api/organization/v2", {"sites": [{"id": "77", "name": "X"}]}, "id", "site-id-unknown"),
    _case(
        "/api/organization/v2", {"sites": [{"name": "No number"}]}, "enterprise_number", "site-nr"
    ),
]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [*EMPLOYEE_CASES, *EMPLOYMENT_CASES, *ABSENCE_CASES, *CHILD_CASES, *ORGANIZATION_CASES],
)
async def test_rejected_write_names_the_field_and_changes_nothing(
    api: httpx.AsyncClient, seeded: PayrollCompany, path: str, body: Any, field: str
) -> None:
    before = snapshot(seeded)

    response = await api.post(path, json=body)

    assert response.status_code == 400, response.text
    error = response.json()
    assert error["field"] == field
    assert isinstance(error["error"], str) and error["error"]
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    "extra",
    [
        {"personnr": VALID_DNR},
        {"account": VALID_IBAN},
        {"account": "SE4550000000058398257466", "countryCode": "SE", "zipcode": "54142"},
        {"account": VALID_KONTONR, "bic": "DNBANOKKXXX"},
        {"internationalID": {"ID": "P1", "countryCode": "SE", "type": "passnummer"}},
        {"salary_type": "hourly", "salary": 212.5, "vacation_days": 0},
    ],
)
async def test_valid_identifiers_are_accepted(
    api: httpx.AsyncClient, extra: dict[str, Any]
) -> None:
    response = await api.post("/api/employee/v2", json={**NEW_EMPLOYEE, **extra})

    assert response.status_code == 200, response.text


async def test_rejected_create_does_not_use_up_a_serial_no(
    api: httpx.AsyncClient, seeded: PayrollCompany
) -> None:
    await api.post("/api/absence/v2", json={**SICK_LEAVE, "endDate": ""})

    created = await api.post("/api/absence/v2", json=SICK_LEAVE)

    assert created.json()["serialNo"] == "2"


@pytest.mark.parametrize(
    ("helper", "args", "field"),
    [
        ("put_employee", ({**NEW_EMPLOYEE, "bic": "nope"},), "bic"),
        (
            "put_employment",
            ("1", {"startdate": "2025-01-01", "enddate": "2025-02-01"}),
            "enddate_reason",
        ),
        ("put_absence", ({**SICK_LEAVE, "absenceType": "02"},), "childId"),
        ("put_child", ({**NEW_CHILD, "birthdate": ""},), "birthdate"),
    ],
)
def test_seeding_helpers_raise_the_same_validation_error(
    seeded: PayrollCompany, helper: str, args: tuple[Any, ...], field: str
) -> None:
    before = snapshot(seeded)

    with pytest.raises(PayrollValidationError) as caught:
        getattr(seeded, helper)(*args)

    assert caught.value.field == field
    assert snapshot(seeded) == before
