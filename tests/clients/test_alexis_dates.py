"""AlexisHR dates read as AlexisHR means them: bare days stay days, offset-less times are UTC."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from clients.alexis_dates import as_instant, read_moment
from clients.alexis_models import Compensation, Leave
from tasks.engine.frames import local_date
from tasks.people.frames import latest_compensations

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(params=["Pacific/Kiritimati", "America/Adak", "Asia/Kathmandu", "UTC"])
def worker_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's local zone set to the parameter (restored afterwards)."""
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


@pytest.mark.parametrize(
    ("sent", "day_in_oslo"),
    [
        ("2026-10-05", date(2026, 10, 5)),  # a bare date is that calendar day
        ("2026-10-05T00:00:00", date(2026, 10, 5)),  # no offset: UTC midnight, 02:00 in Oslo
        ("2026-10-05T22:30:00", date(2026, 10, 6)),  # no offset: UTC, past midnight in Oslo
        ("2026-10-05T20:00:00.000", date(2026, 10, 5)),
        ("2026-10-04T22:00:00.000Z", date(2026, 10, 5)),  # Oslo midnight as AlexisHR stores it
        ("2026-10-05T00:30:00+02:00", date(2026, 10, 5)),
        (" 2026-12-31 ", date(2026, 12, 31)),
    ],
)
def test_leave_days_do_not_depend_on_the_worker_zone(
    worker_zone: str, sent: str, day_in_oslo: date
) -> None:
    leave = Leave(id="1", employeeId="e", typeId="t", status="APPROVED", startDate=sent,
                  endDate=sent)  # fmt: skip
    assert local_date(leave.startDate, OSLO) == day_in_oslo
    assert local_date(leave.endDate, OSLO) == day_in_oslo


def test_an_instant_is_always_aware_and_a_bare_date_stays_a_date(worker_zone: str) -> None:
    assert read_moment("2026-10-05") == date(2026, 10, 5)
    assert read_moment("2026-10-05T01:02:03") == datetime(2026, 10, 5, 1, 2, 3, tzinfo=UTC)
    naive = datetime(2026, 10, 5, 1, 2, 3)
    assert read_moment(naive) == naive.replace(tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    aware = datetime(2026, 10, 5, 1, tzinfo=plus_two)
    assert read_moment(aware) is aware


@pytest.mark.parametrize("value", ["05.10.2026", "2026-13-05", "２０２６-10-05", 20261005, True])
def test_a_malformed_date_is_a_misfit_named_without_its_value(value: object) -> None:
    leave = Leave.model_validate({"id": "1", "employeeId": "e", "typeId": "t",
                                  "status": "APPROVED", "startDate": value,
                                  "endDate": "2026-10-05"})  # fmt: skip

    assert leave.wire_problems == ("startDate|must be a date in AlexisHR's answer",)
    assert str(value) not in repr(leave)


def test_the_latest_salary_is_found_across_bare_dates_and_instants() -> None:
    def salary(n: int, effective: str) -> Compensation:
        return Compensation(id=f"c{n}", employeeId="e", amount=n, effectiveDate=effective,
                            currency="NOK", payoutPeriod="MONTHLY")  # fmt: skip

    rows = [salary(1, "2024-01-01"), salary(2, "2024-01-01T12:00:00Z"), salary(3, "2023-12-31")]
    assert latest_compensations(rows)["e"].id == "c2"
    assert as_instant(date(2024, 1, 1)) == datetime(2024, 1, 1, tzinfo=UTC)
