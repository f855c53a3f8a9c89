"""Every quarantine rule of the HR models, one failing row at a time beside a valid one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pandera.pandas as pa
import pytest

from clients.alexis_models import Compensation, Employee, Employment, EmploymentType
from emulators.seed.people import broken_check_digit
from schemas.hr import HrEmployeeFrame, HrEmploymentFrame
from tasks.people.frames import employee_frame, employment_frame

OSLO = ZoneInfo("Europe/Oslo")
FNR = "16024301269"
KONTONR = "86011117947"
SE_IBAN = "SE4550000000058398257466"


def employee(number: str = "1", **fields: Any) -> Employee:
    """A valid Norwegian employee record, with `fields` replaced."""
    return Employee.model_validate(
        {
            "id": f"e{number}",
            "employeeNumber": number,
            "firstName": "Kari",
            "lastName": "Nordmann",
            "workEmail": "kari@firma.no",
            "ssn": FNR,
            "nationality": "NO",
            "bankAccount": {"country": "NO", "number": KONTONR, "bic": "DNBANOKK"},
            "homeAddress": {"street": "Storgata 1", "postalCode": "0155", "city": "Oslo",
                            "country": "NO"},
            **fields,
        }
    )  # fmt: skip


def compensation(employee_id: str, **fields: Any) -> Compensation:
    values = {"amount": 50000, "effectiveDate": "2024-01-01T00:00:00Z", "currency": "NOK"}
    return Compensation.model_validate(
        {"id": f"c{employee_id}", "employeeId": employee_id, "payoutPeriod": "MONTHLY",
         **values, **fields}
    )  # fmt: skip


def employment(employee_id: str, **fields: Any) -> Employment:
    return Employment.model_validate(
        {"id": f"m{employee_id}", "employeeId": employee_id, "typeId": "t1",
         "startDate": "2020-02-29T23:00:00Z", "rate": 100, "note": "2130102", **fields}
    )  # fmt: skip


def failing(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> set[tuple[int, str]]:
    """(row, check name) of every failure of a lazy validation."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        pairs = zip(cases["index"], cases["check"], strict=True)
        return {(int(row), str(check)) for row, check in pairs}
    return set()


def employees_frame(*rows: Employee, pay: dict[str, dict[str, Any]] | None = None) -> pd.DataFrame:
    salaries = [compensation(r.id, **(pay or {}).get(r.id, {})) for r in rows]
    return employee_frame(rows, salaries, OSLO)


NUMBER = (
    "employeeNumber|must be a positive whole number: 1 to 9 digits 0-9, without spaces, signs "
    "or other characters"
)
LOOK_ALIKE = (
    "employeeNumber|is written with look-alike digits (full-width, Arabic-Indic, superscript…), "
    "not 0-9: payroll would read another number or none"
)
SSN = "ssn|11-digit fødselsnummer/D-number fails its mod-11 check digits"
POSTAL = "homeAddress.postalCode|a Norwegian postal code has 4 digits"
DOMESTIC = "bankAccount.number|a Norwegian account needs 11 digits passing the mod-11 check"
FOREIGN = "bankAccount.iban|a foreign bank account needs a valid IBAN"

EMPLOYEE_FAILURES = {
    "number 0": ({"employeeNumber": "0"}, NUMBER),
    "number negative": ({"employeeNumber": "-3"}, NUMBER),
    "number with letters": ({"employeeNumber": "A12"}, NUMBER),
    "number missing": ({"employeeNumber": None}, NUMBER),
    "number blank": ({"employeeNumber": "  "}, NUMBER),
    "number with a leading space": ({"employeeNumber": " 7"}, NUMBER),
    "number of ten digits": ({"employeeNumber": "1234567890"}, NUMBER),
    "number with a plus sign": ({"employeeNumber": "+7"}, NUMBER),
    "number superscript two": ({"employeeNumber": "²"}, LOOK_ALIKE),
    "number in Arabic-Indic digits": ({"employeeNumber": "١٢"}, LOOK_ALIKE),
    "number in full-width digits": ({"employeeNumber": "１２"}, LOOK_ALIKE),
    "Norwegian national without ssn": (
        {"ssn": None},
        "ssn|a Norwegian national needs an 11-digit fødselsnummer or D-number (digits 0-9)",
    ),
    "Norwegian national with a full-width ssn": (
        {"ssn": "１６０２４３０１２６９"},
        "ssn|a Norwegian national needs an 11-digit fødselsnummer or D-number (digits 0-9)",
    ),
    "foreign national with a blank ssn": (
        {"ssn": " - ", "nationality": "SE"},
        "ssn|is required: without a Norwegian fødselsnummer/D-number a person needs an "
        "international id (the ssn is blank)",
    ),
    "fødselsnummer check digit": ({"ssn": broken_check_digit(FNR)}, SSN),
    "D-number check digit": ({"ssn": broken_check_digit("56024310189")}, SSN),
    "nationality unknown": ({"nationality": "Atlantis"}, "nationality|is not an ISO 3166 country"),
    "home country unknown": (
        {"homeAddress": {"postalCode": "0155", "country": "Narnia"}},
        "homeAddress.country|is not a country",
    ),
    "Norwegian postal code of 3 digits": ({"homeAddress": {"postalCode": "155", "country": "NO"}},
                                          POSTAL),
    "Norwegian postal code of 5 digits": (
        {"homeAddress": {"postalCode": "01550", "country": "Norway"}}, POSTAL),
    "Norwegian postal code with a letter": (
        {"homeAddress": {"postalCode": "O155", "country": "NO"}}, POSTAL),
    "Norwegian account mod-11": ({"bankAccount": {"country": "NO", "number": "86011117948"}},
                                 DOMESTIC),
    "account without country mod-11": ({"bankAccount": {"number": "1234567890"}}, DOMESTIC),
    "account of Norway by name mod-11": (
        {"bankAccount": {"country": "Norway", "number": "86011117948"}}, DOMESTIC),
    "foreign account, invalid IBAN": (
        {"bankAccount": {"country": "SE", "iban": SE_IBAN[:-1] + "7"}}, FOREIGN),
    "foreign account without IBAN": (
        {"bankAccount": {"country": "SE", "number": "50000000058398257466"}}, FOREIGN),
}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "check"), EMPLOYEE_FAILURES.values(), ids=EMPLOYEE_FAILURES.keys()
)
def test_employee_quarantine_rule(fields: dict[str, Any], check: str) -> None:
    frame = employees_frame(employee("1"), employee("2", **fields))

    assert failing(HrEmployeeFrame, frame) == {(1, check)}


COMPENSATION_FAILURES = {
    "currency not NOK": ({"currency": "EUR"}, "compensation.currency|must be NOK"),
    "payout period not payable": (
        {"payoutPeriod": "WEEKLY"},
        "compensation.payoutPeriod|24SevenOffice pays only MONTHLY, HOURLY or ANNUAL",
    ),
    "amount negative": ({"amount": -1}, "compensation.amount|must not be negative"),
}


@pytest.mark.parametrize(
    ("fields", "check"), COMPENSATION_FAILURES.values(), ids=COMPENSATION_FAILURES.keys()
)
def test_compensation_quarantine_rule(fields: dict[str, Any], check: str) -> None:
    frame = employees_frame(employee("1"), employee("2"), pay={"e2": fields})

    assert failing(HrEmployeeFrame, frame) == {(1, check)}


def test_duplicate_employee_numbers_fail_both_rows() -> None:
    frame = employees_frame(employee("1"), employee("5"), employee("05"))

    duplicate = (
        "employeeNumber|is used by more than one employee (also when look-alike digits, spaces "
        "and leading zeros are ignored)"
    )
    assert failing(HrEmployeeFrame, frame) == {(1, duplicate), (2, duplicate)}


VALID_EMPLOYEES = {
    "D-number": {"ssn": "56024310189"},
    "foreign ssn of 12 digits": {"ssn": "19430216-0126", "nationality": "SE"},
    "nationality by name": {"nationality": "Norway"},
    "foreign postal code": {"homeAddress": {"postalCode": "111 51", "country": "SE"}},
    "Norwegian address without postal code": {"homeAddress": {"street": "Gate 1", "country": "NO"}},
    "no bank account": {"bankAccount": None},
    "Norwegian account without number": {"bankAccount": {"country": "NO", "bic": "DNBANOKK"}},
    "foreign account with IBAN": {"bankAccount": {"country": "SE", "iban": SE_IBAN}},
    "employee number with leading zeros": {"employeeNumber": "007"},
}


@pytest.mark.parametrize("fields", VALID_EMPLOYEES.values(), ids=VALID_EMPLOYEES.keys())
def test_valid_employee_passes(fields: dict[str, Any]) -> None:
    assert failing(HrEmployeeFrame, employees_frame(employee("1", **fields))) == set()


def test_employee_without_compensation_passes() -> None:
    frame = employee_frame([employee("1")], [], OSLO)

    assert failing(HrEmployeeFrame, frame) == set()


def employments_frame(*rows: Employment) -> pd.DataFrame:
    types = [EmploymentType(id="t1", name="Fast ansatt")]
    people = [employee(str(n)) for n in range(1, len(rows) + 1)]
    return employment_frame(rows, types, people, OSLO)


def moment(day: str) -> datetime:
    """Local midnight in Oslo of `day` (YYYY-MM-DD), as AlexisHR sends it."""
    return datetime.fromisoformat(day).replace(tzinfo=OSLO).astimezone(UTC)


NOTE = "note|must be a 7-digit profession code, optionally ':' and an end-date reason 1-6"
NO_REASON = "note|an employment with an end date needs an end-date reason (1-6) after the colon"

EMPLOYMENT_FAILURES = {
    "type does not exist": ({"typeId": "missing"}, {"typeId|refers to no employment type"}),
    "no type": ({"typeId": None}, {"typeId|refers to no employment type"}),
    "rate above 100": ({"rate": 120}, {"rate|must be a percentage between 0 and 100"}),
    "rate negative": ({"rate": -1}, {"rate|must be a percentage between 0 and 100"}),
    "note not a code": ({"note": "21301:x"}, {NOTE}),
    "note of 6 digits": ({"note": "213010"}, {NOTE}),
    "note with reason 9": ({"note": "2130102:9"}, {NOTE}),
    "end date without note": ({"endDate": moment("2024-06-30"), "note": None}, {NO_REASON}),
    "end date without reason": ({"endDate": moment("2024-06-30"), "note": "2130102"}, {NO_REASON}),
    "end before start": (
        {"startDate": moment("2024-06-01"), "endDate": moment("2024-05-31"), "note": "2130102:3"},
        {"endDate|is before the start date"},
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "checks"), EMPLOYMENT_FAILURES.values(), ids=EMPLOYMENT_FAILURES.keys()
)
def test_employment_quarantine_rule(fields: dict[str, Any], checks: set[str]) -> None:
    frame = employments_frame(employment("e1"), employment("e2", **fields))

    assert failing(HrEmploymentFrame, frame) == {(1, check) for check in checks}


VALID_EMPLOYMENTS = {
    "ended with reason": {"endDate": moment("2024-06-30"), "note": "2130102:6"},
    "ends the day it starts": {
        "startDate": moment("2024-06-30"),
        "endDate": moment("2024-06-30"),
        "note": "2130102:1",
    },
    "no note": {"note": None},
    "reason without end date": {"note": "2130102:3"},
    "no rate": {"rate": None},
}


@pytest.mark.parametrize("fields", VALID_EMPLOYMENTS.values(), ids=VALID_EMPLOYMENTS.keys())
def test_valid_employment_passes(fields: dict[str, Any]) -> None:
    assert failing(HrEmploymentFrame, employments_frame(employment("e1", **fields))) == set()
