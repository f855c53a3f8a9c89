"""Checks and normalisation of identifiers: fødselsnummer, bank accounts, countries, numbers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import pycountry
from stdnum import bic, iban
from stdnum.no import fodselsnummer, kontonr

# ASCII only: `\\d` would also keep full-width and Arabic-Indic digits, which payroll and the
# a-melding do not read as numbers.
_NON_DIGITS = re.compile(r"[^0-9]")
# The payroll's empId is an integer; nine digits always fit a 32-bit one (Choice (spec silent):
# the API types empId as integer without a range, so we keep to what any integer column holds).
EMPLOYEE_NUMBER_DIGITS = 9
_EMPLOYEE_NUMBER = re.compile(f"[0-9]{{1,{EMPLOYEE_NUMBER_DIGITS}}}")
# Separators written inside a fødselsnummer or account number (`010190 12345`, `1503.40.12345`).
_SEPARATORS = re.compile(r"[ .\-]")
NORWAY = "NO"


def digits(value: str) -> str:
    """Keep only the ASCII digits of `value` (`010190 12345` → `01019012345`)."""
    return _NON_DIGITS.sub("", value)


def is_employee_number(value: str) -> bool:
    """True for `1`, `42`, `007`: 1-9 ASCII digits, above zero, nothing else (not even spaces)."""
    return bool(_EMPLOYEE_NUMBER.fullmatch(value)) and int(value) > 0


def has_look_alike_digits(value: str) -> bool:
    """True when `value` has digits that are not 0-9: `１２`, `١٢`, `²`, `①` and the like."""
    return any(not ("0" <= ch <= "9") and unicodedata.digit(ch, None) is not None for ch in value)


def employee_number_key(value: str) -> str:
    """The number a person would read in `value`, to find two employees sharing one.

    Every Unicode digit (decimal digits of any script by category Nd, and No digits such as `²`)
    is read as its value, whitespace and leading zeros are dropped: `１２`, `١٢`, ` 012` and `12`
    all give `12`, so look-alikes cannot hide a duplicate.
    """
    read = "".join(
        str(unicodedata.digit(ch)) if unicodedata.digit(ch, None) is not None else ch
        for ch in unicodedata.normalize("NFKC", value)
        if not (ch.isspace() or unicodedata.category(ch).startswith(("C", "Z")))
    )
    return read.lstrip("0") or read


def norwegian_id_digits(value: str) -> str | None:
    """The 11 ASCII digits of `value` written as a fødselsnummer/D-number, else None.

    Spaces, dots or hyphens between the digits are allowed; any other shape (10 digits, a
    letter, a full-width `０`) is None.
    """
    number = _SEPARATORS.sub("", value.strip())
    return number if len(number) == 11 and number.isascii() and number.isdigit() else None


def is_norwegian_id(value: str) -> bool:
    """True when `value` has the shape of a fødselsnummer or D-number: 11 digits 0-9."""
    return norwegian_id_digits(value) is not None


def is_valid_norwegian_id(value: str) -> bool:
    """True for an 11-digit fødselsnummer or D-number whose mod-11 check digits hold."""
    number = norwegian_id_digits(value)
    return number is not None and bool(fodselsnummer.is_valid(number))


def country_code(value: str) -> str | None:
    """ISO 3166 alpha-2 for a code or name (`no`, `NOR`, `Norway` → `NO`); None if unknown."""
    text = value.strip()
    if not text:
        return None
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def is_domestic_account(country: str | None) -> bool:
    """A bank account is Norwegian when its country is Norway or not given (seed rule)."""
    return not country or country_code(country) == NORWAY


def is_valid_kontonummer(value: str) -> bool:
    """True for an 11-digit Norwegian account number passing the mod-11 check."""
    number = digits(value)
    return len(number) == 11 and bool(kontonr.is_valid(number))


def compact_iban(value: str) -> str:
    """The IBAN without spaces, upper case."""
    return str(iban.compact(value))


def is_valid_iban(value: str) -> bool:
    """True for an IBAN whose country format and mod-97 check hold."""
    return bool(iban.is_valid(value))


def is_valid_bic(value: str) -> bool:
    """True for an 8 or 11 character BIC."""
    return bool(bic.is_valid(value))


def is_positive_integer(value: str) -> bool:
    """True for `1`, `42`, ` 007 ` — a whole number above zero."""
    text = value.strip()
    return text.isascii() and text.isdigit() and int(text) > 0


def decimal_or_none(value: object) -> Decimal | None:
    """Read a number written as text or number (`"80"`, `"80.00"`, `80.0`); None if not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
