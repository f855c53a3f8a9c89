"""Pandera models of the AlexisHR frames the sync reads, with every quarantine rule.

Columns are named by their AlexisHR field path (`bankAccount.number`), so a failure names the
field an HR administrator has to fix. Check names read `field|reason`: the quarantine report is
made from them and never from the failing values, which may be personal data.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.checks import (
    TOO_LONG,
    UNPRINTABLE,
    YEARS_AHEAD,
    plausible_dates,
    printable,
    within_length,
)
from schemas.codes import ENDDATE_REASONS, SALARY_CURRENCY, SALARY_TYPES
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

# The column listing, per row, the AlexisHR fields the answer did not carry (comma-separated
# column names). Those values are unknown, not empty: the mapping leaves their payroll values
# alone (see `tasks.transform.apply_rules`).
ABSENT = "absentFields"
ABSENT_SEPARATOR = ","

# Every text column an employee row carries from AlexisHR (all are checked for control and
# invisible characters; those in MAX_LENGTHS also for length).
EMPLOYEE_TEXT = (
    "employeeNumber", "firstName", "lastName", "workEmail", "privateEmail", "ssn", "nationality",
    "homeAddress.street", "homeAddress.postalCode", "homeAddress.city", "homeAddress.country",
    "bankAccount.number", "bankAccount.iban", "bankAccount.bic", "bankAccount.clearing",
    "bankAccount.country", "compensation.currency", "compensation.payoutPeriod",
)  # fmt: skip
EMPLOYEE_LIMITED = tuple(c for c in EMPLOYEE_TEXT if c in MAX_LENGTHS)
# `2130102` or `2130102:3`: a 7-digit profession code, optionally a colon and a reason digit.
EMPLOYMENT_NOTE = re.compile(r"^\s*(?P<code>[0-9]{7})\s*(?::\s*(?P<reason>[0-9]+)\s*)?$")


def note_parts(note: object) -> tuple[str, str] | None:
    """Split an employment note into (profession code, reason digit); None when malformed."""
    if not isinstance(note, str):
        return None
    match = EMPLOYMENT_NOTE.match(note)
    return (match["code"], match["reason"] or "") if match else None


class HrEmployeeFrame(pa.DataFrameModel):
    """One row per AlexisHR employee, joined with the latest compensation row."""

    id: Series[str]
    employee_number: Series[str] = pa.Field(alias="employeeNumber", nullable=True)
    active: Series[bool]
    first_name: Series[str] = pa.Field(alias="firstName")
    last_name: Series[str] = pa.Field(alias="lastName")
    work_email: Series[str] = pa.Field(alias="workEmail", nullable=True)
    private_email: Series[str] = pa.Field(alias="privateEmail", nullable=True)
    ssn: Series[str] = pa.Field(nullable=True)
    nationality: Series[str] = pa.Field(nullable=True)
    street: Series[str] = pa.Field(alias="homeAddress.street", nullable=True)
    postal_code: Series[str] = pa.Field(alias="homeAddress.postalCode", nullable=True)
    city: Series[str] = pa.Field(alias="homeAddress.city", nullable=True)
    home_country: Series[str] = pa.Field(alias="homeAddress.country", nullable=True)
    bank_number: Series[str] = pa.Field(alias="bankAccount.number", nullable=True)
    bank_iban: Series[str] = pa.Field(alias="bankAccount.iban", nullable=True)
    bank_bic: Series[str] = pa.Field(alias="bankAccount.bic", nullable=True)
    bank_clearing: Series[str] = pa.Field(alias="bankAccount.clearing", nullable=True)
    bank_country: Series[str] = pa.Field(alias="bankAccount.country", nullable=True)
    department_id: Series[str] = pa.Field(alias="departmentId", nullable=True)
    office_id: Series[str] = pa.Field(alias="officeId", nullable=True)
    salary_from: Series[pa.Date] = pa.Field(alias="compensation.effectiveDate", nullable=True)
    salary_amount: Series[float] = pa.Field(alias="compensation.amount", nullable=True)
    salary_currency: Series[str] = pa.Field(alias="compensation.currency", nullable=True)
    payout_period: Series[str] = pa.Field(alias="compensation.payoutPeriod", nullable=True)
    absent_fields: Series[str] = pa.Field(alias=ABSENT)
    birth_date: Series[pa.Date] = pa.Field(alias="birthDate", nullable=True)
    # The misfits of the employee's AlexisHR records (`field|reason` lines); see AlexisRecord.
    wire: Series[str] = pa.Field(nullable=True)

    class Config:
        """Exactly these columns; types are set when the frame is built."""

        strict = True

    # ignore_na=False: a missing number must be quarantined here, where the report can name the
    # employee by AlexisHR id, not later by the empty empId it would produce.
    @pa.check(
        "employeeNumber",
        ignore_na=False,
        name="employeeNumber|must be a positive whole number: 1 to 9 digits 0-9, without "
        "spaces, signs or other characters",
    )
    def _number_is_positive(cls, numbers: pd.Series[str]) -> pd.Series[bool]:
        return numbers.map(
            lambda n: isinstance(n, str) and (is_employee_number(n) or has_look_alike_digits(n))
        ).astype(bool)

    @pa.check(
        "employeeNumber",
        name="employeeNumber|is written with look-alike digits (full-width, Arabic-Indic, "
        "superscript…), not 0-9: payroll would read another number or none",
    )
    def _number_has_plain_digits(cls, numbers: pd.Series[str]) -> pd.Series[bool]:
        return ~numbers.map(lambda n: isinstance(n, str) and has_look_alike_digits(n)).astype(bool)

    # Compared as a person reads the number (look-alike digits, spaces and leading zeros
    # ignored), so `12`, `012` and `１２` are one number and every holder of it is held back.
    @pa.check(
        "employeeNumber",
        name="employeeNumber|is used by more than one employee (also when look-alike digits, "
        "spaces and leading zeros are ignored)",
    )
    def _number_is_unique(cls, numbers: pd.Series[str]) -> pd.Series[bool]:
        keys = numbers.map(lambda n: employee_number_key(n) if isinstance(n, str) else n)
        return numbers.isna() | ~(keys.duplicated(keep=False) & keys.notna())

    @pa.check(*EMPLOYEE_TEXT, name=UNPRINTABLE)
    def _printable(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return printable(values)

    @pa.check(*EMPLOYEE_LIMITED, name=TOO_LONG)
    def _not_too_long(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return within_length(values)

    @pa.check("birthDate", name="birthDate|must be after 1900 and not in the future")
    def _plausible_birth(cls, born: pd.Series[date]) -> pd.Series[bool]:
        return plausible_dates(born, future=False)

    @pa.check(
        "compensation.effectiveDate",
        name=f"compensation.effectiveDate|must be after 1900 and at most {YEARS_AHEAD} years ahead",
    )
    def _plausible_salary_date(cls, day: pd.Series[date]) -> pd.Series[bool]:
        return plausible_dates(day)

    @pa.dataframe_check(
        name="ssn|a Norwegian national needs an 11-digit fødselsnummer or D-number (digits 0-9)"
    )
    def _norwegian_has_norwegian_id(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        # Never sent as a "foreign" internationalID with country NO instead.
        shaped = frame["ssn"].map(lambda s: isinstance(s, str) and is_norwegian_id(s))
        return ~_is_norwegian(frame["nationality"]) | shaped.astype(bool)

    @pa.dataframe_check(
        name="ssn|is required: without a Norwegian fødselsnummer/D-number a person needs an "
        "international id (the ssn is blank)"
    )
    def _foreigner_has_some_id(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        has_id = frame["ssn"].map(
            lambda s: isinstance(s, str) and any(ch.isascii() and ch.isalnum() for ch in s)
        )
        return _is_norwegian(frame["nationality"]) | has_id.astype(bool)

    @pa.check(
        "ssn",
        element_wise=True,
        name="ssn|11-digit fødselsnummer/D-number fails its mod-11 check digits",
    )
    def _ssn_check_digits(cls, ssn: str) -> bool:
        return not is_norwegian_id(ssn) or is_valid_norwegian_id(ssn)

    @pa.check("nationality", element_wise=True, name="nationality|is not an ISO 3166 country")
    def _nationality_is_country(cls, value: str) -> bool:
        return not value.strip() or country_code(value) is not None

    @pa.check("homeAddress.country", element_wise=True, name="homeAddress.country|is not a country")
    def _home_country_is_country(cls, value: str) -> bool:
        return not value.strip() or country_code(value) is not None

    @pa.dataframe_check(name="homeAddress.postalCode|a Norwegian postal code has 4 digits")
    def _norwegian_postal_code(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        norwegian = frame["homeAddress.country"].map(
            lambda c: isinstance(c, str) and country_code(c) == "NO"
        )
        # A missing code is no error (payroll takes an empty zipcode); a wrong one would be.
        codes = frame["homeAddress.postalCode"].astype("str").str.strip()
        well_formed = codes.str.fullmatch(r"[0-9]{4}").fillna(False).astype(bool)
        return ~norwegian.astype(bool) | codes.isna() | well_formed

    @pa.dataframe_check(
        name="bankAccount.number|a Norwegian account needs 11 digits passing the mod-11 check"
    )
    def _domestic_account(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        rows = zip(frame["bankAccount.country"], frame["bankAccount.number"], strict=True)
        return pd.Series(
            [
                not is_domestic_account(_text(c)) or not _text(n) or is_valid_kontonummer(n)
                for c, n in rows
            ],
            index=frame.index,
        )

    @pa.dataframe_check(name="bankAccount.iban|a foreign bank account needs a valid IBAN")
    def _foreign_account(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        rows = zip(frame["bankAccount.country"], frame["bankAccount.iban"], strict=True)
        return pd.Series(
            [is_domestic_account(_text(c)) or is_valid_iban(_text(i)) for c, i in rows],
            index=frame.index,
        )

    @pa.check("compensation.currency", name=f"compensation.currency|must be {SALARY_CURRENCY}")
    def _currency_is_nok(cls, currency: pd.Series[str]) -> pd.Series[bool]:
        return currency.isna() | (currency == SALARY_CURRENCY)

    @pa.check(
        "compensation.payoutPeriod",
        name="compensation.payoutPeriod|24SevenOffice pays only MONTHLY, HOURLY or ANNUAL",
    )
    def _payable_period(cls, period: pd.Series[str]) -> pd.Series[bool]:
        return period.isna() | period.isin(list(SALARY_TYPES))

    @pa.check("compensation.amount", name="compensation.amount|must not be negative")
    def _amount_not_negative(cls, amount: pd.Series[float]) -> pd.Series[bool]:
        return amount.isna() | (amount >= 0)


class HrEmploymentFrame(pa.DataFrameModel):
    """One row per AlexisHR employment, joined with its type's name and employee number."""

    id: Series[str]
    employee_id: Series[str] = pa.Field(alias="employeeId")
    employee_number: Series[str] = pa.Field(alias="employeeNumber", nullable=True)
    start_date: Series[pa.Date] = pa.Field(alias="startDate")
    end_date: Series[pa.Date] = pa.Field(alias="endDate", nullable=True)
    rate: Series[float] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)
    type_name: Series[str] = pa.Field(alias="type.name", nullable=True)
    wire: Series[str] = pa.Field(nullable=True)

    class Config:
        """Exactly these columns; types are set when the frame is built."""

        strict = True

    @pa.check("type.name", ignore_na=False, name="typeId|refers to no employment type")
    def _type_exists(cls, name: pd.Series[str]) -> pd.Series[bool]:
        return name.notna()

    @pa.check("rate", name="rate|must be a percentage between 0 and 100")
    def _rate_is_percentage(cls, rate: pd.Series[float]) -> pd.Series[bool]:
        return rate.isna() | rate.between(0, 100)

    @pa.check(
        "note",
        element_wise=True,
        name="note|must be a 7-digit profession code, optionally ':' and an end-date reason 1-6",
    )
    def _note_is_well_formed(cls, note: str) -> bool:
        parts = note_parts(note)
        return not note.strip() or (parts is not None and parts[1] in ("", *ENDDATE_REASONS))

    @pa.check("note", "type.name", name=UNPRINTABLE)
    def _printable(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return printable(values)

    @pa.check(
        "startDate", "endDate", name=f"*|must be after 1900 and at most {YEARS_AHEAD} years ahead"
    )
    def _plausible_dates(cls, day: pd.Series[date]) -> pd.Series[bool]:
        return plausible_dates(day)

    @pa.dataframe_check(name="endDate|is before the start date")
    def _ends_after_start(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        end, start = frame["endDate"], frame["startDate"]
        return pd.Series(
            [pd.isna(e) or e >= s for e, s in zip(end, start, strict=True)], index=frame.index
        )

    @pa.dataframe_check(
        name="note|an employment with an end date needs an end-date reason (1-6) after the colon"
    )
    def _ended_with_reason(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        rows = zip(frame["endDate"], frame["note"], strict=True)
        return pd.Series(
            [pd.isna(end) or _reason_of(note) in ENDDATE_REASONS for end, note in rows],
            index=frame.index,
        )


def _is_norwegian(nationality: pd.Series[str]) -> pd.Series[bool]:
    return nationality.map(lambda c: isinstance(c, str) and country_code(c) == "NO").astype(bool)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _reason_of(note: object) -> str:
    parts = note_parts(note)
    return parts[1] if parts else ""
