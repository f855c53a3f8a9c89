"""The named value conversions the mapping table refers to: AlexisHR values → payroll text.

Each takes the row's source values in the table's order and returns the payroll wire value, or
None when the source has nothing to say (the table decides whether that clears or keeps).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from schemas.codes import ENDDATE_REASONS, SALARY_TYPES
from schemas.hr_checks import note_parts
from schemas.identifiers import (
    compact_iban,
    country_code,
    decimal_or_none,
    digits,
    is_domestic_account,
    norwegian_id_digits,
)

CENT = Decimal("0.01")


def text(value: object) -> str | None:
    """Trimmed text; None for missing or blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    stripped = str(value).strip()
    return stripped or None


def as_text(value: object) -> str | None:
    """The value as it is, trimmed."""
    return text(value)


def whole_number(value: object) -> str | None:
    """`007` → `7`: the employee number as the payroll's integer key."""
    number = text(value)
    # ASCII only: `int()` would read `١٢` as 12 and fail on `²`.
    return str(int(number)) if number and number.isascii() and number.isdigit() else None


def first_filled(*values: object) -> str | None:
    """The first value that is not blank (work e-mail, else private e-mail)."""
    return next((t for t in map(text, values) if t), None)


def norwegian_id(ssn: object) -> str | None:
    """The ssn's digits when they form an 11-digit fødselsnummer/D-number, else nothing.

    A foreign social security number cannot be a personnr; it still travels as the
    internationalID, so the payroll can identify the person.
    """
    number = text(ssn)
    return norwegian_id_digits(number) if number else None


def id_digits(ssn: object) -> str | None:
    """The ssn without separators (digits and letters kept, as foreign ids may have letters)."""
    number = text(ssn)
    return "".join(ch for ch in number if ch.isascii() and ch.isalnum()).upper() if number else None


def country(value: object) -> str | None:
    """ISO 3166 alpha-2, upper case, from a code or a country name."""
    name = text(value)
    return country_code(name) if name else None


def bank_account(bank_country: object, number: object, iban: object) -> str | None:
    """The account number for a Norwegian (or country-less) account, else the IBAN."""
    if is_domestic_account(text(bank_country)):
        account = text(number)
        return digits(account) if account else None
    foreign = text(iban)
    return compact_iban(foreign) if foreign else None


def upper_compact(value: object) -> str | None:
    """BIC and the like: no spaces, upper case."""
    code = text(value)
    return code.replace(" ", "").upper() if code else None


def _day(value: object) -> date | None:
    # pandas' NaT passes isinstance(date) but never equals itself.
    return value if isinstance(value, date) and value == value else None


def iso_date(value: object) -> str | None:
    """A local calendar date as `YYYY-MM-DD`."""
    day = _day(value)
    return day.isoformat() if day else None


def salary_type(payout_period: object) -> str | None:
    """MONTHLY → monthly, HOURLY → hourly, ANNUAL → monthly (paid as twelfths)."""
    period = text(payout_period) or ""
    return SALARY_TYPES[period][0] if period in SALARY_TYPES else None


def salary_amount(amount: object, payout_period: object) -> str | None:
    """The amount per payroll period, rounded to øre: an annual amount is divided by 12."""
    value, period = decimal_or_none(amount), text(payout_period) or ""
    if value is None or period not in SALARY_TYPES:
        return None
    per_period = value / SALARY_TYPES[period][1]
    return str(per_period.quantize(CENT, rounding=ROUND_HALF_UP))


def employment_form(type_name: object) -> str | None:
    """`midlertidig` when the employment type's name contains "temporary", else `fast`."""
    name = text(type_name) or ""
    return "midlertidig" if "temporary" in name.casefold() else "fast"


def percentage(rate: object) -> str | None:
    """An employment rate as the payroll writes it: `80` → `80.00`."""
    value = decimal_or_none(rate)
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def profession_code(note: object) -> str | None:
    """The 7 digits before the colon of the employment note (`2130102:3` → `2130102`)."""
    parts = note_parts(note)
    return parts[0] if parts else None


def enddate_reason(note: object, end_date: object) -> str | None:
    """The a-melding end reason named by the digit after the colon, for ended employments only."""
    parts = note_parts(note)
    if _day(end_date) is None or parts is None:
        return None
    return ENDDATE_REASONS.get(parts[1])
