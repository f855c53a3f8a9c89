"""Pandera models of the absence sync: AlexisHR leave as read, and payroll absences as written."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.absence_codes import ABSENCE_CODES
from schemas.checks import (
    ISO_DATE,
    ISO_DATE_OR_EMPTY,
    TOO_LONG,
    UNPRINTABLE,
    YEARS_AHEAD,
    plausible_dates,
    printable,
    within_length,
)
from schemas.identifiers import decimal_or_none, is_positive_integer

# The values AlexisHR documents (reference §leave); anything else is new to us and held back.
LEAVE_STATUSES = ("PENDING", "DENIED", "CANCELLED", "APPROVED", "CONFIRMED")
LEAVE_DURATIONS = ("minutes", "half_day", "one_day", "longer")
UNKNOWN_STATUS = (
    f"is not a leave status AlexisHR documents ({', '.join(LEAVE_STATUSES)}): the leave is "
    "neither exported nor rejected until it has one"
)


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
        rows = zip(frame["startDate"], frame["endDate"], strict=True)
        return pd.Series(
            [_missing(start) or _missing(end) or end >= start for start, end in rows],
            index=frame.index,
        )

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

    @pa.check(
        "duration",
        name=f"duration|is not a leave duration AlexisHR documents ({', '.join(LEAVE_DURATIONS)})",
    )
    def _known_duration(cls, duration: pd.Series[str]) -> pd.Series[bool]:
        return duration.isna() | duration.isin(LEAVE_DURATIONS)

    @pa.check("gradePercentage", name="gradePercentage|must be between 0 and 100")
    def _grade(cls, grade: pd.Series[float]) -> pd.Series[bool]:
        return grade.isna() | grade.between(0, 100)


def _missing(day: object) -> bool:
    return day is None or day != day  # None or NaT; the required check names those


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
        number = decimal_or_none(value)
        return number is not None and 0 <= number <= 100

    @pa.check("numberOfDays", element_wise=True, name="numberOfDays|must be a whole number")
    def _days(cls, value: str) -> bool:
        return value == "" or value.isdigit()
