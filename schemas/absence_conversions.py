"""The named conversions of the absence rows of the mapping table (leave → payroll absence)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays

from schemas.conversions import iso_date, text
from schemas.identifiers import decimal_or_none

NEW_CHILD = "new:"  # childId of a child the load registers in payroll first


def child_names(name: str, parent_last_name: str) -> tuple[str, str]:
    """Split AlexisHR's single child name into payroll's first and last name.

    `Ola Nordmann` → (`Ola`, `Nordmann`); a lone `Ola` takes the parent's last name, as most
    Norwegian children do.
    """
    parts = name.split()
    if len(parts) >= 2:
        return " ".join(parts[:-1]), parts[-1]
    return name.strip(), parent_last_name


def percent(grade: object, allows_percent: object) -> str:
    """The leave's grade (100 when none) where the absence type takes a percentage, else 100."""
    number = decimal_or_none(grade) if allows_percent is True else None
    value = Decimal(100) if number is None else number
    return f"{value.normalize():f}"


def child_id(category: object, payroll_child: object, alexis_child: object) -> str:
    """For sick-child absences: the payroll child, or a marker for one still to register."""
    if category != "sick_child":
        return ""
    known = text(payroll_child)
    if known:
        return known
    wanted = text(alexis_child)
    return f"{NEW_CHILD}{wanted}" if wanted else ""


def parental_start(start: object, parental: object) -> str:
    """The start of the parental-benefit period: the leave's start, for parental leave types."""
    return (iso_date(start) or "") if parental is True else ""


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def working_days(start: date, end: date) -> int:
    """Monday–Friday days in [start, end] that are not Norwegian public holidays."""
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in _norwegian_holidays(day.year):
            count += 1
        day += timedelta(days=1)
    return count


def vacation_days(start: object, end: object, duration: object, category: object) -> str:
    """NumberOfDays for vacation: the working days of the leave.

    Payroll takes whole days only. A half-day (or shorter) leave sends no count: rounding it up
    would take a whole vacation day too many, and `0.5` would be refused.
    """
    if category != "vacation" or not isinstance(start, date) or not isinstance(end, date):
        return ""
    if duration in ("half_day", "minutes"):
        return ""
    return str(working_days(start, end) or "")
