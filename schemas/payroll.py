"""Pandera models of what 24SevenOffice Lønn accepts: the last gate before anything is sent.

Values are wire text (`""` clears a field); a missing value (NA) means "leave the payroll's
value alone". Check names read `field|reason`, like the HR models.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

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

ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def _blank_or(accepts: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda value: value == "" or accepts(value)


def _decimal_between(low: int, high: int) -> Callable[[str], bool]:
    def accepts(value: str) -> bool:
        number = decimal_or_none(value)
        return number is not None and low <= number <= high

    return accepts


def _check(accepts: Callable[[str], bool], name: str) -> pa.Check:
    return pa.Check(accepts, element_wise=True, name=name)


class PayrollEmployee(pa.DataFrameModel):
    """An `/employee/v2` write, one row per employee."""

    emp_id: Series[str] = pa.Field(
        alias="empId", checks=_check(is_positive_integer, "empId|must be a positive integer")
    )
    email: Series[str] = pa.Field(str_matches=r"^$|^[^@\s]+@[^@\s]+$")
    firstname: Series[str] = pa.Field(str_length={"min_value": 1})
    lastname: Series[str] = pa.Field(str_length={"min_value": 1})
    personnr: Series[str] = pa.Field(
        checks=_check(_blank_or(is_valid_norwegian_id), "personnr|not a valid fødselsnummer")
    )
    vacation_days: Series[str] = pa.Field(checks=_check(_decimal_between(0, 365), "vacation_days"))
    id_type: Series[str] = pa.Field(alias="internationalID.type", isin=INTERNATIONAL_ID_TYPES)
    id_number: Series[str] = pa.Field(alias="internationalID.ID")
    id_country: Series[str] = pa.Field(
        alias="internationalID.countryCode", str_matches=r"^$|^[A-Z]{2}$"
    )
    postaddress: Series[str]
    city: Series[str]
    zipcode: Series[str]
    country_code: Series[str] = pa.Field(alias="countryCode", str_matches=r"^$|^[A-Z]{2}$")
    account: Series[str] = pa.Field(
        nullable=True,
        checks=_check(
            _blank_or(lambda a: is_valid_kontonummer(a) or is_valid_iban(a)),
            "account|neither a Norwegian account number nor an IBAN",
        ),
    )
    bic: Series[str] = pa.Field(checks=_check(_blank_or(is_valid_bic), "bic|not a valid BIC"))
    clearingno: Series[str]
    salary_valid_from: Series[str] = pa.Field(nullable=True, str_matches=f"^{ISO_DATE}$")
    salary_type: Series[str] = pa.Field(nullable=True, isin=("monthly", "hourly"))
    salary: Series[str] = pa.Field(
        nullable=True, checks=_check(_decimal_between(0, 10**9), "salary|must not be negative")
    )

    class Config:
        """Exactly the integration fields."""

        strict = True

    @pa.dataframe_check(name="zipcode|a Norwegian postal code has 4 digits")
    def _norwegian_zipcode(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        norwegian = frame["countryCode"] == "NO"
        return ~norwegian | frame["zipcode"].str.fullmatch(r"\d{4}")


class PayrollEmployment(pa.DataFrameModel):
    """An `/employment/v2/{empId}` item, one row per employment."""

    emp_id: Series[str] = pa.Field(alias="empId")
    employment_id: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 50})
    startdate: Series[str] = pa.Field(str_matches=f"^{ISO_DATE}$")
    enddate: Series[str] = pa.Field(str_matches=f"^$|^{ISO_DATE}$")
    employment_form: Series[str] = pa.Field(isin=EMPLOYMENT_FORMS)
    employment_rate: Series[str] = pa.Field(
        checks=_check(_blank_or(_decimal_between(0, 100)), "employment_rate|must be 0-100")
    )
    profession_code: Series[str] = pa.Field(str_matches=r"^$|^\d{7}$")
    enddate_reason: Series[str] = pa.Field(isin=("", *ENDDATE_REASONS.values()))
    working_times: Series[str] = pa.Field(isin=WORKING_TIMES)
    employment_type: Series[str] = pa.Field(isin=EMPLOYMENT_TYPES)

    class Config:
        """Exactly the integration fields plus the employee key."""

        strict = True

    @pa.dataframe_check(name="enddate_reason|required when enddate is set")
    def _reason_with_end(cls, frame: pd.DataFrame) -> pd.Series[bool]:
        return (frame["enddate"] == "") | (frame["enddate_reason"] != "")
