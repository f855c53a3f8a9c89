"""Identifier checks: fødselsnummer/D-number, kontonummer, IBAN, BIC, countries, numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulators.seed.people import broken_check_digit, d_number
from schemas import identifiers as ids

FNR = "16024301269"
DNR = d_number("01049042287")  # 41049042270


def test_digits_drops_everything_else() -> None:
    assert ids.digits("160243 01269") == FNR
    assert ids.digits("8601.11.17947") == "86011117947"
    assert ids.digits("８６０１") == ""  # look-alike digits are not digits 0-9


@pytest.mark.parametrize(
    ("value", "valid", "look_alike", "key"),
    [
        ("12", True, False, "12"),
        ("012", True, False, "12"),
        ("123456789", True, False, "123456789"),
        ("1234567890", False, False, "1234567890"),  # more than payroll's integer holds
        (" 12", False, False, "12"),
        ("12 ", False, False, "12"),
        ("1 2", False, False, "12"),
        ("0", False, False, "0"),
        ("-12", False, False, "-12"),
        ("+12", False, False, "+12"),
        ("12.0", False, False, "12.0"),
        ("１２", False, True, "12"),
        ("١٢", False, True, "12"),
        ("۱۲", False, True, "12"),  # Extended Arabic-Indic (Persian)
        ("१२", False, True, "12"),  # Devanagari
        ("²", False, True, "2"),
        ("①②", False, True, "12"),
        ("1\u200b2", False, False, "12"),  # a zero-width space hides nothing
    ],
)
def test_employee_numbers_are_ascii_and_compared_as_read(
    value: str, valid: bool, look_alike: bool, key: str
) -> None:
    assert ids.is_employee_number(value) is valid
    assert ids.has_look_alike_digits(value) is look_alike
    assert ids.employee_number_key(value) == key


@pytest.mark.parametrize(
    ("value", "shaped", "valid"),
    [
        (FNR, True, True),
        ("01049042287", True, True),
        (DNR, True, True),
        ("160243 01269", True, True),
        (broken_check_digit(FNR), True, False),
        (broken_check_digit(DNR), True, False),
        ("1602430126", False, False),
        ("194302160126", False, False),
        ("1602430126X", False, False),
        ("１６０２４３０１２６９", False, False),  # full-width: looks right, is no number
        ("١٦٠٢٤٣٠١٢٦٩", False, False),  # Arabic-Indic
        ("160243/01269", False, False),
    ],
)
def test_norwegian_id_shape_and_check_digits(value: str, shaped: bool, valid: bool) -> None:
    assert ids.is_norwegian_id(value) is shaped
    assert ids.is_valid_norwegian_id(value) is valid


@pytest.mark.parametrize(
    ("value", "expected"),
    [("NO", "NO"), ("no", "NO"), (" Norway ", "NO"), ("NOR", "NO"), ("SE", "SE"),
     ("Atlantis", None), ("", None), ("  ", None)],
)  # fmt: skip
def test_country_code(value: str, expected: str | None) -> None:
    assert ids.country_code(value) == expected


@pytest.mark.parametrize(
    ("country", "domestic"),
    [(None, True), ("", True), ("NO", True), ("Norway", True), ("SE", False), ("DE", False)],
)
def test_an_account_is_domestic_in_norway_or_without_country(
    country: str | None, domestic: bool
) -> None:
    assert ids.is_domestic_account(country) is domestic


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("86011117947", True),
        ("8601.11.17947", True),
        ("86011117948", False),
        ("8601111794", False),
        ("1234567", False),  # 7-digit (Luhn) numbers are not payroll accounts
    ],
)
def test_kontonummer_mod_11(value: str, valid: bool) -> None:
    assert ids.is_valid_kontonummer(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("NO9386011117947", True),
        ("SE4550000000058398257466", True),
        ("DE89370400440532013000", True),
        ("SE4550000000058398257467", False),
        ("", False),
    ],
)
def test_iban_check(value: str, valid: bool) -> None:
    assert ids.is_valid_iban(value) is valid


def test_compact_iban() -> None:
    assert ids.compact_iban("se45 5000 0000 0583 9825 7466") == "SE4550000000058398257466"


@pytest.mark.parametrize(
    ("value", "valid"), [("DNBANOKK", True), ("DNBANOKKXXX", True), ("DNBNOKK", False)]
)
def test_bic_check(value: str, valid: bool) -> None:
    assert ids.is_valid_bic(value) is valid


@pytest.mark.parametrize(
    ("value", "positive"),
    [("1", True), ("42", True), (" 007 ", True), ("0", False), ("000", False), ("-1", False),
     ("1.0", False), ("", False), ("A12", False), ("１２", False), ("²", False)],
)  # fmt: skip
def test_is_positive_integer(value: str, positive: bool) -> None:
    assert ids.is_positive_integer(value) is positive


@pytest.mark.parametrize(
    ("value", "expected"),
    [("80", Decimal("80")), (" 80.00 ", Decimal("80.00")), (80.5, Decimal("80.5")),
     ("", None), (None, None), ("abc", None), (float("nan"), None), (float("inf"), None)],
)  # fmt: skip
def test_decimal_or_none(value: object, expected: Decimal | None) -> None:
    assert ids.decimal_or_none(value) == expected
