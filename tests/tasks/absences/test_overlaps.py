"""Overlapping leave: more than a whole day of absence on a day holds every leave on it back."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tasks.absences.overlaps import overlapping_leave, share_of_day

Leave = tuple[str, str, date, date, str | None, float | None, bool]  # id, employee, …


def frame(*leaves: Leave) -> pd.DataFrame:
    rows = [
        {"id": i, "employeeId": f"e{who}", "employeeNumber": who, "startDate": start,
         "endDate": end, "duration": duration, "gradePercentage": grade,
         "payroll.percentage": graded}
        for i, who, start, end, duration, grade, graded in leaves
    ]  # fmt: skip
    return pd.DataFrame(rows, index=[10 + n for n in range(len(rows))])


def day(n: int) -> date:
    return date(2026, 10, n)


@pytest.mark.parametrize(
    ("duration", "grade", "graded", "share"),
    [
        (None, None, False, 1.0),
        ("longer", 50.0, False, 1.0),  # a grade where the type takes none counts whole
        ("one_day", 50.0, True, 0.5),
        ("half_day", None, False, 0.5),
        ("minutes", None, True, 0.5),
        ("half_day", 50.0, True, 0.25),
        ("longer", float("nan"), True, 1.0),
    ],
)
def test_share_of_day(
    duration: str | None, grade: float | None, graded: bool, share: float
) -> None:
    assert share_of_day(duration, grade, graded) == share


def test_two_whole_days_on_one_day_hold_both_back_naming_the_day() -> None:
    found = overlapping_leave("acme", frame(
        ("a", "1", day(5), day(9), None, None, False),
        ("b", "1", day(9), day(12), None, None, False),
        ("c", "1", day(13), day(14), None, None, False),
    ))  # fmt: skip
    [(entry, rows)] = found
    assert rows == {10, 11}
    assert (entry.tenant, entry.employee, entry.field) == ("acme", "1", "startDate/endDate")
    assert "leaves a, b overlap on 2026-10-09" in entry.reason


def test_leave_of_different_employees_never_overlaps() -> None:
    assert overlapping_leave("acme", frame(
        ("a", "1", day(5), day(9), None, None, False),
        ("b", "2", day(5), day(9), None, None, False),
    )) == []  # fmt: skip


def test_up_to_a_whole_day_together_is_no_overlap() -> None:
    assert overlapping_leave("acme", frame(
        ("a", "1", day(5), day(5), "half_day", None, False),
        ("b", "1", day(5), day(5), "half_day", None, False),
        ("c", "1", day(6), day(20), None, 50.0, True),
        ("d", "1", day(12), day(30), None, 50.0, True),
    )) == []  # fmt: skip


def test_three_partial_leaves_over_a_whole_day_are_all_held_back() -> None:
    [(entry, rows)] = overlapping_leave("acme", frame(
        ("a", "1", day(5), day(9), None, 40.0, True),
        ("b", "1", day(7), day(9), None, 40.0, True),
        ("c", "1", day(9), day(14), None, 40.0, True),
    ))  # fmt: skip
    assert rows == {10, 11, 12}
    assert "2026-10-09" in entry.reason


def test_a_long_leave_overlapping_two_others_reports_each_day_once() -> None:
    found = overlapping_leave("acme", frame(
        ("long", "1", day(1), day(31), None, None, False),
        ("x", "1", day(5), day(5), None, None, False),
        ("y", "1", day(20), day(21), None, None, False),
    ))  # fmt: skip
    assert [sorted(rows) for _, rows in found] == [[10, 11], [10, 12]]
