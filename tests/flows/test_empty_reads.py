"""One empty read never creates a record twice: payroll answers `[]` once, nothing is duplicated.

The payroll emulator answers chosen reads with an empty list (`CannedAnswers`), as a real service
or proxy does on a bad day. The syncs must confirm a create by reading payroll again, and the
report must call what it did by its name (an update is not a create).
"""

from __future__ import annotations

from datetime import date

import pytest

from tasks.engine.changes import SyncFailedError, SyncReport
from tests.absence_support import (
    absences_by_leave,
    add_child,
    add_leave,
    report_of,
    run_absences,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)


def employee_report(tenant: TestTenant) -> SyncReport:
    state = tenant.employee_sync()
    assert state.is_completed(), state
    result = state.result()
    assert isinstance(result, SyncReport)
    return result


def hand_typed(tenant: TestTenant) -> None:
    """Employee 1 typed into payroll by hand before the integration, with an employment."""
    tenant.payroll.put_employee({"empId": "1", "firstname": "Kari", "lastname": "Hand"})
    tenant.payroll.post_employments(
        "1", [{"employment_id": "hand-1", "startdate": "2020-03-01", "employment_form": "fast"}]
    )


@pytest.mark.parametrize(
    ("pattern", "times"),
    [
        ("GET /api/employee/v2", 1),  # the employee list
        ("GET /api/employment/v2/*", 1),  # the employee's employments
    ],
)
def test_an_empty_payroll_read_never_gives_an_adopted_employment_a_twin(
    tenant: TestTenant, pattern: str, times: int
) -> None:
    hand_typed(tenant)
    tenant.add_employee(1)
    tenant.emulators.payroll_canned.answer_empty(pattern, times)

    result = employee_report(tenant)

    assert tenant.emulators.payroll_canned.answered[pattern] == times
    [employment] = tenant.payroll.employments("1")
    assert employment["employment_id"] == "hand-1"
    assert employment["profession_code"] == "2130102"  # adopted and updated
    assert tenant.payroll.employee("1")["lastname"] == "Nordmann 1"
    assert (result.summary.created, result.summary.updated) == (0, 2)


def test_a_list_empty_twice_meets_the_create_and_leaves_the_hand_typed_record_alone(
    tenant: TestTenant,
) -> None:
    # Both employee list reads (the diff's and the confirmation's) answer []: the create of
    # employee 1 meets payroll's 409, and the record behind it is not the run's own.
    hand_typed(tenant)
    tenant.add_employee(1)
    tenant.emulators.payroll_canned.answer_empty("GET /api/employee/v2", 2)

    state = tenant.employee_sync()

    assert state.is_failed()
    error = state.result(raise_on_failure=False)
    assert isinstance(error, SyncFailedError)
    assert {(f.employee, f.entity) for f in error.failures} == {
        ("1", "employee"),
        ("1", "employment"),
    }
    assert all("employee 1 is already in payroll" in f.error for f in error.failures)
    [employment] = tenant.payroll.employments("1")
    assert employment["employment_id"] == "hand-1" and not employment.get("profession_code")
    assert tenant.payroll.employee("1")["lastname"] == "Hand"
    # The next run reads the list as it is and adopts the record: no twin.
    result = employee_report(tenant)
    [employment] = tenant.payroll.employments("1")
    assert employment["employment_id"] == "hand-1"
    assert employment["profession_code"] == "2130102"
    assert tenant.payroll.employee("1")["lastname"] == "Nordmann 1"
    assert (result.summary.created, result.summary.updated) == (0, 2)


def test_a_create_meeting_another_persons_record_writes_nothing_over_it(
    tenant: TestTenant,
) -> None:
    # No employments, but no identity number either: not the run's own create repeated.
    tenant.payroll.put_employee({"empId": "1", "firstname": "Kari", "lastname": "Hand"})
    tenant.add_employee(1)
    tenant.emulators.payroll_canned.answer_empty("GET /api/employee/v2", 2)

    state = tenant.employee_sync()

    assert state.is_failed()
    assert tenant.payroll.employee("1")["lastname"] == "Hand"
    assert tenant.payroll.employments("1") == []


def test_an_empty_payroll_employee_list_on_a_second_run_stops_it_before_any_write(
    tenant: TestTenant,
) -> None:
    # The last successful run left two employees: an empty list now is implausible, and the
    # head-count guard stops the run before confirm-creates would even be needed.
    tenant.add_employee(1)
    tenant.add_employee(2)
    employee_report(tenant)
    before = tenant.payroll.employees(), tenant.payroll.employments("1")
    tenant.emulators.payroll_canned.answer_empty("GET /api/employee/v2")
    mark = tenant.mark()

    state = tenant.employee_sync()

    assert state.is_failed()
    assert "payroll listed 0 employees" in str(state.message)
    assert tenant.posts(mark) == []
    assert (tenant.payroll.employees(), tenant.payroll.employments("1")) == before


@pytest.mark.parametrize("pattern", ["GET /api/employment/v2/*"])
def test_an_empty_payroll_read_on_a_second_run_writes_and_reports_nothing(
    tenant: TestTenant, pattern: str
) -> None:
    tenant.add_employee(1)
    tenant.add_employee(2)
    employee_report(tenant)
    before = tenant.payroll.employees(), tenant.payroll.employments("1")
    tenant.emulators.payroll_canned.answer_empty(pattern)
    mark = tenant.mark()

    result = employee_report(tenant)

    assert tenant.emulators.payroll_canned.answered[pattern] == 1
    assert tenant.posts(mark) == []
    assert (tenant.payroll.employees(), tenant.payroll.employments("1")) == before
    assert (result.summary.created, result.summary.updated, result.summary.unchanged) == (0, 0, 4)


@pytest.mark.parametrize(
    ("pattern", "times"),
    [
        ("GET /api/absence/v2", 1),  # the period's list
        ("GET /api/absence/v2*", 2),  # the period's list and the per-employee read after it
        ("GET /api/child/v2/*", 1),  # the children of the sick child's parent
    ],
)
def test_an_empty_payroll_read_never_creates_an_absence_or_child_twice(
    tenant: TestTenant, pattern: str, times: int
) -> None:
    one, two = tenant.add_employee(1), tenant.add_employee(2)
    child = add_child(tenant, one, "Ola Nordmann", date(2018, 3, 4))
    tenant.employee_sync()
    types = standard_leave_types(tenant)
    add_leave(tenant, one, types["04"], date(2026, 10, 5), date(2026, 10, 9))
    add_leave(tenant, one, types["02"], date(2026, 10, 14), childId=child)
    add_leave(tenant, two, types["01"], date(2026, 10, 20), date(2026, 10, 22))
    report_of(run_absences(tenant, OCT_1, OCT_31))
    before = absences_by_leave(tenant), tenant.payroll.children("1")
    tenant.emulators.payroll_canned.answer_empty(pattern, times)
    mark = tenant.mark()

    second = report_of(run_absences(tenant, OCT_1, OCT_31))

    assert tenant.emulators.payroll_canned.answered[pattern] == times
    assert tenant.posts(mark) == []
    assert (absences_by_leave(tenant), tenant.payroll.children("1")) == before
    assert (second.summary.created, second.summary.updated) == (0, 0)
