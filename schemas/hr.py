"""Pandera models of the AlexisHR frames (employees, employments, leave), every quarantine rule."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import hr_checks as hc
from schemas.checks import (
    TOO_LONG,
    UNPRINTABLE,
    YEARS_AHEAD,
    plausible_dates,
    printable,
    within_length,
)
from schemas.codes import SALARY_CURRENCY, SALARY_TYPES

# Columns are named by their AlexisHR field path (`bankAccount.number`), so a failure names the
# field an HR administrator has to fix. Check names read `field|reason`: the quarantine report is
# made from them and never from the failing values, which may be personal data.

# The column listing, per row, the AlexisHR fields the answer did not carry (comma-separated
# column names). Those values are unknown, not empty: the mapping leaves their payroll values
# alone (see `tasks.engine.rules.apply_rules`).
ABSENT = "absentFields"
ABSENT_SEPARATOR = ","


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
        return hc.positive_numbers(numbers)

    @pa.check(
        "employeeNumber",
        name="employeeNumber|is written with look-alike digits (full-width, Arabic-Indic, "
        "superscript…), not 0-9: payroll would read another number or none",
    )
    def _number_has_plain_digits(cls, numbers: pd.Series[str]) -> pd.Series[bool]:
        return hc.plain_digit_numbers(numbers)

    @pa.check(
        "employeeNumber",
        name="employeeNumber|is used by more than one employee (also when look-alike digits, "
        "spaces and leading zeros are ignored)",
    )
    def _number_is_unique(cls, numbers: pd.Series[str]) -> pd.Series[bool]:
        return hc.unique_numbers(numbers)

    @pa.check(*hc.EMPLOYEE_TEXT, name=UNPRINTABLE)
    def _printable(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return printable(values)

    @pa.check(*hc.EMPLOYEE_LIMITED, name=TOO_LONG)
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
        return hc.norwegians_have_norwegian_ids(frame)

    @pa.dataframe_check(
        name="ssn|is required: without a Norwegian fødselsnummer/D-number a person needs an "
        "international id (the ssn is blank)"
    )
    def _foreigner_has_some_id(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.foreigners_have_some_id(frame)

    @pa.check(
        "ssn",
        element_wise=True,
        name="ssn|11-digit fødselsnummer/D-number fails its mod-11 check digits",
    )
    def _ssn_check_digits(cls, ssn: str) -> bool:
        return hc.has_valid_check_digits(ssn)

    @pa.check("nationality", element_wise=True, name="nationality|is not an ISO 3166 country")
    def _nationality_is_country(cls, value: str) -> bool:
        return hc.is_country_or_blank(value)

    @pa.check("homeAddress.country", element_wise=True, name="homeAddress.country|is not a country")
    def _home_country_is_country(cls, value: str) -> bool:
        return hc.is_country_or_blank(value)

    @pa.dataframe_check(name="homeAddress.postalCode|a Norwegian postal code has 4 digits")
    def _norwegian_postal_code(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.norwegian_postal_codes(frame)

    @pa.dataframe_check(
        name="bankAccount.number|a Norwegian account needs 11 digits passing the mod-11 check"
    )
    def _domestic_account(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.domestic_accounts(frame)

    @pa.dataframe_check(name="bankAccount.iban|a foreign bank account needs a valid IBAN")
    def _foreign_account(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.foreign_accounts(frame)

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
        return hc.is_well_formed_note(note)

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
        return hc.employments_end_after_start(frame)

    @pa.dataframe_check(
        name="note|an employment with an end date needs an end-date reason (1-6) after the colon"
    )
    def _ended_with_reason(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.ended_with_reason(frame)


class HrLeaveFrame(pa.DataFrameModel):
    """One row per AlexisHR leave, joined with its type, employee number, child and payroll type.

    Dates are calendar days in the tenant's time zone. The `payroll.*` columns describe the
    chosen 24SevenOffice absence type (what it allows), `child.*` the AlexisHR child.
    """

    id: Series[str]
    employee_id: Series[str] = pa.Field(alias="employeeId")
    employee_number: Series[str] = pa.Field(alias="employeeNumber", nullable=True)
    last_name: Series[str] = pa.Field(alias="employee.lastName", nullable=True)
    status: Series[str]
    duration: Series[str] = pa.Field(nullable=True)
    start_date: Series[pa.Date] = pa.Field(alias="startDate")
    end_date: Series[pa.Date] = pa.Field(alias="endDate")
    description: Series[str] = pa.Field(nullable=True)
    grade: Series[float] = pa.Field(alias="gradePercentage", nullable=True)
    type_name: Series[str] = pa.Field(alias="type.name")
    code: Series[str] = pa.Field(alias="type.payrollCode", nullable=True)
    child_id: Series[str] = pa.Field(alias="childId", nullable=True)
    child_name: Series[str] = pa.Field(alias="child.name", nullable=True)
    child_birthdate: Series[pa.Date] = pa.Field(alias="child.birthdate", nullable=True)
    allows_percent: Series[bool] = pa.Field(alias="payroll.percentage")
    category: Series[str] = pa.Field(alias="payroll.category", nullable=True)
    parental: Series[bool] = pa.Field(alias="payroll.parental")
    payroll_child_id: Series[str] = pa.Field(alias="payroll.childId", nullable=True)
    # The misfits of the leave's AlexisHR records (leave, type, code, child); see AlexisRecord.
    wire: Series[str] = pa.Field(nullable=True)

    class Config:
        """Exactly these columns; types are set when the frame is built."""

        strict = True

    @pa.dataframe_check(name="endDate|is before the start date")
    def _ends_after_start(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return hc.leaves_end_after_start(frame)

    @pa.check("type.name", "child.name", name=UNPRINTABLE)
    def _printable(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return printable(values)

    # A description is free text: line breaks and tabs are fine there, nothing else invisible.
    @pa.check("description", name=UNPRINTABLE)
    def _printable_description(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return printable(values.str.replace(r"\r?\n|\t", " ", regex=True))

    @pa.check("description", "child.name", name=TOO_LONG)
    def _not_too_long(cls, values: pd.Series[str]) -> pd.Series[bool]:
        return within_length(values)

    @pa.check(
        "startDate", "endDate", name=f"*|must be after 1900 and at most {YEARS_AHEAD} years ahead"
    )
    def _plausible_dates(cls, day: pd.Series[date]) -> pd.Series[bool]:
        return plausible_dates(day)

    @pa.check("child.birthdate", name="child.birthdate|must be after 1900 and not in the future")
    def _plausible_birth(cls, born: pd.Series[date]) -> pd.Series[bool]:
        return plausible_dates(born, future=False)

    @pa.check("duration", name=f"duration|{hc.UNKNOWN_DURATION}")
    def _known_duration(cls, duration: pd.Series[str]) -> pd.Series[bool]:
        return duration.isna() | duration.isin(hc.LEAVE_DURATIONS)

    @pa.check("gradePercentage", name="gradePercentage|must be between 0 and 100")
    def _grade(cls, grade: pd.Series[float]) -> pd.Series[bool]:
        return grade.isna() | grade.between(0, 100)
