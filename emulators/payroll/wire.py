"""Wire conventions of the payroll API: every scalar travels as a string, ``""`` when unset."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from emulators.payroll.errors import PayrollValidationError

OSLO = ZoneInfo("Europe/Oslo")

Parser = Callable[[str, Any], Any]
"""Turns one raw JSON value of the named field into its stored wire form, or raises."""

_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_INTEGER = re.compile(r"-?\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_text(field: str, raw: Any) -> str:
    """Accept a string or a number (real clients send both) and return the string form.

    Args:
        field: Field name, for the error message.
        raw: The JSON value as decoded.

    Returns:
        The value as text; ``""`` for null.
    """
    # Choice (spec silent): JSON null means "unset", the same as "" (unset fields read back "").
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise PayrollValidationError(field, f"{field} must be a string or a number, not a boolean")
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float) and math.isfinite(raw):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    raise PayrollValidationError(field, f"{field} must be a string or a number")


def text() -> Parser:
    """Free text; numbers are turned into their string form."""
    return to_text


def decimal_number(
    *,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
    places: int = 2,
    fixed: bool = True,
) -> Parser:
    """A decimal with at most ``places`` decimals, shown as the spec shows it.

    Args:
        minimum: Smallest allowed value, or None.
        maximum: Largest allowed value, or None.
        places: Decimals accepted; more is rejected rather than silently rounded (it is money).
        fixed: Show exactly ``places`` decimals (``"100000.00"``), else strip zeros (``"100"``).

    Returns:
        The parser.
    """

    def parse(field: str, raw: Any) -> str:
        value = to_text(field, raw)
        if value == "":
            return ""
        # Choice (spec silent): no decimal comma, no exponent, no rounding of extra decimals.
        if not _DECIMAL.fullmatch(value):
            raise PayrollValidationError(field, f"{field} must be a decimal number like 1234.50")
        number = Decimal(value)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise PayrollValidationError(field, f"{field} allows at most {places} decimals")
        _check_range(field, number, minimum, maximum)
        if fixed:
            return f"{number:.{places}f}"
        return format(number.normalize(), "f")

    return parse


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Parser:
    """A whole number within an optional range, stored without leading zeros."""

    def parse(field: str, raw: Any) -> str:
        value = to_text(field, raw)
        if value == "":
            return ""
        if not _INTEGER.fullmatch(value):
            raise PayrollValidationError(field, f"{field} must be a whole number")
        number = int(value)
        low = None if minimum is None else Decimal(minimum)
        high = None if maximum is None else Decimal(maximum)
        _check_range(field, Decimal(number), low, high)
        return str(number)

    return parse


def iso_date() -> Parser:
    """A calendar date written ``YYYY-MM-DD``."""

    def parse(field: str, raw: Any) -> str:
        value = to_text(field, raw)
        if value != "":
            parse_iso_date(field, value)
        return value

    return parse


def one_of(allowed: Collection[str]) -> Parser:
    """One value of a closed list, or ``""``."""

    def parse(field: str, raw: Any) -> str:
        value = to_text(field, raw)
        if value != "" and value not in allowed:
            choices = ", ".join(sorted(allowed))
            raise PayrollValidationError(field, f"{field} must be one of: {choices}")
        return value

    return parse


def parse_iso_date(field: str, value: str) -> date:
    """Parse a ``YYYY-MM-DD`` date or raise a validation error naming the field."""
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise PayrollValidationError(field, f"{field} must be a date in the format YYYY-MM-DD")


def absence_datetime(iso: str) -> str:
    """Show an absence date the way the API returns it (``2024-01-01 00:00:00``)."""
    return f"{iso} 00:00:00" if iso else ""


def oslo_timestamp(moment: datetime) -> str:
    """Local Oslo time as the API shows timestamps (``2024-03-08 11:29:11``)."""
    return moment.astimezone(OSLO).strftime("%Y-%m-%d %H:%M:%S")


def oslo_date(moment: datetime) -> str:
    """Local Oslo calendar date (``YYYY-MM-DD``) of an aware moment."""
    return moment.astimezone(OSLO).date().isoformat()


def _check_range(
    field: str, number: Decimal, minimum: Decimal | None, maximum: Decimal | None
) -> None:
    if minimum is not None and number < minimum:
        raise PayrollValidationError(field, f"{field} must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise PayrollValidationError(field, f"{field} must be at most {maximum}")
