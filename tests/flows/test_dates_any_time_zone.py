"""Dates are read as AlexisHR means them, whatever the worker's time zone: the same days exported.

AlexisHR sends Z instants, and some records carry a bare `YYYY-MM-DD` or a date-time without an
offset. The emulator normalises what it is given, so the tests write those forms into the stored
record itself: that is how the AlexisHR service would then answer. Each test runs the real flows
with the process's `TZ` switched (restored afterwards) and checks the days payroll got.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.absence_support import (
    absences_by_leave,
    add_leave,
    report_of,
    run_absences,
    standard_leave_types,
)
from tests.support import TestTenant

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Far from UTC on both sides (+14 and −10/−9), and the tenant's own zone.
WORKER_ZONES = ["Pacific/Kiritimati", "America/Adak", "Europe/Oslo", "UTC"]

# Leave as AlexisHR holds it (start, end) → the days payroll must get, in Europe/Oslo.
LEAVE_FORMS: list[tuple[str, str, str, str]] = [
    ("2026-10-05", "2026-10-09", "2026-10-05", "2026-10-09"),  # bare calendar days
    ("2026-10-12T00:00:00", "2026-10-12T00:00:00", "2026-10-12", "2026-10-12"),  # no offset: UTC
    ("2026-10-14T23:30:00", "2026-10-15T23:30:00", "2026-10-15", "2026-10-16"),  # UTC 23:30
    ("2026-10-21T20:00:00", "2026-10-22T20:00:00", "2026-10-21", "2026-10-22"),  # 22:00 in Oslo
    ("2026-10-18T22:00:00.000Z", "2026-10-19T22:00:00.000Z", "2026-10-19", "2026-10-20"),
    ("2026-10-25T23:00:00.000Z", "2026-10-26T23:00:00.000Z", "2026-10-26", "2026-10-27"),  # CET
    ("2026-10-28T01:00:00+02:00", "2026-10-28T01:00:00+02:00", "2026-10-28", "2026-10-28"),
]


@pytest.fixture(params=WORKER_ZONES)
def worker_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test with the process's local time zone set to the parameter, then restore it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def as_alexis_holds_it(tenant: TestTenant, resource: str, record_id: str, **raw: str) -> None:
    """Put date values into the stored record exactly as given (the emulator would normalise)."""
    stored = tenant.alexis.stored(resource, record_id)
    assert stored is not None
    stored.update(raw)


def employee_with_raw_dates(tenant: TestTenant) -> dict[str, Any]:
    one = tenant.add_employee(1, employments=[{"note": "2130102:3"}])
    [employment] = [e for e in tenant.alexis.all("employment") if e["employeeId"] == one["id"]]
    [salary] = [c for c in tenant.alexis.all("compensation") if c["employeeId"] == one["id"]]
    as_alexis_holds_it(tenant, "employment", employment["id"], startDate="2020-03-01",
                       endDate="2027-06-30T23:30:00")  # fmt: skip
    # 23:30 UTC on 31 January is 1 February in Oslo.
    as_alexis_holds_it(tenant, "compensation", salary["id"], effectiveDate="2024-01-31T23:30:00")
    return one


def test_the_same_days_are_exported_in_any_worker_time_zone(
    tenant: TestTenant, worker_zone: str
) -> None:
    assert time.localtime(0).tm_zone != "" and os.environ["TZ"] == worker_zone
    one = employee_with_raw_dates(tenant)
    vacation = standard_leave_types(tenant)["04"]
    expected = {}
    for start, end, first, last in LEAVE_FORMS:
        leave = add_leave(tenant, one, vacation, date(2026, 10, 1), date(2026, 10, 1))
        as_alexis_holds_it(tenant, "leave", leave, startDate=start, endDate=end)
        expected[leave] = (first, last)

    assert tenant.employee_sync().is_completed()
    report_of(run_absences(tenant, date(2026, 10, 1), date(2026, 10, 31)))

    [employment] = tenant.payroll.employments("1")
    assert (employment["startdate"], employment["enddate"]) == ("2020-03-01", "2027-07-01")
    assert tenant.payroll.employee("1")["salary_valid_from"][:10] == "2024-02-01"
    exported = {
        key: (a["startDate"][:10], a["endDate"][:10])
        for key, a in absences_by_leave(tenant).items()
    }
    assert exported == expected
