"""The absence run's scope: period, employees and types from the parameters or the tenant."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import pytest

from schemas.tenant import AbsenceSettings, TenantConfig
from tasks.absences import scope as absence_scope
from tasks.absences.scope import RunScope, run_scope


def tenant(*, timezone: str = "Europe/Oslo", **absences: Any) -> TenantConfig:
    return TenantConfig.model_validate(
        {
            "name": "acme",
            "timezone": timezone,
            "alexis": {"base_url": "https://a.test", "token": "env:HRSYNC_ACME_ALEXIS_TOKEN"},
            "payroll": {"base_url": "https://p.test", "token": "env:HRSYNC_ACME_PAYROLL_TOKEN"},
            "absences": absences,
        }
    )


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the instant the flow takes as now: `now(datetime(..., tzinfo=UTC))`."""

    def freeze(instant: datetime) -> None:
        class Frozen(datetime):
            @classmethod
            def now(cls, tz: tzinfo | None = None) -> Frozen:
                moment = instant.astimezone(tz)
                return cls.combine(moment.date(), moment.timetz())

        monkeypatch.setattr(absence_scope, "datetime", Frozen)

    return freeze


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 10, 15), (date(2026, 9, 1), date(2026, 10, 31))),
        (date(2026, 10, 1), (date(2026, 9, 1), date(2026, 10, 31))),
        (date(2026, 10, 31), (date(2026, 9, 1), date(2026, 10, 31))),
        (date(2026, 1, 10), (date(2025, 12, 1), date(2026, 1, 31))),  # January: last December
        (date(2028, 3, 5), (date(2028, 2, 1), date(2028, 3, 31))),
        (date(2028, 2, 29), (date(2028, 1, 1), date(2028, 2, 29))),  # leap year
    ],
)
def test_the_default_period_is_the_previous_and_the_current_month(
    now: Any, today: date, period: tuple[date, date]
) -> None:
    now(noon(today))
    scope = run_scope(tenant(), None, None, None, None)
    assert (scope.period_from, scope.period_to) == period


@pytest.mark.parametrize(
    ("settings", "today", "period"),
    [
        ({"months_back": 0}, date(2026, 1, 10), (date(2026, 1, 1), date(2026, 1, 31))),
        ({"months_back": 2, "months_ahead": 1}, date(2026, 1, 10),
         (date(2025, 11, 1), date(2026, 2, 28))),
        ({"months_ahead": 1}, date(2026, 12, 5), (date(2026, 11, 1), date(2027, 1, 31))),
        ({"months_back": 13}, date(2026, 1, 10), (date(2024, 12, 1), date(2026, 1, 31))),
    ],
)  # fmt: skip
def test_the_tenant_configures_the_default_period(
    now: Any, settings: dict[str, Any], today: date, period: tuple[date, date]
) -> None:
    now(noon(today))
    scope = run_scope(tenant(**settings), None, None, None, None)
    assert (scope.period_from, scope.period_to) == period
    assert AbsenceSettings(**settings).period(today) == period


def test_today_is_the_date_in_the_tenants_time_zone(now: Any) -> None:
    now(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))  # 1 February, 00:30 in Oslo
    oslo = run_scope(tenant(timezone="Europe/Oslo"), None, None, None, None)
    utc = run_scope(tenant(timezone="UTC"), None, None, None, None)
    assert (oslo.period_from, oslo.period_to) == (date(2026, 1, 1), date(2026, 2, 28))
    assert (utc.period_from, utc.period_to) == (date(2025, 12, 1), date(2026, 1, 31))


def test_given_dates_replace_the_default_ones(now: Any) -> None:
    now(noon(date(2026, 10, 15)))
    assert run_scope(tenant(), date(2026, 3, 1), date(2026, 3, 31), None, None) == RunScope(
        date(2026, 3, 1), date(2026, 3, 31)
    )
    only_from = run_scope(tenant(), date(2026, 10, 10), None, None, None)
    assert (only_from.period_from, only_from.period_to) == (date(2026, 10, 10), date(2026, 10, 31))
    only_to = run_scope(tenant(), None, date(2026, 9, 15), None, None)
    assert (only_to.period_from, only_to.period_to) == (date(2026, 9, 1), date(2026, 9, 15))


def test_a_one_day_period_is_allowed() -> None:
    day = date(2026, 10, 5)
    assert run_scope(tenant(), day, day, None, None).period_to == day


def test_a_period_ending_before_it_starts_is_an_error(now: Any) -> None:
    now(noon(date(2026, 10, 15)))
    with pytest.raises(ValueError, match="period_from 2026-10-31 is after period_to 2026-10-01"):
        run_scope(tenant(), date(2026, 10, 31), date(2026, 10, 1), None, None)
    with pytest.raises(ValueError, match="period_from 2026-11-01 is after period_to 2026-10-31"):
        run_scope(tenant(), date(2026, 11, 1), None, None, None)


def test_the_types_default_to_the_tenants_then_to_all() -> None:
    day = date(2026, 10, 5)
    assert run_scope(tenant(), day, day, None, None).absence_types == ()
    configured = tenant(types=["01", "04"])
    assert run_scope(configured, day, day, None, None).absence_types == ("01", "04")
    assert run_scope(configured, day, day, None, ["06"]).absence_types == ("06",)
    assert run_scope(configured, day, day, None, []).absence_types == ("01", "04")


@pytest.mark.parametrize(
    ("types", "unknown"), [(["08"], "['08']"), (["04", "4", "22"], "['22', '4']")]
)
def test_unknown_absence_types_are_an_error(types: list[str], unknown: str) -> None:
    day = date(2026, 10, 5)
    with pytest.raises(ValueError, match=re.escape(f"unknown absence type(s) {unknown}")):
        run_scope(tenant(), day, day, None, types)


def test_the_tenant_file_refuses_unknown_types() -> None:
    with pytest.raises(ValueError, match="not a 24SevenOffice absence type"):
        tenant(types=["09"])


def test_employee_numbers_are_read_as_payroll_numbers() -> None:
    day = date(2026, 10, 5)
    scope = run_scope(tenant(), day, day, ["007", " 12 ", "3"], None)
    assert scope.employees == ("7", "12", "3")
    assert scope.wants_employee("7") and not scope.wants_employee("8")
    assert run_scope(tenant(), day, day, None, None).wants_employee("8")


def test_employee_numbers_that_are_not_numbers_are_an_error() -> None:
    day = date(2026, 10, 5)
    with pytest.raises(ValueError, match=r"employee number\(s\) \['A7'\] are not whole numbers"):
        run_scope(tenant(), day, day, ["1", "A7"], None)
