"""Strict checks shared by the resources: identifiers, required fields, unknown keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.no import fodselsnummer, kontonr, orgnr

from emulators.payroll.errors import PayrollValidationError
from emulators.payroll.wire import Parser, to_text

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_COMPACT_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]+")


def personnr(field: str, raw: Any) -> str:
    """Empty, or an 11-digit fødselsnummer or D-number with valid check digits."""
    # Choice (spec silent): the spec allows "just birth date"; a strict payroll system cannot report
    # a bare birth date in the a-melding, so only a checksummed fnr/D-number (or "") is accepted.
    value = to_text(field, raw)
    if value and not (value.isdigit() and len(value) == 11):
        raise PayrollValidationError(field, f"{field} must be 11 digits without spaces")
    if value and not fodselsnummer.is_valid(value):
        raise PayrollValidationError(field, f"{field} is not a valid fødselsnummer or D-number")
    return value


def bank_account(field: str, raw: Any) -> str:
    """Empty, an 11-digit Norwegian kontonummer (mod 11), or an IBAN, all without spaces."""
    # Choice (spec silent): identifiers must arrive compact (no spaces or dots) and are never
    # normalised, so what a client reads back is exactly what it wrote.
    value = to_text(field, raw)
    if not value:
        return value
    if value.isdigit():
        if len(value) == 11 and kontonr.is_valid(value):
            return value
        raise PayrollValidationError(field, f"{field} is not a valid Norwegian account number")
    if _COMPACT_IBAN.fullmatch(value) and stdnum_iban.is_valid(value):
        return value
    raise PayrollValidationError(
        field, f"{field} must be an 11-digit account number or an IBAN without spaces"
    )


def bic(field: str, raw: Any) -> str:
    """Empty, or an upper-case 8- or 11-character BIC/SWIFT code."""
    value = to_text(field, raw)
    if value and not (value == value.upper() and stdnum_bic.is_valid(value)):
        raise PayrollValidationError(field, f"{field} is not a valid BIC/SWIFT code")
    return value


def country_code(field: str, raw: Any) -> str:
    """Empty, or an upper-case ISO 3166-1 alpha-2 code such as ``NO``."""
    value = to_text(field, raw)
    if value and value not in iso_country_codes():
        raise PayrollValidationError(field, f"{field} must be an ISO country code like NO")
    return value


def organization_number(field: str, raw: Any) -> str:
    """Empty, or a 9-digit organisasjons-/virksomhetsnummer with a valid mod-11 check digit."""
    value = to_text(field, raw)
    if value and not (value.isdigit() and len(value) == 9 and orgnr.is_valid(value)):
        raise PayrollValidationError(field, f"{field} is not a valid 9-digit organization number")
    return value


def email(field: str, raw: Any) -> str:
    """Empty, or something shaped like an e-mail address."""
    value = to_text(field, raw)
    if value and not _EMAIL.fullmatch(value):
        raise PayrollValidationError(field, f"{field} is not a valid e-mail address")
    return value


def digits(count: int) -> Parser:
    """Empty, or exactly ``count`` digits (``profession_code``, ``taxtable``)."""

    def parse(field: str, raw: Any) -> str:
        value = to_text(field, raw)
        if value and not (value.isdigit() and len(value) == count):
            raise PayrollValidationError(field, f"{field} must be exactly {count} digits")
        return value

    return parse


@cache
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, read from the table tzdata (a dependency) ships."""
    table = files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text(encoding="utf-8")
    return frozenset(
        line.split("\t", 1)[0] for line in table.splitlines() if line and not line.startswith("#")
    )


def require_object(field: str, raw: Any) -> dict[str, Any]:
    """The request body (or a nested value) must be a JSON object."""
    if not isinstance(raw, dict):
        raise PayrollValidationError(field, f"{field} must be a JSON object")
    return raw


def require(record: Mapping[str, Any], field: str, reason: str = "") -> None:
    """Reject a record whose ``field`` is empty."""
    if record.get(field, "") == "":
        message = f"{field} is required{' ' + reason if reason else ''}"
        raise PayrollValidationError(field, message)


def parse_known(
    fields: Mapping[str, Any],
    parsers: Mapping[str, Parser],
    *,
    ignored: Iterable[str] = (),
    strict_unknown_keys: bool = False,
) -> dict[str, Any]:
    """Parse the keys a resource knows; drop read-only keys and (by default) unknown ones.

    Args:
        fields: The JSON object as sent.
        parsers: One parser per writable field.
        ignored: Read-only keys a client may echo back from a GET; always dropped silently.
        strict_unknown_keys: Reject any other key instead of dropping it.

    Returns:
        The writable fields in their stored wire form.
    """
    # Choice (spec silent): unknown keys (the integration's "note", its "endDate" spelling) are
    # ignored by default, as PHP-style APIs built on field lists usually do; the switch turns them
    # into a 400 so tests can catch a key the payroll system would silently drop.
    parsed: dict[str, Any] = {}
    skip = set(ignored)
    for key, raw in fields.items():
        if key in parsers:
            parsed[key] = parsers[key](key, raw)
        elif strict_unknown_keys and key not in skip:
            raise PayrollValidationError(key, f"{key} is not a field of this resource")
    return parsed
