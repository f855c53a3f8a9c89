"""A sync's schedule in the tenant file: weekdays and a time of day, in the tenant's zone."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON_DAY = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}
_RRULE_DAY = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA",
              "sun": "SU"}  # fmt: skip
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _time_of_day(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("must be HH:MM on a 24-hour clock, e.g. '06:00'")
    return value


def _some_days(days: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
    if not days:
        raise ValueError("name at least one weekday, or set enabled = false")
    return tuple(sorted(set(days), key=WEEKDAYS.index))


class Schedule(BaseModel):
    """`[<sync>.schedule]`: when a sync runs by itself (absent: manual runs only).

    Attributes:
        enabled: false keeps the schedule in the file but runs nothing.
        days: weekdays to run on.
        time: time of day, `HH:MM`, in the tenant's time zone (Europe/Oslo by default).
        start: the first day a scheduled run may happen. `hrsync schedule … --enable` sets it to
            the next day, so a newly enabled schedule first runs at the next day's slot, as
            AlexisHR's own integration does.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    days: Annotated[tuple[Weekday, ...], AfterValidator(_some_days)] = (
        "mon", "tue", "wed", "thu", "fri",
    )  # fmt: skip
    time: Annotated[str, AfterValidator(_time_of_day)] = "06:00"
    start: date | None = None

    @property
    def hour_minute(self) -> tuple[int, int]:
        """The slot as (hour, minute)."""
        hour, minute = self.time.split(":")
        return int(hour), int(minute)

    def cron(self) -> str:
        """`0 6 * * 1,2,3,4,5`: the slot as a cron expression (local time of the zone)."""
        hour, minute = self.hour_minute
        days = ",".join(str(_CRON_DAY[d]) for d in self.days)
        return f"{minute} {hour} * * {days}"

    def rrule(self) -> str:
        """The slot as an RFC 5545 rule starting on `start` (local time of the zone)."""
        hour, minute = self.hour_minute
        first = self.start or date(2000, 1, 1)
        days = ",".join(_RRULE_DAY[d] for d in self.days)
        return (
            f"DTSTART:{first:%Y%m%d}T{hour:02d}{minute:02d}00\n"
            f"RRULE:FREQ=WEEKLY;BYDAY={days};BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
        )

    def needs_start(self, today: date) -> bool:
        """True while the schedule may not run yet (its start lies ahead)."""
        return self.start is not None and self.start > today


def _divides_an_hour(minutes: int) -> int:
    if minutes < 1 or 60 % minutes:
        raise ValueError("must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)")
    return minutes


def _an_hour(hour: int) -> int:
    if not 0 <= hour <= 23:
        raise ValueError("must be an hour of the day, 0–23")
    return hour


class IncrementalSchedule(BaseModel):
    """`[employees.incremental]`: the frequent incremental sync beside the full reconcile.

    An incremental run reads payroll only for employees whose target changed since payroll
    last confirmed it; the full reconcile (`[employees.schedule]`) still runs on its own
    schedule to catch edits made by hand in payroll.

    Attributes:
        enabled: false keeps the schedule in the file but runs nothing.
        every_minutes: the interval; divides an hour, so runs fall on the same minutes each hour.
        days: weekdays to run on (workdays by default).
        first_hour: the first hour of the day with runs (tenant's zone).
        last_hour: the last hour of the day with runs (its runs included).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    every_minutes: Annotated[int, AfterValidator(_divides_an_hour)] = 15
    days: Annotated[tuple[Weekday, ...], AfterValidator(_some_days)] = (
        "mon", "tue", "wed", "thu", "fri",
    )  # fmt: skip
    first_hour: Annotated[int, AfterValidator(_an_hour)] = 0
    last_hour: Annotated[int, AfterValidator(_an_hour)] = 23

    @model_validator(mode="after")
    def _hours_in_order(self) -> IncrementalSchedule:
        if self.first_hour > self.last_hour:
            raise ValueError("first_hour must not be after last_hour")
        return self

    def cron(self) -> str:
        """`*/15 7-17 * * 1,2,3,4,5`: every interval within the hours (local time of the zone)."""
        minutes = "0" if self.every_minutes == 60 else f"*/{self.every_minutes}"
        hours = "*" if (self.first_hour, self.last_hour) == (0, 23) else (
            f"{self.first_hour}-{self.last_hour}"
        )  # fmt: skip
        days = ",".join(str(_CRON_DAY[d]) for d in self.days)
        return f"{minutes} {hours} * * {days}"
