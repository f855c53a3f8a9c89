"""Pandera models of the 24SevenOffice Lønn writes (employees, employments, absences)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.absence_codes import ABSENCE_CODES
from schemas.checks import ISO_DATE, ISO_DATE_OR_EMPTY
from schemas.codes import (
    EMPLOYMENT_FORMS,
    EMPLOYMENT_TYPES,
    ENDDATE_REASONS,
    INTERNATIONAL_ID_TYPES,
    WORKING_TIMES,
)
from schemas.identifiers import (
    decimal_or_none,
    is_positive_integer,
    is_valid_bic,
    is_valid_iban,
    is_valid_kontonummer,
    is_valid_norwegian_id,
)

# What 24SevenOffice Lønn accepts: the last gate before anything is sent. Values are wire text
# (`""` clears a field); a missing value (NA) means "leave the payroll's value alone". Check
# names read `field|reason`, like the HR models.


def _decimal_between(low: int, high: int) -> Callable[[str], bool]:
    def accepts(value: str) -> bool:
        number = decimal_or_none(value)
        return number is not None and low <= number <= high

    return accepts


class PayrollEmployeeFrame(pa.DataFrameModel):
    """An `/employee/v2` write, one row per employee."""

    # Every field but the key may be NA: AlexisHR did not send its source (unknown, see
    # `schemas.hr.ABSENT`) or the table keeps the payroll value; NA is never written.
    emp_id: Series[str] = pa.Field(alias="empId")
    email: Series[str] = pa.Field(nullable=True, str_matches=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    firstname: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1})
    lastname: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1})
    personnr: Series[str] = pa.Field(nullable=True)
    vacation_days: Series[str]
    id_type: Series[str] = pa.Field(
        alias="internationalID.type", nullable=True, isin=INTERNATIONAL_ID_TYPES
    )
    id_number: Series[str] = pa.Field(alias="internationalID.ID", nullable=True)
    id_country: Series[str] = pa.Field(
        alias="internationalID.countryCode", nullable=True, str_matches=r"^$|^[A-Z]{2}$"
    )
    postaddress: Series[str] = pa.Field(nullable=True)
    city: Series[str] = pa.Field(nullable=True)
    zipcode: Series[str] = pa.Field(nullable=True)
    country_code: Series[str] = pa.Field(
        alias="countryCode", nullable=True, str_matches=r"^$|^[A-Z]{2}$"
    )
    account: Series[str] = pa.Field(nullable=True)
    bic: Series[str] = pa.Field(nullable=True)
    clearingno: Series[str] = pa.Field(nullable=True)
    salary_valid_from: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE)
    salary_type: Series[str] = pa.Field(nullable=True, isin=("monthly", "hourly"))
    salary: Series[str] = pa.Field(nullable=True)

    class Config:
        """Exactly the integration fields."""

        strict = True

    @pa.check("empId", element_wise=True, name="empId|must be a positive integer")
    def _emp_id(cls, value: str) -> bool:
        return is_positive_integer(value)

    @pa.check("personnr", element_wise=True, name="personnr|is not a valid fødselsnummer")
    def _personnr(cls, value: str) -> bool:
        return value == "" or is_valid_norwegian_id(value)

    @pa.check("vacation_days", element_wise=True, name="vacation_days|must be 0-365")
    def _vacation_days(cls, value: str) -> bool:
        return _decimal_between(0, 365)(value)

    @pa.check(
        "account", element_wise=True, name="account|is neither a Norwegian account nor an IBAN"
    )
    def _account(cls, value: str) -> bool:
        return value == "" or is_valid_kontonummer(value) or is_valid_iban(value)

    @pa.check("bic", element_wise=True, name="bic|is not a valid BIC")
    def _bic(cls, value: str) -> bool:
        return value == "" or is_valid_bic(value)

    @pa.check("salary", element_wise=True, name="salary|must be a non-negative amount")
    def _salary(cls, value: str) -> bool:
        return _decimal_between(0, 10**9)(value)

    @pa.dataframe_check(
        name="internationalID.countryCode|is required when internationalID.ID is set"
    )
    def _id_has_country(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return (frame["internationalID.ID"] == "") | (frame["internationalID.countryCode"] != "")

    @pa.dataframe_check(name="zipcode|a Norwegian postal code has 4 digits")
    def _norwegian_zipcode(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        norwegian = frame["countryCode"] == "NO"
        well_formed = frame["zipcode"].str.fullmatch(r"[0-9]{4}").fillna(False).astype(bool)
        return ~norwegian | frame["zipcode"].isna() | well_formed


class PayrollEmploymentFrame(pa.DataFrameModel):
    """An `/employment/v2/{empId}` item, one row per employment."""

    emp_id: Series[str] = pa.Field(alias="empId")
    employment_id: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 50})
    startdate: Series[str] = pa.Field(str_matches=ISO_DATE)
    enddate: Series[str] = pa.Field(str_matches=ISO_DATE_OR_EMPTY)
    employment_form: Series[str] = pa.Field(isin=EMPLOYMENT_FORMS)
    employment_rate: Series[str]
    profession_code: Series[str] = pa.Field(str_matches=r"^$|^[0-9]{7}$")
    enddate_reason: Series[str] = pa.Field(isin=("", *ENDDATE_REASONS.values()))
    working_times: Series[str] = pa.Field(isin=WORKING_TIMES)
    employment_type: Series[str] = pa.Field(isin=EMPLOYMENT_TYPES)

    class Config:
        """Exactly the integration fields plus the employee key."""

        strict = True

    @pa.check("employment_rate", element_wise=True, name="employment_rate|must be 0-100")
    def _rate(cls, value: str) -> bool:
        return value == "" or _decimal_between(0, 100)(value)

    @pa.dataframe_check(name="enddate_reason|required when enddate is set")
    def _reason_with_end(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return (frame["enddate"] == "") | (frame["enddate_reason"] != "")


class PayrollAbsenceFrame(pa.DataFrameModel):
    """A `/absence/v2` write, one row per exported leave (`externalId` = the AlexisHR leave id)."""

    emp_id: Series[str] = pa.Field(alias="empId")
    external_id: Series[str] = pa.Field(alias="externalId", str_length={"min_value": 1})
    start_date: Series[str] = pa.Field(alias="startDate", str_matches=ISO_DATE)
    end_date: Series[str] = pa.Field(alias="endDate", str_matches=ISO_DATE)
    absence_type: Series[str] = pa.Field(alias="absenceType", isin=ABSENCE_CODES)
    percent: Series[str]
    comment: Series[str]
    approved: Series[str] = pa.Field(isin=("1", "2"))
    child_id: Series[str] = pa.Field(alias="childId")
    start_parental: Series[str] = pa.Field(alias="startdateParental", str_matches=ISO_DATE_OR_EMPTY)
    days: Series[str] = pa.Field(alias="numberOfDays")

    class Config:
        """Exactly the integration fields."""

        strict = True

    @pa.check("empId", element_wise=True, name="empId|must be a positive integer")
    def _emp_id(cls, value: str) -> bool:
        return is_positive_integer(value)

    @pa.check("percent", element_wise=True, name="percent|must be 0-100")
    def _percent(cls, value: str) -> bool:
        return _decimal_between(0, 100)(value)

    @pa.check("numberOfDays", element_wise=True, name="numberOfDays|must be a whole number")
    def _days(cls, value: str) -> bool:
        return value == "" or value.isdigit()
