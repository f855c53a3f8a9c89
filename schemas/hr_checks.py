"""The row tests and column lists behind the AlexisHR frame checks, and AlexisHR's leave values."""

from __future__ import annotations

import re

import pandas as pd

from schemas.codes import ENDDATE_REASONS
from schemas.identifiers import (
    country_code,
    employee_number_key,
    has_look_alike_digits,
    is_domestic_account,
    is_employee_number,
    is_norwegian_id,
    is_valid_iban,
    is_valid_kontonummer,
    is_valid_norwegian_id,
)
from schemas.text import MAX_LENGTHS

# Every text column an employee row carries from AlexisHR (all are checked for control and
# invisible characters; those in MAX_LENGTHS also for length).
EMPLOYEE_TEXT = (
    "employeeNumber", "firstName", "lastName", "workEmail", "privateEmail", "ssn", "nationality",
    "homeAddress.street", "homeAddress.postalCode", "homeAddress.city", "homeAddress.country",
    "bankAccount.number", "bankAccount.iban", "bankAccount.bic", "bankAccount.clearing",
    "bankAccount.country", "compensation.currency", "compensation.payoutPeriod",
)  # fmt: skip
EMPLOYEE_LIMITED = tuple(c for c in EMPLOYEE_TEXT if c in MAX_LENGTHS)
# The values AlexisHR documents (reference §leave); anything else is new to us and held back.
LEAVE_STATUSES = ("PENDING", "DENIED", "CANCELLED", "APPROVED", "CONFIRMED")
LEAVE_DURATIONS = ("minutes", "half_day", "one_day", "longer")
UNKNOWN_STATUS = (
    f"is not a leave status AlexisHR documents ({', '.join(LEAVE_STATUSES)}): the leave is "
    "neither exported nor rejected until it has one"
)
UNKNOWN_DURATION = f"is not a leave duration AlexisHR documents ({', '.join(LEAVE_DURATIONS)})"

# `2130102` or `2130102:3`: a 7-digit profession code, optionally a colon and a reason digit.
EMPLOYMENT_NOTE = re.compile(r"^\s*(?P<code>[0-9]{7})\s*(?::\s*(?P<reason>[0-9]+)\s*)?$")


def note_parts(note: object) -> tuple[str, str] | None:
    """Split an employment note into (profession code, reason digit); None when malformed."""
    if not isinstance(note, str):
        return None
    match = EMPLOYMENT_NOTE.match(note)
    return (match["code"], match["reason"] or "") if match else None


def positive_numbers(numbers: pd.Series[str]) -> pd.Series[bool]:
    """True where an employee number is plain digits or look-alike ones (checked apart)."""
    return numbers.map(
        lambda n: isinstance(n, str) and (is_employee_number(n) or has_look_alike_digits(n))
    ).astype(bool)


def plain_digit_numbers(numbers: pd.Series[str]) -> pd.Series[bool]:
    """True where an employee number holds no look-alike digits."""
    return ~numbers.map(lambda n: isinstance(n, str) and has_look_alike_digits(n)).astype(bool)


def unique_numbers(numbers: pd.Series[str]) -> pd.Series[bool]:
    """True where no other employee has the number as a person reads it."""
    # Look-alike digits, spaces and leading zeros ignored, so `12`, `012` and `１２` are one
    # number and every holder of it is held back.
    keys = numbers.map(lambda n: employee_number_key(n) if isinstance(n, str) else n)
    return numbers.isna() | ~(keys.duplicated(keep=False) & keys.notna())


def norwegians_have_norwegian_ids(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a Norwegian national's ssn is shaped as a fødselsnummer or D-number."""
    # Never sent as a "foreign" internationalID with country NO instead.
    shaped = frame["ssn"].map(lambda s: isinstance(s, str) and is_norwegian_id(s))
    return ~_is_norwegian(frame["nationality"]) | shaped.astype(bool)


def foreigners_have_some_id(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a foreign national's ssn holds at least one letter or digit."""
    has_id = frame["ssn"].map(
        lambda s: isinstance(s, str) and any(ch.isascii() and ch.isalnum() for ch in s)
    )
    return _is_norwegian(frame["nationality"]) | has_id.astype(bool)


def has_valid_check_digits(ssn: str) -> bool:
    """True unless an ssn shaped as a fødselsnummer or D-number fails its mod-11 check digits."""
    return not is_norwegian_id(ssn) or is_valid_norwegian_id(ssn)


def is_country_or_blank(value: str) -> bool:
    """True for a blank text or one naming an ISO 3166 country."""
    return not value.strip() or country_code(value) is not None


def norwegian_postal_codes(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a Norwegian home address has no postal code or one of 4 digits."""
    norwegian = frame["homeAddress.country"].map(
        lambda c: isinstance(c, str) and country_code(c) == "NO"
    )
    # A missing code is no error (payroll takes an empty zipcode); a wrong one would be.
    codes = frame["homeAddress.postalCode"].astype("str").str.strip()
    well_formed = codes.str.fullmatch(r"[0-9]{4}").fillna(False).astype(bool)
    return ~norwegian.astype(bool) | codes.isna() | well_formed


def domestic_accounts(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a Norwegian account has no number or one passing the mod-11 check."""
    rows = zip(frame["bankAccount.country"], frame["bankAccount.number"], strict=True)
    return pd.Series(
        [
            not is_domestic_account(_text(c)) or not _text(n) or is_valid_kontonummer(n)
            for c, n in rows
        ],
        index=frame.index,
    )


def foreign_accounts(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a foreign account has a valid IBAN."""
    rows = zip(frame["bankAccount.country"], frame["bankAccount.iban"], strict=True)
    return pd.Series(
        [is_domestic_account(_text(c)) or is_valid_iban(_text(i)) for c, i in rows],
        index=frame.index,
    )


def is_well_formed_note(note: str) -> bool:
    """True for a blank note or a profession code with an optional known end-date reason."""
    parts = note_parts(note)
    return not note.strip() or (parts is not None and parts[1] in ("", *ENDDATE_REASONS))


def employments_end_after_start(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where an employment has no end date or ends on or after its start."""
    end, start = frame["endDate"], frame["startDate"]
    return pd.Series(
        [pd.isna(e) or e >= s for e, s in zip(end, start, strict=True)], index=frame.index
    )


def ended_with_reason(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where an employment has no end date or a note naming an end-date reason."""
    rows = zip(frame["endDate"], frame["note"], strict=True)
    return pd.Series(
        [pd.isna(end) or _reason_of(note) in ENDDATE_REASONS for end, note in rows],
        index=frame.index,
    )


def leaves_end_after_start(frame: pd.DataFrame) -> pd.Series[bool]:
    """True where a leave ends on or after its start (a missing date is named elsewhere)."""
    rows = zip(frame["startDate"], frame["endDate"], strict=True)
    return pd.Series(
        [_missing(start) or _missing(end) or end >= start for start, end in rows],
        index=frame.index,
    )


def _is_norwegian(nationality: pd.Series[str]) -> pd.Series[bool]:
    return nationality.map(lambda c: isinstance(c, str) and country_code(c) == "NO").astype(bool)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _reason_of(note: object) -> str:
    parts = note_parts(note)
    return parts[1] if parts else ""


def _missing(day: object) -> bool:
    return day is None or day != day  # None or NaT; the required check names those
