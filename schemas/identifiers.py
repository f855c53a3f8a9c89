"""Checks and normalisation of identifiers: fødselsnummer, bank accounts, countries, numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pycountry
from stdnum import bic, iban
from stdnum.no import fodselsnummer, kontonr

_NON_DIGITS = re.compile(r"\D")
NORWAY = "NO"


def digits(value: str) -> str:
    """Keep only the digits of `value` (`010190 12345` → `01019012345`)."""
    return _NON_DIGITS.sub("", value)


def is_norwegian_id(value: str) -> bool:
    """True when `value` has 11 digits: the shape of a fødselsnummer or D-number."""
    return len(digits(value)) == 11


def is_valid_norwegian_id(value: str) -> bool:
    """True for an 11-digit fødselsnummer or D-number whose mod-11 check digits hold."""
    number = digits(value)
    return len(number) == 11 and bool(fodselsnummer.is_valid(number))


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
    return text.isdigit() and int(text) > 0


def decimal_or_none(value: object) -> Decimal | None:
    """Read a number written as text or number (`"80"`, `"80.00"`, `80.0`); None if not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
