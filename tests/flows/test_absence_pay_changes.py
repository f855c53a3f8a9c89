"""Changes that change pay are held back: a new type for an exported absence, overlapping leave.

Real flow, real clients, both emulators on loopback. Each test exports leave, changes AlexisHR
the way a person would (renames a leave type, moves a leave onto another one) and runs again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tasks.engine.changes import SyncReport
from tests.absence_support import (
    absences_by_leave,
    add_leave,
    add_leave_type,
    report_of,
    run_absences,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)


def held(report: SyncReport, field: str) -> list[dict[str, str]]:
    """The report's quarantine rows for `field`."""
    return [row for row in report.quarantine if row["field"] == field]


def types_of(tenant: TestTenant) -> dict[str, str]:
    return {key: a["absenceType"] for key, a in absences_by_leave(tenant).items()}


@pytest.fixture
def self_certified(tenant: TestTenant) -> dict[str, Any]:
    """Employees 1 and 2 in payroll; 1 has an exported 03 egenmelding, 2 a vacation."""
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    tenant.employee_sync()
    sick = add_leave_type(tenant, "Self certified sick leave", "SICK_LEAVE")
    vacation = standard_leave_types(tenant)["04"]
    leave = add_leave(tenant, one, sick, date(2026, 10, 5), date(2026, 10, 6))
    other = add_leave(tenant, two, vacation, date(2026, 10, 12))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    assert types_of(tenant) == {leave: "03", other: "04"}
    return {"one": one, "two": two, "sick": sick, "vacation": vacation, "leave": leave,
            "other": other}  # fmt: skip


def assert_held_as_03(tenant: TestTenant, report: SyncReport, leave: str, new: str) -> None:
    assert absences_by_leave(tenant)[leave]["absenceType"] == "03"
    [row] = held(report, "typeId")
    assert row["employee"] == "1"
    assert f"leave {leave}" in row["reason"]
    assert f"absence type {new}" in row["reason"]
    assert "type 03" in row["reason"]
    assert report.summary.exit_code == 2


def test_renaming_a_leave_type_never_recodes_an_exported_absence(
    tenant: TestTenant, self_certified: dict[str, Any]
) -> None:
    tenant.alexis.update("leave-type", self_certified["sick"], {"name": "Sick leave"})
    fresh = add_leave(tenant, self_certified["one"], self_certified["sick"], date(2026, 10, 20))
    tenant.alexis.update("leave", self_certified["other"], {"endDate": date(2026, 10, 13)})

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert_held_as_03(tenant, report, self_certified["leave"], "01")
    assert types_of(tenant)[fresh] == "01"  # new leave of the renamed type: nothing to re-code
    assert absences_by_leave(tenant)[self_certified["other"]]["endDate"][:10] == "2026-10-13"
    assert report.summary.rejected == 0


def test_a_new_leave_type_code_relation_never_recodes_an_exported_absence(
    tenant: TestTenant, self_certified: dict[str, Any]
) -> None:
    tenant.alexis.insert("leave-type-code", {"leaveTypeId": self_certified["sick"], "code": "01"})

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert_held_as_03(tenant, report, self_certified["leave"], "01")


def test_moving_a_leave_to_another_type_is_held_back(
    tenant: TestTenant, self_certified: dict[str, Any]
) -> None:
    tenant.alexis.update("leave", self_certified["leave"], {"typeId": self_certified["vacation"]})

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert_held_as_03(tenant, report, self_certified["leave"], "04")


def test_a_type_changed_in_payroll_by_hand_is_accepted(
    tenant: TestTenant, self_certified: dict[str, Any]
) -> None:
    tenant.alexis.update("leave-type", self_certified["sick"], {"name": "Sick leave"})
    report_of(run_absences(tenant, OCT_1, OCT_31))
    absence = absences_by_leave(tenant)[self_certified["leave"]]
    tenant.payroll.put_absence({"serialNo": absence["serialNo"], "empId": "1",
                                "absenceType": "01"})  # fmt: skip
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert held(report, "typeId") == []
    assert types_of(tenant)[self_certified["leave"]] == "01"
    # Only the comment follows the renamed type's name; nothing else is written.
    assert {row["field"] for row in report.field_changes} == {"comment"}
    assert tenant.posts(mark) == ["POST /api/absence/v2"]


def test_a_rename_that_keeps_the_code_changes_nothing(
    tenant: TestTenant, self_certified: dict[str, Any]
) -> None:
    tenant.alexis.update(
        "leave-type", self_certified["sick"], {"name": "Self-certified  sick leave"}
    )
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert report.quarantine == ()
    assert types_of(tenant)[self_certified["leave"]] == "03"
    assert {row["field"] for row in report.field_changes} == {"comment"}  # the type's new name
    assert tenant.posts(mark) == ["POST /api/absence/v2"]


# Overlaps: (start, end, duration, grade, type) of each leave of employee 1, and whether the
# whole set may be exported. Types: 04 vacation (no percentage), 01 sick leave (percentage).
Leave = tuple[date, date, str | None, float | None, str]
OVERLAPS: dict[str, tuple[list[Leave], bool]] = {
    "two vacations over one week": (
        [(date(2026, 10, 5), date(2026, 10, 9), None, None, "04"),
         (date(2026, 10, 7), date(2026, 10, 12), None, None, "04")], False),
    "one vacation inside another": (
        [(date(2026, 10, 5), date(2026, 10, 16), None, None, "04"),
         (date(2026, 10, 12), date(2026, 10, 12), None, None, "04")], False),
    "vacation and sick leave on the same day": (
        [(date(2026, 10, 5), date(2026, 10, 9), None, None, "04"),
         (date(2026, 10, 9), date(2026, 10, 9), None, 100.0, "01")], False),
    "two graded sick leaves over 100 %": (
        [(date(2026, 10, 5), date(2026, 10, 20), None, 60.0, "01"),
         (date(2026, 10, 19), date(2026, 10, 30), None, 60.0, "01")], False),
    "three 40 % sick leaves on one day": (
        [(date(2026, 10, 5), date(2026, 10, 9), None, 40.0, "01"),
         (date(2026, 10, 7), date(2026, 10, 9), None, 40.0, "01"),
         (date(2026, 10, 9), date(2026, 10, 14), None, 40.0, "01")], False),
    "two half days on one day": (
        [(date(2026, 10, 5), date(2026, 10, 5), "half_day", None, "04"),
         (date(2026, 10, 5), date(2026, 10, 5), "half_day", None, "04")], True),
    "two 50 % sick leaves side by side": (
        [(date(2026, 10, 5), date(2026, 10, 20), None, 50.0, "01"),
         (date(2026, 10, 12), date(2026, 10, 30), None, 50.0, "01")], True),
    "back to back vacations": (
        [(date(2026, 10, 5), date(2026, 10, 9), None, None, "04"),
         (date(2026, 10, 10), date(2026, 10, 16), None, None, "04")], True),
}  # fmt: skip


@pytest.mark.parametrize("case", list(OVERLAPS))
def test_overlapping_leave_is_held_back_never_both_exported(tenant: TestTenant, case: str) -> None:
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    leaves, allowed = OVERLAPS[case]
    ids = {
        add_leave(tenant, one, types[code], start, end, duration=duration,
                  gradePercentage=grade)
        for start, end, duration, grade, code in leaves
    }  # fmt: skip
    elsewhere = add_leave(tenant, one, types["04"], date(2026, 10, 31))
    others = add_leave(tenant, two, types["04"], date(2026, 10, 5), date(2026, 10, 9))

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    exported = set(absences_by_leave(tenant))
    if allowed:
        assert exported == {*ids, elsewhere, others}
        assert held(report, "startDate/endDate") == []
    else:
        assert exported == {elsewhere, others}
        rows = held(report, "startDate/endDate")
        assert {row["employee"] for row in rows} == {"1"}
        assert {i for i in ids if any(i in row["reason"] for row in rows)} == ids


def test_leave_moved_onto_an_exported_one_holds_both_and_rejects_neither(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    vacation = standard_leave_types(tenant)["04"]
    first = add_leave(tenant, one, vacation, date(2026, 10, 5), date(2026, 10, 9))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    before = absences_by_leave(tenant)
    second = add_leave(tenant, one, vacation, date(2026, 10, 19), date(2026, 10, 23))
    tenant.alexis.update("leave", second, {"startDate": date(2026, 10, 8)})
    mark = tenant.mark()

    report = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert tenant.posts(mark) == []
    assert absences_by_leave(tenant) == before
    [row] = held(report, "startDate/endDate")
    assert first in row["reason"] and second in row["reason"]


def test_an_overlap_with_a_type_the_run_does_not_export_still_holds_the_leave_back(
    tenant: TestTenant,
) -> None:
    one = tenant.add_employee(1)
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    add_leave(tenant, one, types["04"], date(2026, 10, 5), date(2026, 10, 9))
    add_leave(tenant, one, types["01"], date(2026, 10, 8), date(2026, 10, 8))

    report = report_of(run_absences(tenant, OCT_1, OCT_31, absence_types=["04"]))

    assert absences_by_leave(tenant) == {}
    assert len(held(report, "startDate/endDate")) == 1
