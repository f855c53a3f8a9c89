"""The named conversions of the mapping table, value by value."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from schemas import conversions as c

FNR = "16024301269"
DNR = "56024310189"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("  Kari ", "Kari"), ("", None), ("   ", None), (None, None), (math.nan, None), (42, "42")],
)
def test_as_text_trims_and_treats_blank_as_missing(value: object, expected: str | None) -> None:
    assert c.as_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", "12"), ("007", "7"), (" 42 ", "42"), ("abc", None), ("1.5", None), (None, None)],
)
def test_whole_number_is_the_employee_number_as_an_integer(
    value: object, expected: str | None
) -> None:
    assert c.whole_number(value) == expected


@pytest.mark.parametrize(
    ("work", "private", "expected"),
    [
        ("kari@firma.no", "kari@privat.no", "kari@firma.no"),
        (None, "kari@privat.no", "kari@privat.no"),
        ("   ", "kari@privat.no", "kari@privat.no"),
        (None, None, None),
    ],
)
def test_first_filled_takes_the_work_email_else_the_private_one(
    work: str | None, private: str | None, expected: str | None
) -> None:
    assert c.first_filled(work, private) == expected


@pytest.mark.parametrize(
    ("ssn", "expected"),
    [
        (FNR, FNR),
        ("160243 01269", FNR),
        (DNR, DNR),
        ("19430216-0126", None),  # a Swedish personnummer is no personnr
        ("430216-0126", None),
        (None, None),
    ],
)
def test_norwegian_id_is_the_digits_of_an_11_digit_number(
    ssn: str | None, expected: str | None
) -> None:
    assert c.norwegian_id(ssn) == expected


@pytest.mark.parametrize(
    ("ssn", "expected"),
    [(FNR, FNR), ("19430216-0126", "194302160126"), ("ab 12-3x", "AB123X"), (None, None)],
)
def test_id_digits_keeps_digits_and_letters(ssn: str | None, expected: str | None) -> None:
    assert c.id_digits(ssn) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("NO", "NO"), ("no", "NO"), ("Norway", "NO"), ("NOR", "NO"), ("Sweden", "SE"),
     ("Atlantis", None), (None, None)],
)  # fmt: skip
def test_country_is_iso_alpha_2(value: str | None, expected: str | None) -> None:
    assert c.country(value) == expected


@pytest.mark.parametrize(
    ("country", "number", "iban", "expected"),
    [
        ("NO", "86011117947", None, "86011117947"),
        (None, "86011117947", None, "86011117947"),
        ("Norway", "8601.11.17947", None, "86011117947"),
        ("NO", None, "NO9386011117947", None),  # Norway: the account number, never the IBAN
        ("SE", "50000000058398257466", "SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466"),
        ("DE", None, "de89370400440532013000", "DE89370400440532013000"),
        ("SE", "50000000058398257466", None, None),
    ],
)
def test_bank_account_is_the_number_in_norway_else_the_iban(
    country: str | None, number: str | None, iban: str | None, expected: str | None
) -> None:
    assert c.bank_account(country, number, iban) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("dnbanokk", "DNBANOKK"), ("DNBA NOKK", "DNBANOKK"), (None, None)]
)
def test_upper_compact(value: str | None, expected: str | None) -> None:
    assert c.upper_compact(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(date(2024, 1, 1), "2024-01-01"), (None, None), (pd.NaT, None)]
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert c.iso_date(value) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [("MONTHLY", "monthly"), ("HOURLY", "hourly"), ("ANNUAL", "monthly"), ("WEEKLY", None),
     (None, None)],
)  # fmt: skip
def test_salary_type(period: str | None, expected: str | None) -> None:
    assert c.salary_type(period) == expected


@pytest.mark.parametrize(
    ("amount", "period", "expected"),
    [
        (48000, "MONTHLY", "48000.00"),
        (48000.5, "MONTHLY", "48000.50"),
        (12345.675, "MONTHLY", "12345.68"),  # rounded half up to øre
        (245.5, "HOURLY", "245.50"),
        (600000, "ANNUAL", "50000.00"),
        (100000, "ANNUAL", "8333.33"),
        (100010, "ANNUAL", "8334.17"),
        (math.nan, "MONTHLY", None),
        (48000, "WEEKLY", None),
        (48000, None, None),
    ],
)
def test_salary_amount_per_payroll_period(
    amount: float, period: str | None, expected: str | None
) -> None:
    assert c.salary_amount(amount, period) == expected


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("Temporary", "midlertidig"),
        ("Temporary contract", "midlertidig"),
        ("Vikariat (TEMPORARY)", "midlertidig"),
        ("temporary worker", "midlertidig"),
        ("Permanent", "fast"),
        ("Fast ansatt", "fast"),
        (None, "fast"),
    ],
)
def test_employment_form(type_name: str | None, expected: str) -> None:
    assert c.employment_form(type_name) == expected


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(80, "80.00"), (37.5, "37.50"), ("80", "80.00"), (100.0, "100.00"), (None, None),
     (math.nan, None)],
)  # fmt: skip
def test_percentage_has_two_decimals(rate: object, expected: str | None) -> None:
    assert c.percentage(rate) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [("2130102:3", "2130102"), ("2130102", "2130102"), (" 2130102 : 3 ", "2130102"),
     ("21301:x", None), ("213010", None), (None, None)],
)  # fmt: skip
def test_profession_code_is_the_note_before_the_colon(
    note: str | None, expected: str | None
) -> None:
    assert c.profession_code(note) == expected


@pytest.mark.parametrize(
    ("digit", "expected"),
    [
        ("1", "arbeidsforholdetSkulleAldriVaertRapportert"),
        ("2", "arbeidsgiverHarSagtOppArbeidstaker"),
        ("3", "arbeidstakerHarSagtOppSelv"),
        ("4", "byttetLoenssystemEllerRegnskapsfoerer"),
        ("5", "endringIOrganisasjonsstrukturEllerByttetJobbInternt"),
        ("6", "kontraktEngasjementEllerVikariatErUtloept"),
        ("7", None),
        ("0", None),
    ],
)
def test_enddate_reason_from_the_digit_after_the_colon(digit: str, expected: str | None) -> None:
    assert c.enddate_reason(f"2130102:{digit}", date(2024, 6, 30)) == expected


@pytest.mark.parametrize(
    ("note", "end"),
    [("2130102:3", None), ("2130102:3", pd.NaT), ("2130102", date(2024, 6, 30)),
     (None, date(2024, 6, 30)), ("21301:3", date(2024, 6, 30))],
)  # fmt: skip
def test_no_enddate_reason_without_end_date_or_reason_digit(note: str | None, end: object) -> None:
    assert c.enddate_reason(note, end) is None
