"""The payroll gate: what 24SevenOffice accepts, one refused value at a time beside a valid row."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from schemas.payroll import PayrollAbsenceFrame, PayrollEmployeeFrame, PayrollEmploymentFrame
from tests.schemas.helpers import SHAPE_ERRORS, failing

ISO_CHECK = r"str_matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$')"

EMPLOYEE: dict[str, Any] = {
    "empId": "1",
    "email": "kari@firma.no",
    "firstname": "Kari",
    "lastname": "Nordmann",
    "personnr": "16024301269",
    "vacation_days": "25",
    "internationalID.type": "socialSecurityNumber",
    "internationalID.ID": "16024301269",
    "internationalID.countryCode": "NO",
    "postaddress": "Storgata 1",
    "city": "Oslo",
    "zipcode": "0155",
    "countryCode": "NO",
    "account": "86011117947",
    "bic": "DNBANOKK",
    "clearingno": "",
    "salary_valid_from": "2024-01-01",
    "salary_type": "monthly",
    "salary": "50000.00",
}
EMPLOYMENT: dict[str, Any] = {
    "empId": "1",
    "employment_id": "000000000000000000000005",
    "startdate": "2020-03-01",
    "enddate": "",
    "employment_form": "fast",
    "employment_rate": "100.00",
    "profession_code": "2130102",
    "enddate_reason": "",
    "working_times": "ikkeSkift",
    "employment_type": "ordinaertArbeidsforhold",
}


def refused(model: type[pa.DataFrameModel], base: dict[str, Any], **changes: Any) -> set[str]:
    """Check names failing for a row of `base` with `changes`, validated beside a valid row."""
    frame = pd.DataFrame([base, {**base, **changes}], dtype="str")
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        assert set(cases["index"]) == {1}, "the valid row must pass"
        return {str(check) for check in cases["check"]}
    return set()


def test_valid_rows_pass() -> None:
    assert refused(PayrollEmployeeFrame, EMPLOYEE) == set()
    assert refused(PayrollEmploymentFrame, EMPLOYMENT) == set()


EMPLOYEE_REFUSALS = {
    "empId 0": ({"empId": "0"}, "empId|must be a positive integer"),
    "empId empty": ({"empId": ""}, "empId|must be a positive integer"),
    "e-mail without @": ({"email": "kari"}, "str_matches"),
    "e-mail without a dot in the domain": ({"email": "kari@intranett"}, "str_matches"),
    "firstname empty": ({"firstname": ""}, "str_length"),
    "lastname empty": ({"lastname": ""}, "str_length"),
    "personnr check digits": ({"personnr": "16024301268"}, "personnr|is not a valid fødselsnummer"),
    "vacation_days above 365": ({"vacation_days": "400"}, "vacation_days|must be 0-365"),
    "internationalID.type unknown": ({"internationalID.type": "ssn"}, "isin"),
    "internationalID.countryCode lower case": ({"internationalID.countryCode": "no"},
                                               "str_matches"),
    "internationalID without country": (
        {"internationalID.countryCode": ""},
        "internationalID.countryCode|is required when internationalID.ID is set",
    ),
    "countryCode a name": ({"countryCode": "Norway"}, "str_matches"),
    "account neither": ({"account": "1234"}, "account|is neither a Norwegian account nor an IBAN"),
    "bic invalid": ({"bic": "DNBNOKK"}, "bic|is not a valid BIC"),
    "salary negative": ({"salary": "-1"}, "salary|must be a non-negative amount"),
    "salary_type weekly": ({"salary_type": "weekly"}, "isin"),
    "salary_valid_from not ISO": ({"salary_valid_from": "01.01.2024"}, "str_matches"),
    "Norwegian zipcode": ({"zipcode": "155"}, "zipcode|a Norwegian postal code has 4 digits"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "check"), EMPLOYEE_REFUSALS.values(), ids=EMPLOYEE_REFUSALS.keys()
)
def test_employee_refused(changes: dict[str, Any], check: str) -> None:
    assert [c for c in refused(PayrollEmployeeFrame, EMPLOYEE, **changes) if c.startswith(check)]


EMPLOYEE_ACCEPTED = {
    "no e-mail": {"email": ""},
    "no personnr (foreign)": {"personnr": "", "internationalID.ID": "194302160126",
                              "internationalID.countryCode": "SE"},
    "D-number": {"personnr": "56024310189"},
    "no internationalID": {"internationalID.ID": "", "internationalID.countryCode": ""},
    "IBAN": {"account": "SE4550000000058398257466"},
    "account kept (missing)": {"account": None},
    "salary kept (missing)": {"salary": None, "salary_type": None, "salary_valid_from": None},
    "no bic": {"bic": ""},
    "foreign zipcode": {"countryCode": "SE", "zipcode": "111 51"},
}  # fmt: skip


@pytest.mark.parametrize("changes", EMPLOYEE_ACCEPTED.values(), ids=EMPLOYEE_ACCEPTED.keys())
def test_employee_accepted(changes: dict[str, Any]) -> None:
    assert refused(PayrollEmployeeFrame, EMPLOYEE, **changes) == set()


EMPLOYMENT_REFUSALS = {
    "employment_id empty": ({"employment_id": ""}, "str_length"),
    "employment_id too long": ({"employment_id": "x" * 51}, "str_length"),
    "startdate not ISO": ({"startdate": "2020-3-1"}, "str_matches"),
    "enddate not ISO": ({"enddate": "30.06.2024", "enddate_reason": "arbeidstakerHarSagtOppSelv"},
                        "str_matches"),
    "employment_form unknown": ({"employment_form": "temporary"}, "isin"),
    "profession_code of 6 digits": ({"profession_code": "213010"}, "str_matches"),
    "enddate_reason unknown": ({"enddate": "2024-06-30", "enddate_reason": "3"}, "isin"),
    "enddate without reason": ({"enddate": "2024-06-30"},
                               "enddate_reason|required when enddate is set"),
    "working_times unknown": ({"working_times": "skift"}, "isin"),
    "employment_type unknown": ({"employment_type": "fast"}, "isin"),
    "rate above 100": ({"employment_rate": "120"}, "employment_rate|must be 0-100"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "check"), EMPLOYMENT_REFUSALS.values(), ids=EMPLOYMENT_REFUSALS.keys()
)
def test_employment_refused(changes: dict[str, Any], check: str) -> None:
    assert [
        c for c in refused(PayrollEmploymentFrame, EMPLOYMENT, **changes) if c.startswith(check)
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"enddate": "2024-06-30", "enddate_reason": "arbeidstakerHarSagtOppSelv"},
        {"profession_code": ""},
        {"employment_rate": ""},
        {"employment_form": "midlertidig"},
    ],
)
def test_employment_accepted(changes: dict[str, Any]) -> None:
    assert refused(PayrollEmploymentFrame, EMPLOYMENT, **changes) == set()


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


def absence_frame(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), dtype="str")


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
