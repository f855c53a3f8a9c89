"""The named conversions of the absence rows: percent, child, parental start, working days.

Holidays are worked out by hand from the Norwegian calendar: Easter Sunday 2026 is 5 April
(Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April); 17 May 2024 is a Friday,
Ascension Day 2024 is 9 May and Whit Monday 2024 is 20 May.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from schemas.absence_conversions import (
    NEW_CHILD,
    child_id,
    child_names,
    parental_start,
    percent,
    vacation_days,
    working_days,
)

NAN = math.nan


@pytest.mark.parametrize(
    ("grade", "allows", "expected"),
    [
        (50, True, "50"),
        (50.0, True, "50"),
        (62.5, True, "62.5"),
        (100.0, True, "100"),
        ("40", True, "40"),
        (None, True, "100"),
        (NAN, True, "100"),
        (50, False, "100"),  # vacation takes no percentage
        (None, False, "100"),
    ],
)
def test_percent_is_the_grade_where_the_type_allows_one_else_100(
    grade: object, allows: bool, expected: str
) -> None:
    assert percent(grade, allows) == expected


def test_child_id_is_the_payroll_child_when_payroll_knows_it() -> None:
    assert child_id("sick_child", "102701", "66f0c0ffee0000000000abcd") == "102701"


def test_child_id_marks_an_alexis_child_payroll_must_register_first() -> None:
    marker = child_id("sick_child", None, "66f0c0ffee0000000000abcd")
    assert marker == f"{NEW_CHILD}66f0c0ffee0000000000abcd"
    assert child_id("sick_child", NAN, "66f0c0ffee0000000000abcd") == marker


def test_child_id_is_empty_without_any_child() -> None:
    assert child_id("sick_child", None, None) == ""
    assert child_id("sick_child", NAN, NAN) == ""


@pytest.mark.parametrize("category", ["sickness", "vacation", "leave_of_absence", None])
def test_child_id_is_only_given_for_sick_child_absences(category: str | None) -> None:
    assert child_id(category, "102701", "66f0c0ffee0000000000abcd") == ""


def test_parental_start_is_the_leave_start_for_parental_types_only() -> None:
    assert parental_start(date(2026, 10, 5), True) == "2026-10-05"
    assert parental_start(date(2026, 10, 5), False) == ""
    assert parental_start(None, True) == ""


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 10, 5), date(2026, 10, 9), 5),  # an ordinary week
        (date(2026, 10, 5), date(2026, 10, 11), 5),  # with its weekend
        (date(2026, 10, 10), date(2026, 10, 11), 0),  # only a weekend
        (date(2026, 10, 7), date(2026, 10, 7), 1),
        (date(2026, 3, 30), date(2026, 4, 5), 3),  # Easter week: Thursday and Friday off
        (date(2026, 4, 6), date(2026, 4, 10), 4),  # Easter Monday off
        (date(2026, 3, 30), date(2026, 4, 10), 7),
        (date(2024, 5, 13), date(2024, 5, 19), 4),  # 17 May (Friday) off
        (date(2024, 5, 6), date(2024, 5, 10), 4),  # Ascension Day off
        (date(2024, 5, 20), date(2024, 5, 24), 4),  # Whit Monday off
        (date(2026, 4, 27), date(2026, 5, 1), 4),  # 1 May off
        (date(2025, 12, 22), date(2025, 12, 28), 3),  # Christmas Day and Boxing Day off
        (date(2025, 12, 29), date(2026, 1, 2), 4),  # across New Year's Day
        (date(2026, 10, 9), date(2026, 10, 5), 0),  # an empty range
    ],
)
def test_working_days_skip_weekends_and_norwegian_public_holidays(
    start: date, end: date, days: int
) -> None:
    assert working_days(start, end) == days


def test_vacation_days_count_the_working_days_of_a_vacation() -> None:
    assert vacation_days(date(2024, 5, 13), date(2024, 5, 19), "longer", "vacation") == "4"
    assert vacation_days(date(2026, 10, 7), date(2026, 10, 7), "longer", "vacation") == "1"


def test_vacation_days_are_empty_for_other_categories_and_missing_dates() -> None:
    assert vacation_days(date(2026, 10, 5), date(2026, 10, 9), "longer", "sickness") == ""
    assert vacation_days(date(2026, 10, 5), date(2026, 10, 9), "longer", None) == ""
    assert vacation_days(None, date(2026, 10, 9), "longer", "vacation") == ""
    assert vacation_days(date(2026, 10, 5), NAN, "longer", "vacation") == ""


def test_vacation_days_are_not_counted_for_a_half_day_or_shorter() -> None:
    assert vacation_days(date(2026, 10, 7), date(2026, 10, 7), "half_day", "vacation") == ""
    assert vacation_days(date(2026, 10, 7), date(2026, 10, 7), "minutes", "vacation") == ""


def test_vacation_days_are_empty_when_the_vacation_has_no_working_day() -> None:
    assert vacation_days(date(2026, 10, 10), date(2026, 10, 11), "longer", "vacation") == ""


@pytest.mark.parametrize(
    ("name", "parent", "expected"),
    [
        ("Ola Nordmann", "Hansen", ("Ola", "Nordmann")),
        ("Kari Marie Nordmann", "Hansen", ("Kari Marie", "Nordmann")),
        ("Ola", "Hansen", ("Ola", "Hansen")),
        ("  Ola  ", "Hansen", ("Ola", "Hansen")),
        ("Ola  Nordmann ", "", ("Ola", "Nordmann")),
    ],
)
def test_child_names_split_into_first_and_last_name(
    name: str, parent: str, expected: tuple[str, str]
) -> None:
    assert child_names(name, parent) == expected
